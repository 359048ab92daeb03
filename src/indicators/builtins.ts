/**
 * The built-in indicators over contracts that the expression language cannot express (type
 * `intégré` in the referential): pairs of A1.E1, anticipation, breakdowns, distinct directions,
 * ratios of sums, the bonified and compulsory advance, procedures allowing negotiation, the loi
 * Climat social check. Definitions: docs/methodologie.md.
 */
import type { Contract, Parameters } from "../register/types";
import { addMonths, allowsNegotiation, fold } from "../register/values";
import { Acc, BreakdownAcc, CountAcc, Detail, Pred, PresentKey, RateAcc, SumRatioAcc, Tri, unknownReason, YearContext } from "./accumulators";
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
  m.set(
    "A17.R1",
    () => new RateAcc("A17.R1", ["actionsCiblees", "tauxAvance"], undefined, (c) => (c.actionsCiblees === null ? null : c.actionsCiblees.includes(17)), (c) => avanceBonifiee(c, p, hasAvance), ["actionsCiblees", "avance", "tauxAvance"], (ctx) => `aucun contrat notifié en ${ctx.year} ciblé pour l'action 17`, detail),
  );
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
