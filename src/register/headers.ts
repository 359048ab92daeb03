/**
 * Header rows: the row of a grid (among its first 30) that matches the most known columns of a table kind,
 * and which column holds which key. Matching is forgiving (columns.ts normalises the headers).
 */
import { HeaderIndex, normalizeHeader, REGISTER_INDEX } from "./columns";
import type { IssueLog } from "./issues";
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

/** The first cell of a row that is not blank (its column), or -1. */
export function firstFilled(row: Cell[]): number {
  if (row.length <= SPARSE_LENGTH) {
    for (let c = 0; c < row.length; c++) if (!isBlank(row[c])) return c;
    return -1;
  }
  for (const k in row) {
    const c = Number(k);
    if (Number.isInteger(c) && c >= 0 && !isBlank(row[c])) return c;
  }
  return -1;
}

// ---------------------------------------------------------------- unknown headers (SPEC §2.1.1)

/** A known register header near an unknown one: the alias as written in the column list, its key. */
export interface NearHeader {
  header: string;
  key: string;
  distance: number;
}

interface Candidate {
  norm: string;
  alias: string;
  key: string;
  hist: Uint8Array;
}

/** Letters a-z then digits 0-9 (normalised headers hold nothing else). */
function histogram(s: string): Uint8Array {
  const h = new Uint8Array(36);
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const k = code >= 97 ? code - 97 : code - 48 + 26;
    if (k >= 0 && k < 36 && h[k] < 255) h[k]++;
  }
  return h;
}

let candidates: Candidate[] | null = null;

/** Every alias of the register columns, normalised once (the first column and alias of each wins). */
function registerCandidates(): Candidate[] {
  if (candidates) return candidates;
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of REGISTER_INDEX.columns) {
    for (const alias of c.aliases) {
      const norm = normalizeHeader(alias);
      if (!norm || seen.has(norm)) continue;
      seen.add(norm);
      out.push({ norm, alias, key: c.key, hist: histogram(norm) });
    }
  }
  return (candidates = out);
}

/**
 * How many letters a typo may change: none in a name of 3 letters or fewer (« Lot » is not « ACV »),
 * one up to 6 letters, two beyond (SPEC §2.1.1: « within two letters »).
 */
function allowedEdits(length: number): number {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment) between two normalised
 * headers, or `max + 1` as soon as it is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** Normalised headers longer than this are no typo of a known one (the longest alias is far shorter). */
const NEAR_MAX_LENGTH = 80;

/**
 * The known register header closest to an unknown one, when it is within the letters a typo may
 * change (allowedEdits), or null. A known name followed or preceded by a word of its own
 * (« acheteur_id », « Montant TTC ») is another column, not a typo.
 */
export function nearestHeader(header: string, norm: string = normalizeHeader(header)): NearHeader | null {
  if (norm.length < 2 || norm.length > NEAR_MAX_LENGTH) return null;
  const hist = histogram(norm);
  let best: NearHeader | null = null;
  for (const c of registerCandidates()) {
    const max = Math.min(allowedEdits(c.norm.length), best ? best.distance - 1 : 2);
    if (max < 0 || Math.abs(c.norm.length - norm.length) > max) continue;
    // Each edit changes the letter counts by at most 2: a cheap bound before the distance.
    let diff = 0;
    for (let k = 0; k < 36 && diff <= 2 * max; k++) diff += Math.abs(hist[k] - c.hist[k]);
    if (diff > 2 * max) continue;
    const d = editDistance(norm, c.norm, max);
    if (d > max) continue;
    if (norm.length >= c.norm.length + 2 && (norm.startsWith(c.norm) || norm.endsWith(c.norm))) continue;
    best = { header: c.alias, key: c.key, distance: d };
    if (d === 0) break;
  }
  return best;
}

/** Unknown headers without a near known one listed one by one up to this many; beyond, in one issue. */
export const UNKNOWN_LISTED = 10;
/** Names shown in that one issue. */
const UNKNOWN_NAMED = 50;

/**
 * Reports every header of the register's header rows that matches no known column, once (SPEC
 * §2.1.1): an `info` issue at the header cell, « colonne non reconnue : « X » (ignorée) », with
 * « vouliez-vous dire « Y » ? » when a known header is within a typo of it. A register whose
 * header holds many unknown columns without a near known one (a wide export) gets a single issue
 * naming them, so that the typos stay visible. `known`: normalised headers that are not unknown
 * although no register column (side tables' columns, names the Référentiel uses).
 * Returns, for the register columns absent from the register, the near header found (key -> header).
 */
export function reportUnknownHeaders(matches: readonly HeaderMatch[], log: IssueLog, present: ReadonlySet<string>, known: ReadonlySet<string>): Record<string, string> {
  const seen = new Set<string>();
  const near: { m: HeaderMatch; col: number; text: string; hit: NearHeader }[] = [];
  const plain: { m: HeaderMatch; col: number; text: string }[] = [];
  for (const m of matches) {
    const used = new Set<number>(m.columns.values());
    for (const d of m.duplicates) used.add(d.col);
    m.headers.forEach((text, col) => {
      if (!text || used.has(col)) return;
      const norm = normalizeHeader(text);
      if (known.has(norm) || seen.has(norm)) return;
      seen.add(norm);
      const hit = nearestHeader(text, norm);
      if (hit) near.push({ m, col, text, hit });
      else plain.push({ m, col, text });
    });
  }
  const listed = plain.length <= UNKNOWN_LISTED ? plain : [];
  const one = [...near, ...listed].sort((a, b) => matches.indexOf(a.m) - matches.indexOf(b.m) || a.col - b.col);
  for (const u of one) {
    const g = u.m.grid;
    const suggestion = "hit" in u ? ` ; vouliez-vous dire « ${(u as (typeof near)[number]).hit.header} » ?` : "";
    log.add("info", g.sheet, (g.originRow ?? 0) + u.m.rowIndex + 1, u.text, (g.originCol ?? 0) + u.col, `colonne non reconnue : « ${u.text} » (ignorée)${suggestion}`);
  }
  if (plain.length > UNKNOWN_LISTED) {
    const g = plain[0].m.grid;
    const names = plain.slice(0, UNKNOWN_NAMED).map((u) => `« ${u.text} »`).join(", ");
    const more = plain.length > UNKNOWN_NAMED ? `… et ${plain.length - UNKNOWN_NAMED} autres` : "";
    log.add("info", g.sheet, (g.originRow ?? 0) + plain[0].m.rowIndex + 1, null, null, `${plain.length} colonnes non reconnues (ignorées) : ${names}${more}`);
  }
  const out: Record<string, string> = {};
  for (const u of near) if (!present.has(u.hit.key) && !(u.hit.key in out)) out[u.hit.key] = u.text;
  return out;
}
