/**
 * The parts of an .xlsx file read before its sheets (ECMA-376 Part 1, SpreadsheetML): the package
 * relationships, the workbook (sheet names in order, 1904 date system, calculation settings), the
 * workbook relationships, the shared strings and the cell formats that show dates.
 */
import * as path from "path";
import { scanPart, Unsupported } from "./scan";
import { attribute, parsePart, XmlError } from "./xml";
import type { ZipReader } from "./zip";

export interface SheetEntry {
  name: string;
  /** Zip entry of the worksheet part, or null for a sheet that is not a worksheet (chart sheet…). */
  part: string | null;
}

export interface WorkbookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
  /**
   * The producer asked Excel to recompute every formula on opening (`fullCalcOnLoad`): the values
   * stored with the formulas were not computed (openpyxl and XlsxWriter write none, or 0).
   */
  fullCalcOnLoad: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;
const REL_TABLE = /\/table$/;

interface Relationship {
  type: string;
  target: string;
  external: boolean;
}

/**
 * Resolves a relationship target against the part that holds the relationship: `worksheets/sheet1.xml`
 * (relative), the same from the package root (absolute, as openpyxl writes it), `../xl/…`.
 */
export function resolveTarget(sourcePart: string, target: string): string {
  const t = decodeURIComponentSafe(target.replace(/\\/g, "/"));
  const resolved = t.startsWith("/") ? t.slice(1) : path.posix.join(path.posix.dirname(sourcePart), t);
  return path.posix.normalize(resolved).replace(/^(\.\.\/)+/, "").replace(/^\.\//, "");
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relsPartOf(part: string): string {
  const dir = path.posix.dirname(part);
  return `${dir === "." ? "" : `${dir}/`}_rels/${path.posix.basename(part)}.rels`;
}

async function readRels(zip: ZipReader, part: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  if (!zip.has(part)) return rels;
  await parsePart(zip, part, {
    open(name, a) {
      if (name !== "Relationship") return;
      const id = a.Id ?? attribute(a, "Id");
      if (id === undefined || a.Target === undefined) return;
      rels.set(id, { type: a.Type ?? "", target: a.Target, external: a.TargetMode === "External" });
    },
    close() {},
  });
  return rels;
}

const isTrue = (v: string | undefined) => v === "1" || v === "true";

/** Reads the workbook part and its relationships. */
export async function readWorkbookInfo(zip: ZipReader): Promise<WorkbookInfo> {
  // The main part from the package relationships; `xl/workbook.xml` when they do not say.
  let workbookPart = "xl/workbook.xml";
  const pkg = await readRels(zip, "_rels/.rels");
  for (const r of pkg.values()) if (REL_OFFICE_DOCUMENT.test(r.type) && !r.external) workbookPart = resolveTarget("", r.target);
  if (!zip.has(workbookPart)) throw new XmlError(workbookPart, `partie principale du classeur absente (${workbookPart})`, true);
  const rels = await readRels(zip, relsPartOf(workbookPart));

  const sheets: { name: string; rid: string | undefined }[] = [];
  let date1904 = false;
  let fullCalcOnLoad = false;
  await parsePart(zip, workbookPart, {
    open(name, a) {
      if (name === "sheet") {
        if (a.name === undefined) throw new XmlError(workbookPart, "feuille sans nom");
        sheets.push({ name: a.name, rid: attribute(a, "id") });
      } else if (name === "workbookPr") date1904 = isTrue(a.date1904);
      else if (name === "calcPr") fullCalcOnLoad = isTrue(a.fullCalcOnLoad);
    },
    close() {},
  });

  const sheetEntries: SheetEntry[] = sheets.map((s) => {
    const rel = s.rid === undefined ? undefined : rels.get(s.rid);
    if (!rel) throw new XmlError(workbookPart, `relation ${s.rid ?? "(absente)"} de la feuille « ${s.name} » introuvable`, true);
    if (!REL_WORKSHEET.test(rel.type) || rel.external) return { name: s.name, part: null };
    const part = resolveTarget(workbookPart, rel.target);
    if (!zip.has(part)) throw new XmlError(part, `partie de la feuille « ${s.name} » (${part}) absente de l'archive`, true);
    return { name: s.name, part };
  });
  const find = (re: RegExp, fallback: string): string | null => {
    for (const r of rels.values()) if (re.test(r.type) && !r.external) return resolveTarget(workbookPart, r.target);
    return zip.has(fallback) ? fallback : null;
  };
  const dir = path.posix.dirname(workbookPart);
  const sharedStrings = find(REL_SHARED_STRINGS, `${dir}/sharedStrings.xml`);
  const styles = find(REL_STYLES, `${dir}/styles.xml`);
  if (sharedStrings && !zip.has(sharedStrings)) throw new XmlError(sharedStrings, `table des chaînes partagées (${sharedStrings}) absente de l'archive`, true);
  return { sheets: sheetEntries, date1904, fullCalcOnLoad, sharedStrings, styles: styles && zip.has(styles) ? styles : null };
}

/**
 * Rows (0-based) of the totals rows of the Excel tables of a worksheet (ECMA-376 Part 1, §18.5.1.2:
 * `totalsRowCount` rows at the bottom of the table's `ref`): sums, not data.
 */
export async function readTableTotalsRows(zip: ZipReader, sheetPart: string): Promise<Set<number>> {
  const rows = new Set<number>();
  const rels = await readRels(zip, relsPartOf(sheetPart));
  for (const r of rels.values()) {
    if (!REL_TABLE.test(r.type) || r.external) continue;
    const part = resolveTarget(sheetPart, r.target);
    if (!zip.has(part)) continue;
    await parsePart(zip, part, {
      open(name, a) {
        if (name !== "table") return;
        const count = Number(a.totalsRowCount ?? 0);
        const m = /^\$?[A-Za-z]{1,3}\$?(\d+):\$?[A-Za-z]{1,3}\$?(\d+)$/.exec(a.ref ?? "");
        if (!m || !Number.isInteger(count) || count <= 0) return;
        const first = Number(m[1]) - 1;
        const last = Number(m[2]) - 1;
        for (let i = Math.max(first + 1, last - count + 1); i <= last; i++) rows.add(i);
      },
      close() {},
    });
  }
  return rows;
}

/** OOXML escapes of characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_` an underscore. */
export function unescapeXstring(s: string): string {
  if (s.indexOf("_x") < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Text of a string item (`<si>` or `<is>`): every rich-text run `<r><t>` joined, phonetic runs
 * (`<rPh>`) left out. Feed it the events inside the item.
 */
export class StringItem {
  private depthRPh = 0;
  private inT = false;
  private parts: string[] = [];

  reset(): void {
    this.depthRPh = 0;
    this.inT = false;
    this.parts = [];
  }

  open(name: string): void {
    if (name === "rPh") this.depthRPh++;
    else if (name === "t" && this.depthRPh === 0) this.inT = true;
  }

  close(name: string): void {
    if (name === "rPh") this.depthRPh--;
    else if (name === "t") this.inT = false;
  }

  text(t: string): void {
    if (this.inT) this.parts.push(t);
  }

  value(): string {
    const s = this.parts.length === 1 ? this.parts[0] : this.parts.join("");
    return unescapeXstring(s);
  }
}

/**
 * The shared strings, in order: read by the byte scanner, or by saxes (when asked, or when the
 * scanner leaves the part to it).
 */
export async function readSharedStrings(zip: ZipReader, part: string, options: { scanner?: boolean } = {}): Promise<string[]> {
  if (options.scanner !== false) {
    try {
      return await sharedStrings(zip, part, scanPart);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
  }
  return sharedStrings(zip, part, parsePart);
}

async function sharedStrings(zip: ZipReader, part: string, parse: typeof parsePart): Promise<string[]> {
  const strings: string[] = [];
  const item = new StringItem();
  let inSi = false;
  await parse(zip, part, {
    open(name) {
      if (name === "si") {
        inSi = true;
        item.reset();
      } else if (inSi) item.open(name);
    },
    close(name) {
      if (name === "si") {
        strings.push(item.value());
        inSi = false;
      } else if (inSi) item.close(name);
    },
    text(t) {
      if (inSi) item.text(t);
    },
  });
  return strings;
}

/** Built-in number formats that show a date or a time (ECMA-376 Part 1, §18.8.30). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/**
 * Whether a number format code shows a date or a time: a d, m, y, h or s outside quoted text,
 * escaped characters and bracketed parts (`[Red]`, `[$-40C]`).
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "")
    .replace(/\[[^\]]*\]/g, "");
  // The first section is the one positive numbers take.
  const first = bare.split(";")[0];
  return /[dmyhs]/i.test(first) && !/^general$/i.test(first.trim());
}

/** Which cell formats (`s` attribute of a cell, index into cellXfs) show dates. */
export async function readDateStyles(zip: ZipReader, part: string): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, part, {
    open(name, a) {
      if (name === "numFmt") {
        const id = Number(a.numFmtId);
        if (Number.isInteger(id) && a.formatCode !== undefined) custom.set(id, a.formatCode);
      } else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}
