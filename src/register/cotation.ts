/**
 * Reads back what users typed in a "Cotation CAD" sheet (questionnaire answers, the CAD's decision,
 * comments), so that a refresh of the sheet keeps them, matched by contract id; and merges the
 * CAD's decisions into the contracts' targeted actions (« Actions ciblées »), so that A1.E1 follows
 * the committee's decisions.
 */
import { buildHeaderIndex, ColumnDef, normalizeHeader } from "./columns";
import type { Cell, Contract, Grid, Issue, Severity } from "./types";
import { cellErrorText, cellText, columnLetter, isBlank, parseActionList, parseYesNo } from "./values";

/** Issues with the sheet, row, column header and cell address (no import of ./read, which calls this module). */
class Log {
  readonly issues: Issue[] = [];
  add(severity: Severity, sheet: string, row: number | null, column: string | null, col: number | null, message: string): void {
    const ref = /^[A-Za-z_\u00C0-\u024F][\w.\u00C0-\u024F]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
    const cell = row !== null && col !== null ? `${ref}!${columnLetter(col)}${row}` : null;
    this.issues.push({ severity, sheet, row, column, cell, message });
  }
}

export interface TypedAnswers {
  answers: Record<string, boolean | null>;
  /** The decision as typed, kept as typed. */
  decision: string | null;
  /** The decision read as action numbers (null when blank or unreadable). */
  decisionActions: number[] | null;
  comment: string | null;
  /** Where the row was read: sheet, 1-based sheet row, the id cell's header and 0-based sheet column. */
  at: { sheet: string; row: number; idHeader: string; idCol: number };
}

export interface CotationSheetQuestion {
  key: string;
  label: string;
}

/**
 * Questions of earlier versions of the questionnaire: their answers are not carried over (an
 * `info` issue says so). « Déjà clausé » is read from the register's columns now, never asked.
 */
export const RETIRED_QUESTIONS: readonly string[] = ["Marché récurrent déjà clausé (clause ou critère responsable) ?"];

export const COTATION_HEADERS = {
  id: "N° marché",
  decision: "Décision CAD (actions retenues)",
  comment: "Commentaire",
};

/** Reads the answers of a cotation sheet; returns null when the grid is not one. */
export function readCotationAnswers(grid: Grid, questions: readonly CotationSheetQuestion[]): { answers: Map<string, TypedAnswers>; issues: Issue[] } | null {
  const cols: ColumnDef[] = [
    { key: "id", header: COTATION_HEADERS.id, aliases: [COTATION_HEADERS.id], type: "id", blank: "reject" },
    { key: "decision", header: COTATION_HEADERS.decision, aliases: [COTATION_HEADERS.decision, "Décision CAD"], type: "text", blank: "unknown" },
    { key: "comment", header: COTATION_HEADERS.comment, aliases: [COTATION_HEADERS.comment], type: "text", blank: "unknown" },
    ...questions.map((q): ColumnDef => ({ key: `q:${q.key}`, header: q.label, aliases: [q.label], type: "yesno", blank: "unknown" })),
  ];
  const index = buildHeaderIndex(cols);
  let headerRow = -1;
  let map = new Map<string, number>();
  let headers: string[] = [];
  for (let r = 0; r < Math.min(30, grid.rows.length); r++) {
    const row = grid.rows[r] ?? [];
    const m = new Map<string, number>();
    const hs: string[] = [];
    row.forEach((v: Cell, c) => {
      const t = isBlank(v) || cellErrorText(v) ? "" : cellText(v);
      hs[c] = t;
      const hit = t ? index.map.get(normalizeHeader(t)) : undefined;
      if (hit && !m.has(hit.key)) m.set(hit.key, c);
    });
    if (m.has("id") && m.has("decision")) {
      headerRow = r;
      map = m;
      headers = hs;
      break;
    }
  }
  if (headerRow < 0) return null;
  const log = new Log();
  const out = new Map<string, TypedAnswers>();
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  if (questions.length) {
    const retired = new Set(RETIRED_QUESTIONS.map(normalizeHeader));
    headers.forEach((h, c) => {
      if (h && retired.has(normalizeHeader(h)))
        log.add("info", grid.sheet, originRow + headerRow + 1, h, originCol + c, `question « ${h} » retirée du questionnaire : ce que le marché porte déjà est lu dans le registre (un levier en place ne rapporte aucun point) ; réponses non reprises`);
    });
  }
  for (let r = headerRow + 1; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const idCell = row[map.get("id") as number];
    if (isBlank(idCell) || cellErrorText(idCell)) continue;
    const id = cellText(idCell);
    const answers: Record<string, boolean | null> = {};
    for (const q of questions) {
      const c = map.get(`q:${q.key}`);
      if (c === undefined || isBlank(row[c])) continue;
      const p = parseYesNo(row[c]);
      if (p.ok) answers[q.key] = p.value;
      else log.add("warning", grid.sheet, originRow + r + 1, headers[c], originCol + c, `${p.message} : réponse ignorée`);
    }
    const dc = map.get("decision") as number;
    const decision = isBlank(row[dc]) ? null : cellText(row[dc]);
    let decisionActions: number[] | null = null;
    if (decision !== null) {
      const p = parseActionList(decision);
      if (p.ok) decisionActions = p.value;
      else log.add("warning", grid.sheet, originRow + r + 1, headers[dc], originCol + dc, `décision ${p.message} : conservée telle quelle, mais non ajoutée aux actions ciblées du marché`);
    }
    const cc = map.get("comment");
    const comment = cc === undefined || isBlank(row[cc]) ? null : cellText(row[cc]);
    const idCol = map.get("id") as number;
    out.set(id, { answers, decision, decisionActions, comment, at: { sheet: grid.sheet, row: originRow + r + 1, idHeader: headers[idCol], idCol: originCol + idCol } });
  }
  return { answers: out, issues: log.issues };
}

/** Answers typed in every cotation sheet among the grids (a later sheet wins for the same id). */
export function typedAnswersOf(grids: Grid[], questions: readonly CotationSheetQuestion[]): { answers: Map<string, TypedAnswers>; issues: Issue[] } {
  const answers = new Map<string, TypedAnswers>();
  const issues: Issue[] = [];
  for (const g of grids) {
    const r = readCotationAnswers(g, questions);
    if (!r) continue;
    for (const [k, v] of r.answers) answers.set(k, v);
    issues.push(...r.issues);
  }
  return { answers, issues };
}

/** What merging the CAD's decisions did. */
export interface CotationMerge {
  /** `info` issues (a decided id not in the register, targeted actions unreadable, the summary line). */
  issues: Issue[];
  /** Ids of the contracts whose targeted actions gained at least one action decided in CAD, sorted. */
  merged: string[];
}

const NONE: number[] = Object.freeze([]) as unknown as number[];

/**
 * Merges the « Décision CAD » of the cotation sheets among `cotationGrids` (grids that are not a
 * cotation sheet are ignored; a later sheet wins for the same id, as on refresh) into the targeted
 * actions of the contract of the same N° marché: the union, sorted. Mutates `contracts` (a new
 * array is assigned, the old one is never modified).
 * - `actionsColumn` true (the register has « Actions ciblées »): a contract whose targeted actions
 *   are unknown (unreadable cell, already reported) stays unknown; an `info` issue says the
 *   decision was not added.
 * - `actionsColumn` false: the decisions are the only targeting. When at least one decision is
 *   merged, the decided contracts get the decided actions and every other contract none (blank
 *   « Actions ciblées » means none targeted); the caller then adds `actionsCiblees` to the
 *   register's present columns. Without any decision, the contracts are left as they are.
 * An id not in the register gives an `info` issue at its cell; one `info` line sums up how many
 * contracts gained actions. A decision that is not a list of actions was reported by
 * `readCotationAnswers` (warning at its cell) and is left out.
 */
export function mergeCotationDecisions(contracts: Contract[], cotationGrids: Grid[], actionsColumn = true): CotationMerge {
  // Only the id and the decision are read: no question column is needed.
  const typed = typedAnswersOf(cotationGrids, []);
  const log = new Log();
  for (const i of typed.issues) log.issues.push(i);
  const byId = new Map<string, Contract>();
  for (const c of contracts) byId.set(c.id, c);
  const merged: string[] = [];
  let firstSheet: string | null = null;
  for (const [id, t] of typed.answers) {
    if (!t.decisionActions || t.decisionActions.length === 0) continue;
    firstSheet ??= t.at.sheet;
    const c = byId.get(id);
    if (!c) {
      log.add("info", t.at.sheet, t.at.row, t.at.idHeader, t.at.idCol, `décision CAD « ${t.decision} » pour le marché « ${id} » : aucun marché de ce numéro dans le registre, décision non reportée dans les actions ciblées`);
      continue;
    }
    const before = c.actionsCiblees ?? (actionsColumn ? null : NONE);
    if (before === null) {
      log.add("info", t.at.sheet, t.at.row, t.at.idHeader, t.at.idCol, `décision CAD « ${t.decision} » pour le marché « ${id} » non reportée : ses actions ciblées sont illisibles dans le registre (ligne ${c.row}, voir l'erreur de la cellule)`);
      continue;
    }
    const union = [...new Set([...before, ...t.decisionActions])].sort((a, b) => a - b);
    if (union.length > before.length) {
      c.actionsCiblees = union;
      merged.push(id);
    }
  }
  if (!actionsColumn && merged.length) for (const c of contracts) if (c.actionsCiblees === null) c.actionsCiblees = NONE;
  merged.sort();
  if (merged.length) {
    const n = merged.length;
    log.add("info", firstSheet ?? "", null, null, null, `${n} marché${n > 1 ? "s" : ""} : actions décidées en CAD ajoutées aux actions ciblées`);
  }
  return { issues: log.issues, merged };
}
