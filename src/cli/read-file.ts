/** Reads .xlsx (streaming) and .csv files into grids of cell values for the register reader. */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import type { Cell, Grid } from "../register/types";

import { InputFileError } from "./errors";

export { InputFileError };

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
    throw new InputFileError(`« ${path.basename(file)} » n'est pas un classeur Excel lisible (.xlsx) : le fichier est endommagé ou n'est pas au format Excel 2007 et suivants`, e);
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

/** Values of a DECP JSON list field: {"considerationSociale": ["…", "…"]} or ["…"] or "…". */
function decpList(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(decpList).join("; ");
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).map(decpList).join("; ");
  return String(v);
}

/**
 * A DECP JSON file (national format of the essential data, {"marches": {"marche": [...]}} or
 * {"marches": [...]}) as a register grid with the DECP column names: one row per holder, the key
 * `uid` being the buyer's id followed by the contract id, as in the tabular exports.
 */
export function decpJsonGrid(json: unknown, sheet: string): Grid | null {
  const root = json as { marches?: unknown };
  const list = Array.isArray(root?.marches) ? root.marches : (root?.marches as { marche?: unknown } | undefined)?.marche;
  if (!Array.isArray(list)) return null;
  const header = ["uid", "id", "objet", "nature", "codeCPV", "procedure", "montant", "dureeMois", "dateNotification", "offresRecues", "attributionAvance", "tauxAvance", "acheteur", "titulaire_id", "considerationsSociales", "considerationsEnvironnementales"];
  const rows: Cell[][] = [header];
  for (const m of list as Record<string, unknown>[]) {
    const acheteur = (m.acheteur as { id?: string } | undefined)?.id ?? "";
    const holders = Array.isArray(m.titulaires) ? (m.titulaires as { titulaire?: { id?: string }; id?: string }[]).map((t) => t.titulaire?.id ?? t.id ?? "") : [""];
    const scalar = (k: string): Cell => {
      const v = m[k];
      return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
    };
    for (const holder of holders.length ? holders : [""]) {
      rows.push([
        `${acheteur}${m.id ?? ""}`, scalar("id"), scalar("objet"), scalar("nature"), scalar("codeCPV"), scalar("procedure"), scalar("montant"), scalar("dureeMois"),
        scalar("dateNotification"), scalar("offresRecues"), scalar("attributionAvance"), scalar("tauxAvance"), acheteur, holder,
        decpList(m.considerationsSociales), decpList(m.considerationsEnvironnementales),
      ]);
    }
  }
  return { sheet, rows };
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
  if (ext === ".json") {
    const sheet = path.basename(file).replace(/\.json$/i, "");
    let grid: Grid | null = null;
    try {
      grid = decpJsonGrid(JSON.parse(decodeCsv(await fs.promises.readFile(file))), sheet);
    } catch {
      grid = null;
    }
    if (!grid) throw new InputFileError(`« ${path.basename(file)} » n'est pas un fichier DECP au format JSON (liste « marches » attendue)`);
    return { grids: [grid], sheetNames: [sheet] };
  }
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
