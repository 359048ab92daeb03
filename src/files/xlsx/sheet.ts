/**
 * One worksheet part streamed row by row (ECMA-376 Part 1, §18.3.1: `sheetData`, `row`, `c`, `v`,
 * `f`, `is`). Rows are sparse: a cell keeps its column and the blanks before it are never filled in,
 * so a cell at column XFD costs what a cell at column A costs.
 */
import type { Cell } from "../../register/types";
import { UNCALCULATED_FORMULA } from "../../register/values";
import { StringItem, unescapeXstring } from "./parts";
import { CellHandler, Unsupported, scanPart } from "./scan";
import { parsePart, XmlError, XmlHandlers } from "./xml";
import type { ZipReader } from "./zip";

/** Excel's limits: 1,048,576 rows and 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Above this many columns a row with few cells is kept sparse (a holey array). */
const DENSE_LIMIT = 256;

export interface SheetContext {
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  /** Formulas' stored values are not computed values (see WorkbookInfo.fullCalcOnLoad). */
  formulasUncalculated: boolean;
}

const DAY_MS = 86_400_000;
/** Day 0 of the 1900 date system, 1899-12-30, in ms since 1970 (Excel's 1900 leap-year bug absorbed). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Day 0 of the 1904 date system. */
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Column index (0-based) of a cell reference such as `AB12`, or -1 when it has no letters. */
export function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

const UNCALCULATED: Cell = Object.freeze({ error: UNCALCULATED_FORMULA }) as Cell;

/**
 * Streams the rows of a worksheet part to `onRow(index, cells)`: `index` 0-based and strictly
 * increasing, `cells` holding only the cells with a value. Rejects on any XML error, a bad cell
 * reference, a shared string that does not exist, or rows out of order.
 */
export async function readSheet(zip: ZipReader, part: string, ctx: SheetContext, onRow: (index: number, cells: Cell[]) => void, options: { scanner?: boolean } = {}): Promise<void> {
  if (options.scanner === false) return parsePart(zip, part, sheetHandlers(part, ctx, onRow));
  // The byte scanner first; saxes for what it leaves, from the start of the part again, the rows
  // already given skipped (rows come in strictly increasing order).
  let last = -1;
  try {
    await scanPart(zip, part, sheetHandlers(part, ctx, (i, cells) => {
      last = i;
      onRow(i, cells);
    }));
    return;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
  }
  await parsePart(zip, part, sheetHandlers(part, ctx, (i, cells) => {
    if (i > last) onRow(i, cells);
  }));
}

/** The handlers that turn a worksheet's XML events into rows (for saxes and the byte scanner alike). */
function sheetHandlers(part: string, ctx: SheetContext, onRow: (index: number, cells: Cell[]) => void): XmlHandlers & CellHandler {
  const { sharedStrings, dateStyles, date1904, formulasUncalculated } = ctx;
  const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
  let inSheetData = false;
  let rowIndex = -1;
  let lastRow = -1;
  // Cells of the current row: columns and values, in document order.
  let cols: number[] = [];
  let values: Cell[] = [];
  let maxCol = -1;
  let col = -1;
  // The current cell.
  let inCell = false;
  let type = "n";
  let isDate = false;
  let hasFormula = false;
  let inV = false;
  let hasV = false;
  let vText = "";
  let inIs = false;
  let hasIs = false;
  const inline = new StringItem();

  const fail = (message: string): never => {
    throw new XmlError(part, message);
  };

  const endRow = () => {
    if (cols.length === 0) return;
    let cells: Cell[];
    if (maxCol < DENSE_LIMIT || maxCol < cols.length * 4) {
      cells = new Array<Cell>(maxCol + 1);
      for (let i = 0; i < cols.length; i++) cells[cols[i]] = values[i];
    } else {
      // Sparse: V8 keeps an array with a few indices far apart as a dictionary.
      cells = [];
      const order = cols.map((c, i) => i).sort((a, b) => cols[a] - cols[b]);
      for (const i of order) cells[cols[i]] = values[i];
    }
    onRow(rowIndex, cells);
    cols = [];
    values = [];
  };

  const cellValue = (): Cell | undefined => {
    if (type === "inlineStr") {
      if (hasIs) return inline.value();
      return hasV ? unescapeXstring(vText) : hasFormula ? UNCALCULATED : undefined;
    }
    if (hasFormula && (formulasUncalculated || !hasV || (vText === "" && type !== "str"))) return UNCALCULATED;
    if (!hasV) return undefined;
    switch (type) {
      case "s": {
        const i = Number(vText);
        const s = Number.isInteger(i) ? sharedStrings[i] : undefined;
        if (s === undefined) return fail(`cellule ${refOf()} : chaîne partagée n° ${vText} inexistante`);
        return s;
      }
      case "str":
        return unescapeXstring(vText);
      case "b":
        return vText === "1" || vText === "true" ? true : vText === "0" || vText === "false" ? false : vText;
      case "e":
        return { error: vText.trim() };
      case "d": {
        // ISO 8601 date (strict Open XML): the calendar day and time as written, read as UTC.
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(vText);
        if (!m) return vText;
        return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Math.floor(Number(m[6] ?? 0))));
      }
      default: {
        if (vText === "") return undefined;
        const n = Number(vText);
        // "INF", "NaN", "1e309": not a number a cell can hold. The text stays, read as a bad value.
        if (!Number.isFinite(n)) return vText.trim();
        if (isDate && n > -657435 && n < 2958466) return new Date(epoch + Math.round(n * DAY_MS));
        return n;
      }
    }
  };

  const refOf = () => `ligne ${rowIndex + 1}, colonne ${col + 1}`;

  const startCell = (r: string | undefined, s: string | undefined, t: string | undefined) => {
    if (rowIndex < 0) fail("cellule hors d'une ligne");
    if (r !== undefined) {
      col = columnOf(r);
      if (col < 0 || col >= MAX_COLUMNS) fail(`référence de cellule invalide : « ${r} »`);
    } else col++;
    if (col >= MAX_COLUMNS) fail(`cellule au-delà de la colonne XFD (ligne ${rowIndex + 1})`);
    inCell = true;
    type = t ?? "n";
    isDate = s !== undefined && dateStyles[Number(s)] === true;
    hasFormula = false;
    hasV = false;
    hasIs = false;
    vText = "";
  };

  const endCell = () => {
    inCell = false;
    const v = cellValue();
    if (v !== undefined && v !== "") {
      cols.push(col);
      values.push(v);
      if (col > maxCol) maxCol = col;
    }
  };

  const handlers: XmlHandlers & CellHandler = {
    cell(r, s, t, v) {
      if (inCell) {
        // A cell inside a cell (a damaged or odd file): the events the general path gives, so that
        // the rows stay those saxes reads.
        const a: Record<string, string> = {};
        if (r !== undefined) a.r = r;
        if (s !== undefined) a.s = s;
        if (t !== undefined) a.t = t;
        handlers.open("c", a);
        if (v !== undefined) {
          handlers.open("v", {});
          if (v !== "") (handlers.text as (t: string) => void)(v);
          handlers.close("v");
        }
        handlers.close("c");
        return;
      }
      startCell(r, s, t);
      if (v !== undefined) {
        hasV = true;
        vText = v;
      }
      endCell();
    },
    open(name, a) {
      if (inCell) {
        if (name === "v") {
          inV = true;
          hasV = true;
          vText = "";
        } else if (name === "f") hasFormula = true;
        else if (name === "is") {
          inIs = true;
          hasIs = true;
          inline.reset();
        } else if (inIs) inline.open(name);
        return;
      }
      if (name === "c") startCell(a.r, a.s, a.t);
      else if (name === "row") {
        if (!inSheetData) fail("ligne hors de sheetData");
        const r = a.r;
        const index = r !== undefined ? Number(r) - 1 : lastRow + 1;
        if (!Number.isInteger(index) || index < 0 || index >= MAX_ROWS) fail(`numéro de ligne invalide : « ${r} »`);
        if (index <= lastRow) fail(`ligne ${index + 1} après la ligne ${lastRow + 1} : lignes dans le désordre`);
        rowIndex = index;
        lastRow = index;
        col = -1;
        maxCol = -1;
      } else if (name === "sheetData") inSheetData = true;
    },
    close(name) {
      if (inCell) {
        if (name === "v") inV = false;
        else if (name === "is") inIs = false;
        else if (inIs) inline.close(name);
        else if (name === "c") endCell();
        return;
      }
      if (name === "row") {
        endRow();
        rowIndex = -1;
      } else if (name === "sheetData") inSheetData = false;
    },
    text(t) {
      if (inV) vText += t;
      else if (inIs) inline.text(t);
    },
  };
  return handlers;
}
