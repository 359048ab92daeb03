/**
 * The register's own columns (SPEC §8.1): a header of the register that is none of §2.1's columns
 * (« Titulaire du territoire », « Produits bio (%) ») may be named in an expression of the
 * `Référentiel` sheet by its header text. Its kind — oui/non, nombre, pourcentage, date or texte —
 * is inferred from its cells (the kind most of its non-blank cells read as); the other non-blank
 * cells are bad cells of that column, reported as warnings at their cell, and unknown for their
 * contract.
 *
 * Memory: the reader keeps the raw cells of the register's unknown columns, column by column, while
 * it streams the register (the `Référentiel` sheet is read at the end of the workbook). Only the
 * columns an expression names are inferred and parsed, once, into an array of values by contract,
 * found from a contract by its sheet and row (RowIndex). Contracts are never given a field more: a
 * field added to objects of seventy-odd fields gives each its own hidden class (measured: +1.8 kB a
 * contract and a computation 2.5 × slower). The raw cells of the other columns are let go when the
 * workbook is read.
 */
import { normalizeHeader, type ColumnDef, type ValueType } from "./columns";
import type { IssueLog } from "./issues";
import type { Cell, Contract } from "./types";
import { cellErrorMessage, cellErrorText, cellText, compact, fold, isBlank, parseDate, parseNumber, parsePercent, parseYesNo, type Parsed } from "./values";

/** What an own column holds, inferred from its cells. */
export type OwnKind = "yesno" | "number" | "percent" | "date" | "text";

/** The kinds in the user's words (messages, methodology). */
export const OWN_KIND_WORDS: Record<OwnKind, string> = {
  yesno: "oui/non",
  number: "nombre",
  percent: "pourcentage",
  date: "date",
  text: "texte",
};

/**
 * Prefix of the contract field and column key of an own column: `own:` + its header as written. No
 * field of a contract and no key of §2.1 starts with it, whatever the header.
 */
export const OWN_PREFIX = "own:";

export const isOwnKey = (key: string): boolean => key.startsWith(OWN_PREFIX);

/** The header of an own column from its key. */
export const ownHeader = (key: string): string => key.slice(OWN_PREFIX.length);

/**
 * Unknown columns whose cells are kept while the register is read, when the `Référentiel` sheet
 * comes after it in the workbook (before it, only the columns it may name are kept): a wide export
 * of hundreds of columns costs no more than this many.
 */
export const MAX_KEPT_COLUMNS = 32;

/** One own column, once an expression has named it. */
export interface OwnColumn {
  /** OWN_PREFIX + header: the contract field holding its values. */
  key: string;
  /** The header as the register writes it (its first sheet). */
  header: string;
  /** Null when every cell is blank: nothing to infer a kind from. */
  kind: OwnKind | null;
  /** Non-blank cells, and those of them that are bad cells. */
  filled: number;
  bad: number;
  /** As the expression parser reads a column. */
  def: ColumnDef;
  /** The contract's value: null when blank, bad, or the contract has no cell in the column. */
  get(c: Contract): unknown;
}

/**
 * A contract's index in the register's list from its sheet and row (a copy of a contract, such as a
 * consultation's summary of its lots, finds the contract it copies): one table of row offsets per
 * register sheet, 4 bytes a row.
 */
class RowIndex {
  private readonly tables = new Map<string, { base: number; idx: Int32Array }>();
  private readonly first: { sheet: string; base: number; idx: Int32Array } | null;

  constructor(contracts: readonly Contract[]) {
    const span = new Map<string, { min: number; max: number }>();
    for (const c of contracts) {
      const s = span.get(c.sheet);
      if (!s) span.set(c.sheet, { min: c.row, max: c.row });
      else {
        if (c.row < s.min) s.min = c.row;
        if (c.row > s.max) s.max = c.row;
      }
    }
    for (const [sheet, s] of span) this.tables.set(sheet, { base: s.min, idx: new Int32Array(s.max - s.min + 1).fill(-1) });
    for (let i = 0; i < contracts.length; i++) {
      const t = this.tables.get(contracts[i].sheet) as { base: number; idx: Int32Array };
      t.idx[contracts[i].row - t.base] = i;
    }
    const [sheet, t] = this.tables.size === 1 ? [...this.tables][0] : [null, null];
    this.first = sheet !== null && t ? { sheet, ...t } : null;
  }

  /** The index of the contract read from this sheet and row, or -1. */
  of(c: Contract): number {
    const f = this.first;
    const t = f !== null && f.sheet === c.sheet ? f : this.tables.get(c.sheet);
    if (t === undefined) return -1;
    const k = c.row - t.base;
    return k >= 0 && k < t.idx.length ? t.idx[k] : -1;
  }
}

/**
 * A field of a contract by key: a column of §2.1, or an own column (key OWN_PREFIX + header) of the
 * register `own` (unknown, null, when there is none).
 */
export function fieldOf(c: Contract, key: string, own: OwnColumns | null | undefined): unknown {
  if (!isOwnKey(key)) return (c as unknown as Record<string, unknown>)[key];
  const col = own?.get(key);
  return col ? col.get(c) : null;
}

/** What the expression parser and the engine ask of a register's own columns. */
export interface OwnColumns {
  /** The own column a name designates (compared after the header normalisation), read on first use. */
  byName(raw: string): OwnColumn | undefined;
  /** Compact forms of the headers as written (`Produits bio (%)` → produitsbio), for names with a parenthesised unit. */
  readonly fullForms: ReadonlySet<string>;
  /** Why a header of the register cannot be read (not kept), or null. */
  notKept(raw: string): string | null;
  /** The own columns named so far, in the order named. */
  named(): OwnColumn[];
  /** Every header of the register that is no column of §2.1, as written (for suggestions). */
  headers(): string[];
  /** By key. */
  get(key: string): OwnColumn | undefined;
}

interface SheetColumn {
  sheet: string;
  /** Column index in the sheet (0-based, origin included), for cell addresses. */
  col: number;
  header: string;
}

interface RawColumn {
  header: string;
  norm: string;
  /** Where the column sits in each register sheet that has it. */
  sheets: SheetColumn[];
  /** Raw cells by contract index (holes: blank); null once let go. */
  cells: Cell[] | null;
  /** Not kept (beyond MAX_KEPT_COLUMNS): why, for the message at the Référentiel cell. */
  dropped: boolean;
  column: OwnColumn | null;
}

/**
 * The unknown columns of a register being read: raw cells kept column by column, inferred and
 * parsed when first named. Created by the workbook reader (src/register/read.ts).
 */
export class OwnColumnStore implements OwnColumns {
  private readonly byNorm = new Map<string, RawColumn>();
  private readonly order: OwnColumn[] = [];
  private readonly forms = new Set<string>();
  private kept = 0;
  private sealed = false;
  private rows: RowIndex | null = null;
  /** Contracts and log of the read, given once every register row is read (see `ready`). */
  private contracts: readonly Contract[] | null = null;
  private log: IssueLog | null = null;
  private present: Set<string> | null = null;

  constructor(
    /** False: keep nothing (a file with one sheet has no `Référentiel`). */
    private readonly enabled: boolean,
  ) {}

  get fullForms(): ReadonlySet<string> {
    return this.forms;
  }

  /**
   * The unknown columns of one register sheet to capture (column index in the grid → store), given
   * its unknown headers; `mayName`: a filter on normalised headers when the `Référentiel` is known
   * already (a header it cannot name is not kept).
   */
  columnsOf(sheet: string, originCol: number, headers: readonly string[], used: ReadonlySet<number>, mayName: ((norm: string) => boolean) | null): { col: number; raw: RawColumn }[] {
    const out: { col: number; raw: RawColumn }[] = [];
    const seen = new Set<string>();
    headers.forEach((text, col) => {
      if (!text || used.has(col)) return;
      const norm = normalizeHeader(text);
      if (!norm || seen.has(norm)) return;
      seen.add(norm);
      let raw = this.byNorm.get(norm);
      if (!raw) {
        // Beyond MAX_KEPT_COLUMNS nothing is kept (and the filter is not asked: a hostile sheet of
        // thousands of columns costs no more).
        const full = this.kept >= MAX_KEPT_COLUMNS;
        const keep = this.enabled && !full && (mayName === null || mayName(norm));
        if (keep) this.kept++;
        raw = { header: text, norm, sheets: [], cells: keep ? [] : null, dropped: this.enabled && full, column: null };
        this.byNorm.set(norm, raw);
        this.forms.add(compact(text));
      }
      raw.sheets.push({ sheet, col: originCol + col, header: text });
      if (raw.cells) out.push({ col, raw });
    });
    return out;
  }

  /** Every register row is read: columns may now be named (inferred and parsed into the contracts). */
  ready(contracts: readonly Contract[], log: IssueLog, present: Set<string>): void {
    this.contracts = contracts;
    this.log = log;
    this.present = present;
  }

  /** The workbook is read: the raw cells of the columns not named are let go. */
  seal(): void {
    this.sealed = true;
    for (const raw of this.byNorm.values()) raw.cells = null;
  }

  byName(name: string): OwnColumn | undefined {
    const raw = this.byNorm.get(normalizeHeader(name));
    if (!raw) return undefined;
    if (raw.column) return raw.column;
    if (!raw.cells || this.sealed || !this.contracts || !this.log || !this.present) return undefined;
    if (!this.rows) this.rows = new RowIndex(this.contracts);
    raw.column = materialize(raw, raw.cells, this.contracts, this.log, this.rows);
    raw.cells = null;
    this.present.add(raw.column.key);
    this.order.push(raw.column);
    return raw.column;
  }

  notKept(name: string): string | null {
    const raw = this.byNorm.get(normalizeHeader(name));
    if (!raw || raw.column || raw.cells) return null;
    if (raw.dropped)
      return `la colonne « ${raw.header} » du registre n'est pas lue : le registre compte plus de ${MAX_KEPT_COLUMNS} colonnes non reconnues et la feuille du référentiel vient après lui ; placez la feuille « Référentiel » avant le registre dans le classeur`;
    return null;
  }

  named(): OwnColumn[] {
    return this.order.slice();
  }

  headers(): string[] {
    return [...this.byNorm.values()].map((r) => r.header);
  }

  get(key: string): OwnColumn | undefined {
    for (const c of this.order) if (c.key === key) return c;
    return undefined;
  }

  /** Normalised headers of the columns named (not reported as unknown columns). */
  namedNorms(): string[] {
    return [...this.byNorm.values()].filter((r) => r.column).map((r) => r.norm);
  }
}

// ------------------------------------------------------------------ inference

/** Excel serials of 01/01/2000 and 31/12/2100: a number in a date column (Office.js gives dates so). */
const SERIAL_MIN = 36526;
const SERIAL_MAX = 73415;

/** A header that says its column holds dates (« Date de réception », « Échéance »). */
function saysDate(header: string): boolean {
  const f = fold(header);
  return /(^|[^a-z])(date|echeance)([^a-z]|$)/.test(f) && !/(^|[^a-z])(nombre|nb|montant)([^a-z]|$)/.test(f);
}

/** A header that says its column holds percentages (`Produits bio (%)`, « Part … en % »). */
function saysPercent(header: string): boolean {
  return /%|\bpourcentage\b/.test(fold(header));
}

/** The class of one non-blank cell; `01`: 0 or 1, a yes/no answer or a number. */
type CellClass = "yesno" | "number" | "percent" | "date" | "text" | "01";

const YES_NO_WORDS = new Set(["oui", "o", "yes", "y", "x", "✓", "✔", "vrai", "true", "non", "n", "no", "faux", "false"]);
const DATE_TEXT = /^(\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})/;

function classify(v: Cell, dates: boolean): CellClass {
  if (typeof v === "boolean") return "yesno";
  if (v instanceof Date) return "date";
  if (typeof v === "number") {
    if (v === 0 || v === 1) return "01";
    if (dates && v >= SERIAL_MIN && v <= SERIAL_MAX) return "date";
    return "number";
  }
  if (typeof v !== "string") return "text";
  const s = v.trim();
  const f = fold(s).replace(/[.!]$/, "");
  if (f === "0" || f === "1") return "01";
  if (YES_NO_WORDS.has(f)) return "yesno";
  if (s.endsWith("%") && parsePercent(s).ok) return "percent";
  if (DATE_TEXT.test(s) && parseDate(s).ok) return "date";
  if (parseNumber(s).ok) return "number";
  return "text";
}

/** The kind most non-blank cells read as (ties: oui/non, then number, date, text). */
export function inferKind(cells: readonly Cell[], header: string): OwnKind | null {
  const dates = saysDate(header);
  let yes = 0;
  let num = 0;
  let pct = 0;
  let date = 0;
  let text = 0;
  let amb = 0;
  // A column repeats its words: each text classified once.
  const known = new Map<string, CellClass>();
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (isBlank(v) || cellErrorText(v)) continue;
    let k: CellClass;
    if (typeof v === "string") {
      const hit = known.get(v);
      if (hit === undefined) {
        k = classify(v, dates);
        if (known.size < 10_000) known.set(v, k);
      } else k = hit;
    } else k = classify(v, dates);
    switch (k) {
      case "yesno":
        yes++;
        break;
      case "number":
        num++;
        break;
      case "percent":
        pct++;
        break;
      case "date":
        date++;
        break;
      case "text":
        text++;
        break;
      case "01":
        amb++;
        break;
    }
  }
  if (yes + num + pct + date + text + amb === 0) return null;
  const scores: [OwnKind, number][] = [
    ["yesno", yes + amb],
    ["number", num + pct + amb],
    ["date", date],
    ["text", text],
  ];
  let best = scores[0];
  for (const s of scores) if (s[1] > best[1]) best = s;
  if (best[0] === "number" && (pct > 0 || saysPercent(header))) return "percent";
  return best[0];
}

function parseText(v: Cell): Parsed<string> {
  return { ok: true, value: cellText(v) };
}

const PARSERS: Record<OwnKind, (v: Cell) => Parsed<unknown>> = {
  yesno: parseYesNo,
  number: parseNumber,
  percent: parsePercent,
  date: parseDate,
  text: parseText,
};

/** How a column of each kind is read, in messages. */
const READ_AS: Record<OwnKind, string> = { yesno: "une colonne oui/non", number: "une colonne de nombres", percent: "une colonne de pourcentages", date: "une colonne de dates", text: "du texte" };

const VALUE_TYPES: Record<OwnKind, ValueType> = { yesno: "yesno", number: "number", percent: "percent", date: "date", text: "text" };

/** Infers the kind of a column, parses its cells into every contract (null: blank or bad), reports its bad cells. */
function materialize(raw: RawColumn, cells: Cell[], contracts: readonly Contract[], log: IssueLog, rows: RowIndex): OwnColumn {
  const key = OWN_PREFIX + raw.header;
  const kind = inferKind(cells, raw.header);
  const where = new Map(raw.sheets.map((s) => [s.sheet, s]));
  const parse = kind ? memo(PARSERS[kind]) : null;
  const readAs = kind ? READ_AS[kind] : "";
  let filled = 0;
  let bad = 0;
  const values: unknown[] = new Array<unknown>(contracts.length).fill(null);
  for (let i = 0; i < contracts.length; i++) {
    const v = cells[i];
    let value: unknown = null;
    if (!isBlank(v) && parse) {
      filled++;
      const at = where.get(contracts[i].sheet);
      const report = (message: string) => {
        bad++;
        log.add("warning", contracts[i].sheet, contracts[i].row, at?.header ?? raw.header, at ? at.col : null, message);
      };
      const err = cellErrorText(v);
      if (err) report(cellErrorMessage(err, `« ${raw.header} » inconnu pour ce marché`));
      else {
        const r = parse(v);
        if (r.ok) {
          value = r.value;
          if (r.warning !== undefined) log.add("warning", contracts[i].sheet, contracts[i].row, at?.header ?? raw.header, at ? at.col : null, r.warning);
        } else report(`${r.message} ; la colonne « ${raw.header} » est lue comme ${readAs} (la plupart de ses cellules) : valeur inconnue pour ce marché`);
      }
    }
    values[i] = value;
  }
  return {
    key,
    header: raw.header,
    kind,
    filled,
    bad,
    def: { key, header: raw.header, aliases: [raw.header], type: kind ? VALUE_TYPES[kind] : "text", blank: "unknown" },
    get: (c) => {
      const i = rows.of(c);
      return i < 0 ? null : values[i];
    },
  };
}

/** A parser memoised over string and number cells (a column repeats its words, dates their days). */
function memo<T>(parse: (v: Cell) => Parsed<T>): (v: Cell) => Parsed<T> {
  const texts = new Map<string, Parsed<T>>();
  const numbers = new Map<number, Parsed<T>>();
  return (v) => {
    if (typeof v === "string") {
      let r = texts.get(v);
      if (r === undefined) {
        r = parse(v);
        if (texts.size < 10_000) texts.set(v, r);
      }
      return r;
    }
    if (typeof v === "number") {
      let r = numbers.get(v);
      if (r === undefined) {
        r = parse(v);
        if (numbers.size < 10_000) numbers.set(v, r);
      }
      return r;
    }
    return parse(v);
  };
}

/**
 * A filter on normalised headers from the `Référentiel` texts already read (Population, Condition,
 * Valeur): a header whose compact form appears in none of them cannot be named there. Generous (a
 * substring test), so that a column named is never missed.
 */
export function headerFilter(texts: readonly string[]): (norm: string) => boolean {
  const hay = texts.map((t) => compact(t)).join("|");
  return (norm) => hay.includes(norm);
}

/**
 * The own column named by a `Valeur` cell (`Part locale`, `[Produits bio (%)]`), or why it cannot
 * be read, or null when the name is no header of the register.
 */
export function valueColumn(name: string, own: OwnColumns): OwnColumn | string | null {
  const raw = name.trim().replace(/^\[|\]$/g, "").trim();
  const o = own.byName(raw);
  if (!o) return own.notKept(raw);
  if (o.kind === null) return `la colonne « ${o.header} » du registre est vide : son type (nombre, pourcentage…) se déduit de ses cellules remplies`;
  return o;
}
