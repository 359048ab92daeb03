/**
 * The few shapes every indicator computed over contracts takes — a rate, a count, a sum, a mean, a
 * ratio of sums, a breakdown — each fed one contract at a time during the engine's single pass over
 * a year, and each able to say which contracts it counted (the drill-down; docs/methodologie.md).
 * Definitions: docs/methodologie.md.
 */
import { REGISTER_COLUMN_BY_KEY, RegisterColumnKey } from "../register/columns";
import { isOwnKey, ownHeader } from "../register/own-columns";
import type { Contract, Issue, Parameters } from "../register/types";
import type { IndicatorDetail, IndicatorResult } from "./types";
import type { ValueScope } from "./consultations";

export type Tri = boolean | null;
export type Pred = (c: Contract) => Tri;

export interface YearContext {
  year: number;
  p: Parameters;
  /** Contracts notified in the year (of the entity chosen, if any). */
  count: number;
}

/** A column the register may have: one of §2.1, or the DECP social considerations (socialDecp). */
export type PresentKey = RegisterColumnKey | "socialDecp";

/** What an accumulator needs from the register, to say why it is n/a. */
export interface Needs {
  /** Register columns read, all required. */
  needs: readonly PresentKey[];
  /** Groups of columns of which at least one must be present (derived predicates). */
  needsAny?: readonly (readonly PresentKey[])[];
}

export interface Acc extends Needs {
  id: string;
  add(c: Contract): void;
  result(ctx: YearContext): Partial<IndicatorResult>;
  /**
   * Reads a column of a contract by key, when it reads the register's own columns (SPEC §8.1,
   * set by src/indicators/compile.ts): to name an unknown one, and the cell of a total out of range.
   */
  field?: Field | null;
}

/** A column of a contract by key. */
export type Field = (c: Contract, key: string) => unknown;

const byKey: Field = (c, key) => (c as unknown as Record<string, unknown>)[key];

/** A column's header: §2.1's as the template writes it, an own column's as the register writes it. */
export const colName = (key: string): string => (isOwnKey(key) ? ownHeader(key) : REGISTER_COLUMN_BY_KEY.get(key)?.header ?? key);

/**
 * Why a contract was left out: the columns read whose value is unknown for it
 * (« Montant HT » inconnu), or a general word when the unknown is deeper.
 */
export function unknownReason(c: Contract, keys: readonly string[], field: Field | null | undefined = byKey): string {
  const read = field ?? byKey;
  const unknown = keys.filter((k) => read(c, k) === null).map((k) => `« ${colName(k)} »`);
  if (unknown.length === 0) return "valeur inconnue";
  return `${unknown.join(", ")} ${unknown.length > 1 ? "inconnus" : "inconnu"}`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lists returned by sortedIds: sorted by construction (see isSortedIds). */
const SORTED = new WeakSet<readonly string[]>();

/**
 * Ids sorted as strings (docs/methodologie.md). A list already in order (a register kept in the
 * order of its numbers gives one) is only copied.
 */
export function sortedIds(ids: string[]): string[] {
  let inOrder = true;
  for (let i = 1; i < ids.length; i++)
    if (ids[i - 1] > ids[i]) {
      inOrder = false;
      break;
    }
  const out = inOrder ? ids.slice() : ids.slice().sort(byText);
  SORTED.add(out);
  return out;
}

/** Whether a list is one sortedIds returned (so sorted as strings), without reading it. */
export function isSortedIds(ids: readonly string[]): boolean {
  return SORTED.has(ids);
}

/** The n/a reason of a sum or ratio whose total is not a finite number (§2.6 "sums"). */
export const OUT_OF_RANGE = "montants hors limites";

/**
 * Watches a running total: remembers the contract of the largest value added, and when the total
 * stops being a finite number (1e308 + 1e308), that contract and the one that made it overflow.
 */
export class OverflowWatch {
  private largest: Contract | null = null;
  private largestAbs = -1;
  /** The contracts behind a total that is no longer finite, or null while every total is finite. */
  culprits: Contract[] | null = null;
  /** The indicator the total is for, when not the accumulator's own (T1.V for the amounts of T1). */
  indicator: string | null = null;
  /** Call after adding `v` (from `c`) to the totals; `finite` is whether they are all still finite. */
  added(c: Contract, v: number, finite: boolean): void {
    if (!finite && this.culprits === null) this.culprits = this.largest && this.largest !== c ? [this.largest, c] : [c];
    const abs = Math.abs(v);
    if (abs > this.largestAbs) {
      this.largestAbs = abs;
      this.largest = c;
    }
  }
}

/** The n/a result of an accumulator whose total overflowed. */
function outOfRange(): Partial<IndicatorResult> {
  return { value: null, numerator: null, denominator: null, reason: OUT_OF_RANGE };
}

/**
 * One `error` issue per register cell behind a total that is not finite, naming the indicators it
 * made n/a (§2.6 "sums"). The cell is the column read by the indicator that holds the largest
 * value of the contract.
 */
export function overflowIssues(accs: Iterable<Acc>, columns: Record<string, string>, year: number): Issue[] {
  const byCell = new Map<string, { c: Contract; key: string; ids: string[]; value: unknown }>();
  for (const acc of accs) {
    const culprits = (acc as { overflow?: OverflowWatch }).overflow?.culprits;
    if (!culprits) continue;
    const read = acc.field ?? byKey;
    for (const c of culprits) {
      let key = "montant";
      let best = -1;
      for (const k of ["montant", ...acc.needs]) {
        const v = read(c, k);
        if (typeof v === "number" && Math.abs(v) > best) {
          best = Math.abs(v);
          key = k;
        }
      }
      const at = `${c.sheet}\u0000${c.row}\u0000${key}`;
      let e = byCell.get(at);
      if (!e) byCell.set(at, (e = { c, key, ids: [], value: read(c, key) }));
      const id = (acc as { overflow?: OverflowWatch }).overflow?.indicator ?? acc.id;
      if (!e.ids.includes(id)) e.ids.push(id);
    }
  }
  return [...byCell.values()].map(({ c, key, ids, value: v }) => {
    const shown = typeof v === "number" ? ` (${v.toExponential(2).replace(".", ",")})` : "";
    const column = columns[key] ?? colName(key);
    return {
      severity: "error" as const,
      sheet: c.sheet,
      row: c.row,
      column,
      cell: null,
      message: `${c.sheet} ligne ${c.row}, colonne « ${column} », contrat ${c.id} : valeur trop grande${shown}, la somme de ${year} dépasse les limites du calcul : ${ids.join(", ")} non disponible${ids.length > 1 ? "s" : ""} (${OUT_OF_RANGE}) ; corrigez la valeur`,
    };
  });
}

/** Counts the contracts passing a filter per value of a key (unknown under « Non renseigné »). */
export class BreakdownAcc implements Acc {
  readonly b: Record<string, number> = {};
  n = 0;
  readonly detail: Detail;
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    private readonly filter: Pred,
    private readonly key: (c: Contract) => string | null,
    detail: boolean,
  ) {
    this.detail = new Detail(detail);
  }
  add(c: Contract): void {
    if (this.filter(c) !== true) return;
    const k = this.key(c) ?? NON_RENSEIGNE;
    this.b[k] = (this.b[k] ?? 0) + 1;
    this.n++;
    if (this.detail.on) this.detail.counted.push(c.id);
  }
  result(): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.n, breakdown: this.b };
    const d = this.detail.count();
    if (d) r.detail = d;
    return r;
  }
}

/** Collects the ids behind a figure, only when the drill-down is asked for. */
export class Detail {
  readonly numerator: string[] = [];
  readonly denominator: string[] = [];
  readonly counted: string[] = [];
  readonly excluded: { id: string; reason: string }[] = [];
  constructor(readonly on: boolean) {}
  rate(): IndicatorDetail | undefined {
    if (!this.on) return undefined;
    return {
      numerator: sortedIds(this.numerator),
      denominator: sortedIds(this.denominator),
      excluded: this.excluded.slice().sort((a, b) => byText(a.id, b.id)),
    };
  }
  count(): IndicatorDetail | undefined {
    if (!this.on) return undefined;
    return this.excluded.length ? { counted: sortedIds(this.counted), excluded: this.excluded.slice().sort((a, b) => byText(a.id, b.id)) } : { counted: sortedIds(this.counted) };
  }
}

/** The n/a reason of a rate, saying how many contracts were left out for an unknown value. */
function emptyReason(empty: string, excluded: number): string {
  return excluded ? `${empty} dont la valeur est connue (${excluded} écarté${excluded > 1 ? "s" : ""} faute de valeur connue)` : empty;
}

/** Amounts behind a rate: the same rate weighted by « Montant HT » (T1.V … T6.V). */
export interface RateAmounts {
  num: number;
  den: number;
  detail: Detail;
}

/**
 * rate(P | S): among the contracts of the population S, the share for which P holds. A contract
 * whose population or predicate is unknown leaves the figure and is counted in `excluded`.
 */
export class RateAcc implements Acc {
  num = 0;
  den = 0;
  excluded = 0;
  readonly detail: Detail;
  /** Tracked when the rate is also wanted in value (T1–T6). */
  amounts: RateAmounts | null = null;
  readonly overflow = new OverflowWatch();
  /** Value sums count a contract once: subsequent contracts covered by their agreement are left out of the amounts. */
  scope: ValueScope | null = null;
  field: Field | null = null;
  private readonly scoped = new ScopeNotes();
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    readonly needsAny: readonly (readonly PresentKey[])[] | undefined,
    private readonly population: Pred | null,
    private readonly predicate: Pred,
    /** Columns read by the population and the predicate, to name the unknown one. */
    private readonly reads: readonly string[],
    private readonly empty: (ctx: YearContext) => string,
    detail: boolean,
    withAmounts = false,
  ) {
    this.detail = new Detail(detail);
    if (withAmounts) {
      this.amounts = { num: 0, den: 0, detail: new Detail(detail) };
      this.overflow.indicator = `${id}.V`;
    }
  }
  add(c: Contract): void {
    if (this.population !== null) {
      const inS = this.population(c);
      if (inS === false) return;
      if (inS === null) return this.leaveOut(c);
    }
    const v = this.predicate(c);
    if (v === null) return this.leaveOut(c);
    this.den++;
    if (v) this.num++;
    const d = this.detail;
    if (d.on) {
      d.denominator.push(c.id);
      if (v) d.numerator.push(c.id);
    }
    const a = this.amounts;
    if (a) {
      if (this.scope && this.scope.any && !this.inScope(c, a.detail)) return;
      if (c.montant === null) {
        if (a.detail.on) a.detail.excluded.push({ id: c.id, reason: "« Montant HT » inconnu" });
        return;
      }
      a.den += c.montant;
      if (v) a.num += c.montant;
      this.overflow.added(c, c.montant, Number.isFinite(a.den));
      if (a.detail.on) {
        a.detail.denominator.push(c.id);
        if (v) a.detail.numerator.push(c.id);
      }
    }
  }
  private inScope(c: Contract, d: Detail): boolean {
    return this.scoped.check(this.scope as ValueScope, c, d);
  }
  private leaveOut(c: Contract): void {
    this.excluded++;
    if (this.detail.on) this.detail.excluded.push({ id: c.id, reason: unknownReason(c, this.reads, this.field) });
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.den === 0 ? null : this.num / this.den, numerator: this.num, denominator: this.den };
    if (this.excluded) r.excluded = this.excluded;
    if (this.den === 0) r.reason = emptyReason(this.empty(ctx), this.excluded);
    const d = this.detail.rate();
    if (d) r.detail = d;
    return r;
  }
  /** The same rate in value: Σ montant of the numerator / Σ montant of the denominator. */
  valueResult(ctx: YearContext): Partial<IndicatorResult> {
    const a = this.amounts as RateAmounts;
    if (this.overflow.culprits) return outOfRange();
    const r: Partial<IndicatorResult> = { value: a.den === 0 ? null : a.num / a.den, numerator: a.num, denominator: a.den };
    if (a.den === 0) r.reason = this.den === 0 ? emptyReason(this.empty(ctx), this.excluded) : "aucun montant connu pour les contrats du dénominateur";
    this.scoped.annotate(r);
    const d = a.detail.rate();
    if (d) {
      // Contracts left out of the count are left out of the value too.
      d.excluded = [...(d.excluded ?? []), ...(this.detail.rate()?.excluded ?? [])].sort((x, y) => byText(x.id, y.id));
      r.detail = d;
    }
    return r;
  }
}

/**
 * Counts the contracts of a population for which a predicate holds. A contract whose membership
 * or predicate is unknown is left out and counted in `excluded`. Alerts keep their ids always
 * (they are listed on the dashboards).
 */
export class CountAcc implements Acc {
  n = 0;
  excluded = 0;
  readonly detail: Detail;
  private readonly ids: string[] | null;
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    readonly needsAny: readonly (readonly PresentKey[])[] | undefined,
    private readonly population: Pred | null,
    private readonly predicate: Pred,
    detail: boolean,
    keepIds = false,
  ) {
    this.detail = new Detail(detail);
    this.ids = keepIds ? [] : null;
  }
  add(c: Contract): void {
    if (this.population !== null) {
      const inS = this.population(c);
      if (inS === false) return;
      if (inS === null) {
        this.excluded++;
        return;
      }
    }
    const v = this.predicate(c);
    if (v === null) this.excluded++;
    else if (v) {
      this.n++;
      if (this.detail.on) this.detail.counted.push(c.id);
      if (this.ids) this.ids.push(c.id);
    }
  }
  result(): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.n };
    if (this.ids) r.ids = sortedIds(this.ids);
    if (this.excluded) r.excluded = this.excluded;
    const d = this.detail.count();
    if (d) r.detail = d;
    return r;
  }
}

/**
 * Sums a value over the contracts of a population that pass a filter and have the value known;
 * `finish` turns the total and the number of values into the result (a sum or a mean).
 */
export class SumAcc implements Acc {
  total = 0;
  n = 0;
  /** Contracts whose filter (population and condition) is unknown: left out and counted. */
  excluded = 0;
  readonly detail: Detail;
  readonly overflow = new OverflowWatch();
  /** Set on a sum (not a mean): subsequent contracts covered by their agreement are left out. */
  scope: ValueScope | null = null;
  field: Field | null = null;
  private readonly scoped = new ScopeNotes();
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    readonly needsAny: readonly (readonly PresentKey[])[] | undefined,
    private readonly filter: Pred | null,
    private readonly value: (c: Contract) => number | null,
    private readonly finish: (total: number, n: number, ctx: YearContext) => Partial<IndicatorResult>,
    detail: boolean,
  ) {
    this.detail = new Detail(detail);
  }
  add(c: Contract): void {
    if (this.filter !== null) {
      const f = this.filter(c);
      if (f !== true) {
        if (f === null) this.excluded++;
        return;
      }
    }
    if (this.scope && this.scope.any && !this.scoped.check(this.scope, c, this.detail)) return;
    const v = this.value(c);
    if (v === null) return;
    this.total += v;
    this.n++;
    this.overflow.added(c, v, Number.isFinite(this.total));
    if (this.detail.on) this.detail.counted.push(c.id);
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    const r = this.overflow.culprits ? outOfRange() : this.finish(this.total, this.n, ctx);
    if (this.excluded) r.excluded = this.excluded;
    this.scoped.annotate(r);
    const d = this.detail.count();
    if (d) r.detail = d;
    return r;
  }
}

/** Σ over known values; n/a when no value is known. */
export function sumFinish(empty: (ctx: YearContext) => string) {
  return (total: number, n: number, ctx: YearContext): Partial<IndicatorResult> => (n === 0 ? { value: null, reason: empty(ctx) } : { value: total });
}

/** Average over the contracts whose value is known; n/a when none. */
export function meanFinish(empty: (ctx: YearContext) => string) {
  return (total: number, n: number, ctx: YearContext): Partial<IndicatorResult> =>
    n === 0 ? { value: null, numerator: 0, denominator: 0, reason: empty(ctx) } : { value: total / n, numerator: total, denominator: n };
}

/** Σ a / Σ b over the contracts where both are known (A14.E1, A24.E1). */
export class SumRatioAcc implements Acc {
  a = 0;
  b = 0;
  n = 0;
  readonly detail: Detail;
  readonly overflow = new OverflowWatch();
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    private readonly part: (c: Contract) => [number, number] | null,
    private readonly empty: string,
    detail: boolean,
  ) {
    this.detail = new Detail(detail);
  }
  /** Set on a ratio of amounts (A24.E1): subsequent contracts covered by their agreement are left out. */
  scope: ValueScope | null = null;
  private readonly scoped = new ScopeNotes();
  add(c: Contract): void {
    if (this.scope && this.scope.any && !this.scoped.check(this.scope, c, this.detail)) return;
    const v = this.part(c);
    if (!v) return;
    this.a += v[0];
    this.b += v[1];
    this.n++;
    this.overflow.added(c, Math.max(Math.abs(v[0]), Math.abs(v[1])), Number.isFinite(this.a) && Number.isFinite(this.b));
    if (this.detail.on) this.detail.counted.push(c.id);
  }
  result(): Partial<IndicatorResult> {
    if (this.overflow.culprits) {
      const o = outOfRange();
      const d = this.detail.count();
      if (d) o.detail = d;
      return o;
    }
    const r: Partial<IndicatorResult> = { value: this.b === 0 ? null : this.a / this.b, numerator: this.a, denominator: this.b };
    if (this.b === 0) r.reason = this.n === 0 ? this.empty : "dénominateur nul";
    this.scoped.annotate(r);
    const d = this.detail.count();
    if (d) r.detail = d;
    return r;
  }
}

/**
 * Value sums count a contract once (docs/methodologie.md): a subsequent contract whose framework
 * agreement is in the register is left out (counted on its agreement); one whose agreement is not
 * counts, and the figure says so.
 */
export class ScopeNotes {
  covered = 0;
  readonly orphans: string[] = [];
  /** Whether the contract counts in value; notes it when it does not, or when it counts without its agreement. */
  check(scope: ValueScope, c: Contract, d: Detail): boolean {
    const parent = scope.coveredBy(c);
    if (parent !== null) {
      this.covered++;
      if (d.on) d.excluded.push({ id: c.id, reason: `marché subséquent compté sur son accord-cadre « ${parent} »` });
      return false;
    }
    if (scope.orphan(c) && this.orphans.length < 10_000) this.orphans.push(c.id);
    return true;
  }
  annotate(r: Partial<IndicatorResult>): void {
    const parts: string[] = [];
    if (this.covered) parts.push(`${this.covered} marché${this.covered > 1 ? "s" : ""} subséquent${this.covered > 1 ? "s" : ""} compté${this.covered > 1 ? "s" : ""} sur ${this.covered > 1 ? "leur" : "son"} accord-cadre (non additionné${this.covered > 1 ? "s" : ""})`);
    const n = this.orphans.length;
    if (n) {
      const ids = sortedIds(this.orphans);
      parts.push(`${n} marché${n > 1 ? "s" : ""} subséquent${n > 1 ? "s" : ""} compté${n > 1 ? "s" : ""} sans ${n > 1 ? "leur" : "son"} accord-cadre, absent du registre : ${ids.slice(0, 10).join(", ")}${n > 10 ? "…" : ""}`);
    }
    if (parts.length) r.comment = [r.comment, ...parts].filter(Boolean).join(" ; ");
  }
}

export const NON_RENSEIGNE = "Non renseigné";

/**
 * A share in value (type « part en valeur », docs/methodologie.md): Σ Valeur of the contracts of
 * the population that meet the condition / Σ Valeur of the population. A contract whose
 * population, condition or value is unknown leaves both terms and is counted in `excluded`.
 */
export class ValueShareAcc implements Acc {
  num = 0;
  den = 0;
  excluded = 0;
  readonly detail: Detail;
  readonly overflow = new OverflowWatch();
  field: Field | null = null;
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    readonly needsAny: readonly (readonly PresentKey[])[] | undefined,
    private readonly population: Pred | null,
    private readonly condition: Pred,
    private readonly value: (c: Contract) => number | null,
    private readonly reads: readonly string[],
    private readonly empty: (ctx: YearContext) => string,
    detail: boolean,
  ) {
    this.detail = new Detail(detail);
  }
  add(c: Contract): void {
    const inPop = this.population ? this.population(c) : true;
    if (inPop === false) return;
    const v = this.value(c);
    const met = inPop === null ? null : this.condition(c);
    if (inPop === null || v === null || met === null) {
      this.excluded++;
      if (this.detail.on) this.detail.excluded.push({ id: c.id, reason: unknownReason(c, this.reads, this.field) });
      return;
    }
    this.den += v;
    if (met) this.num += v;
    this.overflow.added(c, v, Number.isFinite(this.den));
    if (this.detail.on) {
      this.detail.denominator.push(c.id);
      if (met) this.detail.numerator.push(c.id);
    }
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    if (this.overflow.culprits) return outOfRange();
    const r: Partial<IndicatorResult> = { value: this.den === 0 ? null : this.num / this.den, numerator: this.num, denominator: this.den };
    if (this.den === 0) r.reason = emptyReason(this.empty(ctx), this.excluded);
    if (this.excluded) r.excluded = this.excluded;
    const d = this.detail.rate();
    if (d) r.detail = d;
    return r;
  }
}
