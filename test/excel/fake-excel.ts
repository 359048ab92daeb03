/**
 * An in-memory Excel that behaves like Office.js and Excel where the add-in depends on it:
 *
 * - Batches. Commands are queued and applied in order at `context.sync()` (counted); a property can
 *   be read only after `load` and a sync (PropertyNotLoaded otherwise); a failing command stops the
 *   batch at that command, the commands before it staying applied. Two `Excel.run` batches
 *   interleave at their syncs, as they do in Excel.
 * - Request size. Each command is serialized (its path and arguments as JSON, plus a fixed
 *   overhead); a sync whose request exceeds 5 MB fails with RequestPayloadSizeLimitExceeded and
 *   applies nothing; loaded data over 5 MB fails with ResponsePayloadSizeLimitExceeded, as in Excel
 *   on the web. https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
 * - Cell-edit mode. While `beginEdit()` holds, a batch run without `delayForCellEdit: true` fails at
 *   its first sync with InvalidOperationInCellEditMode; with it, the batch waits for `endEdit()`.
 *   https://learn.microsoft.com/javascript/api/excel/excel.runoptions
 * - Sheet names: at most 31 characters, none of : \ / ? * [ ], not blank, no leading or trailing
 *   apostrophe, not "History", unique without regard to case.
 * - Ids: `reopen()` closes and opens the workbook: every sheet gets a new id (ids are unique in a
 *   workbook, not stable across sessions), event handlers are gone; what the file keeps (cells,
 *   settings, worksheet custom properties, sheet-scoped names) stays.
 * - Events: the add-in's own writes raise worksheet change, add, delete and rename events, after
 *   the sync, with `source: "Local"` and (ExcelApi 1.14) `triggerSource: "ThisLocalAddin"`;
 *   `userEdit()` raises what a person typing raises. `onNameChanged` exists from ExcelApi 1.17.
 * - Requirement sets: `apiVersion` (default 1.17) answers `isSetSupported("ExcelApi", v)`; APIs of
 *   a later set are absent (undefined) on the objects, as in an older Excel.
 * - Calculation: a formula written while `suspendApiCalculationUntilNextSync()` holds is stale
 *   (its value never computed) until `calculate()` on its sheet or range.
 * - Sheets: copy (with charts, names and custom properties), visibility (the last visible sheet
 *   cannot be hidden), delete; ranges: values, number formats, formulas, cell formats, merges,
 *   copyFrom, clear, conditional formats, data validation, column widths and row heights (with
 *   get/setColumnProperties / get/setRowProperties), freeze panes, page layout, charts.
 * - Hyperlinks (ExcelApi 1.7): `range.hyperlink = { documentReference, textToDisplay }` puts the
 *   link on every cell of the range and the text in it; a value written later keeps the link;
 *   clear("All") and clear("Hyperlinks") remove it; copyFrom "All" copies it.
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-hyperlink-member
 * - Tables of a sheet (`worksheet.tables.load("items/name")`, `getRange()`), and
 *   `worksheets.getItemOrNullObject(name)` (isNullObject after the sync, without a load).
 */
import type { Cell } from "../../src/register/types";

export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
/** Bytes of a command besides its arguments (action, ids, object path). */
export const COMMAND_OVERHEAD_BYTES = 150;

export class ExcelError extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Rect {
  r: number;
  c: number;
  n: number;
  m: number;
}

export interface FakeCell {
  value: string | number | boolean;
  numberFormat: string;
  formula?: string;
  /** A formula whose value was never computed (written while calculation was suspended). */
  stale?: boolean;
  /** Cell formats by path, e.g. "font.bold", "fill.color", "borders.EdgeTop.style". */
  style?: Record<string, unknown>;
  /** An internal or external hyperlink (Range.hyperlink). */
  hyperlink?: { documentReference?: string; address?: string; screenTip?: string; textToDisplay?: string };
}

export interface LogEntry {
  path: string;
  value?: unknown;
}

export interface FakeChart {
  name: string;
  type: string;
  log: LogEntry[];
}

export interface FakeConditionalFormat {
  rect: Rect;
  type: string;
  props: Record<string, unknown>;
}

export interface FakeValidation {
  rect: Rect;
  props: Record<string, unknown>;
}

const FORBIDDEN = /[:\\/?*[\]]/;
const MAX_ROWS = 1_048_576;
/** Standard column width and row height (points), what get*Properties give for unset ones. */
export const STANDARD_WIDTH = 48;
export const STANDARD_HEIGHT = 15;
const MAX_COLS = 16_384;

function utf8(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function key(r: number, c: number): string {
  return `${r},${c}`;
}

function inRect(r: number, c: number, x: Rect): boolean {
  return r >= x.r && r < x.r + x.n && c >= x.c && c < x.c + x.m;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.r < b.r + b.n && b.r < a.r + a.n && a.c < b.c + b.m && b.c < a.c + a.m;
}

function within(a: Rect, outer: Rect): boolean {
  return a.r >= outer.r && a.c >= outer.c && a.r + a.n <= outer.r + outer.n && a.c + a.m <= outer.c + outer.m;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function colLetters(c: number): string {
  let s = "";
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function rectAddress(x: Rect): string {
  const a = `${colLetters(x.c)}${x.r + 1}`;
  return x.n === 1 && x.m === 1 ? a : `${a}:${colLetters(x.c + x.m - 1)}${x.r + x.n}`;
}

/** "B2", "B2:C3", "$1:$3" (rows), "A:C" (columns), without a sheet. */
export function parseAddress(address: string): Rect {
  const a = address.replace(/\$/g, "").replace(/^.*!/, "").trim();
  let m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/i.exec(a);
  if (m) {
    const r1 = Number(m[2]) - 1;
    const c1 = colIndex(m[1]);
    const r2 = m[4] ? Number(m[4]) - 1 : r1;
    const c2 = m[3] ? colIndex(m[3]) : c1;
    return { r: Math.min(r1, r2), c: Math.min(c1, c2), n: Math.abs(r2 - r1) + 1, m: Math.abs(c2 - c1) + 1 };
  }
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { r: Number(m[1]) - 1, c: 0, n: Number(m[2]) - Number(m[1]) + 1, m: MAX_COLS };
  m = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(a);
  if (m) return { r: 0, c: colIndex(m[1]), n: MAX_ROWS, m: colIndex(m[2]) - colIndex(m[1]) + 1 };
  throw new ExcelError("InvalidArgument", `adresse ${address} non reconnue`);
}

/** The name rules of Excel for a worksheet; throws InvalidArgument. */
export function checkSheetName(name: string): void {
  if (typeof name !== "string" || name.trim() === "") throw new ExcelError("InvalidArgument", "nom de feuille vide");
  if (name.length > 31) throw new ExcelError("InvalidArgument", `nom de feuille de plus de 31 caractères : ${name}`);
  if (FORBIDDEN.test(name)) throw new ExcelError("InvalidArgument", `caractère interdit dans le nom de feuille : ${name}`);
  if (name.startsWith("'") || name.endsWith("'")) throw new ExcelError("InvalidArgument", `apostrophe au début ou à la fin du nom : ${name}`);
  if (name.toLowerCase() === "history") throw new ExcelError("InvalidArgument", "nom réservé : History");
}

/**
 * The cells of a sheet by "row,col" key, as a Map would hold them, in shards of 4,096 rows: one
 * JavaScript Map holds at most 2^24 entries, fewer than the 46.9 M cells of a register at Excel's
 * row limit (1,048,575 contracts × 50 columns, bench/addin.js).
 */
export class CellMap {
  private shards = new Map<number, Map<string, FakeCell>>();
  private count = 0;
  private static shardOf(k: string): number {
    return Math.floor(Number(k.slice(0, k.indexOf(","))) / 4096);
  }
  get size(): number {
    return this.count;
  }
  get(k: string): FakeCell | undefined {
    return this.shards.get(CellMap.shardOf(k))?.get(k);
  }
  has(k: string): boolean {
    return this.get(k) !== undefined;
  }
  set(k: string, v: FakeCell): this {
    const i = CellMap.shardOf(k);
    let m = this.shards.get(i);
    if (!m) this.shards.set(i, (m = new Map()));
    if (!m.has(k)) this.count++;
    m.set(k, v);
    return this;
  }
  delete(k: string): boolean {
    const m = this.shards.get(CellMap.shardOf(k));
    if (!m || !m.delete(k)) return false;
    this.count--;
    return true;
  }
  clear(): void {
    this.shards.clear();
    this.count = 0;
  }
  *entries(): IterableIterator<[string, FakeCell]> {
    for (const m of [...this.shards.values()]) yield* m.entries();
  }
  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): IterableIterator<FakeCell> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): IterableIterator<[string, FakeCell]> {
    return this.entries();
  }
}

export class FakeSheet {
  cells = new CellMap();
  merges: Rect[] = [];
  conditionalFormats: FakeConditionalFormat[] = [];
  validations: FakeValidation[] = [];
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  frozen: { rows: number; cols: number } | null = null;
  /** Sheet-level properties by path: tabColor, showGridlines, pageLayout.orientation… */
  props = new Map<string, unknown>();
  charts: FakeChart[] = [];
  customProperties = new Map<string, string>();
  /** Sheet-scoped named items: name -> comment. */
  names = new Map<string, { comment: string; reference: string }>();
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  /** Révision > Protéger la feuille: every command that changes the sheet fails (AccessDenied). */
  protected = false;
  log: LogEntry[] = [];
  deleted = false;
  constructor(
    public id: string,
    public name: string,
  ) {}

  set(r: number, c: number, value: string | number | boolean, numberFormat?: string): void {
    const prev = this.cells.get(key(r, c));
    const fmt = numberFormat ?? prev?.numberFormat ?? "General";
    if (value === "" || value === null || value === undefined) {
      if (numberFormat !== undefined || prev?.style || prev?.hyperlink)
        this.cells.set(key(r, c), { value: "", numberFormat: fmt, ...(prev?.style ? { style: prev.style } : {}), ...(prev?.hyperlink ? { hyperlink: prev.hyperlink } : {}) });
      else this.cells.delete(key(r, c));
      return;
    }
    const isFormula = typeof value === "string" && value.startsWith("=") && fmt !== "@";
    this.cells.set(key(r, c), {
      value: isFormula ? 0 : value,
      numberFormat: fmt,
      ...(isFormula ? { formula: value as string } : {}),
      ...(prev?.style ? { style: prev.style } : {}),
      ...(prev?.hyperlink ? { hyperlink: prev.hyperlink } : {}),
    });
  }

  /** A number format changes how a cell shows, not what it holds (a formula stays a formula). */
  setFormat(r: number, c: number, numberFormat: string): void {
    const prev = this.cells.get(key(r, c));
    this.cells.set(key(r, c), { ...(prev ?? { value: "" }), numberFormat });
  }

  get(r: number, c: number): FakeCell | undefined {
    return this.cells.get(key(r, c));
  }

  /** The value as a reader sees it ("" for a blank cell). */
  value(r: number, c: number): string | number | boolean {
    return this.cells.get(key(r, c))?.value ?? "";
  }

  /** Bounding box of the cells that hold a value. */
  used(valuesOnly = true): { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number } | null {
    let r0 = Infinity,
      c0 = Infinity,
      r1 = -1,
      c1 = -1;
    for (const [k, cell] of this.cells) {
      if (valuesOnly && cell.value === "" && !cell.formula) continue;
      const [r, c] = k.split(",").map(Number);
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { rowIndex: r0, columnIndex: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1 };
  }

  /** Writes a grid of values from a cell (test set-up, no sync, no event). */
  fill(rows: Cell[][], r0 = 0, c0 = 0): this {
    rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null && v !== undefined && v !== "") this.set(r0 + r, c0 + c, v as string | number | boolean);
      }),
    );
    return this;
  }

  calls(prefix: string): LogEntry[] {
    return this.log.filter((e) => e.path.startsWith(prefix));
  }

  /**
   * Everything a reader of the file would compare, for "left intact" checks. A width or height
   * set to the standard one, and a tab colour set to "", read as unset (they look the same).
   */
  snapshot(): unknown {
    const sortMap = <V>(m: Map<string | number, V>) =>
      [...m.entries()].filter(([, v]) => v !== "" && v !== STANDARD_WIDTH && v !== STANDARD_HEIGHT).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return {
      name: this.name,
      visibility: this.visibility,
      cells: sortMap(new Map(this.cells)),
      merges: this.merges.map(rectAddress).sort(),
      conditionalFormats: this.conditionalFormats.map((f) => ({ range: rectAddress(f.rect), type: f.type, props: f.props })),
      validations: this.validations.map((v) => ({ range: rectAddress(v.rect), props: v.props })),
      colWidths: sortMap(this.colWidths as Map<number, number>),
      rowHeights: sortMap(this.rowHeights as Map<number, number>),
      frozen: this.frozen,
      props: sortMap(this.props as Map<string, unknown>),
      charts: this.charts.map((c) => ({ type: c.type, log: c.log.filter((e) => e.path !== "name") })),
    };
  }

  clone(id: string, name: string): FakeSheet {
    const s = new FakeSheet(id, name);
    for (const [k, v] of this.cells) s.cells.set(k, { ...v, ...(v.style ? { style: { ...v.style } } : {}), ...(v.hyperlink ? { hyperlink: { ...v.hyperlink } } : {}) });
    s.merges = this.merges.map((x) => ({ ...x }));
    s.conditionalFormats = this.conditionalFormats.map((f) => ({ rect: { ...f.rect }, type: f.type, props: { ...f.props } }));
    s.validations = this.validations.map((v) => ({ rect: { ...v.rect }, props: { ...v.props } }));
    s.colWidths = new Map(this.colWidths);
    s.rowHeights = new Map(this.rowHeights);
    s.frozen = this.frozen ? { ...this.frozen } : null;
    s.props = new Map(this.props);
    s.charts = this.charts.map((c) => ({ name: c.name, type: c.type, log: [...c.log] }));
    s.customProperties = new Map(this.customProperties);
    s.names = new Map([...this.names].map(([k, v]) => [k, { ...v }]));
    return s;
  }
}

export interface FakeTable {
  name: string;
  sheet: FakeSheet;
  r0: number;
  c0: number;
  rows: number;
  cols: number;
  /** The table's last row is its totals row (Excel's Table.showTotals). */
  showTotals?: boolean;
}

export interface FakeEvent {
  worksheetId?: string;
  source: "Local" | "Remote";
  triggerSource?: "ThisLocalAddin" | "Unknown";
  type: string;
  nameBefore?: string;
  nameAfter?: string;
}

export interface RequestRecord {
  bytes: number;
  responseBytes: number;
  commands: number;
}

type Handler = (ev: FakeEvent) => unknown;

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  settings = new Map<string, unknown>();
  syncs = 0;
  runs = 0;
  /** One record per sync: bytes of the request and of the response. */
  requests: RequestRecord[] = [];
  appLog: string[] = [];
  /** Highest ExcelApi requirement set this Excel supports ("1.17"). */
  apiVersion = "1.17";
  /** Options of every Excel.run, in order. */
  runOptions: Excel.RunOptions[] = [];
  /**
   * Commands without undo support: in a batch run with `mergeUndoGroup` (ExcelApi 1.20) they fail
   * with UndoNotSupported. https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities
   */
  undoUnsupported: ((path: string) => boolean) | null = null;
  /** Makes the command whose path matches fail (code GeneralException). */
  failOn: ((path: string, sheet: FakeSheet | null) => boolean) | null = null;
  handlers: { event: string; handler: Handler }[] = [];
  /** Events raised, in order (for tests). */
  events: (FakeEvent & { event: string })[] = [];
  editing = false;
  active: FakeSheet | null = null;
  private editWaiters: (() => void)[] = [];
  private nextId = 1;
  private session = 1;

  readonly requirements = {
    isSetSupported: (name: string, minVersion?: string): boolean => name === "ExcelApi" && this.supports(minVersion ?? "1.1"),
  };

  /** Whether this Excel has ExcelApi `version` ("1.12" > "1.9": versions compare part by part). */
  supports(version: string): boolean {
    const [a, b] = this.apiVersion.split(".").map(Number);
    const [c, d] = version.split(".").map(Number);
    return a > c || (a === c && b >= d);
  }

  addSheet(name: string): FakeSheet {
    checkSheetName(name);
    if (this.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new ExcelError("ItemAlreadyExists", name);
    const s = new FakeSheet(this.newSheetId(), name);
    this.sheets.push(s);
    return s;
  }

  addTable(name: string, sheet: FakeSheet, r0: number, c0: number, rows: Cell[][]): FakeTable {
    sheet.fill(rows, r0, c0);
    const t = { name, sheet, r0, c0, rows: rows.length, cols: Math.max(...rows.map((r) => r.length)) };
    this.tables.push(t);
    return t;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  newSheetId(): string {
    return `{s${this.session}-${this.nextId++}}`;
  }

  /** What Excel.run does: a new context, the batch, its result. */
  run = async <T>(a: Excel.RunOptions | ((context: Excel.RequestContext) => Promise<T>), b?: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const options = typeof a === "function" ? {} : a;
    const batch = (typeof a === "function" ? a : b) as (context: Excel.RequestContext) => Promise<T>;
    this.runs++;
    this.runOptions.push(options);
    const ctx = new FakeContext(this, options);
    return batch(ctx as unknown as Excel.RequestContext);
  };

  /** The user starts typing in a cell (F2): batches without delayForCellEdit fail until endEdit(). */
  beginEdit(): void {
    this.editing = true;
  }

  endEdit(): void {
    this.editing = false;
    const w = this.editWaiters;
    this.editWaiters = [];
    for (const f of w) f();
  }

  waitForEditEnd(): Promise<void> {
    return this.editing ? new Promise((r) => this.editWaiters.push(r)) : Promise.resolve();
  }

  /** Close and open the file: new sheet ids, no event handlers; the file's content stays. */
  reopen(): void {
    this.session++;
    this.nextId = 1;
    for (const s of this.sheets) s.id = this.newSheetId();
    this.handlers = [];
  }

  /** A person types a value in a cell: the cell changes and the change event fires. */
  userEdit(sheet: FakeSheet, r: number, c: number, value: string | number | boolean): void {
    sheet.set(r, c, value);
    this.raise("worksheets.onChanged", { worksheetId: sheet.id, source: "Local", ...(this.supports("1.14") ? { triggerSource: "Unknown" as const } : {}), type: "WorksheetChanged" });
  }

  /** A person renames a sheet. */
  userRename(sheet: FakeSheet, name: string): void {
    checkSheetName(name);
    const before = sheet.name;
    sheet.name = name;
    if (this.supports("1.17")) this.raise("worksheets.onNameChanged", { worksheetId: sheet.id, source: "Local", type: "WorksheetNameChanged", nameBefore: before, nameAfter: name });
  }

  raise(event: string, ev: FakeEvent): void {
    this.events.push({ event, ...ev });
    for (const h of [...this.handlers]) if (h.event === event) void Promise.resolve().then(() => h.handler(ev));
  }

  /** Events of one sync, delivered after it, as Excel does. */
  /**
   * How late events reach the add-in after the sync that caused them (ms). Events are delivered
   * asynchronously, with no documented bound on when: a handler must not assume it runs before the
   * add-in's next batch, nor that an event of its own writes comes while it still writes.
   * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-events
   */
  eventDelayMs = 0;

  deliver(events: { event: string; ev: FakeEvent }[]): void {
    if (!events.length) return;
    setTimeout(() => {
      for (const { event, ev } of events) this.raise(event, ev);
    }, this.eventDelayMs);
  }

  visibleCount(): number {
    return this.sheets.filter((s) => s.visibility === "Visible").length;
  }
}

// ------------------------------------------------------------------ the request context

/** Commands that only read, or copy the sheet: allowed on a protected sheet. */
const READ_ONLY = /\.load\(|load\(\)$|getColumnProperties|getRowProperties|\.select\(|\.activate\(|\.copy\(/;

interface Op {
  path: string;
  /** The sheet the command applies to, as it is when the command runs. */
  sheet: () => FakeSheet | null;
  bytes: number;
  apply: () => number | void;
}

class NotLoadedError extends ExcelError {
  constructor(what: string) {
    super("PropertyNotLoaded", `The property '${what}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
  }
}

/** A value that exists once its command has run. */
class Ref<T> {
  value: T | undefined;
  constructor(value?: T) {
    this.value = value;
  }
  get(): T {
    if (this.value === undefined) throw new ExcelError("ItemNotFound", "objet introuvable");
    return this.value;
  }
}

class Loaded {
  private values = new Map<string, unknown>();
  private asked = new Set<string>();
  ask(p: string): void {
    this.asked.add(p);
  }
  set(p: string, v: unknown): void {
    this.values.set(p, v);
  }
  get<T>(p: string): T {
    if (!this.values.has(p)) throw new NotLoadedError(p);
    return this.values.get(p) as T;
  }
}

export class FakeContext {
  queue: Op[] = [];
  workbook: unknown;
  application: unknown;
  /** Calculation suspended for the rest of the sync being applied. */
  calcSuspended = false;
  private events: { event: string; ev: FakeEvent }[] = [];
  constructor(
    public wb: FakeWorkbook,
    public options: Excel.RunOptions,
  ) {
    this.workbook = makeWorkbook(this);
    this.application = {
      suspendApiCalculationUntilNextSync: () =>
        this.push("application.suspendApiCalculationUntilNextSync()", null, [], () => {
          this.calcSuspended = true;
          wb.appLog.push("suspendCalc");
        }),
      suspendScreenUpdatingUntilNextSync: () => this.push("application.suspendScreenUpdatingUntilNextSync()", null, [], () => void wb.appLog.push("suspendScreen")),
    };
  }

  push(path: string, sheet: FakeSheet | null | (() => FakeSheet | null), args: unknown[], apply: () => number | void): void {
    const bytes = utf8(JSON.stringify([path, ...args.map((a) => (a && typeof a === "object" && "__address" in (a as object) ? (a as { __address: string }).__address : a))])) + COMMAND_OVERHEAD_BYTES;
    this.queue.push({ path, sheet: typeof sheet === "function" ? sheet : () => sheet, bytes, apply });
  }

  /** A write to a sheet raises one change event per sync and sheet. */
  changed(sheet: FakeSheet): void {
    if (this.events.some((e) => e.event === "worksheets.onChanged" && e.ev.worksheetId === sheet.id)) return;
    this.emit("worksheets.onChanged", { worksheetId: sheet.id, type: "WorksheetChanged" });
  }

  emit(event: string, ev: Omit<FakeEvent, "source">): void {
    // triggerSource exists on WorksheetChangedEventArgs (ExcelApi 1.14), not on the added, deleted
    // or renamed events' args: https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs#excel-excel-worksheetchangedeventargs-triggersource-member
    // https://learn.microsoft.com/javascript/api/excel/excel.worksheetaddedeventargs
    const trigger = event === "worksheets.onChanged" && this.wb.supports("1.14");
    this.events.push({ event, ev: { ...ev, source: "Local", ...(trigger ? { triggerSource: "ThisLocalAddin" as const } : {}) } });
  }

  async sync(): Promise<void> {
    const wb = this.wb;
    if (wb.editing) {
      if (!this.options.delayForCellEdit) throw new ExcelError("InvalidOperationInCellEditMode", "Excel est en mode d'édition de cellule");
      await wb.waitForEditEnd();
    }
    wb.syncs++;
    const q = this.queue;
    this.queue = [];
    const bytes = q.reduce((s, op) => s + op.bytes, 0);
    const record: RequestRecord = { bytes, responseBytes: 0, commands: q.length };
    wb.requests.push(record);
    if (bytes > MAX_PAYLOAD_BYTES) throw new ExcelError("RequestPayloadSizeLimitExceeded", `requête de ${bytes} octets`);
    this.calcSuspended = false;
    this.events = [];
    try {
      for (const op of q) {
        const sheet = op.sheet();
        if (wb.failOn?.(op.path, sheet)) throw new ExcelError("GeneralException", `Échec simulé sur ${op.path}`);
        if (this.options.mergeUndoGroup && wb.undoUnsupported?.(op.path)) throw new ExcelError("UndoNotSupported", `${op.path} ne peut pas être annulé`);
        if (sheet?.protected && !READ_ONLY.test(op.path)) throw new ExcelError("AccessDenied", `la feuille ${sheet.name} est protégée`);
        const out = op.apply();
        if (typeof out === "number") record.responseBytes += out;
      }
    } finally {
      this.calcSuspended = false;
      wb.deliver(this.events);
      this.events = [];
    }
    if (record.responseBytes > MAX_PAYLOAD_BYTES) throw new ExcelError("ResponsePayloadSizeLimitExceeded", `réponse de ${record.responseBytes} octets`);
  }
}

// ------------------------------------------------------------------ ranges

type Resolve = () => Rect[] | null;

/** Records deep property sets (charts, borders…) as log entries; calls return nested recorders. */
function recorder(log: (path: string, value: unknown) => void, path: string, push: (path: string, args: unknown[], apply: () => void) => void): unknown {
  const target = function () {
    /* callable */
  };
  return new Proxy(target, {
    get(_, prop) {
      if (prop === "then" || typeof prop === "symbol") return undefined;
      if (prop === "__path") return path;
      return recorder(log, path ? `${path}.${String(prop)}` : String(prop), push);
    },
    set(_, prop, value) {
      const p = path ? `${path}.${String(prop)}` : String(prop);
      push(p, [value], () => log(p, value));
      return true;
    },
    apply(_, __, args: unknown[]) {
      const shown = args.map((a) => (a && typeof a === "object" && "__address" in (a as object) ? (a as { __address: string }).__address : typeof a === "object" ? JSON.stringify(a) : String(a)));
      const p = `${path}(${shown.join(",")})`;
      push(p, args, () => log(p, args));
      return recorder(log, p, push);
    },
  });
}

function forCells(rects: Rect[], f: (r: number, c: number) => void): void {
  for (const x of rects) for (let i = 0; i < x.n; i++) for (let j = 0; j < x.m; j++) f(x.r + i, x.c + j);
}

/** Cells of the sheet inside the rectangles (only those that exist: whole-sheet ranges stay cheap). */
function existing(sheet: FakeSheet, rects: Rect[]): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const k of sheet.cells.keys()) {
    const [r, c] = k.split(",").map(Number);
    if (rects.some((x) => inRect(r, c, x))) out.push([k, r, c]);
  }
  return out;
}

function styleProxy(ctx: FakeContext, sheetRef: Ref<FakeSheet>, resolve: Resolve, label: string, path: string): unknown {
  const target = function () {
    /* callable */
  };
  return new Proxy(target, {
    get(_, prop) {
      if (prop === "then" || typeof prop === "symbol") return undefined;
      return styleProxy(ctx, sheetRef, resolve, label, path ? `${path}.${String(prop)}` : String(prop));
    },
    set(_, prop, value) {
      const p = path ? `${path}.${String(prop)}` : String(prop);
      ctx.push(`${label}.format.${p}`, () => sheetRef.value ?? null, [value], () => {
        const sheet = sheetRef.get();
        const rects = resolve() ?? [];
        sheet.log.push({ path: `${label}.format.${p}`, value });
        if (p === "columnWidth") forCells(rects.map((x) => ({ ...x, n: 1 })), (_r, c) => void sheet.colWidths.set(c, value as number));
        else if (p === "rowHeight") forCells(rects.map((x) => ({ ...x, m: 1 })), (r) => void sheet.rowHeights.set(r, value as number));
        else if (p === "useStandardWidth") {
          if (value) for (const c of [...sheet.colWidths.keys()]) if (rects.some((x) => c >= x.c && c < x.c + x.m)) sheet.colWidths.delete(c);
        } else if (p === "useStandardHeight") {
          if (value) for (const r of [...sheet.rowHeights.keys()]) if (rects.some((x) => r >= x.r && r < x.r + x.n)) sheet.rowHeights.delete(r);
        } else {
          const big = rects.some((x) => x.n * x.m > 2_000_000);
          if (big) {
            // A whole-sheet format: stored on the cells that exist (a test never reads the others).
            for (const [k] of existing(sheet, rects)) {
              const cell = sheet.cells.get(k) as FakeCell;
              cell.style = { ...(cell.style ?? {}), [p]: value };
            }
          } else
            forCells(rects, (r, c) => {
              const cell = sheet.cells.get(key(r, c)) ?? { value: "", numberFormat: "General" };
              cell.style = { ...(cell.style ?? {}), [p]: value };
              sheet.cells.set(key(r, c), cell);
            });
        }
        ctx.changed(sheet);
      });
      return true;
    },
    apply(_, __, args: unknown[]) {
      // borders.getItem("EdgeTop") -> borders.EdgeTop
      const p = path.endsWith(".getItem") ? `${path.slice(0, -".getItem".length)}.${String(args[0])}` : `${path}(${args.join(",")})`;
      return styleProxy(ctx, sheetRef, resolve, label, p);
    },
  });
}

function makeRange(ctx: FakeContext, sheetRef: Ref<FakeSheet>, resolve: Resolve, label: string): unknown {
  const loaded = new Loaded();
  const one = (): Rect => {
    const rects = resolve();
    if (!rects || rects.length !== 1) throw new ExcelError("InvalidArgument", `${label}: une seule zone attendue`);
    return rects[0];
  };
  const push = (path: string, args: unknown[], apply: () => number | void) => ctx.push(path, () => sheetRef.value ?? null, args, apply);
  const rec = (p: string) =>
    recorder(
      (path, value) => sheetRef.get().log.push({ path, value }),
      `${label}.${p}`,
      (path, args, apply) => push(path, args, apply),
    );
  const writeMatrix = (prop: "values" | "numberFormat" | "formulas", m: unknown[][]) => {
    push(`${label}.${prop}`, [m], () => {
      const x = one();
      if (!Array.isArray(m) || m.length !== x.n || m.some((row) => !Array.isArray(row) || row.length !== x.m)) throw new ExcelError("InvalidArgument", `${prop} : ${m.length}×${m[0]?.length} pour une plage ${x.n}×${x.m}`);
      const sheet = sheetRef.get();
      for (let i = 0; i < x.n; i++)
        for (let j = 0; j < x.m; j++) {
          const v = m[i][j];
          if (prop === "numberFormat") sheet.setFormat(x.r + i, x.c + j, String(v));
          else {
            sheet.set(x.r + i, x.c + j, v as string | number | boolean);
            const cell = sheet.get(x.r + i, x.c + j);
            if (cell?.formula) cell.stale = ctx.calcSuspended;
          }
        }
      ctx.changed(sheet);
    });
  };
  const self: Record<string, unknown> = {
    __address: label,
    load(props: string | string[]) {
      const list = (Array.isArray(props) ? props : props.split(",")).map((x) => x.trim());
      for (const p of list) loaded.ask(p);
      push(`${label}.load(${list.join(",")})`, [], () => {
        const rects = resolve();
        loaded.set("isNullObject", !rects);
        if (!rects) return 20;
        const x = rects[0];
        const sheet = sheetRef.get();
        let bytes = 0;
        for (const p of list) {
          let v: unknown;
          if (p === "values" || p === "formulas" || p === "numberFormat") {
            // "A range is limited to five million cells for get operations":
            // https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
            if (x.n * x.m > 5_000_000) throw new ExcelError("ResponsePayloadSizeLimitExceeded", `lecture de ${x.n * x.m} cellules (plus de 5 000 000)`);
            const out: unknown[][] = [];
            for (let i = 0; i < x.n; i++) {
              const row: unknown[] = [];
              for (let j = 0; j < x.m; j++) {
                const cell = sheet.get(x.r + i, x.c + j);
                row.push(p === "values" ? (cell?.value ?? "") : p === "formulas" ? (cell?.formula ?? cell?.value ?? "") : (cell?.numberFormat ?? "General"));
              }
              out.push(row);
            }
            v = out;
          } else if (p === "rowIndex") v = x.r;
          else if (p === "columnIndex") v = x.c;
          else if (p === "rowCount") v = x.n;
          else if (p === "columnCount") v = x.m;
          else if (p === "address") v = `${sheet.name.includes(" ") ? `'${sheet.name}'` : sheet.name}!${rects.map(rectAddress).join(",")}`;
          else continue;
          loaded.set(p, v);
          bytes += utf8(JSON.stringify(v));
        }
        return bytes + 20;
      });
      return self;
    },
    set values(m: unknown[][]) {
      writeMatrix("values", m);
    },
    set numberFormat(m: unknown[][]) {
      writeMatrix("numberFormat", m);
    },
    set formulas(m: unknown[][]) {
      writeMatrix("formulas", m);
    },
    get values() {
      return loaded.get("values");
    },
    get numberFormat() {
      return loaded.get("numberFormat");
    },
    get formulas() {
      return loaded.get("formulas");
    },
    get rowIndex() {
      return loaded.get("rowIndex");
    },
    get columnIndex() {
      return loaded.get("columnIndex");
    },
    get rowCount() {
      return loaded.get("rowCount");
    },
    get columnCount() {
      return loaded.get("columnCount");
    },
    get address() {
      return loaded.get("address");
    },
    get isNullObject() {
      return loaded.get("isNullObject");
    },
    get format() {
      return styleProxy(ctx, sheetRef, resolve, label, "");
    },
    merge(across = false) {
      push(`${label}.merge(${across})`, [], () => {
        const sheet = sheetRef.get();
        const x = one();
        if (sheet.merges.some((m) => overlaps(m, x))) throw new ExcelError("InvalidOperation", `fusion en conflit sur ${rectAddress(x)}`);
        sheet.merges.push(x);
        sheet.log.push({ path: `${label}.merge(${across})` });
        ctx.changed(sheet);
      });
    },
    unmerge() {
      push(`${label}.unmerge()`, [], () => {
        const sheet = sheetRef.get();
        const rects = resolve() ?? [];
        sheet.merges = sheet.merges.filter((m) => !rects.some((x) => overlaps(m, x)));
        ctx.changed(sheet);
      });
    },
    clear(applyTo: string = "All") {
      push(`${label}.clear(${applyTo})`, [], () => {
        const sheet = sheetRef.get();
        const rects = resolve() ?? [];
        for (const [k] of existing(sheet, rects)) {
          const cell = sheet.cells.get(k) as FakeCell;
          if (applyTo === "All") sheet.cells.delete(k);
          else if (applyTo === "Hyperlinks") {
            const { hyperlink: _h, ...rest } = cell;
            sheet.cells.set(k, rest);
          } else if (applyTo === "Contents") sheet.cells.set(k, { value: "", numberFormat: cell.numberFormat, ...(cell.style ? { style: cell.style } : {}) });
          else if (applyTo === "Formats") {
            const { style: _s, ...rest } = cell;
            sheet.cells.set(k, { ...rest, numberFormat: "General" });
          }
        }
        if (applyTo === "All" || applyTo === "Formats") sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => !rects.some((x) => within(f.rect, x)));
        ctx.changed(sheet);
      });
    },
    copyFrom(source: unknown, copyType: string = "All") {
      const src = typeof source === "string" ? null : (source as { __sheetRef: Ref<FakeSheet>; __resolve: Resolve; __address: string });
      push(`${label}.copyFrom(${src ? src.__address : String(source)},${copyType})`, [], () => {
        const dest = sheetRef.get();
        const from = src ? src.__sheetRef.get() : dest;
        const srcRects = src ? src.__resolve() : [parseAddress(String(source))];
        if (!srcRects || srcRects.length !== 1) throw new ExcelError("InvalidArgument", "copyFrom : une seule zone source");
        const s = srcRects[0];
        const d0 = one();
        const d: Rect = { r: d0.r, c: d0.c, n: s.n, m: s.m };
        const all = copyType === "All";
        if (all && dest.merges.some((m) => overlaps(m, d) && !within(m, d))) throw new ExcelError("InvalidOperation", "cellules fusionnées en conflit avec la copie");
        for (let i = 0; i < s.n; i++)
          for (let j = 0; j < s.m; j++) {
            const cell = from.get(s.r + i, s.c + j);
            const k = key(d.r + i, d.c + j);
            const prev = dest.cells.get(k);
            if (!cell) {
              if (all) dest.cells.delete(k);
              else if (prev && copyType === "Values") dest.cells.set(k, { ...prev, value: "" });
              continue;
            }
            const copy: FakeCell = { ...cell, ...(cell.style ? { style: { ...cell.style } } : {}), ...(cell.hyperlink ? { hyperlink: { ...cell.hyperlink } } : {}) };
            if (copy.formula) copy.stale = ctx.calcSuspended || !!cell.stale;
            if (all) dest.cells.set(k, copy);
            else if (copyType === "Formats") dest.cells.set(k, { ...(prev ?? { value: "" }), numberFormat: cell.numberFormat, ...(cell.style ? { style: { ...cell.style } } : {}) });
            else dest.cells.set(k, { ...(prev ?? { numberFormat: "General" }), value: cell.value, ...(copyType === "Formulas" && cell.formula ? { formula: cell.formula } : {}) });
          }
        if (all) {
          const shift = (x: Rect): Rect => ({ r: x.r - s.r + d.r, c: x.c - s.c + d.c, n: x.n, m: x.m });
          dest.merges = dest.merges.filter((m) => !within(m, d));
          for (const m of from.merges) if (within(m, s)) dest.merges.push(shift(m));
          dest.conditionalFormats = dest.conditionalFormats.filter((f) => !within(f.rect, d));
          for (const f of from.conditionalFormats) if (within(f.rect, s)) dest.conditionalFormats.push({ rect: shift(f.rect), type: f.type, props: { ...f.props } });
          dest.validations = dest.validations.filter((v) => !within(v.rect, d));
          for (const v of from.validations) if (within(v.rect, s)) dest.validations.push({ rect: shift(v.rect), props: { ...v.props } });
        }
        ctx.changed(dest);
      });
    },
    calculate() {
      push(`${label}.calculate()`, [], () => {
        const sheet = sheetRef.get();
        for (const [, r, c] of existing(sheet, resolve() ?? [])) {
          const cell = sheet.get(r, c);
          if (cell?.formula) cell.stale = false;
        }
      });
    },
    select() {
      push(`${label}.select()`, [], () => void ctx.wb.appLog.push(`select ${sheetRef.get().name}!${(resolve() ?? []).map(rectAddress).join(",")}`));
    },
    set hyperlink(h: NonNullable<FakeCell["hyperlink"]>) {
      push(`${label}.hyperlink`, [h], () => {
        if (!ctx.wb.supports("1.7")) throw new ExcelError("ApiNotFound", "Range.hyperlink");
        const sheet = sheetRef.get();
        forCells(resolve() ?? [], (r, c) => {
          const prev = sheet.get(r, c);
          const cell: FakeCell = { ...(prev ?? { value: "", numberFormat: "General" }), hyperlink: { ...h } };
          if (h.textToDisplay !== undefined) cell.value = h.textToDisplay;
          sheet.cells.set(key(r, c), cell);
        });
        ctx.changed(sheet);
      });
    },
    getColumnProperties(_: unknown) {
      const result: { value?: unknown } = {};
      push(`${label}.getColumnProperties()`, [], () => {
        const x = one();
        const sheet = sheetRef.get();
        result.value = Array.from({ length: x.m }, (_, j) => ({ columnIndex: x.c + j, format: { columnWidth: sheet.colWidths.get(x.c + j) ?? STANDARD_WIDTH } }));
        return utf8(JSON.stringify(result.value));
      });
      return {
        get value() {
          if (result.value === undefined) throw new NotLoadedError("value");
          return result.value;
        },
      };
    },
    getRowProperties(_: unknown) {
      const result: { value?: unknown } = {};
      push(`${label}.getRowProperties()`, [], () => {
        const x = one();
        const sheet = sheetRef.get();
        result.value = Array.from({ length: x.n }, (_, i) => ({ rowIndex: x.r + i, format: { rowHeight: sheet.rowHeights.get(x.r + i) ?? STANDARD_HEIGHT } }));
        return utf8(JSON.stringify(result.value));
      });
      return {
        get value() {
          if (result.value === undefined) throw new NotLoadedError("value");
          return result.value;
        },
      };
    },
    setColumnProperties(props: { columnIndex?: number; format?: { columnWidth?: number } }[]) {
      push(`${label}.setColumnProperties()`, [props], () => {
        const x = one();
        const sheet = sheetRef.get();
        props.forEach((p, j) => {
          if (p.format?.columnWidth !== undefined) sheet.colWidths.set(p.columnIndex ?? x.c + j, p.format.columnWidth);
        });
        ctx.changed(sheet);
      });
    },
    setRowProperties(props: { rowIndex?: number; format?: { rowHeight?: number } }[]) {
      push(`${label}.setRowProperties()`, [props], () => {
        const x = one();
        const sheet = sheetRef.get();
        props.forEach((p, i) => {
          if (p.format?.rowHeight !== undefined) sheet.rowHeights.set(p.rowIndex ?? x.r + i, p.format.rowHeight);
        });
        ctx.changed(sheet);
      });
    },
    get conditionalFormats() {
      return {
        add(type: string) {
          const cf: Partial<FakeConditionalFormat> = { type, props: {} };
          push(`${label}.conditionalFormats.add(${type})`, [], () => {
            if (!ctx.wb.supports("1.6")) throw new ExcelError("ApiNotFound", "conditionalFormats");
            cf.rect = one();
            sheetRef.get().conditionalFormats.push(cf as FakeConditionalFormat);
            sheetRef.get().log.push({ path: `${label}.conditionalFormats.add(${type})` });
          });
          return recorder(
            (path, value) => {
              (cf.props as Record<string, unknown>)[path] = value;
              sheetRef.get().log.push({ path: `${label}.conditionalFormats.${path}`, value });
            },
            "",
            (path, args, apply) => push(`${label}.cf.${path}`, args, apply),
          );
        },
        clearAll() {
          push(`${label}.conditionalFormats.clearAll()`, [], () => {
            const sheet = sheetRef.get();
            const rects = resolve() ?? [];
            sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => !rects.some((x) => overlaps(f.rect, x)));
          });
        },
      };
    },
    get dataValidation() {
      const dv = (prop: string, value: unknown) =>
        push(`${label}.dataValidation.${prop}`, [value], () => {
          const sheet = sheetRef.get();
          const x = one();
          let v = sheet.validations.find((e) => e.rect.r === x.r && e.rect.c === x.c && e.rect.n === x.n && e.rect.m === x.m);
          if (!v) sheet.validations.push((v = { rect: x, props: {} }));
          v.props[prop] = value;
          sheet.log.push({ path: `${label}.dataValidation.${prop}`, value });
        });
      return {
        set rule(v: unknown) {
          dv("rule", v);
        },
        set prompt(v: unknown) {
          dv("prompt", v);
        },
        set errorAlert(v: unknown) {
          dv("errorAlert", v);
        },
        clear() {
          push(`${label}.dataValidation.clear()`, [], () => {
            const sheet = sheetRef.get();
            const rects = resolve() ?? [];
            sheet.validations = sheet.validations.filter((v) => !rects.some((x) => overlaps(v.rect, x)));
          });
        },
      };
    },
    __sheetRef: sheetRef,
    __resolve: resolve,
  };
  return new Proxy(self, {
    get(t, prop) {
      if (typeof prop === "symbol") return undefined;
      if (prop in t) return t[prop];
      return rec(prop);
    },
  });
}

// ------------------------------------------------------------------ worksheets

function makeSheet(ctx: FakeContext, ref: Ref<FakeSheet>, label: string, preloaded: Record<string, unknown> = {}): unknown {
  const wb = ctx.wb;
  const loaded = new Loaded();
  for (const [k, v] of Object.entries(preloaded)) loaded.set(k, v);
  const push = (path: string, args: unknown[], apply: () => number | void) => ctx.push(path, () => ref.value ?? null, args, apply);
  const range = (resolve: Resolve, l: string) => makeRange(ctx, ref, resolve, l);
  const sheetProp = (prop: string) => ({
    set: (value: unknown) =>
      push(`${label}.${prop}`, [value], () => {
        const s = ref.get();
        s.props.set(prop, value);
        s.log.push({ path: prop, value });
        ctx.changed(s);
      }),
  });
  const chartsApi = () => ({
    add(type: string, source: { __address: string }, seriesBy: string) {
      const chart: FakeChart = { name: "", type, log: [] };
      const p = `charts.add(${type},${source.__address},${seriesBy})`;
      push(p, [], () => {
        const s = ref.get();
        chart.name = `Graphique ${s.charts.length + 1}`;
        s.charts.push(chart);
        s.log.push({ path: p });
        ctx.changed(s);
      });
      const chartLog = (path: string, value: unknown) => {
        if (path === "name") chart.name = String(value);
        chart.log.push({ path, value });
        ref.get().log.push({ path: `${p}.${path}`, value });
      };
      return new Proxy(recorder(chartLog, "", (path, args, apply) => push(`chart.${path}`, args, apply)) as object, {
        get(t, prop) {
          if (prop === "delete")
            return () =>
              push(`chart.delete()`, [], () => {
                const s = ref.get();
                s.charts = s.charts.filter((c) => c !== chart);
              });
          return (t as Record<string | symbol, unknown>)[prop];
        },
      });
    },
    load(_props?: string) {
      push(`${label}.charts.load()`, [], () => {
        const s = ref.get();
        loaded.set(
          "charts.items",
          s.charts.map((chart) => ({
            name: chart.name,
            delete: () =>
              push(`chart(${chart.name}).delete()`, [], () => {
                const sh = ref.get();
                if (!sh.charts.includes(chart)) throw new ExcelError("ItemNotFound", `graphique ${chart.name}`);
                sh.charts = sh.charts.filter((c) => c !== chart);
                ctx.changed(sh);
              }),
          })),
        );
        return 30 * s.charts.length;
      });
    },
    get items() {
      return loaded.get("charts.items");
    },
  });
  let layout: unknown = null;
  const self: Record<string, unknown> = {
    // The sheet behind this proxy (for arguments that name a sheet, such as copy(…, relativeTo)).
    __ref: ref,
    load(props: string | string[]) {
      const list = (Array.isArray(props) ? props : props.split(",")).map((x) => x.trim());
      push(`${label}.load(${list.join(",")})`, [], () => {
        const s = ref.get();
        for (const p of list) {
          if (p === "id" || p === "name" || p === "visibility") loaded.set(p, s[p]);
          else if (p === "tabColor" || p === "showGridlines") loaded.set(p, s.props.get(p) ?? (p === "showGridlines" ? true : ""));
        }
        return 60;
      });
      return self;
    },
    get id() {
      return loaded.get("id");
    },
    get name() {
      return loaded.get("name");
    },
    set name(value: string) {
      push(`${label}.name`, [value], () => {
        const s = ref.get();
        checkSheetName(value);
        if (wb.sheets.some((x) => x !== s && x.name.toLowerCase() === value.toLowerCase())) throw new ExcelError("ItemAlreadyExists", `nom déjà pris : ${value}`);
        const before = s.name;
        s.name = value;
        if (before !== value && wb.supports("1.17")) ctx.emit("worksheets.onNameChanged", { worksheetId: s.id, type: "WorksheetNameChanged", nameBefore: before, nameAfter: value });
      });
    },
    get visibility() {
      return loaded.get("visibility");
    },
    set visibility(value: "Visible" | "Hidden") {
      push(`${label}.visibility`, [value], () => {
        const s = ref.get();
        if (value !== "Visible" && s.visibility === "Visible" && wb.visibleCount() <= 1) throw new ExcelError("InvalidOperation", "un classeur garde au moins une feuille visible");
        s.visibility = value;
      });
    },
    get tabColor() {
      return loaded.get("tabColor");
    },
    set tabColor(v: string) {
      sheetProp("tabColor").set(v);
    },
    get showGridlines() {
      return loaded.get("showGridlines");
    },
    set showGridlines(v: boolean) {
      sheetProp("showGridlines").set(v);
    },
    delete() {
      push(`${label}.delete()`, [], () => {
        const s = ref.get();
        if (wb.sheets.length <= 1) throw new ExcelError("InvalidOperation", "un classeur garde au moins une feuille");
        if (s.visibility === "Visible" && wb.visibleCount() <= 1) throw new ExcelError("InvalidOperation", "un classeur garde au moins une feuille visible");
        s.deleted = true;
        wb.sheets = wb.sheets.filter((x) => x !== s);
        wb.tables = wb.tables.filter((t) => t.sheet !== s);
        ctx.emit("worksheets.onDeleted", { worksheetId: s.id, type: "WorksheetDeleted" });
      });
    },
    activate() {
      push(`${label}.activate()`, [], () => {
        const s = ref.get();
        if (s.visibility !== "Visible") throw new ExcelError("InvalidOperation", "feuille masquée");
        wb.active = s;
        wb.appLog.push(`activate ${s.name}`);
      });
    },
    /**
     * Worksheet.copy(positionType, relativeTo), as documented: "None" (the default) inserts the copy
     * at the beginning of the workbook, like "Beginning"; "End" at the end; "Before" / "After" need
     * `relativeTo` (InvalidArgument without it).
     * https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-copy-member(1)
     */
    copy(position: string = "None", relativeTo?: { __ref?: Ref<FakeSheet> }) {
      const copyRef = new Ref<FakeSheet>();
      push(`${label}.copy(${position})`, [], () => {
        const s = ref.get();
        let name = s.name;
        for (let i = 2; wb.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase()); i++) name = `${s.name.slice(0, 31 - ` (${i})`.length)} (${i})`;
        const relative = relativeTo?.__ref?.get();
        if ((position === "Before" || position === "After") && !relative) throw new ExcelError("InvalidArgument", `copy(${position}) sans feuille de référence (relativeTo)`);
        if (!["None", "Beginning", "End", "Before", "After"].includes(position)) throw new ExcelError("InvalidArgument", `position de copie inconnue : ${position}`);
        copyRef.value = s.clone(wb.newSheetId(), name);
        const at =
          position === "End" ? wb.sheets.length : position === "Before" ? wb.sheets.indexOf(relative as FakeSheet) : position === "After" ? wb.sheets.indexOf(relative as FakeSheet) + 1 : 0;
        wb.sheets.splice(at, 0, copyRef.value);
        ctx.emit("worksheets.onAdded", { worksheetId: copyRef.value.id, type: "WorksheetAdded" });
      });
      return makeSheet(ctx, copyRef, `copy(${label})`);
    },
    calculate(markAllDirty: boolean) {
      push(`${label}.calculate(${markAllDirty})`, [], () => {
        for (const cell of ref.get().cells.values()) if (cell.formula) cell.stale = false;
      });
    },
    getRange(address?: string) {
      return range(() => [address ? parseAddress(address) : { r: 0, c: 0, n: MAX_ROWS, m: MAX_COLS }], address ? `getRange(${address})` : "getRange()");
    },
    getRangeByIndexes(r: number, c: number, n: number, m: number) {
      return range(() => [{ r, c, n, m }], `getRangeByIndexes(${r},${c},${n},${m})`);
    },
    getRanges(addresses: string) {
      return range(() => addresses.split(",").map(parseAddress), `getRanges(${addresses})`);
    },
    getUsedRangeOrNullObject(valuesOnly = false) {
      return range(() => {
        const u = ref.get().used(valuesOnly);
        return u ? [{ r: u.rowIndex, c: u.columnIndex, n: u.rowCount, m: u.columnCount }] : null;
      }, `getUsedRangeOrNullObject(${valuesOnly})`);
    },
    get charts() {
      return chartsApi();
    },
    get protection() {
      return {
        load() {
          push(`${label}.protection.load()`, [], () => void loaded.set("protection.protected", ref.get().protected));
        },
        get protected() {
          return loaded.get("protection.protected");
        },
      };
    },
    get freezePanes() {
      const set = (p: string, frozen: () => { rows: number; cols: number } | null) =>
        push(`${label}.freezePanes.${p}`, [], () => {
          const s = ref.get();
          s.frozen = frozen();
          s.log.push({ path: `freezePanes.${p}` });
        });
      return {
        freezeRows: (n: number) => set(`freezeRows(${n})`, () => ({ rows: n, cols: 0 })),
        freezeColumns: (n: number) => set(`freezeColumns(${n})`, () => ({ rows: 0, cols: n })),
        freezeAt: (r: { __resolve: Resolve; __address: string } | string) =>
          set(`freezeAt(${typeof r === "string" ? r : r.__address})`, () => {
            const x = typeof r === "string" ? parseAddress(r) : (r.__resolve() as Rect[])[0];
            // Whole rows freeze rows only, whole columns columns only.
            return { rows: x.n >= MAX_ROWS ? 0 : x.r + x.n, cols: x.m >= MAX_COLS ? 0 : x.c + x.m };
          }),
        unfreeze: () => set("unfreeze()", () => null),
        getLocationOrNullObject: () => {
          const l = new Loaded();
          const obj = {
            load() {
              push(`${label}.freezePanes.getLocationOrNullObject().load()`, [], () => {
                const f = ref.get().frozen;
                l.set("isNullObject", !f || (f.rows === 0 && f.cols === 0));
                const sheetName = `'${ref.get().name}'!`;
                if (f && f.rows && f.cols) l.set("address", sheetName + rectAddress({ r: 0, c: 0, n: f.rows, m: f.cols }));
                else if (f && f.rows) l.set("address", `${sheetName}$1:$${f.rows}`);
                else if (f && f.cols) l.set("address", `${sheetName}$A:$${colLetters(f.cols - 1)}`);
                return 40;
              });
              return obj;
            },
            get isNullObject() {
              return l.get("isNullObject");
            },
            get address() {
              return l.get("address");
            },
          };
          return obj;
        },
      };
    },
    get pageLayout() {
      // One object per worksheet object, as in Office.js (what it loaded stays readable).
      layout ??= pageLayoutApi(ctx, ref, label);
      return layout;
    },
    get customProperties() {
      if (!wb.supports("1.12")) return undefined;
      return {
        // Keys are case-insensitive and at most 255 characters (InvalidArgument past that):
        // https://learn.microsoft.com/javascript/api/excel/excel.interfaces.worksheetcustompropertydata
        add(k: string, value: string) {
          push(`${label}.customProperties.add(${k})`, [value], () => {
            if (k.length > 255) throw new ExcelError("InvalidArgument", `clé de propriété de plus de 255 caractères`);
            const props = ref.get().customProperties;
            for (const x of [...props.keys()]) if (x.toLowerCase() === k.toLowerCase()) props.delete(x);
            props.set(k, value);
          });
        },
        getItemOrNullObject(k: string) {
          const l = new Loaded();
          const obj = {
            load() {
              push(`${label}.customProperties.getItemOrNullObject(${k}).load()`, [], () => {
                const found = [...ref.get().customProperties].find(([x]) => x.toLowerCase() === k.toLowerCase());
                const v = found?.[1];
                l.set("isNullObject", v === undefined);
                l.set("value", v ?? null);
                return 40 + (v?.length ?? 0);
              });
              return obj;
            },
            get isNullObject() {
              return l.get("isNullObject");
            },
            get value() {
              return l.get("value");
            },
            delete() {
              push(`${label}.customProperties(${k}).delete()`, [], () => {
                const props = ref.get().customProperties;
                for (const x of [...props.keys()]) if (x.toLowerCase() === k.toLowerCase()) props.delete(x);
              });
            },
          };
          return obj;
        },
      };
    },
    get names() {
      return {
        add(name: string, reference: { __address: string } | string, comment?: string) {
          push(`${label}.names.add(${name})`, [comment], () => {
            const s = ref.get();
            if (s.names.has(name)) throw new ExcelError("ItemAlreadyExists", `nom ${name}`);
            s.names.set(name, { comment: comment ?? "", reference: typeof reference === "string" ? reference : reference.__address });
          });
        },
        getItemOrNullObject(name: string) {
          const l = new Loaded();
          const obj = {
            load() {
              push(`${label}.names.getItemOrNullObject(${name}).load()`, [], () => {
                const v = ref.get().names.get(name);
                l.set("isNullObject", v === undefined);
                l.set("comment", v?.comment ?? null);
                return 40 + (v?.comment.length ?? 0);
              });
              return obj;
            },
            get isNullObject() {
              return l.get("isNullObject");
            },
            get comment() {
              return l.get("comment");
            },
          };
          return obj;
        },
        getItem(name: string) {
          return {
            delete() {
              push(`${label}.names.getItem(${name}).delete()`, [], () => {
                if (!ref.get().names.delete(name)) throw new ExcelError("ItemNotFound", `nom ${name}`);
              });
            },
          };
        },
      };
    },
    tables: {
      load(_props?: string) {
        push(`${label}.tables.load()`, [], () => {
          const sh = ref.get();
          loaded.set(
            "tables.items",
            wb.tables
              .filter((t) => t.sheet === sh)
              .map((t) => ({ name: t.name, getRange: () => makeRange(ctx, ref, () => [{ r: t.r0, c: t.c0, n: t.rows, m: t.cols }], `table(${t.name})`) })),
          );
          return 40;
        });
      },
      get items() {
        return loaded.get("tables.items");
      },
      add(rangeApi: { __address: string; __resolve: Resolve }, hasHeaders: boolean) {
        const t: Partial<FakeTable> = {};
        push(`tables.add(${rangeApi.__address},${hasHeaders})`, [], () => {
          const x = (rangeApi.__resolve() as Rect[])[0];
          Object.assign(t, { name: `Tableau${wb.tables.length + 1}`, sheet: ref.get(), r0: x.r, c0: x.c, rows: x.n, cols: x.m });
          wb.tables.push(t as FakeTable);
          ctx.changed(ref.get());
        });
        const tableRec = recorder(
          (path, value) => ref.get().log.push({ path: `table.${path}`, value }),
          "",
          (path, args, apply) => push(`table.${path}`, args, apply),
        ) as Record<string, unknown>;
        return new Proxy(tableRec, {
          set(_, prop, value) {
            if (prop === "name") push("table.name", [value], () => void (t.name = value as string));
            else tableRec[String(prop)] = value;
            return true;
          },
        });
      },
    },
  };
  return new Proxy(self, {
    get(t, prop) {
      if (typeof prop === "symbol") return undefined;
      if (prop in t) return t[prop];
      return recorder(
        (path, value) => ref.get().log.push({ path, value }),
        String(prop),
        (path, args, apply) => push(path, args, () => (apply(), ref.value && ctx.changed(ref.value))),
      );
    },
    set(t, prop, value) {
      if (prop in t) {
        (t as Record<string, unknown>)[prop as string] = value;
        return true;
      }
      return false;
    },
  });
}

function pageLayoutApi(ctx: FakeContext, ref: Ref<FakeSheet>, label: string): unknown {
  const loaded = new Loaded();
  const push = (path: string, args: unknown[], apply: () => number | void) => ctx.push(path, () => ref.value ?? null, args, apply);
  const store = (p: string, value: unknown) =>
    push(`${label}.pageLayout.${p}`, [value], () => {
      const s = ref.get();
      s.props.set(`pageLayout.${p}`, value);
      s.log.push({ path: `pageLayout.${p}`, value });
    });
  const nullable = (p: string) => {
    const l = new Loaded();
    const obj = {
      load() {
        push(`${label}.pageLayout.${p}.load()`, [], () => {
          const v = ref.get().props.get(`pageLayout.${p}`);
          l.set("isNullObject", v === undefined);
          l.set("address", v ?? null);
          return 40;
        });
        return obj;
      },
      get isNullObject() {
        return l.get("isNullObject");
      },
      get address() {
        return l.get("address");
      },
    };
    return obj;
  };
  const props = ["orientation", "paperSize", "centerHorizontally", "centerVertically", "zoom", "leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"];
  const hfProps = ["leftHeader", "centerHeader", "rightHeader", "leftFooter", "centerFooter", "rightFooter"];
  const hf: Record<string, unknown> = {};
  for (const p of hfProps)
    Object.defineProperty(hf, p, {
      get: () => loaded.get(`headersFooters.defaultForAllPages.${p}`),
      set: (v) => store(`headersFooters.defaultForAllPages.${p}`, v),
    });
  const api: Record<string, unknown> = {
    load(list?: string | string[]) {
      const wanted = list ? (Array.isArray(list) ? list : list.split(",")).map((x) => x.trim()) : [...props, ...hfProps.map((p) => `headersFooters/defaultForAllPages/${p}`)];
      push(`${label}.pageLayout.load()`, [], () => {
        const s = ref.get();
        for (const w of wanted) {
          const p = w.replace(/\//g, ".");
          loaded.set(p, s.props.get(`pageLayout.${p}`) ?? null);
        }
        return 400;
      });
      return api;
    },
    setPrintArea: (a: string) => store("printArea", a),
    setPrintTitleRows: (a: string) => store("printTitleRows", a),
    setPrintMargins: (unit: string, m: Record<string, number>) => {
      const k = unit === "Inches" ? 72 : 1;
      for (const [side, v] of Object.entries(m)) store(`${side}Margin`, v * k);
    },
    getPrintAreaOrNullObject: () => nullable("printArea"),
    getPrintTitleRowsOrNullObject: () => nullable("printTitleRows"),
    headersFooters: { defaultForAllPages: hf },
  };
  for (const p of props)
    Object.defineProperty(api, p, {
      get: () => loaded.get(p),
      set: (v) => {
        if (p === "zoom") checkZoom(v as Excel.PageLayoutZoomOptions);
        store(p, v);
      },
    });
  return api;
}

/**
 * The documented zoom options: a scale of 10 to 400, or whole numbers of pages (at least 1) wide
 * and tall. https://learn.microsoft.com/javascript/api/excel/excel.pagelayoutzoomoptions
 */
function checkZoom(z: Excel.PageLayoutZoomOptions): void {
  const pages = (v: unknown) => v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 1);
  if (z.scale !== undefined && z.scale !== null && !(z.scale >= 10 && z.scale <= 400)) throw new ExcelError("InvalidArgument", `zoom.scale ${z.scale}`);
  if (!pages(z.horizontalFitToPages) || !pages(z.verticalFitToPages)) throw new ExcelError("InvalidArgument", `zoom ${JSON.stringify(z)} : nombre de pages non documenté`);
}

// ------------------------------------------------------------------ the workbook object

function makeWorkbook(ctx: FakeContext): unknown {
  const wb = ctx.wb;
  const sheetItems = new Loaded();
  const tableItems = new Loaded();
  const push = (path: string, args: unknown[], apply: () => number | void) => ctx.push(path, null, args, apply);
  const event = (name: string, minVersion: string) =>
    !wb.supports(minVersion)
      ? undefined
      : {
          add(handler: Handler) {
            const h = { event: name, handler };
            push(`${name}.add`, [], () => void wb.handlers.push(h));
            return {
              remove: () => push(`${name}.remove`, [], () => void (wb.handlers = wb.handlers.filter((x) => x !== h))),
            };
          },
        };
  const worksheets = {
    load(props: string) {
      const list = props.replace(/items\//g, "").split(",").map((x) => x.trim());
      push(`worksheets.load(${props})`, [], () => {
        sheetItems.set(
          "items",
          wb.sheets.map((s) => {
            const pre: Record<string, unknown> = {};
            for (const p of list) if (p === "id" || p === "name" || p === "visibility") pre[p] = s[p];
            return makeSheet(ctx, new Ref(s), `sheet(${s.name})`, pre);
          }),
        );
        return 80 * wb.sheets.length;
      });
    },
    get items() {
      return sheetItems.get("items");
    },
    add(name: string) {
      const ref = new Ref<FakeSheet>();
      push(`worksheets.add(${name})`, [], () => {
        checkSheetName(name);
        if (wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) throw new ExcelError("ItemAlreadyExists", `la feuille ${name} existe`);
        ref.value = new FakeSheet(wb.newSheetId(), name);
        wb.sheets.push(ref.value);
        ctx.emit("worksheets.onAdded", { worksheetId: ref.value.id, type: "WorksheetAdded" });
      });
      return makeSheet(ctx, ref, `new(${name})`);
    },
    getItem(name: string) {
      const ref = new Ref<FakeSheet>();
      push(`worksheets.getItem(${name})`, [], () => {
        const s = wb.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
        if (!s) throw new ExcelError("ItemNotFound", `feuille ${name} introuvable`);
        ref.value = s;
      });
      return makeSheet(ctx, ref, `item(${name})`);
    },
    getItemOrNullObject(name: string) {
      const ref = new Ref<FakeSheet>();
      const state: { isNull?: boolean } = {};
      push(`worksheets.getItemOrNullObject(${name})`, [], () => {
        ref.value = wb.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
        state.isNull = !ref.value;
        return 20;
      });
      const sheet = makeSheet(ctx, ref, `item(${name})`) as Record<string, unknown>;
      return new Proxy(sheet, {
        get(t, prop) {
          if (prop === "isNullObject") {
            if (state.isNull === undefined) throw new NotLoadedError("isNullObject");
            return state.isNull;
          }
          return t[prop as string];
        },
      });
    },
    onChanged: event("worksheets.onChanged", "1.7"),
    onAdded: event("worksheets.onAdded", "1.7"),
    onDeleted: event("worksheets.onDeleted", "1.7"),
    onNameChanged: event("worksheets.onNameChanged", "1.17"),
  };
  const tables = {
    load(props: string) {
      push(`tables.load(${props})`, [], () => {
        tableItems.set(
          "items",
          wb.tables.map((t) => {
            const ref = new Ref(t.sheet);
            return {
              name: t.name,
              showTotals: t.showTotals === true,
              worksheet: makeSheet(ctx, ref, `sheet(${t.sheet.name})`, { id: t.sheet.id, name: t.sheet.name }),
              getRange: () => makeRange(ctx, ref, () => [{ r: t.r0, c: t.c0, n: t.rows, m: t.cols }], `table(${t.name})`),
            };
          }),
        );
        return 100 * wb.tables.length;
      });
    },
    get items() {
      return tableItems.get("items");
    },
    onAdded: event("tables.onAdded", "1.7"),
  };
  const settings = {
    getItemOrNullObject(k: string) {
      const l = new Loaded();
      const obj = {
        load() {
          push(`settings.load(${k})`, [], () => {
            l.set("isNullObject", !wb.settings.has(k));
            l.set("value", wb.settings.get(k) ?? null);
            return 40 + JSON.stringify(wb.settings.get(k) ?? "").length;
          });
          return obj;
        },
        get isNullObject() {
          return l.get("isNullObject");
        },
        get value() {
          return l.get("value");
        },
        delete() {
          push(`settings.delete(${k})`, [], () => void wb.settings.delete(k));
        },
      };
      return obj;
    },
    add(k: string, value: unknown) {
      push(`settings.add(${k})`, [value], () => void wb.settings.set(k, value));
    },
    getItem(k: string) {
      return {
        delete() {
          push(`settings.getItem(${k}).delete()`, [], () => {
            if (!wb.settings.delete(k)) throw new ExcelError("ItemNotFound", `paramètre ${k}`);
          });
        },
      };
    },
  };
  return { worksheets, tables, settings };
}
