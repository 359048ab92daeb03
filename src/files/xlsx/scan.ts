/**
 * A byte-level XML tokenizer for worksheet parts, several times faster than saxes on them, that
 * calls the same handlers as `parsePart` (so the rows read are those of the saxes path by
 * construction). It accepts the XML every producer writes — a UTF-8 declaration, elements with
 * ASCII names, quoted attributes, character data with the predefined and numeric references — and
 * checks its well-formedness as it goes (UTF-8, characters allowed by XML 1.0, tags balanced,
 * attributes unique, references valid, one root). Anything else — a comment, a CDATA section, a
 * processing instruction, a DOCTYPE, UTF-16, a literal `>` or control character, a name outside
 * ASCII, or any error — throws `Unsupported`: the caller then reads the part again with saxes,
 * which reads it or says what is wrong with it in its own words.
 */
import { isUtf8 } from "buffer";
import { localName, MAX_TEXT_CHARS, textTooLong, XmlHandlers } from "./xml";
import type { ZipReader } from "./zip";

/** The part holds something this tokenizer leaves to saxes (not necessarily an error). */
export class Unsupported extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = "Unsupported";
  }
}

/** A tag longer than this is left to saxes (a worksheet's tags are a few dozen bytes). */
const MAX_TAG_BYTES = 1024 * 1024;

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

interface SliceDecoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const latin1 = (b: Buffer, s: number, e: number) => (b as unknown as SliceDecoders).latin1Slice(s, e);
const utf8 = (b: Buffer, s: number, e: number) => (b as unknown as SliceDecoders).utf8Slice(s, e);

/** Byte classes: 1 a name's first character, 2 a name's character, 4 whitespace (ASCII only). */
const CLASS = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 128; b++) {
    const start = (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || b === 0x5f || b === 0x3a;
    if (start) t[b] |= 3;
    if ((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e) t[b] |= 2;
    if (b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d) t[b] |= 4;
  }
  return t;
})();
const isSpace = (b: number) => (CLASS[b] & 4) !== 0;
const isNameStart = (b: number) => (CLASS[b] & 1) !== 0;
const isNameChar = (b: number) => (CLASS[b] & 2) !== 0;

/**
 * An ASCII string of the bytes [s, e): short ones built in JavaScript (a native slice costs more
 * than the string for a cell reference or a style number).
 */
function ascii(b: Buffer, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return "";
    case 1:
      return String.fromCharCode(b[s]);
    case 2:
      return String.fromCharCode(b[s], b[s + 1]);
    case 3:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2]);
    case 4:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    default:
      return latin1(b, s, e);
  }
}

/** Names (of elements and attributes) of up to 3 bytes, by their bytes: a worksheet has a handful. */
const SHORT_NAMES = new Map<number, string>();

const LOCAL_NAMES = new Map<string, string>();
/** localName, remembered. */
function localOf(name: string): string {
  if (name.length <= 3 && name.indexOf(":") < 0) return name;
  let local = LOCAL_NAMES.get(name);
  if (local === undefined) {
    local = localName(name);
    if (LOCAL_NAMES.size < 1000) LOCAL_NAMES.set(name, local);
  }
  return local;
}

/** The name of the bytes [s, e) (ASCII name characters). */
function nameOf(b: Buffer, s: number, e: number): string {
  const len = e - s;
  if (len > 3) return ascii(b, s, e);
  const key = len === 1 ? b[s] : len === 2 ? b[s] | (b[s + 1] << 8) : b[s] | (b[s + 1] << 8) | (b[s + 2] << 16);
  let name = SHORT_NAMES.get(key);
  if (name === undefined) SHORT_NAMES.set(key, (name = ascii(b, s, e)));
  return name;
}

/** An XML 1.0 Char (§2.2). */
const isXmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The XML declaration as producers write it (version 1.0, UTF-8 or no encoding, standalone). */
const DECLARATION = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[Uu][Tt][Ff]-8\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>$/;

/**
 * A reference starting at `i` (on `&`): its text and the position after its `;`, or null when the
 * buffer ends before the `;` (the caller waits for more). Throws Unsupported on anything but a
 * predefined entity or a numeric reference to an XML character.
 */
function reference(buf: Buffer, i: number): { text: string; end: number } | null {
  const n = buf.length;
  const semi = buf.indexOf(0x3b, i + 1);
  if (semi < 0) {
    if (n - i > 12) throw new Unsupported("référence");
    return null;
  }
  if (semi - i > 12) throw new Unsupported("référence");
  const body = latin1(buf, i + 1, semi);
  if (body.charCodeAt(0) === 0x23) {
    const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (!m) throw new Unsupported("référence");
    const c = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (!isXmlChar(c)) throw new Unsupported("référence");
    return { text: String.fromCodePoint(c), end: semi + 1 };
  }
  const t = PREDEFINED[body];
  if (t === undefined) throw new Unsupported("entité");
  return { text: t, end: semi + 1 };
}

/**
 * A worksheet's handlers may also take a cell in one call: a cell written in the common form, as
 * `<c r="B2" s="3" t="s"><v>12</v></c>` (attributes r, s and t only, ASCII without references, at
 * most one `<v>` of ASCII text, nothing else, directly in an unprefixed `<row>`), is given as its
 * attributes and the text of its `<v>` (undefined without one) instead of five events. Any other
 * form goes through open/text/close.
 */
export interface CellHandler {
  cell?(r: string | undefined, s: string | undefined, t: string | undefined, v: string | undefined): void;
}

/** Bytes of an attribute value or of a `<v>` beyond which a cell goes through the general path. */
const FAST_VALUE_BYTES = 1024;

/** A byte of an attribute value or a `<v>` taken by the cell fast path: printable ASCII but `<`, `>`, `&`. */
const PLAIN = (() => {
  const t = new Uint8Array(256);
  for (let b = 0x20; b < 0x7f; b++) t[b] = 1;
  for (const b of [LT, GT, AMP]) t[b] = 0;
  return t;
})();

/**
 * Tokenizes one part, calling `h` as saxes would (names without prefix, attributes by name as
 * written, text in one or more pieces). Rejects with Unsupported, or with what the handlers throw,
 * or with the zip's errors (CRC…).
 */
export async function scanPart(zip: ZipReader, part: string, h: XmlHandlers & CellHandler): Promise<void> {
  const onCell = h.cell ? h.cell.bind(h) : null;
  const stack: string[] = [];
  /** 0: before the root element, 1: inside it, 2: after it. */
  let phase = 0;
  /** Nothing of the document seen yet but its byte-order mark: where the XML declaration may stand. */
  let start = true;
  let bomChecked = false;
  let carry: Buffer | null = null;
  let utf8Carry: Buffer | null = null;
  /** Characters of text since the last tag (bounded as in parsePart). */
  let textRun = 0;
  const text = h.text;

  const onText = (s: string) => {
    if (phase !== 1) {
      // Outside the root: whitespace only.
      if (!/^[ \t\r\n]*$/.test(s)) throw new Unsupported("texte hors de l'élément racine");
      return;
    }
    if (text && s) text(s);
  };

  /**
   * The cell at `i` (on `<c`) in the common form (CellHandler): the position after it, -1 if the
   * buffer ends first, -2 if it is written otherwise (read by `tag`).
   */
  const fastCell = (buf: Buffer, i: number, cell: NonNullable<CellHandler["cell"]>): number => {
    const n = buf.length;
    let j = i + 2;
    let r: string | undefined;
    let st: string | undefined;
    let t: string | undefined;
    for (;;) {
      if (j >= n) return -1;
      let b = buf[j];
      if (b === GT) {
        j++;
        break;
      }
      if (b === SLASH) {
        if (j + 1 >= n) return -1;
        if (buf[j + 1] !== GT) return -2;
        cell(r, st, t, undefined);
        return j + 2;
      }
      if (b !== 0x20) return -2;
      if (j + 3 >= n) return -1;
      const a = buf[j + 1];
      if (buf[j + 2] !== EQ) return -2;
      const q = buf[j + 3];
      if (q !== DQ && q !== SQ) return -2;
      const vs = j + 4;
      j = vs;
      for (;;) {
        if (j >= n) return -1;
        b = buf[j];
        if (b === q) break;
        if (PLAIN[b] === 0) return -2;
        if (++j - vs > FAST_VALUE_BYTES) return -2;
      }
      const value = ascii(buf, vs, j);
      j++;
      if (a === 0x72 /* r */ && r === undefined) r = value;
      else if (a === 0x73 /* s */ && st === undefined) st = value;
      else if (a === 0x74 /* t */ && t === undefined) t = value;
      else return -2;
    }
    // After the start tag: `</c>`, or `<v>…</v></c>`.
    if (j + 4 > n) return -1;
    if (buf[j] !== LT) return -2;
    if (buf[j + 1] === SLASH) {
      if (buf[j + 2] !== 0x63 || buf[j + 3] !== GT) return -2;
      cell(r, st, t, undefined);
      return j + 4;
    }
    if (buf[j + 1] !== 0x76 /* v */ || buf[j + 2] !== GT) return -2;
    const vs = j + 3;
    j = vs;
    for (;;) {
      if (j >= n) return -1;
      const b = buf[j];
      if (b === LT) break;
      if (PLAIN[b] === 0) return -2;
      // A long value is read as text by the general path, in pieces, not kept waiting for its end.
      if (++j - vs > FAST_VALUE_BYTES) return -2;
    }
    const ve = j;
    if (j + 8 > n) return -1;
    if (buf[j + 1] !== SLASH || buf[j + 2] !== 0x76 || buf[j + 3] !== GT || buf[j + 4] !== LT || buf[j + 5] !== SLASH || buf[j + 6] !== 0x63 || buf[j + 7] !== GT) return -2;
    cell(r, st, t, ascii(buf, vs, ve));
    return j + 8;
  };

  /** Parses the tag at `i` (on `<`): returns the position after it, or -1 if the buffer ends first. */
  const tag = (buf: Buffer, i: number): number => {
    const n = buf.length;
    let j = i + 1;
    if (j >= n) return -1;
    let b = buf[j];
    if (b === 0x63 /* c */ && onCell !== null && stack.length > 0 && stack[stack.length - 1] === "row") {
      if (j + 1 >= n) return -1;
      const after = buf[j + 1];
      if (after === 0x20 || after === GT || after === SLASH) {
        const end = fastCell(buf, i, onCell);
        if (end !== -2) return end;
      }
    }
    if (b === SLASH) {
      j++;
      const s = j;
      while (j < n && isNameChar(buf[j])) j++;
      if (j >= n) return -1;
      const name = nameOf(buf, s, j);
      while (j < n && isSpace(buf[j])) j++;
      if (j >= n) return -1;
      if (buf[j] !== GT || stack.length === 0 || stack[stack.length - 1] !== name) throw new Unsupported("balise fermante");
      stack.pop();
      if (stack.length === 0) phase = 2;
      h.close(localOf(name));
      return j + 1;
    }
    if (b === 0x3f /* ? */) {
      if (!start) throw new Unsupported("instruction de traitement");
      const end = buf.indexOf("?>", j);
      if (end < 0) {
        if (n - i > 512) throw new Unsupported("déclaration");
        return -1;
      }
      if (!DECLARATION.test(latin1(buf, i, end + 2))) throw new Unsupported("déclaration");
      start = false;
      return end + 2;
    }
    if (!isNameStart(b)) throw new Unsupported("balise");
    if (phase !== 0 && phase !== 1) throw new Unsupported("seconde racine");
    const s = j;
    while (j < n && isNameChar(buf[j])) j++;
    if (j >= n) return -1;
    const name = nameOf(buf, s, j);
    const attributes: Record<string, string> = {};
    for (;;) {
      b = buf[j];
      let spaced = false;
      while (isSpace(b)) {
        spaced = true;
        if (++j >= n) return -1;
        b = buf[j];
      }
      if (b === GT || b === SLASH) {
        const empty = b === SLASH;
        if (empty) {
          if (j + 1 >= n) return -1;
          if (buf[j + 1] !== GT) throw new Unsupported("balise");
          j++;
        }
        if (phase === 0) phase = 1;
        const local = localOf(name);
        h.open(local, attributes);
        if (empty) {
          if (stack.length === 0) phase = 2;
          h.close(local);
        } else stack.push(name);
        return j + 1;
      }
      // An attribute: whitespace before it, name, =, quoted value.
      if (!spaced || !isNameStart(b)) throw new Unsupported("attribut");
      const as = j;
      while (j < n && isNameChar(buf[j])) j++;
      if (j >= n) return -1;
      const aname = nameOf(buf, as, j);
      while (j < n && isSpace(buf[j])) j++;
      if (j >= n) return -1;
      if (buf[j] !== EQ) throw new Unsupported("attribut");
      j++;
      while (j < n && isSpace(buf[j])) j++;
      if (j >= n) return -1;
      const q = buf[j];
      if (q !== DQ && q !== SQ) throw new Unsupported("attribut");
      const vs = ++j;
      let isAscii = true;
      let refs = false;
      for (;;) {
        if (j >= n) return -1;
        const c = buf[j];
        if (c === q) break;
        if (c < 0x20 || c === LT) throw new Unsupported("valeur d'attribut");
        if (c === AMP) refs = true;
        else if (c >= 0x80) {
          isAscii = false;
          if (c === 0xef) {
            if (j + 2 >= n) return -1;
            if (buf[j + 1] === 0xbf && (buf[j + 2] === 0xbe || buf[j + 2] === 0xbf)) throw new Unsupported("caractère");
          }
        }
        j++;
      }
      let value = isAscii ? ascii(buf, vs, j) : utf8(buf, vs, j);
      if (refs) {
        // References re-read on the bytes (all complete: the closing quote was found).
        let out = "";
        let k = vs;
        let from = vs;
        while (k < j) {
          if (buf[k] === AMP) {
            const r = reference(buf.subarray(0, j), k);
            if (!r) throw new Unsupported("référence");
            out += utf8(buf, from, k) + r.text;
            k = from = r.end;
          } else k++;
        }
        value = out + utf8(buf, from, j);
      }
      // (an attribute named as a property of Object.prototype is left to saxes as well)
      if (attributes[aname] !== undefined) throw new Unsupported("attribut en double");
      attributes[aname] = value;
      j++;
      if (j >= n) return -1;
    }
  };

  const scan = (buf: Buffer): number => {
    const n = buf.length;
    let i = 0;
    if (!bomChecked) {
      if (n < 3) return 0;
      bomChecked = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 3;
      if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) throw new Unsupported("UTF-16");
    }
    while (i < n) {
      // Character data up to the next tag.
      let s = i;
      let cont = 0;
      while (i < n) {
        const b = buf[i];
        if (b >= 0x20 && b < 0x80) {
          if (b === LT) break;
          if (b === AMP) {
            const r = reference(buf, i);
            if (!r) break;
            if (i > s) onText(latin1OrUtf8(buf, s, i, cont));
            start = false;
            onText(r.text);
            textRun += r.end - i;
            i = s = r.end;
            cont = 0;
            continue;
          }
          if (b === GT) throw new Unsupported("« > » dans le texte");
          i++;
        } else if (b >= 0x80) {
          // A multi-byte character (valid UTF-8, checked on the chunk): whole in this buffer, not U+FFFE/U+FFFF.
          const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (i + len > n) break;
          if (b === 0xef && buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) throw new Unsupported("caractère");
          cont += len - 1;
          i += len;
        } else if (b === 0x0a || b === 0x09) i++;
        else if (b === 0x0d) {
          // Line ends normalised as XML does: CR LF and CR alone are LF.
          if (i + 1 >= n) break;
          if (i > s) onText(latin1OrUtf8(buf, s, i, cont));
          start = false;
          onText("\n");
          i += buf[i + 1] === 0x0a ? 2 : 1;
          s = i;
          cont = 0;
        } else throw new Unsupported("caractère de contrôle");
      }
      if (i > s) {
        start = false;
        onText(latin1OrUtf8(buf, s, i, cont));
        textRun += i - s - cont;
        if (textRun > MAX_TEXT_CHARS) throw textTooLong(part);
      }
      if (i >= n) return n;
      if (buf[i] !== LT) return i; // an incomplete character or reference: wait for more
      const end = tag(buf, i);
      if (end < 0) {
        if (n - i > MAX_TAG_BYTES) throw new Unsupported("balise démesurée");
        return i;
      }
      start = false;
      textRun = 0;
      i = end;
    }
    return n;
  };

  await zip.read(part, (chunk) => {
    // UTF-8 validity, natively, up to the last complete character.
    const whole = utf8Carry ? Buffer.concat([utf8Carry, chunk]) : chunk;
    const complete = completeUtf8Length(whole);
    if (!isUtf8(whole.subarray(0, complete))) throw new Unsupported("UTF-8 invalide");
    utf8Carry = complete < whole.length ? Buffer.from(whole.subarray(complete)) : null;

    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const done = scan(buf);
    carry = done < buf.length ? buf.subarray(done) : null;
  });
  if (utf8Carry || carry || phase !== 2) throw new Unsupported("fin de la partie");
}

function latin1OrUtf8(buf: Buffer, s: number, e: number, cont: number): string {
  return cont === 0 ? ascii(buf, s, e) : utf8(buf, s, e);
}

/** Length of `chunk` without an incomplete UTF-8 sequence at its end. */
export function completeUtf8Length(chunk: Buffer): number {
  const n = chunk.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = chunk[n - back];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > back ? n - back : n;
    }
  }
  return n;
}
