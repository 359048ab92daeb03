/**
 * CSV registers, streamed (a national DECP file has a million lines): the encoding is found on the
 * whole file first (UTF-8 with or without BOM, UTF-8 with a stray Windows-1252 byte, Windows-1252,
 * UTF-16 with BOM), then the separator (`;`, `,` or tab) and the header among the first 30 lines
 * as for a sheet, then the records go one by one to a RowSink. Fields are decoded one by one from
 * the bytes, so that a value kept by the register never holds on to the chunk it was read from.
 */
import { isUtf8 } from "buffer";
import * as fs from "fs";
import { TextDecoder } from "util";
import { HEADER_SCAN_ROWS, matchHeader } from "../register/headers";
import type { RowSink } from "../register/read";
import { REGISTER_INDEX } from "../register/columns";
import type { Cell } from "../register/types";
import { completeUtf8Length } from "./xlsx/scan";
import { InputFileError } from "./errors";

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SEPARATORS = [0x3b /* ; */, 0x2c /* , */, 0x09 /* tab */] as const;
const SEPARATOR_NAMES: Record<number, string> = { 0x3b: "« ; »", 0x2c: "« , »", 0x09: "tabulation" };
/** A record (a line, or several when a quoted field holds line breaks) longer than this is an error. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** Fields kept of a record: a sheet has at most 16,384 columns (XFD); a record with more is rejected. */
export const MAX_FIELDS = 16_384;
/** Stray-byte warnings listed one by one before a summary. */
const MAX_STRAY_WARNINGS = 20;

export type CsvEncoding = "utf-8" | "utf-8-bom" | "utf-8-stray" | "windows-1252" | "utf-16le" | "utf-16be";

/** A byte of a UTF-8 file that is not UTF-8, read as Windows-1252. */
interface Stray {
  offset: number;
  line: number;
  byte: number;
}

export interface EncodingScan {
  encoding: CsvEncoding;
  strays: Stray[];
}

/** Bytes looked at to recognise UTF-16 written without a byte-order mark. */
const UTF16_SAMPLE = 64 * 1024;

/**
 * UTF-16 without a byte-order mark, from its NUL bytes: text in a Latin script written in UTF-16
 * has a NUL as the high byte of nearly every character, so every other byte is NUL (the odd ones in
 * little-endian, the even ones in big-endian), which no UTF-8 or Windows-1252 text has.
 */
export function utf16WithoutBom(head: Buffer): "utf-16le" | "utf-16be" | null {
  const n = Math.min(head.length, UTF16_SAMPLE) & ~1;
  if (n < 4) return null;
  let oddNul = 0;
  let evenNul = 0;
  for (let i = 0; i < n; i += 2) {
    const even = head[i] === 0;
    const odd = head[i + 1] === 0;
    if (odd && !even) oddNul++;
    else if (even && !odd) evenNul++;
  }
  const pairs = n / 2;
  // Most characters with a NUL high byte, and (almost) none the other way round.
  if (oddNul >= pairs * 0.5 && evenNul <= oddNul / 50) return "utf-16le";
  if (evenNul >= pairs * 0.5 && oddNul <= evenNul / 50) return "utf-16be";
  return null;
}


/**
 * Whether the whole file is valid UTF-8, by Node's native check chunk by chunk (the common case,
 * fast): the file read into one buffer, again and again, the bytes of a character cut by the end of
 * a chunk carried to the start of the next.
 */
async function isUtf8File(file: string): Promise<boolean> {
  const buf = Buffer.allocUnsafe(CHUNK + 4);
  const fd = await fs.promises.open(file, "r");
  try {
    let carry = 0;
    for (;;) {
      const { bytesRead } = await fd.read(buf, carry, CHUNK, null);
      if (bytesRead === 0) return carry === 0;
      const length = carry + bytesRead;
      const end = completeUtf8Length(buf.subarray(0, length));
      if (!isUtf8(buf.subarray(0, end))) return false;
      buf.copy(buf, 0, end, length);
      carry = length - end;
    }
  } finally {
    await fd.close();
  }
}

/**
 * Encoding of the whole file: a byte-order mark decides; otherwise UTF-8 when the file is valid
 * UTF-8, or holds more valid UTF-8 sequences than bytes that are not (a stray Windows-1252 byte in a
 * UTF-8 file); else Windows-1252.
 */
export async function scanEncoding(file: string): Promise<EncodingScan> {
  // The byte-order mark, or UTF-16 recognised without one.
  const head = Buffer.alloc(UTF16_SAMPLE);
  const fd = await fs.promises.open(file, "r");
  let headLength: number;
  try {
    headLength = (await fd.read(head, 0, UTF16_SAMPLE, 0)).bytesRead;
  } finally {
    await fd.close();
  }
  if (headLength >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", strays: [] };
  if (headLength >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", strays: [] };
  const utf16 = utf16WithoutBom(head.subarray(0, headLength));
  if (utf16) return { encoding: utf16, strays: [] };
  if (await isUtf8File(file)) return { encoding: headLength >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? "utf-8-bom" : "utf-8", strays: [] };
  // Not valid UTF-8: where the bytes that are not, to tell a stray byte from a Windows-1252 file.
  const strays: Stray[] = [];
  let valid = 0;
  let offset = 0;
  let line = 1;
  // Bytes of an incomplete sequence at the end of a chunk.
  let pending: number[] = [];
  let need = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let first = true;
  let bom: CsvEncoding | null = null;
  const invalid = (at: number, b: number) => strays.push({ offset: at, line, byte: b });
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    let i = 0;
    if (first) {
      first = false;
      if (chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe) bom = "utf-16le";
      else if (chunk.length >= 2 && chunk[0] === 0xfe && chunk[1] === 0xff) bom = "utf-16be";
      else if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        bom = "utf-8-bom";
        i = 3;
      }
      if (bom === "utf-16le" || bom === "utf-16be") return { encoding: bom, strays: [] };
    }
    // UTF-8 validation (WHATWG decoder rules): a broken sequence makes each of its bytes a stray.
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (need === 0) {
        if (b < 0x80) {
          if (b === LF) line++;
          continue;
        }
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
        } else {
          invalid(offset + i, b);
          continue;
        }
        pending = [offset + i, b];
        continue;
      }
      if (b < lower || b > upper) {
        // The sequence is broken: its bytes are strays; this byte starts afresh.
        for (let k = 0; k < pending.length; k += 2) invalid(pending[k], pending[k + 1]);
        need = 0;
        lower = 0x80;
        upper = 0xbf;
        pending = [];
        i--;
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      pending.push(offset + i, b);
      if (--need === 0) {
        valid++;
        pending = [];
      }
    }
    offset += chunk.length;
  }
  for (let k = 0; k < pending.length; k += 2) invalid(pending[k], pending[k + 1]);
  if (strays.length === 0) return { encoding: bom ?? "utf-8", strays };
  if (bom === "utf-8-bom" || valid > strays.length) return { encoding: "utf-8-stray", strays };
  return { encoding: "windows-1252", strays: [] };
}

/** UTF-8 bytes of each Windows-1252 byte value. */
const CP1252_UTF8: Buffer[] = (() => {
  const d = new TextDecoder("windows-1252");
  return Array.from({ length: 256 }, (_, b) => Buffer.from(d.decode(Buffer.from([b])), "utf8"));
})();

/** Turns the file's chunks into UTF-8 chunks. */
class Transcoder {
  private decoder: TextDecoder | null;
  private strayAt = 0;
  private offset = 0;
  private first = true;

  constructor(
    private readonly scan: EncodingScan,
  ) {
    const e = scan.encoding;
    this.decoder = e === "windows-1252" || e === "utf-16le" || e === "utf-16be" ? new TextDecoder(e) : null;
  }

  push(chunk: Buffer): Buffer {
    const start = this.offset;
    this.offset += chunk.length;
    let out = chunk;
    if (this.first) {
      this.first = false;
      if (this.scan.encoding === "utf-8-bom" || (this.scan.encoding === "utf-8-stray" && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)) out = chunk.subarray(3);
    }
    if (this.decoder) return Buffer.from(this.decoder.decode(out, { stream: true }), "utf8");
    const strays = this.scan.strays;
    if (this.strayAt >= strays.length || strays[this.strayAt].offset >= this.offset) return out;
    // Copy around the stray bytes, each replaced by the UTF-8 of its Windows-1252 character.
    const parts: Buffer[] = [];
    const base = start + (chunk.length - out.length);
    let from = 0;
    while (this.strayAt < strays.length && strays[this.strayAt].offset < this.offset) {
      const at = strays[this.strayAt].offset - base;
      if (at >= from) {
        parts.push(out.subarray(from, at), CP1252_UTF8[strays[this.strayAt].byte]);
        from = at + 1;
      }
      this.strayAt++;
    }
    parts.push(out.subarray(from));
    return Buffer.concat(parts);
  }

  end(): Buffer {
    return this.decoder ? Buffer.from(this.decoder.decode(), "utf8") : Buffer.alloc(0);
  }
}

/** One record of the file. */
export interface CsvRecord {
  fields: Cell[];
  /** Physical lines (1-based) the record starts and ends on. */
  startLine: number;
  endLine: number;
  /** Occurrences, outside quotes, of each separator byte `;` `,` and tab (to spot a line split by another one). */
  semicolons: number;
  commas: number;
  tabs: number;
  /** The record had more than MAX_FIELDS fields: only the first MAX_FIELDS are in `fields`. */
  tooManyFields: boolean;
}

/** A quote opened and never closed (or closed so far away that the file cannot be meant so). */
export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`guillemet ouvert ligne ${line} et jamais refermé`);
  }
}

export class RecordTooLongError extends Error {
  constructor(readonly line: number) {
    super(`ligne ${line} démesurément longue (plus de ${MAX_RECORD_BYTES / 1024 / 1024} Mo)`);
  }
}

/**
 * RFC 4180 records from UTF-8 bytes: `"` quotes a field (`""` is a quote inside it), a quoted field
 * may hold separators and line breaks; LF, CRLF or CR end a record.
 */
/** Stands for a non-blank cell the sink does not read (left undecoded). */
export const UNREAD = "…";

/**
 * Buffer's own decoders (what `toString` dispatches to), called directly: a million-line file has
 * tens of millions of fields. A field of ASCII bytes only is decoded as Latin-1, faster than UTF-8.
 */
interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

function decode(buf: Buffer, start: number, end: number, ascii: boolean): string {
  const d = buf as unknown as SliceDecoders;
  return ascii ? d.latin1Slice(start, end) : d.utf8Slice(start, end);
}

export class CsvTokenizer {
  private rest: Buffer | null = null;
  /** Columns to decode (others are UNREAD); null: all. */
  wanted: boolean[] | null = null;
  private line = 1;
  private count = 0;

  /** Bytes that end an unquoted field or are counted in it: the separator, line ends, `;` `,` and tab. */
  private readonly special = new Uint8Array(256);

  constructor(
    readonly sep: number,
    private readonly onRecord: (r: CsvRecord) => void,
    private readonly maxRecords = Infinity,
  ) {
    for (const b of [sep, LF, CR, ...SEPARATORS]) this.special[b] = 1;
  }

  get done(): boolean {
    return this.count >= this.maxRecords;
  }

  push(chunk: Buffer): void {
    this.parse(this.rest ? Buffer.concat([this.rest, chunk]) : chunk, false);
  }

  end(): void {
    if (this.rest) this.parse(this.rest, true);
    this.rest = null;
  }

  private parse(buf: Buffer, final: boolean): void {
    let pos = 0;
    const n = buf.length;
    while (pos < n && !this.done) {
      const next = this.record(buf, pos, final);
      if (next < 0) break;
      pos = next;
    }
    if (this.done || pos >= n) this.rest = null;
    else {
      if (n - pos > MAX_RECORD_BYTES) {
        const q = this.openQuoteLine(buf, pos);
        throw q !== null ? new UnterminatedQuoteError(q) : new RecordTooLongError(this.line);
      }
      // A copy: the chunk the record started in is not kept alive by it.
      this.rest = Buffer.from(buf.subarray(pos));
    }
  }

  /** The line a still-open quoted field started on, for a record starting at `pos`. */
  private openQuoteLine(buf: Buffer, pos: number): number | null {
    let line = this.line;
    let quoted = false;
    let quoteLine = 0;
    let fieldStart = true;
    for (let i = pos; i < buf.length; i++) {
      const b = buf[i];
      if (b === LF || (b === CR && buf[i + 1] !== LF)) {
        line++;
        if (!quoted) fieldStart = true;
        continue;
      }
      if (quoted) {
        if (b === QUOTE) {
          if (buf[i + 1] === QUOTE) i++;
          else quoted = false;
        }
      } else if (b === QUOTE && fieldStart) {
        quoted = true;
        quoteLine = line;
      } else fieldStart = b === this.sep;
    }
    return quoted ? quoteLine : null;
  }

  /** Parses one record starting at `pos`; returns the position after it, or -1 when it is incomplete. */
  private record(buf: Buffer, pos: number, final: boolean): number {
    const sep = this.sep;
    const wanted = this.wanted;
    const n = buf.length;
    const fields: Cell[] = [];
    // Separator bytes outside quotes: `;`, `,`, tab.
    let semicolons = 0;
    let commas = 0;
    let tabs = 0;
    let line = this.line;
    const startLine = line;
    let i = pos;
    let terminated = false;
    let tooMany = false;
    for (;;) {
      // One field.
      if (i < n && buf[i] === QUOTE) {
        const quoteLine = line;
        let j = i + 1;
        let escaped = false;
        for (;;) {
          if (j >= n) {
            if (final) throw new UnterminatedQuoteError(quoteLine);
            return -1;
          }
          const b = buf[j];
          if (b === QUOTE) {
            if (j + 1 >= n && !final) return -1;
            if (buf[j + 1] === QUOTE) {
              escaped = true;
              j += 2;
              continue;
            }
            break;
          }
          if (b === LF || (b === CR && buf[j + 1] !== LF)) line++;
          j++;
        }
        // Characters after the closing quote belong to the field, as spreadsheets read them.
        let k = j + 1;
        while (k < n && buf[k] !== sep && buf[k] !== LF && buf[k] !== CR) k++;
        if (fields.length >= MAX_FIELDS) tooMany = true;
        else if (wanted && !wanted[fields.length]) fields.push(UNREAD);
        else {
          let value = decode(buf, i + 1, j, false);
          if (escaped) value = value.replace(/""/g, '"');
          if (k > j + 1) value += decode(buf, j + 1, k, false);
          fields.push(value);
        }
        i = k;
      } else {
        let k = i;
        let high = 0;
        const special = this.special;
        for (; k < n; k++) {
          const b = buf[k];
          // Most bytes are none of the separators and line ends: one look-up tells.
          if (special[b] !== 0) {
            if (b === sep || b === LF || b === CR) break;
            if (b === 0x3b) semicolons++;
            else if (b === 0x2c) commas++;
            else tabs++;
          }
          high |= b;
        }
        if (fields.length >= MAX_FIELDS) tooMany = true;
        else fields.push(k === i ? null : wanted && !wanted[fields.length] ? UNREAD : decode(buf, i, k, high < 0x80));
        i = k;
      }
      if (i >= n) {
        if (!final) return -1;
        break;
      }
      const b = buf[i];
      if (b === sep) {
        if (b === 0x3b) semicolons++;
        else if (b === 0x2c) commas++;
        else tabs++;
        i++;
        if (i >= n && !final) return -1;
        continue;
      }
      // End of the record: LF, CRLF or CR.
      if (b === CR) {
        if (i + 1 >= n && !final) return -1;
        i += buf[i + 1] === LF ? 2 : 1;
      } else i++;
      line++;
      terminated = true;
      break;
    }
    this.line = line;
    this.count++;
    this.onRecord({ fields, startLine, endLine: terminated ? line - 1 : line, semicolons, commas, tabs, tooManyFields: tooMany });
    return i;
  }
}

/** The separator that gives the best register header in the first 30 records; `;` when none does. */
export function detectSeparator(head: Buffer): { sep: number; headerIndex: number | null; headerFields: number } {
  let best: { sep: number; headerIndex: number | null; headerFields: number; score: number; width: number } | null = null;
  for (const sep of SEPARATORS) {
    const rows: Cell[][] = [];
    const t = new CsvTokenizer(sep, (r) => rows.push(r.fields), HEADER_SCAN_ROWS);
    try {
      t.push(head);
      t.end();
    } catch {
      // A quote left open in the first lines: judged on the records before it.
    }
    const m = matchHeader({ sheet: "", rows }, REGISTER_INDEX, "id");
    const score = m && m.columns.size >= 2 ? m.columns.size : 0;
    const width = rows.length ? Math.max(...rows.map((r) => r.length)) : 0;
    const cand = { sep, headerIndex: score ? (m as { rowIndex: number }).rowIndex : null, headerFields: score ? rows[(m as { rowIndex: number }).rowIndex].length : 0, score, width };
    if (!best || cand.score > best.score || (cand.score === best.score && cand.score === 0 && cand.width > best.width)) best = cand;
  }
  const b = best as NonNullable<typeof best>;
  return { sep: b.sep, headerIndex: b.headerIndex, headerFields: b.headerFields };
}

/** The sheet name a CSV file is given: its name without the extension. */
export function csvSheetName(file: string): string {
  return (file.split(/[\\/]/).pop() as string).replace(/\.(csv|txt|tsv)$/i, "");
}

/**
 * Streams a CSV file into a sink. Errors about the file that leave it usable are issues of the
 * sink (a stray byte, a line split by another separator); a file that cannot be read as a whole
 * (a quote never closed) is an InputFileError naming the line.
 */
export async function readCsvInto(file: string, sink: RowSink): Promise<{ encoding: CsvEncoding; separator: string }> {
  const name = file.split(/[\\/]/).pop() as string;
  let scan: EncodingScan;
  try {
    scan = await scanEncoding(file);
  } catch (e) {
    throw new InputFileError(`« ${name} » ne peut pas être lu`, e);
  }
  const transcoder = new Transcoder(scan);
  const strayLines = groupStrays(scan.strays);
  let strayAt = 0;
  let strayWarnings = 0;
  let tokenizer: CsvTokenizer | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;
  let headerIndex: number | null = null;
  let expected = 0;
  let sepName = "";
  let index = 0;

  let wantedKnown = false;
  const onRecord = (r: CsvRecord) => {
    const i = index++;
    if (!wantedKnown && sink.wanted) {
      // Once the sink knows its columns, the others are no longer decoded.
      const w = sink.wanted();
      if (w) {
        wantedKnown = true;
        const mask: boolean[] = [];
        for (const c of w) mask[c] = true;
        for (let c = 0; c < mask.length; c++) mask[c] = mask[c] === true;
        (tokenizer as CsvTokenizer).wanted = mask;
      }
    }
    // Stray bytes on the lines of this record.
    while (strayAt < strayLines.length && strayLines[strayAt].line <= r.endLine) {
      const s = strayLines[strayAt++];
      if (strayWarnings++ < MAX_STRAY_WARNINGS) {
        const chars = s.bytes.map((b) => `0x${b.toString(16).toUpperCase()} lu « ${CP1252_UTF8[b].toString("utf8")} »`).join(", ");
        sink.issue("warning", i, null, `ligne ${s.line} : octet${s.bytes.length > 1 ? "s" : ""} hors UTF-8 (${chars}, en Windows-1252) dans un fichier UTF-8 : vérifiez ${s.bytes.length > 1 ? "ces caractères" : "ce caractère"} et l'encodage du fichier`);
      }
    }
    const fields = r.fields;
    if (fields.length === 1 && fields[0] === null) return; // blank line
    if (r.tooManyFields) {
      sink.reject(i, `ligne ${r.startLine} : plus de 16 384 champs séparés par ${sepName} (le nombre maximal de colonnes d'une feuille Excel) : ce n'est pas une ligne de registre, ligne ignorée`);
      return;
    }
    if (headerIndex !== null && i > headerIndex && fields.length !== expected) {
      // A line split by another separator: its field count says so.
      let alt = 0;
      let altCount = 0;
      for (const [b, c] of [[0x3b, r.semicolons], [0x2c, r.commas], [0x09, r.tabs]]) if (b !== (tokenizer as CsvTokenizer).sep && c > altCount) [alt, altCount] = [b, c];
      const m = altCount + 1;
      if (altCount > 0 && Math.abs(m - expected) < Math.abs(fields.length - expected)) {
        sink.reject(
          i,
          `ligne ${r.startLine} : ${fields.length} champ${fields.length > 1 ? "s" : ""} séparé${fields.length > 1 ? "s" : ""} par ${sepName} au lieu des ${expected} de l'en-tête ; la ligne semble séparée par ${SEPARATOR_NAMES[alt]} : ligne ignorée`,
        );
        return;
      }
    }
    sink.row(i, fields);
  };

  const start = (bytes: Buffer) => {
    const d = detectSeparator(bytes);
    headerIndex = d.headerIndex;
    expected = d.headerFields;
    sepName = SEPARATOR_NAMES[d.sep];
    tokenizer = new CsvTokenizer(d.sep, onRecord);
    tokenizer.push(bytes);
  };

  try {
    for await (const raw of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
      const chunk = transcoder.push(raw);
      if (tokenizer) {
        (tokenizer as CsvTokenizer).push(chunk);
        continue;
      }
      head.push(chunk);
      headBytes += chunk.length;
      // Enough to see the first 30 lines (or all of a small file).
      if (countLines(head) > HEADER_SCAN_ROWS || headBytes >= 4 * CHUNK) {
        start(Buffer.concat(head));
        head = [];
      }
    }
    const last = transcoder.end();
    if (!tokenizer) start(Buffer.concat([...head, last]));
    else if (last.length) (tokenizer as CsvTokenizer).push(last);
    (tokenizer as unknown as CsvTokenizer).end();
  } catch (e) {
    if (e instanceof UnterminatedQuoteError) {
      throw new InputFileError(`« ${name} » : guillemet ouvert ligne ${e.line} et jamais refermé : le reste du fichier serait lu comme un seul champ. Corrigez cette ligne (un guillemet dans un champ s'écrit "")`);
    }
    if (e instanceof RecordTooLongError) throw new InputFileError(`« ${name} » : ${e.message} : ce n'est pas un registre CSV`);
    if (e instanceof InputFileError) throw e;
    if (e instanceof Error && "code" in e) throw new InputFileError(`« ${name} » ne peut pas être lu`, e);
    throw e;
  }
  if (strayWarnings > MAX_STRAY_WARNINGS) {
    sink.issue("warning", null, null, `${strayWarnings} lignes en tout contiennent des octets hors UTF-8 (les ${MAX_STRAY_WARNINGS} premières sont signalées) : enregistrez le fichier en UTF-8`);
  }
  sink.end();
  return { encoding: scan.encoding, separator: sepName };
}

function countLines(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) {
    let at = c.indexOf(LF);
    while (at >= 0) {
      n++;
      at = c.indexOf(LF, at + 1);
    }
  }
  return n;
}

/** Stray bytes grouped by line. */
function groupStrays(strays: Stray[]): { line: number; bytes: number[] }[] {
  const out: { line: number; bytes: number[] }[] = [];
  for (const s of strays) {
    const last = out[out.length - 1];
    if (last && last.line === s.line) last.bytes.push(s.byte);
    else out.push({ line: s.line, bytes: [s.byte] });
  }
  return out;
}
