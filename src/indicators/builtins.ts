/**
 * The built-in indicators over contracts that the expression language cannot express (type
 * `intégré` in the referential): pairs of A1.E1, anticipation, breakdowns, distinct directions,
 * ratios of sums, the bonified and compulsory advance, procedures allowing negotiation, the loi
 * Climat social check. Definitions: docs/methodologie.md.
 */
import type { Contract, Issue, Parameters, RegisterSource } from "../register/types";
import { addMonths, allowsNegotiation, fold } from "../register/values";
import { Acc, BreakdownAcc, CountAcc, Detail, Pred, PresentKey, RateAcc, sortedIds, SumRatioAcc, Tri, unknownReason, YearContext } from "./accumulators";
import { anyOf, avanceBonifiee, REALISED_KEYS, realisedOf } from "./considerations";
import type { IndicatorResult } from "./types";

const fmtEur = (n: number) => `${Math.round(n).toLocaleString("fr-FR").replace(/\u202f|\u00a0/g, " ")} € HT`;

/** anticipe(c) = Anticipé = oui, or dateCotation ≤ dateNotification − Anticipation cotation. */
function anticipe(c: Contract, p: Parameters, hasColumn: boolean): Tri {
  if (c.anticipe === true) return true;
  if (c.dateCotation && c.dateNotification && c.dateCotation.serial <= addMonths(c.dateNotification, -p.anticipationCotation).serial) return true;
  // A bad `Anticipé` cell (unknown) leaves the denominator; blank or "non" means not anticipated.
  return hasColumn && c.anticipe === null ? null : false;
}

/** A1.E1: over pairs (contract, targeted contract-level action), the share carried out. */
export class PairsAcc implements Acc {
  readonly id = "A1.E1";
  readonly needs: readonly PresentKey[] = ["actionsCiblees"];
  num = 0;
  den = 0;
  excluded = 0;
  notContractLevel = 0;
  readonly detail: Detail;
  private readonly measurable: Map<number, (c: Contract) => Tri>;
  constructor(present: ReadonlySet<string>, p: Parameters, detail: boolean) {
    this.measurable = realisedOf(present, p);
    this.detail = new Detail(detail);
  }
  add(c: Contract): void {
    if (!c.actionsCiblees) return;
    for (const n of c.actionsCiblees) {
      if (!(n in REALISED_KEYS)) {
        this.notContractLevel++;
        continue;
      }
      const realised = this.measurable.get(n);
      if (!realised) continue;
      const v = realised(c);
      // An unknown realisation leaves the pair out (docs/methodologie.md).
      if (v === null) {
        this.excluded++;
        if (this.detail.on) this.detail.excluded.push({ id: c.id, reason: `action ${n} : ${unknownReason(c, REALISED_KEYS[n])}` });
        continue;
      }
      this.den++;
      if (this.detail.on) {
        // One entry per pair: a contract targeted for two measurable actions appears twice.
        this.detail.denominator.push(c.id);
        if (v) this.detail.numerator.push(c.id);
      }
      if (v) this.num++;
    }
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.den === 0 ? null : this.num / this.den, numerator: this.num, denominator: this.den };
    if (this.excluded) r.excluded = this.excluded;
    if (this.den === 0) r.reason = `aucune action ciblée mesurable sur les contrats notifiés en ${ctx.year}`;
    const d = this.detail.rate();
    if (d) r.detail = d;
    return r;
  }
}

/** A9.E2: distinct directions among the contracts with an insertion clause. */
class DirectionsAcc implements Acc {
  readonly id = "A9.E2";
  readonly needs: readonly PresentKey[] = ["clauseInsertion", "direction"];
  private readonly seen = new Set<string>();
  private readonly folded = new Map<string, string>();
  readonly detail: Detail;
  constructor(detail: boolean) {
    this.detail = new Detail(detail);
  }
  add(c: Contract): void {
    if (c.clauseInsertion === true && c.direction) {
      let k = this.folded.get(c.direction);
      if (k === undefined) this.folded.set(c.direction, (k = fold(c.direction)));
      this.seen.add(k);
      if (this.detail.on) this.detail.counted.push(c.id);
    }
  }
  result(): Partial<IndicatorResult> {
    const d = this.detail.count();
    return d ? { value: this.seen.size, detail: d } : { value: this.seen.size };
  }
}

/**
 * A17.R1: the SPASER's disposition — a bonified advance for contracts below « Seuil avance
 * bonifiée » — among the contracts targeted for action 17. A targeted contract at or above the
 * threshold is outside the disposition: in neither term. A bonified advance at or above the
 * threshold (targeted or not) is kept to be listed as an `info` « avance bonifiée hors dispositif
 * du SPASER »; a targeted one also appears in the drill-down's `excluded`, with that reason.
 */
export class BonifiedAdvanceAcc implements Acc {
  readonly id = "A17.R1";
  readonly needs: readonly PresentKey[] = ["actionsCiblees", "tauxAvance", "montant"];
  private readonly rate: RateAcc;
  /** Contracts of the year with a bonified advance at or above the threshold. */
  readonly outside: Contract[] = [];
  constructor(
    private readonly p: Parameters,
    private readonly hasAvance: boolean,
    detail: boolean,
  ) {
    const targeted: Pred = (c) => (c.actionsCiblees === null ? null : c.actionsCiblees.includes(17));
    const population: Pred = (c) => {
      const t = targeted(c);
      if (t === false) return false;
      if (c.montant !== null && c.montant >= p.seuilAvanceBonifiee) return false;
      return t === null || c.montant === null ? null : true;
    };
    this.rate = new RateAcc(
      "A17.R1",
      this.needs,
      undefined,
      population,
      (c) => avanceBonifiee(c, p, hasAvance),
      ["actionsCiblees", "montant", "avance", "tauxAvance"],
      (ctx) => `aucun contrat notifié en ${ctx.year} ciblé pour l'action 17 et de moins de ${fmtEur(p.seuilAvanceBonifiee)}`,
      detail,
    );
  }
  add(c: Contract): void {
    this.rate.add(c);
    if (c.montant === null || c.montant < this.p.seuilAvanceBonifiee || avanceBonifiee(c, this.p, this.hasAvance) !== true) return;
    this.outside.push(c);
    if (this.rate.detail.on && c.actionsCiblees?.includes(17)) this.rate.detail.excluded.push({ id: c.id, reason: `avance bonifiée hors dispositif du SPASER (montant d'au moins ${fmtEur(this.p.seuilAvanceBonifiee)})` });
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    return this.rate.result(ctx);
  }
  /** One `info` per bonified advance outside the disposition, at the contract's row. */
  notes(source: RegisterSource, year: number): Issue[] {
    return this.outside.map((c) => ({
      severity: "info" as const,
      sheet: c.sheet,
      row: c.row,
      column: source.columns.montant ?? null,
      cell: null,
      message: `A17.R1 : avance bonifiée hors dispositif du SPASER — marché ${c.id} notifié en ${year} (${fmtEur(c.montant as number)}, au moins le « Seuil avance bonifiée » de ${fmtEur(this.p.seuilAvanceBonifiee)}) : compté ni au numérateur ni au dénominateur`,
    }));
  }
}

/**
 * A14.E2 and A16.E2 when the register names the holder: distinct enterprises (« Titulaire »
 * compared without case, accents or spacing), not contracts. A holder is TPE/PME when its contracts
 * of the year that answer say so; contradictory answers, like an unknown holder or size, leave its
 * contracts out (listed in `excluded` with the reason). The drill-down lists the contracts of the
 * holders counted.
 */
export class HoldersAcc implements Acc {
  readonly needs: readonly PresentKey[] = ["titulaireTpePme", "titulaire"];
  private readonly holders = new Map<string, { yes: string[]; no: string[] }>();
  private readonly unknown: { id: string; reason: string }[] = [];
  private readonly folded = new Map<string, string>();
  constructor(
    readonly id: "A14.E2" | "A16.E2",
    private readonly detail: boolean,
  ) {}
  add(c: Contract): void {
    if (c.titulaire === null || c.titulaireTpePme === null) {
      this.unknown.push({ id: c.id, reason: unknownReason(c, ["titulaire", "titulaireTpePme"]) });
      return;
    }
    let k = this.folded.get(c.titulaire);
    if (k === undefined) this.folded.set(c.titulaire, (k = fold(c.titulaire).replace(/[^a-z0-9]+/g, " ").trim()));
    let h = this.holders.get(k);
    if (!h) this.holders.set(k, (h = { yes: [], no: [] }));
    (c.titulaireTpePme ? h.yes : h.no).push(c.id);
  }
  result(ctx: YearContext): Partial<IndicatorResult> {
    let num = 0;
    let den = 0;
    const numIds: string[] = [];
    const denIds: string[] = [];
    const excluded = this.unknown.slice();
    for (const h of this.holders.values()) {
      if (h.yes.length && h.no.length) {
        for (const id of [...h.yes, ...h.no]) excluded.push({ id, reason: "« Titulaire TPE/PME » contradictoire entre les contrats de ce titulaire" });
        continue;
      }
      den++;
      if (h.yes.length) num++;
      if (this.detail) {
        denIds.push(...h.yes, ...h.no);
        numIds.push(...h.yes);
      }
    }
    const r: Partial<IndicatorResult> =
      this.id === "A16.E2"
        ? { value: num }
        : { value: den === 0 ? null : num / den, numerator: num, denominator: den, ...(den === 0 ? { reason: `aucun titulaire (TPE/PME renseigné) pour les contrats notifiés en ${ctx.year}` } : {}) };
    if (excluded.length) r.excluded = excluded.length;
    if (this.detail) {
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      r.detail =
        this.id === "A16.E2"
          ? { counted: sortedIds(numIds), excluded: excluded.sort(byId) }
          : { numerator: sortedIds(numIds), denominator: sortedIds(denIds), excluded: excluded.sort(byId) };
    }
    return r;
  }
}

/** A14.E2 and A16.E2 over distinct holders, when the register has a « Titulaire » column. */
export function holderAccumulators(present: ReadonlySet<string>, detail: boolean): Map<string, () => Acc> {
  const m = new Map<string, () => Acc>();
  if (!present.has("titulaire")) return m;
  m.set("A14.E2", () => new HoldersAcc("A14.E2", detail));
  m.set("A16.E2", () => new HoldersAcc("A16.E2", detail));
  return m;
}

/** C7.3: above the European threshold of its nature, no social execution consideration. */
function c73(p: Parameters, present: ReadonlySet<string>, detail: boolean): Acc {
  const launched: Pred = (c) => (c.dateLancement === null ? null : c.dateLancement.serial >= p.dateApplicationLoiClimat.serial);
  const social = (["clauseInsertion", "clauseSociale", "socialDecp"] as const).filter((k) => present.has(k));
  const hasNature = present.has("nature");
  const pred: Pred = (c) => {
    if (c.montant === null) return null;
    const works = c.nature === "Travaux";
    if (hasNature && c.nature === null && c.montant >= p.seuilEuropeenFournituresServices && c.montant < p.seuilEuropeenTravaux) return null;
    const threshold = works ? p.seuilEuropeenTravaux : p.seuilEuropeenFournituresServices;
    if (c.montant < threshold) return false;
    const v = anyOf(c, social);
    return v === null ? null : !v;
  };
  const acc = new CountAcc("C7.3", ["dateLancement", "montant"], [["clauseInsertion", "clauseSociale", "socialDecp"]], launched, pred, detail, true);
  return acc;
}

/** The `intégré` accumulators over the contracts of one year, by id. */
export function builtinAccumulators(p: Parameters, present: ReadonlySet<string>, detail: boolean, anticipeColumn: boolean): Map<string, () => Acc> {
  const hasAvance = present.has("avance");
  const m = new Map<string, () => Acc>();
  const eur = fmtEur;
  m.set("A1.E1", () => new PairsAcc(present, p, detail));
  m.set(
    "A2.R1",
    () =>
      new RateAcc("A2.R1", ["recurrent", "anticipe"], undefined, (c) => c.recurrent, (c) => anticipe(c, p, anticipeColumn), ["recurrent", "anticipe", "dateCotation"], (ctx) => `aucun contrat récurrent notifié en ${ctx.year}`, detail),
  );
  m.set("A8.E5", () => new BreakdownAcc("A8.E5", ["clauseInsertion", "nature"], (c) => c.clauseInsertion, (c) => c.nature, detail));
  m.set("A9.E2", () => new DirectionsAcc(detail));
  m.set(
    "A14.E1",
    () => new SumRatioAcc("A14.E1", ["offresTpePme", "offresRecues"], (c) => (c.offresTpePme === null || c.offresRecues === null ? null : [c.offresTpePme, c.offresRecues]), "aucun contrat dont le nombre d'offres et le nombre d'offres de TPE/PME sont connus", detail),
  );
  m.set("A17.R1", () => new BonifiedAdvanceAcc(p, hasAvance, detail));
  m.set(
    "A17.R2",
    () =>
      new RateAcc(
        "A17.R2",
        ["tauxAvance", "titulaireTpePme", "montant"],
        undefined,
        (c) => (c.titulaireTpePme === false ? false : c.titulaireTpePme === null || c.montant === null ? null : c.montant < p.seuilAvanceBonifiee),
        (c) => avanceBonifiee(c, p, hasAvance),
        ["titulaireTpePme", "montant", "avance", "tauxAvance"],
        (ctx) => `aucun marché de moins de ${eur(p.seuilAvanceBonifiee)} confié à une TPE/PME notifié en ${ctx.year}`,
        detail,
      ),
  );
  // A17.R3, an alert « à vérifier »: the holder may waive the advance (column « Renonciation à
  // l'avance »), and for a framework agreement the obligation is tested per order (art. R2191-3).
  const waived = present.has("renonciationAvance");
  m.set(
    "A17.R3",
    () =>
      new CountAcc(
        "A17.R3",
        ["dureeMois", "montant", "avance"],
        undefined,
        null,
        (c) => {
          if (c.dureeMois === null || c.montant === null) return null;
          if (!(c.dureeMois > p.dureeAvanceObligatoire && c.montant > p.seuilAvanceObligatoire)) return false;
          if (c.avance === null) return null;
          if (c.avance) return false;
          if (waived && c.renonciationAvance === true) return false;
          return waived && c.renonciationAvance === null ? null : true;
        },
        detail,
        true,
      ),
  );
  m.set(
    "A20.R1",
    () =>
      new RateAcc("A20.R1", ["negociation", "procedure"], undefined, (c) => (c.procedure === null ? null : allowsNegotiation(c.procedure)), (c) => c.negociation, ["procedure", "negociation"], (ctx) => `aucun contrat passé en MAPA, procédure avec négociation ou dialogue compétitif notifié en ${ctx.year}`, detail),
  );
  m.set(
    "A24.E1",
    () =>
      new SumRatioAcc("A24.E1", ["economieCirculaire", "montant"], (c) => (c.montant === null || c.economieCirculaire === null ? null : [c.economieCirculaire ? c.montant : 0, c.montant]), "aucun montant connu pour les contrats notifiés dans l'année", detail),
  );
  m.set("C7.3", () => c73(p, present, detail));
  return m;
}

/**
 * A16.E1: register rows with « Infructueux » = oui whose procedure date falls in the year. The
 * procedure date is the launch date when known, else the notification date, else the planned award
 * date: an unsuccessful procedure usually has no notification, so it is counted outside C.
 */
export function unsuccessfulProcedures(contracts: readonly Contract[], year: number, detail: boolean): Partial<IndicatorResult> {
  const ids: string[] = [];
  let n = 0;
  for (const c of contracts) {
    if (c.infructueux !== true) continue;
    const d = c.dateLancement ?? c.dateNotification ?? c.datePrevisionnelle;
    if (d === null || d.y !== year) continue;
    n++;
    if (detail) ids.push(c.id);
  }
  return detail ? { value: n, detail: { counted: ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) } } : { value: n };
}
