/**
 * Writes a zip container (APPNOTE.TXT 6.3.x, the subset an .xlsx package needs: deflated or stored
 * entries, UTF-8 names, no zip64), compressed by Node's zlib. ExcelJS builds the workbook's parts;
 * its own zip step deflates them in JavaScript (pako), several times slower than zlib on a large
 * workbook, so the command line asks ExcelJS for a stored package and deflates it here once.
 */
import * as zlib from "zlib";
import { crc32 } from "./zip";

export interface ZipEntry {
  /** The part's name inside the package (`xl/workbook.xml`). */
  name: string;
  data: Buffer;
}

/** Zip's limits without the zip64 extension: sizes and offsets on 32 bits, entries on 16 bits. */
const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

/** MS-DOS date and time (APPNOTE 4.4.6), local time as zip readers show it; 1980 at the earliest. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, Math.min(2107, d.getFullYear()));
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * The zip file holding `entries` in their order, each deflated at `level` (stored when deflating
 * does not make it smaller). Throws when the package would need zip64 (4 GB or 65,535 parts), far
 * beyond any workbook the command line writes.
 */
export function zipEntries(entries: ZipEntry[], modified: Date, level = 6): Buffer {
  if (entries.length > MAX_ENTRIES) throw new Error(`trop de parties pour un fichier zip : ${entries.length}`);
  const { time, date } = dosDateTime(modified);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const utf8 = /[^\x20-\x7e]/.test(e.name);
    const deflated = zlib.deflateRawSync(e.data, { level });
    const stored = deflated.length >= e.data.length;
    const body = stored ? e.data : deflated;
    const crc = crc32(e.data, 0);
    if (e.data.length > MAX_32 || offset + 30 + name.length + body.length > MAX_32) throw new Error(`partie trop grande pour un fichier zip : ${e.name}`);
    const flags = utf8 ? 0x0800 : 0;
    const method = stored ? 0 : 8;
    // The fields the local header (from byte 4) and the central directory entry (from byte 6)
    // share, in the same order (APPNOTE 4.3.7 and 4.3.12).
    const shared = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      b.writeUInt16LE(flags, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(time, at + 6);
      b.writeUInt16LE(date, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(e.data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    shared(local, 4);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: MS-DOS attributes, version 2.0
    shared(dir, 6);
    // extra field, comment, disk number, internal and external attributes: 0
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(dir, name);
    offset += local.length + name.length + body.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + dirSize > MAX_32) throw new Error("fichier zip trop grand");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
