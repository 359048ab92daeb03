/**
 * What each SPASER worksheet function answers, given a snapshot of the register and the cell's
 * arguments: a value, or an error that says why in French. Pure: functions.ts maps the errors to
 * `CustomFunctions.Error` (#N/A, #VALUE!) and streams the answers to the cells.
 */
import { registerYears } from "../indicators/engine";
import type { IndicatorResult, Results, Status } from "../indicators/types";
import { ACTIONS, INDICATOR_BY_ID, indicatorsOfAction, TARGET_IDS, TargetId } from "../spaser/referential";
import type { Snapshot } from "./source";

/** #N/A: no value to show (n/a indicator, no register); #VALUE!: an argument outside what is valid. */
export type ErrorKind = "notAvailable" | "invalidValue";

export interface FunctionError {
  code: ErrorKind;
  /** Shown by Excel next to the error, in French. */
  message: string;
}

export type Outcome<T> = { value: T } | { error: FunctionError };

/** An indicator's value in a cell: a number (ratios as fractions) or, for some typed inputs, text. */
export type CellValue = number | string;

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

export function isError<T>(o: Outcome<T>): o is { error: FunctionError } {
  return "error" in o;
}

const notAvailable = (message: string): { error: FunctionError } => ({ error: { code: "notAvailable", message } });
const invalid = (message: string): { error: FunctionError } => ({ error: { code: "invalidValue", message } });

/** Excel passes an omitted optional argument as null (older hosts: undefined). */
function omitted(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

function show(v: unknown): string {
  if (typeof v === "number") return String(v).replace(".", ",");
  if (typeof v === "string") return `« ${v} »`;
  if (typeof v === "boolean") return v ? "VRAI" : "FAUX";
  return String(v);
}

/** The message of every function when the workbook holds no register of contracts. */
export function registerMissing(s: Snapshot): string {
  return s.message ? `registre introuvable : ${s.message}` : "registre introuvable";
}

// ------------------------------------------------------------------ arguments

function yearArg(year: unknown): Outcome<number | null> {
  if (omitted(year)) return { value: null };
  if (typeof year !== "number" || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    return invalid(`année invalide (${show(year)}) : une année sur quatre chiffres est attendue, par exemple 2025`);
  }
  return { value: year };
}

/** Action numbers that have at least one realisation indicator. */
function actionsWithRealisation(): number[] {
  return ACTIONS.map((a) => a.n).filter((n) => realisationIds(n).length > 0);
}

function realisationIds(action: number): string[] {
  return indicatorsOfAction(action)
    .filter((d) => d.kind === "realisation")
    .map((d) => d.id);
}

/** Ranges of consecutive numbers, for messages: [1, 2, 3, 5] -> "1 à 3, 5". */
function ranges(ns: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j] + 1) j++;
    out.push(j === i ? String(ns[i]) : j === i + 1 ? `${ns[i]}, ${ns[j]}` : `${ns[i]} à ${ns[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

/** The id of the n-th realisation indicator of an action (RATE(8) is A8.R1). */
export function realisationId(action: unknown, n: unknown): Outcome<string> {
  const valid = actionsWithRealisation();
  if (typeof action !== "number" || !Number.isInteger(action) || action < 1 || action > ACTIONS.length) {
    return invalid(`action invalide (${show(action)}) : un numéro d'action du SPASER est attendu, de 1 à ${ACTIONS.length}`);
  }
  const ids = realisationIds(action);
  if (ids.length === 0) {
    return invalid(`l'action ${action} n'a pas d'indicateur de réalisation : actions valides ${ranges(valid)}`);
  }
  const rank = omitted(n) ? 1 : n;
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1 || rank > ids.length) {
    const has = ids.length === 1 ? `un seul indicateur de réalisation (${ids[0]}) : rang 1 attendu` : `${ids.length} indicateurs de réalisation (${ids.join(", ")}) : rang 1 à ${ids.length} attendu`;
    return invalid(`rang invalide (${show(n)}) : l'action ${action} a ${has}`);
  }
  return { value: ids[rank - 1] };
}

/** A known indicator id, written the user's way ("a8.r1", " T1 "). */
export function indicatorId(id: unknown): Outcome<string> {
  if (omitted(id) || (typeof id !== "string" && typeof id !== "number")) {
    return invalid("identifiant d'indicateur attendu, par exemple « A8.R1 » ou « T1 »");
  }
  const key = String(id)
    .trim()
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^A(\d+)([RE]\d+)$/, "A$1.$2");
  if (INDICATOR_BY_ID.has(key)) return { value: key };
  const m = /^A(\d+)\.[RE]\d+$/.exec(key);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= ACTIONS.length) {
    const ofAction = indicatorsOfAction(Number(m[1])).map((d) => d.id);
    return invalid(`indicateur ${show(String(id))} inconnu : l'action ${m[1]} a les indicateurs ${ofAction.join(", ")}`);
  }
  return invalid(`indicateur ${show(String(id))} inconnu : identifiants valides T1 à T6 et A1.R1 à A${ACTIONS.length}.E1 (action, puis R pour réalisation ou E pour effet, puis le rang), par exemple « A8.R1 »`);
}

function targetId(id: unknown): Outcome<TargetId> {
  const known = indicatorId(id);
  if (isError(known)) {
    const key = typeof id === "string" ? id.trim().toUpperCase() : "";
    return /^T\d+$/.test(key) ? invalid(`objectif ${show(String(id))} inconnu : objectifs valides T1 à T6`) : known;
  }
  if (!(TARGET_IDS as readonly string[]).includes(known.value)) {
    return invalid(`${known.value} n'a pas de cible : seuls les objectifs de déploiement T1 à T6 en ont`);
  }
  return { value: known.value as TargetId };
}

function stepArg(step: unknown, s: Snapshot): Outcome<1 | 2> {
  if (omitted(step)) return { value: s.etape };
  if (step === 1 || step === 2) return { value: step };
  return invalid(`étape invalide (${show(step)}) : 1 ou 2 attendu`);
}

// ------------------------------------------------------------------ data

function resultsOf(s: Snapshot, year: number | null): Outcome<Results> {
  if (!s.register) return notAvailable(registerMissing(s));
  const y = year ?? s.year;
  const r = s.results(y);
  if (!r) return notAvailable(y === null ? "indicateurs indisponibles : aucune année à calculer" : `indicateurs indisponibles pour ${y}`);
  return { value: r };
}

function resultOf(s: Snapshot, id: string, year: unknown): Outcome<IndicatorResult> {
  const y = yearArg(year);
  if (isError(y)) return y;
  const res = resultsOf(s, y.value);
  if (isError(res)) return res;
  const r = res.value.indicators[id];
  if (!r) return notAvailable(`${id} : indicateur non calculé`);
  return { value: r };
}

/** A number a cell may show: never NaN nor an infinity. */
function finite(n: number, id: string): Outcome<number> {
  return Number.isFinite(n) ? { value: n } : notAvailable(`${id} : valeur non calculable`);
}

function valueOf(r: IndicatorResult): Outcome<CellValue> {
  if (r.value === null || r.value === undefined) return notAvailable(r.reason ?? `${r.id} : non disponible`);
  return typeof r.value === "number" ? finite(r.value, r.id) : { value: r.value };
}

// ------------------------------------------------------------------ the functions

/** RATE(action, [year], [n]): the n-th realisation indicator of the action (default the first). */
export function rateOf(s: Snapshot, action: unknown, year: unknown, n: unknown): Outcome<number> {
  const id = realisationId(action, n);
  if (isError(id)) return id;
  const r = resultOf(s, id.value, year);
  if (isError(r)) return r;
  const v = valueOf(r.value);
  if (isError(v) || typeof v.value === "number") return v as Outcome<number>;
  return notAvailable(`${id.value} : valeur non numérique (${v.value})`);
}

/** INDICATOR(id, [year]): any indicator of SPEC §3–§4. */
export function indicatorOf(s: Snapshot, id: unknown, year: unknown): Outcome<CellValue> {
  const key = indicatorId(id);
  if (isError(key)) return key;
  const r = resultOf(s, key.value, year);
  return isError(r) ? r : valueOf(r.value);
}

function partOf(s: Snapshot, id: unknown, year: unknown, part: "numerator" | "denominator"): Outcome<number> {
  const key = indicatorId(id);
  if (isError(key)) return key;
  const r = resultOf(s, key.value, year);
  if (isError(r)) return r;
  const v = r.value[part];
  if (typeof v === "number") return finite(v, key.value);
  if (r.value.value === null) return notAvailable(r.value.reason ?? `${key.value} : non disponible`);
  return notAvailable(`${key.value} n'est pas un taux : pas de ${part === "numerator" ? "numérateur" : "dénominateur"}`);
}

/** NUMERATOR(id, [year]). */
export function numeratorOf(s: Snapshot, id: unknown, year: unknown): Outcome<number> {
  return partOf(s, id, year, "numerator");
}

/** DENOMINATOR(id, [year]). */
export function denominatorOf(s: Snapshot, id: unknown, year: unknown): Outcome<number> {
  return partOf(s, id, year, "denominator");
}

/** TARGET(id, [step]): the target of T1–T6 for the step (default the current one), from Paramètres. */
export function targetOf(s: Snapshot, id: unknown, step: unknown): Outcome<number> {
  const t = targetId(id);
  if (isError(t)) return t;
  const st = stepArg(step, s);
  if (isError(st)) return st;
  if (!s.register) return notAvailable(registerMissing(s));
  return finite(s.register.parameters.cibles[t.value][st.value - 1], t.value);
}

/** STATUS(id, [year]): Atteint / En cours / Non renseigné, against the target of the current step. */
export function statusOf(s: Snapshot, id: unknown, year: unknown): Outcome<Status> {
  const t = targetId(id);
  if (isError(t)) return t;
  const r = resultOf(s, t.value, year);
  if (isError(r)) return r;
  if (r.value.status) return { value: r.value.status };
  // The engine sets the status of T1–T6; without one, only "no value" can be told for sure.
  if (r.value.value === null) return { value: "Non renseigné" };
  return notAvailable(`${t.value} : statut non calculé`);
}

/** YEARS(): the years with notified contracts, ascending, as a column. */
export function yearsOf(s: Snapshot): Outcome<number[][]> {
  if (!s.register) return notAvailable(registerMissing(s));
  const ys = registerYears(s.register);
  if (ys.length === 0) return notAvailable("aucun contrat notifié dans le registre (colonne « Date de notification » vide ou absente)");
  return { value: ys.map((y) => [y]) };
}
