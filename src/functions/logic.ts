/**
 * What each SPASER worksheet function answers, given a snapshot of the register and the cell's
 * arguments: a value, or an error that says why in French. Pure: functions.ts maps the errors to
 * `CustomFunctions.Error` (#N/A, #VALUE!) and streams the answers to the cells.
 */
import { contractsOfEntity, EntityNotFoundError, registerYears } from "../indicators/engine";
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

/**
 * With the workbook's `Plan` sheet, RATE(n) is the buyer's action n: its n-th indicator in percent
 * (realisation indicators first, in the order of the `Référentiel`).
 */
function planRateId(s: Snapshot, action: unknown, n: unknown): Outcome<string> {
  const plan = s.register?.plan;
  if (!plan) return realisationId(action, n);
  const numbers = plan.actions.map((a) => a.n).sort((a, b) => a - b);
  if (typeof action !== "number" || !Number.isInteger(action) || !numbers.includes(action)) {
    return invalid(`action invalide (${show(action)}) : un numéro d'action du plan (feuille « ${plan.sheet ?? "Plan"} ») est attendu : ${ranges(numbers)}`);
  }
  let res: Results | null = null;
  try {
    res = s.results(null, { entity: null });
  } catch {
    res = null;
  }
  const defs = (res?.definitions ?? []).filter((d) => d.action === action && d.unit === "percent");
  const ids = [...defs.filter((d) => d.kind === "realisation"), ...defs.filter((d) => d.kind !== "realisation")].map((d) => d.id);
  if (ids.length === 0) return invalid(`l'action ${action} du plan n'a pas d'indicateur en pourcentage dans la feuille « Référentiel » (colonne Action = ${action})`);
  const rank = omitted(n) ? 1 : n;
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1 || rank > ids.length) {
    const has = ids.length === 1 ? `un seul indicateur en pourcentage (${ids[0]}) : rang 1 attendu` : `${ids.length} indicateurs en pourcentage (${ids.join(", ")}) : rang 1 à ${ids.length} attendu`;
    return invalid(`rang invalide (${show(n)}) : l'action ${action} a ${has}`);
  }
  return { value: ids[rank - 1] };
}

/**
 * A known indicator id, written the user's way ("a8.r1", " T1 "): a built-in one, or one the
 * workbook's `Référentiel` sheet adds ("X1", compared without regard to case and spaces).
 */
export function indicatorId(id: unknown, s?: Snapshot | null): Outcome<string> {
  if (omitted(id) || (typeof id !== "string" && typeof id !== "number")) {
    return invalid("identifiant d'indicateur attendu, par exemple « A8.R1 » ou « T1 »");
  }
  const key = String(id)
    .trim()
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^A(\d+)([RE]\d+)$/, "A$1.$2");
  if (INDICATOR_BY_ID.has(key)) return { value: key };
  const added = s?.register?.referentiel?.rows.find((r) => !INDICATOR_BY_ID.has(r.id) && r.id.toUpperCase().replace(/\s+/g, "") === key);
  if (added) return { value: added.id };
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

/**
 * The buyer of a joint SPASER (last argument of the functions): omitted or blank = the whole
 * register, whatever the pane shows (a cell's value never depends on a choice made in the pane
 * other than the year); a name is compared like headers (case, accents and spaces do not matter).
 */
export function entityArg(entity: unknown): Outcome<string | null> {
  if (omitted(entity) || (typeof entity === "string" && entity.trim() === "")) return { value: null };
  if (typeof entity !== "string") return invalid(`entité invalide (${show(entity)}) : un nom d'entité est attendu, par exemple « Ville »`);
  return { value: entity.trim() };
}

function stepArg(step: unknown, s: Snapshot): Outcome<1 | 2> {
  if (omitted(step)) return { value: s.etape };
  if (step === 1 || step === 2) return { value: step };
  return invalid(`étape invalide (${show(step)}) : 1 ou 2 attendu`);
}

// ------------------------------------------------------------------ data

function resultsOf(s: Snapshot, year: number | null, entity: string | null, detail = false): Outcome<Results> {
  if (!s.register) return notAvailable(registerMissing(s));
  const y = year ?? s.year;
  let r: Results | null;
  try {
    r = s.results(y, { entity, ...(detail ? { detail } : {}) });
  } catch (e) {
    if (e instanceof EntityNotFoundError) return invalid(e.message);
    throw e;
  }
  if (!r) return notAvailable(y === null ? "indicateurs indisponibles : aucune année à calculer" : `indicateurs indisponibles pour ${y}`);
  return { value: r };
}

function resultOf(s: Snapshot, id: string, year: unknown, entity: unknown, detail = false): Outcome<IndicatorResult> {
  const y = yearArg(year);
  if (isError(y)) return y;
  const e = entityArg(entity);
  if (isError(e)) return e;
  const res = resultsOf(s, y.value, e.value, detail);
  if (isError(res)) return res;
  const r = res.value.indicators[id];
  if (!r) {
    const why = res.value.referential.dropped?.includes(id)
      ? "retiré du référentiel du classeur (Type « aucun »)"
      : res.value.referential.plan
        ? `absent du référentiel du classeur : avec une feuille « ${res.value.referential.plan.sheet} », seuls T1 à T6 et les indicateurs de la feuille « Référentiel » sont calculés`
        : "indicateur non calculé";
    return notAvailable(`${id} : ${why}`);
  }
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

/** RATE(action, [year], [n], [entity]): the n-th realisation indicator of the action (default the first). */
export function rateOf(s: Snapshot, action: unknown, year: unknown, n: unknown, entity?: unknown): Outcome<number> {
  const id = s.register?.plan ? planRateId(s, action, n) : realisationId(action, n);
  if (isError(id)) return id;
  const r = resultOf(s, id.value, year, entity);
  if (isError(r)) return r;
  const v = valueOf(r.value);
  if (isError(v) || typeof v.value === "number") return v as Outcome<number>;
  return notAvailable(`${id.value} : valeur non numérique (${v.value})`);
}

/** INDICATOR(id, [year], [entity]): any indicator, built-in or added by the workbook's Référentiel sheet. */
export function indicatorOf(s: Snapshot, id: unknown, year: unknown, entity?: unknown): Outcome<CellValue> {
  const key = indicatorId(id, s);
  if (isError(key)) return key;
  const r = resultOf(s, key.value, year, entity);
  return isError(r) ? r : valueOf(r.value);
}

function partOf(s: Snapshot, id: unknown, year: unknown, entity: unknown, part: "numerator" | "denominator"): Outcome<number> {
  const key = indicatorId(id, s);
  if (isError(key)) return key;
  const r = resultOf(s, key.value, year, entity);
  if (isError(r)) return r;
  const v = r.value[part];
  if (typeof v === "number") return finite(v, key.value);
  if (r.value.value === null) return notAvailable(r.value.reason ?? `${key.value} : non disponible`);
  return notAvailable(`${key.value} n'est pas un taux : pas de ${part === "numerator" ? "numérateur" : "dénominateur"}`);
}

/** NUMERATOR(id, [year], [entity]). */
export function numeratorOf(s: Snapshot, id: unknown, year: unknown, entity?: unknown): Outcome<number> {
  return partOf(s, id, year, entity, "numerator");
}

/** DENOMINATOR(id, [year], [entity]). */
export function denominatorOf(s: Snapshot, id: unknown, year: unknown, entity?: unknown): Outcome<number> {
  return partOf(s, id, year, entity, "denominator");
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

/** STATUS(id, [year], [entity]): Atteint / En cours / Non renseigné, against the target of the current step. */
export function statusOf(s: Snapshot, id: unknown, year: unknown, entity?: unknown): Outcome<Status> {
  const t = targetId(id);
  if (isError(t)) return t;
  const r = resultOf(s, t.value, year, entity);
  if (isError(r)) return r;
  if (r.value.status) return { value: r.value.status };
  // The engine sets the status of T1–T6; without one, only "no value" can be told for sure.
  if (r.value.value === null) return { value: "Non renseigné" };
  return notAvailable(`${t.value} : statut non calculé`);
}

/** YEARS([entity]): the years with notified contracts (of the entity), ascending, as a column. */
export function yearsOf(s: Snapshot, entity?: unknown): Outcome<number[][]> {
  const e = entityArg(entity);
  if (isError(e)) return e;
  if (!s.register) return notAvailable(registerMissing(s));
  let contracts = s.register.contracts;
  if (e.value !== null) {
    try {
      const found = contractsOfEntity(s.register, e.value);
      contracts = found.contracts;
    } catch (err) {
      if (err instanceof EntityNotFoundError) return invalid(err.message);
      throw err;
    }
  }
  const ys = registerYears(s.register, contracts);
  if (ys.length === 0) return notAvailable(`aucun contrat notifié dans le registre${e.value !== null ? ` pour l'entité « ${e.value} »` : ""} (colonne « Date de notification » vide ou absente)`);
  return { value: ys.map((y) => [y]) };
}

// ------------------------------------------------------------------ the drill-down

export type ContractRole = "numerator" | "denominator" | "excluded" | "counted";

/** The role argument in English or French, accents and case aside. */
const ROLES: Readonly<Record<string, ContractRole>> = {
  numerator: "numerator",
  numerateur: "numerator",
  denominator: "denominator",
  denominateur: "denominator",
  excluded: "excluded",
  ecartes: "excluded",
  ecarte: "excluded",
  counted: "counted",
  comptes: "counted",
  compte: "counted",
};

const ROLE_WORD: Readonly<Record<ContractRole, string>> = { numerator: "numérateur", denominator: "dénominateur", excluded: "écartés", counted: "comptés" };

export function roleArg(role: unknown): Outcome<ContractRole | null> {
  if (omitted(role) || (typeof role === "string" && role.trim() === "")) return { value: null };
  const key =
    typeof role === "string"
      ? role
          .trim()
          .toLowerCase()
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
      : "";
  const r = ROLES[key];
  if (r) return { value: r };
  return invalid(`rôle invalide (${show(role)}) : « numérateur » (par défaut), « dénominateur », « écartés » ou, pour un nombre, une somme ou une moyenne, « comptés » est attendu`);
}

/**
 * CONTRACTS(id, [role], [year], [entity]): the N° marché behind a figure, as a column that spills
 * down. Default role: the numerator of a rate, the contracts counted of a count, sum or mean.
 * An empty list is one empty cell (a spill of zero rows does not exist).
 */
export function contractsOf(s: Snapshot, id: unknown, role: unknown, year: unknown, entity?: unknown): Outcome<string[][]> {
  const key = indicatorId(id, s);
  if (isError(key)) return key;
  const ro = roleArg(role);
  if (isError(ro)) return ro;
  const r = resultOf(s, key.value, year, entity, true);
  if (isError(r)) return r;
  const res = r.value;
  const d = res.detail;
  // An n/a figure has no contracts to show, except those left out that made it n/a, when asked for.
  if (res.value === null && !(ro.value === "excluded" && d?.excluded?.length)) return notAvailable(res.reason ?? `${key.value} : non disponible`);
  if (!d) return notAvailable(`${key.value} n'a pas de liste de contrats : sa valeur ne vient pas des lignes du registre des marchés${res.source ? ` (source : ${res.source})` : ""}`);
  const isRate = d.numerator !== undefined || d.denominator !== undefined;
  const wanted: ContractRole = ro.value ?? (isRate ? "numerator" : "counted");
  let ids: string[] | undefined;
  if (wanted === "excluded") ids = (d.excluded ?? []).map((e) => e.id);
  else ids = d[wanted];
  if (!ids) {
    return invalid(
      isRate
        ? `${key.value} est un taux : rôle « numérateur », « dénominateur » ou « écartés » attendu, pas « ${ROLE_WORD[wanted]} »`
        : `${key.value} n'est pas un taux : rôle « comptés » (par défaut) ou « écartés » attendu, pas « ${ROLE_WORD[wanted]} »`,
    );
  }
  return { value: ids.length ? ids.map((x) => [x]) : [[""]] };
}
