/**
 * The indicator engine: (register, parameters, year) -> every indicator of the referential in use
 * (docs/methodologie.md). Pure: no I/O. One pass over the contracts of each year feeds every
 * accumulator at once. Definitions: docs/methodologie.md.
 */
import { normalizeHeader } from "../register/columns";
import { valueColumn } from "../register/own-columns";
import { defaultParameters } from "../register/parameters";
import type { Contract, Issue, Parameters, Register } from "../register/types";
import { formatDate } from "../register/values";
import { Acc, colName, overflowIssues, PresentKey, RateAcc, SumAcc, SumRatioAcc, YearContext } from "./accumulators";
import { activityIndicators, insertionIndicators } from "./activities";
import { BonifiedAdvanceAcc, builtinAccumulators, holderAccumulators, PairsAcc, splittingGroups, splittingResult, unsuccessfulProcedures } from "./builtins";
import { Consultations, groupConsultations, valueScope, ValueScope } from "./consultations";
import { compileDefinition } from "./compile";
import { referentialInUse, ReferentialUse, IndicatorSpec } from "./referential-in-use";
import { isBuiltinDefinition } from "../spaser/definitions";
import { labelWithColumns } from "../spaser/referential";
import type { EntityTargets, IndicatorResult, Results, SplitGroup, Status } from "./types";

export { envConsiderationOf, socialConsiderationOf, REALISED_KEYS } from "./considerations";
export { NON_RENSEIGNE } from "./accumulators";

export interface EngineOptions {
  /** Reporting year; default: the latest year with notified contracts, not after next year. */
  year?: number;
  /** Today's date, for the default year (default: the clock). */
  today?: Date;
  /** Deployment step (1 or 2); default: `Étape en cours` of Paramètres. */
  etape?: 1 | 2;
  /** Compute the drill-down: the contracts behind every figure (docs/methodologie.md). */
  detail?: boolean;
  /** Restrict every figure to one buyer of a joint SPASER (docs/methodologie.md), compared like headers. */
  entity?: string;
}

/** An entity asked for that the register does not hold. */
export class EntityNotFoundError extends Error {
  constructor(asked: string, found: string[]) {
    super(
      found.length
        ? `entité « ${asked} » introuvable dans le registre : entités trouvées ${found.map((f) => `« ${f} »`).join(", ")}`
        : `entité « ${asked} » introuvable : le registre n'a pas de colonne « Entité » (ou « Acheteur ») renseignée`,
    );
    this.name = "EntityNotFoundError";
  }
}

const TARGETS = ["T1", "T2", "T3", "T4", "T5", "T6"] as const;
/** Indicators about procedures: computed over consultations, not lots (docs/methodologie.md). */
const PROCEDURE_IDS: ReadonlySet<string> = new Set(["A14.R2", "A14.E1", "A15.E1", "A15.E2", "C7.1", "C7.2", "C7.3"]);
/** The loi Climat alerts: consultations in progress count too, under the year of their launch. */
const CLIMAT_IDS: ReadonlySet<string> = new Set(["C7.1", "C7.2", "C7.3"]);
/** Ratios of amounts that count a contract once, besides every `somme` and T1.V–T6.V. */
const VALUE_RATIOS: ReadonlySet<string> = new Set(["A24.E1"]);
/** T1–T6 per buyer are given up to this many buyers (a joint SPASER has a few; a national DECP file thousands). */
export const MAX_ENTITIES = 12;
const VALUE_OF: Record<string, string> = { "T1.V": "T1", "T2.V": "T2", "T3.V": "T3", "T4.V": "T4", "T5.V": "T5", "T6.V": "T6" };
/** Columns of the insertion and social provisions that a DECP export does not tell apart. */
const DECP_BLIND: ReadonlySet<PresentKey> = new Set<PresentKey>(["clauseInsertion", "critereInsertion", "clauseSociale", "critereSocial"]);

/** Years that have notified contracts, ascending. */
export function registerYears(reg: Pick<Register, "contracts">, contracts: readonly Contract[] = reg.contracts): number[] {
  const ys = new Set<number>();
  for (const c of contracts) if (c.dateNotification) ys.add(c.dateNotification.y);
  return [...ys].sort((a, b) => a - b);
}

/**
 * The latest year with notified contracts that is not after next year (SPEC §2.6: a stray far date
 * never becomes the year of the boards), or null.
 */
export function defaultYear(reg: Pick<Register, "contracts">, today: Date = new Date(), contracts: readonly Contract[] = reg.contracts): number | null {
  const ys = registerYears(reg, contracts).filter((y) => y <= today.getFullYear() + 1);
  return ys.length ? ys[ys.length - 1] : null;
}

/** Normalised entity names, computed once per distinct spelling (a register repeats a few). */
function entityKeys(): (raw: string) => string {
  const cache = new Map<string, string>();
  return (raw) => {
    let k = cache.get(raw);
    if (k === undefined) cache.set(raw, (k = normalizeHeader(raw)));
    return k;
  };
}

/** The buyers of the register, as first written, keyed by their normalised name. */
export function registerEntities(contracts: readonly Contract[]): Map<string, string> {
  const out = new Map<string, string>();
  const key = entityKeys();
  for (const c of contracts) {
    if (!c.entite) continue;
    const k = key(c.entite);
    if (k && !out.has(k)) out.set(k, c.entite);
  }
  return out;
}

/** The contracts of each buyer (normalised name → contracts), in one pass. */
function byEntity(contracts: readonly Contract[]): Map<string, Contract[]> {
  const out = new Map<string, Contract[]>();
  const key = entityKeys();
  for (const c of contracts) {
    if (!c.entite) continue;
    const k = key(c.entite);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(c);
  }
  return out;
}

/** Why an indicator reading these columns is n/a, or null when they are all there. */
export function missingColumns(
  needs: readonly PresentKey[],
  needsAny: readonly (readonly PresentKey[])[] | undefined,
  present: ReadonlySet<string>,
  /** Absent columns for which a header within a typo was found (RegisterSource.nearHeaders). */
  near: Readonly<Record<string, string>> = {},
): string | null {
  const found = (k: string) => (near[k] ? ` (une colonne « ${near[k]} » a été trouvée)` : "");
  const m = needs.filter((k) => !present.has(k));
  const parts: string[] = [];
  // A DECP export says « Clause sociale » without telling insertion from other social clauses.
  const blind = m.filter((k) => DECP_BLIND.has(k));
  if (blind.length && present.has("socialDecp")) {
    parts.push(`les données DECP ne distinguent pas l'insertion des autres clauses sociales : ajoutez la colonne ${blind.map((k) => `« ${colName(k)} »`).join(", ")}`);
  }
  const rest = blind.length && present.has("socialDecp") ? m.filter((k) => !DECP_BLIND.has(k)) : m;
  if (rest.length) {
    const names = rest.map((k) => (k === "anticipe" ? "Anticipé » ou « Date de cotation" : colName(k)));
    if (rest.length === 1) parts.push(`colonne « ${names[0]} » absente du registre${found(rest[0])}`);
    else parts.push(`colonnes ${names.map((n, i) => `« ${n} »${found(rest[i])}`).join(", ")} absentes du registre`);
  }
  for (const g of needsAny ?? []) {
    if (!g.some((k) => present.has(k))) parts.push(`aucune des colonnes ${g.filter((k) => k !== "socialDecp").map((k) => `« ${colName(k)} »${found(k)}`).join(", ")} dans le registre`);
  }
  return parts.length ? parts.join(" ; ") : null;
}

function statusOf(value: number | null, target: number): Status {
  if (value === null) return "Non renseigné";
  return value >= target - 1e-12 ? "Atteint" : "En cours";
}

interface Prepared {
  reg: Register;
  ref: ReferentialUse;
  /** Accumulator factories by id (expressions compiled once), or the reason an id cannot be computed. */
  factories: Map<string, (() => Acc) | string>;
  detail: boolean;
  /** Ids of the sums (type `somme`): a contract counts once in value. */
  sums: ReadonlySet<string>;
  scope: ValueScope;
  /** The lots of the consultations of several lots (set once the consultations are grouped). */
  lots: Map<string, Contract[]>;
  /** The register's own columns each indicator reads (SPEC §8.1), by id. */
  own: Record<string, string[]>;
}

/** The consultations of one year: notified in it, and in progress launched in it. */
interface YearConsultations {
  notified: readonly Contract[];
  inProgress: readonly Contract[];
}

function yearConsultations(cons: Consultations | null, year: number): YearConsultations | undefined {
  return cons ? { notified: cons.notified.get(year) ?? [], inProgress: cons.inProgress.get(year) ?? [] } : undefined;
}

/**
 * The referential compiled for a register, with and without drill-down: a register is read once per
 * workbook change and never modified after, so its referential is compiled once, whatever the number
 * of years, buyers and cells (=SPASER.TAUX(8; 2024), the series, the per-buyer targets) computed on it.
 */
const compiled = new WeakMap<Register, { detail?: Prepared; light?: Prepared }>();

function preparedFor(reg: Register, detail: boolean): Prepared {
  let c = compiled.get(reg);
  if (!c) compiled.set(reg, (c = {}));
  const key = detail ? "detail" : "light";
  let pr = c[key];
  if (!pr) {
    const other = c[detail ? "light" : "detail"];
    pr = c[key] = prepare(reg, detail, other?.scope);
  }
  // The lots of the consultations depend on the contracts computed (one buyer or all): set per computation.
  pr.lots.clear();
  return pr;
}

function prepare(reg: Register, detail: boolean, scope: ValueScope = valueScope(reg.contracts)): Prepared {
  const p = reg.parameters;
  const ref = referentialInUse(p, reg.referentiel, defaultParameters(), reg.plan ?? null);
  const ctx = { present: reg.present, parameters: p, detail, own: reg.ownColumns ?? null };
  const lots = new Map<string, Contract[]>();
  const builtins = builtinAccumulators(p, reg.present, detail, reg.source.columns.anticipe !== undefined, (id) => lots.get(id));
  // With a « Titulaire » column, A14.E2 and A16.E2 (unless the workbook redefines them) count holders.
  const holders = holderAccumulators(reg.present, detail);
  const factories = new Map<string, (() => Acc) | string>();
  const sums = new Set<string>();
  const own: Record<string, string[]> = {};
  for (const s of ref.specs) {
    const id = s.def.id;
    s.def = { ...s.def, label: labelWithColumns(id, s.def.label, reg.present) };
    if (s.invalid) {
      factories.set(id, s.invalid);
      continue;
    }
    const d = s.definition;
    if (!d) continue;
    if (d.type === "intégré") {
      const make = builtins.get(id);
      if (make) factories.set(id, make);
      continue;
    }
    const h = holders.get(id);
    if (h && isBuiltinDefinition(d, p)) {
      factories.set(id, h);
      continue;
    }
    // An added sum or mean of an own column of percentages is a percentage (SPEC §8.1).
    if (s.def.custom && s.def.unit === "number" && (d.type === "somme" || d.type === "moyenne") && reg.ownColumns) {
      const o = valueColumn(d.valeur, reg.ownColumns);
      if (o && typeof o !== "string" && o.kind === "percent") s.def = { ...s.def, unit: "percent" };
    }
    const c = compileDefinition(d, ctx, { alert: !!s.def.alert });
    factories.set(id, c.ok ? c.make : c.reason);
    if (c.ok && c.own.length) own[id] = c.own;
    if (d.type === "somme") sums.add(id);
  }
  return { reg, ref, factories, detail, sums, scope, lots, own };
}

/**
 * The register columns present for the figures of one year. When the register has no « Actions
 * ciblées » column and the CAD's decisions are its only targeting (SPEC §9), the years before the
 * earliest renewal they apply to read the column as absent: adding decisions never moves them.
 */
function presentInYear(reg: Register, year: number): ReadonlySet<string> {
  const from = reg.decisions?.targetingFromYear ?? null;
  if (from === null || year >= from || !reg.present.has("actionsCiblees")) return reg.present;
  const s = new Set(reg.present);
  s.delete("actionsCiblees");
  return s;
}

/** The contract-level indicators of one year: one pass over that year's contracts. */
function contractPass(pr: Prepared, year: number, contracts: readonly Contract[], only?: ReadonlySet<string>, cons?: YearConsultations): { values: Record<string, Partial<IndicatorResult>>; accs: Map<string, Acc> } {
  const values: Record<string, Partial<IndicatorResult>> = {};
  const accs = new Map<string, Acc>();
  const present = presentInYear(pr.reg, year);
  for (const [id, f] of pr.factories) {
    if (only && !only.has(id)) continue;
    if (typeof f === "string") {
      values[id] = { value: null, reason: f };
      continue;
    }
    const acc = f();
    const missing = missingColumns(acc.needs, acc.needsAny, present, pr.reg.source.nearHeaders);
    if (missing) values[id] = { value: null, reason: missing };
    else accs.set(id, acc);
    // A contract counts once in value: subsequent contracts covered by their agreement are left out.
    if (acc instanceof RateAcc && acc.amounts) acc.scope = pr.scope;
    else if ((acc instanceof SumAcc && pr.sums.has(id)) || (acc instanceof SumRatioAcc && VALUE_RATIOS.has(id))) acc.scope = pr.scope;
  }
  const active: Acc[] = [];
  const perConsultation: Acc[] = [];
  const climat: Acc[] = [];
  for (const [id, acc] of accs) {
    if (!cons || !PROCEDURE_IDS.has(id)) active.push(acc);
    else if (CLIMAT_IDS.has(id)) climat.push(acc);
    else perConsultation.push(acc);
  }
  const n = active.length;
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    for (let j = 0; j < n; j++) active[j].add(c);
  }
  if (cons) {
    for (const c of cons.notified) {
      for (const a of perConsultation) a.add(c);
      for (const a of climat) a.add(c);
    }
    for (const c of cons.inProgress) for (const a of climat) a.add(c);
  }
  const ctx: YearContext = { year, p: pr.reg.parameters, count: contracts.length };
  for (const [id, acc] of accs) {
    values[id] = acc.result(ctx);
    if (contracts.length === 0 && values[id].value === null) values[id].reason = `aucun contrat notifié en ${year}`;
  }
  return { values, accs };
}

/** T1.V … T6.V: the targets weighted by amount, from the accumulators of T1 … T6. */
function valueTargets(pr: Prepared, year: number, values: Record<string, Partial<IndicatorResult>>, accs: Map<string, Acc>): void {
  const ctx: YearContext = { year, p: pr.reg.parameters, count: 0 };
  for (const [vid, tid] of Object.entries(VALUE_OF)) {
    if (!pr.ref.byId.has(vid)) continue;
    const acc = accs.get(tid);
    if (!pr.reg.present.has("montant")) values[vid] = { value: null, reason: "colonne « Montant HT » absente du registre" };
    else if (acc instanceof RateAcc && acc.amounts) values[vid] = acc.valueResult(ctx);
    else values[vid] = { value: null, reason: values[tid]?.value === null && values[tid]?.reason ? values[tid].reason : `${tid} n'est pas un taux : pas de valeur pondérée par les montants` };
  }
}

function manualValue(reg: Register, id: string, year: number): { value: number | string | null; comment?: string } | null {
  let found: { value: number | string | null; comment?: string } | null = null;
  for (const m of reg.manualInputs) if (m.indicator === id && m.annee === year) found = { value: m.valeur, ...(m.commentaire ? { comment: m.commentaire } : {}) };
  return found;
}

function finish(spec: IndicatorSpec, values: Record<string, Partial<IndicatorResult>>, reg: Register, year: number): IndicatorResult {
  const def = spec.def;
  const base = {
    id: def.id,
    label: def.label,
    unit: def.unit,
    kind: def.kind,
    action: def.action,
    ...(def.alert ? { alert: true } : {}),
    ...(def.custom ? { custom: true } : {}),
  };
  if (def.manual && !spec.invalid) {
    const m = manualValue(reg, def.id, year);
    return m && m.value !== null
      ? { ...base, value: m.value, source: "Saisies", ...(m.comment ? { comment: m.comment } : {}) }
      : { ...base, value: null, reason: `non renseigné : à saisir dans la feuille « Saisies » (indicateur ${def.id}, année ${year})` };
  }
  const v = spec.invalid ? { value: null, reason: spec.invalid } : values[def.sameAs ?? def.id] ?? { value: null, reason: "non calculé" };
  const r: IndicatorResult = { ...base, value: null, ...v } as IndicatorResult;
  if (r.value === null && def.kind === "effet" && !spec.invalid) {
    // An effect indicator the register cannot give may be typed in `Saisies`.
    const m = manualValue(reg, def.id, year);
    if (m && m.value !== null) return { ...base, value: m.value, source: "Saisies", ...(m.comment ? { comment: m.comment } : {}) };
  }
  if (def.sameAs) r.comment = `même mesure que ${def.sameAs}`;
  if (r.value === null && !r.reason) r.reason = "non disponible";
  return r;
}

/** The indicators that a series needs: those worded as "évolution", and those they repeat. */
function evolutionIds(ref: ReferentialUse): Set<string> {
  const ids = new Set<string>();
  for (const s of ref.specs) if (s.def.evolution) {
    ids.add(s.def.id);
    if (s.def.sameAs) ids.add(s.def.sameAs);
  }
  return ids;
}

/** Every figure of one year for the given contracts (those of one entity, or all). */
function computeYear(pr: Prepared, year: number, all: readonly Contract[], ofYear: readonly Contract[], etape: 1 | 2, cons: YearConsultations | undefined, split: SplitGroup[] | string): { indicators: Record<string, IndicatorResult>; notes: Issue[] } {
  const reg = pr.reg;
  const { values, accs } = contractPass(pr, year, ofYear, undefined, cons);
  periodPasses(pr, year, all, etape, values);
  values["C7.4"] = typeof split === "string" ? { value: null, reason: split } : splittingResult(split, year, pr.detail);
  valueTargets(pr, year, values, accs);
  Object.assign(values, activityIndicators(reg.activities, reg.activitiesSource, year, pr.detail), insertionIndicators(reg, year, ofYear as Contract[], pr.detail));
  values["A3.R1"] = { value: 1 };
  if (reg.present.has("infructueux")) values["A16.E1"] = unsuccessfulProcedures(all, year, pr.detail);
  else values["A16.E1"] = { value: null, reason: "colonne « Infructueux » absente du registre" };

  const indicators: Record<string, IndicatorResult> = {};
  for (const s of pr.ref.specs) {
    if (s.def.id === "A3.E1" || s.def.sameAs === "A3.E1") continue;
    indicators[s.def.id] = finish(s, values, reg, year);
  }
  // Targets and statuses: T1–T6 from Paramètres (or the Référentiel sheet), and any indicator the sheet gives targets to.
  for (const s of pr.ref.specs) {
    if (!s.targets) continue;
    const r = indicators[s.def.id];
    if (!r) continue;
    const t = s.targets[etape - 1];
    r.targets = [s.targets[0], s.targets[1]];
    if (t === null) continue;
    r.target = t;
    r.status = statusOf(typeof r.value === "number" ? r.value : null, t);
  }
  // A3.E1: targets reached among T1–T6 that have a value.
  let reached = 0;
  let withValue = 0;
  for (const t of TARGETS) {
    const r = indicators[t];
    if (!r || r.value === null || r.status === undefined) continue;
    withValue++;
    if (r.status === "Atteint") reached++;
  }
  values["A3.E1"] = withValue === 0 ? { value: null, numerator: 0, denominator: 0, reason: "aucune des cibles T1 à T6 n'a de valeur" } : { value: reached / withValue, numerator: reached, denominator: withValue };
  for (const s of pr.ref.specs) if (s.def.id === "A3.E1" || s.def.sameAs === "A3.E1") indicators[s.def.id] = finish(s, values, reg, year);
  // Keep the referential's order.
  const ordered: Record<string, IndicatorResult> = {};
  for (const s of pr.ref.specs) if (!s.hidden) ordered[s.def.id] = indicators[s.def.id];

  const notes: Issue[] = [];
  const a1 = accs.get("A1.E1");
  if (a1 instanceof PairsAcc && a1.notContractLevel > 0) {
    const n = a1.notContractLevel;
    notes.push({
      severity: "info",
      sheet: reg.source.sheet,
      row: null,
      column: reg.source.columns.actionsCiblees ?? null,
      cell: null,
      message: `A1.E1 : ${n} couple${n > 1 ? "s" : ""} (contrat, action) de ${year} écarté${n > 1 ? "s" : ""} car l'action ciblée ne se mesure pas au niveau du contrat (actions 1 à 7, 9, 15, 16)`,
    });
  }
  notes.push(...overflowIssues(accs.values(), reg.source.columns, year));
  const a17 = accs.get("A17.R1");
  if (a17 instanceof BonifiedAdvanceAcc) notes.push(...a17.notes(reg.source, year));
  return { indicators: ordered, notes };
}

/**
 * Indicators over several years (column « Période » of the Référentiel: `étape`, `N ans`): one more
 * pass, over the contracts notified in their years, for the indicators sharing those years.
 */
function periodPasses(pr: Prepared, year: number, all: readonly Contract[], etape: 1 | 2, values: Record<string, Partial<IndicatorResult>>): void {
  const groups = new Map<string, { from: number; to: number; text: string; ids: Set<string> }>();
  for (const s of pr.ref.specs) {
    const per = s.definition?.periode;
    if (!per || !pr.factories.has(s.def.id)) continue;
    let from: number;
    let to = year;
    let text: string;
    if (per.kind === "ans") {
      from = year - per.n + 1;
      text = `cumul des ${per.n} années ${from}–${year}`;
    } else {
      const [a, b] = pr.reg.parameters.anneesEtape[etape - 1];
      if (year < a || year > b) {
        values[s.def.id] = { value: null, reason: `${year} n'est pas une année de l'étape ${etape} (${a}–${b}, paramètre « Années étape ${etape} ») : l'indicateur cumule les années de l'étape en cours` };
        continue;
      }
      from = a;
      to = year;
      text = `cumul de l'étape ${etape}, ${from}–${to}`;
    }
    const key = `${from}-${to}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { from, to, text, ids: new Set() }));
    g.ids.add(s.def.id);
  }
  for (const g of groups.values()) {
    const contracts = all.filter((c) => c.dateNotification !== null && c.dateNotification.y >= g.from && c.dateNotification.y <= g.to);
    const { values: v } = contractPass(pr, year, contracts, g.ids);
    for (const id of g.ids) {
      const r = v[id];
      if (!r) continue;
      if (contracts.length === 0 && r.value === null) r.reason = `aucun contrat notifié de ${g.from} à ${g.to}`;
      r.comment = [r.comment, `${g.text} (contrats notifiés de ${g.from} à ${g.to})`].filter(Boolean).join(" ; ");
      values[id] = r;
    }
  }
}

/** The columns C7.4 reads; the reason it is n/a when one is absent. */
function splittingOf(reg: Register, contracts: readonly Contract[]): SplitGroup[] | string {
  const missing = missingColumns(["montant", "procedure", "entite", "dateNotification"], [["famille", "cpv"]], reg.present);
  return missing ?? splittingGroups(contracts, reg.parameters);
}

function splittingIndex(split: SplitGroup[] | string): Results["splitting"] {
  const groups = typeof split === "string" ? [] : split;
  const byContract: Record<string, number> = {};
  groups.forEach((g, i) => g.ids.forEach((id) => (byContract[id] = i)));
  return { groups, byContract };
}

function groupByYear(contracts: readonly Contract[]): Map<number, Contract[]> {
  const byYear = new Map<number, Contract[]>();
  for (const c of contracts) {
    if (!c.dateNotification) continue;
    const y = c.dateNotification.y;
    let list = byYear.get(y);
    if (!list) byYear.set(y, (list = []));
    list.push(c);
  }
  return byYear;
}

/** Restricts the register to one entity (docs/methodologie.md); throws EntityNotFoundError with the ones found. */
export function contractsOfEntity(reg: Register, entity: string): { name: string; contracts: Contract[] } {
  const found = registerEntities(reg.contracts);
  const key = normalizeHeader(entity);
  const name = found.get(key);
  if (!name) throw new EntityNotFoundError(entity, [...found.values()]);
  return { name, contracts: byEntity(reg.contracts).get(key) ?? [] };
}

/**
 * Computes every indicator for the year (default: latest year with notified contracts), with a
 * series over every year of the register for the indicators worded as "évolution".
 */
export function computeIndicators(reg: Register, options: EngineOptions = {}): Results {
  const detail = !!options.detail;
  const pr = preparedFor(reg, detail);
  let contracts: readonly Contract[] = reg.contracts;
  let entity: string | undefined;
  if (options.entity !== undefined) {
    const e = contractsOfEntity(reg, options.entity);
    contracts = e.contracts;
    entity = e.name;
  }
  const years = registerYears(reg, contracts);
  const today = options.today ?? new Date();
  const year = options.year ?? defaultYear(reg, today, contracts) ?? today.getFullYear();
  const etape = options.etape ?? reg.parameters.etape;
  const byYear = groupByYear(contracts);
  const ofYear = byYear.get(year) ?? [];
  const cons = groupConsultations(contracts);
  for (const [k, v] of cons.lots) pr.lots.set(k, v);
  const split = splittingOf(reg, contracts);
  const main = computeYear(pr, year, contracts, ofYear, etape, yearConsultations(cons, year), split);
  const info = pr.ref.info;
  if (info.plan && info.notComputed) {
    const n = info.notComputed;
    main.notes.push({
      severity: "info",
      sheet: info.plan.sheet,
      row: null,
      column: null,
      cell: null,
      message: `plan du classeur (feuille « ${info.plan.sheet} », ${info.plan.actions} action${info.plan.actions > 1 ? "s" : ""}) : ${n} indicateur${n > 1 ? "s" : ""} intégré${n > 1 ? "s" : ""} du SPASER de la collectivité ne ${n > 1 ? "sont" : "est"} pas calculé${n > 1 ? "s" : ""} ; seuls T1 à T6 et les indicateurs de la feuille « Référentiel » le sont`,
    });
  }

  // The series and the per-buyer targets need no drill-down: compiled once without it.
  let lightPrepared: Prepared | null = detail ? null : pr;
  const light = (): Prepared => {
    if (lightPrepared) return lightPrepared;
    lightPrepared = preparedFor(reg, false);
    for (const [k, v] of cons.lots) lightPrepared.lots.set(k, v);
    return lightPrepared;
  };

  // Series of the "évolution" indicators over every year of the register.
  const evo = evolutionIds(pr.ref);
  if (evo.size) {
    const perYear = new Map<number, Record<string, Partial<IndicatorResult>>>();
    for (const y of years) {
      if (y === year) continue;
      const { values } = contractPass(light(), y, byYear.get(y) ?? [], evo, yearConsultations(cons, y));
      if (evo.has("A16.E1")) values["A16.E1"] = reg.present.has("infructueux") ? unsuccessfulProcedures(contracts, y, false) : { value: null };
      const out: Record<string, Partial<IndicatorResult>> = {};
      for (const s of light().ref.specs) if (evo.has(s.def.id) || (s.def.evolution && s.def.sameAs)) out[s.def.id] = finish(s, values, reg, y);
      perYear.set(y, out);
    }
    for (const s of pr.ref.specs) {
      if (!s.def.evolution || s.hidden) continue;
      const series: Record<string, number | string | null> = {};
      for (const y of years) series[String(y)] = y === year ? main.indicators[s.def.id].value : perYear.get(y)?.[s.def.id]?.value ?? null;
      main.indicators[s.def.id].series = series;
    }
  }

  // T1–T6 per buyer, when the register holds several and no buyer was chosen.
  let entities: EntityTargets[] | undefined;
  if (entity === undefined) {
    const found = registerEntities(reg.contracts);
    if (found.size > MAX_ENTITIES) {
      main.notes.push({
        severity: "info",
        sheet: reg.source.sheet,
        row: null,
        column: reg.source.columns.entite ?? null,
        cell: null,
        message: `${found.size} acheteurs différents dans le registre : les cibles par entité ne sont détaillées que jusqu'à ${MAX_ENTITIES} acheteurs (choisissez-en un avec --entity)`,
      });
    } else if (found.size >= 2) {
      const targetsOnly = new Set<string>(TARGETS);
      const groups = byEntity(ofYear);
      entities = [...found.entries()].map(([k, name]) => {
        const list = groups.get(k) ?? [];
        const { values } = contractPass(light(), year, list, targetsOnly);
        const indicators: Record<string, IndicatorResult> = {};
        for (const t of TARGETS) {
          const s = light().ref.byId.get(t);
          if (!s) continue;
          const r = finish(s, values, reg, year);
          const target = s.targets?.[etape - 1] ?? null;
          if (target !== null) {
            r.target = target;
            r.status = statusOf(typeof r.value === "number" ? r.value : null, target);
          }
          indicators[t] = r;
        }
        return { name, contractsInYear: list.length, indicators };
      });
    }
  }

  const p: Parameters = reg.parameters;
  return {
    year,
    years,
    etape,
    parameters: p,
    register: reg.source,
    contractsInYear: ofYear.length,
    indicators: main.indicators,
    definitions: pr.ref.specs.filter((s) => !s.hidden).map((s) => s.def),
    plan: pr.ref.plan,
    referential: pr.ref.info,
    ...(Object.keys(pr.own).length ? { ownColumns: pr.own } : {}),
    ...(entity !== undefined ? { entity } : {}),
    ...(entities ? { entities } : {}),
    notes: main.notes,
    splitting: splittingIndex(split),
    alerts: {
      avanceObligatoire: main.indicators["A17.R3"]?.ids ?? [],
      insertionSansClause: reg.present.has("montant") && reg.present.has("clauseInsertion") ? ofYear.filter((c) => c.montant !== null && c.montant > p.seuilClauseInsertion && c.clauseInsertion === false).map((c) => c.id) : [],
      revisionSansClause: reg.present.has("dureeMois") && reg.present.has("revisionPrix") ? ofYear.filter((c) => c.dureeMois !== null && c.dureeMois > p.dureeRevisionPrix && c.revisionPrix === false).map((c) => c.id) : [],
    },
    detail,
  };
}

export { formatDate };
