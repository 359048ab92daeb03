/**
 * Reads the workbook's `Référentiel` sheet (docs/methodologie.md): one row per indicator redefined, relabelled,
 * retargeted or added. Every mistake is an error naming its cell (`Référentiel!E7`) and saying what
 * was expected; only that indicator is then n/a, the others are read as usual.
 */
import { normalizeHeader, REGISTER_INDEX, REGISTER_COLUMN_BY_KEY } from "./columns";
import { formatNumber, isEmptyExpression, MAX_EXPRESSION_LENGTH, MAX_NAME_LENGTH, parseExpression, targetedActions } from "./expression";
import { actionRangeText, type Plan } from "../spaser/plan";
import type { HeaderMatch } from "./headers";
import type { IssueLog } from "./issues";
import { valueColumn, type OwnColumns } from "./own-columns";
import type { Cell, DefinitionTypeName, ReferentialRow, ReferentialSheet } from "./types";
import { cellErrorMessage, cellErrorText, cellText, columnLetter, fold, isBlank, Parsed, parseNonNegative, parseNumber, parsePercent, showCell } from "./values";
import { INDICATOR_BY_ID } from "../spaser/referential";

const TYPES: Record<string, DefinitionTypeName> = {
  taux: "taux",
  ratio: "taux",
  compte: "compte",
  nombre: "compte",
  somme: "somme",
  total: "somme",
  moyenne: "moyenne",
  partenvaleur: "part en valeur",
  partvaleur: "part en valeur",
  integre: "intégré",
};

/** `Type` words that drop an indicator. */
const DROP = new Set(["aucun", "aucune", "supprime", "supprimer", "neant", "nonsuivi"]);

/** Types of the built-in indicators that are not expressions (cannot be redefined). */
export type BuiltinTypeOf = (id: string) => DefinitionTypeName | null;

/** An indicator id: letters, digits and dots, as typed (T1, A8.R1, X1, ENV.3). */
const ID = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;

/** Register columns that can be summed or averaged. */
const NUMERIC = new Set(["number", "integer", "percent"]);

/**
 * The most indicators a sheet defines: 500, four times the tool's own referential (about 120
 * figures). Each indicator is one more pass over the contracts of every year computed: the bound
 * keeps a hostile sheet of a million rows from holding the tool for hours. Rows beyond are not
 * read; a built-in indicator they name is n/a (its figure would not follow the sheet).
 */
export const MAX_REFERENTIAL_ROWS = 500;

/**
 * The most characters of Population and Condition in a sheet: 100 000, 65 times the tool's own
 * referential (1 525). Each term of an expression is one more test per contract: the bound keeps
 * the work of a sheet proportional to the register whatever the sheet. An expression that does not
 * fit in what is left is not read (error at its cell, that indicator n/a).
 */
export const MAX_REFERENTIAL_EXPRESSION_CHARS = 100_000;

/**
 * A target as users type it for an indicator that is not a rate: a number, in the indicator's unit
 * (« 80 000 », « 80 000 h », « 12 jours », « 50 tCO2e », « 90 k€ »), or a percentage (« 12 % ») for
 * the mean or sum of a percentage column.
 */
function parseTarget(v: Cell): Parsed<number> {
  if (typeof v === "string") {
    const t = v.trim();
    if (t.endsWith("%")) return parsePercent(t);
    const unit = t.match(/^(.*?)\s*(h|heures?|j|jours?|tco2e?|tonnes? co2e?|contrats?|marchés?)$/i);
    if (unit && unit[1]) return parseNonNegative(unit[1]);
  }
  return parseNonNegative(v);
}

/** « 75 % », « 1,5 % » for the message of a target read as a percentage. */
function formatPercentTarget(x: number): string {
  return `${(Math.round(x * 10_000) / 100).toLocaleString("fr-FR", { maximumFractionDigits: 2 })} %`;
}

/** A user's text in a message: at most 60 characters, cut with « … ». */
function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** `own`: the register's own columns, which expressions may name too (SPEC §8.1). */
export function readReferentialSheet(m: HeaderMatch, log: IssueLog, builtinType: BuiltinTypeOf, own: OwnColumns | null = null): ReferentialSheet {
  const grid = m.grid;
  const sheet = grid.sheet;
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  const rows: ReferentialRow[] = [];
  if (!m.columns.has("id")) {
    log.add("error", sheet, originRow + m.rowIndex + 1, null, null, "colonne « Id » introuvable : la feuille du référentiel est ignorée");
    return { sheet, rows };
  }
  const seen = new Map<string, ReferentialRow>();
  let read = 0;
  let expressionChars = 0;
  const beyond: { first: number; last: number; count: number; builtins: { id: string; row: number }[] } = { first: 0, last: 0, count: 0, builtins: [] };
  for (let r = m.rowIndex + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (!cells || cells.every((v) => isBlank(v))) continue;
    const sheetRow = originRow + r + 1;
    if (read >= MAX_REFERENTIAL_ROWS) {
      // Not read: only a built-in id is looked at, to make that indicator n/a.
      if (!beyond.count) beyond.first = sheetRow;
      beyond.last = sheetRow;
      beyond.count++;
      const c = m.columns.get("id") as number;
      const v = cells[c];
      const b = typeof v === "string" && v.length <= 32 ? v.trim().toUpperCase() : null;
      if (b && INDICATOR_BY_ID.has(b) && !seen.has(b) && !beyond.builtins.some((x) => x.id === b)) beyond.builtins.push({ id: b, row: sheetRow });
      continue;
    }
    read++;
    const cell = (key: string): Cell => {
      const c = m.columns.get(key);
      return c === undefined ? null : cells[c];
    };
    const header = (key: string): string => m.headers[m.columns.get(key) as number] ?? key;
    const at = (key: string): string => `${sheet}!${columnLetter(originCol + (m.columns.get(key) ?? 0))}${sheetRow}`;
    const error = (key: string, message: string) => log.add("error", sheet, sheetRow, m.columns.has(key) ? header(key) : null, m.columns.has(key) ? originCol + (m.columns.get(key) as number) : null, message);
    const text = (key: string): string => {
      const v = cell(key);
      if (isBlank(v)) return "";
      const err = cellErrorText(v);
      if (err) {
        error(key, cellErrorMessage(err, "cellule ignorée"));
        return "";
      }
      return cellText(v).trim();
    };

    const rawId = text("id");
    if (!rawId) {
      error("id", "identifiant d'indicateur vide : ligne ignorée (exemple : T1, A8.R1 ou X1 pour un indicateur ajouté)");
      continue;
    }
    if (rawId.length > 32) {
      error("id", `identifiant « ${clip(rawId)} » invalide : une lettre puis des lettres, chiffres ou points (32 caractères au plus), par exemple X1 ; ligne ignorée`);
      continue;
    }
    const builtin = INDICATOR_BY_ID.has(rawId.toUpperCase()) ? rawId.toUpperCase() : null;
    const id = builtin ?? rawId;
    const row: ReferentialRow = {
      sheet,
      row: sheetRow,
      id,
      label: text("label") || null,
      type: null,
      population: text("population"),
      condition: text("condition"),
      valeur: text("valeur"),
      cibles: [null, null],
      action: null,
      invalid: null,
    };
    const invalid = (key: string, message: string) => {
      error(key, message);
      if (!row.invalid) row.invalid = `définition invalide dans le référentiel du classeur (${at(key)}) : ${message}`;
    };
    if (!builtin && !ID.test(rawId)) invalid("id", `identifiant « ${rawId} » invalide : une lettre puis des lettres, chiffres ou points (32 caractères au plus), par exemple X1`);

    const first = seen.get(id);
    if (first) {
      invalid("id", `identifiant « ${id} » en double (déjà ligne ${first.row}) : l'indicateur ${id} n'est pas calculé`);
      if (!first.invalid) first.invalid = `identifiant ${id} en double dans le référentiel du classeur (lignes ${first.row} et ${sheetRow})`;
      continue;
    }
    seen.set(id, row);

    // Type
    const typeText = text("type");
    const ownType = builtin ? builtinType(builtin) : null;
    if (typeText && DROP.has(normalizeHeader(typeText))) {
      // `aucun`: the indicator is dropped from the referential in use (SPEC §8.1).
      row.drop = true;
      rows.push(row);
      continue;
    }
    if (typeText) {
      const t = typeText.length <= MAX_NAME_LENGTH ? TYPES[normalizeHeader(typeText)] : undefined;
      if (!t) invalid("type", `type « ${clip(typeText)} » inconnu : taux, compte, somme, moyenne, part en valeur ou aucun (pour ne pas suivre l'indicateur) attendu`);
      else row.type = t;
    } else if (!builtin) invalid("type", "type vide : taux, compte, somme, moyenne ou part en valeur attendu");
    if (row.type === "intégré" && !builtin) invalid("type", "le type « intégré » est réservé aux indicateurs intégrés de l'outil : taux, compte, somme, moyenne ou part en valeur attendu");
    if (builtin && ownType === "intégré" && row.type && row.type !== "intégré") {
      invalid("type", `l'indicateur ${builtin} est calculé par l'outil (type intégré) : seuls son libellé et ses cibles peuvent être changés`);
    }
    const redefines = row.type !== null && row.type !== "intégré";

    // Expressions: parsed once here so that a mistake is reported at its cell.
    if (redefines) {
      for (const key of ["population", "condition"] as const) {
        const t = row[key];
        if (isEmptyExpression(t)) {
          if (key === "condition" && (row.type === "taux" || row.type === "compte")) invalid("condition", `condition vide : un indicateur de type ${row.type} compte les contrats qui la remplissent`);
          continue;
        }
        // Within the sheet's budget (an expression too long for a cell is said by the parser).
        if (t.length <= MAX_EXPRESSION_LENGTH && expressionChars + t.length > MAX_REFERENTIAL_EXPRESSION_CHARS) {
          invalid(
            key,
            `${header(key)} : expression non lue (${formatNumber(t.length)} caractères) : les Populations et Conditions du référentiel comptent déjà ${formatNumber(expressionChars)} caractères, ${formatNumber(MAX_REFERENTIAL_EXPRESSION_CHARS)} au plus en tout`,
          );
          continue;
        }
        const parsed = parseExpression(t, own);
        if (!parsed.ok) invalid(key, `${header(key)} : ${parsed.message}`);
        else expressionChars += t.length;
      }
      if (row.type === "somme" || row.type === "moyenne" || (row.type === "part en valeur" && row.valeur)) {
        if (!row.valeur) invalid("valeur", `colonne à ${row.type === "somme" ? "additionner" : "moyenner"} vide (exemple : Montant HT)`);
        else {
          const hit = row.valeur.length <= MAX_NAME_LENGTH + 2 ? REGISTER_INDEX.map.get(normalizeHeader(row.valeur.replace(/^\[|\]$/g, ""))) : undefined;
          const ownValue = !hit && own && row.valeur.length <= MAX_NAME_LENGTH + 2 ? valueColumn(row.valeur, own) : null;
          const def = hit ? REGISTER_COLUMN_BY_KEY.get(hit.key) : ownValue && typeof ownValue !== "string" ? ownValue.def : undefined;
          if (typeof ownValue === "string") invalid("valeur", ownValue);
          else if (!def) invalid("valeur", `colonne « ${clip(row.valeur)} » inconnue : un en-tête du registre est attendu (exemple : Montant HT)`);
          else if (!NUMERIC.has(def.type)) invalid("valeur", `colonne « ${clip(row.valeur)} » non numérique : une colonne de nombres, de montants ou de pourcentages est attendue`);
        }
      } else if (row.valeur && row.type !== "part en valeur") invalid("valeur", `la colonne « Valeur » ne sert qu'aux types somme, moyenne et part en valeur`);
    } else if (row.type === null && !typeText && builtin && (row.population || row.condition)) {
      invalid("type", `type vide : indiquez le type (taux, compte, somme, moyenne ou part en valeur) pour redéfinir ${builtin}, ou videz Population et Condition pour ne changer que le libellé ou les cibles`);
    }

    // Targets: percentages for a rate, numbers otherwise.
    const rateLike = row.type === "taux" || row.type === "part en valeur" || (row.type === null && builtin !== null && INDICATOR_BY_ID.get(builtin)?.unit === "percent") || (row.type === "intégré" && INDICATOR_BY_ID.get(builtin ?? "")?.unit === "percent");
    (["cible1", "cible2"] as const).forEach((key, i) => {
      const v = cell(key);
      if (isBlank(v)) return;
      const err = cellErrorText(v);
      const r2 = err ? { ok: false as const, message: cellErrorMessage(err, "cible ignorée") } : rateLike ? parsePercent(v) : parseTarget(v);
      if (r2.ok) {
        row.cibles[i] = r2.value;
        // « 75 » for a rate is read as 75 %: a guess, said at the cell (SPEC §8.1: targets as users type them).
        const typed = typeof v === "string" && v.trim().endsWith("%") ? null : parseNumber(v);
        if (rateLike && typed && typed.ok && Math.abs(typed.value) > 1) {
          log.add("info", sheet, sheetRow, header(key), originCol + (m.columns.get(key) as number), `cible ${typeof v === "number" ? `« ${v.toLocaleString("fr-FR", { maximumFractionDigits: 6 })} »` : showCell(v)} lue comme ${formatPercentTarget(r2.value)} (un taux s'écrit 75 % ou 0,75)`);
        }
      } else invalid(key, `cible ${showCell(v)} illisible : ${rateLike ? "un pourcentage (30 %)" : "un nombre dans l'unité de l'indicateur (80 000, 80 000 h, 12 %)"} est attendu`);
    });

    // Période: année (default), étape, N ans.
    const per = text("periode");
    if (per) {
      const f = fold(per).trim();
      const m = /^(\d{1,2})\s*an(s|nees?)?$/.exec(f);
      if (f === "etape" || f === "l'etape" || f === "etape en cours") row.periode = { kind: "etape" };
      else if (m && Number(m[1]) >= 1 && Number(m[1]) <= 20) {
        if (Number(m[1]) > 1) row.periode = { kind: "ans", n: Number(m[1]) };
      } else if (f !== "annee" && f !== "an") invalid("periode", `période « ${clip(per)} » inconnue : année, étape ou un nombre d'années (3 ans) est attendu`);
    }

    // Action: where an added indicator is shown.
    const a = text("action");
    if (a) {
      const n = Number(fold(a).replace(/^(action|a|n°|no)\s*/i, ""));
      if (Number.isInteger(n) && n >= 1 && n <= 99) row.action = n;
      else error("action", `action « ${clip(a)} » illisible : un numéro d'action du plan est attendu (1 à 26 pour le SPASER de la collectivité) ; l'indicateur est montré sous « Indicateurs propres à la collectivité »`);
    }
    rows.push(row);
  }
  if (beyond.count) {
    const which = beyond.builtins.length ? ` ; les indicateurs intégrés qu'elles nomment ne sont pas calculés (${beyond.builtins.map((b) => b.id).join(", ")})` : "";
    const lines = beyond.count === 1 ? `la ligne ${beyond.first} n'est pas lue` : `les ${formatNumber(beyond.count)} lignes suivantes (lignes ${beyond.first} à ${beyond.last}) ne sont pas lues`;
    log.add("error", sheet, beyond.first, m.headers[m.columns.get("id") as number] ?? null, originCol + (m.columns.get("id") as number), `le référentiel compte plus de ${MAX_REFERENTIAL_ROWS} indicateurs : ${lines}${which}`);
    for (const b of beyond.builtins) {
      const at = `${sheet}!${columnLetter(originCol + (m.columns.get("id") as number))}${b.row}`;
      rows.push({ sheet, row: b.row, id: b.id, label: null, type: null, population: "", condition: "", valeur: "", cibles: [null, null], action: null, invalid: `définition non lue : le référentiel du classeur compte plus de ${MAX_REFERENTIAL_ROWS} indicateurs (${at})` });
    }
  }
  return { sheet, rows };
}

/**
 * Once the plan is known (the seed's, or the workbook's `Plan` sheet, which may come after the
 * `Référentiel` sheet): a ciblé(N) naming an action the plan does not have is an error at its cell,
 * that indicator n/a; an `Action` the plan does not have shows the indicator under « Indicateurs
 * propres à la collectivité » with a warning.
 */
export function checkReferentialAgainstPlan(sheet: ReferentialSheet, m: HeaderMatch, plan: Plan, log: IssueLog): void {
  const known = new Set(plan.actions.map((a) => a.n));
  const where = plan.kind === "intégré" ? `les actions du SPASER vont de ${actionRangeText(plan)}` : `les actions du plan (feuille « ${plan.sheet} ») sont ${actionRangeText(plan)}`;
  const originCol = m.grid.originCol ?? 0;
  const at = (key: string, row: number) => `${sheet.sheet}!${columnLetter(originCol + (m.columns.get(key) ?? 0))}${row}`;
  const error = (severity: "error" | "warning", key: string, row: number, message: string) =>
    log.add(severity, sheet.sheet, row, m.columns.has(key) ? (m.headers[m.columns.get(key) as number] ?? key) : null, m.columns.has(key) ? originCol + (m.columns.get(key) as number) : null, message);
  for (const row of sheet.rows) {
    if (row.drop) continue;
    if (row.type && row.type !== "intégré") {
      for (const key of ["population", "condition"] as const) {
        if (isEmptyExpression(row[key])) continue;
        const parsed = parseExpression(row[key]);
        if (!parsed.ok) continue;
        const wrong = targetedActions(parsed.expr).filter((n) => !known.has(n));
        if (!wrong.length) continue;
        const message = `ciblé(${wrong[0]}) : ${wrong.length > 1 ? "actions" : "action"} ${wrong.join(", ")} ${wrong.length > 1 ? "inconnues" : "inconnue"} : ${where}`;
        error("error", key, row.row, message);
        if (!row.invalid) row.invalid = `définition invalide dans le référentiel du classeur (${at(key, row.row)}) : ${message}`;
      }
    }
    if (row.action !== null && !known.has(row.action)) {
      error("warning", "action", row.row, `action ${row.action} absente du plan (${where}) : l'indicateur est montré sous « Indicateurs propres à la collectivité »`);
      row.action = null;
    }
  }
}
