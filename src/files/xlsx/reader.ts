/**
 * Reads an .xlsx workbook of any producer (Excel, LibreOffice, openpyxl, pandas, XlsxWriter…) sheet
 * by sheet, row by row: yauzl for the zip (every entry CRC-checked), a byte scanner for the
 * worksheets and shared strings (scan.ts) and saxes for the rest and whatever the scanner leaves. The read
 * either completes or fails as a whole: any zip, CRC or XML error anywhere in the file rejects, and
 * the caller must then drop whatever rows it was given.
 */
import type { Cell } from "../../register/types";
import { readDateStyles, readSharedStrings, readTableTotalsRows, readWorkbookInfo } from "./parts";
import { readSheet } from "./sheet";
import { XmlError } from "./xml";
import { ZipError, ZipReader } from "./zip";

export { XmlError } from "./xml";
export { ZipError } from "./zip";

/** Where the rows of one sheet go. */
export interface XlsxSheetSink {
  row(index: number, cells: Cell[]): void;
  end(): void;
}

/** What went wrong, for the user's message: the zip container, or the XML of one part. */
export class XlsxError extends Error {
  constructor(
    /** `ods`, `xlsb`: a spreadsheet of another format; `limit`: a part beyond what a workbook holds. */
    readonly kind: "zip" | "crc" | "xml" | "missing" | "ods" | "xlsb" | "limit",
    /** The part concerned (`xl/worksheets/sheet1.xml`) and its sheet name when it is a sheet. */
    readonly part: string | null,
    readonly sheet: string | null,
    /** The library's own words. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = "XlsxError";
  }
}

/**
 * Reads every worksheet of `file` in workbook order into the sinks `sheet(name)` returns (null to
 * skip a sheet); resolves with the names of all sheets, in workbook order.
 */
export async function readXlsxFile(
  file: string,
  sheet: (name: string) => XlsxSheetSink | null,
  /** `scanner: false`: every part read by saxes (to compare both ways of reading). */
  options: { scanner?: boolean } = {},
): Promise<{ sheetNames: string[] }> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch (e) {
    throw toXlsxError(e, null);
  }
  let current: string | null = null;
  try {
    const other = await otherFormat(zip);
    if (other) throw new XlsxError(other, null, null, other === "ods" ? "OpenDocument" : "xlsb");
    const wb = await readWorkbookInfo(zip);
    const sharedStrings = wb.sharedStrings ? await readSharedStrings(zip, wb.sharedStrings, options) : [];
    const dateStyles = wb.styles ? await readDateStyles(zip, wb.styles) : [];
    const ctx = { sharedStrings, dateStyles, date1904: wb.date1904, formulasUncalculated: wb.fullCalcOnLoad };
    for (const s of wb.sheets) {
      if (!s.part) continue;
      current = s.name;
      const sink = sheet(s.name);
      if (!sink) {
        // Not wanted, but read all the same: its XML and CRC must hold for the file to be sound.
        await readSheet(zip, s.part, ctx, () => undefined, options);
        continue;
      }
      // An Excel table's totals row is not a row of data (the sums of the rows above).
      const totals = await readTableTotalsRows(zip, s.part);
      await readSheet(zip, s.part, ctx, (i, cells) => {
          if (!totals.has(i)) sink.row(i, cells);
        }, options);
      sink.end();
    }
    current = null;
    await zip.checkAll();
    return { sheetNames: wb.sheets.map((s) => s.name) };
  } catch (e) {
    throw toXlsxError(e, current);
  } finally {
    zip.close();
  }
}

/**
 * A zip that is another spreadsheet format: OpenDocument (its `mimetype` entry, ODF 1.2 Part 3
 * §3.3) or Excel's binary workbook (.xlsb: `xl/workbook.bin` in place of `xl/workbook.xml`).
 */
async function otherFormat(zip: ZipReader): Promise<"ods" | "xlsb" | null> {
  if (zip.has("mimetype") && !zip.has("[Content_Types].xml")) {
    let head = "";
    await zip.read("mimetype", (chunk) => {
      if (head.length < 100) head += chunk.toString("latin1", 0, 100);
    });
    if (head.startsWith("application/vnd.oasis.opendocument.spreadsheet")) return "ods";
  }
  if (zip.has("xl/workbook.bin") && !zip.has("xl/workbook.xml")) return "xlsb";
  return null;
}

function toXlsxError(e: unknown, sheet: string | null): unknown {
  if (e instanceof ZipError) return new XlsxError(e.crc ? "crc" : "zip", e.entry ?? null, e.entry && sheet ? sheet : null, e.message);
  if (e instanceof XmlError) return new XlsxError(e.missing ? "missing" : e.limit ? "limit" : "xml", e.part, /worksheets\//.test(e.part) ? sheet : null, e.message);
  return e;
}
