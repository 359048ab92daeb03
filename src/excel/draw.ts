/**
 * Draws a SheetPlan on an Office.js worksheet. Only queues commands: no load, no sync, so that a
 * whole refresh is sent in one batch whatever the size of the register.
 *
 * Text stays text: every string cell gets the number format "@" (Text) before its value is set,
 * in the same 2-D numberFormat block. Excel does not parse what is typed into a Text cell, so a
 * register value such as "=HYPERLINK(…)", "+33 …", "1/2" or "30 %" is shown exactly as written,
 * never run as a formula nor turned into a number or a date. (A leading apostrophe would also work
 * in Excel desktop, but the apostrophe then depends on the host's handling of the prefix
 * character; the Text format is part of the cell and survives copy, save and reload.)
 */
import type { CellStyle, ChartSpec, ConditionalFormat, RangeRef, SheetPlan } from "../dashboards/plan";
import { a1, charsToPoints, rangeA1 } from "./address";

/** Cells written per range assignment (values and number formats). */
export const BLOCK_CELLS = 20_000;
/** Longest address list given to getRanges (Excel accepts long lists; this keeps them readable). */
export const MAX_AREAS_CHARS = 2_000;

const CHART_TYPE: Record<ChartSpec["type"], string> = {
  barClustered: "BarClustered",
  columnClustered: "ColumnClustered",
  line: "Line",
  pie: "Pie",
};
const H_ALIGN = { left: "Left", center: "Center", right: "Right" } as const;
const V_ALIGN = { top: "Top", middle: "Center", bottom: "Bottom" } as const;

export interface DrawStats {
  /** Range assignments of values (each one 2-D block). */
  valueBlocks: number;
  /** Format groups (one getRanges call each). */
  formatGroups: number;
}

/** Queues everything a plan describes on a new, empty worksheet. */
export function drawPlan(sheet: Excel.Worksheet, plan: SheetPlan): DrawStats {
  const rows = Math.max(plan.rowCount, 1);
  const cols = Math.max(plan.colCount, 1);
  const stats: DrawStats = { valueBlocks: 0, formatGroups: 0 };

  if (plan.tabColor) sheet.tabColor = plan.tabColor;
  sheet.showGridlines = plan.showGridLines;

  // Default font size of the plans: 10 pt.
  sheet.getRangeByIndexes(0, 0, rows, cols).format.font.size = 10;

  // Values and number formats, as dense 2-D blocks of rows.
  const values: (string | number | boolean)[][] = Array.from({ length: rows }, () => new Array<string | number | boolean>(cols).fill(""));
  const formats: string[][] = Array.from({ length: rows }, () => new Array<string>(cols).fill("General"));
  for (const cell of plan.cells) {
    if (cell.r < 0 || cell.c < 0 || cell.r >= rows || cell.c >= cols) continue;
    const v = cell.value;
    values[cell.r][cell.c] = v === null ? "" : v;
    const style = cell.style ? plan.styles[cell.style] : undefined;
    if (typeof v === "string" && v !== "") formats[cell.r][cell.c] = "@";
    else if (style?.numFmt) formats[cell.r][cell.c] = style.numFmt;
  }
  const blockRows = Math.max(1, Math.floor(BLOCK_CELLS / cols));
  for (let r0 = 0; r0 < rows; r0 += blockRows) {
    const n = Math.min(blockRows, rows - r0);
    const range = sheet.getRangeByIndexes(r0, 0, n, cols);
    // Number formats first: a string written into a Text cell stays text.
    range.numberFormat = formats.slice(r0, r0 + n);
    range.values = values.slice(r0, r0 + n);
    stats.valueBlocks++;
  }

  // The plan's own formulas (e.g. a score that follows the answers typed in the sheet).
  for (const cell of plan.cells) if (cell.formula) sheet.getRangeByIndexes(cell.r, cell.c, 1, 1).formulas = [[cell.formula]];

  // Drop-down lists.
  for (const v of plan.validations ?? []) {
    const dv = sheet.getRange(rangeA1(v.range)).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: v.list.join(",") } };
    if (v.prompt) dv.prompt = { showPrompt: true, title: "SPASER", message: v.prompt };
    dv.errorAlert = { showAlert: true, style: "Warning", title: "Valeur non prévue", message: `Valeurs attendues : ${v.list.join(", ")}.` };
  }

  // Cell formats, grouped by style: one set of areas per style.
  for (const [key, areas] of styleAreas(plan)) {
    const style = plan.styles[key];
    if (!style || !hasFormat(style)) continue;
    for (const chunk of chunkAddresses(areas)) {
      applyStyle(sheet.getRanges(chunk).format, style);
      stats.formatGroups++;
    }
  }

  for (const m of plan.merges) sheet.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);

  plan.columnWidths.forEach((w, c) => {
    if (w > 0) sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(w);
  });
  for (const [r, h] of Object.entries(plan.rowHeights)) {
    if (h > 0) sheet.getRangeByIndexes(Number(r), 0, 1, 1).format.rowHeight = h;
  }

  if (plan.freeze && (plan.freeze.rows > 0 || plan.freeze.cols > 0)) {
    const { rows: fr, cols: fc } = plan.freeze;
    if (fr > 0 && fc > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, fr, fc));
    else if (fr > 0) sheet.freezePanes.freezeRows(fr);
    else sheet.freezePanes.freezeColumns(fc);
  }

  for (const cf of plan.conditionalFormats) addConditionalFormat(sheet, cf);
  for (const chart of plan.charts) addChart(sheet, chart);
  setupPrint(sheet, plan);
  return stats;
}

function hasFormat(s: CellStyle): boolean {
  return !!(s.bold || s.italic || s.size || s.color || s.fill || s.align || s.vAlign || s.wrap || s.indent || s.border || s.borderBottom);
}

/** Areas (A1 addresses of runs of adjacent cells in a row) per style key. */
export function styleAreas(plan: SheetPlan): Map<string, string[]> {
  const byStyle = new Map<string, { r: number; c: number }[]>();
  for (const cell of plan.cells) {
    if (!cell.style) continue;
    let list = byStyle.get(cell.style);
    if (!list) byStyle.set(cell.style, (list = []));
    list.push({ r: cell.r, c: cell.c });
  }
  const out = new Map<string, string[]>();
  for (const [key, cells] of byStyle) {
    cells.sort((x, y) => x.r - y.r || x.c - y.c);
    const areas: string[] = [];
    let start = cells[0];
    let prev = cells[0];
    const flush = () => areas.push(rangeA1({ r1: start.r, c1: start.c, r2: prev.r, c2: prev.c }));
    for (let i = 1; i < cells.length; i++) {
      const cur = cells[i];
      if (cur.r === prev.r && cur.c === prev.c + 1) {
        prev = cur;
        continue;
      }
      if (cur.r === prev.r && cur.c === prev.c) continue;
      flush();
      start = prev = cur;
    }
    flush();
    out.set(key, areas);
  }
  return out;
}

/** Joins addresses with "," in lists of at most MAX_AREAS_CHARS characters. */
export function chunkAddresses(areas: string[]): string[] {
  const chunks: string[] = [];
  let cur = "";
  for (const a of areas) {
    if (cur && cur.length + 1 + a.length > MAX_AREAS_CHARS) {
      chunks.push(cur);
      cur = "";
    }
    cur = cur ? `${cur},${a}` : a;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical"] as const;

function applyStyle(f: Excel.RangeFormat, s: CellStyle): void {
  if (s.bold) f.font.bold = true;
  if (s.italic) f.font.italic = true;
  if (s.size) f.font.size = s.size;
  if (s.color) f.font.color = s.color;
  if (s.fill) f.fill.color = s.fill;
  if (s.align) f.horizontalAlignment = H_ALIGN[s.align];
  if (s.vAlign) f.verticalAlignment = V_ALIGN[s.vAlign];
  if (s.wrap) f.wrapText = true;
  if (s.indent) f.indentLevel = s.indent;
  if (s.border) {
    for (const edge of EDGES) {
      const b = f.borders.getItem(edge);
      b.style = "Continuous";
      b.weight = "Thin";
      b.color = s.border;
    }
  }
  if (s.borderBottom) {
    const b = f.borders.getItem("EdgeBottom");
    b.style = "Continuous";
    b.weight = "Medium";
    b.color = s.borderBottom;
  }
}

/** `="text"` as a conditional format formula (quotes doubled). */
export function textFormula(text: string): string {
  return `="${text.replace(/"/g, '""')}"`;
}

function addConditionalFormat(sheet: Excel.Worksheet, cf: ConditionalFormat): void {
  const range = sheet.getRange(rangeA1(cf.range));
  if (cf.type === "dataBar") {
    const f = range.conditionalFormats.add("DataBar");
    f.dataBar.lowerBoundRule = { type: "Number", formula: String(cf.min) };
    f.dataBar.upperBoundRule = { type: "Number", formula: String(cf.max) };
    f.dataBar.positiveFormat.fillColor = cf.color;
    f.dataBar.positiveFormat.gradientFill = false;
    f.dataBar.showDataBarOnly = true;
    return;
  }
  for (const rule of cf.rules) {
    const f = range.conditionalFormats.add("CellValue");
    f.cellValue.format.fill.color = rule.fill;
    f.cellValue.format.font.color = rule.color;
    f.cellValue.rule = { formula1: textFormula(rule.text), operator: "EqualTo" };
  }
}

function isTall(ref: RangeRef): boolean {
  return ref.r2 - ref.r1 >= ref.c2 - ref.c1;
}

function addChart(sheet: Excel.Worksheet, spec: ChartSpec): void {
  if (spec.series.length === 0) return;
  const first = spec.series[0];
  const chart = sheet.charts.add(CHART_TYPE[spec.type] as Excel.ChartType, sheet.getRange(rangeA1(first.values)), isTall(first.values) ? "Columns" : "Rows");
  chart.title.text = spec.title;
  chart.setPosition(a1(spec.anchor.r1, spec.anchor.c1), a1(spec.anchor.r2, spec.anchor.c2));
  spec.series.forEach((s, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
    series.name = s.name;
    series.setValues(sheet.getRange(rangeA1(s.values)));
    series.setXAxisValues(sheet.getRange(rangeA1(s.categories)));
  });
  chart.legend.visible = spec.series.length > 1 || spec.type === "pie";
  if (spec.type !== "pie") {
    if (spec.valueAxisMax !== undefined) chart.axes.valueAxis.maximum = spec.valueAxisMax;
    if (spec.numberFormat) chart.axes.valueAxis.numberFormat = spec.numberFormat;
  }
  if (spec.numberFormat) {
    chart.dataLabels.showValue = true;
    chart.dataLabels.numberFormat = spec.numberFormat;
  }
}

function setupPrint(sheet: Excel.Worksheet, plan: SheetPlan): void {
  const p = plan.print;
  const layout = sheet.pageLayout;
  layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  layout.paperSize = "A4";
  layout.centerHorizontally = true;
  // 0 pages tall = as many pages as needed.
  layout.zoom = { horizontalFitToPages: p.fitToWidth, verticalFitToPages: p.fitToHeight };
  if (p.titleRows) layout.setPrintTitleRows(`$${p.titleRows[0] + 1}:$${p.titleRows[1] + 1}`);
  const area = p.area ?? { r1: 0, c1: 0, r2: Math.max(plan.rowCount, 1) - 1, c2: Math.max(plan.colCount, 1) - 1 };
  layout.setPrintArea(rangeA1(area));
  if (p.margins) {
    // Margins are in inches, as in .xlsx files (and ExcelJS).
    layout.setPrintMargins("Inches", { ...p.margins });
  }
  const hf = layout.headersFooters.defaultForAllPages;
  if (p.header.left) hf.leftHeader = p.header.left;
  if (p.header.center) hf.centerHeader = p.header.center;
  if (p.header.right) hf.rightHeader = p.header.right;
  if (p.footer.left) hf.leftFooter = p.footer.left;
  if (p.footer.center) hf.centerFooter = p.footer.center;
  if (p.footer.right) hf.rightFooter = p.footer.right;
}

