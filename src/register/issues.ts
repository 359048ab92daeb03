/** The issue log of a read: every bad cell named by sheet, row, column and cell address. */
import type { Issue, Severity } from "./types";
import { columnLetter } from "./values";

/** Quotes a sheet name in a cell reference when Excel would. */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_\u00C0-\u024F][\w.\u00C0-\u024F]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}


/**
 * The string in one piece: a template literal is a tree of its pieces until first read, and a large
 * register keeps hundreds of thousands of issue messages (reading a character joins them).
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/**
 * Issues of one severity on one column of one sheet listed one by one, beyond which they are
 * counted and summed up in one issue (a million-line file repeating one mistake would otherwise
 * give a list nobody reads, and memory to hold it).
 */
export const ISSUES_PER_COLUMN = 10_000;

export class IssueLog {
  readonly issues: Issue[] = [];
  /** Issues not listed, by sheet, column and severity: how many, and the first rows. */
  private readonly overflow = new Map<string, { severity: Severity; sheet: string; column: string | null; count: number; rows: number[] }>();
  private readonly counts = new Map<string, number>();

  add(severity: Severity, sheet: string, row: number | null, column: string | null, col: number | null, message: string): void {
    if (row !== null) {
      const key = `${severity}\u0000${sheet}\u0000${column ?? ""}`;
      const n = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, n);
      if (n > ISSUES_PER_COLUMN) {
        let o = this.overflow.get(key);
        if (!o) this.overflow.set(key, (o = { severity, sheet, column, count: 0, rows: [] }));
        o.count++;
        if (o.rows.length < 10) o.rows.push(row);
        return;
      }
    }
    const cell = row !== null && col !== null ? flat(`${sheetRef(sheet)}!${columnLetter(col)}${row}`) : null;
    this.issues.push({ severity, sheet, row, column, cell, message: flat(message) });
  }

  /**
   * Moves the issues added since `from` (in reading order among themselves) to their place in
   * reading order among the earlier ones: by sheet, row, then column. For checks that can only be
   * made once the whole workbook is read (an action of the plan), so that the list still reads
   * cell after cell. Linear in the number of issues.
   */
  placeInReadingOrder(from: number): void {
    const late = this.issues.splice(from);
    if (!late.length) return;
    const col = (i: Issue) => {
      const m = i.cell ? /!\$?([A-Z]+)\$?\d+$/.exec(i.cell) : null;
      if (!m) return -1;
      let n = 0;
      for (const ch of m[1]) n = n * 26 + ch.charCodeAt(0) - 64;
      return n;
    };
    const before = (e: Issue, x: Issue) => e.row !== null && x.row !== null && (e.row > x.row || (e.row === x.row && col(e) > col(x)));
    const out: Issue[] = [];
    let j = 0;
    for (let k = 0; k < this.issues.length; k++) {
      const e = this.issues[k];
      while (j < late.length && e.sheet === late[j].sheet && before(e, late[j])) out.push(late[j++]);
      out.push(e);
      // Past the last issue of the late one's sheet: it goes here.
      while (j < late.length && e.sheet === late[j].sheet && !this.issues.slice(k + 1, k + 2).some((n) => n.sheet === late[j].sheet)) out.push(late[j++]);
    }
    while (j < late.length) out.push(late[j++]);
    this.issues.length = 0;
    for (const i of out) this.issues.push(i);
  }

  /** The issues, with one summary per sheet, column and severity for those not listed. */
  all(): Issue[] {
    for (const o of this.overflow.values()) {
      const kind = o.severity === "error" ? "erreurs" : o.severity === "warning" ? "avertissements" : "informations";
      const e = o.severity === "warning" ? "" : "e";
      this.issues.push({
        severity: o.severity,
        sheet: o.sheet,
        row: null,
        column: o.column,
        cell: null,
        message: `${o.count} autres ${kind}${o.column ? ` sur la colonne « ${o.column} »` : ""} de la feuille « ${o.sheet} » non détaillé${e}s (au-delà des ${ISSUES_PER_COLUMN.toLocaleString("fr-FR")} premi${e ? "ères" : "ers"}) : lignes ${o.rows.join(", ")}${o.count > o.rows.length ? "…" : ""}`,
      });
    }
    this.overflow.clear();
    return this.issues;
  }
}
