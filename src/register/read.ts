/**
 * Grid of cell values -> register (contracts, side tables, parameters) + issues.
 * A bad cell never aborts the read: it becomes an issue naming sheet, row, column and cell.
 */
import {
  ACTIVITY_INDEX,
  ColumnDef,
  HeaderIndex,
  INSERTION_INDEX,
  MANUAL_INDEX,
  normalizeHeader,
  PARAMETER_INDEX,
  REFERENTIAL_INDEX,
  PLAN_INDEX,
  REGISTER_COLUMN_BY_KEY,
  REGISTER_INDEX,
} from "./columns";
import { defaultParameters, readParameters } from "./parameters";
import { PUBLICATION_FIELDS } from "./types";
import type {
  Activity,
  Cell,
  Contract,
  HolderId,
  Grid,
  GridNote,
  InsertionRow,
  ManualInput,
  ReferentialSheet,
  Register,
  RegisterSource,
  Severity,
  TableSource,
} from "./types";
import {
  cellErrorMessage,
  cellErrorText,
  cellText,
  compact,
  contractTypeOfDecpNature,
  isBlank,
  isDefenceValue,
  natureFromCpv,
  choiceIndex,
  parseActionList,
  parseActivityStatus,
  parseChoice,
  parseChoiceList,
  parseIdentifier,
  parseContractType,
  parseDate,
  parseDuration,
  parseGender,
  parseNature,
  parseNonNegative,
  parseNonNegativeInteger,
  Parsed,
  parsePercent,
  parseProcedure,
  parseReserve,
  parseYear,
  parseYesNo,
  isTotalLabel,
  showCell,
  UNCALCULATED_FORMULA,
} from "./values";
import { INDICATOR_BY_ID } from "../spaser/referential";
import { builtinDefinitions } from "../spaser/definitions";
import { checkReferentialAgainstPlan, readReferentialSheet } from "./referential-sheet";
import { readPlanSheet } from "./plan-sheet";
import { actionRangeText, DEFAULT_PLAN, type Plan } from "../spaser/plan";
import { CadDecisions, mergeCotationDecisions } from "./cotation";
import { firstFilled, HEADER_SCAN_ROWS, HeaderMatch, matchHeader, reportUnknownHeaders, rowIsBlank } from "./headers";
import { IssueLog } from "./issues";
import { headerFilter, OwnColumnStore } from "./own-columns";

/** The cotation sheet the tool writes (its « Décision CAD » column is read back). */
const COTATION_SHEET = /^cotation cad/i;

/** The type of a built-in indicator in the default referential (`intégré` for those not computed over contracts). */
const BUILTIN_TYPES: ReadonlyMap<string, string> = new Map(builtinDefinitions(defaultParameters()).map((d) => [d.id, d.type]));
function builtinTypeOf(id: string): "taux" | "compte" | "somme" | "moyenne" | "intégré" | null {
  return INDICATOR_BY_ID.has(id) ? ((BUILTIN_TYPES.get(id) as "taux") ?? "intégré") : null;
}


/** Columns of a DECP export that give the same field: the first one is used. */
const DECP_PAIRS = new Set(["uid/id", "acheteur/acheteurnom", "acheteurnom/acheteur"]);

/** Names of the sheets the add-in and the command line write. */
export const OWN_SHEETS = /^(tdb [12] - |cotation cad|d[ée]tail des indicateurs)/i;


type SideKind = "activities" | "insertion" | "manual" | "parameters" | "referential" | "plan";
const SIDE_NAMES: Record<string, SideKind> = {
  activites: "activities",
  activite: "activities",
  insertion: "insertion",
  suiviinsertion: "insertion",
  saisies: "manual",
  saisie: "manual",
  parametres: "parameters",
  parametre: "parameters",
  referentiel: "referential",
  referentielspaser: "referential",
  plan: "plan",
  planspaser: "plan",
  planduspaser: "plan",
  planaction: "plan",
  plandaction: "plan",
  plandactions: "plan",
};
const SIDE_INDEX: Record<SideKind, HeaderIndex> = {
  activities: ACTIVITY_INDEX,
  insertion: INSERTION_INDEX,
  manual: MANUAL_INDEX,
  parameters: PARAMETER_INDEX,
  referential: REFERENTIAL_INDEX,
  plan: PLAN_INDEX,
};
/** Columns a side table must have to be recognised by its headers alone. */
const SIDE_REQUIRED: Record<SideKind, string[][]> = {
  activities: [["action", "statut"], ["action", "date", "type"]],
  insertion: [["annee", "heures"], ["annee", "genre"], ["annee", "trancheAge"]],
  manual: [["indicateur", "annee", "valeur"]],
  parameters: [["parametre", "valeur"]],
  referential: [["id", "type", "condition"], ["id", "population", "condition"]],
  plan: [["axe", "objectif", "action", "titreAction"]],
};

function sideKindByName(g: GridInfo): SideKind | null {
  for (const name of [g.table, g.sheet]) {
    if (!name) continue;
    const k = SIDE_NAMES[compact(name)];
    if (k) return k;
  }
  return null;
}


/** Where a grid sits: its sheet, its Excel table if any, and the sheet address of its first cell. */
export type GridInfo = Omit<Grid, "rows">;

/**
 * Rows of one sheet (or table) given one at a time, so that a file reader never holds a large
 * register in memory: the register's rows are read into contracts as they come.
 */
export interface RowSink {
  /**
   * A row of the grid: `index` is 0-based from the grid's first row and ascending; an index skipped
   * is a blank row. `cells` may be sparse (holes are blank); the sink does not keep the array when
   * the row is a register row, and keeps it as is otherwise.
   */
  row(index: number, cells: Cell[]): void;
  /**
   * A row of the file that cannot be read as cells (a CSV line split by another separator): an
   * error at that row, and when the row is below the register's header, a rejected row.
   */
  reject(index: number, message: string): void;
  /** An issue about the file itself: at a row (0-based index) and column (0-based) or for the whole sheet. */
  issue(severity: Severity, index: number | null, col: number | null, message: string): void;
  /**
   * The columns (0-based) whose values the sink reads, once it knows them: a reader may leave the
   * other cells undecoded (any non-blank stand-in will do). Null: every column.
   */
  wanted?(): ReadonlySet<number> | null;
  /** No more rows. */
  end(): void;
}

/** Reads a whole workbook given as grids (one per sheet or per Excel table). */
export function readWorkbook(grids: Grid[], sheetNames?: string[]): Register {
  const builder = new WorkbookReader();
  // Register sheets are read in workbook order (Office.js gives the tables first).
  const order = sheetNames ?? [];
  const rank = (g: Grid) => {
    const i = order.indexOf(g.sheet);
    return i < 0 ? order.length : i;
  };
  const sorted = grids.map((g, i) => ({ g, i })).sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i);
  // A sheet given both as its Excel table and as a plain range: the table is the register.
  const tableSheets = new Set(
    grids.filter((g) => g.table && !sideKindByName(g) && !OWN_SHEETS.test(g.sheet) && (matchHeader(g, REGISTER_INDEX, "id")?.columns.size ?? 0) >= 2).map((g) => g.sheet),
  );
  for (const { g } of sorted) {
    const sink = builder.sheet(g, { register: !!g.table || !tableSheets.has(g.sheet) });
    const notes = g.notes ?? [];
    let n = 0;
    for (let r = 0; r < g.rows.length; r++) {
      for (; n < notes.length && (notes[n].index === null || (notes[n].index as number) <= r); n++) feedNote(sink, notes[n]);
      if (g.rows[r]) sink.row(r, g.rows[r]);
    }
    for (; n < notes.length; n++) feedNote(sink, notes[n]);
    sink.end();
  }
  return builder.finish(sheetNames).register;
}

function feedNote(sink: RowSink, note: GridNote): void {
  if (note.reject && note.index !== null) sink.reject(note.index, note.message);
  else sink.issue(note.severity, note.index, note.col, note.message);
}

export class RegisterNotFoundError extends Error {
  constructor(sheets: Grid[] | string[]) {
    const names = [...new Set(sheets.map((g) => (typeof g === "string" ? g : g.sheet)))];
    super(
      `Aucun registre des marchés trouvé dans ${names.length ? `les feuilles ${names.map((n) => `« ${n} »`).join(", ")}` : "le classeur (aucune feuille)"} : ` +
        `une ligne d'en-tête avec la colonne « N° marché » et au moins une autre colonne connue (Objet, Montant HT, Date de notification…) est attendue dans les 30 premières lignes.`,
    );
    this.name = "RegisterNotFoundError";
  }
}

/** Registers kept one sheet per year: a sheet is read with the others when its header names at least this many register columns. */
const STRONG_MATCH = 3;

/**
 * What the reader does with one sheet: look for its header in its first rows (scan), then read its
 * rows into contracts (stream), keep them (keep: side tables, the tool's own sheets, a sheet that may
 * be the register if no other is), or let them go (drop: a sheet that matches nothing).
 */
type SheetMode = "scan" | "stream" | "keep" | "drop";

class SheetState implements RowSink {
  mode: SheetMode = "scan";
  /** Rows kept: the first rows while looking for the header, then the whole grid when kept. */
  rows: Cell[][] = [];
  /** Rows rejected while still looking for the header (0-based index → message). */
  rejects = new Map<number, string>();
  contracts: ContractStream | null = null;
  ended = false;
  constructor(
    readonly reader: WorkbookReader,
    readonly info: GridInfo,
    /** Side table by its name, own sheet (never read) or a sheet that may hold the register. */
    readonly role: SideKind | "own" | "candidate",
    readonly registerAllowed: boolean,
  ) {
    if (role !== "candidate") this.mode = "keep";
  }

  wanted(): ReadonlySet<number> | null {
    return this.contracts ? this.contracts.columns : null;
  }

  get grid(): Grid {
    return { ...this.info, rows: this.rows };
  }

  row(index: number, cells: Cell[]): void {
    if (this.mode === "stream") {
      (this.contracts as ContractStream).row(index, cells);
      return;
    }
    if (this.mode === "scan" && index >= (this.info.table ? 1 : HEADER_SCAN_ROWS)) {
      this.decide();
      if ((this.mode as SheetMode) === "stream") {
        (this.contracts as ContractStream).row(index, cells);
        return;
      }
    }
    if (this.mode !== "drop") this.rows[index] = cells;
  }

  reject(index: number, message: string): void {
    if (this.mode === "scan" && index >= (this.info.table ? 1 : HEADER_SCAN_ROWS)) this.decide();
    if (this.mode === "stream") (this.contracts as ContractStream).reject(index, message);
    else if (this.mode !== "drop") this.rejects.set(index, message);
  }

  issue(severity: Severity, index: number | null, col: number | null, message: string): void {
    this.reader.log.add(severity, this.info.sheet, index === null ? null : (this.info.originRow ?? 0) + index + 1, null, col === null ? null : (this.info.originCol ?? 0) + col, message);
  }

  /** Header rows seen: a strong register header streams the rest into contracts; anything else is kept whole. */
  private decide(): void {
    const m = this.registerAllowed ? matchHeader(this.grid, REGISTER_INDEX, "id") : null;
    // A file of one sheet (CSV, DECP JSON) has no other sheet to prefer: any register header will do.
    if (m && m.columns.size >= (this.reader.singleSheet ? 2 : STRONG_MATCH)) {
      this.mode = "stream";
      this.contracts = new ContractStream(this.reader.state, m, this.reader.log, this.reader.referentialFilter());
      this.readInto(this.contracts, m);
      // The header rows stay with the match; the data rows are not kept.
      this.rows = this.rows.slice(0, m.rowIndex + 1);
    } else if ((m && m.columns.size >= 2) || this.maySideTable()) this.mode = "keep";
    else this.mode = "drop";
  }

  /** Whether the first rows hold the header of a side table (found by its headers at the end). */
  private maySideTable(): boolean {
    const g = this.grid;
    return (Object.keys(SIDE_INDEX) as SideKind[]).some((kind) => {
      const m = matchHeader(g, SIDE_INDEX[kind]);
      return !!m && SIDE_REQUIRED[kind].some((req) => req.every((k) => m.columns.has(k)));
    });
  }

  /** Reads the rows kept below the header `m` into contracts, rejected rows included, in row order. */
  readInto(cs: ContractStream, m: HeaderMatch): void {
    const indices: number[] = [...this.rejects.keys()];
    for (let r = m.rowIndex + 1; r < this.rows.length; r++) if (this.rows[r] && !this.rejects.has(r)) indices.push(r);
    indices.sort((a, b) => a - b);
    for (const i of indices) {
      const msg = this.rejects.get(i);
      if (msg === undefined) cs.row(i, this.rows[i]);
      else if (i > m.rowIndex) cs.reject(i, msg);
      else this.logReject(i, msg);
    }
    this.rejects.clear();
  }

  /** The rejected rows of a sheet not read as the register: errors at their rows. */
  logRejects(): void {
    for (const [i, msg] of this.rejects) this.logReject(i, msg);
    this.rejects.clear();
  }

  private logReject(index: number, msg: string): void {
    this.reader.log.add("error", this.info.sheet, (this.info.originRow ?? 0) + index + 1, null, null, msg);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.mode === "scan") this.decide();
    if (this.contracts) this.reader.state.sources.push(this.contracts.end());
  }
}

/**
 * Reads a workbook sheet by sheet, row by row (SPEC §2): every sheet whose header names the
 * register (N° marché and at least two other columns) is read into contracts as its rows come, in
 * the order the sheets come (workbook order); the other sheets are kept whole (side tables, the
 * tool's own sheets, and sheets that may still be the register when no other is) and read at the end.
 */
export class WorkbookReader {
  /** The file has one sheet only (CSV, DECP JSON). */
  readonly singleSheet: boolean;
  constructor(options: { singleSheet?: boolean } = {}) {
    this.singleSheet = options.singleSheet === true;
    // A file of one sheet has no `Référentiel`: no own column can be named, none is kept.
    this.state.own = new OwnColumnStore(!this.singleSheet);
  }

  readonly log = new IssueLog();
  readonly state = new RegisterState();
  private readonly sheets: SheetState[] = [];
  private readonly sideByName = new Set<SideKind>();

  /** Starts a sheet (or an Excel table). `register: false` never reads it as the register. */
  sheet(info: GridInfo, options: { register?: boolean } = {}): RowSink {
    const open = this.sheets.find((s) => !s.ended);
    if (open) open.end();
    const gi: GridInfo = { sheet: info.sheet, ...(info.table ? { table: info.table } : {}), ...(info.originRow ? { originRow: info.originRow } : {}), ...(info.originCol ? { originCol: info.originCol } : {}) };
    let role: SheetState["role"] = "candidate";
    // The sheets this tool writes (dashboards, cotation, detail) are never read as a register.
    if (OWN_SHEETS.test(info.sheet)) role = "own";
    else {
      const kind = sideKindByName(gi);
      if (kind && !this.sideByName.has(kind)) {
        this.sideByName.add(kind);
        role = kind;
      }
    }
    const s = new SheetState(this, gi, role, options.register !== false);
    this.sheets.push(s);
    return s;
  }

  /**
   * When the `Référentiel` sheet (found by its name) came before the register, a filter on the
   * register's unknown headers: only those its expressions may name are kept (SPEC §8.1). Null
   * otherwise: every unknown column is kept until the end (up to MAX_KEPT_COLUMNS).
   */
  referentialFilter(): ((norm: string) => boolean) | null {
    const s = this.sheets.find((x) => x.role === "referential");
    if (!s || !s.ended) return null;
    const m = matchHeader(s.grid, REFERENTIAL_INDEX);
    if (!m) return null;
    const texts: string[] = [];
    for (const key of ["population", "condition", "valeur"]) {
      const c = m.columns.get(key);
      if (c === undefined) continue;
      for (let r = m.rowIndex + 1; r < s.rows.length; r++) {
        const v = s.rows[r]?.[c];
        if (typeof v === "string" && v.trim()) texts.push(v);
      }
    }
    return headerFilter(texts);
  }

  /**
   * The register and its side tables; `grids` are the sheets kept whole (all but the register's
   * rows), for the callers that need them (the cotation sheets already written). Throws
   * RegisterNotFoundError when no sheet holds a register.
   */
  finish(sheetNames?: string[]): { register: Register; grids: Grid[] } {
    for (const s of this.sheets) s.end();
    const log = this.log;
    const side: Partial<Record<SideKind, HeaderMatch | { grid: Grid; none: true }>> = {};
    for (const s of this.sheets) {
      if (s.role === "own" || s.role === "candidate") continue;
      const m = matchHeader(s.grid, SIDE_INDEX[s.role]);
      side[s.role] = m ?? { grid: s.grid, none: true };
    }
    // Sheets that name N° marché and one other register column only: read when no sheet names more.
    const kept = this.sheets.filter((s) => s.role === "candidate" && s.mode === "keep");
    const weak: { s: SheetState; m: HeaderMatch }[] = [];
    for (const s of kept) {
      if (!s.registerAllowed) continue;
      const m = matchHeader(s.grid, REGISTER_INDEX, "id");
      if (m && m.columns.size >= 2) weak.push({ s, m });
    }
    const readSheets = new Set<SheetState>(this.sheets.filter((s) => s.mode === "stream"));
    if (readSheets.size === 0 && weak.length > 0) {
      const first = weak.shift() as { s: SheetState; m: HeaderMatch };
      const cs = new ContractStream(this.state, first.m, log, this.referentialFilter());
      first.s.readInto(cs, first.m);
      this.state.sources.push(cs.end());
      readSheets.add(first.s);
    }
    for (const { s, m } of weak) {
      const names = [...m.columns.values()].map((c) => `« ${m.headers[c]} »`).join(", ");
      log.add(
        "info",
        s.info.sheet,
        (s.info.originRow ?? 0) + m.rowIndex + 1,
        null,
        null,
        `feuille « ${s.info.sheet} »${s.info.table ? ` (tableau « ${s.info.table} »)` : ""} non lue comme registre : seules ${m.columns.size} colonnes du registre y sont reconnues (${names}), il en faut au moins ${STRONG_MATCH}`,
      );
    }
    for (const s of this.sheets) if (!readSheets.has(s)) s.logRejects();
    if (readSheets.size === 0) throw new RegisterNotFoundError(sheetNames && sheetNames.length ? sheetNames : this.sheets.map((s) => s.info.sheet));

    // Side tables not found by name: by their headers.
    const others = kept.filter((s) => !readSheets.has(s));
    for (const kind of Object.keys(SIDE_INDEX) as SideKind[]) {
      if (side[kind]) continue;
      for (const s of others) {
        const m = matchHeader(s.grid, SIDE_INDEX[kind]);
        if (m && SIDE_REQUIRED[kind].some((req) => req.every((k) => m.columns.has(k)))) {
          side[kind] = m;
          break;
        }
      }
    }
    const act = side.activities && "columns" in side.activities ? readActivities(side.activities, log) : null;
    const ins = side.insertion && "columns" in side.insertion ? readInsertion(side.insertion, log) : null;
    const manual = side.manual && "columns" in side.manual ? readManual(side.manual, log) : [];
    const params = side.parameters ? readParameters(side.parameters.grid, "columns" in side.parameters ? side.parameters : null, log) : defaultParameters();
    // Every register row is read: the own columns the Référentiel names are inferred and read now.
    const own = this.state.own;
    own.ready(this.state.contracts, log, this.state.present);
    const referentiel = side.referential && "columns" in side.referential ? readReferentialSheet(side.referential, log, builtinTypeOf, own) : null;
    const plan = side.plan && "columns" in side.plan ? readPlanSheet(side.plan, log) : null;
    const late = log.issues.length;
    checkTargetedActions(this.state.contracts, this.state.matches, plan ?? DEFAULT_PLAN, log);
    log.placeInReadingOrder(late);
    if (referentiel && side.referential && "columns" in side.referential) checkReferentialAgainstPlan(referentiel, side.referential, plan ?? DEFAULT_PLAN, log);
    // The CAD's decisions typed in the « Cotation CAD » sheet join the targeted actions of the
    // contract that renews the one decided on (SPEC §9): A1.E1 of the renewal's year follows them.
    const cotationGrids = this.sheets.filter((s) => COTATION_SHEET.test(s.info.sheet)).map((s) => s.grid);
    let decisions: CadDecisions | undefined;
    if (cotationGrids.length) {
      const merge = mergeCotationDecisions(this.state.contracts, cotationGrids, this.state.present.has("actionsCiblees"));
      for (const i of merge.issues) log.issues.push(i);
      if (merge.decisions.targetingFromYear !== null) this.state.present.add("actionsCiblees");
      decisions = merge.decisions;
    }
    const source = this.state.source();
    const known = new Set(knownHeaders(referentiel));
    for (const n of own.namedNorms()) known.add(n);
    own.seal();
    const nearHeaders = reportUnknownHeaders(this.state.matches, log, this.state.present, known);
    if (Object.keys(nearHeaders).length) source.nearHeaders = nearHeaders;
    const register: Register = {
      source,
      contracts: this.state.contracts,
      present: this.state.present,
      activities: act ? act.rows : null,
      activitiesSource: act ? act.source : null,
      insertion: ins ? ins.rows : null,
      insertionSource: ins ? ins.source : null,
      manualInputs: manual,
      parameters: params,
      referentiel,
      plan,
      ...(own.named().length ? { ownColumns: own } : {}),
      issues: log.all(),
      sheetNames: sheetNames ?? [...new Set(this.sheets.map((s) => s.info.sheet))],
      ...(decisions ? { decisions } : {}),
    };
    return { register, grids: this.sheets.filter((s) => !readSheets.has(s)).map((s) => s.grid) };
  }
}

/** Side tables' columns, with every alias (normalised): a register header among them is not unknown. */
const SIDE_HEADERS: ReadonlySet<string> = new Set(Object.values(SIDE_INDEX).flatMap((i) => [...i.map.keys()]));

/**
 * Normalised headers that are not unknown in a register although no register column: the side
 * tables' columns and the columns a `Référentiel` expression names in brackets (SPEC §2.1.1).
 */
function knownHeaders(ref: ReferentialSheet | null): ReadonlySet<string> {
  if (!ref) return SIDE_HEADERS;
  const known = new Set(SIDE_HEADERS);
  for (const r of ref.rows) {
    for (const text of [r.population, r.condition, r.valeur]) {
      for (const m of (text ?? "").matchAll(/\[([^\]]{1,200})\]/g)) known.add(normalizeHeader(m[1]));
    }
    if (r.valeur) known.add(normalizeHeader(r.valeur));
  }
  return known;
}

function tableSource(m: HeaderMatch): TableSource {
  const columns: Record<string, string> = {};
  for (const [k, c] of m.columns) columns[k] = m.headers[c];
  return {
    sheet: m.grid.sheet,
    ...(m.grid.table ? { table: m.grid.table } : {}),
    headerRow: (m.grid.originRow ?? 0) + m.rowIndex + 1,
    columns,
    unknownColumns: [...m.unknown, ...m.duplicates.map((d) => d.header)],
  };
}


/**
 * Memoises a parser over string cells (registers repeat the same words a lot) and, when
 * `numbers` is set, over number cells too (dates repeat: a few hundred days a year).
 */
function memo<T>(parse: (v: Cell) => Parsed<T>, numbers = false): (v: Cell) => Parsed<T> {
  const cache = new Map<string, Parsed<T>>();
  const byNumber = new Map<number, Parsed<T>>();
  const byTime = new Map<number, Parsed<T>>();
  // Once the text cache is full, it is looked up only while a tenth of the texts or more are in it
  // (amounts hardly repeat: each look-up would be wasted).
  let texts = true;
  let lookups = 0;
  let hits = 0;
  return (v) => {
    if (typeof v === "string") {
      if (!texts) return parse(v);
      const full = cache.size >= 10_000;
      let r = cache.get(v);
      if (r === undefined) {
        r = parse(v);
        if (!full) cache.set(v, r);
      } else if (full) hits++;
      if (full && ++lookups === 10_000) {
        texts = hits * 10 >= lookups;
        lookups = 0;
        hits = 0;
      }
      return r;
    }
    if (numbers && v instanceof Date) {
      const t = v.getTime();
      let r = byTime.get(t);
      if (r === undefined) {
        r = parse(v);
        if (byTime.size < 100_000) byTime.set(t, r);
      }
      return r;
    }
    if (numbers && typeof v === "number") {
      let r = byNumber.get(v);
      if (r === undefined) {
        r = parse(v);
        if (byNumber.size < 100_000) byNumber.set(v, r);
      }
      return r;
    }
    return parse(v);
  };
}

/** Memoises a function of a cell over string cells (a closed list's few words, on every row). */
function memoText<T>(f: (v: Cell) => T): (v: Cell) => T {
  const cache = new Map<string, T>();
  return (v) => {
    if (typeof v !== "string") return f(v);
    if (cache.has(v)) return cache.get(v) as T;
    const r = f(v);
    if (cache.size < 10_000) cache.set(v, r);
    return r;
  };
}

/** A cell read with a warning: `keep` when its value is used all the same. */
interface SetterWarning {
  warning: string;
  keep: boolean;
}

/** Parses a cell into the contract: null when read, else the error (a string) or a warning. */
type FieldSetter = (c: Contract, v: Cell) => string | SetterWarning | null;

/**
 * One store function per field: each writes one property of one shape, which the JavaScript engine
 * keeps fast (a single function writing any field by name would be slow on large registers).
 */
const STORE: Partial<Record<keyof Contract, (c: Contract, v: unknown) => void>> = {
  objet: (c, v) => void (c.objet = v as Contract["objet"]),
  titulaire: (c, v) => void (c.titulaire = v as Contract["titulaire"]),
  entite: (c, v) => void (c.entite = v as Contract["entite"]),
  direction: (c, v) => void (c.direction = v as Contract["direction"]),
  nature: (c, v) => void (c.nature = v as Contract["nature"]),
  famille: (c, v) => void (c.famille = v as Contract["famille"]),
  cpv: (c, v) => void (c.cpv = v as Contract["cpv"]),
  procedure: (c, v) => void (c.procedure = v as Contract["procedure"]),
  montant: (c, v) => void (c.montant = v as Contract["montant"]),
  dureeMois: (c, v) => void (c.dureeMois = v as Contract["dureeMois"]),
  dateNotification: (c, v) => void (c.dateNotification = v as Contract["dateNotification"]),
  datePrevisionnelle: (c, v) => void (c.datePrevisionnelle = v as Contract["datePrevisionnelle"]),
  recurrent: (c, v) => void (c.recurrent = v as Contract["recurrent"]),
  anticipe: (c, v) => void (c.anticipe = v as Contract["anticipe"]),
  dateCotation: (c, v) => void (c.dateCotation = v as Contract["dateCotation"]),
  dateLancement: (c, v) => void (c.dateLancement = v as Contract["dateLancement"]),
  actionsCiblees: (c, v) => void (c.actionsCiblees = v as Contract["actionsCiblees"]),
  clauseInsertion: (c, v) => void (c.clauseInsertion = v as Contract["clauseInsertion"]),
  heuresInsertionPrevues: (c, v) => void (c.heuresInsertionPrevues = v as Contract["heuresInsertionPrevues"]),
  heuresInsertionRealisees: (c, v) => void (c.heuresInsertionRealisees = v as Contract["heuresInsertionRealisees"]),
  critereInsertion: (c, v) => void (c.critereInsertion = v as Contract["critereInsertion"]),
  reserve: (c, v) => void (c.reserve = v as Contract["reserve"]),
  clauseSociale: (c, v) => void (c.clauseSociale = v as Contract["clauseSociale"]),
  critereSocial: (c, v) => void (c.critereSocial = v as Contract["critereSocial"]),
  commerceEquitable: (c, v) => void (c.commerceEquitable = v as Contract["commerceEquitable"]),
  nombreLots: (c, v) => void (c.nombreLots = v as Contract["nombreLots"]),
  alloti: (c, v) => void (c.alloti = v as Contract["alloti"]),
  avance: (c, v) => void (c.avance = v as Contract["avance"]),
  tauxAvance: (c, v) => void (c.tauxAvance = v as Contract["tauxAvance"]),
  renonciationAvance: (c, v) => void (c.renonciationAvance = v as Contract["renonciationAvance"]),
  questionnementBesoin: (c, v) => void (c.questionnementBesoin = v as Contract["questionnementBesoin"]),
  outilsMethodo: (c, v) => void (c.outilsMethodo = v as Contract["outilsMethodo"]),
  clausesEquilibrees: (c, v) => void (c.clausesEquilibrees = v as Contract["clausesEquilibrees"]),
  revisionPrix: (c, v) => void (c.revisionPrix = v as Contract["revisionPrix"]),
  negociation: (c, v) => void (c.negociation = v as Contract["negociation"]),
  gainPrix: (c, v) => void (c.gainPrix = v as Contract["gainPrix"]),
  gainTechnique: (c, v) => void (c.gainTechnique = v as Contract["gainTechnique"]),
  evaluation: (c, v) => void (c.evaluation = v as Contract["evaluation"]),
  noteSatisfaction: (c, v) => void (c.noteSatisfaction = v as Contract["noteSatisfaction"]),
  acv: (c, v) => void (c.acv = v as Contract["acv"]),
  clauseSobriete: (c, v) => void (c.clauseSobriete = v as Contract["clauseSobriete"]),
  amoDD: (c, v) => void (c.amoDD = v as Contract["amoDD"]),
  critereEnvironnemental: (c, v) => void (c.critereEnvironnemental = v as Contract["critereEnvironnemental"]),
  clauseEnvironnementale: (c, v) => void (c.clauseEnvironnementale = v as Contract["clauseEnvironnementale"]),
  clauseDonneesImpact: (c, v) => void (c.clauseDonneesImpact = v as Contract["clauseDonneesImpact"]),
  clauseLimitationImpact: (c, v) => void (c.clauseLimitationImpact = v as Contract["clauseLimitationImpact"]),
  donneesObtenues: (c, v) => void (c.donneesObtenues = v as Contract["donneesObtenues"]),
  compensationCarbone: (c, v) => void (c.compensationCarbone = v as Contract["compensationCarbone"]),
  tco2Compensees: (c, v) => void (c.tco2Compensees = v as Contract["tco2Compensees"]),
  economieCirculaire: (c, v) => void (c.economieCirculaire = v as Contract["economieCirculaire"]),
  titulaireTpePme: (c, v) => void (c.titulaireTpePme = v as Contract["titulaireTpePme"]),
  titulaireEss: (c, v) => void (c.titulaireEss = v as Contract["titulaireEss"]),
  offresRecues: (c, v) => void (c.offresRecues = v as Contract["offresRecues"]),
  offresTpePme: (c, v) => void (c.offresTpePme = v as Contract["offresTpePme"]),
  dceRetires: (c, v) => void (c.dceRetires = v as Contract["dceRetires"]),
  infructueux: (c, v) => void (c.infructueux = v as Contract["infructueux"]),
  offresIrregulieres: (c, v) => void (c.offresIrregulieres = v as Contract["offresIrregulieres"]),
  litiges: (c, v) => void (c.litiges = v as Contract["litiges"]),
  consultation: (c, v) => void (c.consultation = v as Contract["consultation"]),
  lot: (c, v) => void (c.lot = v as Contract["lot"]),
  typeContrat: (c, v) => void (c.typeContrat = v as Contract["typeContrat"]),
  accordCadre: (c, v) => void (c.accordCadre = v as Contract["accordCadre"]),
  defense: (c, v) => void (c.defense = v as Contract["defense"]),
  valeurEstimee: (c, v) => void (c.valeurEstimee = v as Contract["valeurEstimee"]),
  marchePrecedent: (c, v) => void (c.marchePrecedent = v as Contract["marchePrecedent"]),
  motifExceptionClimat: (c, v) => void (c.motifExceptionClimat = v as Contract["motifExceptionClimat"]),
  critereUniqueCout: (c, v) => void (c.critereUniqueCout = v as Contract["critereUniqueCout"]),
};

/** Builds, for one register column, the function that parses a non-blank cell into the contract. */
function setterFor(def: ColumnDef, pool: ((s: string) => string) | null = null): FieldSetter {
  const one = pool ?? ((s: string) => s);
  const key = def.key as keyof Contract;
  const store = STORE[key] ?? ((c: Contract, v: unknown) => void ((c as unknown as Record<string, unknown>)[key] = v));
  const assign = <T>(parse: (v: Cell) => Parsed<T>, numbers = false): FieldSetter => {
    const p = memo(parse, numbers);
    return (c, v) => {
      const r = p(v);
      if (r.ok) {
        store(c, r.value);
        return r.warning === undefined ? null : { warning: r.warning, keep: true };
      }
      return r.severity === "warning" ? { warning: r.message, keep: false } : r.message;
    };
  };
  if (def.key === "dureeMois") {
    // « 36 m » is 36 months, « 3 ans » 36 months (SPEC §2.6): not the numbers' « M » for millions.
    const slow = assign(parseDuration);
    return (c, v) => (typeof v === "number" && v >= 0 && v < Infinity ? (store(c, v), null) : slow(c, v));
  }
  switch (def.type) {
    case "id":
    case "text":
      return (c, v) => {
        store(c, typeof v === "string" ? one(cellText(v)) : cellText(v));
        return null;
      };
    case "cpv":
      return (c, v) => {
        const t = one(cellText(v).replace(/\s/g, ""));
        c.cpv = t;
        return /^\d{8}(-?\d)?$/.test(t) ? null : `code CPV ${showCell(v)} inattendu (8 chiffres attendus)`;
      };
    case "yesno":
      return assign(parseYesNo);
    case "number": {
      const slow = assign(parseNonNegative);
      // Fast path: most amounts arrive as numbers already.
      return (c, v) => (typeof v === "number" && v >= 0 && v < Infinity ? (store(c, v), null) : slow(c, v));
    }
    case "integer": {
      const slow = assign(parseNonNegativeInteger);
      return (c, v) => (typeof v === "number" && v >= 0 && Number.isInteger(v) ? (store(c, v), null) : slow(c, v));
    }
    case "percent":
      return assign(parsePercent, true);
    case "date":
      return assign(parseDate, true);
    case "actions":
      return assign(parseActionList);
    case "nature": {
      const p = memo(parseNature);
      const defence = memoText(isDefenceValue);
      const typeOf = memoText(contractTypeOfDecpNature);
      return (c, v) => {
        // DECP natures that are not a nature: « Marché de défense ou de sécurité » (docs/methodologie.md),
        // « Accord-cadre » and « Marché subséquent » (a « Type de contrat » cell of the row wins).
        if (defence(v)) c.defense = true;
        else if (c.typeContrat === null) c.typeContrat = typeOf(v);
        const r = p(v);
        if (r.ok) c.nature = r.value;
        return r.ok ? null : r.message;
      };
    }
    case "contractType":
      return assign(parseContractType);
    case "procedure": {
      const p = memo(parseProcedure);
      const defence = memoText(isDefenceValue);
      return (c, v) => {
        c.procedureLabel = one(cellText(v));
        // The DECP procedure « Marché de défense ou de sécurité » says what the contract is, not how it was awarded.
        if (defence(v)) {
          c.defense = true;
          return null;
        }
        const r = p(v);
        if (r.ok) c.procedure = r.value;
        return r.ok ? null : r.message;
      };
    }
    case "reserve": {
      const p = memo(parseReserve);
      return (c, v) => {
        const r = p(v);
        if (!r.ok) return r.message;
        c.reserve = r.value.reserve || c.reserve === true;
        if (r.value.type) c.reserveType = r.value.type;
        return null;
      };
    }
    case "identifier": {
      // Identifiers repeat (the same buyer, the same holder on many rows): one string kept per value.
      const slow = memo(parseIdentifier, true);
      return (c, v) => {
        if (typeof v === "string" && SIRET_TEXT.test(v)) {
          store(c, one(v));
          return null;
        }
        const r = slow(v);
        if (!r.ok) return r.message;
        store(c, one(r.value));
        return null;
      };
    }
    case "choice": {
      const choices = def.choices ?? [];
      const index = choiceIndex(choices);
      return assign((v) => parseChoice(v, index, choices, def.header));
    }
    case "choiceList": {
      const choices = def.choices ?? [];
      const index = choiceIndex(choices);
      return assign((v) => parseChoiceList(v, index, choices, def.header));
    }
    case "decpSocial":
      // A DECP « Clause sociale » / « Critère social » may be an insertion one: it sets socialDecp only (SPEC §2.1).
      return decpSetter({ clausesociale: "socialDecp", criteresocial: "socialDecp", marchereserve: "reserve", concessionreservee: "reserve" }, "sociale");
    case "decpEnv":
      return decpSetter({ clauseenvironnementale: "clauseEnvironnementale", critereenvironnemental: "critereEnvironnemental" }, "environnementale");
  }
}

/** DECP multi-valued considerations: "['Clause sociale', 'Critère social']" and the like (the reading of each text kept). */
function decpSetter(map: Record<string, keyof Contract>, kind: string): FieldSetter {
  const cache = new Map<string, { keys: (keyof Contract)[]; unknown: boolean }>();
  const parse = (text: string) => {
    const values = text
      .replace(/[[\]{}"']/g, " ")
      .split(/[,;|]/)
      .map((s) => compact(s))
      .filter((s) => s !== "");
    const keys: (keyof Contract)[] = [];
    let unknown = false;
    for (const val of values) {
      const singular = val.replace(/s$/, "").replace(/clauses/, "clause").replace(/criteres/, "critere");
      const k = map[val] ?? map[singular];
      if (k) keys.push(k);
      else if (!val.startsWith("pasdeconsideration") && val !== "sansobjet" && val !== "aucune") unknown = true;
    }
    return { keys, unknown };
  };
  return (c, v) => {
    const text = cellText(v);
    let r = cache.get(text);
    if (r === undefined) {
      r = parse(text);
      if (cache.size < 10_000) cache.set(text, r);
    }
    for (const k of r.keys) (c as unknown as Record<string, unknown>)[k] = true;
    return r.unknown ? `considération ${kind} ${showCell(v)} non reconnue` : null;
  };
}

/** A SIRET as a file writes it, read as it is. */
const SIRET_TEXT = /^[0-9]{14}$/;

/** The types of holder identifiers (SIRET, TVA…). */
const HOLDER_TYPES = choiceIndex(REGISTER_COLUMN_BY_KEY.get("titulaireTypeId")?.choices ?? []);

const unpooled = (s: string) => s;

/** The holder a cell names: its text, or its identifier when the identifier column stands for the holder. */
function holderKey(v: Cell, byId: boolean, pool: (s: string) => string): string {
  if (isBlank(v) || cellErrorText(v)) return "";
  if (!byId) return pool(cellText(v));
  const r = parseIdentifier(v);
  return r.ok ? pool(r.value) : "";
}

/** Shared by the contracts without co-holders / without targeted action (never mutated: frozen). */
const NO_HOLDERS: string[] = Object.freeze([]) as unknown as string[];
const NO_ACTIONS: number[] = Object.freeze([]) as unknown as number[];
const NO_HOLDER_IDS: readonly HolderId[] = Object.freeze([]);

/** The value of a DECP publication field (Contract) when its column is there and its cell blank. */
const PUBLICATION_DEFAULTS: Readonly<Record<string, unknown>> = Object.fromEntries(PUBLICATION_FIELDS.map((k) => [k, k === "cotitulairesIds" ? NO_HOLDER_IDS : null]));

/** A contract with every field unknown, built as one literal so that all contracts share one shape. */
function emptyContract(id: string, row: number, sheet: string): Contract {
  return {
    id, row, sheet, objet: null, titulaire: null, cotitulaires: NO_HOLDERS, entite: null, direction: null, nature: null, famille: null, cpv: null,
    procedure: null, procedureLabel: null, montant: null, dureeMois: null, dateNotification: null, datePrevisionnelle: null,
    recurrent: null, anticipe: null, dateCotation: null, dateLancement: null, actionsCiblees: null, clauseInsertion: null, heuresInsertionPrevues: null,
    heuresInsertionRealisees: null, critereInsertion: null, reserve: null, reserveType: null, clauseSociale: null, critereSocial: null,
    socialDecp: null, commerceEquitable: null, nombreLots: null, alloti: null, avance: null, tauxAvance: null, renonciationAvance: null, questionnementBesoin: null,
    outilsMethodo: null, clausesEquilibrees: null, revisionPrix: null, negociation: null, gainPrix: null, gainTechnique: null,
    evaluation: null, noteSatisfaction: null, acv: null, clauseSobriete: null, amoDD: null, critereEnvironnemental: null,
    clauseEnvironnementale: null, clauseDonneesImpact: null, clauseLimitationImpact: null, donneesObtenues: null,
    compensationCarbone: null, tco2Compensees: null, economieCirculaire: null, titulaireTpePme: null, titulaireEss: null,
    offresRecues: null, offresTpePme: null, dceRetires: null, infructueux: null, offresIrregulieres: null, litiges: null,
    consultation: null, lot: null, typeContrat: null, accordCadre: null, defense: null, valeurEstimee: null, marchePrecedent: null,
    motifExceptionClimat: null, critereUniqueCout: null,
  };
}

/**
 * The value of every field a register does not give (null: unknown; no co-holders): the prototype
 * of every contract read, so that a contract holds only the fields of its register's columns.
 */
export const CONTRACT_DEFAULTS: Readonly<Contract> = emptyContract("", 0, "");

/**
 * Up to this many fields of its own, a contract holds only its register's fields and reads the others
 * from CONTRACT_DEFAULTS (measured: beyond about 24 fields added by a constructor, V8 gives the object
 * a slow dictionary layout, larger and slower than a full copy).
 */
const COMPACT_FIELDS = 22;

/** Fields a column's setter writes besides the one of its key. */
const COMPANION_FIELDS: Record<string, readonly string[]> = {
  procedure: ["procedureLabel"],
  reserve: ["reserveType"],
  titulaire: ["cotitulaires"],
};

/**
 * Contracts with the given own fields, in that order, and CONTRACT_DEFAULTS as prototype. Built
 * through a constructor so that the engine gives them one compact shape (a constructor's objects
 * get their fields in the object itself; an object made by Object.create and filled afterwards does not).
 */
function contractFactory(own: Record<string, unknown>): () => Contract {
  const keys = Object.keys(own);
  const values = keys.map((k) => own[k]);
  function Blank(this: Record<string, unknown>): void {
    for (let i = 0; i < keys.length; i++) this[keys[i]] = values[i];
  }
  Blank.prototype = CONTRACT_DEFAULTS;
  const Ctor = Blank as unknown as new () => Contract;
  return () => new Ctor();
}

/** A copy of a contract (its own fields and the defaults it reads), with some fields replaced. */
export function copyContract(c: Contract, changes: Partial<Contract>): Contract {
  return Object.assign(Object.create(Object.getPrototypeOf(c) as object) as Contract, c, changes);
}

const POOL_SIZE = 200_000;

/**
 * Contracts by id: an open-addressing hash table of indices into the contract list (4 bytes a slot),
 * a tenth of what a Map of half a million ids holds, and no doubling of a large Map's table. The
 * hash of each contract's id is kept (4 bytes a contract): a probe compares ids only when their
 * hashes agree, and the table grows without hashing the ids again.
 */
class IdIndex {
  private slots = new Int32Array(1 << 10).fill(-1);
  private hashes = new Int32Array(1 << 10);
  private size = 0;
  /** The last id hashed by get, and its hash (add follows get for a new id). */
  private lastId: string | null = null;
  private lastHash = 0;

  constructor(private readonly contracts: Contract[]) {}

  private static hash(id: string): number {
    // FNV-1a over the UTF-16 code units.
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  private hashOf(id: string): number {
    if (id !== this.lastId) {
      this.lastId = id;
      this.lastHash = IdIndex.hash(id);
    }
    return this.lastHash;
  }

  get(id: string): Contract | undefined {
    const h = this.hashOf(id);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = this.slots[i];
      if (k < 0) return undefined;
      if (this.hashes[k] === (h | 0) && this.contracts[k].id === id) return this.contracts[k];
    }
  }

  /** Adds the contract at `index` of the contract list (its id not in the table yet). */
  add(index: number): void {
    if ((this.size + 1) * 10 > this.slots.length * 6) this.grow();
    if (index >= this.hashes.length) {
      const hashes = new Int32Array(Math.max(this.hashes.length * 2, index + 1));
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[index] = this.hashOf(this.contracts[index].id);
    this.put(this.slots, index);
    this.size++;
  }

  private put(slots: Int32Array, index: number): void {
    const mask = slots.length - 1;
    let i = (this.hashes[index] >>> 0) & mask;
    while (slots[i] >= 0) i = (i + 1) & mask;
    slots[i] = index;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (let i = 0; i < old.length; i++) if (old[i] >= 0) this.put(this.slots, old[i]);
  }
}

/** The register read so far, over all its sheets: ids are unique across them. */
class RegisterState {
  readonly contracts: Contract[] = [];
  readonly byId = new IdIndex(this.contracts);
  readonly present = new Set<string>();
  /** One per register sheet, in the order read. */
  readonly sources: RegisterSource[] = [];
  /** The header of each register sheet, in the order read. */
  readonly matches: HeaderMatch[] = [];
  /** The register's unknown columns (SPEC §8.1), set by the workbook reader. */
  own = new OwnColumnStore(false);
  private readonly pools = new Map<string, (s: string) => string>();

  /**
   * One copy of each text of a column (the same buyer, holder or procedure is written on thousands
   * of rows): the register keeps one string per distinct value, up to POOL_SIZE values per column,
   * and stops adding values to a column whose values hardly repeat.
   */
  pool(key: string): (s: string) => string {
    let f = this.pools.get(key);
    if (!f) {
      const m = new Map<string, string>();
      let hits = 0;
      let open = true;
      f = (s: string) => {
        const hit = m.get(s);
        if (hit !== undefined) {
          hits++;
          return hit;
        }
        if (open) {
          m.set(s, s);
          if (m.size >= POOL_SIZE || (m.size >= 50_000 && hits < m.size / 10)) open = false;
        }
        return s;
      };
      this.pools.set(key, f);
    }
    return f;
  }

  /** The register's source: its sheets joined by ", ", counts summed, columns of all its sheets. */
  source(): RegisterSource {
    const [first, ...rest] = this.sources;
    if (rest.length === 0) return first;
    const columns: Record<string, string> = {};
    const unknown: string[] = [];
    for (const s of this.sources) {
      for (const [k, h] of Object.entries(s.columns)) if (!(k in columns)) columns[k] = h;
      for (const u of s.unknownColumns) if (!unknown.includes(u)) unknown.push(u);
    }
    const sum = (k: "rowsRead" | "rowsUsed" | "rowsRejected" | "rowsMerged") => this.sources.reduce((n, s) => n + s[k], 0);
    return {
      sheet: [...new Set(this.sources.map((s) => s.sheet))].join(", "),
      headerRow: first.headerRow,
      columns,
      unknownColumns: unknown,
      rowsRead: sum("rowsRead"),
      rowsUsed: sum("rowsUsed"),
      rowsRejected: sum("rowsRejected"),
      rowsMerged: sum("rowsMerged"),
    };
  }
}

interface RegisterColumn {
  def: ColumnDef;
  col: number;
  header: string;
  set: FieldSetter;
}

/** One register sheet read row by row into contracts (SPEC §2.1, §2.6). */
class ContractStream {
  private readonly sheet: string;
  private readonly originRow: number;
  private readonly originCol: number;
  private readonly idCol: number;
  private readonly idHeader: string;
  private readonly titulaireCol: number | undefined;
  /** No « Titulaire » column: the holder's identifier names the holder. */
  private readonly holderById: boolean;
  private readonly holderIdCol: number | undefined;
  private readonly holderTypeCol: number | undefined;
  private readonly cols: RegisterColumn[];
  private readonly hasActions: boolean;
  /** A new contract holding this sheet's fields at their blank value (the others read from CONTRACT_DEFAULTS). */
  private readonly make: () => Contract;
  private readonly natureCol: number | undefined;
  private readonly allotiCol: number | undefined;
  private readonly typeCol: number | undefined;
  private readonly holderPool: (s: string) => string;
  /** The columns read: the header's register columns, and the unknown columns kept (SPEC §8.1). */
  readonly columns: ReadonlySet<number>;
  /** Unknown columns whose cells are kept, by column index in the grid. */
  private readonly own: { col: number; cells: Cell[] }[];
  private rowsRead = 0;
  private rejected = 0;
  private merged = 0;
  private readonly mergedRows: number[] = [];
  private used = 0;
  /** Totals rows skipped (sheet rows), and the column of the first one's label. */
  private readonly totalRows: number[] = [];
  private totalCol = -1;

  constructor(
    private readonly state: RegisterState,
    private readonly m: HeaderMatch,
    private readonly log: IssueLog,
    /** Normalised headers the `Référentiel` may name (null: unknown yet, every unknown column is kept). */
    mayName: ((norm: string) => boolean) | null = null,
  ) {
    const { grid } = m;
    this.sheet = grid.sheet;
    this.originRow = grid.originRow ?? 0;
    this.originCol = grid.originCol ?? 0;
    for (const d of m.duplicates) {
      // A DECP export has both `uid` and `id`, `acheteur` and `acheteur_nom`: the first of each pair
      // is used, as expected (information only).
      const kept = normalizeHeader(m.headers[m.columns.get(d.key) as number]);
      const decpPair = DECP_PAIRS.has(`${kept}/${normalizeHeader(d.header)}`);
      log.add(decpPair ? "info" : "warning", this.sheet, this.originRow + m.rowIndex + 1, d.header, this.originCol + d.col, `colonne « ${d.header} » ignorée : une autre colonne donne déjà « ${REGISTER_COLUMN_BY_KEY.get(d.key)?.header ?? d.key} »`);
    }
    this.idCol = m.columns.get("id") as number;
    this.idHeader = m.headers[this.idCol];
    const holderIdCol = m.columns.get("titulaireId");
    // Without a « Titulaire » column, the holder's identifier (`titulaire_id`) names the holder (and its co-holders).
    this.holderById = !m.columns.has("titulaire") && holderIdCol !== undefined;
    this.titulaireCol = m.columns.get("titulaire") ?? holderIdCol;
    this.holderIdCol = holderIdCol;
    this.holderTypeCol = m.columns.get("titulaireTypeId");
    this.natureCol = m.columns.get("nature");
    this.allotiCol = m.columns.get("alloti");
    this.typeCol = m.columns.get("typeContrat");
    // The first column too: a totals row may be labelled there (« Total », SPEC §2.6).
    const firstHeader = firstFilled(m.headers as Cell[]);
    const used = new Set<number>([...m.columns.values(), ...m.duplicates.map((d) => d.col)]);
    this.own = state.own.columnsOf(this.sheet, this.originCol, m.headers, used, mayName).map((o) => ({ col: o.col, cells: o.raw.cells as Cell[] }));
    this.columns = new Set([...m.columns.values(), ...(firstHeader >= 0 ? [firstHeader] : []), ...this.own.map((o) => o.col)]);
    this.holderPool = state.pool("titulaire");
    this.cols = [...m.columns.entries()]
      .filter(([k]) => k !== "id")
      .map(([k, c]) => ({ def: REGISTER_COLUMN_BY_KEY.get(k) as ColumnDef, col: c, header: m.headers[c], set: setterFor(REGISTER_COLUMN_BY_KEY.get(k) as ColumnDef, k === "objet" ? null : state.pool(k)) }))
      // DECP multi-valued columns last: they add to the dedicated columns, never the reverse.
      .sort((a, b) => Number(a.def.type.startsWith("decp")) - Number(b.def.type.startsWith("decp")));
    if (this.holderById) {
      const holder = this.holderPool;
      const def = REGISTER_COLUMN_BY_KEY.get("titulaire") as ColumnDef;
      this.cols.push({ def, col: holderIdCol as number, header: m.headers[holderIdCol as number], set: (c, v) => {
          c.titulaire = holderKey(v, true, holder) || null;
          return null;
        },
      });
    }
    // Yes/no fields whose column is present and whose blank means "non".
    const blankNo = this.cols.filter((x) => x.def.blank === "no").map((x) => x.def.key);
    const decpSocial = m.columns.has("considerationsSociales");
    const decpEnv = m.columns.has("considerationsEnvironnementales");
    // Provisions that a DECP considerations column gives: "non" unless it says otherwise.
    if (decpSocial) blankNo.push("socialDecp", "reserve");
    if (decpEnv) blankNo.push("clauseEnvironnementale", "critereEnvironnemental");
    this.hasActions = m.columns.has("actionsCiblees");
    // Every contract starts as a copy of this one (one shape for all, fast to copy). It holds only
    // the fields this sheet's columns give: the others are read from CONTRACT_DEFAULTS, the
    // prototype of every contract (a national file has a dozen columns: a contract then costs a
    // fraction of the seventy-odd fields of the model).
    const own: Record<string, unknown> = { id: "", row: 0, sheet: this.sheet };
    const fields = new Set(Object.keys(CONTRACT_DEFAULTS));
    const defaults = CONTRACT_DEFAULTS as unknown as Record<string, unknown>;
    // Without a « Titulaire » column, the holder's identifier (`titulaire_id`) names the holder.
    const holderKeys = this.holderById ? ["titulaire", "cotitulaires"] : [];
    for (const k of [...m.columns.keys(), ...holderKeys]) {
      for (const f of [k, ...(COMPANION_FIELDS[k] ?? [])]) {
        if (fields.has(f)) own[f] = defaults[f];
        else if (f in PUBLICATION_DEFAULTS) own[f] = PUBLICATION_DEFAULTS[f];
      }
    }
    if (decpSocial) for (const f of ["socialDecp", "reserve", "reserveType"]) own[f] = null;
    if (decpEnv) for (const f of ["clauseEnvironnementale", "critereEnvironnemental"]) own[f] = null;
    if (m.columns.has("cpv")) own.nature = null;
    if (m.columns.has("nombreLots")) own.alloti = null;
    for (const k of blankNo) own[k] = false;
    if (Object.keys(own).length <= COMPACT_FIELDS) this.make = contractFactory(own);
    else {
      // Many columns: every field in the object itself, copied from one template (a literal copy
      // keeps the engine's fast layout, which an object of more than about 24 fields added one by
      // one loses).
      const full: Contract = { ...emptyContract("", 0, this.sheet), ...(own as Partial<Contract>) };
      this.make = () => ({ ...full });
    }

    state.matches.push(m);
    const present = state.present;
    for (const k of m.columns.keys()) present.add(k);
    if (this.holderById) present.add("titulaire");
    present.delete("considerationsSociales");
    present.delete("considerationsEnvironnementales");
    if (decpSocial) ["socialDecp", "reserve"].forEach((k) => present.add(k));
    if (decpEnv) ["clauseEnvironnementale", "critereEnvironnemental"].forEach((k) => present.add(k));
    if (present.has("nombreLots")) present.add("alloti");
    if (present.has("cpv")) present.add("nature");
    if (present.has("dateCotation")) present.add("anticipe");
  }

  /** A row below the header (0-based index in the grid). */
  row(r: number, row: Cell[]): void {
    if (rowIsBlank(row)) return;
    const { log, sheet, idCol } = this;
    const sheetRow = this.originRow + r + 1;
    const idCell = row[idCol];
    // A totals row (« Total », « Sous-total », « Total général » in its N° marché or its first
    // cell) is no contract: skipped like a blank row, not read (SPEC §2.6), one info at the end.
    if (isTotalLabel(idCell) || this.firstIsTotal(row)) {
      if (this.totalRows.length === 0) this.totalCol = isTotalLabel(idCell) ? idCol : firstFilled(row);
      this.totalRows.push(sheetRow);
      return;
    }
    this.rowsRead++;
    const idErr = cellErrorText(idCell);
    if (isBlank(idCell) || idErr) {
      log.add("error", sheet, sheetRow, this.idHeader, this.originCol + idCol, idErr ? (idErr === UNCALCULATED_FORMULA ? `${idErr} (N° marché inconnu) : ligne ignorée` : `${idErr} dans le N° marché : ligne ignorée`) : "N° marché vide : ligne ignorée");
      this.rejected++;
      return;
    }
    const id = cellText(idCell);
    const first = this.state.byId.get(id);
    if (first) {
      // The holder's text is pooled only when kept (a co-holder): a duplicate row's is compared, then dropped.
      const tit = this.titulaireCol === undefined ? null : holderKey(row[this.titulaireCol], this.holderById, unpooled);
      // A co-holder is a holder not seen yet for this id; a repeated or blank holder is a duplicate.
      if (tit && tit !== (first.titulaire ?? "") && !first.cotitulaires.includes(tit)) {
        first.cotitulaires = [...first.cotitulaires, this.holderPool(tit)];
        if (this.holderIdCol !== undefined) first.cotitulairesIds = [...(first.cotitulairesIds ?? []), this.holderId(row)];
        this.merged++;
        this.mergedRows.push(sheetRow);
        return;
      }
      const where = first.sheet === sheet ? `ligne ${first.row}` : `feuille « ${first.sheet} », ligne ${first.row}`;
      log.add("error", sheet, sheetRow, this.idHeader, this.originCol + idCol, `N° marché « ${id} » en double (déjà ${where}) : ligne ignorée`);
      this.rejected++;
      return;
    }
    const c = this.make();
    c.id = id;
    c.row = sheetRow;
    // A blank `Actions ciblées` cell means no action targeted (SPEC §2.1); a bad cell resets it to unknown.
    if (this.hasActions) c.actionsCiblees = NO_ACTIONS;
    const cols = this.cols;
    for (let i = 0; i < cols.length; i++) {
      const x = cols[i];
      const v = row[x.col];
      if (isBlank(v)) continue;
      const err = cellErrorText(v);
      if (err) {
        (c as unknown as Record<string, unknown>)[x.def.key] = null;
        log.add("error", sheet, sheetRow, x.header, this.originCol + x.col, cellErrorMessage(err, `« ${x.header} » inconnu pour ce marché`));
        continue;
      }
      const msg = x.set(c, v);
      if (msg !== null && typeof msg !== "string") {
        // A value read with a warning (two-digit year), or not plausible (31/12/9999): unknown.
        if (!msg.keep) (c as unknown as Record<string, unknown>)[x.def.key] = null;
        log.add("warning", sheet, sheetRow, x.header, this.originCol + x.col, msg.warning);
      } else if (msg !== null) {
        if (x.def.type !== "cpv" && x.def.type !== "decpSocial" && x.def.type !== "decpEnv") (c as unknown as Record<string, unknown>)[x.def.key] = null;
        const severity: Severity = x.def.type === "procedure" || x.def.type === "nature" || x.def.type === "cpv" || x.def.type === "decpSocial" || x.def.type === "decpEnv" ? "warning" : "error";
        log.add(severity, sheet, sheetRow, x.header, this.originCol + x.col, msg);
      }
    }
    this.derive(c, row);
    const index = this.state.contracts.push(c) - 1;
    this.state.byId.add(index);
    const own = this.own;
    for (let i = 0; i < own.length; i++) {
      const v = row[own[i].col];
      if (!isBlank(v)) own[i].cells[index] = v;
    }
    this.used++;
  }

  /** The identifier of the holder of a row (a co-holder's), as its columns give it. */
  private holderId(row: Cell[]): HolderId {
    const idCell = row[this.holderIdCol as number];
    const id = isBlank(idCell) || cellErrorText(idCell) ? null : parseIdentifier(idCell);
    let type: string | null = null;
    if (this.holderTypeCol !== undefined && !isBlank(row[this.holderTypeCol])) {
      const def = REGISTER_COLUMN_BY_KEY.get("titulaireTypeId") as ColumnDef;
      const r = parseChoice(row[this.holderTypeCol], HOLDER_TYPES, def.choices ?? [], def.header);
      type = r.ok ? r.value : null;
    }
    return { id: id && id.ok ? id.value : null, type };
  }

  /** Whether the first non-blank cell of a row is a totals label. */
  private firstIsTotal(row: Cell[]): boolean {
    const c = firstFilled(row);
    return c >= 0 && c !== this.idCol && isTotalLabel(row[c]);
  }

  /** A row of the file that could not be split into cells: read and rejected. */
  reject(r: number, message: string): void {
    this.rowsRead++;
    this.rejected++;
    this.log.add("error", this.sheet, this.originRow + r + 1, null, null, message);
  }

  /** Values derived from other columns when their own cell is blank (not a bad cell, not absent). */
  private derive(c: Contract, row: Cell[]): void {
    if (c.nature === null && c.cpv && (this.natureCol === undefined || isBlank(row[this.natureCol]))) c.nature = natureFromCpv(c.cpv, c.objet);
    if (c.alloti === null && c.nombreLots !== null && (this.allotiCol === undefined || isBlank(row[this.allotiCol]))) c.alloti = c.nombreLots >= 2;
    // A parent agreement named and no type written: a subsequent contract (or order).
    if (c.typeContrat === null && c.accordCadre !== null && (this.typeCol === undefined || isBlank(row[this.typeCol]))) c.typeContrat = "subsequent";
  }

  /** The sheet's counts, once its last row is read. */
  end(): RegisterSource {
    const { m, merged } = this;
    const totals = this.totalRows;
    if (totals.length === 1) {
      const header = this.totalCol >= 0 ? (m.headers[this.totalCol] ?? null) : null;
      this.log.add("info", this.sheet, totals[0], header || null, this.totalCol >= 0 ? this.originCol + this.totalCol : null, `ligne de total ignorée (ce n'est pas un marché) : ligne ${totals[0]}`);
    } else if (totals.length > 1) {
      this.log.add("info", this.sheet, null, null, null, `${totals.length} lignes de total ignorées (ce ne sont pas des marchés) : lignes ${summarizeRows(totals)}`);
    }
    if (merged > 0) {
      this.log.add(
        "info",
        this.sheet,
        null,
        m.headers[this.titulaireCol as number] ?? null,
        null,
        `${merged} ligne${merged > 1 ? "s" : ""} de co-titulaires fusionnée${merged > 1 ? "s" : ""} avec leur marché (même N° marché, autre titulaire) : lignes ${summarizeRows(this.mergedRows)}`,
      );
    }
    return { ...tableSource(m), rowsRead: this.rowsRead, rowsUsed: this.used, rowsRejected: this.rejected, rowsMerged: merged };
  }
}

function summarizeRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(", ");
  return rows.length > 10 ? `${shown}… (${rows.length} en tout)` : shown;
}

// ---------------------------------------------------------------- side tables

interface SideRowContext {
  sheet: string;
  sheetRow: number;
  row: Cell[];
  m: HeaderMatch;
  log: IssueLog;
}

/** Reads a side-table cell: null when blank, absent or bad (bad cells are logged). */
function sideCell<T>(ctx: SideRowContext, key: string, parse: (v: Cell) => Parsed<T>, severity: Severity = "error"): T | null {
  const col = ctx.m.columns.get(key);
  if (col === undefined) return null;
  const v = ctx.row[col];
  if (isBlank(v)) return null;
  const header = ctx.m.headers[col];
  const err = cellErrorText(v);
  const r: Parsed<T> = err ? { ok: false as const, message: err === UNCALCULATED_FORMULA ? err : `${err} : valeur d'erreur Excel` } : parse(v);
  const at = (ctx.m.grid.originCol ?? 0) + col;
  if (r.ok) {
    if (r.warning !== undefined) ctx.log.add("warning", ctx.sheet, ctx.sheetRow, header, at, r.warning);
    return r.value;
  }
  ctx.log.add(r.severity ?? severity, ctx.sheet, ctx.sheetRow, header, at, r.message);
  return null;
}

/** A yes/no cell of a side table: blank means "non", a bad cell is unknown. */
function yesNoBlankNo(ctx: SideRowContext, key: string): boolean | null {
  const col = ctx.m.columns.get(key);
  if (col === undefined) return null;
  return isBlank(ctx.row[col]) ? false : sideCell(ctx, key, parseYesNo);
}

const textOf = (v: Cell): Parsed<string> => ({ ok: true, value: cellText(v) });

function* sideRows(m: HeaderMatch, log: IssueLog): Generator<SideRowContext> {
  const originRow = m.grid.originRow ?? 0;
  for (let r = m.rowIndex + 1; r < m.grid.rows.length; r++) {
    const row = m.grid.rows[r];
    if (rowIsBlank(row)) continue;
    yield { sheet: m.grid.sheet, sheetRow: originRow + r + 1, row, m, log };
  }
}

function missingRequired(ctx: SideRowContext, key: string, label: string, what: string): void {
  const col = ctx.m.columns.get(key);
  ctx.log.add("error", ctx.sheet, ctx.sheetRow, col === undefined ? label : ctx.m.headers[col], col === undefined ? null : (ctx.m.grid.originCol ?? 0) + col, `${what} : ligne ignorée`);
}

function readActivities(m: HeaderMatch, log: IssueLog): { rows: Activity[]; source: TableSource } {
  const rows: Activity[] = [];
  if (!m.columns.has("action")) log.add("error", m.grid.sheet, (m.grid.originRow ?? 0) + m.rowIndex + 1, null, null, "colonne « Action » introuvable : la feuille des activités est ignorée");
  else
    for (const ctx of sideRows(m, log)) {
      const action = sideCell(ctx, "action", parseActionNumber);
      if (action === null) {
        if (isBlank(ctx.row[m.columns.get("action") as number])) missingRequired(ctx, "action", "Action", "numéro d'action vide");
        continue;
      }
      rows.push({
        row: ctx.sheetRow,
        action,
        type: sideCell(ctx, "type", textOf),
        intitule: sideCell(ctx, "intitule", textOf),
        statut: sideCell(ctx, "statut", parseActivityStatus, "warning"),
        date: sideCell(ctx, "date", parseDate),
        agentsFormes: sideCell(ctx, "agentsFormes", parseNonNegativeInteger),
        agentsAFormer: sideCell(ctx, "agentsAFormer", parseNonNegativeInteger),
        tempsJours: sideCell(ctx, "tempsJours", parseNonNegative),
      });
    }
  return { rows, source: tableSource(m) };
}

function parseActionNumber(v: Cell): Parsed<number> {
  const r = parseActionList(v);
  if (!r.ok) return r;
  if (r.value.length !== 1) return { ok: false, message: `${showCell(v)} : un seul numéro d'action est attendu` };
  return { ok: true, value: r.value[0] };
}

function readInsertion(m: HeaderMatch, log: IssueLog): { rows: InsertionRow[]; source: TableSource } {
  const rows: InsertionRow[] = [];
  for (const ctx of sideRows(m, log)) {
    const annee = sideCell(ctx, "annee", parseYear);
    if (annee === null) {
      const col = m.columns.get("annee");
      if (col === undefined || isBlank(ctx.row[col])) missingRequired(ctx, "annee", "Année", "année vide");
      continue;
    }
    rows.push({
      row: ctx.sheetRow,
      marche: sideCell(ctx, "marche", textOf),
      annee,
      heures: sideCell(ctx, "heures", parseNonNegative),
      genre: sideCell(ctx, "genre", parseGender),
      trancheAge: sideCell(ctx, "trancheAge", textOf),
      qualification: sideCell(ctx, "qualification", textOf),
      rqth: yesNoBlankNo(ctx, "rqth"),
      formationQualifiante: yesNoBlankNo(ctx, "formationQualifiante"),
    });
  }
  return { rows, source: tableSource(m) };
}

function readManual(m: HeaderMatch, log: IssueLog): ManualInput[] {
  const rows: ManualInput[] = [];
  for (const ctx of sideRows(m, log)) {
    const id = sideCell(ctx, "indicateur", textOf);
    const annee = sideCell(ctx, "annee", parseYear);
    if (!id || annee === null) {
      if (!id) missingRequired(ctx, "indicateur", "Indicateur", "identifiant d'indicateur vide");
      else if (annee === null && isBlank(ctx.row[m.columns.get("annee") ?? -1])) missingRequired(ctx, "annee", "Année", "année vide");
      continue;
    }
    const canonical = id.toUpperCase().replace(/\s+/g, "");
    if (!INDICATOR_BY_ID.has(canonical)) {
      const col = m.columns.get("indicateur") as number;
      log.add("warning", ctx.sheet, ctx.sheetRow, m.headers[col], (m.grid.originCol ?? 0) + col, `indicateur « ${id} » inconnu (exemple d'identifiant : A22.E1) : ligne ignorée`);
      continue;
    }
    const raw = sideCell(ctx, "valeur", (v) => ({ ok: true as const, value: v }));
    let valeur: number | string | null = null;
    if (raw !== null) {
      const def = INDICATOR_BY_ID.get(canonical);
      const num = def?.unit === "percent" ? parsePercent(raw) : parseNonNegative(raw);
      valeur = num.ok && typeof raw !== "boolean" ? num.value : cellText(raw);
    }
    rows.push({ row: ctx.sheetRow, indicator: canonical, annee, valeur, commentaire: sideCell(ctx, "commentaire", textOf) });
  }
  return rows;
}

/**
 * « Actions ciblées » names actions of the plan in use (the seed's 26, or the workbook's `Plan`
 * sheet), known once the whole workbook is read: a cell naming another is unknown, like any bad
 * cell, with an error at its address.
 */
function checkTargetedActions(contracts: readonly Contract[], matches: readonly HeaderMatch[], plan: Plan, log: IssueLog): void {
  const known = new Set(plan.actions.map((a) => a.n));
  const where = plan.kind === "intégré" ? `les actions du SPASER vont de ${actionRangeText(plan)}` : `les actions du plan (feuille « ${plan.sheet} ») sont ${actionRangeText(plan)}`;
  for (const c of contracts) {
    const list = c.actionsCiblees;
    if (!list || list.length === 0) continue;
    const wrong = list.filter((n) => !known.has(n));
    if (!wrong.length) continue;
    const m = matches.find((x) => x.grid.sheet === c.sheet && x.columns.has("actionsCiblees"));
    const col = m?.columns.get("actionsCiblees");
    log.add("error", c.sheet, c.row, m && col !== undefined ? m.headers[col] : null, m && col !== undefined ? (m.grid.originCol ?? 0) + col : null, `${wrong.length > 1 ? "actions" : "action"} ${wrong.join(", ")} ${wrong.length > 1 ? "inconnues" : "inconnue"} : ${where}`);
    c.actionsCiblees = null;
  }
}
