/**
 * Draws a SheetPlan on an Office.js worksheet, in two parts:
 * - drawCells: values, number formats, the plan's own formulas, cell formats and merges — what a
 *   range copy carries (Range.copyFrom "All"), hence what the writer draws on a staging sheet;
 * - drawSetup: what belongs to the sheet rather than to its cells — column widths, row heights,
 *   freeze panes, tab colour, gridlines, drop-down lists, conditional formats, charts, page layout.
 * - drawLinks: the internal hyperlinks of the plan's cells (Range.hyperlink with a
 *   documentReference, ExcelApi 1.7), drawn once every sheet of the run has its final name, since a
 *   link names the sheet it goes to.
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-hyperlink-member
 *   https://learn.microsoft.com/javascript/api/excel/excel.rangehyperlink
 * All queue commands through a RequestBudget, which syncs before a request would pass 4 MB
 * (budget.ts): the number of syncs grows with the bytes drawn, never with anything else. Cell
 * formats go by rectangles of cells of one style, row heights by runs of rows of one height: a
 * list of 40 000 contracts in five styled columns costs a handful of commands, not 200 000.
 *
 * Text stays text: every string cell gets the number format "@" (Text) before its value is set,
 * in the same 2-D numberFormat block. Excel does not parse what is typed into a Text cell, so a
 * register value such as "=HYPERLINK(…)", "+33 …", "1/2" or "30 %" is shown exactly as written,
 * never run as a formula nor turned into a number or a date.
 */
import { printArea } from "../dashboards/plan";
import type { CellStyle, ChartSpec, ConditionalFormat, RangeRef, SheetPlan } from "../dashboards/plan";
import { a1, charsToPoints, rangeA1, splitAddress } from "./address";
import { sheetRef } from "../register/issues";
import type { Capabilities } from "./capabilities";
import { COMMAND_BYTES, jsonBytes, RequestBudget } from "./budget";

/** Bytes of values and number formats per range assignment (well under a request). */
export const BLOCK_BYTES = 1024 * 1024;
/** Longest address list given to getRanges (Excel accepts long lists; this keeps them readable). */
export const MAX_AREAS_CHARS = 2_000;
/** Most pages Excel accepts for "fit to N pages tall" (the Page Setup dialog's limit). */
export const MAX_FIT_PAGES = 32_767;

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
  /** Range assignments of formulas. */
  formulaBlocks: number;
}

/** Rows and columns a plan covers (at least one of each). */
export function planArea(plan: SheetPlan): { rows: number; cols: number } {
  return { rows: Math.max(plan.rowCount, 1), cols: Math.max(plan.colCount, 1) };
}

/** Whether the plan writes formulas (which then need a calculation, see writer.ts). */
export function hasFormulas(plan: SheetPlan): boolean {
  return plan.cells.some((c) => !!c.formula);
}

/** Queues the cells of a plan on an empty worksheet. */
export async function drawCells(sheet: Excel.Worksheet, plan: SheetPlan, budget: RequestBudget): Promise<DrawStats> {
  const { rows, cols } = planArea(plan);
  const stats: DrawStats = { valueBlocks: 0, formatGroups: 0, formulaBlocks: 0 };

  // Default font size of the plans: 10 pt.
  await budget.command();
  sheet.getRangeByIndexes(0, 0, rows, cols).format.font.size = 10;

  // Values and number formats, as dense 2-D blocks of rows, each under BLOCK_BYTES.
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
  let r0 = 0;
  while (r0 < rows) {
    let bytes = 0;
    let r1 = r0;
    while (r1 < rows) {
      const b = rowBytes(values[r1], formats[r1]);
      if (r1 > r0 && bytes + b > BLOCK_BYTES) break;
      bytes += b;
      r1++;
    }
    await budget.reserve(2 * COMMAND_BYTES + bytes);
    const range = sheet.getRangeByIndexes(r0, 0, r1 - r0, cols);
    // Number formats first: a string written into a Text cell stays text.
    range.numberFormat = formats.slice(r0, r1);
    range.values = values.slice(r0, r1);
    stats.valueBlocks++;
    r0 = r1;
  }

  // The plan's own formulas (e.g. a score that follows the answers typed in the sheet), one range
  // per run of consecutive rows in a column.
  for (const run of formulaRuns(plan)) {
    await budget.reserve(COMMAND_BYTES + jsonBytes(run.formulas));
    sheet.getRangeByIndexes(run.r, run.c, run.formulas.length, 1).formulas = run.formulas;
    stats.formulaBlocks++;
  }

  // Cell formats, grouped by style: one set of areas per style.
  for (const [k, areas] of styleAreas(plan)) {
    const style = plan.styles[k];
    if (!style || !hasFormat(style)) continue;
    for (const chunk of chunkAddresses(areas)) {
      await budget.reserve(COMMAND_BYTES * (1 + formatCommands(style)) + chunk.length);
      applyStyle(sheet.getRanges(chunk).format, style);
      stats.formatGroups++;
    }
  }

  for (const m of plan.merges) {
    await budget.command();
    sheet.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);
  }
  return stats;
}

function rowBytes(values: unknown[], formats: string[]): number {
  return jsonBytes(values) + jsonBytes(formats);
}

/** Formula cells as vertical runs: { r, c, formulas: [[f], [f]…] }. */
export function formulaRuns(plan: SheetPlan): { r: number; c: number; formulas: string[][] }[] {
  const cells = plan.cells.filter((c) => !!c.formula).sort((x, y) => x.c - y.c || x.r - y.r);
  const runs: { r: number; c: number; formulas: string[][] }[] = [];
  for (const cell of cells) {
    const last = runs[runs.length - 1];
    if (last && last.c === cell.c && last.r + last.formulas.length === cell.r) last.formulas.push([cell.formula as string]);
    else runs.push({ r: cell.r, c: cell.c, formulas: [[cell.formula as string]] });
  }
  return runs;
}

export interface SetupOptions {
  caps: Capabilities;
  /** Names given to the charts drawn: `${chartPrefix}1`, `${chartPrefix}2`… */
  chartPrefix: string;
}

/** Queues what a plan sets on the sheet itself (see the header). */
export async function drawSetup(sheet: Excel.Worksheet, plan: SheetPlan, budget: RequestBudget, options: SetupOptions): Promise<void> {
  await budget.reserve(2 * COMMAND_BYTES);
  if (plan.tabColor) sheet.tabColor = plan.tabColor;
  sheet.showGridlines = plan.showGridLines;

  for (let c = 0; c < plan.columnWidths.length; c++) {
    const w = plan.columnWidths[c];
    if (!(w > 0)) continue;
    await budget.command();
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(w);
  }
  for (const run of heightRuns(plan.rowHeights)) {
    await budget.command();
    sheet.getRangeByIndexes(run.r, 0, run.n, 1).format.rowHeight = run.h;
  }

  if (plan.freeze && (plan.freeze.rows > 0 || plan.freeze.cols > 0)) {
    await budget.command();
    const { rows: fr, cols: fc } = plan.freeze;
    if (fr > 0 && fc > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, fr, fc));
    else if (fr > 0) sheet.freezePanes.freezeRows(fr);
    else sheet.freezePanes.freezeColumns(fc);
  }

  // Drop-down lists (ExcelApi 1.8).
  for (const v of plan.validations ?? []) {
    const source = v.list.join(",");
    await budget.reserve(3 * COMMAND_BYTES + 2 * source.length + (v.prompt?.length ?? 0));
    const dv = sheet.getRange(rangeA1(v.range)).dataValidation;
    dv.rule = { list: { inCellDropDown: true, source } };
    if (v.prompt) dv.prompt = { showPrompt: true, title: "SPASER", message: v.prompt };
    dv.errorAlert = { showAlert: true, style: "Warning", title: "Valeur non prévue", message: `Valeurs attendues : ${v.list.join(", ")}.` };
  }

  if (options.caps.conditionalFormats) {
    for (const cf of plan.conditionalFormats) {
      await budget.reserve(COMMAND_BYTES * 8);
      addConditionalFormat(sheet, cf);
    }
  }
  if (options.caps.charts) {
    for (let i = 0; i < plan.charts.length; i++) {
      await budget.reserve(COMMAND_BYTES * (12 + 4 * plan.charts[i].series.length));
      addChart(sheet, plan.charts[i], `${options.chartPrefix}${i + 1}`);
    }
  }
  await budget.reserve(COMMAND_BYTES * 16);
  setupPrint(sheet, plan);
}

/** Consecutive rows of the same height: { r, n, h }, in order. */
export function heightRuns(heights: Record<number, number>): { r: number; n: number; h: number }[] {
  const rows = Object.entries(heights)
    .map(([r, h]) => ({ r: Number(r), h }))
    .filter((x) => x.h > 0 && Number.isInteger(x.r) && x.r >= 0)
    .sort((a, b) => a.r - b.r);
  const runs: { r: number; n: number; h: number }[] = [];
  for (const x of rows) {
    const last = runs[runs.length - 1];
    if (last && last.h === x.h && last.r + last.n === x.r) last.n++;
    else runs.push({ r: x.r, n: 1, h: x.h });
  }
  return runs;
}

/** Where a link goes, with the sheet named as the run finally named it. */
export function linkTarget(link: string, finalName: (planName: string) => string): string | null {
  const parts = splitAddress(link);
  if (!parts) return null;
  return `${sheetRef(finalName(parts.sheet))}!${parts.cell}`;
}

export interface LinkOptions {
  /** The name a sheet of the run was given, from the name its plan asked for. */
  finalName: (planName: string) => string;
}

/**
 * Queues the plan's internal hyperlinks: each linked cell keeps its text (textToDisplay) and goes
 * to the place named by the link, in the sheet as it was finally named (a user's sheet holding the
 * wanted name makes the add-in's « … (2) »). Returns the number of links drawn.
 */
export async function drawLinks(sheet: Excel.Worksheet, plan: SheetPlan, budget: RequestBudget, options: LinkOptions): Promise<number> {
  let n = 0;
  for (const cell of plan.cells) {
    if (!cell.link) continue;
    const target = linkTarget(cell.link, options.finalName);
    if (!target) continue;
    const text = cell.value === null ? "" : String(cell.value);
    const hyperlink: Excel.RangeHyperlink = { documentReference: target, textToDisplay: text, screenTip: "Voir les contrats de cet indicateur" };
    await budget.reserve(COMMAND_BYTES + jsonBytes(hyperlink));
    sheet.getRangeByIndexes(cell.r, cell.c, 1, 1).hyperlink = hyperlink;
    n++;
  }
  return n;
}

/** Whether the plan has internal hyperlinks. */
export function hasLinks(plan: SheetPlan): boolean {
  return plan.cells.some((c) => !!c.link);
}

function hasFormat(s: CellStyle): boolean {
  return formatCommands(s) > 0;
}

/** Property assignments applyStyle queues for a style. */
function formatCommands(s: CellStyle): number {
  let n = 0;
  for (const k of ["bold", "italic", "underline", "size", "color", "fill", "align", "vAlign", "wrap", "indent"] as const) if (s[k]) n++;
  if (s.border) n += 15;
  if (s.borderBottom) n += 3;
  return n;
}

/**
 * Areas per style key, as A1 addresses: runs of adjacent cells in a row, then runs of the same
 * columns on consecutive rows joined into one rectangle (a column of a long list is one area).
 */
export function styleAreas(plan: SheetPlan): Map<string, string[]> {
  const byStyle = new Map<string, { r: number; c: number }[]>();
  for (const cell of plan.cells) {
    if (!cell.style) continue;
    let list = byStyle.get(cell.style);
    if (!list) byStyle.set(cell.style, (list = []));
    list.push({ r: cell.r, c: cell.c });
  }
  const out = new Map<string, string[]>();
  for (const [k, cells] of byStyle) {
    cells.sort((x, y) => x.r - y.r || x.c - y.c);
    // Runs in a row: { r, c1, c2 }.
    const runs: { r: number; c1: number; c2: number }[] = [];
    for (const cur of cells) {
      const last = runs[runs.length - 1];
      if (last && last.r === cur.r && (cur.c === last.c2 + 1 || cur.c === last.c2)) last.c2 = cur.c;
      else runs.push({ r: cur.r, c1: cur.c, c2: cur.c });
    }
    // Rectangles: a run extends the open rectangle of the same columns ending on the row above.
    const open = new Map<string, RangeRef>();
    const rects: RangeRef[] = [];
    for (const run of runs) {
      const key = `${run.c1}:${run.c2}`;
      const rect = open.get(key);
      if (rect && rect.r2 === run.r - 1) rect.r2 = run.r;
      else {
        const next = { r1: run.r, c1: run.c1, r2: run.r, c2: run.c2 };
        open.set(key, next);
        rects.push(next);
      }
    }
    rects.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
    out.set(k, rects.map(rangeA1));
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
  if (s.underline) f.font.underline = "Single";
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

function addChart(sheet: Excel.Worksheet, spec: ChartSpec, name: string): void {
  if (spec.series.length === 0) return;
  const first = spec.series[0];
  const chart = sheet.charts.add(CHART_TYPE[spec.type] as Excel.ChartType, sheet.getRange(rangeA1(first.values)), isTall(first.values) ? "Columns" : "Rows");
  chart.name = name;
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

/**
 * The plan's "fit to" as documented page layout values. PageLayoutZoomOptions takes a scale (10 to
 * 400) or numbers of pages wide and tall; it documents no 0. The plans' `fitToHeight: 0` means "as
 * many pages as needed" (the .xlsx meaning, kept by the command line): here it becomes a number of
 * pages no printout can reach — one page per row (an Excel row is at most 409 pt, less than a
 * printable A4 page) — so that Excel only ever shrinks to fit the width, as .xlsx readers do with 0.
 * https://learn.microsoft.com/javascript/api/excel/excel.pagelayoutzoomoptions
 */
export function zoomFor(plan: SheetPlan): Excel.PageLayoutZoomOptions {
  const p = plan.print;
  const clamp = (n: number) => Math.max(1, Math.min(MAX_FIT_PAGES, Math.round(n)));
  const area = p.area ?? { r1: 0, c1: 0, r2: Math.max(plan.rowCount, 1) - 1, c2: Math.max(plan.colCount, 1) - 1 };
  const rows = area.r2 - area.r1 + 1;
  const cols = area.c2 - area.c1 + 1;
  return {
    horizontalFitToPages: p.fitToWidth > 0 ? clamp(p.fitToWidth) : clamp(cols),
    verticalFitToPages: p.fitToHeight > 0 ? clamp(p.fitToHeight) : clamp(rows),
  };
}

function setupPrint(sheet: Excel.Worksheet, plan: SheetPlan): void {
  const p = plan.print;
  const layout = sheet.pageLayout;
  layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  layout.paperSize = "A4";
  layout.centerHorizontally = true;
  layout.zoom = zoomFor(plan);
  if (p.titleRows) layout.setPrintTitleRows(`$${p.titleRows[0] + 1}:$${p.titleRows[1] + 1}`);
  layout.setPrintArea(rangeA1(printArea(plan)));
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
