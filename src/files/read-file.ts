/**
 * Reads the user's files: .xlsx (our own streaming reader, src/files/xlsx), .csv (streamed,
 * src/files/csv.ts) and DECP .json, either into grids of cell values or, row by row, straight into
 * the register reader (loadRegisterFile: what the command line uses, so that a large register is
 * never held in memory as a grid).
 */
import * as fs from "fs";
import * as path from "path";
import { RowSink, WorkbookReader } from "../register/read";
import type { Grid, GridNote, Register } from "../register/types";
import { CFB_MAGIC, cfbKind } from "./cfb";
import { csvSheetName, readCsvInto } from "./csv";
import { InputFileError } from "./errors";
import { readXlsxFile, XlsxError } from "./xlsx/reader";
import { isUtf8 } from "buffer";
import { decpJsonTable, DecpOrigin, locateDecpIssues, readDecpRecords } from "../decp/read";
import { DecpSyntaxError, scanDecp } from "../decp/scan";

export { InputFileError };
/** A DECP JSON document as a register grid (src/decp/read.ts, no Node: the task pane reads a DECP file with it too). */
export { decpJsonGrid } from "../decp/read";

/** Where Excel saves a copy as .xlsx. */
const SAVE_AS_XLSX = "Fichier > Enregistrer sous > Classeur Excel (.xlsx)";

/** Collects the rows of one sheet into a grid, with what the reader found wrong with the file. */
function gridSink(grid: Grid): RowSink {
  const notes: GridNote[] = [];
  return {
    row: (i, cells) => void (grid.rows[i] = cells),
    reject: (index, message) => void notes.push({ severity: "error", index, col: null, message, reject: true }),
    issue: (severity, index, col, message) => void notes.push({ severity, index, col, message }),
    end: () => {
      for (let i = 0; i < grid.rows.length; i++) if (!grid.rows[i]) grid.rows[i] = [];
      if (notes.length) grid.notes = notes;
    },
  };
}

/** The user's message for a workbook that cannot be read: what is damaged, where; the library's words in `detail`. */
function xlsxFailure(file: string, e: unknown): unknown {
  if (!(e instanceof XlsxError)) return e;
  const name = path.basename(file);
  if (e.kind === "ods")
    return new InputFileError(
      `« ${name} » est une feuille de calcul OpenDocument (.ods, de LibreOffice ou OpenOffice), pas un classeur Excel .xlsx : ouvrez-la et enregistrez-la au format .xlsx (dans Excel : ${SAVE_AS_XLSX} ; dans LibreOffice : Fichier > Enregistrer sous, type « Excel 2007-365 (.xlsx) »)`,
    );
  if (e.kind === "xlsb") return new InputFileError(`« ${name} » est un classeur Excel binaire (.xlsb), que le programme ne lit pas : ouvrez-le dans Excel et enregistrez-le au format .xlsx (${SAVE_AS_XLSX})`);
  if (e.kind === "limit") return new InputFileError(`« ${name} » ne peut pas être lu : ${e.sheet ? `la feuille « ${e.sheet} » (${e.part})` : `la partie « ${e.part} »`} ${e.detail} ; ce n'est pas un classeur ordinaire, il n'est pas lu`);
  const where = e.sheet ? `la feuille « ${e.sheet} » (${e.part})` : e.part ? `la partie « ${e.part} »` : null;
  if (e.kind === "zip" && !e.part)
    return new InputFileError(`« ${name} » n'est pas un classeur Excel lisible (.xlsx) : l'archive est endommagée ou incomplète (fichier tronqué ou mal copié ?) ; le classeur n'est pas lu`, e.detail);
  if (e.kind === "crc") return new InputFileError(`« ${name} » est endommagé : ${where} ne correspond pas à sa somme de contrôle (CRC) ; le classeur n'est pas lu`, e.detail);
  if (e.kind === "missing") return new InputFileError(`« ${name} » n'est pas un classeur Excel complet : ${e.detail} ; le classeur n'est pas lu`, e.detail);
  if (e.kind === "zip") return new InputFileError(`« ${name} » est endommagé : ${where} ne peut pas être décompressée ; le classeur n'est pas lu`, e.detail);
  return new InputFileError(`« ${name} » est endommagé ou n'est pas un classeur Excel : ${where} n'est pas un XML valide (coupée ou corrompue) ; le classeur n'est pas lu`, e.detail);
}

/** Reads every sheet of an .xlsx file into grids (the whole file is checked; any damage rejects). */
export async function readXlsx(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const grids: Grid[] = [];
  try {
    const { sheetNames } = await readXlsxFile(file, (sheet) => {
      const grid: Grid = { sheet, rows: [] };
      grids.push(grid);
      return gridSink(grid);
    });
    return { grids, sheetNames };
  } catch (e) {
    throw xlsxFailure(file, e);
  }
}

/** Decodes a text file: UTF-8 (with or without BOM), else Windows-1252. */
export function decodeCsv(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString("utf8");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder("windows-1252").decode(buf);
  }
}

/** Reads a CSV register into one grid (for small files and tests; the command line streams it). */
export async function readCsv(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const sheet = csvSheetName(file);
  const grid: Grid = { sheet, rows: [] };
  await readCsvInto(file, gridSink(grid));
  return { grids: [grid], sheetNames: [sheet] };
}

type FileKind = "csv" | "json" | "xlsx";

/** Checks that the file exists and says how to read it (InputFileError otherwise). */
async function fileKind(file: string): Promise<FileKind> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new InputFileError(`fichier introuvable : ${file}`);
  }
  if (!stat.isFile()) throw new InputFileError(`« ${file} » n'est pas un fichier`);
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".txt" || ext === ".tsv") return "csv";
  if (ext === ".json") return "json";
  const head = Buffer.alloc(8);
  try {
    const fd = await fs.promises.open(file, "r");
    try {
      await fd.read(head, 0, 8, 0);
    } finally {
      await fd.close();
    }
  } catch (e) {
    throw new InputFileError(`« ${path.basename(file)} » ne peut pas être lu`, e);
  }
  const name = path.basename(file);
  if (head.equals(CFB_MAGIC)) {
    // An OLE compound file: an encrypted workbook (whatever its extension), a .xls, or another Office 97-2003 document.
    const kind = await cfbKind(file);
    if (kind === "encrypted")
      throw new InputFileError(
        `« ${name} » est protégé par un mot de passe (classeur chiffré) : il ne peut pas être lu. Ouvrez-le dans Excel et enregistrez-en une copie sans mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe : effacez le mot de passe, puis enregistrez), puis relancez la commande sur cette copie`,
      );
    if (kind === "xls") throw new InputFileError(`« ${name} » est au format Excel 97-2003 (.xls), que le programme ne lit pas : ouvrez-le dans Excel et enregistrez-le au format .xlsx (${SAVE_AS_XLSX})`);
    throw new InputFileError(`« ${name} » est un document Office 97-2003 (format OLE), pas un classeur Excel .xlsx : enregistrez le registre au format .xlsx (${SAVE_AS_XLSX}) ou CSV`);
  }
  if (head[0] !== 0x50 || head[1] !== 0x4b) {
    if (ext === ".xls") throw new InputFileError(`« ${path.basename(file)} » est au format Excel 97-2003 (.xls) : enregistrez-le au format .xlsx`);
    throw new InputFileError(`« ${path.basename(file)} » n'est pas un classeur Excel (.xlsx) ni un fichier CSV`);
  }
  return "xlsx";
}

const NOT_DECP = (file: string) => new InputFileError(`« ${path.basename(file)} » n'est pas un fichier DECP au format JSON (liste « marches » attendue)`);

/** A JSON file's text decoder: UTF-8 (with or without BOM), else Windows-1252. */
function jsonText(buf: Buffer): (start: number, end: number) => string {
  if (isUtf8(buf)) return (s, e) => buf.toString("utf8", s, e);
  const d = new TextDecoder("windows-1252");
  return (s, e) => d.decode(buf.subarray(s, e));
}

/** The parsed JSON of a DECP file (InputFileError when it is not JSON, with the parser's words). */
async function readJson(file: string): Promise<unknown> {
  const buf = await fs.promises.readFile(file);
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  try {
    return JSON.parse(jsonText(buf)(start, buf.length)) as unknown;
  } catch (e) {
    throw notJson(file, e);
  }
}

const notJson = (file: string, e: unknown) => new InputFileError(`« ${path.basename(file)} » n'est pas un fichier JSON lisible (coupé ou mal formé ?) : il n'est pas lu`, e);

const jsonSheet = (file: string) => path.basename(file).replace(/\.json$/i, "");

async function readJsonGrid(file: string): Promise<Grid> {
  const table = decpJsonTable(await readJson(file), jsonSheet(file));
  if (!table) throw NOT_DECP(file);
  return table.grid;
}

/**
 * Reads a DECP file into the register reader, record by record (no grid is kept); the issues on
 * its rows are then placed at their records (`marches.marche[3]`).
 */
async function loadDecpJson(file: string, reader: WorkbookReader): Promise<{ sheet: string; place: (issues: Register["issues"]) => Register["issues"] }> {
  const buf = await fs.promises.readFile(file);
  const sheet = jsonSheet(file);
  const sink = reader.sheet({ sheet });
  const lists: string[] = [];
  const listOf: number[] = [];
  const indexOf: number[] = [];
  let row = 0;
  let ok: boolean;
  try {
    // Record by record from the bytes: the file is never parsed whole.
    ok = readDecpRecords((each) => scanDecp(buf, jsonText(buf), each), {
      row: (cells, origin) => {
        if (origin) {
          let l = lists.indexOf(origin.list);
          if (l < 0) l = lists.push(origin.list) - 1;
          listOf[row] = l;
          indexOf[row] = origin.index;
        }
        sink.row(row++, cells);
      },
      note: (severity, index, col, message) => sink.issue(severity, index, col, message),
    });
  } catch (e) {
    if (e instanceof DecpSyntaxError) throw notJson(file, e);
    throw e;
  }
  if (!ok) throw NOT_DECP(file);
  sink.end();
  const originOf = (r: number): DecpOrigin | null => (listOf[r] === undefined ? null : { list: lists[listOf[r]], index: indexOf[r] });
  return { sheet, place: (issues) => locateDecpIssues(issues, sheet, originOf) };
}

/** Reads a workbook (.xlsx), a register (.csv) or a DECP file (.json) into grids. */
export async function readInputFile(file: string): Promise<{ grids: Grid[]; sheetNames: string[] }> {
  const kind = await fileKind(file);
  if (kind === "csv") return readCsv(file);
  if (kind === "json") {
    const grid = await readJsonGrid(file);
    return { grids: [grid], sheetNames: [grid.sheet] };
  }
  return readXlsx(file);
}

/**
 * Reads the register of a file, streaming its rows into the register reader: the register's rows
 * are never held as a grid (a 1,000,000-line CSV is read in a few hundred megabytes). `grids` are
 * the sheets that are not the register's (side tables, the cotation sheets already written).
 * Throws InputFileError (file unreadable or damaged: nothing is read) or RegisterNotFoundError.
 */
export async function loadRegisterFile(file: string): Promise<{ register: Register; grids: Grid[]; sheetNames: string[] }> {
  const kind = await fileKind(file);
  const reader = new WorkbookReader({ singleSheet: kind !== "xlsx" });
  let sheetNames: string[];
  if (kind === "csv") {
    const sheet = csvSheetName(file);
    await readCsvInto(file, reader.sheet({ sheet }));
    sheetNames = [sheet];
  } else if (kind === "json") {
    const decp = await loadDecpJson(file, reader);
    sheetNames = [decp.sheet];
    const { register, grids } = reader.finish(sheetNames);
    register.issues = decp.place(register.issues);
    return { register, grids, sheetNames };
  } else {
    try {
      ({ sheetNames } = await readXlsxFile(file, (sheet) => reader.sheet({ sheet })));
    } catch (e) {
      throw xlsxFailure(file, e);
    }
  }
  const { register, grids } = reader.finish(sheetNames);
  return { register, grids, sheetNames };
}
