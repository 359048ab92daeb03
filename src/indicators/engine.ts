/**
 * The indicator engine: (register, parameters, year) -> every indicator of SPEC §3 and §4.
 * Pure: no I/O. One pass over the contracts of each year feeds every accumulator at once.
 */
import { REGISTER_COLUMN_BY_KEY } from "../register/columns";
import type { Activity, Contract, InsertionRow, Issue, Parameters, Register } from "../register/types";
import { addMonths, allowsNegotiation, fold, formatDate, isFormalisee } from "../register/values";
import { IndicatorDef, INDICATORS, TARGET_IDS } from "../spaser/referential";
import type { IndicatorResult, Results, Status } from "./types";

type Tri = boolean | null;

export interface EngineOptions {
  /** Reporting year; default: the latest year with notified contracts. */
  year?: number;
  /** Deployment step (1 or 2); default: `Étape en cours` of Paramètres. */
  etape?: 1 | 2;
}

const fmtEur = (n: number) => `${Math.round(n).toLocaleString("fr-FR").replace(/\u202f|\u00a0/g, " ")} € HT`;
const colName = (key: string) => REGISTER_COLUMN_BY_KEY.get(key)?.header ?? key;

/** Three-valued OR over the fields present in the register: true if any is true, null if unknown. */
function anyOf(c: Contract, keys: readonly (keyof Contract)[]): Tri {
  let unknown = false;
  for (const k of keys) {
    const v = c[k];
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

const ENV_KEYS = ["critereEnvironnemental", "clauseEnvironnementale", "clauseSobriete", "clauseDonneesImpact", "clauseLimitationImpact", "compensationCarbone", "economieCirculaire"] as const;
const SOCIAL_KEYS = ["clauseInsertion", "critereInsertion", "reserve", "clauseSociale", "critereSocial", "commerceEquitable"] as const;

/** realised(c, n): the register fields that carry out action n on a contract. */
export const REALISED_KEYS: Readonly<Record<number, readonly string[]>> = {
  8: ["clauseInsertion"],
  10: ["critereInsertion"],
  11: ["reserve"],
  12: ["clauseSociale"],
  13: ["commerceEquitable"],
  14: ["alloti"],
  17: ["tauxAvance"],
  18: ["questionnementBesoin"],
  19: ["clausesEquilibrees"],
  20: ["negociation"],
  21: ["evaluation"],
  22: ["clauseSobriete", "acv"],
  23: ["amoDD"],
  24: ["critereEnvironnemental", "clauseEnvironnementale"],
  25: ["clauseDonneesImpact", "clauseLimitationImpact"],
  26: ["compensationCarbone"],
};

// ------------------------------------------------------------------ accumulators

interface Acc {
  id: string;
  /** Register columns read (all required). */
  needs: readonly string[];
  /** At least one of these is required (envConsideration, socialConsideration). */
  needsAny?: readonly string[];
  add(c: Contract): void;
  result(ctx: YearContext): Partial<IndicatorResult>;
}

interface YearContext {
  year: number;
  p: Parameters;
  count: number;
}

type Pred = (c: Contract) => Tri;

/** Counts a predicate over a population: yes, no, or unknown (left out of the denominator). */
class Tally {
  num = 0;
  den = 0;
  excluded = 0;
  count(v: Tri): void {
    if (v === null) this.excluded++;
    else {
      this.den++;
      if (v) this.num++;
    }
  }
  /** The ratio, n/a with `reason` when the denominator is empty. */
  result(reason: () => string): Partial<IndicatorResult> {
    const r: Partial<IndicatorResult> = { value: this.den === 0 ? null : this.num / this.den, numerator: this.num, denominator: this.den };
    if (this.excluded) r.excluded = this.excluded;
    if (this.den === 0) r.reason = reason();
    return r;
  }
}

/** rate(P | S): share of the contracts of S (filter true) for which P holds. */
function rate(id: string, needs: string[], filter: Pred, pred: Pred, empty: (ctx: YearContext) => string, needsAny?: readonly string[]): Acc {
  const t = new Tally();
  return {
    id,
    needs,
    needsAny,
    add(c) {
      if (filter(c) === true) t.count(pred(c));
    },
    result: (ctx) =>
      t.result(() => (t.excluded ? `${empty(ctx)} dont la valeur est connue (${t.excluded} sans valeur écarté${t.excluded > 1 ? "s" : ""})` : empty(ctx))),
  };
}

function sumRatio(id: string, needs: string[], part: (c: Contract) => [number, number] | null, empty: string): Acc {
  let a = 0;
  let b = 0;
  let n = 0;
  return {
    id,
    needs,
    add(c) {
      const v = part(c);
      if (!v) return;
      a += v[0];
      b += v[1];
      n++;
    },
    result() {
      return { value: b === 0 ? null : a / b, numerator: a, denominator: b, ...(b === 0 ? { reason: n === 0 ? empty : "dénominateur nul" } : {}) };
    },
  };
}

/** Sums a value over the contracts that pass the filter and have it known; `finish` makes the result. */
function summing(
  id: string,
  needs: string[],
  filter: Pred,
  value: (c: Contract) => number | null,
  finish: (total: number, n: number, ctx: YearContext) => Partial<IndicatorResult>,
): Acc {
  let total = 0;
  let n = 0;
  return {
    id,
    needs,
    add(c) {
      if (filter(c) !== true) return;
      const v = value(c);
      if (v === null) return;
      total += v;
      n++;
    },
    result: (ctx) => finish(total, n, ctx),
  };
}

/** Average over contracts where the value is known; n/a when none. */
function mean(id: string, needs: string[], filter: Pred, value: (c: Contract) => number | null, empty: (ctx: YearContext) => string): Acc {
  return summing(id, needs, filter, value, (total, n, ctx) =>
    n === 0 ? { value: null, numerator: 0, denominator: 0, reason: empty(ctx) } : { value: total / n, numerator: total, denominator: n },
  );
}

/** Σ over known values; n/a when no value is known. */
function sum(id: string, needs: string[], filter: Pred, value: (c: Contract) => number | null, empty: (ctx: YearContext) => string): Acc {
  return summing(id, needs, filter, value, (total, n, ctx) => (n === 0 ? { value: null, reason: empty(ctx) } : { value: total }));
}

function count(id: string, needs: string[], pred: Pred, keepIds = false): Acc {
  let n = 0;
  const ids: string[] = [];
  return {
    id,
    needs,
    add(c) {
      if (pred(c) === true) {
        n++;
        if (keepIds) ids.push(c.id);
      }
    },
    result() {
      return keepIds ? { value: n, ids } : { value: n };
    },
  };
}

function breakdown(id: string, needs: string[], filter: Pred, key: (c: Contract) => string | null): Acc {
  const b: Record<string, number> = {};
  let n = 0;
  return {
    id,
    needs,
    add(c) {
      if (filter(c) !== true) return;
      const k = key(c) ?? NON_RENSEIGNE;
      b[k] = (b[k] ?? 0) + 1;
      n++;
    },
    result() {
      return { value: n, breakdown: b };
    },
  };
}

export const NON_RENSEIGNE = "Non renseigné";

// ------------------------------------------------------------------ the contract indicators

const all: Pred = () => true;
const f = (v: boolean | null): Tri => v;
const cibPred = (n: number): Pred => (c) => (c.actionsCiblees === null ? null : c.actionsCiblees.includes(n));
const cibEmpty = (n: number) => (ctx: YearContext) => `aucun contrat notifié en ${ctx.year} ciblé pour l'action ${n}`;
const cEmpty = (ctx: YearContext) => `aucun contrat notifié en ${ctx.year}`;
const cib = (id: string, n: number, field: keyof Contract) => rate(id, ["actionsCiblees", field], cibPred(n), (c) => f(c[field] as Tri), cibEmpty(n));

function avanceBonifiee(c: Contract, p: Parameters): Tri {
  return c.tauxAvance === null ? null : c.tauxAvance >= p.tauxAvanceBonifiee - 1e-9;
}

/** anticipe(c) = Anticipé = oui, or dateCotation ≤ dateNotification − Anticipation cotation. */
function anticipe(c: Contract, p: Parameters, hasColumn: boolean): Tri {
  if (c.anticipe === true) return true;
  if (c.dateCotation && c.dateNotification && c.dateCotation.serial <= addMonths(c.dateNotification, -p.anticipationCotation).serial) return true;
  // A bad `Anticipé` cell (unknown) leaves the denominator; blank or "non" means not anticipated.
  return hasColumn && c.anticipe === null ? null : false;
}

/** envConsideration(c) over the columns present (the key list is computed once per register). */
export function envConsiderationOf(present: ReadonlySet<string>): (c: Contract) => Tri {
  const keys = ENV_KEYS.filter((k) => present.has(k));
  return (c) => anyOf(c, keys);
}

/** socialConsideration(c) over the columns present. */
export function socialConsiderationOf(present: ReadonlySet<string>): (c: Contract) => Tri {
  const keys = SOCIAL_KEYS.filter((k) => present.has(k));
  return (c) => anyOf(c, keys);
}

/** realised(c, n) for each contract-level action, over the columns present. */
function realisedOf(present: ReadonlySet<string>, p: Parameters): Map<number, (c: Contract) => Tri> {
  const out = new Map<number, (c: Contract) => Tri>();
  for (const n of Object.keys(REALISED_KEYS).map(Number)) {
    const keys = REALISED_KEYS[n].filter((k) => present.has(k)) as (keyof Contract)[];
    if (keys.length === 0) continue;
    out.set(n, n === 17 ? (c) => avanceBonifiee(c, p) : (c) => anyOf(c, keys));
  }
  return out;
}

function contractAccumulators(p: Parameters, present: ReadonlySet<string>, anticipeColumn: boolean): Acc[] {
  const env = envConsiderationOf(present);
  const social = socialConsiderationOf(present);
  const formal: Pred = (c) => (c.procedure === null ? null : isFormalisee(c.procedure));
  const known = (k: keyof Contract): Pred => (c) => (c[k] === null ? null : true);
  const targetedAny = (ns: number[]): Pred => (c) => (c.actionsCiblees === null ? null : ns.some((n) => c.actionsCiblees!.includes(n)));
  const eur = fmtEur;
  return [
    // Deployment targets
    rate("T1", ["critereEnvironnemental"], all, (c) => c.critereEnvironnemental, cEmpty),
    rate("T2", [], all, env, cEmpty, ENV_KEYS),
    rate("T3", ["clauseInsertion", "procedure"], formal, (c) => c.clauseInsertion, (ctx) => `aucun contrat issu d'une procédure formalisée notifié en ${ctx.year}`),
    rate("T4", ["procedure"], formal, social, (ctx) => `aucun contrat issu d'une procédure formalisée notifié en ${ctx.year}`, SOCIAL_KEYS),
    rate("T5", ["actionsCiblees", "economieCirculaire"], cibPred(24), (c) => c.economieCirculaire, cibEmpty(24)),
    rate("T6", ["actionsCiblees", "titulaireTpePme"], targetedAny([14, 16, 17]), (c) => c.titulaireTpePme, (ctx) => `aucun contrat notifié en ${ctx.year} ciblé pour les actions 14, 16 ou 17`),
    // Axis 1
    pairsA1(p, present),
    rate("A2.R1", ["recurrent", "anticipe"], (c) => c.recurrent, (c) => anticipe(c, p, anticipeColumn), (ctx) => `aucun contrat récurrent notifié en ${ctx.year}`),
    rate("A2.E1", ["actionsCiblees"], (c) => (c.actionsCiblees === null ? null : c.actionsCiblees.length > 0), (c) => {
      const e = env(c);
      const s = social(c);
      return e === true || s === true ? true : e === null || s === null ? null : false;
    }, (ctx) => `aucun contrat ciblé notifié en ${ctx.year}`, [...ENV_KEYS, ...SOCIAL_KEYS]),
    // Axis 2
    cib("A8.R1", 8, "clauseInsertion"),
    rate("A8.R2", ["clauseInsertion", "montant"], (c) => (c.montant === null ? null : c.montant > p.seuilClauseInsertion), (c) => c.clauseInsertion, (ctx) => `aucun marché de plus de ${eur(p.seuilClauseInsertion)} notifié en ${ctx.year}`),
    breakdown("A8.E5", ["clauseInsertion", "nature"], (c) => c.clauseInsertion, (c) => c.nature),
    mean("A9.E1", ["clauseInsertion", "offresRecues"], (c) => c.clauseInsertion, (c) => c.offresRecues, (ctx) => `aucun nombre d'offres connu pour les contrats clausés insertion notifiés en ${ctx.year}`),
    distinctDirections(),
    cib("A10.R1", 10, "critereInsertion"),
    cib("A11.R1", 11, "reserve"),
    rate("A11.R2", ["reserve", "montant"], (c) => (c.montant === null ? null : c.montant <= p.seuilMarchesReserves), (c) => c.reserve, (ctx) => `aucun marché de ${eur(p.seuilMarchesReserves)} ou moins notifié en ${ctx.year}`),
    mean("A11.E1", ["titulaireEss", "montant"], (c) => c.titulaireEss, (c) => c.montant, (ctx) => `aucun contrat confié à une structure ESS, SIAE, EA ou ESAT avec un montant connu en ${ctx.year}`),
    rate("A11.E2", ["titulaireEss"], known("titulaireEss"), (c) => c.titulaireEss, (ctx) => `aucun titulaire renseigné (ESS/SIAE/EA/ESAT) pour les contrats notifiés en ${ctx.year}`),
    count("A11.E3", ["reserve"], (c) => c.reserve),
    count("A11.E4", ["montant"], (c) => (c.montant === null ? null : c.montant >= p.suiviDe && c.montant <= p.suiviA)),
    cib("A12.R1", 12, "clauseSociale"),
    cib("A13.R1", 13, "commerceEquitable"),
    sum("A13.E1", ["commerceEquitable", "montant"], (c) => c.commerceEquitable, (c) => c.montant, (ctx) => `aucun montant connu pour les contrats équitables notifiés en ${ctx.year}`),
    count("A13.E2", ["commerceEquitable"], (c) => c.commerceEquitable),
    // Axis 3
    rate("A14.R1", ["actionsCiblees", "alloti"], cibPred(14), (c) => c.alloti, cibEmpty(14)),
    rate("A14.R2", ["alloti"], all, (c) => c.alloti, cEmpty),
    sumRatio("A14.E1", ["offresTpePme", "offresRecues"], (c) => (c.offresTpePme === null || c.offresRecues === null ? null : [c.offresTpePme, c.offresRecues]), "aucun contrat avec le nombre d'offres et d'offres de TPE/PME connus"),
    rate("A14.E2", ["titulaireTpePme"], known("titulaireTpePme"), (c) => c.titulaireTpePme, (ctx) => `aucun titulaire renseigné (TPE/PME) pour les contrats notifiés en ${ctx.year}`),
    mean("A15.E1", ["offresRecues"], all, (c) => c.offresRecues, (ctx) => `aucun nombre d'offres connu pour les contrats notifiés en ${ctx.year}`),
    mean("A15.E2", ["dceRetires"], all, (c) => c.dceRetires, (ctx) => `aucun nombre de DCE retirés connu pour les contrats notifiés en ${ctx.year}`),
    count("A16.E1", ["infructueux"], (c) => c.infructueux),
    count("A16.E2", ["titulaireTpePme"], (c) => c.titulaireTpePme),
    rate("A17.R1", ["actionsCiblees", "tauxAvance"], cibPred(17), (c) => avanceBonifiee(c, p), cibEmpty(17)),
    rate("A17.R2", ["tauxAvance", "titulaireTpePme", "montant"], (c) => (c.titulaireTpePme === true && c.montant !== null ? c.montant < p.seuilAvanceBonifiee : c.titulaireTpePme === false ? false : null), (c) => avanceBonifiee(c, p), (ctx) => `aucun marché de moins de ${eur(p.seuilAvanceBonifiee)} confié à une TPE/PME notifié en ${ctx.year}`),
    count("A17.R3", ["dureeMois", "montant", "avance"], (c) => (c.dureeMois === null || c.montant === null || c.avance === null ? null : c.dureeMois > p.dureeAvanceObligatoire && c.montant > p.seuilAvanceObligatoire && !c.avance), true),
    rate("A18.R1", ["questionnementBesoin"], all, (c) => c.questionnementBesoin, cEmpty),
    rate("A18.R2", ["outilsMethodo"], all, (c) => c.outilsMethodo, cEmpty),
    sum("A18.E1", ["offresIrregulieres"], all, (c) => c.offresIrregulieres, (ctx) => `aucun nombre d'offres irrégulières connu en ${ctx.year}`),
    sum("A18.E2", ["litiges"], all, (c) => c.litiges, (ctx) => `aucun nombre de litiges connu en ${ctx.year}`),
    mean("A18.E3", ["noteSatisfaction"], all, (c) => c.noteSatisfaction, (ctx) => `aucune note de satisfaction connue en ${ctx.year}`),
    rate("A19.R1", ["clausesEquilibrees"], all, (c) => c.clausesEquilibrees, cEmpty),
    rate("A19.R2", ["revisionPrix", "dureeMois"], (c) => (c.dureeMois === null ? null : c.dureeMois > p.dureeRevisionPrix), (c) => c.revisionPrix, (ctx) => `aucun marché de plus de ${p.dureeRevisionPrix} mois notifié en ${ctx.year}`),
    sumRatio("A19.E1", ["litiges"], (c) => (c.litiges === null ? null : [c.litiges, 1]), "aucun nombre de litiges connu"),
    rate("A20.R1", ["negociation", "procedure"], (c) => (c.procedure === null ? null : allowsNegotiation(c.procedure)), (c) => c.negociation, (ctx) => `aucun contrat passé en MAPA, procédure avec négociation ou dialogue compétitif notifié en ${ctx.year}`),
    mean("A20.E1", ["negociation", "gainTechnique"], (c) => c.negociation, (c) => c.gainTechnique, (ctx) => `aucun gain technique connu pour les contrats négociés notifiés en ${ctx.year}`),
    mean("A20.E2", ["negociation", "gainPrix"], (c) => c.negociation, (c) => c.gainPrix, (ctx) => `aucun gain prix connu pour les contrats négociés notifiés en ${ctx.year}`),
    cib("A21.R1", 21, "evaluation"),
    mean("A21.E1", ["evaluation", "noteSatisfaction"], (c) => c.evaluation, (c) => c.noteSatisfaction, (ctx) => `aucune note de satisfaction connue pour les contrats évalués notifiés en ${ctx.year}`),
    // Axis 4
    cib("A22.R1", 22, "acv"),
    cib("A22.R2", 22, "clauseSobriete"),
    cib("A23.R1", 23, "amoDD"),
    cib("A24.R1", 24, "acv"),
    rate("A24.R2", ["clauseEnvironnementale"], all, (c) => c.clauseEnvironnementale, cEmpty),
    rate("A24.R3", ["critereEnvironnemental"], all, (c) => c.critereEnvironnemental, cEmpty),
    sumRatio("A24.E1", ["economieCirculaire", "montant"], (c) => (c.montant === null || c.economieCirculaire === null ? null : [c.economieCirculaire ? c.montant : 0, c.montant]), "aucun montant connu pour les contrats notifiés dans l'année"),
    cib("A25.R1", 25, "clauseDonneesImpact"),
    cib("A25.R2", 25, "clauseLimitationImpact"),
    rate("A25.E1", ["donneesObtenues", "clauseDonneesImpact"], (c) => c.clauseDonneesImpact, (c) => c.donneesObtenues, (ctx) => `aucun contrat avec clause de suivi des impacts notifié en ${ctx.year}`),
    cib("A26.R1", 26, "compensationCarbone"),
    sum("A26.E1", ["tco2Compensees"], all, (c) => c.tco2Compensees, (ctx) => `aucune quantité de tCO2e compensées connue en ${ctx.year}`),
  ];
}

/** A1.E1: over pairs (contract, targeted contract-level action), the share that were carried out. */
function pairsA1(p: Parameters, present: ReadonlySet<string>): Acc & { leftOut(): number } {
  // Actions with a realisation column present: only their pairs count.
  const measurable = realisedOf(present, p);
  const t = new Tally();
  let notContractLevel = 0;
  return {
    id: "A1.E1",
    needs: ["actionsCiblees"],
    add(c) {
      if (!c.actionsCiblees) return;
      for (const n of c.actionsCiblees) {
        if (!(n in REALISED_KEYS)) {
          notContractLevel++;
          continue;
        }
        const realised = measurable.get(n);
        if (!realised) continue;
        t.count(realised(c));
      }
    },
    result: (ctx) => t.result(() => `aucune action ciblée mesurable sur les contrats notifiés en ${ctx.year}`),
    leftOut: () => notContractLevel,
  };
}

function distinctDirections(): Acc {
  const seen = new Set<string>();
  const folded = new Map<string, string>();
  return {
    id: "A9.E2",
    needs: ["clauseInsertion", "direction"],
    add(c) {
      if (c.clauseInsertion === true && c.direction) {
        let k = folded.get(c.direction);
        if (k === undefined) folded.set(c.direction, (k = fold(c.direction)));
        seen.add(k);
      }
    },
    result() {
      return { value: seen.size };
    },
  };
}

// ------------------------------------------------------------------ activities and insertion

function activityIndicators(acts: Activity[] | null, source: Register["activitiesSource"], year: number): Record<string, Partial<IndicatorResult>> {
  const out: Record<string, Partial<IndicatorResult>> = {};
  const ids = ["A1.R1", "A4.R1", "A5.R1", "A5.R2", "A6.R1", "A7.R1", "A7.R2", "A9.R1", "A15.R1", "A16.R1"];
  if (!acts || !source) {
    for (const id of ids) out[id] = { value: null, reason: "feuille « Activités » absente du classeur" };
    return out;
  }
  const has = (k: string) => k in source.columns;
  const missing = (...keys: string[]) => {
    // Every activity indicator reads the action number.
    const m = ["action", ...keys].filter((k) => !has(k));
    return m.length ? { value: null, reason: `colonne${m.length > 1 ? "s" : ""} ${m.map((k) => `« ${ACTIVITY_HEADERS[k]} »`).join(", ")} absente${m.length > 1 ? "s" : ""} de la feuille « ${source.sheet} »` } : null;
  };
  const inYear = (a: Activity) => a.date !== null && a.date.y === year;
  const of = (n: number, type?: string) => acts.filter((a) => a.action === n && inYear(a) && (!type || (a.type !== null && fold(a.type).includes(type))));
  const done = (a: Activity) => a.statut === "Réalisée";
  const flag = (id: string, n: number) => {
    out[id] = missing("statut", "date") ?? { value: of(n).some(done) ? 1 : 0 };
  };
  const activityRate = (id: string, n: number, type?: string, typeLabel?: string) => {
    const need = missing("statut", "date", ...(type ? ["type"] : []));
    if (need) return void (out[id] = need);
    const list = of(n, type);
    const d = list.filter(done).length;
    const planned = list.filter((a) => a.statut === "Réalisée" || a.statut === "Programmée").length;
    out[id] = planned === 0 ? { value: null, numerator: d, denominator: 0, reason: `aucune activité${typeLabel ?? ""} de l'action ${n} programmée en ${year}` } : { value: d / planned, numerator: d, denominator: planned };
  };
  flag("A1.R1", 1);
  flag("A9.R1", 9);
  flag("A15.R1", 15);
  activityRate("A4.R1", 4);
  activityRate("A6.R1", 6);
  activityRate("A7.R1", 7, "outil", " de type Outil");
  activityRate("A16.R1", 16);
  out["A5.R1"] =
    missing("statut", "date", "type") ?? {
      value: acts.some((a) => a.action === 5 && done(a) && a.date !== null && a.date.y <= year && a.type !== null && fold(a.type).includes("officialis")) ? 1 : 0,
    };
  {
    const need = missing("statut", "date", "tempsJours");
    if (need) out["A5.R2"] = need;
    else {
      const vals = of(5).filter((a) => done(a) && a.tempsJours !== null);
      out["A5.R2"] = vals.length ? { value: vals.reduce((s, a) => s + (a.tempsJours as number), 0) } : { value: null, reason: `aucun temps renseigné pour les activités réalisées de l'action 5 en ${year}` };
    }
  }
  {
    const need = missing("statut", "date", "agentsFormes", "agentsAFormer");
    if (need) out["A7.R2"] = need;
    else {
      const list = of(7).filter((a) => a.statut !== "Annulée");
      const num = list.reduce((s, a) => s + (a.agentsFormes ?? 0), 0);
      const den = list.reduce((s, a) => s + (a.agentsAFormer ?? 0), 0);
      out["A7.R2"] = den === 0 ? { value: null, numerator: num, denominator: 0, reason: `aucun agent à former ou équiper renseigné pour l'action 7 en ${year}` } : { value: num / den, numerator: num, denominator: den };
    }
  }
  return out;
}

const ACTIVITY_HEADERS: Record<string, string> = { action: "Action", statut: "Statut", date: "Date", type: "Type", tempsJours: "Temps (jours)", agentsFormes: "Agents formés", agentsAFormer: "Agents à former" };
const INSERTION_HEADERS: Record<string, string> = { annee: "Année", heures: "Heures réalisées", genre: "Genre", trancheAge: "Tranche d'âge", qualification: "Niveau de qualification", formationQualifiante: "Formation qualifiante", rqth: "RQTH" };

function insertionIndicators(reg: Register, year: number, contractsOfYear: Contract[]): Record<string, Partial<IndicatorResult>> {
  const out: Record<string, Partial<IndicatorResult>> = {};
  const rows = reg.insertion;
  const src = reg.insertionSource;
  const has = (k: string) => !!src && k in src.columns;
  // Every indicator of the PLIE follow-up reads the year of each row, and its own column.
  const absent = (k: string): Partial<IndicatorResult> | null => {
    if (!rows || !src) return { value: null, reason: "feuille « Insertion » absente du classeur" };
    const m = ["annee", k].filter((x) => !has(x));
    return m.length ? { value: null, reason: `colonne${m.length > 1 ? "s" : ""} ${m.map((x) => `« ${INSERTION_HEADERS[x]} »`).join(", ")} absente${m.length > 1 ? "s" : ""} de la feuille « ${src.sheet} »` } : null;
  };
  const ofYear: InsertionRow[] = rows ? rows.filter((r) => r.annee === year) : [];

  // A8.E1: hours from the PLIE follow-up, else from the register.
  if (rows && has("heures") && has("annee")) {
    const known = ofYear.filter((r) => r.heures !== null);
    out["A8.E1"] = known.length ? { value: known.reduce((s, r) => s + (r.heures as number), 0), source: src!.sheet } : { value: null, reason: `aucune heure renseignée dans « ${src!.sheet} » pour ${year}` };
  } else if (reg.present.has("heuresInsertionRealisees")) {
    const known = contractsOfYear.filter((c) => c.heuresInsertionRealisees !== null);
    out["A8.E1"] = known.length ? { value: known.reduce((s, c) => s + (c.heuresInsertionRealisees as number), 0) } : { value: null, reason: `aucune heure d'insertion réalisée renseignée pour les contrats notifiés en ${year}` };
  } else out["A8.E1"] = { value: null, reason: "ni feuille « Insertion » avec des heures réalisées, ni colonne « Heures d'insertion réalisées » dans le registre" };

  const share = (id: string, key: "genre" | "formationQualifiante" | "rqth", test: (r: InsertionRow) => Tri, what: string) => {
    const a = absent(key);
    if (a) return void (out[id] = a);
    let num = 0;
    let den = 0;
    for (const r of ofYear) {
      const t = test(r);
      if (t === null) continue;
      den++;
      if (t) num++;
    }
    out[id] = den === 0 ? { value: null, numerator: 0, denominator: 0, reason: `aucun bénéficiaire ${what} en ${year}` } : { value: num / den, numerator: num, denominator: den };
  };
  share("A8.E2", "genre", (r) => (r.genre === null ? null : r.genre === "F"), "dont le genre est renseigné");
  share("A10.E1", "formationQualifiante", (r) => r.formationQualifiante, "suivi");
  share("A8.E6", "rqth", (r) => r.rqth, "suivi");
  const brk = (id: string, key: "trancheAge" | "qualification") => {
    const a = absent(key);
    if (a) return void (out[id] = a);
    const b: Record<string, number> = {};
    for (const r of ofYear) {
      const k = r[key] || NON_RENSEIGNE;
      b[k] = (b[k] ?? 0) + 1;
    }
    out[id] = { value: ofYear.length, breakdown: b };
  };
  brk("A8.E3", "trancheAge");
  brk("A8.E4", "qualification");
  return out;
}

// ------------------------------------------------------------------ putting it together

/** Years that have notified contracts, ascending. */
export function registerYears(reg: Register): number[] {
  const ys = new Set<number>();
  for (const c of reg.contracts) if (c.dateNotification) ys.add(c.dateNotification.y);
  return [...ys].sort((a, b) => a - b);
}

export function defaultYear(reg: Register): number | null {
  const ys = registerYears(reg);
  return ys.length ? ys[ys.length - 1] : null;
}

function missingColumns(acc: Acc, present: ReadonlySet<string>): string | null {
  const m = acc.needs.filter((k) => !present.has(k));
  if (m.length) {
    const names = m.map((k) => (k === "anticipe" ? "Anticipé » ou « Date de cotation" : colName(k)));
    return `colonne${m.length > 1 ? "s" : ""} ${names.map((n) => `« ${n} »`).join(", ")} absente${m.length > 1 ? "s" : ""} du registre`;
  }
  if (acc.needsAny && !acc.needsAny.some((k) => present.has(k))) {
    return `aucune des colonnes ${acc.needsAny.map((k) => `« ${colName(k)} »`).join(", ")} dans le registre`;
  }
  return null;
}

/** Computes the contract-level indicators for one year: one pass over that year's contracts. */
function contractPass(reg: Register, year: number, contracts: Contract[], p: Parameters, only?: ReadonlySet<string>): { values: Record<string, Partial<IndicatorResult>>; a1LeftOut: number } {
  const all = contractAccumulators(p, reg.present, reg.source.columns.anticipe !== undefined);
  const accs = only ? all.filter((a) => only.has(a.id)) : all;
  const active = accs.filter((a) => missingColumns(a, reg.present) === null);
  const n = active.length;
  for (let i = 0; i < contracts.length; i++) {
    const c = contracts[i];
    for (let j = 0; j < n; j++) active[j].add(c);
  }
  const ctx: YearContext = { year, p, count: contracts.length };
  const values: Record<string, Partial<IndicatorResult>> = {};
  for (const a of accs) {
    const missing = missingColumns(a, reg.present);
    values[a.id] = missing ? { value: null, reason: missing } : a.result(ctx);
    if (!missing && contracts.length === 0 && values[a.id].value === null) values[a.id].reason = `aucun contrat notifié en ${year}`;
  }
  const a1 = accs.find((a) => a.id === "A1.E1") as ReturnType<typeof pairsA1> | undefined;
  return { values, a1LeftOut: !a1 || missingColumns(a1, reg.present) ? 0 : a1.leftOut() };
}

function statusOf(value: number | null, target: number): Status {
  if (value === null) return "Non renseigné";
  return value >= target - 1e-12 ? "Atteint" : "En cours";
}

function manualValue(reg: Register, id: string, year: number): { value: number | string | null; comment?: string } | null {
  let found: { value: number | string | null; comment?: string } | null = null;
  for (const m of reg.manualInputs) if (m.indicator === id && m.annee === year) found = { value: m.valeur, ...(m.commentaire ? { comment: m.commentaire } : {}) };
  return found;
}

/** The indicators worded as "évolution", and those they repeat: all that a series needs. */
const EVOLUTION = INDICATORS.filter((d) => d.evolution);
const EVOLUTION_NEEDS: ReadonlySet<string> = new Set(EVOLUTION.flatMap((d) => (d.sameAs ? [d.id, d.sameAs] : [d.id])));

/** The "évolution" indicators of one year (for the series): one pass over that year's contracts. */
function computeEvolution(reg: Register, year: number, contracts: Contract[]): Record<string, IndicatorResult> {
  const { values } = contractPass(reg, year, contracts, reg.parameters, EVOLUTION_NEEDS);
  const out: Record<string, IndicatorResult> = {};
  for (const def of EVOLUTION) out[def.id] = finish(def, values, reg, year);
  return out;
}

/** Every indicator of one year, without series. */
function computeYear(reg: Register, year: number, contracts: Contract[], etape: 1 | 2): { indicators: Record<string, IndicatorResult>; notes: Issue[] } {
  const p = reg.parameters;
  const { values, a1LeftOut } = contractPass(reg, year, contracts, p);
  Object.assign(values, activityIndicators(reg.activities, reg.activitiesSource, year), insertionIndicators(reg, year, contracts));
  values["A3.R1"] = { value: 1 };

  // A3.E1: targets reached among T1–T6 that have a value.
  let reached = 0;
  let withValue = 0;
  for (const t of TARGET_IDS) {
    const v = values[t];
    const target = p.cibles[t][etape - 1];
    v.target = target;
    v.targets = [p.cibles[t][0], p.cibles[t][1]];
    v.status = statusOf(v.value as number | null, target);
    if (v.value !== null) {
      withValue++;
      if (v.status === "Atteint") reached++;
    }
  }
  values["A3.E1"] = withValue === 0 ? { value: null, numerator: 0, denominator: 0, reason: "aucune des cibles T1 à T6 n'a de valeur" } : { value: reached / withValue, numerator: reached, denominator: withValue };

  const indicators: Record<string, IndicatorResult> = {};
  for (const def of INDICATORS) indicators[def.id] = finish(def, values, reg, year);
  const notes: Issue[] = [];
  if (a1LeftOut > 0) {
    notes.push({
      severity: "info",
      sheet: reg.source.sheet,
      row: null,
      column: reg.source.columns.actionsCiblees ?? null,
      cell: null,
      message: `A1.E1 : ${a1LeftOut} couple${a1LeftOut > 1 ? "s" : ""} (contrat, action) de ${year} écarté${a1LeftOut > 1 ? "s" : ""} car l'action ciblée ne se mesure pas au niveau du contrat (actions 1 à 7, 9, 15, 16)`,
    });
  }
  return { indicators, notes };
}

function finish(def: IndicatorDef, values: Record<string, Partial<IndicatorResult>>, reg: Register, year: number): IndicatorResult {
  const base = { id: def.id, label: def.label, unit: def.unit, kind: def.kind, action: def.action };
  if (def.manual) {
    const m = manualValue(reg, def.id, year);
    return m && m.value !== null
      ? { ...base, value: m.value, source: "Saisies", ...(m.comment ? { comment: m.comment } : {}) }
      : { ...base, value: null, reason: `non renseigné : à saisir dans la feuille « Saisies » (indicateur ${def.id}, année ${year})` };
  }
  const v = values[def.sameAs ?? def.id] ?? { value: null, reason: "non calculé" };
  const r: IndicatorResult = { ...base, value: null, ...v } as IndicatorResult;
  if (r.value === null && def.kind === "effet") {
    // An effect indicator the register cannot give may be typed in `Saisies`.
    const m = manualValue(reg, def.id, year);
    if (m && m.value !== null) return { ...base, value: m.value, source: "Saisies", ...(m.comment ? { comment: m.comment } : {}) };
  }
  if (def.sameAs) r.comment = `même mesure que ${def.sameAs}`;
  return r;
}

/**
 * Computes every indicator for the year (default: latest year with notified contracts), with a
 * series over every year of the register for the indicators worded as "évolution".
 */
export function computeIndicators(reg: Register, options: EngineOptions = {}): Results {
  const years = registerYears(reg);
  const year = options.year ?? (years.length ? years[years.length - 1] : new Date().getFullYear());
  const etape = options.etape ?? reg.parameters.etape;
  // Group the contracts by year once: one pass over the register for all years.
  const byYear = new Map<number, Contract[]>();
  for (const c of reg.contracts) {
    if (!c.dateNotification) continue;
    const y = c.dateNotification.y;
    let list = byYear.get(y);
    if (!list) byYear.set(y, (list = []));
    list.push(c);
  }
  const main = computeYear(reg, year, byYear.get(year) ?? [], etape);
  const evolution = EVOLUTION;
  if (evolution.length) {
    const perYear = new Map<number, Record<string, IndicatorResult>>();
    for (const y of years) perYear.set(y, y === year ? main.indicators : computeEvolution(reg, y, byYear.get(y) ?? []));
    for (const d of evolution) {
      const series: Record<string, number | string | null> = {};
      for (const y of years) series[String(y)] = perYear.get(y)![d.id].value;
      main.indicators[d.id].series = series;
    }
  }
  const p = reg.parameters;
  const contracts = byYear.get(year) ?? [];
  return {
    year,
    years,
    etape,
    parameters: p,
    register: reg.source,
    contractsInYear: contracts.length,
    indicators: main.indicators,
    notes: main.notes,
    alerts: {
      avanceObligatoire: main.indicators["A17.R3"].ids ?? [],
      insertionSansClause: reg.present.has("montant") && reg.present.has("clauseInsertion") ? contracts.filter((c) => c.montant !== null && c.montant > p.seuilClauseInsertion && c.clauseInsertion === false).map((c) => c.id) : [],
      revisionSansClause: reg.present.has("dureeMois") && reg.present.has("revisionPrix") ? contracts.filter((c) => c.dureeMois !== null && c.dureeMois > p.dureeRevisionPrix && c.revisionPrix === false).map((c) => c.id) : [],
    },
  };
}

export { formatDate };
