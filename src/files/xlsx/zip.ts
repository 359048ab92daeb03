/**
 * The zip container of an .xlsx file, on yauzl (random access through the central directory). Every
 * entry read is read to its end and its CRC-32 checked against the central directory (yauzl checks
 * the sizes, not the CRC); any zip error rejects. Every operation settles: each error, end and close
 * event of yauzl and of its streams is handled.
 */
import type { Readable } from "stream";
import * as zlib from "zlib";
import * as yauzl from "yauzl";

/** A zip problem: `message` is the library's own words (kept as the detail of the user's message). */
export class ZipError extends Error {
  constructor(
    message: string,
    /** The entry concerned, if any. */
    readonly entry?: string,
    /** The entry's data does not match its CRC-32. */
    readonly crc = false,
  ) {
    super(message);
    this.name = "ZipError";
  }
}

/** CRC-32 (IEEE) of `data`, continuing from `value` (0 to start). */
export const crc32: (data: Buffer, value: number) => number =
  typeof (zlib as unknown as { crc32?: unknown }).crc32 === "function" ? (zlib as unknown as { crc32: (d: Buffer, v: number) => number }).crc32 : crc32Js;

let CRC_TABLE: Int32Array | null = null;
/** CRC-32 (IEEE), for Node versions without zlib.crc32 (before 20.15). */
function crc32Js(data: Buffer, value: number): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Inflated bytes handed over at a time. */
const INFLATE_CHUNK = 256 * 1024;

export class ZipReader {
  private closed = false;
  /** Entries by name, as written in the central directory. */
  private readonly byName = new Map<string, yauzl.Entry>();
  /** Entries by lower-case name (some producers differ in case from the relationships). */
  private readonly byLowerName = new Map<string, yauzl.Entry>();
  private readonly checked = new Set<yauzl.Entry>();
  /** The first error yauzl reported on the file itself after opening (it would go unheard otherwise). */
  private lateError: Error | null = null;

  private constructor(private readonly zip: yauzl.ZipFile) {
    zip.on("error", (e: Error) => {
      this.lateError = this.lateError ?? e;
    });
  }

  /** Opens a zip file and reads its central directory. */
  static open(file: string): Promise<ZipReader> {
    return new Promise((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
        if (err || !zip) {
          reject(new ZipError(err ? err.message : "archive zip illisible"));
          return;
        }
        const entries: yauzl.Entry[] = [];
        let settled = false;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          try {
            zip.close();
          } catch {
            // already closed by yauzl
          }
          reject(new ZipError(e.message));
        };
        zip.on("error", fail);
        zip.on("entry", (entry: yauzl.Entry) => {
          entries.push(entry);
          zip.readEntry();
        });
        zip.on("end", () => {
          if (settled) return;
          settled = true;
          zip.removeListener("error", fail);
          const reader = new ZipReader(zip);
          for (const e of entries) {
            if (e.fileName.endsWith("/")) continue;
            if (reader.byName.has(e.fileName)) {
              reader.close();
              reject(new ZipError(`entrée en double dans l'archive : ${e.fileName}`, e.fileName));
              return;
            }
            reader.byName.set(e.fileName, e);
            reader.byLowerName.set(e.fileName.toLowerCase(), e);
          }
          resolve(reader);
        });
        zip.readEntry();
      });
    });
  }

  /** Names of the file entries, in central-directory order. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  private entry(name: string): yauzl.Entry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /**
   * Streams an entry's data to `onData` (chunks in order), resolving once the whole entry is read
   * and its CRC-32 matches; an exception thrown by `onData` stops the read and rejects with it.
   */
  read(name: string, onData: (chunk: Buffer) => void): Promise<void> {
    const entry = this.entry(name);
    if (!entry) return Promise.reject(new ZipError(`entrée absente de l'archive : ${name}`, name));
    if (this.closed) return Promise.reject(new ZipError("archive fermée", name));
    if (this.lateError) return Promise.reject(new ZipError(this.lateError.message, name));
    return new Promise<void>((resolve, reject) => {
      if (entry.isEncrypted()) {
        reject(new ZipError(`entrée chiffrée : ${entry.fileName}`, entry.fileName));
        return;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        reject(new ZipError(`méthode de compression ${entry.compressionMethod} non prise en charge : ${entry.fileName}`, entry.fileName));
        return;
      }
      // The raw bytes, inflated here in large chunks (yauzl's own inflater works in 16 KB steps).
      this.zip.openReadStream(entry, { decodeFileData: false }, (err, raw) => {
        if (err || !raw) {
          reject(new ZipError(err ? err.message : "entrée illisible", entry.fileName));
          return;
        }
        const inflate = entry.compressionMethod === 8 ? zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK, highWaterMark: INFLATE_CHUNK * 4 } as zlib.ZlibOptions) : null;
        const out: Readable = inflate ?? raw;
        const expected = entry.uncompressedSize;
        let size = 0;
        let crc = 0;
        let settled = false;
        let ended = false;
        const finish = (e: Error | null) => {
          if (settled) return;
          settled = true;
          if (e) {
            for (const s of [raw, inflate]) {
              if (!s) continue;
              s.removeAllListeners("data");
              s.on("error", () => undefined);
              s.destroy();
            }
            reject(e);
          } else resolve();
        };
        const fail = (message: string, crcError = false) => finish(new ZipError(message, entry.fileName, crcError));
        if (inflate) {
          raw.on("error", (e: Error) => fail(e.message));
          raw.pipe(inflate);
        }
        out.on("data", (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > expected) {
            fail(`${entry.fileName} : plus d'octets (${size}) que la taille annoncée (${expected})`);
            return;
          }
          crc = crc32(chunk, crc);
          try {
            onData(chunk);
          } catch (e) {
            finish(e as Error);
          }
        });
        out.on("error", (e: Error) => fail(e.message));
        out.on("end", () => {
          ended = true;
          if (size !== expected) fail(`${entry.fileName} : ${size} octets au lieu des ${expected} annoncés`);
          else if ((crc >>> 0) !== entry.crc32 >>> 0) fail(`CRC-32 incorrect pour ${entry.fileName} (0x${(crc >>> 0).toString(16)} au lieu de 0x${(entry.crc32 >>> 0).toString(16)})`, true);
          else finish(null);
        });
        out.on("close", () => {
          if (!ended) fail(`lecture de ${entry.fileName} interrompue`);
        });
      });
    }).then(() => {
      this.checked.add(entry);
    });
  }

  /** Reads every entry not read yet, for its CRC alone: a damaged entry anywhere damages the file. */
  async checkAll(): Promise<void> {
    for (const e of this.byName.values()) if (!this.checked.has(e)) await this.read(e.fileName, () => undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.zip.close();
    } catch {
      // yauzl may have closed it on an error already
    }
  }
}
