/**
 * Turns a Definition (a row of the referential: type, population, condition, value column) into an
 * accumulator for the engine's pass over a year. Expressions are parsed and compiled once per
 * computation, into closures (no code generation).
 */
import { normalizeHeader, REGISTER_COLUMN_BY_KEY, REGISTER_INDEX } from "../register/columns";
import { ExpressionTooDeepError, isEmptyExpression, parseExpression, Expr } from "../register/expression";
import { fieldOf, isOwnKey, valueColumn, type OwnColumns } from "../register/own-columns";
import type { Contract, Parameters } from "../register/types";
import type { Definition } from "../spaser/definitions";
import { Acc, CountAcc, meanFinish, Pred, PresentKey, RateAcc, SumAcc, sumFinish, ValueShareAcc, YearContext } from "./accumulators";
import { CONSIDERATION_KEYS } from "./considerations";
import { accessor, compilePredicate } from "./predicate";

export interface CompileContext {
  present: ReadonlySet<string>;
  parameters: Parameters;
  detail: boolean;
  /** The register's own columns (SPEC §8.1), which expressions and `Valeur` may name. */
  own?: OwnColumns | null;
}

/** A definition ready to make one accumulator per year, or the reason it cannot. */
export type Compiled =
  | {
      ok: true;
      make: () => Acc;
      /** The register's own columns it reads (keys, SPEC §8.1), for the drill-down and the methodology. */
      own: string[];
    }
  | { ok: false; reason: string };

interface Part {
  pred: Pred | null;
  /** Checked by the parser against the register's columns. */
  columns: PresentKey[];
  groups: PresentKey[][];
  text: string;
}

function part(text: string, ctx: CompileContext): Part | string {
  if (isEmptyExpression(text)) return { pred: null, columns: [], groups: [], text: "" };
  const r = parseExpression(text, ctx.own);
  if (!r.ok) return `expression « ${text} » illisible : ${r.message}`;
  const groups = r.considerations.map((w) => [...CONSIDERATION_KEYS[w === "sociale hors insertion" ? "socialeHorsInsertion" : w]]);
  let pred: Pred;
  try {
    pred = compilePredicate(r.expr as Expr, { present: ctx.present, parameters: ctx.parameters, own: ctx.own });
  } catch (e) {
    if (e instanceof ExpressionTooDeepError) return `expression illisible : ${e.message}`;
    throw e;
  }
  return { pred, columns: r.columns as PresentKey[], groups, text };
}

const and =
  (a: Pred | null, b: Pred | null): Pred | null =>
    a === null ? b : b === null ? a : (c) => {
      const x = a(c);
      if (x === false) return false;
      const y = b(c);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };

/** Specific wording of the empty population of some built-in rates (the others get a generic one). */
function emptyOf(def: Definition, p: Parameters): (ctx: YearContext) => string {
  const eur = (n: number) => `${Math.round(n).toLocaleString("fr-FR").replace(/\u202f|\u00a0/g, " ")} € HT`;
  const pop = def.population.trim();
  const cib = /^cibl[ée]\((\d+)\)$/i.exec(pop);
  const specific: Record<string, (y: number) => string> = {
    T6: (y) => `aucun contrat notifié en ${y} ciblé pour les actions 14, 16 ou 17`,
    "A2.E1": (y) => `aucun contrat ciblé notifié en ${y}`,
    "A8.R2": (y) => `aucun marché de plus de ${eur(p.seuilClauseInsertion)} notifié en ${y}`,
    "A11.R2": (y) => `aucun marché de ${eur(p.seuilMarchesReserves)} ou moins notifié en ${y}`,
    "A11.E2": (y) => `aucun titulaire renseigné (ESS/SIAE/EA/ESAT) pour les contrats notifiés en ${y}`,
    "A14.E2": (y) => `aucun titulaire renseigné (TPE/PME) pour les contrats notifiés en ${y}`,
    "A19.R2": (y) => `aucun marché de plus de ${p.dureeRevisionPrix} mois notifié en ${y}`,
    "A25.E1": (y) => `aucun contrat avec clause de suivi des impacts notifié en ${y}`,
    "A9.E1": (y) => `aucun nombre d'offres connu pour les contrats clausés insertion notifiés en ${y}`,
    "A11.E1": (y) => `aucun contrat confié à une structure ESS, SIAE, EA ou ESAT avec un montant connu en ${y}`,
    "A13.E1": (y) => `aucun montant connu pour les contrats équitables notifiés en ${y}`,
    "A15.E1": (y) => `aucun nombre d'offres connu pour les contrats notifiés en ${y}`,
    "A15.E2": (y) => `aucun nombre de DCE retirés connu pour les contrats notifiés en ${y}`,
    "A18.E1": (y) => `aucun nombre d'offres irrégulières connu en ${y}`,
    "A18.E2": (y) => `aucun nombre de litiges connu en ${y}`,
    "A18.E3": (y) => `aucune note de satisfaction connue en ${y}`,
    "A19.E1": (y) => `aucun nombre de litiges connu en ${y}`,
    "A20.E1": (y) => `aucun gain sur la valeur technique connu pour les contrats négociés notifiés en ${y}`,
    "A20.E2": (y) => `aucun gain sur les prix connu pour les contrats négociés notifiés en ${y}`,
    "A21.E1": (y) => `aucune note de satisfaction connue pour les contrats évalués notifiés en ${y}`,
    "A26.E1": (y) => `aucune quantité compensée (tCO2e) renseignée pour les contrats notifiés en ${y}`,
  };
  const s = specific[def.id];
  if (s) return (ctx) => s(ctx.year);
  if (def.type === "somme" || def.type === "moyenne") return (ctx) => `aucune valeur de « ${def.valeur} » connue pour les contrats retenus en ${ctx.year}`;
  if (def.type === "part en valeur") return (ctx) => `aucune valeur de « ${def.valeur.trim() || "Montant HT"} » connue pour les contrats de la population en ${ctx.year}`;
  if (!pop) return (ctx) => `aucun contrat notifié en ${ctx.year}`;
  if (cib) return (ctx) => `aucun contrat notifié en ${ctx.year} ciblé pour l'action ${cib[1]}`;
  if (/^formalis[ée]e$/i.test(pop)) return (ctx) => `aucun contrat issu d'une procédure formalisée notifié en ${ctx.year}`;
  return (ctx) => `aucun contrat notifié en ${ctx.year} dans la population « ${pop} »`;
}

/** The value column of a sum or a mean, as a getter (an own column of numbers or percentages too). */
function valueOf(header: string, own: OwnColumns | null | undefined): { key: PresentKey; get: (c: Contract) => number | null } | null {
  const hit = REGISTER_INDEX.map.get(normalizeHeader(header.replace(/^\[|\]$/g, "")));
  if (!hit && own) {
    const o = valueColumn(header, own);
    if (!o || typeof o === "string" || (o.kind !== "number" && o.kind !== "percent")) return null;
    return { key: o.key as PresentKey, get: o.get as (c: Contract) => number | null };
  }
  if (!hit || !REGISTER_COLUMN_BY_KEY.has(hit.key)) return null;
  const key = hit.key as keyof Contract & PresentKey;
  return { key, get: accessor(key) as (c: Contract) => number | null };
}

/** Ids of the targets T1–T6, also computed in value. */
const IN_VALUE = new Set(["T1", "T2", "T3", "T4", "T5", "T6"]);

export function compileDefinition(def: Definition, ctx: CompileContext, opts: { alert?: boolean } = {}): Compiled {
  const pop = part(def.population, ctx);
  if (typeof pop === "string") return { ok: false, reason: pop };
  const cond = part(def.condition, ctx);
  if (typeof cond === "string") return { ok: false, reason: cond };
  const columns = [...new Set([...pop.columns, ...cond.columns])];
  const groups = [...pop.groups, ...cond.groups];
  const reads = [...columns, ...groups.flat().filter((k) => ctx.present.has(k))];
  const empty = emptyOf(def, ctx.parameters);
  const detail = ctx.detail;
  const own = (extra: string[] = []) => [...new Set([...columns, ...extra])].filter(isOwnKey);
  // Accumulators reading own columns read them through the register (to name an unknown one).
  const owned = ctx.own ? ctx.own : null;
  const field = <A extends Acc>(a: A, keys: string[]): A => {
    if (owned && keys.some(isOwnKey)) a.field = (c, k) => fieldOf(c, k, owned);
    return a;
  };
  switch (def.type) {
    case "taux": {
      const condPred = cond.pred ?? (() => true);
      return { ok: true, own: own(), make: () => field(new RateAcc(def.id, columns, groups, pop.pred, condPred, reads, empty, detail, IN_VALUE.has(def.id)), columns) };
    }
    case "compte": {
      const condPred = cond.pred ?? (() => true);
      return { ok: true, own: own(), make: () => new CountAcc(def.id, columns, groups, pop.pred, condPred, detail, !!opts.alert) };
    }
    case "somme":
    case "moyenne": {
      const v = valueOf(def.valeur, ctx.own);
      if (!v) return { ok: false, reason: `colonne « ${def.valeur} » inconnue` };
      const filter = and(pop.pred, cond.pred);
      const needs = [...new Set([...columns, v.key])];
      const finish = def.type === "somme" ? sumFinish(empty) : meanFinish(empty);
      return { ok: true, own: own([v.key]), make: () => field(new SumAcc(def.id, needs, groups, filter, v.get, finish, detail), needs) };
    }
    case "part en valeur": {
      // Valeur defaults to « Montant HT » (« 75 % des achats alimentaires en valeur »).
      const v = valueOf(def.valeur.trim() ? def.valeur : "Montant HT", ctx.own);
      if (!v) return { ok: false, reason: `colonne « ${def.valeur} » inconnue` };
      const condPred = cond.pred ?? (() => true);
      const needs = [...new Set([...columns, v.key])];
      return { ok: true, own: own([v.key]), make: () => field(new ValueShareAcc(def.id, needs, groups, pop.pred, condPred, v.get, [...reads, v.key], empty, detail), needs) };
    }
    default:
      return { ok: false, reason: `type ${def.type} non calculable` };
  }
}
