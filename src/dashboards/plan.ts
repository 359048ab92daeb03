/**
 * A sheet plan: everything needed to draw one sheet, independent of the drawing API. The Excel
 * add-in (Office.js) and the command line (.xlsx through ExcelJS) both draw the same plans.
 * Rows and columns are 0-based here; writers convert to their own addressing.
 */

export type Align = "left" | "center" | "right";

export interface CellStyle {
  /** Excel number format, e.g. `0.0 %`, `# ##0 "€ HT"`, `@` for text. */
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** Font size in points (default 10). */
  size?: number;
  /** Font colour, `#RRGGBB`. */
  color?: string;
  /** Fill colour, `#RRGGBB`. */
  fill?: string;
  align?: Align;
  vAlign?: "top" | "middle" | "bottom";
  wrap?: boolean;
  indent?: number;
  /** Thin borders around the cell, in this colour. */
  border?: string;
  /** A thicker bottom border (section titles). */
  borderBottom?: string;
}

/** A cell's value: text is always written as a value, never as a formula. */
export type PlanValue = string | number | boolean | null;

export interface PlanCell {
  r: number;
  c: number;
  /** The value (for a formula cell: its value when the plan was built). */
  value: PlanValue;
  /** Key into SheetPlan.styles. */
  style?: string;
  /**
   * A formula of the add-in's own, in A1 notation with English function names (e.g. a score that
   * follows the answers typed in the sheet). Never built from text of the register.
   */
  formula?: string;
  /**
   * An internal hyperlink to a place of the workbook written by the same refresh, in A1 notation
   * with the sheet quoted when needed: `'Détail des indicateurs'!A12`.
   */
  link?: string;
}

export interface Merge {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface RangeRef {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export type ConditionalFormat =
  | { type: "dataBar"; range: RangeRef; color: string; min: number; max: number }
  /** Colours a cell whose text equals one of the values. */
  | { type: "textEquals"; range: RangeRef; rules: { text: string; fill: string; color: string }[] };

export interface ChartSeries {
  name: string;
  /** Range of the category labels and of the values, in this sheet. */
  categories: RangeRef;
  values: RangeRef;
}

export interface ChartSpec {
  type: "barClustered" | "columnClustered" | "line" | "pie";
  title: string;
  series: ChartSeries[];
  /** Where the chart is drawn (top-left and bottom-right cells). */
  anchor: RangeRef;
  /** Axis maximum for percentages (1 = 100 %). */
  valueAxisMax?: number;
  numberFormat?: string;
}

export interface PrintSetup {
  orientation: "landscape" | "portrait";
  paperSize: "A4";
  fitToWidth: number;
  /** 0 = as many pages as needed. */
  fitToHeight: number;
  /** Rows repeated at the top of every printed page (0-based, inclusive). */
  titleRows?: [number, number];
  /** Header and footer, left / center / right. */
  header: { left?: string; center?: string; right?: string };
  footer: { left?: string; center?: string; right?: string };
  /** Print area (default: every used cell). */
  area?: RangeRef;
  margins?: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
}

export interface SheetPlan {
  /** Sheet name wanted (valid in Excel: ≤ 31 characters, none of : \ / ? * [ ]). */
  name: string;
  /** What the sheet is, so that a refresh finds the sheets it owns. */
  kind: "tdb1" | "tdb2" | "detail" | "cotation" | "referentiel" | "plan";
  /** Excel table (ListObject) to create over a range, e.g. for the cotation sheet's rows. */
  table?: { name: string; range: RangeRef };
  tabColor?: string;
  /** Column widths in characters, from column 0. */
  columnWidths: number[];
  /** Row heights in points, by row index (rows not listed keep the default). */
  rowHeights: Record<number, number>;
  styles: Record<string, CellStyle>;
  cells: PlanCell[];
  merges: Merge[];
  freeze?: { rows: number; cols: number };
  conditionalFormats: ConditionalFormat[];
  charts: ChartSpec[];
  /** Drop-down lists (data validation) over ranges. */
  validations?: { range: RangeRef; list: string[]; prompt?: string }[];
  print: PrintSetup;
  /** Number of rows and columns used. */
  rowCount: number;
  colCount: number;
  showGridLines: boolean;
}

const FORBIDDEN = /[:\\/?*[\]]/g;

/** A sheet name Excel accepts: forbidden characters replaced, at most 31 characters, not blank. */
/**
 * The range a sheet prints: its print area when the plan sets one, else every used cell and every
 * chart. A print area is a range of cells (PageLayout.setPrintArea,
 * https://learn.microsoft.com/javascript/api/excel/excel.pagelayout#excel-excel-pagelayout-setprintarea-member(1)):
 * a chart beside the table prints only if the area reaches it.
 */
export function printArea(plan: SheetPlan): RangeRef {
  if (plan.print.area) return plan.print.area;
  let r2 = Math.max(plan.rowCount, 1) - 1;
  let c2 = Math.max(plan.colCount, 1) - 1;
  for (const ch of plan.charts) {
    r2 = Math.max(r2, ch.anchor.r2);
    c2 = Math.max(c2, ch.anchor.c2);
  }
  return { r1: 0, c1: 0, r2, c2 };
}

export function validSheetName(name: string): string {
  let s = name.replace(FORBIDDEN, "-").replace(/^'+|'+$/g, "").trim();
  if (s.length > 31) s = s.slice(0, 31).trim();
  return s || "Feuille";
}

/** A name not used yet (case-insensitive, as Excel compares): "TdB 1", "TdB 1 (2)", … */
export function uniqueSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  const base = validSheetName(wanted);
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = base.slice(0, 31 - suffix.length).trim() + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
