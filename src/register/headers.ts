/**
 * Header rows: the row of a grid (among its first 30) that matches the most known columns of a table kind,
 * and which column holds which key. Matching is forgiving (columns.ts normalises the headers).
 */
import { HeaderIndex, normalizeHeader } from "./columns";
import type { Cell, Grid } from "./types";
import { cellErrorText, cellText, isBlank } from "./values";

export const HEADER_SCAN_ROWS = 30;

/** A header row found in a grid: which row, and which column index holds which key. */
export interface HeaderMatch {
  grid: Grid;
  /** 0-based row index in grid.rows. */
  rowIndex: number;
  /** key -> column index in the grid */
  columns: Map<string, number>;
  headers: string[];
  unknown: string[];
  duplicates: { header: string; key: string; col: number }[];
  score: number;
}

/**
 * Finds the best header row of a grid for a table kind (first 30 rows; row 0 only for Excel
 * tables): the row that matches the most known columns, among the rows holding `requiredKey`.
 */
export function matchHeader(grid: Grid, index: HeaderIndex, requiredKey?: string): HeaderMatch | null {
  const limit = grid.table ? 1 : Math.min(HEADER_SCAN_ROWS, grid.rows.length);
  let best: HeaderMatch | null = null;
  for (let r = 0; r < limit; r++) {
    const row = grid.rows[r];
    if (!row) continue;
    const m = matchRow(grid, r, row, index);
    if (requiredKey && !m.columns.has(requiredKey)) continue;
    if (m.score > 0 && (!best || m.score > best.score)) best = m;
  }
  return best;
}

function matchRow(grid: Grid, r: number, row: Cell[], index: HeaderIndex): HeaderMatch {
  const columns = new Map<string, number>();
  const ranks = new Map<string, number>();
  const headers: string[] = [];
  const unknown: string[] = [];
  const duplicates: HeaderMatch["duplicates"] = [];
  eachCell(row, (v, c) => {
    const text = isBlank(v) || cellErrorText(v) ? "" : cellText(v);
    headers[c] = text;
    if (!text) return;
    const hit = index.map.get(normalizeHeader(text));
    if (!hit) {
      unknown.push(text);
      return;
    }
    const prev = columns.get(hit.key);
    if (prev === undefined) {
      columns.set(hit.key, c);
      ranks.set(hit.key, hit.rank);
      return;
    }
    // Two columns for one key: a DECP `uid` wins over `id`; otherwise the better alias wins.
    const isUid = hit.key === "id" && normalizeHeader(text) === "uid";
    const better = isUid || (hit.rank < (ranks.get(hit.key) ?? 99) && !(hit.key === "id" && normalizeHeader(headers[prev]) === "uid"));
    if (better) {
      duplicates.push({ header: headers[prev], key: hit.key, col: prev });
      columns.set(hit.key, c);
      ranks.set(hit.key, hit.rank);
    } else duplicates.push({ header: text, key: hit.key, col: c });
  });
  return { grid, rowIndex: r, columns, headers, unknown, duplicates, score: columns.size };
}

/** Above this length a row is treated as sparse: only the cells it holds are visited. */
const SPARSE_LENGTH = 1024;

/** Calls `f` for each cell a row holds, in column order (holes of a sparse row skipped). */
export function eachCell(row: Cell[], f: (v: Cell, c: number) => void): void {
  if (row.length <= SPARSE_LENGTH) {
    for (let c = 0; c < row.length; c++) f(row[c], c);
    return;
  }
  for (const k in row) {
    const c = Number(k);
    if (Number.isInteger(c) && c >= 0) f(row[c], c);
  }
}

export function rowIsBlank(row: Cell[] | undefined): boolean {
  if (!row) return true;
  if (row.length <= SPARSE_LENGTH) {
    for (let i = 0; i < row.length; i++) if (!isBlank(row[i])) return false;
    return true;
  }
  for (const k in row) if (!isBlank(row[k as unknown as number])) return false;
  return true;
}
