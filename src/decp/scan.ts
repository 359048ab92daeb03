/**
 * The records of a DECP JSON file, one at a time, from its bytes: the file is never parsed whole
 * (a consolidated file of a region weighs hundreds of megabytes, more than one JavaScript string
 * holds; parsed whole, it takes several times its size in memory). The structure around the records
 * is scanned byte by byte; each record is parsed alone, so that a record that is not valid JSON
 * (a `NaN` written by a careless export) is reported and the others are read.
 */

/** A file whose structure is not JSON: where and what. */
export class DecpSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly what: string,
  ) {
    super(`${what} (octet ${position})`);
    this.name = "DecpSyntaxError";
  }
}

/** Receives each record: its list (`marches.marche`), whether the list is of concessions, its place, and the record (or why it is unreadable). */
export type RecordCallback = (list: string, concessionList: boolean, index: number, record: unknown, error?: string) => void;

/** The lists of concessions, under `marches` or at the top. */
const CONCESSION_LISTS = new Set(["contrat-concession", "contrats-concession"]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Scans a DECP document ({"marches": {"marche": [...], "contrat-concession": [...]}}, the 2019
 * layout {"marches": [...]}, a single record instead of a list): `text(start, end)` decodes a
 * range of the bytes. Returns false when the document has no `marches` (not a DECP file); throws
 * DecpSyntaxError when its structure is not JSON.
 */
export function scanDecp(b: Uint8Array, text: (start: number, end: number) => string, each: RecordCallback): boolean {
  const n = b.length;
  let i = 0;
  const fail = (what: string): never => {
    throw new DecpSyntaxError(i, what);
  };
  const ws = () => {
    while (i < n && isSpace(b[i])) i++;
  };
  const skipString = () => {
    i++;
    while (i < n) {
      const c = b[i];
      if (c === BACKSLASH) i += 2;
      else if (c === QUOTE) {
        i++;
        return;
      } else i++;
    }
    fail("chaîne de caractères non terminée");
  };
  const skipValue = () => {
    ws();
    const c = b[i];
    if (c === QUOTE) return skipString();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      while (i < n) {
        const d = b[i];
        if (d === QUOTE) {
          skipString();
          continue;
        }
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      fail("objet ou liste non terminé");
    }
    const start = i;
    while (i < n && b[i] !== COMMA && b[i] !== CLOSE_BRACE && b[i] !== CLOSE_BRACKET && !isSpace(b[i])) i++;
    if (i === start) fail("valeur attendue");
  };
  const key = (): string => {
    ws();
    if (b[i] !== QUOTE) fail("nom de champ attendu");
    const start = i;
    skipString();
    return JSON.parse(text(start, i)) as string;
  };
  /** The members of the object at i, each given to `member` with i at its value (which it must pass). */
  const members = (member: (k: string) => void) => {
    i++;
    ws();
    if (b[i] === CLOSE_BRACE) {
      i++;
      return;
    }
    for (;;) {
      const k = key();
      ws();
      if (b[i] !== COLON) fail("« : » attendu");
      i++;
      ws();
      member(k);
      ws();
      if (b[i] === COMMA) {
        i++;
        continue;
      }
      if (b[i] === CLOSE_BRACE) {
        i++;
        return;
      }
      fail("« , » ou « } » attendu");
    }
  };
  const parse = (list: string, concession: boolean, index: number, start: number) => {
    let value: unknown;
    try {
      value = JSON.parse(text(start, i));
    } catch (e) {
      each(list, concession, index, undefined, e instanceof Error ? e.message : String(e));
      return;
    }
    each(list, concession, index, value);
  };
  /** A list of records (or one record, or null). */
  const records = (list: string, concession: boolean) => {
    ws();
    if (b[i] === OPEN_BRACKET) {
      i++;
      ws();
      if (b[i] === CLOSE_BRACKET) {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        ws();
        const start = i;
        skipValue();
        parse(list, concession, index, start);
        ws();
        if (b[i] === COMMA) {
          i++;
          continue;
        }
        if (b[i] === CLOSE_BRACKET) {
          i++;
          return;
        }
        fail("« , » ou « ] » attendu");
      }
    }
    const start = i;
    skipValue();
    if (b[start] === OPEN_BRACE) parse(list, concession, 0, start);
  };

  // A byte-order mark is not JSON.
  if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  ws();
  if (b[i] !== OPEN_BRACE) return false;
  let found = false;
  members((k) => {
    if (k === "marches") {
      found = true;
      if (b[i] === OPEN_BRACKET) records("marches", false);
      else if (b[i] === OPEN_BRACE)
        members((k2) => {
          if (k2 === "marche") records("marches.marche", false);
          else if (CONCESSION_LISTS.has(k2)) records(`marches.${k2}`, true);
          else skipValue();
        });
      else skipValue();
    } else if (CONCESSION_LISTS.has(k)) {
      found = true;
      records(k, true);
    } else skipValue();
  });
  ws();
  if (i < n) fail("texte après la fin du document");
  return found;
}
