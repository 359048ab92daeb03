/**
 * Reads back what users typed in a "Cotation CAD" sheet (questionnaire answers, the CAD's decision,
 * comments), so that a refresh of the sheet keeps them, matched by contract id.
 */
import { buildHeaderIndex, ColumnDef, normalizeHeader } from "./columns";
import { IssueLog } from "./read";
import type { Cell, Grid, Issue } from "./types";
import { cellErrorText, cellText, isBlank, parseActionList, parseYesNo } from "./values";

export interface TypedAnswers {
  answers: Record<string, boolean | null>;
  /** The decision as typed, kept as typed. */
  decision: string | null;
  /** The decision read as action numbers (null when blank or unreadable). */
  decisionActions: number[] | null;
  comment: string | null;
}

export interface CotationSheetQuestion {
  key: string;
  label: string;
}

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
  const log = new IssueLog();
  const out = new Map<string, TypedAnswers>();
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
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
      else log.add("warning", grid.sheet, originRow + r + 1, headers[dc], originCol + dc, `décision ${p.message} : conservée telle quelle`);
    }
    const cc = map.get("comment");
    const comment = cc === undefined || isBlank(row[cc]) ? null : cellText(row[cc]);
    out.set(id, { answers, decision, decisionActions, comment });
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
