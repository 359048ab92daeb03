/**
 * The expression language of the `Référentiel` sheet (docs/methodologie.md): populations and conditions written
 * by a buyer, e.g. `[Montant HT] > 90 000 ET NON formalisée`, parsed once into a small tree (Expr)
 * that src/indicators/predicate.ts compiles into a three-valued predicate.
 *
 *   expr   := term { "OU" term }
 *   term   := factor { "ET" factor }
 *   factor := "NON" factor | "(" expr ")" | atom
 *   atom   := column | column op value | "ciblé(" N ")" | "formalisée"
 *           | "considération environnementale" | "considération sociale"
 *           | "considération sociale hors insertion"   -- the tool's own (T4 without insertion)
 *   op     := = ≠ <> < <= > >=          (also accepted: != ≤ ≥)
 *   value  := number (§2.6) | "text" | date JJ/MM/AAAA | a parameter of `Paramètres`
 *
 * Keywords and column names are compared after the header normalisation of §2 (case, accents,
 * spaces, punctuation and a trailing unit do not matter). A column is any header or alias of the
 * register (REGISTER_COLUMNS), bare — several words, matched whole against the alias index — or in
 * brackets: `[Montant HT]`. Types are checked here, so that a compiled expression never meets a
 * value it cannot compare.
 *
 * With the register at hand (`own`), a name that is no column of §2.1 may be a header of the
 * register (SPEC §8.1): an own column, of the kind inferred from its cells (src/register/own-columns.ts),
 * whose key is OWN_PREFIX + its header.
 *
 * Beyond the grammar of §8, a value may name a numeric parameter of `Paramètres`, bare or in
 * brackets (`[Montant HT] > [Seuil clause d'insertion]`): the comparison then follows the workbook's
 * parameters, as the built-in indicators do. `Marché réservé` also compares with a reservation type
 * (`= "ESAT"`), and a bare `Actions ciblées` is true when the contract targets at least one action.
 *
 * Empty text: `parseExpression` answers `{ ok: false, empty: true }` (message « expression vide »);
 * the caller decides (an empty Population means all of C, an empty Condition of a `taux` is an error).
 */
import { normalizeHeader, REGISTER_COLUMN_BY_KEY, REGISTER_COLUMNS, REGISTER_INDEX, type ColumnDef } from "./columns";
import { isOwnKey, ownHeader, type OwnColumns } from "./own-columns";
import { DEFAULT_PARAMETERS, PARAMETER_ROWS, parameterValue } from "./parameters";
import type { DateValue, Nature, ProcedureKind } from "./types";
import { compact, fold, formatDate, isFormalisee, parseDate, parseNature, parseNumber, parsePercent, parseProcedure, parseReserve, parseYesNo } from "./values";

// ------------------------------------------------------------------ the tree

/** Comparison operators, canonical (`<>` and `!=` are read as ≠, `≤` as <=, `≥` as >=). */
export type CompareOp = "=" | "≠" | "<" | "<=" | ">" | ">=";

export type ProcedureClass = "formalisée" | "adaptée" | "sans mise en concurrence";
/**
 * The derived predicates of docs/methodologie.md; « sociale hors insertion » (reserve, clause sociale, critère
 * social, commerce équitable) is the tool's own, for T4 when « T4 inclut l'insertion » = non.
 */
export type Consideration = "environnementale" | "sociale" | "sociale hors insertion";
export type ReservationType = "ESS" | "SIAE" | "EA" | "ESAT";

/** A value compared with a column; its kind follows the column's type (checked when parsing). */
export type Value =
  /** number and integer columns */
  | { kind: "number"; value: number }
  /** percent columns, as a fraction (30 % → 0.3) */
  | { kind: "percent"; value: number }
  | { kind: "date"; value: DateValue }
  /** text columns, as typed (compared case- and accent-free) */
  | { kind: "text"; value: string }
  /** yes/no columns (and `Marché réservé`): « oui » / « non » */
  | { kind: "yesno"; value: boolean }
  /** `Marché réservé` = one reservation type */
  | { kind: "reservation"; value: ReservationType }
  /** `Procédure`: the class of the procedure (docs/methodologie.md) */
  | { kind: "procedureClass"; value: ProcedureClass }
  /** `Nature`: one of the four canonical natures */
  | { kind: "nature"; value: Nature }
  /** a numeric parameter of `Paramètres` (key of PARAMETER_ROWS), read when compiling */
  | { kind: "parameter"; key: string };

export type Expr =
  | { kind: "or"; items: Expr[] }
  | { kind: "and"; items: Expr[] }
  | { kind: "not"; item: Expr }
  /** a bare yes/no column (true when oui); `actionsCiblees`: at least one action targeted */
  | { kind: "column"; key: string }
  | { kind: "compare"; key: string; op: CompareOp; value: Value }
  /** ciblé(N): actionsCiblees holds N */
  | { kind: "targeted"; action: number }
  /** formalisée: formalisee(c), docs/methodologie.md */
  | { kind: "formalisee" }
  /** considération environnementale / sociale: the predicates of docs/methodologie.md */
  | { kind: "consideration"; which: Consideration };

export type ParseResult =
  | {
      ok: true;
      expr: Expr;
      /** Register column keys the expression reads (each must be present, docs/methodologie.md). */
      columns: string[];
      /** Derived predicates used: they read those of their columns that are present. */
      considerations: Consideration[];
    }
  | {
      ok: false;
      /** French, starting with « caractère N : » (N counted from 1). */
      message: string;
      /** 0-based index of the character the message is about. */
      position: number;
      /** Set when the text is empty or blank (no error in itself: the caller decides). */
      empty?: true;
    };

// ------------------------------------------------------------------ tokens

type Tok =
  | { t: "word"; text: string; f: string; start: number; end: number }
  | { t: "lparen" | "rparen" | "end"; start: number; end: number }
  | { t: "op"; op: CompareOp; text: string; start: number; end: number }
  | { t: "bracket"; text: string; start: number; end: number }
  | { t: "string"; text: string; start: number; end: number }
  | { t: "error"; message: string; start: number; end: number };

type WordTok = Extract<Tok, { t: "word" }>;

/**
 * The longest expression read: 32 767 characters, Excel's limit on the text of a cell (« Total
 * number of characters that a cell can contain », Excel specifications and limits). An expression
 * typed in Excel can never be longer, so the cap refuses only a file written by another program; it
 * bounds the work of a hostile file, the parser itself being linear in the length.
 */
export const MAX_EXPRESSION_LENGTH = 32_767;

/**
 * The longest column or parameter name (and bare value) read, as written: 255 characters, Excel's
 * limit on a defined name and on a table column's header; the longest header of the register is
 * 49 characters. Longer runs of words are not names: no lookup looks beyond, so that matching the
 * longest name is bounded whatever the number of words.
 */
export const MAX_NAME_LENGTH = 255;

/**
 * The deepest nesting of parentheses and NON: 64 levels, as Excel's nesting of functions in a
 * formula. Every walk of the tree (compiler, evaluator, printer, methodology) is recursive: the
 * bound keeps it far from the call stack's limit.
 */
export const MAX_EXPRESSION_DEPTH = 64;

/**
 * The deepest tree the parser builds: each level of parentheses adds at most an OU and an ET node,
 * each NON one node; plus the OU, ET and leaf of the top level.
 */
export const MAX_TREE_DEPTH = 2 * MAX_EXPRESSION_DEPTH + 3;

/** A tree deeper than MAX_TREE_DEPTH (not built by the parser) given to a walk of the tree. */
export class ExpressionTooDeepError extends Error {
  constructor(depth: number) {
    super(`expression trop imbriquée (${formatNumber(depth)} niveaux ; ${MAX_TREE_DEPTH} au plus)`);
  }
}

/** The depth of a tree (a leaf is 1), computed without recursion whatever the depth. */
export function expressionDepth(e: Expr): number {
  let max = 0;
  const stack: Expr[] = [e];
  const depths: number[] = [1];
  while (stack.length) {
    const x = stack.pop() as Expr;
    const d = depths.pop() as number;
    if (d > max) max = d;
    if (x.kind === "or" || x.kind === "and") {
      for (const y of x.items) {
        stack.push(y);
        depths.push(d + 1);
      }
    } else if (x.kind === "not") {
      stack.push(x.item);
      depths.push(d + 1);
    }
  }
  return max;
}

/** Throws ExpressionTooDeepError before a recursive walk of a tree too deep for it. */
export function checkDepth(e: Expr): void {
  const d = expressionDepth(e);
  if (d > MAX_TREE_DEPTH) throw new ExpressionTooDeepError(d);
}

/** A user's text in a message: at most 60 characters, cut with « … ». */
function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Whitespace as fold() reads it (\s, no-break and narrow no-break spaces), by character code. */
function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x202f ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
const SPECIAL = new Set(["(", ")", "[", "]", '"', "“", "”", "«", "»", "=", "<", ">", "≠", "≤", "≥"]);
const CLOSING_QUOTE: Record<string, string> = { '"': '"', "“": "”", "«": "»" };

/** Trims the spaces of isSpaceCode at both ends, without a regular expression (no re-scan). */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceCode(s.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Cuts the text into tokens, in one pass: every character is looked at a bounded number of times
 * and texts are cut by slices, so that the time is linear in the length. A lexical error (unclosed
 * quote or bracket, stray `]`) becomes an `error` token, reported when the parser reaches it, so
 * that the first error in reading order wins.
 */
function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (isSpaceCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "(" || ch === ")") {
      toks.push({ t: ch === "(" ? "lparen" : "rparen", start, end: i + 1 });
      i++;
    } else if (ch === "[") {
      const close = text.indexOf("]", i + 1);
      if (close < 0) {
        toks.push({ t: "error", message: "crochet fermant « ] » attendu après le nom de colonne", start, end: n });
        break;
      }
      toks.push({ t: "bracket", text: trimSpaces(text.slice(i + 1, close)), start, end: close + 1 });
      i = close + 1;
    } else if (ch === "]") {
      toks.push({ t: "error", message: "crochet fermant « ] » sans crochet ouvrant « [ »", start, end: i + 1 });
      break;
    } else if (ch === '"' || ch === "“" || ch === "«") {
      const closing = CLOSING_QUOTE[ch];
      // Pieces between doubled quotes ("") are sliced, then joined once.
      const pieces: string[] = [];
      let from = i + 1;
      let j = from;
      let closed = false;
      while (j < n) {
        const k = text.indexOf(closing, j);
        if (k < 0) break;
        if (closing === '"' && text[k + 1] === '"') {
          pieces.push(text.slice(from, k + 1));
          j = from = k + 2;
          continue;
        }
        pieces.push(text.slice(from, k));
        closed = true;
        j = k + 1;
        break;
      }
      if (!closed) {
        toks.push({ t: "error", message: `guillemet fermant ${closing === '"' ? "« \" »" : `« ${closing} »`} attendu à la fin du texte`, start, end: n });
        break;
      }
      const s = pieces.length === 1 ? pieces[0] : pieces.join("");
      toks.push({ t: "string", text: ch === "«" ? trimSpaces(s) : s, start, end: j });
      i = j;
    } else if (ch === "»" || ch === "”") {
      toks.push({ t: "error", message: `guillemet fermant « ${ch} » sans guillemet ouvrant`, start, end: i + 1 });
      break;
    } else if (ch === "<" || ch === ">" || ch === "=" || ch === "≠" || ch === "≤" || ch === "≥" || (ch === "!" && text[i + 1] === "=")) {
      const two = text.slice(i, i + 2);
      let op: CompareOp;
      let len = 1;
      if (two === "<=") [op, len] = ["<=", 2];
      else if (two === ">=") [op, len] = [">=", 2];
      else if (two === "<>" || two === "!=") [op, len] = ["≠", 2];
      else if (ch === "≤") op = "<=";
      else if (ch === "≥") op = ">=";
      else if (ch === "≠") op = "≠";
      else op = ch as "<" | ">" | "=";
      toks.push({ t: "op", op, text: text.slice(i, i + len), start, end: i + len });
      i += len;
    } else {
      let j = i;
      while (j < n && !isSpaceCode(text.charCodeAt(j)) && !SPECIAL.has(text[j]) && !(text[j] === "!" && text[j + 1] === "=")) j++;
      const w = text.slice(i, j);
      toks.push({ t: "word", text: w, f: foldWord(w), start, end: j });
      i = j;
    }
  }
  toks.push({ t: "end", start: n, end: n });
  return toks;
}

/**
 * fold() of a word (no spaces in it): lower case is enough for printable ASCII; a word longer than
 * any name is kept as is (it matches no keyword).
 */
function foldWord(w: string): string {
  if (w.length > MAX_NAME_LENGTH) return w;
  return PRINTABLE_ASCII.test(w) ? w.toLowerCase() : fold(w);
}
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

// ------------------------------------------------------------------ names: columns and parameters

/** Compact forms of every alias as written, parenthesis included (`Durée (mois)` → dureemois). */
const COLUMN_FULL_FORMS = new Set(REGISTER_COLUMNS.flatMap((c) => c.aliases.map(compact)));

/** normalizeHeader() of the names met, by text as written (an expression repeats its names). */
const NORMALIZED = new Map<string, string>();

function normalizedName(raw: string): string {
  let n = NORMALIZED.get(raw);
  if (n === undefined) {
    n = normalizeHeader(raw);
    if (NORMALIZED.size >= 10_000) NORMALIZED.clear();
    NORMALIZED.set(raw, n);
  }
  return n;
}

function columnByName(raw: string): ColumnDef | undefined {
  const hit = REGISTER_INDEX.map.get(normalizedName(raw));
  return hit ? REGISTER_COLUMN_BY_KEY.get(hit.key) : undefined;
}

/** The parameters of `Paramètres` a value may name: amounts, durations, rates, targets, dates. */
interface ParameterDef {
  key: string;
  name: string;
  percent: boolean;
  date: boolean;
}
const NUMERIC_PARAMETERS: ParameterDef[] = PARAMETER_ROWS.filter((p) => {
  const v = parameterValue(DEFAULT_PARAMETERS, p.key);
  return p.key !== "etape" && (typeof v === "number" || p.kind === "date" || p.kind === "optionalPercent");
}).map((p) => ({
  key: p.key,
  name: p.name,
  percent: p.kind === "percent" || p.kind === "optionalPercent",
  date: p.kind === "date",
}));
const PARAMETER_BY_NAME = new Map(NUMERIC_PARAMETERS.map((p) => [normalizeHeader(p.name), p]));
const PARAMETER_BY_KEY = new Map(NUMERIC_PARAMETERS.map((p) => [p.key, p]));
const PARAMETER_FULL_FORMS = new Set(NUMERIC_PARAMETERS.map((p) => compact(p.name)));

function parameterByName(raw: string): ParameterDef | undefined {
  return PARAMETER_BY_NAME.get(normalizedName(raw));
}

/** The name of a parameter as `Paramètres` writes it (for messages and formatting). */
export function parameterName(key: string): string {
  return PARAMETER_BY_KEY.get(key)?.name ?? key;
}

/** The header of a register column as the template writes it; an own column's as the register writes it. */
export function columnHeader(key: string): string {
  if (isOwnKey(key)) return ownHeader(key);
  return REGISTER_COLUMN_BY_KEY.get(key)?.header ?? key;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The register's own header closest to a misspelt name (at most 2 edits), if any. */
function closestHeader(raw: string, headers: readonly string[]): string | null {
  const n = normalizeHeader(raw);
  if (n.length < 4) return null;
  let best: { header: string; d: number } | null = null;
  // The first headers only: a hostile sheet of thousands of columns costs no more.
  for (const h of headers.slice(0, 200)) {
    const m = normalizeHeader(h);
    if (Math.abs(m.length - n.length) > 2) continue;
    const d = levenshtein(n, m);
    if (d <= 2 && (!best || d < best.d)) best = { header: h, d };
  }
  return best ? best.header : null;
}

/** The column whose alias is closest to a misspelt name (at most 2 edits), if any. */
function closestColumn(raw: string): string | null {
  const n = normalizeHeader(raw);
  if (n.length < 4) return null;
  let best: { key: string; d: number } | null = null;
  for (const [alias, { key }] of REGISTER_INDEX.map) {
    if (Math.abs(alias.length - n.length) > 2) continue;
    const d = levenshtein(n, alias);
    if (d <= 2 && (!best || d < best.d)) best = { key, d };
  }
  return best ? columnHeader(best.key) : null;
}

// ------------------------------------------------------------------ column types

export type ColumnKind = "yesno" | "reserve" | "number" | "percent" | "date" | "text" | "procedure" | "nature" | "actions" | "none";

/** How an expression may use a column, from its type (docs/methodologie.md). */
export function kindOf(c: ColumnDef): ColumnKind {
  switch (c.type) {
    case "yesno":
      return "yesno";
    case "reserve":
      return "reserve";
    case "number":
    case "integer":
      return "number";
    case "percent":
      return "percent";
    case "date":
      return "date";
    case "text":
    case "id":
    case "cpv":
      return "text";
    case "procedure":
      return "procedure";
    case "nature":
      return "nature";
    case "actions":
      return "actions";
    default:
      return "none";
  }
}

const ORDERED_KINDS = new Set<ColumnKind>(["number", "percent", "date"]);

const CLASS_WORDS: Record<string, ProcedureClass> = {
  formalisee: "formalisée",
  formalisees: "formalisée",
  procedureformalisee: "formalisée",
  adaptee: "adaptée",
  adaptees: "adaptée",
  sansmiseenconcurrence: "sans mise en concurrence",
  sansconcurrence: "sans mise en concurrence",
};

export function procedureClass(p: ProcedureKind): ProcedureClass {
  return isFormalisee(p) ? "formalisée" : p === "MAPA" ? "adaptée" : "sans mise en concurrence";
}

function procedureClassOf(text: string): ProcedureClass | null {
  const direct = CLASS_WORDS[compact(text)];
  if (direct) return direct;
  const p = parseProcedure(text);
  return p.ok ? procedureClass(p.value) : null;
}

// ------------------------------------------------------------------ the parser

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const CONDITION_HINT = "une colonne oui/non, une comparaison, ciblé(N), formalisée, considération environnementale ou considération sociale";
const OPERATORS_HINT = "=, ≠, <, <=, >, >=";
const VALUE_HINT = "nombre, texte entre guillemets ou date JJ/MM/AAAA attendu";

const isKeyword = (tok: Tok, f: string) => tok.t === "word" && tok.f === f;
const isConnector = (tok: Tok) => tok.t === "word" && (tok.f === "et" || tok.f === "ou");

class Parser {
  private i = 0;
  /** Parentheses and NON open around the factor being read (at most MAX_EXPRESSION_DEPTH). */
  private depth = 0;
  private readonly columns: string[] = [];
  private readonly considerations: Consideration[] = [];

  /** Compact forms of the names with a parenthesised part: §2.1's aliases and the register's own headers. */
  private readonly fullForms: { has(form: string): boolean };

  constructor(
    private readonly text: string,
    private readonly toks: Tok[],
    /** The register's own columns, when an expression is read against a register. */
    private readonly own: OwnColumns | null = null,
  ) {
    const ownForms = own ? own.fullForms : null;
    this.fullForms = ownForms ? { has: (f) => COLUMN_FULL_FORMS.has(f) || ownForms.has(f) } : COLUMN_FULL_FORMS;
  }

  /**
   * The column a name designates: one of §2.1 (present or not), else a header of the register (an
   * own column, read on first use); undefined when neither.
   */
  private columnOf(raw: string, position: number): ColumnDef | undefined {
    const known = columnByName(raw);
    if (known || !this.own) return known;
    const o = this.own.byName(raw);
    if (!o) {
      const why = this.own.notKept(raw);
      if (why) this.fail(why, position);
      return undefined;
    }
    if (o.kind === null) this.fail(`la colonne « ${o.header} » du registre est vide : son type (oui/non, nombre, pourcentage, date ou texte) se déduit de ses cellules remplies`, position);
    return o.def;
  }

  run(): { expr: Expr; columns: string[]; considerations: Consideration[] } {
    const expr = this.expr();
    const tok = this.peek();
    if (tok.t !== "end") {
      if (tok.t === "rparen") this.fail("parenthèse fermante « ) » sans parenthèse ouvrante", tok.start);
      this.failAt(tok, `ET, OU ou fin de l'expression attendu à la place de ${this.show(tok)}`);
    }
    return { expr, columns: this.columns, considerations: this.considerations };
  }

  // ---------------------------------------------------------------- helpers

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }

  private next(): Tok {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  private fail(message: string, position: number): never {
    throw new ParseError(message, position);
  }

  /** Fails at a token; an error token reports its own message. */
  private failAt(tok: Tok, message: string): never {
    if (tok.t === "error") this.fail(tok.message, tok.start);
    this.fail(message, tok.start);
  }

  private show(tok: Tok): string {
    switch (tok.t) {
      case "end":
        return "la fin de l'expression";
      case "string":
        return `« "${clip(tok.text)}" »`;
      default:
        return `« ${clip(this.text.slice(tok.start, Math.min(tok.end, tok.start + 61)))} »`;
    }
  }

  private slice(from: Tok, to: Tok): string {
    return this.text.slice(from.start, to.end);
  }

  private use(key: string): void {
    if (!this.columns.includes(key)) this.columns.push(key);
  }

  // ---------------------------------------------------------------- expr, term, factor

  /** `after`: the token just read (NON, ET, OU or "("), for the message when an operand is missing. */
  private expr(after?: Tok): Expr {
    const items = [this.term(after)];
    while (isKeyword(this.peek(), "ou")) {
      const kw = this.next();
      items.push(this.term(kw));
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private term(after?: Tok): Expr {
    const items = [this.factor(after)];
    while (isKeyword(this.peek(), "et")) {
      const kw = this.next();
      items.push(this.factor(kw));
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private factor(after?: Tok): Expr {
    const tok = this.peek();
    if (tok.t === "error") this.failAt(tok, "");
    if (tok.t === "end" || tok.t === "rparen" || isConnector(tok)) {
      const what = after ? `expression incomplète après ${this.show(after)} : ${CONDITION_HINT} est attendue` : `condition attendue : ${CONDITION_HINT}`;
      this.fail(tok.t === "end" || !after ? what : `${what} avant ${this.show(tok)}`, tok.start);
    }
    if (isKeyword(tok, "non") || tok.t === "lparen") {
      if (this.depth >= MAX_EXPRESSION_DEPTH) {
        this.fail(`plus de ${MAX_EXPRESSION_DEPTH} niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression`, tok.start);
      }
      this.depth++;
      const e = this.nested();
      this.depth--;
      return e;
    }
    return this.atom();
  }

  /** NON factor, or ( expr ): one level deeper. */
  private nested(): Expr {
    const tok = this.peek();
    if (tok.t !== "lparen") {
      const kw = this.next();
      return { kind: "not", item: this.factor(kw) };
    }
    const open = this.next();
    const e = this.expr(open);
    const close = this.peek();
    if (close.t !== "rparen") {
      if (close.t === "end") this.fail(`parenthèse fermante « ) » attendue (parenthèse ouverte au caractère ${open.start + 1})`, close.start);
      this.failAt(close, `ET, OU ou parenthèse fermante « ) » attendu à la place de ${this.show(close)}`);
    }
    this.next();
    return e;
  }

  // ---------------------------------------------------------------- atoms

  private atom(): Expr {
    const tok = this.peek();
    if (tok.t === "op") this.fail(`colonne attendue avant l'opérateur ${this.show(tok)}`, tok.start);
    if (tok.t === "string") this.fail(`colonne attendue avant le texte ${this.show(tok)} (ex. [Procédure] = "MAPA")`, tok.start);
    if (tok.t === "bracket") {
      this.next();
      if (tok.text === "") this.fail("nom de colonne attendu entre les crochets", tok.start);
      if (tok.text.length > MAX_NAME_LENGTH) this.nameTooLong(tok.text.length, tok.start);
      const col = this.columnOf(tok.text, tok.start);
      if (!col) this.unknownColumn(tok.text, tok.start);
      return this.afterColumn(col, tok.text);
    }
    if (tok.t !== "word") return this.failAt(tok, `condition attendue : ${CONDITION_HINT}`);
    // Keywords first.
    if (tok.f === "cible" || tok.f === "ciblee") return this.targeted();
    if (tok.f === "formalisee" || (tok.f === "procedure" && isKeyword(this.peek(1), "formalisee"))) {
      if (tok.f === "procedure") this.next();
      this.next();
      this.use("procedure");
      return { kind: "formalisee" };
    }
    const second = this.peek(1);
    if ((tok.f === "consideration" || tok.f === "considerations") && second.t === "word") {
      let which: Consideration | null = /^environnementales?$/.test(second.f) ? "environnementale" : /^sociales?$/.test(second.f) ? "sociale" : null;
      // « considération sociale hors insertion »
      const third = this.peek(2);
      const fourth = this.peek(3);
      const horsInsertion = which === "sociale" && third.t === "word" && third.f === "hors" && fourth.t === "word" && fourth.f === "insertion";
      if (horsInsertion) which = "sociale hors insertion";
      if (which) {
        this.next();
        this.next();
        if (horsInsertion) {
          this.next();
          this.next();
        }
        if (!this.considerations.includes(which)) this.considerations.push(which);
        return { kind: "consideration", which };
      }
    }
    return this.bareColumn();
  }

  private targeted(): Expr {
    const kw = this.next();
    const open = this.peek();
    if (open.t !== "lparen") this.failAt(open, `« ( » attendu après ${this.show(kw)} (ex. ciblé(8))`);
    this.next();
    const num = this.peek();
    const action = num.t === "word" && /^\d+$/.test(num.text) ? Number(num.text) : NaN;
    // Whether the action is one of the plan's is checked once the whole workbook is read (read.ts).
    if (!(action >= 1 && action <= 999)) {
      this.failAt(num, num.t === "word" && /^\d+$/.test(num.text) ? `action ${num.text} inconnue : un numéro d'action de 1 à 999 est attendu` : `numéro d'action attendu dans ciblé(…) à la place de ${this.show(num)} (exemple : ciblé(8))`);
    }
    this.next();
    const close = this.peek();
    if (close.t !== "rparen") this.failAt(close, `parenthèse fermante « ) » attendue après ciblé(${action}`);
    this.next();
    this.use("actionsCiblees");
    return { kind: "targeted", action };
  }

  /**
   * The words from here up to an operator, a bracket, a parenthesis, a quote, ET, OU or the end;
   * at most MAX_NAME_LENGTH characters from the first (a longer run is no name: its first word is
   * kept whatever its length, so that the run is never empty).
   */
  private wordRun(): WordTok[] {
    const run: WordTok[] = [];
    for (let k = 0; ; k++) {
      const t = this.peek(k);
      if (t.t !== "word" || isConnector(t)) break;
      if (k > 0 && t.end - run[0].start > MAX_NAME_LENGTH) break;
      run.push(t);
    }
    return run;
  }

  private nameTooLong(length: number, position: number): never {
    this.fail(`nom trop long (${formatNumber(length)} caractères ; ${MAX_NAME_LENGTH} au plus) : une colonne du registre ou un paramètre est attendu`, position);
  }

  /**
   * Longest match of a run of words against a set of names: the whole run (optionally followed by a
   * parenthesised part that belongs to the name, as in `Durée (mois)`), else its longest prefix.
   * Consumes the words matched.
   */
  private matchName<T>(run: WordTok[], lookup: (raw: string) => T | undefined, fullForms: { has(form: string): boolean }): { hit: T; raw: string; whole: boolean } | null {
    const first = run[0];
    // A parenthesised suffix made of plain words: `Durée (mois)`, `Clause sociale (hors insertion)`.
    const open = this.peek(run.length);
    if (open.t === "lparen") {
      let k = run.length + 1;
      while (this.peek(k).t === "word" && this.peek(k).end - first.start <= MAX_NAME_LENGTH) k++;
      const close = this.peek(k);
      if (close.t === "rparen" && close.end - first.start <= MAX_NAME_LENGTH) {
        const raw = this.slice(first, close);
        const hit = fullForms.has(compact(raw)) ? lookup(raw) : undefined;
        if (hit !== undefined) {
          for (let m = 0; m <= k; m++) this.next();
          return { hit, raw, whole: true };
        }
      }
    }
    for (let len = run.length; len >= 1; len--) {
      if (run[len - 1].end - first.start > MAX_NAME_LENGTH) continue;
      const raw = this.slice(first, run[len - 1]);
      const hit = lookup(raw);
      if (hit !== undefined) {
        for (let m = 0; m < len; m++) this.next();
        return { hit, raw, whole: len === run.length };
      }
    }
    return null;
  }

  private bareColumn(): Expr {
    const run = this.wordRun();
    if (run[0].text.length > MAX_NAME_LENGTH) this.nameTooLong(run[0].text.length, run[0].start);
    const m = this.matchName(run, (raw) => this.columnOf(raw, run[0].start), this.fullForms);
    if (!m) this.unknownColumn(this.slice(run[0], run[run.length - 1]), run[0].start);
    if (!m.whole && this.peek().t === "word") {
      // `Montnt HT > 5` names an unknown column; `Montant HT 5` misses its operator.
      const rest = this.wordRun();
      const after = this.peek();
      if (after.t === "op") this.unknownColumn(this.slice(run[0], rest[rest.length - 1]), run[0].start);
      const k = kindOf(m.hit);
      if (k !== "yesno" && k !== "reserve" && k !== "actions") {
        // A value right after the column: the operator is missing; other words: a misspelt name.
        if (/^[-+−]?[0-9]/.test(rest[0].text)) this.fail(`opérateur attendu après « ${m.raw} » (${OPERATORS_HINT})`, rest[0].start);
        this.unknownColumn(this.slice(run[0], rest[rest.length - 1]), run[0].start);
      }
    }
    return this.afterColumn(m.hit, m.raw);
  }

  private unknownColumn(raw: string, position: number): never {
    const guess = raw.length <= MAX_NAME_LENGTH ? (closestColumn(raw) ?? (this.own ? closestHeader(raw, this.own.headers()) : null)) : null;
    this.fail(`colonne « ${clip(raw)} » inconnue (${guess ? `voulez-vous dire « ${guess} » ? ` : ""}colonnes du registre : voir la feuille modèle)`, position);
  }

  /** A column has been read: a comparison follows, or it stands alone (yes/no). */
  private afterColumn(col: ColumnDef, raw: string): Expr {
    const kind = kindOf(col);
    const tok = this.peek();
    if (tok.t === "error") this.failAt(tok, "");
    if (tok.t !== "op") {
      if (kind === "yesno" || kind === "reserve" || kind === "actions") {
        this.use(col.key);
        return { kind: "column", key: col.key };
      }
      if (kind === "none") this.notComparable(col, raw, tok.start);
      this.fail(`« ${raw} » n'est pas une colonne oui/non : opérateur attendu après « ${raw} » (${OPERATORS_HINT})`, tok.start);
    }
    const op = this.next() as Extract<Tok, { t: "op" }>;
    if (kind === "actions" || kind === "none") this.notComparable(col, raw, op.start);
    if (!ORDERED_KINDS.has(kind) && op.op !== "=" && op.op !== "≠") {
      this.fail(`l'opérateur « ${op.text} » compare des nombres ou des dates : pour « ${raw} », utilisez = ou ≠`, op.start);
    }
    const value = this.value(col, kind, raw, op);
    this.use(col.key);
    return { kind: "compare", key: col.key, op: op.op, value };
  }

  private notComparable(col: ColumnDef, raw: string, position: number): never {
    if (col.key === "actionsCiblees") this.fail(`la colonne « ${raw} » ne se compare pas : utilisez ciblé(N), par exemple ciblé(8)`, position);
    if (col.type === "decpSocial") this.fail(`la colonne « ${raw} » ne se compare pas : utilisez « considération sociale » ou les colonnes des clauses`, position);
    if (col.type === "decpEnv") this.fail(`la colonne « ${raw} » ne se compare pas : utilisez « considération environnementale » ou les colonnes des clauses`, position);
    this.fail(`la colonne « ${raw} » ne peut pas servir dans une expression`, position);
  }

  // ---------------------------------------------------------------- values

  private value(col: ColumnDef, kind: ColumnKind, raw: string, op: Extract<Tok, { t: "op" }>): Value {
    const tok = this.peek();
    if (tok.t === "error") this.failAt(tok, "");
    if (tok.t === "end" || tok.t === "rparen" || tok.t === "lparen" || tok.t === "op" || isConnector(tok)) {
      this.fail(`${VALUE_HINT} après « ${raw} ${op.text} »`, tok.start);
    }
    const expected = expectedValue(kind, raw);
    if (tok.t === "bracket") {
      this.next();
      if (tok.text.length > MAX_NAME_LENGTH) this.nameTooLong(tok.text.length, tok.start);
      const p = parameterByName(tok.text);
      if (p) return this.parameterValue(p, kind, raw, tok.start);
      if (columnByName(tok.text)) this.fail(`une colonne ne se compare pas à une autre colonne : ${expected} après « ${op.text} »`, tok.start);
      this.fail(`paramètre « ${clip(tok.text)} » inconnu (paramètres : voir la feuille Paramètres) : ${expected}`, tok.start);
    }
    if (tok.t === "string") {
      this.next();
      // Only a text column compares with a long text; the other kinds read a word or a name.
      const v = kind === "text" || tok.text.length <= MAX_NAME_LENGTH ? typedValue(kind, tok.text, true) : null;
      if (!v) this.fail(kind === "procedure" ? procedureMessage(tok.text) : kind === "nature" ? natureMessage(tok.text) : expected, tok.start);
      return v;
    }
    // Bare words: the longest prefix that reads as a value of the column's type.
    const run = this.wordRun();
    if (kind === "number" && /%$/.test(run[run.length - 1].text)) this.fail(`« ${raw} » n'est pas un pourcentage : ${expected}`, run[0].start);
    for (let len = run.length; len >= 1; len--) {
      if (run[len - 1].end - run[0].start > MAX_NAME_LENGTH) continue;
      const v = typedValue(kind, this.slice(run[0], run[len - 1]), false);
      if (v) {
        for (let m = 0; m < len; m++) this.next();
        return v;
      }
    }
    if (kind === "number" || kind === "percent" || kind === "date") {
      const m = this.matchName(run, parameterByName, PARAMETER_FULL_FORMS);
      if (m) return this.parameterValue(m.hit, kind, raw, run[0].start);
    }
    this.fail(kind === "text" || kind === "procedure" || kind === "nature" ? `texte entre guillemets attendu pour « ${raw} » (ex. ${example(kind)})` : expected, run[0].start);
  }

  private parameterValue(p: ParameterDef, kind: ColumnKind, raw: string, position: number): Value {
    if (p.date) {
      if (kind !== "date") this.fail(`le paramètre « ${p.name} » est une date : ${expectedValue(kind, raw)}`, position);
      return { kind: "parameter", key: p.key };
    }
    if (kind === "date") this.fail(`le paramètre « ${p.name} » n'est pas une date : ${expectedValue(kind, raw)}`, position);
    if (kind !== "number" && kind !== "percent") this.fail(`le paramètre « ${p.name} » est un nombre : ${expectedValue(kind, raw)}`, position);
    if (p.percent !== (kind === "percent")) {
      this.fail(
        p.percent ? `le paramètre « ${p.name} » est un pourcentage : il ne se compare pas à « ${raw} »` : `le paramètre « ${p.name} » n'est pas un pourcentage : il ne se compare pas à « ${raw} »`,
        position,
      );
    }
    return { kind: "parameter", key: p.key };
  }
}

function example(kind: ColumnKind): string {
  return kind === "procedure" ? '"MAPA", "formalisée"' : kind === "nature" ? '"Travaux"' : '"Voirie"';
}

function expectedValue(kind: ColumnKind, raw: string): string {
  switch (kind) {
    case "number":
      return `nombre attendu pour « ${raw} » (ex. 90 000, 90 000,50, 90 k€, 1,2 M€)`;
    case "percent":
      return `pourcentage attendu pour « ${raw} » (ex. 30 %)`;
    case "date":
      return `date JJ/MM/AAAA attendue pour « ${raw} »`;
    case "yesno":
      return `« oui » ou « non » attendu pour « ${raw} »`;
    case "reserve":
      return `« oui », « non », ESS, SIAE, EA ou ESAT attendu pour « ${raw} »`;
    default:
      return `texte entre guillemets attendu pour « ${raw} » (ex. ${example(kind)})`;
  }
}

function procedureMessage(text: string): string {
  return `procédure « ${clip(text)} » non reconnue (attendu : "formalisée", "adaptée", "sans mise en concurrence" ou une procédure : "MAPA", "Appel d'offres ouvert", "Dialogue compétitif"…)`;
}

function natureMessage(text: string): string {
  return `nature « ${clip(text)} » non reconnue (attendu : "Travaux", "Fournitures", "Services" ou "Maîtrise d'œuvre")`;
}

/** Reads a value for a column kind; `quoted` when it was written in quotes. */
function typedValue(kind: ColumnKind, text: string, quoted: boolean): Value | null {
  switch (kind) {
    case "number": {
      const r = parseNumber(text);
      return r.ok ? { kind: "number", value: r.value } : null;
    }
    case "percent": {
      const r = parsePercent(text);
      return r.ok ? { kind: "percent", value: r.value } : null;
    }
    case "date": {
      const r = parseDate(text);
      return r.ok ? { kind: "date", value: r.value } : null;
    }
    case "yesno": {
      const r = parseYesNo(text);
      return r.ok ? { kind: "yesno", value: r.value } : null;
    }
    case "reserve": {
      const r = parseReserve(text);
      if (!r.ok) return null;
      const t = r.value.type;
      return t === null || t === "oui" ? { kind: "yesno", value: r.value.reserve } : { kind: "reservation", value: t };
    }
    case "text":
      return quoted ? { kind: "text", value: text } : null;
    case "procedure": {
      const c = quoted ? procedureClassOf(text) : null;
      return c ? { kind: "procedureClass", value: c } : null;
    }
    case "nature": {
      const r = quoted ? parseNature(text) : null;
      return r && r.ok && r.value !== null ? { kind: "nature", value: r.value } : null;
    }
    default:
      return null;
  }
}

// ------------------------------------------------------------------ entry points

/** True when the text holds no expression at all (blank). */
export function isEmptyExpression(text: string | null | undefined): boolean {
  return text === null || text === undefined || trimSpaces(text) === "";
}

/**
 * Results of the last texts parsed: a referential's expressions are parsed when the sheet is read,
 * then for each computation (years, entities, methodology), and a hostile sheet may repeat one long
 * text on every row. Results are shared: callers never modify them.
 */
const PARSED = new Map<string, ParseResult>();
/** Characters of the texts kept (at most 2 MB of memory, the texts being shared with the caller). */
let parsedChars = 0;
const PARSED_MAX_CHARS = 1_000_000;

/** Results read against a register's own columns, per register (let go with it). */
const PARSED_OWN = new WeakMap<OwnColumns, Map<string, ParseResult>>();

/**
 * Parses an expression of the `Référentiel` sheet (docs/methodologie.md); with `own`, the register's
 * own columns may be named too (SPEC §8.1).
 */
export function parseExpression(text: string, own?: OwnColumns | null): ParseResult {
  if (own) {
    let cache = PARSED_OWN.get(own);
    if (!cache) PARSED_OWN.set(own, (cache = new Map()));
    let r = cache.get(text);
    if (!r) {
      r = parseUncached(text, own);
      if (text.length <= MAX_EXPRESSION_LENGTH && cache.size < 10_000) cache.set(text, r);
    }
    return r;
  }
  const known = PARSED.get(text);
  if (known) return known;
  const r = parseUncached(text, null);
  if (text.length <= MAX_EXPRESSION_LENGTH) {
    if (parsedChars + text.length > PARSED_MAX_CHARS) {
      PARSED.clear();
      parsedChars = 0;
    }
    PARSED.set(text, r);
    parsedChars += text.length;
  }
  return r;
}

function parseUncached(text: string, own: OwnColumns | null): ParseResult {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    const n = formatNumber;
    return {
      ok: false,
      message: `caractère ${n(MAX_EXPRESSION_LENGTH + 1)} : expression trop longue (${n(text.length)} caractères ; ${n(MAX_EXPRESSION_LENGTH)} au plus, la limite d'une cellule Excel)`,
      position: MAX_EXPRESSION_LENGTH,
    };
  }
  if (isEmptyExpression(text)) return { ok: false, empty: true, message: "caractère 1 : expression vide", position: 0 };
  try {
    const r = new Parser(text, tokenize(text), own).run();
    return { ok: true, expr: r.expr, columns: r.columns, considerations: r.considerations };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: `caractère ${e.position + 1} : ${e.message}`, position: e.position };
    throw e;
  }
}

// ------------------------------------------------------------------ reading back an expression

/** Register column keys an expression reads (considerations excepted), in order of appearance. */
export function expressionColumns(expr: Expr): string[] {
  checkDepth(expr);
  const out: string[] = [];
  const add = (k: string) => {
    if (!out.includes(k)) out.push(k);
  };
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case "or":
      case "and":
        e.items.forEach(walk);
        break;
      case "not":
        walk(e.item);
        break;
      case "column":
      case "compare":
        add(e.key);
        break;
      case "targeted":
        add("actionsCiblees");
        break;
      case "formalisee":
        add("procedure");
        break;
      case "consideration":
        break;
    }
  };
  walk(expr);
  return out;
}

/** The derived predicates (considération environnementale / sociale) an expression uses. */
export function expressionConsiderations(expr: Expr): Consideration[] {
  checkDepth(expr);
  const out: Consideration[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === "or" || e.kind === "and") e.items.forEach(walk);
    else if (e.kind === "not") walk(e.item);
    else if (e.kind === "consideration" && !out.includes(e.which)) out.push(e.which);
  };
  walk(expr);
  return out;
}

/** A number in French form that parseNumber reads back exactly: 90 000, 1 234,5, -0,25. */
export function formatNumber(n: number): string {
  const s = String(n);
  if (/e/i.test(s)) return s.replace(/e\+?/i, "E+").replace("E+-", "E-");
  const neg = s.startsWith("-");
  const [int, frac] = (neg ? s.slice(1) : s).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return (neg ? "-" : "") + grouped + (frac ? "," + frac : "");
}

/** The doubles next to x (k steps of one unit in the last place each way). */
function neighbours(x: number, k: number): number[] {
  const f = new Float64Array(1);
  const i = new BigInt64Array(f.buffer);
  const out: number[] = [];
  for (let d = 1; d <= k; d++) {
    for (const sign of [1n, -1n]) {
      f[0] = x;
      i[0] += sign * BigInt(d);
      if (Number.isFinite(f[0])) out.push(f[0]);
    }
  }
  return out;
}

/**
 * A fraction as a percentage that parsePercent reads back exactly: 0.3 → 30 %. Every value that
 * parsePercent gives (n / 100 for a number n typed) has such a form; the shortest is chosen.
 */
export function formatPercent(fraction: number): string {
  const reads = (n: number) => Number.isFinite(n) && n / 100 === fraction;
  const n0 = fraction * 100;
  for (let digits = 1; digits <= 17; digits++) {
    const n = Number(n0.toPrecision(digits));
    if (reads(n)) return `${formatNumber(n)} %`;
  }
  const near = neighbours(n0, 4).find(reads);
  if (near !== undefined) return `${formatNumber(near)} %`;
  // A fraction no percentage reads back to exactly: written as a fraction when at most 1 (read as
  // is), else the nearest percentage.
  return Math.abs(fraction) <= 1 ? formatNumber(fraction) : `${formatNumber(n0)} %`;
}

function formatText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function formatValue(v: Value): string {
  switch (v.kind) {
    case "number":
      return formatNumber(v.value);
    case "percent":
      return formatPercent(v.value);
    case "date":
      return formatDate(v.value);
    case "text":
      return formatText(v.value);
    case "yesno":
      return v.value ? '"oui"' : '"non"';
    case "reservation":
    case "procedureClass":
    case "nature":
      return formatText(v.value);
    case "parameter":
      return `[${parameterName(v.key)}]`;
  }
}

/**
 * Prints an expression in canonical French form: columns in brackets under their template header,
 * keywords in capitals, parentheses only where precedence needs them (and where the tree nests an
 * OU in an OU, an ET in an ET), so that parseExpression(formatExpression(e)) gives back e. A tree
 * deeper than the parser builds throws ExpressionTooDeepError.
 */
export function formatExpression(e: Expr): string {
  checkDepth(e);
  return formatNode(e);
}

function formatNode(e: Expr): string {
  switch (e.kind) {
    case "or":
      return e.items.map((x) => (x.kind === "or" ? `(${formatNode(x)})` : formatNode(x))).join(" OU ");
    case "and":
      return e.items.map((x) => (x.kind === "or" || x.kind === "and" ? `(${formatNode(x)})` : formatNode(x))).join(" ET ");
    case "not":
      return `NON ${e.item.kind === "or" || e.item.kind === "and" ? `(${formatNode(e.item)})` : formatNode(e.item)}`;
    case "column":
      return `[${columnHeader(e.key)}]`;
    case "compare":
      return `[${columnHeader(e.key)}] ${e.op} ${formatValue(e.value)}`;
    case "targeted":
      return `ciblé(${e.action})`;
    case "formalisee":
      return "formalisée";
    case "consideration":
      return `considération ${e.which}`;
  }
}

/** The actions an expression names by ciblé(N). */
export function targetedActions(expr: Expr): number[] {
  const out = new Set<number>();
  const stack: Expr[] = [expr];
  while (stack.length) {
    const e = stack.pop() as Expr;
    if (e.kind === "targeted") out.add(e.action);
    else if (e.kind === "or" || e.kind === "and") stack.push(...e.items);
    else if (e.kind === "not") stack.push(e.item);
  }
  return [...out].sort((a, b) => a - b);
}
