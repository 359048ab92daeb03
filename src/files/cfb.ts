/**
 * Files in the OLE compound format ([MS-CFB]: magic D0 CF 11 E0 A1 B1 1A E1): Excel 97-2003
 * workbooks (.xls, a `Workbook` or `Book` stream) and password-protected workbooks of every version
 * (an .xlsx encrypted by Excel is a compound file holding `EncryptionInfo` and `EncryptedPackage`,
 * [MS-OFFCRYPTO] §2.3.4). Only the names of the directory entries are read, to tell the user which
 * of the two it is.
 */
import * as fs from "fs";

export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type CfbKind = "encrypted" | "xls" | "other";

const END_OF_CHAIN = 0xfffffffe;
/** Directory sectors followed at most (a workbook's directory fits in a few). */
const MAX_DIRECTORY_SECTORS = 256;

/** What a compound file holds: an encrypted Office document, an Excel 97-2003 workbook, or something else. */
export async function cfbKind(file: string): Promise<CfbKind> {
  const names = await directoryNames(file).catch(() => [] as string[]);
  if (names.includes("EncryptedPackage")) return "encrypted";
  if (names.includes("Workbook") || names.includes("Book")) return "xls";
  return "other";
}

/** Names of the entries of the compound file's directory ([MS-CFB] §2.6), as far as they can be read. */
async function directoryNames(file: string): Promise<string[]> {
  const fd = await fs.promises.open(file, "r");
  try {
    const header = Buffer.alloc(512);
    await fd.read(header, 0, 512, 0);
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return [];
    const size = 1 << shift;
    const sectorAt = (s: number) => (s + 1) * size;
    const read = async (s: number): Promise<Buffer> => {
      const b = Buffer.alloc(size);
      const { bytesRead } = await fd.read(b, 0, size, sectorAt(s));
      return b.subarray(0, bytesRead);
    };
    // The FAT sectors listed in the header (the first 109: enough for the directory of any workbook
    // that keeps it near the start, as Office does).
    const fatSectors: number[] = [];
    for (let i = 0; i < 109; i++) {
      const s = header.readUInt32LE(0x4c + i * 4);
      if (s >= 0xfffffffa) break;
      fatSectors.push(s);
    }
    const perFat = size / 4;
    const fatCache = new Map<number, Buffer>();
    const next = async (s: number): Promise<number> => {
      const f = fatSectors[Math.floor(s / perFat)];
      if (f === undefined) return END_OF_CHAIN;
      let b = fatCache.get(f);
      if (!b) fatCache.set(f, (b = await read(f)));
      const at = (s % perFat) * 4;
      return at + 4 <= b.length ? b.readUInt32LE(at) : END_OF_CHAIN;
    };
    const names: string[] = [];
    let s = header.readUInt32LE(0x30);
    for (let n = 0; n < MAX_DIRECTORY_SECTORS && s < 0xfffffffa; n++) {
      const b = await read(s);
      for (let at = 0; at + 128 <= b.length; at += 128) {
        const len = b.readUInt16LE(at + 0x40);
        if (len >= 2 && len <= 64) names.push(b.toString("utf16le", at, at + len - 2));
      }
      s = await next(s);
    }
    return names;
  } finally {
    await fd.close();
  }
}
