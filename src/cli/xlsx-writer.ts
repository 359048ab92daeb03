/**
 * Draws sheet plans into an .xlsx workbook with ExcelJS. ExcelJS writes no charts: the plans' charts
 * are added as native chart parts afterwards (xlsx-charts.ts). Data bars are drawn as bars of text characters and status
 * colours as plain fills (ExcelJS's data-bar and conditional-format output is known to make Excel
 * repair files); notes are never used.
 */
// ExcelJS is loaded only when a workbook is written: `spaser indicators` never needs it (memory).
import type ExcelJS from "exceljs";
import * as fs from "fs";
import { printArea } from "../dashboards/plan";
import type { CellStyle, Merge, SheetPlan } from "../dashboards/plan";
import { addCharts, PackageParts } from "./xlsx-charts";
import { zipEntries, ZipEntry } from "../files/xlsx/zip-write";

const FONT = "Calibri";

/** Excel's limit on the characters of one cell (Excel specifications and limits). */
export const EXCEL_CELL_TEXT_LIMIT = 32_767;

/**
 * Characters XML 1.0 forbids (§2.2 of the XML 1.0 recommendation, `Char`): C0 controls other than
 * tab, line feed and carriage return, U+FFFE, U+FFFF, and UTF-16 surrogates that are not part of a
 * pair. One of them in a shared string makes the whole workbook unreadable (openpyxl refuses it,
 * LibreOffice drops every string after it).
 */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is removed
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 forbids, and how many were removed. */
export function xmlSafeText(s: string): { text: string; removed: number } {
  let removed = 0;
  const text = s.replace(XML_FORBIDDEN, () => {
    removed++;
    return "";
  });
  return { text, removed };
}

/** Text of the workbook's own structure (sheet names, headers, lists): forbidden characters dropped. */
function xmlSafe(s: string): string {
  return xmlSafeText(s).text;
}

/**
 * A value Excel can hold: characters XML forbids removed (`onForbidden` is told, once per cell), text
 * cut to 32 767 characters, numbers that are not finite (which would make the file unreadable)
 * written as blank. `warn` is told what was changed.
 */
export function excelSafeValue(v: ExcelJS.CellValue, where: string, warn: (message: string) => void, onForbidden?: (removed: number) => void): ExcelJS.CellValue {
  if (typeof v === "string") {
    const safe = xmlSafeText(v);
    if (safe.removed) {
      if (onForbidden) onForbidden(safe.removed);
      else warn(`${where} : ${forbiddenWords(safe.removed)}`);
      v = safe.text;
    }
  }
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

function forbiddenWords(n: number): string {
  return `${n} caractère${n > 1 ? "s" : ""} qu'un classeur ne peut pas contenir (caractères de contrôle, U+FFFE, U+FFFF ou demi-paire de substitution) supprimé${n > 1 ? "s" : ""}`;
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
  return xmlSafe(s).replace(/&(?![PN])/g, "&&");
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

/**
 * Merges the plan's ranges. ExcelJS's `mergeCells` compares each new range with every merge already
 * made (quadratic: 5 s for the 8,810 merges of TdB 2 at 200,000 contracts); the plans never overlap,
 * which is checked here in one pass over the merged cells, so each cell is merged directly.
 */
export function mergeAll(ws: ExcelJS.Worksheet, merges: readonly Merge[]): void {
  const taken = new Set<number>();
  for (const m of merges) {
    if (m.r2 < m.r1 || m.c2 < m.c1) throw new Error(`fusion invalide dans la feuille « ${ws.name} » (${JSON.stringify(m)})`);
    for (let r = m.r1; r <= m.r2; r++)
      for (let c = m.c1; c <= m.c2; c++) {
        const k = r * 16_384 + c;
        if (taken.has(k)) throw new Error(`fusions qui se chevauchent dans la feuille « ${ws.name} » (ligne ${r + 1}, colonne ${c + 1})`);
        taken.add(k);
      }
    if (m.r1 === m.r2 && m.c1 === m.c2) continue;
    const master = ws.getCell(m.r1 + 1, m.c1 + 1);
    for (let r = m.r1; r <= m.r2; r++)
      for (let c = m.c1; c <= m.c2; c++) if (r !== m.r1 || c !== m.c1) ws.getCell(r + 1, c + 1).merge(master);
  }
}

/** Adds one worksheet drawn from a plan. */
export function drawPlan(wb: ExcelJS.Workbook, plan: SheetPlan, warn: (message: string) => void = () => undefined): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(xmlSafe(plan.name), {
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

  // Cells whose text lost characters XML forbids: one warning for the sheet, naming them.
  const cleaned: string[] = [];
  let removed = 0;
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
    value = excelSafeValue(value, `« ${plan.name} »!${xc.address}`, warn, (n) => {
      removed += n;
      cleaned.push(xc.address);
    });
    if (cell.link && value !== null && value !== undefined) {
      // An internal hyperlink: ExcelJS writes a place of the workbook (`'Sheet'!A6`) as a `location`,
      // and an external relationship as well, which writeWorkbook removes (see internalLinksOnly).
      xc.value = { text: String(value), hyperlink: cell.link };
    } else xc.value = cell.formula ? ({ formula: cell.formula.replace(/^=/, ""), result: typeof value === "number" ? value : undefined } as ExcelJS.CellFormulaValue) : value;
    if (style) xc.style = style;
  }
  if (cleaned.length) {
    const shown = cleaned.slice(0, 10).join(", ") + (cleaned.length > 10 ? ` … (${cleaned.length} cellules)` : "");
    warn(`« ${plan.name} » : ${forbiddenWords(removed)} (texte venu du registre) : ${shown}`);
  }
  mergeAll(ws, plan.merges);
  // ExcelJS gathers alike validations into rectangular ranges when it writes.
  for (const v of plan.validations ?? []) {
    for (let r = v.range.r1; r <= v.range.r2; r++)
      for (let c = v.range.c1; c <= v.range.c2; c++)
        ws.getCell(r + 1, c + 1).dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [`"${xmlSafe(v.list.join(","))}"`],
          ...(v.prompt ? { showInputMessage: true, prompt: xmlSafe(v.prompt) } : {}),
          showErrorMessage: true,
          errorStyle: "warning",
          error: xmlSafe(`Valeurs attendues : ${v.list.join(", ")}`),
        };
  }
  for (const [r, h] of Object.entries(plan.rowHeights)) ws.getRow(Number(r) + 1).height = h;

  const p = plan.print;
  const area = printArea(plan);
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: p.orientation,
    fitToPage: true,
    fitToWidth: p.fitToWidth,
    fitToHeight: p.fitToHeight,
    horizontalCentered: true,
    printArea: `${ws.getColumn(area.c1 + 1).letter}${area.r1 + 1}:${ws.getColumn(area.c2 + 1).letter}${area.r2 + 1}`,
    ...(p.titleRows ? { printTitlesRow: `${p.titleRows[0] + 1}:${p.titleRows[1] + 1}` } : {}),
    ...(p.margins ? { margins: p.margins } : {}),
  };
  ws.headerFooter = { oddHeader: headerFooter(p.header), oddFooter: headerFooter(p.footer) };
  return ws;
}

/**
 * The mark of a workbook written by the command line: one workbook-level defined name per sheet it
 * wrote, SPASER_SORTIE_1, SPASER_SORTIE_2…, each referring to cell A1 of its sheet. Excel,
 * LibreOffice and ExcelJS keep defined names when the workbook is saved again, and Excel follows a
 * renamed sheet in them; the command line replaces a file only when every sheet it holds is named
 * by one of them (output.ts).
 */
export const OUTPUT_MARK_NAME = "SPASER_SORTIE";
export const OUTPUT_MARK_PATTERN = /^SPASER_SORTIE_\d+$/i;

/** A sheet name as a reference: quoted, quotes doubled (`'L''été'`). */
export function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * The workbook's parts as ExcelJS wrote them, rewritten where needed: internal hyperlinks as a
 * `location` only. ExcelJS also gives each one an external relationship, which LibreOffice follows
 * as a link to a file (ECMA-376 Part 1, §18.3.1.47: `r:id` is for a target outside the workbook,
 * `location` for a place inside it). Every hyperlink of our plans is internal (PlanCell.link), so
 * every hyperlink relationship of a sheet goes.
 */
export function rewritePart(name: string, xml: string): string {
  if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) return internalLinksOnly(xml);
  if (/^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/.test(name)) return xml.replace(/<Relationship [^>]*Type="[^"]*\/hyperlink"[^>]*\/>/g, "");
  return xml;
}

/** `<hyperlink ref="A6" r:id="rId1" location="…"/>` → `<hyperlink ref="A6" location="…"/>`. */
export function internalLinksOnly(sheetXml: string): string {
  if (sheetXml.indexOf("<hyperlink ") < 0) return sheetXml;
  return sheetXml.replace(/<hyperlink [^>]*>/g, (tag) => (tag.includes(" location=") ? tag.replace(/ r:id="[^"]*"/, "") : tag));
}

interface ZipLike {
  append(data: unknown, options: { name: string; base64?: boolean }): void;
}

/**
 * Writes the plans as a new workbook at `file` (the caller writes to a temporary name and renames),
 * marked as written by the command line (OUTPUT_MARK_NAME). Returns what had to be changed for Excel to open the file
 * (see excelSafeValue).
 */
export async function writePlans(plans: SheetPlan[], file: string, creator = "SPASER"): Promise<string[]> {
  const warnings: string[] = [];
  // ExcelJS's Workbook alone (its Node build, lib/doc/workbook): the package's entry also loads its
  // streaming reader and writer and their zip libraries, 150 ms more at every command that writes.
  const Workbook = require("exceljs/lib/doc/workbook") as typeof import("exceljs").Workbook;
  const wb = new Workbook();
  wb.creator = creator;
  wb.created = new Date();
  plans.forEach((plan, i) => {
    const ws = drawPlan(wb, plan, (m) => warnings.push(m));
    wb.definedNames.add(`${quotedSheet(ws.name)}!$A$1`, `${OUTPUT_MARK_NAME}_${i + 1}`);
  });
  // ExcelJS adds its parts one by one to its zip writer; the first one it adds is the content
  // types. From there on, each part is kept here (through rewritePart) instead of being zipped by
  // ExcelJS in JavaScript: its zip comes out empty, and the parts are deflated once, by Node's zlib
  // (zipEntries), after the charts are added.
  const parts: PackageParts = new Map();
  const xlsx = wb.xlsx as unknown as { addContentTypes(zip: ZipLike, model: unknown): Promise<void> };
  const addContentTypes = xlsx.addContentTypes.bind(xlsx);
  xlsx.addContentTypes = async (zip, model) => {
    zip.append = (data, options) => {
      if (typeof data === "string") parts.set(options.name, options.base64 ? Buffer.from(data, "base64") : rewritePart(options.name, data));
      else parts.set(options.name, Buffer.from(data as Uint8Array));
    };
    await addContentTypes(zip, model);
  };
  await wb.xlsx.writeBuffer({ zip: { compression: "STORE" } });
  if (!parts.has("xl/workbook.xml")) throw new Error("ExcelJS n'a pas écrit le classeur");
  // ExcelJS writes no charts: the plans' charts are added to its package as native chart parts.
  addCharts(parts, plans);
  const entries: ZipEntry[] = [];
  for (const [name, data] of parts) entries.push({ name, data: typeof data === "string" ? Buffer.from(data, "utf8") : data });
  parts.clear();
  await fs.promises.writeFile(file, zipEntries(entries, wb.created));
  return warnings;
}
