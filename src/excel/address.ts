/** Cell addresses for Office.js (A1 style), from the 0-based rows and columns of the plans. */
import { columnLetter } from "../register/values";
import type { RangeRef } from "../dashboards/plan";

export function a1(r: number, c: number): string {
  return `${columnLetter(c)}${r + 1}`;
}

export function rangeA1(ref: RangeRef): string {
  return ref.r1 === ref.r2 && ref.c1 === ref.c2 ? a1(ref.r1, ref.c1) : `${a1(ref.r1, ref.c1)}:${a1(ref.r2, ref.c2)}`;
}

/**
 * Splits `Sheet!A1`, `'My sheet'!B2:C3` or `'L''été'!A1` into sheet name and cell address.
 * Returns null when the text is not such an address.
 */
export function splitAddress(address: string): { sheet: string; cell: string } | null {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(address.trim());
  if (!m) return null;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const cell = `${m[3]}${m[4]}${m[5] ? `:${m[5]}${m[6]}` : ""}`.toUpperCase();
  return { sheet, cell };
}

/** Excel column width (points) for a width in characters of the default font. */
export function charsToPoints(chars: number): number {
  // Excel: pixels = trunc(chars × 7 + 5) for Calibri 11 at 96 dpi; 1 px = 0.75 pt.
  return Math.round(Math.trunc(chars * 7 + 5) * 0.75 * 100) / 100;
}
