/** Reads .xlsx (streaming) and .csv files into grids of cell values for the register reader. */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import type { Cell, Grid } from "../register/types";

export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputFileError";
  }
}

/** Converts an ExcelJS cell value into a plain cell value. */
export function fromExcelJs(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.error === "string") return { error: o.error };
    if ("result" in o) return fromExcelJs(o.result);
    if ("formula" in o || "sharedFormula" in o) return null;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join("");
    if (typeof o.text === "string") return o.text;
    if (o.text && typeof o.text === "object") return fromExcelJs(o.text);
  }
  return String(v);
}

/** Streams every sheet of an .xlsx file into grids. */
export async function readXlsx(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "ignore",
  });
  const grids: Grid[] = [];
  try {
    for await (const ws of reader) {
      const sheet = (ws as unknown as { name: string }).name;
      const rows: Cell[][] = [];
      for await (const row of ws) {
        const values = (row as ExcelJS.Row).values as unknown[];
        const out: Cell[] = new Array(Math.max(0, values.length - 1));
        for (let i = 1; i < values.length; i++) out[i - 1] = fromExcelJs(values[i]);
        rows[(row as ExcelJS.Row).number - 1] = out;
      }
      for (let i = 0; i < rows.length; i++) if (!rows[i]) rows[i] = [];
      grids.push({ sheet, rows });
    }
  } catch (e) {
    void e;
    throw new InputFileError(`« ${path.basename(file)} » n'est pas un classeur Excel lisible (.xlsx) : le fichier est endommagé ou n'est pas au format Excel 2007 et suivants`);
  }
  return { grids, sheetNames: grids.map((g) => g.sheet) };
}

/** Decodes a CSV file: UTF-8 (with or without BOM), else Windows-1252. */
export function decodeCsv(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString("utf8");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder("windows-1252").decode(buf);
  }
}

/** Parses CSV text (RFC 4180 quoting), detecting `,` or `;` from the first line. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n/) >= 0 ? text.search(/\r?\n/) : text.length);
  const sep = countOutsideQuotes(firstLine, ";") > countOutsideQuotes(firstLine, ",") ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === sep) {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function countOutsideQuotes(line: string, ch: string): number {
  let q = false;
  let c = 0;
  for (const x of line) {
    if (x === '"') q = !q;
    else if (x === ch && !q) c++;
  }
  return c;
}

export async function readCsv(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const text = decodeCsv(await fs.promises.readFile(file));
  const sheet = path.basename(file).replace(/\.csv$/i, "");
  return { grids: [{ sheet, rows: parseCsv(text) }], sheetNames: [sheet] };
}

/** Reads a workbook (.xlsx) or a register (.csv) into grids. */
export async function readInputFile(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new InputFileError(`fichier introuvable : ${file}`);
  }
  if (!stat.isFile()) throw new InputFileError(`« ${file} » n'est pas un fichier`);
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".txt") return readCsv(file);
  const fd = await fs.promises.open(file, "r");
  const head = Buffer.alloc(4);
  await fd.read(head, 0, 4, 0);
  await fd.close();
  if (head[0] !== 0x50 || head[1] !== 0x4b) {
    if (ext === ".xls") throw new InputFileError(`« ${path.basename(file)} » est au format Excel 97-2003 (.xls) : enregistrez-le au format .xlsx`);
    throw new InputFileError(`« ${path.basename(file)} » n'est pas un classeur Excel (.xlsx) ni un fichier CSV`);
  }
  return readXlsx(file);
}
