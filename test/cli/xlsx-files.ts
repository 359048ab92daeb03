/**
 * .xlsx files written part by part, as other producers write them (openpyxl's absolute relationship
 * targets, inline strings, formulas without values…), and zip damage done byte by byte.
 */
import JSZip from "jszip";

export const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export interface SheetPart {
  name: string;
  /** The content of `<sheetData>` (rows and cells as written). */
  data: string;
}

export interface WorkbookParts {
  sheets: SheetPart[];
  /** `<si>` items of the shared strings, as written (e.g. `<si><t>Objet</t></si>`). */
  sharedStrings?: string[];
  /** The number formats and cell formats of styles.xml: `<numFmts>…</numFmts><cellXfs>…</cellXfs>`. */
  styles?: string;
  /** How the workbook relationships name the sheets: relative (worksheets/sheet1.xml), absolute from the package root (as openpyxl writes) or through the parent folder. */
  targets?: "relative" | "absolute" | "parent";
  date1904?: boolean;
  fullCalcOnLoad?: boolean;
  /** Parts replaced or added as is (path → content). */
  override?: Record<string, string>;
}

/** The parts of a minimal workbook. */
export function workbookParts(w: WorkbookParts): Record<string, string> {
  // Part names inside the zip package (absolute from its root: /xl/…).
  const ROOT_XL = `${"/"}xl`;
  const target = (i: number) =>
    w.targets === "absolute" ? `${ROOT_XL}/worksheets/sheet${i + 1}.xml` : w.targets === "parent" ? `../xl/worksheets/sheet${i + 1}.xml` : `worksheets/sheet${i + 1}.xml`;
  const parts: Record<string, string> = {
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="${ROOT_XL}/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      w.sheets.map((_, i) => `<Override PartName="${ROOT_XL}/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("") +
      "</Types>",
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml":
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>` +
      (w.date1904 ? '<workbookPr date1904="1"/>' : "<workbookPr/>") +
      `<sheets>${w.sheets.map((s, i) => `<sheet name="${s.name.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets>` +
      (w.fullCalcOnLoad ? '<calcPr calcId="124519" fullCalcOnLoad="1"/>' : "") +
      "</workbook>",
    "xl/_rels/workbook.xml.rels":
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      w.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${target(i)}"/>`).join("") +
      (w.sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="${w.targets === "absolute" ? `${ROOT_XL}/sharedStrings.xml` : "sharedStrings.xml"}"/>` : "") +
      (w.styles ? `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>` : "") +
      "</Relationships>",
  };
  w.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${s.data}</sheetData></worksheet>`;
  });
  if (w.sharedStrings) parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${w.sharedStrings.length}" uniqueCount="${w.sharedStrings.length}">${w.sharedStrings.join("")}</sst>`;
  if (w.styles) parts["xl/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}>${w.styles}</styleSheet>`;
  return { ...parts, ...(w.override ?? {}) };
}

/** Zips parts (deflated) into an .xlsx file's bytes. */
export async function zipParts(parts: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(parts)) zip.file(name, content);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

export async function buildXlsx(w: WorkbookParts): Promise<Buffer> {
  return zipParts(workbookParts(w));
}

/** A row of inline-string and number cells: `row(3, ["N° marché", "Objet", 12])` → `<row r="3">…</row>`. */
export function row(r: number, values: (string | number | null)[]): string {
  const cells = values
    .map((v, c) => {
      if (v === null) return "";
      const ref = `${colLetters(c)}${r}`;
      if (typeof v === "number") return `<c r="${ref}"><v>${v}</v></c>`;
      return `<c r="${ref}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`;
    })
    .join("");
  return `<row r="${r}">${cells}</row>`;
}

export function xmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function colLetters(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Offsets of the central directory headers (signature PK\1\2), with the entry name of each. */
function centralHeaders(zip: Buffer): { at: number; name: string }[] {
  const out: { at: number; name: string }[] = [];
  for (let i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) {
    const nameLength = zip.readUInt16LE(i + 28);
    out.push({ at: i, name: zip.toString("utf8", i + 46, i + 46 + nameLength) });
  }
  return out;
}

function header(zip: Buffer, entry: string): number {
  const h = centralHeaders(zip).find((x) => x.name === entry);
  if (!h) throw new Error(`no entry ${entry}`);
  return h.at;
}

/** The entry's CRC-32 in the central directory, one bit flipped. */
export function flipCrc(zip: Buffer, entry: string): Buffer {
  const out = Buffer.from(zip);
  out[header(out, entry) + 16] ^= 0x01;
  return out;
}

/** The entry's uncompressed size in the central directory, changed by `delta`. */
export function lieAboutSize(zip: Buffer, entry: string, delta: number): Buffer {
  const out = Buffer.from(zip);
  const at = header(out, entry) + 24;
  out.writeUInt32LE(out.readUInt32LE(at) + delta, at);
  return out;
}

/** The signature of the first central directory header overwritten. */
export function breakCentralDirectory(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  out.write("XXXX", centralHeaders(out)[0].at, "latin1");
  return out;
}

/** One byte of the entry's compressed data changed (the local header is 30 bytes + name + extra). */
export function damageData(zip: Buffer, entry: string): Buffer {
  const out = Buffer.from(zip);
  const local = out.readUInt32LE(header(out, entry) + 42);
  const start = local + 30 + out.readUInt16LE(local + 26) + out.readUInt16LE(local + 28);
  out[start + 10] ^= 0xff;
  return out;
}

/**
 * A compound file ([MS-CFB], version 3: 512-byte sectors) whose directory holds streams of these
 * names (empty): sector 0 is the FAT, sector 1 the directory (4 entries of 128 bytes, the root first).
 * Excel writes a password-protected workbook as such a file with `EncryptionInfo` and
 * `EncryptedPackage` streams ([MS-OFFCRYPTO] §2.3.4); a .xls holds a `Workbook` stream.
 */
export function compoundFile(streams: string[]): Buffer {
  if (streams.length > 3) throw new Error("at most 3 streams");
  const out = Buffer.alloc(512 * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x3e, 0x18); // minor version
  out.writeUInt16LE(3, 0x1a); // major version
  out.writeUInt16LE(0xfffe, 0x1c); // byte order
  out.writeUInt16LE(9, 0x1e); // sector shift: 512
  out.writeUInt16LE(6, 0x20); // mini sector shift: 64
  out.writeUInt32LE(1, 0x2c); // FAT sectors
  out.writeUInt32LE(1, 0x30); // first directory sector
  out.writeUInt32LE(4096, 0x38); // mini stream cutoff
  out.writeUInt32LE(0xfffffffe, 0x3c); // no mini FAT
  out.writeUInt32LE(0xfffffffe, 0x44); // no DIFAT sector
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  // FAT (sector 0, at 512): sector 0 is a FAT sector, sector 1 ends the directory chain.
  for (let i = 0; i < 128; i++) out.writeUInt32LE(i === 0 ? 0xfffffffd : i === 1 ? 0xfffffffe : 0xffffffff, 512 + i * 4);
  // Directory (sector 1, at 1024).
  ["Root Entry", ...streams].forEach((name, k) => {
    const at = 1024 + k * 128;
    out.write(name, at, "utf16le");
    out.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    out.writeUInt8(k === 0 ? 5 : 2, at + 0x42); // root storage, stream
    out.writeUInt32LE(0xffffffff, at + 0x44); // left sibling
    out.writeUInt32LE(k + 1 < streams.length + 1 && k > 0 ? k + 1 : 0xffffffff, at + 0x48); // right sibling
    out.writeUInt32LE(k === 0 ? 1 : 0xffffffff, at + 0x4c); // child
    out.writeUInt32LE(0xfffffffe, at + 0x74); // start sector
  });
  return out;
}
