/**
 * Small builders for the register reader and engine tests: grids of cell values as Office.js or an
 * .xlsx reader would hand them over.
 */
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid, Issue, Register } from "../../src/register/types";

/** A plain sheet (no Excel table). */
export function sheet(name: string, rows: Cell[][], origin?: { row?: number; col?: number }): Grid {
  return { sheet: name, rows, ...(origin?.row !== undefined ? { originRow: origin.row } : {}), ...(origin?.col !== undefined ? { originCol: origin.col } : {}) };
}

/** An Excel table (ListObject): the first row is its header row. */
export function table(sheetName: string, tableName: string, rows: Cell[][], originRow = 0, originCol = 0): Grid {
  return { sheet: sheetName, table: tableName, rows, originRow, originCol };
}

/**
 * Rows from a column-oriented description: `{ "N° marché": ["M1", "M2"], "Objet": ["a", "b"] }`
 * gives a header row followed by one row per index. Every column must have the same length.
 */
export function rowsFromColumns(columns: Record<string, Cell[]>): Cell[][] {
  const headers = Object.keys(columns);
  const lengths = new Set(headers.map((h) => columns[h].length));
  if (lengths.size > 1) {
    const detail = headers.map((h) => `${h}: ${columns[h].length}`).join(", ");
    throw new Error(`columns of different lengths (${detail})`);
  }
  const n = headers.length ? columns[headers[0]].length : 0;
  const rows: Cell[][] = [headers];
  for (let i = 0; i < n; i++) rows.push(headers.map((h) => columns[h][i]));
  return rows;
}

/** Rows from a header and records keyed by header (missing keys are blank cells). */
export function rowsFromRecords(headers: string[], records: Record<string, Cell>[]): Cell[][] {
  return [headers, ...records.map((r) => headers.map((h) => (h in r ? r[h] : null)))];
}

/** Reads a one-sheet workbook whose first row is the header. */
export function readRegister(headers: string[], records: Record<string, Cell>[], sheetName = "Registre", extra: Grid[] = []): Register {
  return readWorkbook([sheet(sheetName, rowsFromRecords(headers, records)), ...extra]);
}

/** Issues of one severity. */
export function issuesOf(reg: { issues: Issue[] }, severity: Issue["severity"]): Issue[] {
  return reg.issues.filter((i) => i.severity === severity);
}

/** The contract of an id (fails loudly when absent). */
export function contract(reg: Register, id: string) {
  const c = reg.contracts.find((x) => x.id === id);
  if (!c) throw new Error(`contract ${id} not found among ${reg.contracts.map((x) => x.id).join(", ")}`);
  return c;
}
