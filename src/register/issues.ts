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
