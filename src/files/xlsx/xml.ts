/**
 * Streaming XML over one zip entry, on saxes: well-formedness is checked to the end of the part (a
 * part cut short is an error), bytes are decoded strictly (UTF-8, or UTF-16 with a byte-order mark).
 */
import { TextDecoder } from "util";
import { SaxesParser, SaxesTagPlain } from "saxes";
import type { ZipReader } from "./zip";

/** A part that is not well-formed XML (or not valid in its encoding). */
export class XmlError extends Error {
  constructor(
    readonly part: string,
    message: string,
    /** The part (or a part it names) is missing, rather than malformed. */
    readonly missing = false,
    /** The part is well-formed so far but beyond what a workbook holds (text of millions of characters). */
    readonly limit = false,
  ) {
    super(message);
    this.name = "XmlError";
  }
}

/**
 * Characters a part may hold between two consecutive tags (a text node, or spaces): a cell holds at
 * most 32,767 characters, so this is only reached by a hostile file (whitespace that inflates to
 * gigabytes would otherwise be gathered into one string until memory runs out).
 */
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;

export function textTooLong(part: string): XmlError {
  return new XmlError(part, `contient un texte de plus de ${MAX_TEXT_CHARS / 1024 / 1024} millions de caractères entre deux balises (une cellule en contient au plus 32 767)`, false, true);
}

export interface XmlHandlers {
  /** An element opens: its local name (prefix removed) and attributes (names as written). */
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  /** Character data (entities decoded); only called while `wantText()` says so. */
  text?(text: string): void;
}

/** The local name of a qualified XML name: `x:row` → `row`. */
export function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name (`r:id`, `ns2:id` and `id` are all `id`), or undefined. */
export function attribute(attributes: Record<string, string>, local: string): string | undefined {
  const direct = attributes[local];
  if (direct !== undefined) return direct;
  for (const k in attributes) if (localName(k) === local) return attributes[k];
  return undefined;
}

/** Parses one part of the archive as XML, calling the handlers as it streams. */
export async function parsePart(zip: ZipReader, part: string, h: XmlHandlers): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; fileName: string; position: boolean }>({ xmlns: false, fileName: part, position: true });
  // Characters written since the parser last reported something: saxes gathers text (and spaces)
  // until the next tag, so this bounds the string it builds.
  let pending = 0;
  parser.on("opentag", (tag: SaxesTagPlain) => {
    pending = 0;
    h.open(localName(tag.name), tag.attributes);
  });
  parser.on("closetag", (tag: SaxesTagPlain) => {
    pending = 0;
    h.close(localName(tag.name));
  });
  const onText = h.text;
  const text = (t: string) => {
    pending = 0;
    if (onText) onText(t);
  };
  parser.on("text", text);
  parser.on("cdata", text);
  for (const other of ["comment", "processinginstruction", "doctype", "xmldecl"] as const) parser.on(other, () => void (pending = 0));
  let decoder: TextDecoder | null = null;
  const write = (s: string) => {
    try {
      parser.write(s);
    } catch (e) {
      throw e instanceof XmlError ? e : wrapXml(part, e);
    }
    pending += s.length;
    if (pending > MAX_TEXT_CHARS) throw textTooLong(part);
  };
  await zip.read(part, (chunk) => {
    if (!decoder) {
      // The encoding from the byte-order mark; UTF-8 otherwise (what every producer writes).
      const label = chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe ? "utf-16le" : chunk.length >= 2 && chunk[0] === 0xfe && chunk[1] === 0xff ? "utf-16be" : "utf-8";
      decoder = new TextDecoder(label, { fatal: true });
    }
    let s: string;
    try {
      s = decoder.decode(chunk, { stream: true });
    } catch {
      throw new XmlError(part, "octets invalides pour l'encodage du XML");
    }
    if (s) write(s);
  });
  try {
    const rest = decoder ? (decoder as TextDecoder).decode() : "";
    if (rest) write(rest);
  } catch (e) {
    throw e instanceof XmlError ? e : new XmlError(part, "octets invalides pour l'encodage du XML");
  }
  try {
    parser.close();
  } catch (e) {
    throw wrapXml(part, e);
  }
}

function wrapXml(part: string, e: unknown): Error {
  // saxes throws plain Errors; the handlers' own errors (XmlError, a program error) pass through.
  if (e instanceof Error && e.constructor !== Error) return e;
  return new XmlError(part, e instanceof Error ? e.message : String(e));
}
