/**
 * The built-in indicators over contracts that the expression language cannot express (type
 * `intégré` in the referential): pairs of A1.E1, anticipation, breakdowns, distinct directions,
 * ratios of sums, the bonified and compulsory advance, procedures allowing negotiation, the loi
 * Climat social check. Definitions: docs/methodologie.md.
 */
import type { Contract, Issue, Parameters, RegisterSource } from "../register/types";
import { addMonths, allowsNegotiation, compact, fold } from "../register/values";
import { Acc, BreakdownAcc, CountAcc, Detail, Pred, PresentKey, RateAcc, sortedIds, SumRatioAcc, Tri, unknownReason, YearContext } from "./accumulators";
import { anyOf, avanceBonifiee, REALISED_KEYS, realisedOf } from "./considerations";
import type { IndicatorResult, SplitGroup } from "./types";

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

/** Environmental execution clauses of any kind: envConsideration without its award criterion (C7.2). */
export const ENV_EXECUTION_KEYS = ["clauseEnvironnementale", "clauseSobriete", "clauseDonneesImpact", "clauseLimitationImpact", "compensationCarbone", "economieCirculaire"] as const;
/** Social execution considerations (C7.3). */
const SOCIAL_EXECUTION_KEYS = ["clauseInsertion", "clauseSociale", "socialDecp"] as const;

export const EN_COURS = "en cours : encore corrigeable";

/** A concession (Type de contrat or Nature), tested against its own European threshold. */
export function isConcession(c: Contract): boolean {
  return c.typeContrat === "concession" || c.nature === "Concession";
}

/**
 * C7.1–C7.3 (docs/methodologie.md): over the consultations launched on or after the application
 * date of the loi Climat — notified in the year, or not notified yet and launched in the year (« en
 * cours ») — those the check flags, the exclusions of the law set aside with their reason.
 */
export class ClimatAcc implements Acc {
  n = 0;
  excluded = 0;
  private readonly ids: string[] = [];
  private readonly inProgress: string[] = [];
  private readonly exclusions: { id: string; reason: string }[] = [];
  private readonly unknown: { id: string; reason: string }[] = [];
  private readonly lots: Record<string, string[]> = {};
  constructor(
    readonly id: string,
    readonly needs: readonly PresentKey[],
    readonly needsAny: readonly (readonly PresentKey[])[] | undefined,
    private readonly p: Parameters,
    /** Why the law does not apply to this consultation, or null. */
    private readonly exception: (c: Contract) => string | null,
    /** true: alert; null: a value it needs is unknown. */
    private readonly check: (c: Contract) => Tri,
    private readonly reads: readonly string[],
    /** The lots of a consultation of several (to list them). */
    private readonly lotsOf: (id: string) => readonly Contract[] | undefined,
    private readonly detail: boolean,
  ) {}
  add(c: Contract): void {
    if (c.dateLancement === null) {
      this.excluded++;
      this.unknown.push({ id: c.id, reason: "« Date de lancement » inconnue" });
      return;
    }
    if (c.dateLancement.serial < this.p.dateApplicationLoiClimat.serial) return;
    const why = this.exception(c);
    if (why !== null) {
      this.exclusions.push({ id: c.id, reason: why });
      return;
    }
    const v = this.check(c);
    if (v === null) {
      this.excluded++;
      this.unknown.push({ id: c.id, reason: unknownReason(c, this.reads) });
      return;
    }
    if (!v) return;
    this.n++;
    this.ids.push(c.id);
    if (c.dateNotification === null) this.inProgress.push(c.id);
    const lots = this.lotsOf(c.id);
    if (lots) this.lots[c.id] = lots.map((l) => l.id).sort(byText);
  }
  result(): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.n, ids: sortedIds(this.ids) };
    if (this.inProgress.length) r.inProgress = sortedIds(this.inProgress);
    if (this.exclusions.length) r.exclusions = this.exclusions.slice().sort((a, b) => byText(a.id, b.id));
    if (Object.keys(this.lots).length) r.lots = this.lots;
    if (this.excluded) r.excluded = this.excluded;
    if (this.detail) r.detail = { counted: sortedIds(this.ids), excluded: [...this.exclusions, ...this.unknown].sort((a, b) => byText(a.id, b.id)) };
    return r;
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The exclusions of the law common to C7.1–C7.3: defence or security, a declared exception. */
function lawExclusion(c: Contract): string | null {
  if (c.defense === true) return "marché de défense ou de sécurité";
  if (c.motifExceptionClimat !== null) return `exception déclarée : ${c.motifExceptionClimat}`;
  return null;
}

/** The three loi Climat alerts over consultations (docs/methodologie.md). */
function climatAccumulators(p: Parameters, present: ReadonlySet<string>, detail: boolean, lotsOf: (id: string) => readonly Contract[] | undefined): Map<string, () => Acc> {
  const m = new Map<string, () => Acc>();
  m.set(
    "C7.1",
    () =>
      new ClimatAcc(
        "C7.1",
        ["dateLancement", "critereEnvironnemental"],
        undefined,
        p,
        (c) => {
          const law = lawExclusion(c);
          if (law) return law;
          if (c.procedure === "SANS") return "sans mise en concurrence : pas de critère d'attribution";
          if (c.critereUniqueCout === true) return "critère unique du coût intégrant les caractéristiques environnementales (art. R2152-7 1°)";
          return null;
        },
        (c) => (c.critereEnvironnemental === null ? null : !c.critereEnvironnemental),
        ["critereEnvironnemental"],
        lotsOf,
        detail,
      ),
  );
  const exec = ENV_EXECUTION_KEYS.filter((k) => present.has(k));
  m.set(
    "C7.2",
    () =>
      new ClimatAcc("C7.2", ["dateLancement"], [ENV_EXECUTION_KEYS], p, lawExclusion, (c) => {
        const v = anyOf(c, exec);
        return v === null ? null : !v;
      }, exec, lotsOf, detail),
  );
  const social = SOCIAL_EXECUTION_KEYS.filter((k) => present.has(k));
  const hasNature = present.has("nature");
  m.set(
    "C7.3",
    () =>
      new ClimatAcc(
        "C7.3",
        ["dateLancement"],
        [["montant", "valeurEstimee"], SOCIAL_EXECUTION_KEYS],
        p,
        lawExclusion,
        (c) => {
          // The consultation's amount is its estimated value of the need.
          if (c.montant === null) return null;
          let threshold: number;
          if (isConcession(c)) threshold = p.seuilEuropeenConcessions;
          else if (c.nature === "Travaux") threshold = p.seuilEuropeenTravaux;
          else if (hasNature && c.nature === null && c.montant >= p.seuilEuropeenFournituresServices && c.montant < p.seuilEuropeenTravaux) return null;
          else threshold = p.seuilEuropeenFournituresServices;
          if (c.montant < threshold) return false;
          const v = anyOf(c, social);
          return v === null ? null : !v;
        },
        ["montant", "nature", ...social],
        lotsOf,
        detail,
      ),
  );
  return m;
}

/**
 * C7.4 (docs/methodologie.md): groups (entité, famille d'achat — else the CPV's first 5 digits —,
 * year of notification), works and concessions excluded, of contracts passed without formal
 * procedure (adaptée or sans mise en concurrence), each below the European supplies and services
 * threshold, whose amounts add up to at least that threshold.
 */
export function splittingGroups(contracts: readonly Contract[], p: Parameters): SplitGroup[] {
  type Group = { entite: string; famille: string; annee: number; total: number; ids: string[] };
  // Groups by entity, family and year (their texts compacted), in the order first met.
  const byKey = new Map<string, Map<string, Map<number, Group>>>();
  const groups: Group[] = [];
  const threshold = p.seuilEuropeenFournituresServices;
  // A register writes the same few entities, families and CPV codes on many rows: each text read once.
  const compacted = new Map<string, string>();
  const compactOf = (s: string) => {
    let k = compacted.get(s);
    if (k === undefined) compacted.set(s, (k = compact(s)));
    return k;
  };
  const families = new Map<string, string | null>();
  const familyOfCpv = (cpv: string) => {
    let f = families.get(cpv);
    if (f === undefined) {
      const cpv5 = cpv.replace(/[^0-9]/g, "").slice(0, 5);
      families.set(cpv, (f = cpv5.length === 5 ? `CPV ${cpv5}` : null));
    }
    return f;
  };
  for (const c of contracts) {
    if (c.dateNotification === null || c.montant === null || c.entite === null || c.procedure === null) continue;
    if (c.procedure !== "MAPA" && c.procedure !== "SANS") continue;
    if (c.nature === "Travaux" || isConcession(c) || c.montant >= threshold) continue;
    const famille = c.famille ?? (c.cpv ? familyOfCpv(c.cpv) : null);
    if (famille === null) continue;
    const entite = compactOf(c.entite);
    const family = compactOf(famille);
    const year = c.dateNotification.y;
    let byFamily = byKey.get(entite);
    if (!byFamily) byKey.set(entite, (byFamily = new Map()));
    let byYear = byFamily.get(family);
    if (!byYear) byFamily.set(family, (byYear = new Map()));
    let g = byYear.get(year);
    if (!g) {
      byYear.set(year, (g = { entite: c.entite, famille, annee: year, total: 0, ids: [] }));
      groups.push(g);
    }
    g.total += c.montant;
    g.ids.push(c.id);
  }
  const out: SplitGroup[] = [];
  for (const g of groups) if (g.ids.length >= 2 && g.total >= threshold) out.push({ ...g, ids: g.ids.sort(byText) });
  return out.sort((a, b) => a.annee - b.annee || byText(a.entite, b.entite) || byText(a.famille, b.famille));
}

/** C7.4 of one year, from the groups of the register (computed once). */
export function splittingResult(groups: readonly SplitGroup[], year: number, detail: boolean): Partial<IndicatorResult> {
  const of = groups.filter((g) => g.annee === year);
  const ids = sortedIds(of.flatMap((g) => g.ids));
  const r: Partial<IndicatorResult> = { value: of.length, ids, groups: of.map((g) => ({ ...g, ids: [...g.ids] })) };
  if (detail) r.detail = { counted: ids };
  return r;
}

/** The `intégré` accumulators over the contracts of one year, by id. */
export function builtinAccumulators(p: Parameters, present: ReadonlySet<string>, detail: boolean, anticipeColumn: boolean, lotsOf: (id: string) => readonly Contract[] | undefined = () => undefined): Map<string, () => Acc> {
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
  for (const [id, make] of climatAccumulators(p, present, detail, lotsOf)) m.set(id, make);
  return m;
}

/**
 * A16.E1: unsuccessful procedures whose procedure date falls in the year, counted per consultation
 * (docs/methodologie.md): a consultation is unsuccessful when every lot says « Infructueux » = oui.
 * The procedure date is the launch date when known, else the notification date, else the planned
 * award date (earliest of its lots): an unsuccessful procedure usually has no notification, so it is
 * counted outside C. Ids: the N° consultation, or the N° marché of a contract without one.
 */
export function unsuccessfulProcedures(contracts: readonly Contract[], year: number, detail: boolean): Partial<IndicatorResult> {
  const ids: string[] = [];
  let n = 0;
  const dateOf = (c: Contract) => c.dateLancement ?? c.dateNotification ?? c.datePrevisionnelle;
  // Consultations with an unsuccessful lot: all their lots are needed.
  const keys = new Set<string>();
  for (const c of contracts) {
    if (c.infructueux !== true) continue;
    if (c.consultation !== null) {
      keys.add(c.consultation);
      continue;
    }
    const d = dateOf(c);
    if (d === null || d.y !== year) continue;
    n++;
    if (detail) ids.push(c.id);
  }
  if (keys.size) {
    const groups = new Map<string, Contract[]>();
    for (const c of contracts) {
      if (c.consultation === null || !keys.has(c.consultation)) continue;
      let g = groups.get(c.consultation);
      if (!g) groups.set(c.consultation, (g = []));
      g.push(c);
    }
    for (const [k, lots] of groups) {
      if (!lots.every((l) => l.infructueux === true)) continue;
      let launch = null;
      let notif = null;
      let planned = null;
      for (const l of lots) {
        if (l.dateLancement && (!launch || l.dateLancement.serial < launch.serial)) launch = l.dateLancement;
        if (l.dateNotification && (!notif || l.dateNotification.serial < notif.serial)) notif = l.dateNotification;
        if (l.datePrevisionnelle && (!planned || l.datePrevisionnelle.serial < planned.serial)) planned = l.datePrevisionnelle;
      }
      const d = launch ?? notif ?? planned;
      if (d === null || d.y !== year) continue;
      n++;
      if (detail) ids.push(k);
    }
  }
  return detail ? { value: n, detail: { counted: sortedIds(ids) } } : { value: n };
}
