/**
 * Reads an .xlsx workbook of any producer (Excel, LibreOffice, openpyxl, pandas, XlsxWriter…) sheet
 * by sheet, row by row: yauzl for the zip (every entry CRC-checked), saxes for the XML. The read
 * either completes or fails as a whole: any zip, CRC or XML error anywhere in the file rejects, and
 * the caller must then drop whatever rows it was given.
 */
import type { Cell } from "../../register/types";
import { readDateStyles, readSharedStrings, readWorkbookInfo } from "./parts";
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
    readonly kind: "zip" | "crc" | "xml" | "missing",
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
export async function readXlsxFile(file: string, sheet: (name: string) => XlsxSheetSink | null): Promise<{ sheetNames: string[] }> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch (e) {
    throw toXlsxError(e, null);
  }
  let current: string | null = null;
  try {
    const wb = await readWorkbookInfo(zip);
    const sharedStrings = wb.sharedStrings ? await readSharedStrings(zip, wb.sharedStrings) : [];
    const dateStyles = wb.styles ? await readDateStyles(zip, wb.styles) : [];
    const ctx = { sharedStrings, dateStyles, date1904: wb.date1904, formulasUncalculated: wb.fullCalcOnLoad };
    for (const s of wb.sheets) {
      if (!s.part) continue;
      current = s.name;
      const sink = sheet(s.name);
      if (!sink) {
        // Not wanted, but read all the same: its XML and CRC must hold for the file to be sound.
        await readSheet(zip, s.part, ctx, () => undefined);
        continue;
      }
      await readSheet(zip, s.part, ctx, (i, cells) => sink.row(i, cells));
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

function toXlsxError(e: unknown, sheet: string | null): unknown {
  if (e instanceof ZipError) return new XlsxError(e.crc ? "crc" : "zip", e.entry ?? null, e.entry && sheet ? sheet : null, e.message);
  if (e instanceof XmlError) return new XlsxError(e.missing ? "missing" : "xml", e.part, /worksheets\//.test(e.part) ? sheet : null, e.message);
  return e;
}
