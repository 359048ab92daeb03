/**
 * Draws sheet plans into an .xlsx workbook with ExcelJS. ExcelJS writes no charts: the plans' charts
 * are added as native chart parts afterwards (xlsx-charts.ts). Data bars are drawn as bars of text characters and status
 * colours as plain fills (ExcelJS's data-bar and conditional-format output is known to make Excel
 * repair files); notes are never used.
 */
// ExcelJS is loaded only when a workbook is written: `spaser indicators` never needs it (memory).
import type ExcelJS from "exceljs";
import * as fs from "fs";
import type { CellStyle, SheetPlan } from "../dashboards/plan";
import { addCharts } from "./xlsx-charts";

const FONT = "Calibri";

/** Excel's limit on the characters of one cell (Excel specifications and limits). */
export const EXCEL_CELL_TEXT_LIMIT = 32_767;

/**
 * A value Excel can hold: text cut to 32 767 characters, numbers that are not finite (which would
 * make the file unreadable) written as blank. `warn` is told what was changed.
 */
export function excelSafeValue(v: ExcelJS.CellValue, where: string, warn: (message: string) => void): ExcelJS.CellValue {
  if (typeof v === "string" && v.length > EXCEL_CELL_TEXT_LIMIT) {
    warn(`${where} : texte de ${v.length.toLocaleString("fr-FR")} caractères coupé à 32 767 caractères (limite d'une cellule Excel)`);
    return v.slice(0, EXCEL_CELL_TEXT_LIMIT);
  }
  if (typeof v === "number" && !Number.isFinite(v)) {
    warn(`${where} : nombre hors des limites d'Excel, laissé vide`);
    return null;
  }
  return v;
}

export function argb(hex: string): string {
  return "FF" + hex.replace("#", "").toUpperCase();
}

function toExcelStyle(s: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: s.size ?? 10, bold: !!s.bold, italic: !!s.italic, ...(s.underline ? { underline: true } : {}), ...(s.color ? { color: { argb: argb(s.color) } } : {}) },
  };
  if (s.numFmt) out.numFmt = s.numFmt;
  if (s.fill) out.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } };
  if (s.align || s.vAlign || s.wrap || s.indent) {
    out.alignment = {
      ...(s.align ? { horizontal: s.align } : {}),
      ...(s.vAlign ? { vertical: s.vAlign } : {}),
      ...(s.wrap ? { wrapText: true } : {}),
      ...(s.indent ? { indent: s.indent } : {}),
    };
  }
  if (s.border || s.borderBottom) {
    const thin = s.border ? { style: "thin" as const, color: { argb: argb(s.border) } } : undefined;
    out.border = {
      ...(thin ? { top: thin, left: thin, right: thin, bottom: thin } : {}),
      ...(s.borderBottom ? { bottom: { style: "medium" as const, color: { argb: argb(s.borderBottom) } } } : {}),
    };
  }
  return out;
}

/** A bar of ten segments, e.g. 0.62 -> "██████░░░░". */
export function textBar(v: number): string {
  const n = Math.max(0, Math.min(10, Math.round(v * 10)));
  return "█".repeat(n) + "░".repeat(10 - n);
}

function escapeHeaderFooter(s: string): string {
  return s.replace(/&(?![PN])/g, "&&");
}

function headerFooter(parts: { left?: string; center?: string; right?: string }): string {
  return (
    (parts.left ? `&L&8${escapeHeaderFooter(parts.left)}` : "") +
    (parts.center ? `&C&8${escapeHeaderFooter(parts.center)}` : "") +
    (parts.right ? `&R&8${escapeHeaderFooter(parts.right)}` : "")
  );
}

function inRange(r: number, c: number, g: { r1: number; c1: number; r2: number; c2: number }): boolean {
  return r >= g.r1 && r <= g.r2 && c >= g.c1 && c <= g.c2;
}

/** Adds one worksheet drawn from a plan. */
export function drawPlan(wb: ExcelJS.Workbook, plan: SheetPlan, warn: (message: string) => void = () => undefined): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(plan.name, {
    properties: { tabColor: plan.tabColor ? { argb: argb(plan.tabColor) } : undefined, defaultRowHeight: 15 },
    views: [
      {
        state: plan.freeze ? "frozen" : "normal",
        ...(plan.freeze ? { xSplit: plan.freeze.cols, ySplit: plan.freeze.rows } : {}),
        showGridLines: plan.showGridLines,
        zoomScale: 90,
      },
    ],
  });
  ws.columns = plan.columnWidths.map((w) => ({ width: w }));
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  for (const [k, s] of Object.entries(plan.styles)) styles.set(k, toExcelStyle(s));
  const bars = plan.conditionalFormats.filter((f) => f.type === "dataBar");
  const texts = plan.conditionalFormats.flatMap((f) => (f.type === "textEquals" ? [f] : []));

  for (const cell of plan.cells) {
    const xc = ws.getCell(cell.r + 1, cell.c + 1);
    const base = cell.style ? styles.get(cell.style) : undefined;
    let style: Partial<ExcelJS.Style> | undefined = base;
    let value: ExcelJS.CellValue = cell.value;
    if (typeof cell.value === "number" && !cell.formula && bars.some((f) => inRange(cell.r, cell.c, f.range))) {
      const bar = bars.find((f) => inRange(cell.r, cell.c, f.range))!;
      value = textBar(cell.value);
      style = { ...base, numFmt: "@", font: { name: FONT, size: 8, color: { argb: argb(bar.type === "dataBar" ? bar.color : "#5B9BD5") } } };
    } else if (typeof cell.value === "string") {
      const cf = texts.find((f) => inRange(cell.r, cell.c, f.range));
      const rule = cf?.rules.find((x) => x.text === cell.value);
      if (rule) style = { ...base, fill: { type: "pattern", pattern: "solid", fgColor: { argb: argb(rule.fill) } }, font: { ...(base?.font ?? {}), color: { argb: argb(rule.color) }, bold: true } };
    }
    // Text is always a plain value: ExcelJS writes strings as strings (never as formulas). Only
    // the plan's own formulas (never text from the register) are written as formulas.
    value = excelSafeValue(value, `« ${plan.name} »!${xc.address}`, warn);
    if (cell.link && value !== null && value !== undefined) {
      // An internal hyperlink: a target starting with « # » is a place in the same workbook.
      xc.value = { text: String(value), hyperlink: `#${cell.link}` };
    } else xc.value = cell.formula ? ({ formula: cell.formula.replace(/^=/, ""), result: typeof value === "number" ? value : undefined } as ExcelJS.CellFormulaValue) : value;
    if (style) xc.style = style;
  }
  for (const m of plan.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  // ExcelJS gathers alike validations into rectangular ranges when it writes.
  for (const v of plan.validations ?? []) {
    for (let r = v.range.r1; r <= v.range.r2; r++)
      for (let c = v.range.c1; c <= v.range.c2; c++)
        ws.getCell(r + 1, c + 1).dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${v.list.join(",")}"`],
          ...(v.prompt ? { showInputMessage: true, prompt: v.prompt } : {}),
          showErrorMessage: true,
          errorStyle: "warning",
          error: `Valeurs attendues : ${v.list.join(", ")}`,
        };
  }
  for (const [r, h] of Object.entries(plan.rowHeights)) ws.getRow(Number(r) + 1).height = h;

  const p = plan.print;
  const lastCol = ws.getColumn(plan.colCount).letter;
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: p.orientation,
    fitToPage: true,
    fitToWidth: p.fitToWidth,
    fitToHeight: p.fitToHeight,
    horizontalCentered: true,
    printArea: p.area ? `${ws.getColumn(p.area.c1 + 1).letter}${p.area.r1 + 1}:${ws.getColumn(p.area.c2 + 1).letter}${p.area.r2 + 1}` : `A1:${lastCol}${plan.rowCount}`,
    ...(p.titleRows ? { printTitlesRow: `${p.titleRows[0] + 1}:${p.titleRows[1] + 1}` } : {}),
    ...(p.margins ? { margins: p.margins } : {}),
  };
  ws.headerFooter = { oddHeader: headerFooter(p.header), oddFooter: headerFooter(p.footer) };
  return ws;
}

/**
 * Writes the plans as a new workbook at `file` (the caller writes to a temporary name and renames).
 * Returns what had to be changed for Excel to open the file (see excelSafeValue).
 */
export async function writePlans(plans: SheetPlan[], file: string, creator = "SPASER"): Promise<string[]> {
  const warnings: string[] = [];
  const { Workbook } = require("exceljs") as typeof import("exceljs");
  const wb = new Workbook();
  wb.creator = creator;
  wb.created = new Date();
  for (const plan of plans) drawPlan(wb, plan, (m) => warnings.push(m));
  // ExcelJS writes no charts: the plans' charts are added to its package as native chart parts.
  const JSZip = require("jszip") as typeof import("jszip");
  const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  await addCharts(zip, plans);
  await fs.promises.writeFile(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } }));
  return warnings;
}
