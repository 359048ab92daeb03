/**
 * Value parsing (SPEC §2.6): every format a register may hold, in one module. Each parser takes a
 * non-blank cell and returns either a value or a French message explaining what was expected.
 */
import type { Cell, CellError, ContractType, DateValue, Nature, ProcedureKind, ReserveType } from "./types";

/**
 * A value, possibly with a warning to report on its cell (the value is still used); or why the cell
 * gives no value: an error, or with `severity: "warning"` a value that is there but not plausible.
 */
export type Parsed<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string; severity?: "warning" };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

const EXCEL_ERRORS = new Set([
  "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
  "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!",
]);

/**
 * The error of a formula cell saved without its computed value: the reader cannot know the value
 * (the register is read from the file as saved, never recomputed).
 */
export const UNCALCULATED_FORMULA = "formule non calculée : ouvrez et enregistrez le classeur dans Excel";

export function isCellError(v: Cell): v is CellError {
  return typeof v === "object" && v !== null && !(v instanceof Date) && typeof (v as CellError).error === "string";
}

/**
 * Office.js gives error cells as their text (`#N/A`); .xlsx readers as objects. The text of the
 * error, or UNCALCULATED_FORMULA for a formula without its value, or null for any other cell.
 */
export function cellErrorText(v: Cell): string | null {
  if (isCellError(v)) return v.error;
  if (typeof v === "string" && v.length > 0 && (v.charCodeAt(0) === 35 /* # */ || (v.charCodeAt(0) <= 32 && v.trimStart().startsWith("#")))) {
    const t = v.trim().toUpperCase();
    if (EXCEL_ERRORS.has(t)) return t;
  }
  return null;
}

/**
 * The message for an error cell: `#N/A : valeur d'erreur Excel, <consequence>`, or for a formula
 * without its value `formule non calculée : ouvrez et enregistrez le classeur dans Excel (<consequence>)`.
 */
export function cellErrorMessage(err: string, consequence: string): string {
  return err === UNCALCULATED_FORMULA ? `${err} (${consequence})` : `${err} : valeur d'erreur Excel, ${consequence}`;
}

/** Spaces and control characters only (C0, DEL, C1: a line of NUL bytes is blank, SPEC §2.6). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const BLANK_TEXT = /^[\s\u0000-\u001f\u007f-\u009f]*$/;

export function isBlank(v: Cell): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== "string") return false;
  // Fast path: a string that starts with a visible character is not blank.
  const c0 = v.length ? v.charCodeAt(0) : 32;
  return c0 > 32 && c0 !== 160 && c0 !== 0x202f && (c0 < 0x7f || c0 > 0x9f) ? false : BLANK_TEXT.test(v);
}

/** Labels of a totals row (SPEC §2.6), compacted: « Total », « Sous-total », « Total général » (HT/TTC). */
const TOTAL_LABEL = /^(sous)?(total|totaux)(generale?)?(ht|ttc)?$/;

/** Whether a cell is the label of a totals row (case, accents, spaces and punctuation free). */
export function isTotalLabel(v: Cell): boolean {
  if (typeof v !== "string" || v.length > 40) return false;
  // Fast path: a label starts (after spaces) with t or s.
  const t = v.trimStart();
  const c0 = t.charCodeAt(0) | 0x20;
  return (c0 === 0x74 || c0 === 0x73) && TOTAL_LABEL.test(compact(t));
}

/** Lower case, accents and ligatures folded, spaces collapsed. */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE")
    .toLowerCase()
    .replace(/[\u00a0\u202f\s]+/g, " ")
    .trim();
}

/** Folded and stripped of everything but letters and digits. */
export function compact(s: string): string {
  return fold(s).replace(/[^a-z0-9]/g, "");
}

/** Shows a cell value in a message. */
export function showCell(v: Cell): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const err = cellErrorText(v);
  if (err) return err;
  if (typeof v === "string") return `« ${v.length > 60 ? v.slice(0, 57) + "…" : v} »`;
  return String(v);
}

export function cellText(v: Cell): string {
  if (v instanceof Date) return formatDate(dateFromJs(v));
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === "boolean") return v ? "VRAI" : "FAUX";
  if (typeof v === "string") return v.trim();
  return "";
}

// ---------------------------------------------------------------- yes / no

const YES = new Set(["oui", "o", "yes", "y", "x", "✓", "✔", "1", "vrai", "true"]);
const NO = new Set(["non", "n", "no", "0", "faux", "false"]);

export function parseYesNo(v: Cell): Parsed<boolean> {
  if (typeof v === "boolean") return ok(v);
  if (typeof v === "number") {
    if (v === 1) return ok(true);
    if (v === 0) return ok(false);
    return fail(`${showCell(v)} n'est pas une réponse oui/non (attendu : oui ou non)`);
  }
  if (typeof v === "string") {
    const f = fold(v).replace(/[.!]$/, "");
    if (YES.has(f)) return ok(true);
    if (NO.has(f)) return ok(false);
  }
  return fail(`${showCell(v)} n'est pas une réponse oui/non (attendu : oui ou non)`);
}

/** `Marché réservé`: non / oui / ESS / SIAE / EA / ESAT. */
export function parseReserve(v: Cell): Parsed<{ reserve: boolean; type: ReserveType | null }> {
  if (typeof v === "string") {
    const f = compact(v);
    for (const t of ["ESS", "SIAE", "EA", "ESAT"] as const) {
      if (f === t.toLowerCase() || f === `oui${t.toLowerCase()}` || f === `reserve${t.toLowerCase()}`) return ok({ reserve: true, type: t });
    }
  }
  const yn = parseYesNo(v);
  if (yn.ok) return ok({ reserve: yn.value, type: yn.value ? "oui" : null });
  return fail(`${showCell(v)} n'est pas un type de réservation reconnu (attendu : non, oui, ESS, SIAE, EA ou ESAT)`);
}

// ---------------------------------------------------------------- numbers

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * Numbers with French or English separators, a currency sign and a k€ / M€ multiplier:
 * `90 000`, `90 000,50`, `90.000,50`, `90,000.50`, `90000 €`, `90 k€`, `1,2 M€`.
 */
export function parseNumber(v: Cell): Parsed<number> {
  if (typeof v === "number") return Number.isFinite(v) ? ok(v) : fail(`${showCell(v)} n'est pas un nombre`);
  if (typeof v !== "string") return fail(`${showCell(v)} n'est pas un nombre`);
  const n = numberFromText(v);
  return n === null ? fail(`${showCell(v)} n'est pas un nombre (exemples acceptés : 90 000, 90 000,50, 90 k€, 1,2 M€)`) : ok(n);
}

/** A plain decimal as exports write amounts: `1025855.78`, `-12`, `90000`. */
const PLAIN_DECIMAL = /^-?\d{1,15}(\.\d{1,15})?$/;

function numberFromText(text: string): number | null {
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  // Scientific notation, as some exports write large amounts: "1.5E+07".
  if (/^\s*[+-]?\d+(\.\d+)?e[+-]?\d+\s*$/i.test(text)) {
    // "1e309" overflows to Infinity: not a number a register can hold.
    const n = Number(text.trim());
    return Number.isFinite(n) ? n : null;
  }
  let s = fold(text).replace(SPACES, "");
  let factor = 1;
  const unit = /(k|m|md|mds)?(€|eur|euros?)?(ht|ttc)?$/.exec(s);
  if (unit && unit[0]) {
    if (unit[1] === "k") factor = 1e3;
    else if (unit[1] === "m") factor = 1e6;
    else if (unit[1] === "md" || unit[1] === "mds") factor = 1e9;
    s = s.slice(0, s.length - unit[0].length);
  }
  if (s.startsWith("€")) s = s.slice(1);
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("−")) {
    sign = -1;
    s = s.slice(1);
  } else if (s.startsWith("+")) s = s.slice(1);
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return null;
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  let normal: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both: the last one is the decimal separator, the other groups thousands.
    const dec = lastComma > lastDot ? "," : ".";
    const grp = dec === "," ? "." : ",";
    const [intPart, frac, ...rest] = s.split(dec);
    if (rest.length > 0 || !validGroups(intPart, grp)) return null;
    normal = intPart.split(grp).join("") + "." + frac;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? "," : ".";
    const parts = s.split(sep);
    if (parts.length === 2) normal = parts[0] + "." + parts[1]; // one separator: decimal
    else if (validGroups(s, sep)) normal = parts.join(""); // several: thousands groups
    else return null;
  } else normal = s;
  if (normal.startsWith(".") || normal.endsWith(".")) return null;
  const n = Number(normal);
  return Number.isFinite(n) ? sign * n * factor : null;
}

function validGroups(s: string, grp: string): boolean {
  const parts = s.split(grp);
  if (parts.length === 1) return /^[0-9]+$/.test(s);
  return /^[0-9]{1,3}$/.test(parts[0]) && parts.slice(1).every((p) => /^[0-9]{3}$/.test(p));
}

export function parseNonNegative(v: Cell): Parsed<number> {
  const n = parseNumber(v);
  if (!n.ok) return n;
  if (n.value < 0) return fail(`${showCell(v)} est négatif : un nombre positif ou nul est attendu`);
  return n;
}

export function parseNonNegativeInteger(v: Cell): Parsed<number> {
  const n = parseNonNegative(v);
  if (!n.ok) return n;
  if (!Number.isInteger(n.value)) return fail(`${showCell(v)} n'est pas un nombre entier`);
  return n;
}

/** Percentages: `30 %`, `30%`, `0,3`, `0.3`, `30` (a value above 1 is read as a percentage). */
export function parsePercent(v: Cell): Parsed<number> {
  if (typeof v === "string") {
    const t = v.trim();
    if (/%$/.test(t)) {
      const n = numberFromText(t.slice(0, -1));
      return n === null ? fail(`${showCell(v)} n'est pas un pourcentage (exemples : 30 %, 0,3)`) : ok(n / 100);
    }
  }
  const n = typeof v === "number" ? ok(v) : typeof v === "string" ? parseNumber(v) : fail<number>("");
  if (!n.ok || !Number.isFinite(n.value)) return fail(`${showCell(v)} n'est pas un pourcentage (exemples : 30 %, 0,3)`);
  return ok(Math.abs(n.value) > 1 ? n.value / 100 : n.value);
}

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 date system (with its 1900 leap-year bug absorbed). */
const EXCEL_EPOCH_SERIAL = -25569; // 1899-12-30 in days since 1970-01-01

export function makeDate(y: number, m: number, d: number): DateValue | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return { y, m, d, serial: Math.round(t / DAY_MS) };
}

/** Calendar date of a day count from 1970-01-01 (proleptic Gregorian, arithmetic only). */
export function dateFromSerial(serial1970: number): DateValue {
  // Howard Hinnant's civil_from_days.
  const z = serial1970 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, serial: serial1970 };
}

/** Date objects from .xlsx readers stand for a calendar day at UTC midnight (time part dropped). */
export function dateFromJs(d: Date): DateValue {
  const serial = Math.floor(d.getTime() / DAY_MS);
  return dateFromSerial(serial);
}

export function excelSerialToDate(n: number): DateValue | null {
  if (!(n >= 1 && n < 2958466)) return null;
  return dateFromSerial(Math.floor(n) + EXCEL_EPOCH_SERIAL);
}

export function dateToExcelSerial(d: DateValue): number {
  return d.serial - EXCEL_EPOCH_SERIAL;
}

export function formatDate(d: DateValue): string {
  return `${String(d.d).padStart(2, "0")}/${String(d.m).padStart(2, "0")}/${d.y}`;
}

/** Adds (or with a negative count, removes) whole months, clamping the day to the month's end. */
export function addMonths(d: DateValue, months: number): DateValue {
  const total = d.y * 12 + (d.m - 1) + Math.trunc(months);
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return makeDate(y, m, Math.min(d.d, last)) as DateValue;
}

/** The plausible dates of a register (SPEC §2.6): a date outside is a placeholder or a typo. */
export const DATE_MIN = { y: 2000, m: 1, d: 1 } as const;
export const DATE_MAX = { y: 2100, m: 12, d: 31 } as const;
const DATE_RANGE = "01/01/2000 – 31/12/2100";

/**
 * Two-digit years as Excel reads them (its default cutoff): 00–29 are 2000–2029, 30–99 are
 * 1930–1999 (Microsoft, « How Excel works with two-digit year numbers »).
 */
export function pivotYear(yy: number): number {
  return yy < 30 ? 2000 + yy : 1900 + yy;
}

function inRange(d: DateValue): boolean {
  return d.y >= DATE_MIN.y && d.y <= DATE_MAX.y;
}

/**
 * Dates: Excel serial numbers, Date objects, `15/03/2025`, `15-03-2025`, `15.03.2025`,
 * `2025-03-15`, `2025-03-15T10:00:00` (date part). A two-digit year is read with Excel's pivot, with
 * a warning. A date before 01/01/2000 or after 31/12/2100 (a placeholder such as 31/12/9999, a
 * serial below 61 that Excel itself shows a day off, a year typed alone) is refused with
 * `severity: "warning"`: the field is unknown.
 */
export function parseDate(v: Cell): Parsed<DateValue> {
  const bad = () => fail<DateValue>(`${showCell(v)} n'est pas une date valide (attendu : JJ/MM/AAAA)`);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? bad() : ranged(v, dateFromJs(v));
  if (typeof v === "number") {
    const d = excelSerialToDate(v);
    return d ? ranged(v, d) : bad();
  }
  if (typeof v !== "string") return bad();
  const s = v.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) {
    const twoDigits = m[3].length === 2;
    const y = twoDigits ? pivotYear(Number(m[3])) : Number(m[3]);
    // makeDate knows 1900–2200 only: a year beyond (31/12/9999) is checked for the calendar here.
    const d = makeDate(y, Number(m[2]), Number(m[1])) ?? farDate(y, Number(m[2]), Number(m[1]));
    if (!d) return bad();
    if (!twoDigits) return ranged(v, d);
    const read = `année sur deux chiffres lue ${y} (comme Excel : 00 à 29 → 2000 à 2029, 30 à 99 → 1930 à 1999)`;
    return inRange(d) ? { ok: true, value: d, warning: `${showCell(v)} : ${read} ; saisissez l'année sur quatre chiffres` } : outOfRange(v, d, read);
  }
  // ISO dates, with a time and a time zone or not (older DECP exports write "2024-07-15+02:00").
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    const d = makeDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? farDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? ranged(v, d) : bad();
  }
  return bad();
}

/** A calendar date outside makeDate's years (only to say it is out of range). */
function farDate(y: number, m: number, d: number): DateValue | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return { y, m, d, serial: Math.round(t.getTime() / DAY_MS) };
}

function ranged(v: Cell, d: DateValue): Parsed<DateValue> {
  return inRange(d) ? ok(d) : outOfRange(v, d, null);
}

function outOfRange(v: Cell, d: DateValue, read: string | null): Parsed<DateValue> {
  let why: string;
  if (read) why = read;
  else if (typeof v === "number" && Number.isInteger(v) && v >= 1900 && v <= 2100) why = `lu comme le numéro de série Excel du ${formatDate(d)} : une année seule n'est pas une date`;
  else if (typeof v === "number" && v < 61) why = `numéro de série Excel du ${formatDate(d)}, qu'Excel affiche avec un jour d'écart (il compte un 29/02/1900 qui n'a pas existé)`;
  else if (typeof v === "string" || v instanceof Date) why = d.y > DATE_MAX.y ? "date de remplacement ou faute de frappe" : "date trop ancienne pour un marché suivi";
  else why = `${formatDate(d)}${d.y > DATE_MAX.y ? ", date de remplacement ou faute de frappe" : ", date trop ancienne pour un marché suivi"}`;
  return { ok: false, severity: "warning", message: `${showCell(v)} : ${why}, hors de la période ${DATE_RANGE} : date ignorée` };
}

// ---------------------------------------------------------------- durations

/** Months or years: `mois`, `m`, `an`, `ans`, `an(s)`, `année(s)`. */
const DURATION_PART = /^(\d+(?:[.,]\d+)?) ?(mois|annee\(s\)|annees?|an\(s\)|ans?|m)?/;

/**
 * Durations in months (`Durée (mois)`): `36`, `36 mois`, `36 m`, `3 ans`, `3 an(s)` (× 12),
 * `1 an et 6 mois`. « m » is months here, never millions.
 */
export function parseDuration(v: Cell): Parsed<number> {
  const refused = () => fail<number>(`${showCell(v)} n'est pas une durée (exemples acceptés : 36, 36 mois, 3 ans, 1 an et 6 mois)`);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return refused();
    return v < 0 ? fail(`${showCell(v)} est négatif : une durée positive ou nulle est attendue`) : ok(v);
  }
  if (typeof v !== "string") return refused();
  let s = fold(v).replace(/\.$/, "");
  if (/^[-−]/.test(s)) return fail(`${showCell(v)} est négatif : une durée positive ou nulle est attendue`);
  let months = 0;
  let years = false;
  let monthsSeen = false;
  let parts = 0;
  while (s !== "") {
    const m = DURATION_PART.exec(s);
    if (!m) return refused();
    const n = Number(m[1].replace(",", "."));
    const unit = m[2] ?? "";
    if (unit.startsWith("a")) {
      // Years come first, once.
      if (years || monthsSeen) return refused();
      years = true;
      months += n * 12;
    } else {
      // Months, once; a bare number only alone or after years (« 1 an 6 »).
      if (monthsSeen || (unit === "" && parts > 0 && !years)) return refused();
      monthsSeen = true;
      months += n;
    }
    parts++;
    s = s.slice(m[0].length).replace(/^(?:,| )*(?:et )?/, "").trim();
  }
  if (parts === 0) return refused();
  return ok(Math.round(months * 1e6) / 1e6);
}

// ---------------------------------------------------------------- action lists

/**
 * The highest action number read; whether the action is one of the plan's (the seed's 26, or a
 * workbook's `Plan` sheet) is checked once the whole workbook is read (src/register/read.ts).
 */
const MAX_ACTION = 999;

/** `8; 11; 24`, `8,11,24`, `A8 A11`, `n°8 et n°11`. */
export function parseActionList(v: Cell): Parsed<number[]> {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return fail(`${showCell(v)} : liste d'actions ambiguë, saisir les numéros séparés par « ; » (ex. 8; 11)`);
    return v >= 1 && v <= MAX_ACTION ? ok([v]) : fail(`action ${v} inconnue : un numéro d'action de 1 à ${MAX_ACTION} est attendu`);
  }
  if (typeof v !== "string") return fail(`${showCell(v)} n'est pas une liste d'actions (ex. 8; 11; 24)`);
  const f = fold(v);
  const rest = f
    .replace(/\b(actions?|et|and|n°|no|num|a)\b/g, " ")
    .replace(/n°|°|#/g, " ")
    .replace(/[;,/|+&\s]+/g, " ")
    .replace(/\ba(?=\d)/g, " ")
    .trim();
  if (rest === "" || !/^[0-9 ]+$/.test(rest)) return fail(`${showCell(v)} n'est pas une liste d'actions (ex. 8; 11; 24)`);
  const nums = rest.split(/ +/).map(Number);
  const wrong = nums.filter((n) => n < 1 || n > MAX_ACTION);
  if (wrong.length > 0) return fail(`action ${wrong.join(", ")} inconnue : un numéro d'action de 1 à ${MAX_ACTION} est attendu`);
  return ok([...new Set(nums)].sort((a, b) => a - b));
}

// ---------------------------------------------------------------- procedures

const PROCEDURES: [ProcedureKind, string[]][] = [
  ["AOO", ["appel d'offres ouvert", "aoo", "ao ouvert"]],
  ["AOR", ["appel d'offres restreint", "aor", "ao restreint"]],
  ["AO", ["appel d'offres", "ao", "appel d'offre"]],
  ["PN", ["procedure avec negociation", "pn", "procedure concurrentielle avec negociation", "pcn", "procedure negociee avec mise en concurrence", "procedure negociee avec publicite et mise en concurrence"]],
  ["DC", ["dialogue competitif", "dc"]],
  ["MAPA", ["mapa", "procedure adaptee", "marche a procedure adaptee", "marche public a procedure adaptee", "pa"]],
  ["SANS", [
    "marche negocie sans publicite ni mise en concurrence",
    "marche passe sans publicite ni mise en concurrence prealable",
    "marche negocie sans publicite ni mise en concurrence prealable",
    "sans publicite ni mise en concurrence",
    "sans publicite ni mise en concurrence prealable",
    "procedure negociee sans publicite ni mise en concurrence",
    "procedure negociee sans publicite ni mise en concurrence prealable",
    "mnspmc", "npsmc", "spmc",
  ]],
];
const PROCEDURE_INDEX = new Map<string, ProcedureKind>();
for (const [kind, names] of PROCEDURES) for (const n of names) PROCEDURE_INDEX.set(compact(n), kind);

export const PROCEDURE_LABEL: Record<ProcedureKind, string> = {
  AOO: "Appel d'offres ouvert",
  AOR: "Appel d'offres restreint",
  AO: "Appel d'offres",
  PN: "Procédure avec négociation",
  DC: "Dialogue compétitif",
  MAPA: "Procédure adaptée (MAPA)",
  SANS: "Sans publicité ni mise en concurrence",
};

export function parseProcedure(v: Cell): Parsed<ProcedureKind> {
  const text = cellText(v);
  const key = compact(text.replace(/\((aoo|aor|pn|dc|mapa|pcn)\)/i, ""));
  const kind = PROCEDURE_INDEX.get(key);
  if (kind) return ok(kind);
  return fail(`procédure ${showCell(v)} non reconnue : elle ne compte ni comme formalisée ni comme adaptée`);
}

export function isFormalisee(p: ProcedureKind): boolean {
  return p === "AOO" || p === "AOR" || p === "AO" || p === "PN" || p === "DC";
}

/** Procedures that allow a negotiation (action 20): MAPA, procédure avec négociation, dialogue compétitif. */
export function allowsNegotiation(p: ProcedureKind): boolean {
  return p === "MAPA" || p === "PN" || p === "DC";
}

// ---------------------------------------------------------------- nature

/** Contract forms of the DECP `nature` field: not a nature of services, so read as blank. */
const DECP_FORMS = new Set(["marche", "accordcadre", "marchesubsequent", "marchedepartenariat", "marchededefenseoudesecurite"]);

export function parseNature(v: Cell): Parsed<Nature | null> {
  const f = compact(cellText(v));
  if (DECP_FORMS.has(f)) return ok(null);
  if (/^travaux?$/.test(f) || f === "t") return ok("Travaux");
  if (/^fournitures?$/.test(f) || f === "f" || f === "fcs" || f === "fournituresetservices") return ok("Fournitures");
  if (/^services?$/.test(f) || f === "s" || f === "prestationsdeservices" || f === "prestationsintellectuelles" || f === "pi") return ok("Services");
  if (f === "maitrisedoeuvre" || f === "moe" || f === "mo" || f === "maitrisedoeuvremoe") return ok("Maîtrise d'œuvre");
  if (f === "concession" || f === "concessions" || f === "delegationdeservicepublic" || f === "dsp" || f === "contratdeconcession" || CONCESSION_NATURES.has(f)) return ok("Concession");
  return fail(`nature ${showCell(v)} non reconnue (attendu : Travaux, Fournitures, Services, Maîtrise d'œuvre ou Concession)`);
}

/** DECP natures of a concession record (« Concession de travaux », « Délégation de service public »…). */
const CONCESSION_NATURES = new Set(["concessiondetravaux", "concessiondeservice", "concessiondeservices", "concessiondeservicepublic", "concessiondetravauxpublics"]);

/** The DECP value of `nature` or `procedure` that marks a defence or security contract. */
export function isDefenceValue(v: Cell): boolean {
  return typeof v === "string" && compact(v) === "marchededefenseoudesecurite";
}

/** DECP `nature` values that are a contract type: « Accord-cadre », « Marché subséquent ». */
export function contractTypeOfDecpNature(v: Cell): ContractType | null {
  if (typeof v !== "string") return null;
  const f = compact(v);
  return f === "accordcadre" ? "accordCadre" : f === "marchesubsequent" ? "subsequent" : null;
}

const CONTRACT_TYPES: [ContractType, string[]][] = [
  ["marche", ["marche", "marchepublic", "marcheordinaire", "marcheclassique", "m", "sansobjet", "aucune"]],
  ["accordCadre", ["accordcadre", "ac", "accordscadres", "accordcadreabonsdecommande", "accordcadreamarchessubsequents"]],
  ["subsequent", ["marchesubsequent", "subsequent", "ms", "bondecommande", "bdc", "commande"]],
  ["concession", ["concession", "contratdeconcession", "delegationdeservicepublic", "dsp", ...CONCESSION_NATURES]],
];
const CONTRACT_TYPE_INDEX = new Map<string, ContractType>();
for (const [t, names] of CONTRACT_TYPES) for (const n of names) CONTRACT_TYPE_INDEX.set(n, t);

/** Techniques of a DECP `techniques` list that leave the contract a marché. */
const DECP_TECHNIQUES = new Set(
  ["Concours", "Système de qualification", "Système d'acquisition dynamique", "Catalogue électronique", "Enchère électronique", "Enchères électroniques", "Sans objet"].map(compact),
);

/**
 * `Type de contrat`: marché, accord-cadre, marché subséquent (or a bon de commande), concession;
 * a DECP `techniques` list (`['Accord-cadre', 'Catalogue électronique']`) is an accord-cadre when
 * it holds « Accord-cadre », a marché otherwise.
 */
export function parseContractType(v: Cell): Parsed<ContractType> {
  const parts = cellText(v)
    .replace(/[[\]{}"']/g, " ")
    .split(/[,;|]/)
    .map((s) => compact(s))
    .filter((s) => s !== "");
  const found = parts.map((p) => CONTRACT_TYPE_INDEX.get(p) ?? (DECP_TECHNIQUES.has(p) ? "marche" : null));
  if (parts.length === 0 || found.some((t) => t === null)) return fail(`type de contrat ${showCell(v)} non reconnu (attendu : marché, accord-cadre, marché subséquent ou concession)`);
  const types = found as ContractType[];
  for (const t of ["concession", "accordCadre", "subsequent"] as const) if (types.includes(t)) return ok(t);
  return ok("marche");
}

// ---------------------------------------------------------------- DECP identifiers and closed lists

/**
 * An identifier (SIRET, TVA number…): spaces and dots removed. A number cell is an identifier that
 * Excel turned into a number: a 13-digit one lost the leading zero of its 14-digit SIRET.
 */
export function parseIdentifier(v: Cell): Parsed<string> {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) return fail(`${showCell(v)} n'est pas un identifiant (SIRET : 14 chiffres)`);
    const digits = String(v);
    return ok(digits.length === 13 ? `0${digits}` : digits);
  }
  const t = cellText(v).replace(/[\s.\u00a0\u202f]/g, "");
  return t === "" ? fail(`${showCell(v)} n'est pas un identifiant (SIRET : 14 chiffres)`) : ok(t);
}

/** An index of a closed list of values: every way of writing a value, compacted → the value kept. */
export function choiceIndex(choices: readonly (readonly string[])[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const names of choices) for (const n of names) if (!m.has(compact(n))) m.set(compact(n), names[0]);
  return m;
}

function choiceList(choices: readonly (readonly string[])[]): string {
  return choices.map((c) => c[0]).join(", ");
}

/** One value of a closed list (`CCAG`, `Forme du prix`…); an unknown value is a warning, the field unknown. */
export function parseChoice(v: Cell, index: ReadonlyMap<string, string>, choices: readonly (readonly string[])[], header: string): Parsed<string> {
  const found = index.get(compact(cellText(v)));
  if (found !== undefined) return ok(found);
  return { ok: false, severity: "warning", message: `${showCell(v)} n'est pas une valeur de « ${header} » (attendu : ${choiceList(choices)})` };
}

/**
 * Several values of a closed list (`Types de prix`, `Modalités d'exécution`), joined by `,` `;` or
 * `|`; brackets and quotes around them, as DECP exports write them, are ignored.
 */
export function parseChoiceList(v: Cell, index: ReadonlyMap<string, string>, choices: readonly (readonly string[])[], header: string): Parsed<string[]> {
  const parts = cellText(v)
    .replace(/[[\]{}"']/g, " ")
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const out: string[] = [];
  const wrong: string[] = [];
  for (const p of parts) {
    const found = index.get(compact(p));
    if (found === undefined) wrong.push(p);
    else if (!out.includes(found)) out.push(found);
  }
  if (wrong.length || out.length === 0)
    return { ok: false, severity: "warning", message: `${wrong.length ? wrong.map((w) => `« ${w} »`).join(", ") : showCell(v)} : valeur${wrong.length > 1 ? "s" : ""} de « ${header} » non reconnue${wrong.length > 1 ? "s" : ""} (attendu : ${choiceList(choices)})` };
  return ok(out);
}

/** Nature derived from a CPV code (SPEC §2.1). */
export function natureFromCpv(cpv: string, objet: string | null): Nature | null {
  const digits = cpv.replace(/[^0-9]/g, "");
  if (digits.length < 2) return null;
  const div = Number(digits.slice(0, 2));
  if (div === 45) return "Travaux";
  if (div === 71) return objet && /maitrise d'?\s*oeuvre/.test(fold(objet)) ? "Maîtrise d'œuvre" : "Services";
  if ((div >= 3 && div <= 44) || div === 48) return "Fournitures";
  return "Services";
}

// ---------------------------------------------------------------- activities

export function parseActivityStatus(v: Cell): Parsed<"Programmée" | "Réalisée" | "Annulée"> {
  const f = compact(cellText(v));
  if (["programmee", "programme", "prevue", "prevu", "planifiee", "planifie", "aprogrammer", "encours"].includes(f)) return ok("Programmée");
  if (["realisee", "realise", "faite", "fait", "terminee", "termine", "effectuee", "effectue"].includes(f)) return ok("Réalisée");
  if (["annulee", "annule", "abandonnee", "abandonne"].includes(f)) return ok("Annulée");
  return fail(`statut ${showCell(v)} non reconnu (attendu : Programmée, Réalisée ou Annulée)`);
}

export function parseGender(v: Cell): Parsed<"F" | "H"> {
  const f = compact(cellText(v));
  if (f === "f" || f === "femme" || f === "feminin") return ok("F");
  if (f === "h" || f === "m" || f === "homme" || f === "masculin") return ok("H");
  return fail(`genre ${showCell(v)} non reconnu (attendu : F ou H)`);
}

export function parseYear(v: Cell): Parsed<number> {
  if (v instanceof Date) return ok(dateFromJs(v).y);
  const n = parseNumber(v);
  if (n.ok && Number.isInteger(n.value) && n.value >= 1900 && n.value <= 2200) return ok(n.value);
  const d = parseDate(v);
  if (d.ok && typeof v === "string") return ok(d.value.y);
  return fail(`${showCell(v)} n'est pas une année (ex. 2025)`);
}

/** Column letters of a 0-based column index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let s = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
