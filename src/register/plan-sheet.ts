/**
 * Reads the workbook's `Plan` sheet (docs/methodologie.md, « Le plan »): the buyer's own axes,
 * objectives and actions, one row per action. A number or title left blank is carried from the row
 * above (as in a sheet whose axis cells are merged). Every mistake is an error naming its cell
 * (`Plan!E7`); a row that cannot be placed is left out, the others are read.
 */
import { planFromEntries, type Plan, type PlanEntry } from "../spaser/plan";
import type { HeaderMatch } from "./headers";
import type { IssueLog } from "./issues";
import type { Cell } from "./types";
import { cellErrorMessage, cellErrorText, cellText, columnLetter, fold, isBlank, showCell } from "./values";

/** The most actions a plan holds: far above any SPASER (the city's has 26). */
export const MAX_PLAN_ACTIONS = 999;

/** « 3 », « Axe 3 », « A3 », « III », « 2.1 » (an objective numbered within its axis keeps its last part). */
function parseNumber(v: Cell, word: RegExp): number | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 1 && v <= MAX_PLAN_ACTIONS ? v : null;
  if (typeof v !== "string") return null;
  let s = fold(v).trim().replace(word, "").replace(/^(n°|no|numero|num\.?)\s*/, "").replace(/[\s.:)-]+$/, "").trim();
  const roman = /^(i{1,3}|iv|v|vi{1,3}|ix|x)$/.exec(s);
  if (roman) return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].indexOf(roman[1]) + 1;
  const dotted = /^\d+\.(\d+)$/.exec(s);
  if (dotted) s = dotted[1];
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_PLAN_ACTIONS ? n : null;
}

/**
 * « Axe 2 — Développer les considérations sociales », « 1.3 : Former les acheteurs », « Action 4 -
 * Insertion » : a number and its title in one cell, as many plans are written. The title is kept
 * only when a word or a separator follows the number (« 12 » alone is a number).
 */
export function splitNumbered(v: Cell, word: RegExp): { n: number; title: string } | null {
  if (typeof v !== "string" || v.length > 2_000) return null;
  const m = /^\s*((?:[^\s\d]{1,20}\s*){0,2}?(?:n°\s*)?)(\d{1,3}(?:\.\d{1,3})?|[IVXivx]{1,4})(?:\s*([-–—:.)])\s*|\s+)(\S[\s\S]*)$/u.exec(v);
  if (!m) return null;
  // A roman numeral after a word (« Axe II — … ») or before a separator (« V. Valoriser »), never a
  // title's first letter (« I love »).
  if (/^[ivx]+$/i.test(m[2]) && !m[1].trim() && !m[3]) return null;
  const n = parseNumber(`${m[1]}${m[2]}`, word);
  if (n === null) return null;
  const title = m[4].replace(/\s+/g, " ").trim();
  return title ? { n, title } : null;
}

export function readPlanSheet(m: HeaderMatch, log: IssueLog): Plan | null {
  const grid = m.grid;
  const sheet = grid.sheet;
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  const actionWord = /^(action|fiche action|a)\s*/;
  const actionCol = m.columns.get("action");
  // Without a « Titre de l'action » column, the action cells may carry their titles (« Action 3 — … »).
  const titledActions = !m.columns.has("titreAction") && actionCol !== undefined && grid.rows.slice(m.rowIndex + 1).some((row) => !!row && splitNumbered(row[actionCol], actionWord) !== null);
  for (const key of ["axe", "objectif", "action", "titreAction"]) {
    if (!m.columns.has(key) && !(key === "titreAction" && titledActions)) {
      const name = { axe: "Axe", objectif: "Objectif", action: "Action", titreAction: "Titre de l'action" }[key];
      log.add("error", sheet, originRow + m.rowIndex + 1, null, null, `colonne « ${name} » introuvable : la feuille du plan est ignorée, le plan du SPASER de la collectivité est utilisé (colonnes attendues : Axe, Titre de l'axe, Objectif, Titre de l'objectif, Action, Titre de l'action, Pilote)`);
      return null;
    }
  }
  const entries: PlanEntry[] = [];
  const seen = new Map<number, number>();
  let axis: number | null = null;
  let objective: number | null = null;
  let pilot = "";
  const titles = { axe: new Map<number, string>(), objectif: new Map<string, string>() };
  for (let r = m.rowIndex + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (!cells || cells.every((v) => isBlank(v))) continue;
    const sheetRow = originRow + r + 1;
    const cell = (key: string): Cell => {
      const c = m.columns.get(key);
      return c === undefined ? null : cells[c];
    };
    const header = (key: string): string => m.headers[m.columns.get(key) as number] ?? key;
    const error = (key: string, message: string) => log.add("error", sheet, sheetRow, m.columns.has(key) ? header(key) : null, m.columns.has(key) ? originCol + (m.columns.get(key) as number) : null, message);
    const text = (key: string): string => {
      const v = cell(key);
      if (isBlank(v)) return "";
      const err = cellErrorText(v);
      if (err) {
        error(key, cellErrorMessage(err, "cellule ignorée"));
        return "";
      }
      return cellText(v).replace(/\s+/g, " ").trim();
    };
    const inline: Partial<Record<"axe" | "objectif" | "action", string>> = {};
    const number = (key: "axe" | "objectif" | "action", word: RegExp, what: string): number | null | undefined => {
      const v = cell(key);
      if (isBlank(v)) return undefined;
      if (cellErrorText(v)) {
        text(key);
        return null;
      }
      let n = parseNumber(v, word);
      if (n === null) {
        const split = splitNumbered(v, word);
        if (split) {
          n = split.n;
          inline[key] = split.title;
        }
      }
      if (n === null) error(key, `${what} ${showCell(v)} illisible : un numéro de 1 à ${MAX_PLAN_ACTIONS} est attendu (exemple : 3) ; ligne ignorée`);
      return n;
    };
    const a = number("axe", /^axe\s*/, "axe");
    const o = number("objectif", /^(objectif|obj\.?|o)\s*/, "objectif");
    const n = number("action", actionWord, "action");
    if (a === null || o === null || n === null) continue;
    if (a !== undefined && a !== axis) {
      axis = a;
      objective = null;
    }
    if (o !== undefined) objective = o;
    const axisTitle = text("titreAxe") || (inline.axe ?? "");
    const objectiveTitle = text("titreObjectif") || (inline.objectif ?? "");
    const actionTitle = text("titreAction") || (inline.action ?? "");
    const p = text("pilote");
    if (axis === null) {
      error("axe", "numéro d'axe vide (et pas d'axe plus haut) : ligne ignorée");
      continue;
    }
    if (objective === null) {
      if (n !== undefined || objectiveTitle) {
        error("objectif", "numéro d'objectif vide (et pas d'objectif plus haut dans cet axe) : ligne ignorée");
        continue;
      }
      // A row that only names its axis.
      if (axisTitle && !titles.axe.has(axis)) titles.axe.set(axis, axisTitle);
      continue;
    }
    if (axisTitle) {
      const known = titles.axe.get(axis);
      if (known === undefined) titles.axe.set(axis, axisTitle);
      else if (known !== axisTitle) error("titreAxe", `titre de l'axe ${axis} différent de celui écrit plus haut (« ${known.slice(0, 60)} ») : le premier est gardé`);
    }
    const key = `${axis}/${objective}`;
    if (objectiveTitle) {
      const known = titles.objectif.get(key);
      if (known === undefined) titles.objectif.set(key, objectiveTitle);
      else if (known !== objectiveTitle) error("titreObjectif", `titre de l'objectif ${objective} différent de celui écrit plus haut (« ${known.slice(0, 60)} ») : le premier est gardé`);
    }
    if (p) pilot = p;
    if (n === undefined) {
      if (actionTitle) error("action", "numéro d'action vide pour un titre d'action : ligne ignorée (exemple : 3)");
      entries.push({ axis, axisTitle, objective, objectiveTitle, action: null, actionTitle: "", pilot: "" });
      continue;
    }
    const first = seen.get(n);
    if (first !== undefined) {
      error("action", `action ${n} en double (déjà ligne ${first}) : cette ligne est ignorée`);
      continue;
    }
    if (!actionTitle) error("titreAction", `titre de l'action ${n} vide : l'action est montrée sous « Action ${n} »`);
    seen.set(n, sheetRow);
    entries.push({ axis, axisTitle, objective, objectiveTitle, action: n, actionTitle: actionTitle || `Action ${n}`, pilot: p || pilot });
  }
  if (!entries.some((e) => e.action !== null)) {
    log.add("error", sheet, originRow + m.rowIndex + 1, null, null, `aucune action lisible dans la feuille « ${sheet} » : le plan du SPASER de la collectivité est utilisé`);
    return null;
  }
  const plan = planFromEntries(entries, "classeur", sheet);
  const where = (key: string) => `colonne ${columnLetter(originCol + (m.columns.get(key) ?? 0))}`;
  for (const ax of plan.axes) if (!ax.title) log.add("warning", sheet, null, null, null, `axe ${ax.n} sans titre (${where("titreAxe")}) : il est montré sous « Axe ${ax.n} »`);
  for (const ob of plan.objectives) if (!ob.title) log.add("warning", sheet, null, null, null, `objectif ${ob.n} de l'axe ${ob.axis} sans titre (${where("titreObjectif")}) : il est montré sous « Objectif ${ob.n} »`);
  return plan;
}
