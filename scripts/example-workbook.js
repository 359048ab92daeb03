"use strict";
/**
 * What the example builders share: dates written as users type them, the sheets of a buyer's
 * workbook (a titled table, the Paramètres sheet), and a workbook written the same, byte for byte,
 * at every build (ExcelJS stamps each zip entry with the current time, so the package is rewritten
 * with one fixed date on every entry).
 */
const fs = require("fs");
const path = require("path");
const JSZip = require("jszip");

const EUR = '#,##0 "€"';
const DATE = "dd/mm/yyyy";
const PCT = "0%";

function utc(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d));
}

/** `15/09/2025` -> Date (UTC midnight); null for a blank. */
function date(text) {
  if (!text) return null;
  const [d, m, y] = text.split("/").map(Number);
  return utc(y, m, d);
}

/** A header row: white bold text on `color`, centred and wrapped. */
function styleHeader(row, height, color) {
  row.height = height;
  row.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: color } };
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  });
}

/** The sheet's title in A1 (bold, `color`), then a line of italic grey text per subtitle. */
function title(ws, lines, color) {
  lines.forEach((text, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = text;
    cell.font = i === 0 ? { bold: true, size: 14, color: { argb: color } } : { italic: true, color: { argb: "FF595959" } };
  });
}

/**
 * A table under its header row: `rows` are arrays of values (blank cells left empty); `columnFormats`
 * the number format of whole columns (by index, set before the cells); `format(cell, value, row,
 * column)` a cell's own; `wrap` wraps each row's text at the top.
 */
function writeTable(ws, { headerRow, headers, headerHeight, color, widths, columnFormats, rows, format, wrap }) {
  ws.getRow(headerRow).values = headers;
  styleHeader(ws.getRow(headerRow), headerHeight, color);
  widths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    col.width = w;
    if (columnFormats && columnFormats[i]) col.numFmt = columnFormats[i];
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(headerRow + 1 + i);
    r.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const cell = row.getCell(j + 1);
      cell.value = v;
      if (format) format(cell, v, r, j);
    });
    if (wrap) row.alignment = { wrapText: true, vertical: "top" };
  });
}

/**
 * The register sheet « Marchés »: its title, then one row per contract (an object keyed by header)
 * under the header of row 4; dates, amounts and the `percent` columns formatted; frozen on the first
 * two columns, filtered, printed landscape on the width of a page.
 */
function writeRegisterSheet(wb, { color, titleLines, headers, widths, contracts, percent = new Set() }) {
  const ws = wb.addWorksheet("Marchés", { properties: { tabColor: { argb: color } } });
  title(ws, titleLines, color);
  const headerRow = 4;
  writeTable(ws, {
    headerRow,
    headers,
    headerHeight: 42,
    color,
    widths: headers.map((h) => widths[h] ?? 12),
    columnFormats: headers.map((h) => (h.startsWith("Date") ? DATE : h === "Montant HT" ? EUR : null)),
    rows: contracts.map((contract) => headers.map((h) => contract[h])),
    format: (cell, v, _r, j) => {
      if (v instanceof Date) cell.numFmt = DATE;
      else if (headers[j] === "Montant HT") cell.numFmt = EUR;
      else if (percent.has(headers[j]) && typeof v === "number") cell.numFmt = PCT;
    },
  });
  ws.views = [{ state: "frozen", xSplit: 2, ySplit: headerRow }];
  ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + contracts.length, column: headers.length } };
  ws.pageSetup = { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/** The Paramètres sheet: [name, value, unit] rows, the unit (%, €, date) giving the value's format. */
function writeParameters(wb, parameters, color) {
  const ws = wb.addWorksheet("Paramètres");
  ws.getRow(1).values = ["Paramètre", "Valeur"];
  styleHeader(ws.getRow(1), 20, color);
  ws.getColumn(1).width = 46;
  ws.getColumn(2).width = 24;
  parameters.forEach(([name, value, unit], i) => {
    const row = ws.getRow(2 + i);
    row.getCell(1).value = name;
    row.getCell(2).value = value;
    if (unit === "%") row.getCell(2).numFmt = PCT;
    else if (unit === "€") row.getCell(2).numFmt = EUR;
    else if (unit === "date") row.getCell(2).numFmt = DATE;
  });
}

/** The workbook's bytes with `date` on every zip entry. */
async function deterministicBytes(wb, date) {
  const src = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const out = new JSZip();
  for (const name of Object.keys(src.files)) {
    const entry = src.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async("nodebuffer"), { date, createFolders: false });
  }
  return out.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "DOS" });
}

/** Writes the workbook to `output` (its folder created), with `date` on every zip entry. */
async function writeDeterministic(wb, output, date) {
  const bytes = await deterministicBytes(wb, date);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, bytes);
}

module.exports = { EUR, DATE, PCT, utc, date, styleHeader, title, writeTable, writeRegisterSheet, writeParameters, deterministicBytes, writeDeterministic };
