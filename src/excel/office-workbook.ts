/**
 * The workbook port over Office.js.
 *
 * - Every batch runs with `delayForCellEdit` (run.ts): it waits while the user types in a cell.
 * - Reads are bounded by bytes, not cells (budget.ts): blocks of rows sized from the bytes per
 *   cell measured on what was already read, under READ_RESPONSE_BYTES per response; a block
 *   refused as too big is read again in halves. An ordinary register is read in three syncs.
 * - The add-in's sheets are known by a mark that lives in the file (marks.ts), never by id alone.
 *   They are not read as the register, except the « Cotation CAD » sheet: the committee's
 *   decisions typed there feed the actions decided for each contract (A1.E1), so its grid goes to
 *   the register reader with the others, and a person's edits there are followed like edits of the
 *   register.
 * - Writes go through writer.ts (same sheets, new content; previous content intact on failure),
 *   one at a time (lock.ts), each run with its own temporary sheets.
 * - Change events caused by the add-in's own writes are ignored: by their trigger source where
 *   Excel gives it (ExcelApi 1.14), by the sheets written otherwise; events that arrive while a
 *   write runs are held until it ends and then sorted. Sheet renames are watched (ExcelApi 1.17).
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-events ("Office Add-in
 *   (JavaScript) code that changes the workbook" triggers events; `source` Local or Remote)
 *   https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs#excel-excel-worksheetchangedeventargs-triggersource-member
 *   https://learn.microsoft.com/javascript/api/excel/excel.worksheetcollection#excel-excel-worksheetcollection-onnamechanged-member
 */
import type { Cell, Grid } from "../register/types";
import type { SheetPlan } from "../dashboards/plan";
import { uniqueSheetName } from "../dashboards/plan";
import { TDB1_NAME, TDB2_NAME } from "../dashboards";
import { COTATION_NAME } from "../dashboards/cotation";
import { listSource, TemplateSheet, TemplateValidation } from "../dashboards/template";
import { splitAddress } from "./address";
import { jsonBytes, MAX_RESPONSE_BYTES, RequestBudget } from "./budget";
import { drawCells, drawSetup } from "./draw";
import { ALL_CAPABILITIES, Capabilities } from "./capabilities";
import { Exclusive } from "./lock";
import { IDENTITY_KEY, LEGACY_KEY, legacyOwned, loadMark, markOf, originals, parseIdentities, parseLegacy } from "./marks";
import { describeExcelError } from "./messages";
import type { TemplateResult, WorkbookChange, WorkbookGrids, WorkbookPort, WriteResult } from "./port";
import { WorkbookError } from "./port";
import { ExcelRun, RUN_OPTIONS } from "./run";
import { writePlans, WriterOptions } from "./writer";

export type { ExcelRun } from "./run";

/** Bytes of cell values wanted per read response (Excel on the web refuses more than 5 MB). */
export const READ_RESPONSE_BYTES = MAX_RESPONSE_BYTES;
/** Bytes per cell assumed before any was read (JSON of a short text and its separators). */
export const FIRST_BYTES_PER_CELL = 24;
/** Rows sampled per block to measure the bytes per cell actually read. */
const SAMPLE_ROWS = 200;
/** Names the add-in gives its sheets, by kind (for workbooks of earlier versions, see marks.ts). */
const DEFAULT_SHEET_NAMES: Readonly<Record<string, string>> = { tdb1: TDB1_NAME, tdb2: TDB2_NAME, cotation: COTATION_NAME };

/**
 * Kinds of the add-in's sheets that are read with the register: the « Cotation CAD » sheet, whose
 * « Décision CAD » column the register reader merges into the actions decided (register/cotation.ts).
 */
const LIVE_KINDS: ReadonlySet<string> = new Set(["cotation"]);
/** What readGrids calls a user's copy of one of the add-in's sheets (skipped, see marks.ts). */
const COPY_KIND = "copy";

/** See OfficeWorkbookOptions.ownEventGraceMs. */
export const OWN_EVENT_GRACE_MS = 1_000;

/** Rows of the template tables prepared with formats and drop-down lists. */
export const TEMPLATE_ROWS = 1_000;

interface Dims {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

interface Source {
  sheet: string;
  table?: string;
  worksheetId: string;
  worksheet: Excel.Worksheet;
  dims: Excel.Range;
  /** An Excel table whose last row is its totals row. */
  totalsRow?: boolean;
}

interface Block {
  grid: Grid;
  worksheet: Excel.Worksheet;
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** Index of the block in its grid (blocks are put back in order). */
  order: number;
  range?: Excel.Range;
}

export interface OfficeWorkbookOptions {
  caps?: Capabilities;
  /**
   * Where Excel does not say who changed a sheet (before ExcelApi 1.14): a change of a cotation
   * sheet this soon after a write of the add-in is taken for the end of that write (ms).
   */
  ownEventGraceMs?: number;
  /** Writer options (tests: run ids, clock). */
  writer?: Omit<WriterOptions, "caps" | "onTouched">;
}

export class OfficeWorkbook implements WorkbookPort {
  /** Ids of the add-in's sheets (marked, or written in this session). */
  private ownIds = new Set<string>();
  /** Ids of the add-in's sheets whose edits by a person change the figures (the cotation sheets). */
  private liveOwnIds = new Set<string>();
  /** Writes in progress (events that arrive meanwhile are held). */
  private writing = 0;
  private held: (WorkbookChange & { byPerson: boolean })[] = [];
  private listeners = new Set<(c: WorkbookChange) => void>();
  readonly caps: Capabilities;
  /** One write at a time (refresh, cotation, template), whoever asks. */
  readonly exclusive = new Exclusive();
  /** Syncs of the last read (for the bench and the tests). */
  lastReadSyncs = 0;
  /** When the last write ended (ms since 1970). */
  private lastWriteEnd = 0;
  private readonly grace: number;

  constructor(
    private readonly run: ExcelRun,
    private readonly options: OfficeWorkbookOptions = {},
  ) {
    this.caps = options.caps ?? ALL_CAPABILITIES;
    this.grace = options.ownEventGraceMs ?? OWN_EVENT_GRACE_MS;
  }

  async readGrids(): Promise<WorkbookGrids> {
    try {
      return await this.run(RUN_OPTIONS, async (context) => {
        let syncs = 2;
        const wb = context.workbook;
        const sheets = wb.worksheets;
        sheets.load("items/name,items/id");
        const tables = wb.tables;
        // Table.getRange() is the whole table, its totals row included when `showTotals` is on:
        // that row (sums, counts, « Total ») is no contract and is left out below (SPEC §2.6).
        // https://learn.microsoft.com/javascript/api/excel/excel.table#excel-excel-table-showtotals-member
        // https://learn.microsoft.com/javascript/api/excel/excel.table#excel-excel-table-getrange-member(1)
        tables.load("items/name,items/showTotals,items/worksheet/id,items/worksheet/name");
        const legacySetting = wb.settings.getItemOrNullObject(LEGACY_KEY);
        legacySetting.load("value");
        const identitySetting = wb.settings.getItemOrNullObject(IDENTITY_KEY);
        identitySetting.load("value");
        await context.sync();

        // Marks and sizes in one request; the add-in's sheets are then left out.
        const legacy = legacySetting.isNullObject ? [] : parseLegacy(legacySetting.value);
        const marks = sheets.items.map((s) => loadMark(s, this.caps));
        const sheetsWithTables = new Set(tables.items.map((t) => t.worksheet.id));
        const candidates: Source[] = [];
        for (const t of tables.items) {
          const dims = t.getRange();
          dims.load("rowIndex,columnIndex,rowCount,columnCount");
          candidates.push({ sheet: t.worksheet.name, table: t.name, worksheetId: t.worksheet.id, worksheet: t.worksheet, dims, ...(t.showTotals ? { totalsRow: true } : {}) });
        }
        for (const s of sheets.items) {
          // A sheet with tables is given as its tables, not again as a sheet.
          if (sheetsWithTables.has(s.id)) continue;
          const dims = s.getUsedRangeOrNullObject(true);
          dims.load("rowIndex,columnIndex,rowCount,columnCount");
          candidates.push({ sheet: s.name, worksheetId: s.id, worksheet: s, dims });
        }
        await context.sync();
        // The add-in's sheets, by id, with their kind (tdb1, tdb2, detail, cotation…).
        // A user's copy of a dashboard carries its mark (marks.ts): neither read as the register nor
        // as the add-in's sheet (a copied « Cotation CAD » is not read twice).
        const own = new Map<string, string>();
        const marked = sheets.items.map((s, i) => ({ id: s.id, name: s.name, mark: markOf(marks[i]) }));
        const originalOf = originals(marked, identitySetting.isNullObject ? {} : parseIdentities(identitySetting.value), DEFAULT_SHEET_NAMES);
        for (const s of marked) if (s.mark) own.set(s.id, s.mark.role !== "dashboard" ? s.mark.role : (originalOf.get(s.id) ?? COPY_KIND));
        for (const [id, kind] of legacyOwned(sheets.items, legacy, DEFAULT_SHEET_NAMES, new Set(own.keys()))) own.set(id, kind);
        this.ownIds = new Set([...this.ownIds, ...own.keys()]);
        const live = [...own].filter(([, kind]) => LIVE_KINDS.has(kind)).map(([id]) => id);
        this.liveOwnIds = new Set([...this.liveOwnIds, ...live]);

        const grids: Grid[] = [];
        const blocks: Block[] = [];
        for (const src of candidates) {
          const kind = own.get(src.worksheetId);
          if ((kind !== undefined && !LIVE_KINDS.has(kind)) || src.dims.isNullObject) continue;
          const d: Dims = src.totalsRow ? { rowIndex: src.dims.rowIndex, columnIndex: src.dims.columnIndex, rowCount: src.dims.rowCount - 1, columnCount: src.dims.columnCount } : src.dims;
          if (d.rowCount <= 0 || d.columnCount === 0) continue;
          const grid: Grid = { sheet: src.sheet, ...(src.table ? { table: src.table } : {}), originRow: d.rowIndex, originCol: d.columnIndex, rows: [] };
          grids.push(grid);
          blocks.push({ grid, worksheet: src.worksheet, row: d.rowIndex, col: d.columnIndex, rows: d.rowCount, cols: d.columnCount, order: 0 });
        }
        const parts = await readBlocks(blocks, async () => {
          syncs++;
          await context.sync();
        });
        for (const g of grids) g.rows = parts.get(g) ?? [];
        this.lastReadSyncs = syncs;
        return { grids, sheetNames: sheets.items.map((s) => s.name) };
      });
    } catch (e) {
      throw new WorkbookError(`Lecture du classeur impossible : ${describeExcelError(e)}.`, e);
    }
  }

  async readOwnSheets(kind: SheetPlan["kind"]): Promise<Grid[]> {
    try {
      return await this.run(RUN_OPTIONS, async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load("items/name,items/id");
        const legacySetting = context.workbook.settings.getItemOrNullObject(LEGACY_KEY);
        legacySetting.load("value");
        const identitySetting = context.workbook.settings.getItemOrNullObject(IDENTITY_KEY);
        identitySetting.load("value");
        await context.sync();
        const legacyEntries = legacySetting.isNullObject ? [] : parseLegacy(legacySetting.value);
        const marks = sheets.items.map((s) => loadMark(s, this.caps));
        await context.sync();
        const found = sheets.items.map((s, i) => ({ s, m: markOf(marks[i]) }));
        const legacy = legacyOwned(sheets.items, legacyEntries, DEFAULT_SHEET_NAMES, new Set(found.filter((x) => x.m).map((x) => x.s.id)));
        // The original only: a user's copy carries the mark too (marks.ts).
        const originalOf = originals(
          found.map(({ s, m }) => ({ id: s.id, name: s.name, mark: m })),
          identitySetting.isNullObject ? {} : parseIdentities(identitySetting.value),
          DEFAULT_SHEET_NAMES,
        );
        const mine = found.filter(({ s, m }) => (m ? originalOf.get(s.id) === kind : legacy.get(s.id) === kind)).map((x) => x.s);
        const used = mine.map((ws) => {
          const r = ws.getUsedRangeOrNullObject(true);
          r.load("rowIndex,columnIndex,rowCount,columnCount");
          return { ws, r };
        });
        await context.sync();
        // The cells by blocks under READ_RESPONSE_BYTES, like the register's: a cotation sheet of
        // 10,000 rows and more passes the 5 MB of one response (Excel on the web).
        const grids: Grid[] = [];
        const blocks: Block[] = [];
        for (const { ws, r } of used) {
          if (r.isNullObject || r.rowCount === 0 || r.columnCount === 0) continue;
          const grid: Grid = { sheet: ws.name, originRow: r.rowIndex, originCol: r.columnIndex, rows: [] };
          grids.push(grid);
          blocks.push({ grid, worksheet: ws, row: r.rowIndex, col: r.columnIndex, rows: r.rowCount, cols: r.columnCount, order: 0 });
        }
        const parts = await readBlocks(blocks, () => context.sync());
        for (const g of grids) g.rows = parts.get(g) ?? [];
        return grids;
      });
    } catch (e) {
      throw new WorkbookError(`Lecture de la feuille de cotation impossible : ${describeExcelError(e)}.`, e);
    }
  }

  writeDashboards(plans: SheetPlan[]): Promise<WriteResult> {
    return this.exclusive.run({ label: "écriture des tableaux de bord" }, () =>
      this.writingDo(async () => {
        const result = await writePlans(this.run, plans, {
          ...this.options.writer,
          caps: this.caps,
          onTouched: (ids) => {
            for (const id of ids) this.ownIds.add(id);
          },
        });
        for (const s of result.sheets) if (LIVE_KINDS.has(s.kind)) this.liveOwnIds.add(s.id);
        return result;
      }),
    );
  }

  /** Runs a write; events that arrive meanwhile are held, then those not caused by it are passed on. */
  private async writingDo<T>(task: () => Promise<T>): Promise<T> {
    this.writing++;
    try {
      return await task();
    } finally {
      this.writing--;
      this.lastWriteEnd = Date.now();
      if (this.writing === 0) {
        // Events of the last sync are delivered after it: sort them once they are in.
        setTimeout(() => this.releaseHeld(), 0);
      }
    }
  }

  private releaseHeld(): void {
    if (this.writing > 0) return;
    const held = this.held;
    this.held = [];
    const others = held.filter((c) => this.follows(c));
    const last = others[others.length - 1];
    if (last) this.emit({ ...(last.worksheetId ? { worksheetId: last.worksheetId } : {}), ...(last.kind ? { kind: last.kind } : {}) });
  }

  /**
   * Whether a change may change the figures: anything outside the add-in's sheets; in a cotation
   * sheet, a person's edit (known as such only where Excel gives the trigger source, ExcelApi 1.14;
   * elsewhere an event there outside a write of the add-in is a person's).
   */
  private follows(c: WorkbookChange & { byPerson?: boolean }): boolean {
    if (!c.worksheetId || !this.ownIds.has(c.worksheetId)) return true;
    return this.liveOwnIds.has(c.worksheetId) && c.byPerson === true;
  }

  async createTemplate(template: TemplateSheet[]): Promise<TemplateResult> {
    return this.exclusive.run({ label: "création du registre modèle" }, async () => {
      try {
        return await this.run(RUN_OPTIONS, async (context) => {
          const wb = context.workbook;
          const sheets = wb.worksheets;
          sheets.load("items/name");
          wb.tables.load("items/name");
          await context.sync();
          const takenSheets = sheets.items.map((s) => s.name);
          const takenTables = new Set(wb.tables.items.map((t) => t.name.toLowerCase()));
          const names: string[] = [];
          let first: Excel.Worksheet | null = null;
          for (const t of template) {
            const name = uniqueSheetName(t.name, takenSheets);
            takenSheets.push(name);
            names.push(name);
            let table = t.table;
            for (let i = 2; takenTables.has(table.toLowerCase()); i++) table = `${t.table}${i}`;
            takenTables.add(table.toLowerCase());
            const ws = sheets.add(name);
            first ??= ws;
            writeTemplateSheet(ws, t, table);
          }
          first?.activate();
          await context.sync();
          return { sheets: names };
        });
      } catch (e) {
        throw new WorkbookError(`Le registre modèle n'a pas pu être créé : ${describeExcelError(e)}.`, e);
      }
    });
  }

  /**
   * Creates a new sheet drawn from a plan, as the user's own (no mark: the add-in never rewrites
   * nor skips it), e.g. the « Référentiel » sheet a buyer then edits. Refuses when a sheet of that
   * name exists. A sheet left half drawn by a failure is deleted.
   */
  async createSheet(plan: SheetPlan): Promise<{ name: string }> {
    return this.exclusive.run({ label: `création de la feuille « ${plan.name} »` }, async () => {
      let created = false;
      try {
        return await this.run(RUN_OPTIONS, async (context) => {
          const sheets = context.workbook.worksheets;
          sheets.load("items/name");
          await context.sync();
          const existing = sheets.items.find((x) => x.name.toLowerCase() === plan.name.toLowerCase());
          if (existing) throw new WorkbookError(`Une feuille « ${existing.name} » existe déjà dans le classeur : elle n'est pas remplacée. Modifiez-la, ou renommez-la puis recommencez.`);
          const budget = new RequestBudget(() => context.sync());
          await budget.command();
          const ws = sheets.add(plan.name);
          created = true;
          await drawCells(ws, plan, budget);
          await drawSetup(ws, plan, budget, { caps: this.caps, chartPrefix: `${plan.name} ` });
          await budget.command();
          ws.activate();
          await budget.flush();
          return { name: plan.name };
        });
      } catch (e) {
        if (e instanceof WorkbookError && !created) throw e;
        if (created) await this.deleteSheet(plan.name);
        throw new WorkbookError(`La feuille « ${plan.name} » n'a pas pu être créée : ${e instanceof WorkbookError ? e.message : describeExcelError(e)}.`, e);
      }
    });
  }

  /** Deletes a sheet by name (after a failed creation); a failure here changes nothing more. */
  private async deleteSheet(name: string): Promise<void> {
    try {
      await this.run(RUN_OPTIONS, async (context) => {
        const ws = context.workbook.worksheets.getItemOrNullObject(name);
        await context.sync();
        if (!ws.isNullObject) ws.delete();
        await context.sync();
      });
    } catch {
      // The message of the failure already says the sheet was not created as it should be.
    }
  }

  /**
   * Selects a row of a sheet: within its Excel table when the row is in one (the table's columns
   * only), else the row across the sheet's used columns. `row` is 1-based, as users see it.
   */
  async selectRow(sheet: string, row: number): Promise<void> {
    try {
      await this.run(RUN_OPTIONS, async (context) => {
        const ws = context.workbook.worksheets.getItemOrNullObject(sheet);
        await context.sync();
        if (ws.isNullObject) throw new WorkbookError(`la feuille « ${sheet} » n'existe plus (supprimée ou renommée) : la liste se met à jour à la prochaine lecture du registre`);
        const tables = ws.tables;
        tables.load("items/name");
        const used = ws.getUsedRangeOrNullObject(true);
        used.load("columnIndex,columnCount");
        await context.sync();
        const ranges = tables.items.map((t) => {
          const r = t.getRange();
          r.load("rowIndex,columnIndex,rowCount,columnCount");
          return r;
        });
        await context.sync();
        const r0 = row - 1;
        const table = ranges.find((r) => r0 >= r.rowIndex && r0 < r.rowIndex + r.rowCount);
        const target = table
          ? ws.getRangeByIndexes(r0, table.columnIndex, 1, table.columnCount)
          : used.isNullObject
            ? ws.getRange(`${row}:${row}`)
            : ws.getRangeByIndexes(r0, used.columnIndex, 1, used.columnCount);
        ws.activate();
        target.select();
        await context.sync();
      });
    } catch (e) {
      throw new WorkbookError(`Impossible d'atteindre la ligne ${row} de la feuille « ${sheet} » : ${e instanceof WorkbookError ? e.message : describeExcelError(e)}.`, e);
    }
  }

  async selectCell(address: string): Promise<void> {
    const parts = splitAddress(address);
    if (!parts) throw new WorkbookError(`Adresse de cellule « ${address} » non reconnue.`);
    try {
      await this.run(RUN_OPTIONS, async (context) => {
        const ws = context.workbook.worksheets.getItem(parts.sheet);
        ws.activate();
        ws.getRange(parts.cell).select();
        await context.sync();
      });
    } catch (e) {
      throw new WorkbookError(`Impossible d'atteindre la cellule ${address} : ${describeExcelError(e)}.`, e);
    }
  }

  private emit(c: WorkbookChange): void {
    for (const l of [...this.listeners]) l(c);
  }

  /** An event from Excel: passed on, held, or ignored (the add-in's own). */
  private onEvent(kind: WorkbookChange["kind"], ev: { worksheetId?: string; triggerSource?: string }): void {
    // "ThisLocalAddin": the event comes from this add-in's own Office.js calls (ExcelApi 1.14).
    if (ev.triggerSource === "ThisLocalAddin") return;
    const change: WorkbookChange = { ...(ev.worksheetId ? { worksheetId: ev.worksheetId } : {}), kind };
    if (this.writing > 0) {
      // During a write, only the trigger source tells a person's edit from the add-in's own.
      this.held.push({ ...change, byPerson: ev.triggerSource !== undefined });
      return;
    }
    // Without the trigger source, a change just after a write may be the write's own (events of its
    // last request arrive after it).
    const byPerson = ev.triggerSource !== undefined || Date.now() - this.lastWriteEnd > this.grace;
    if (!this.follows({ ...change, byPerson })) return;
    this.emit(change);
  }

  async onChange(listener: (change: WorkbookChange) => void): Promise<() => void> {
    const handlers: OfficeExtension.EventHandlerResult<unknown>[] = [];
    let eventContext: Excel.RequestContext | null = null;
    await this.run(RUN_OPTIONS, async (context) => {
      eventContext = context;
      const sheets = context.workbook.worksheets;
      handlers.push(sheets.onChanged.add(async (ev) => this.onEvent("cells", ev)));
      handlers.push(sheets.onAdded.add(async (ev) => this.onEvent("sheetAdded", ev)));
      handlers.push(sheets.onDeleted.add(async (ev) => this.onEvent("sheetDeleted", ev)));
      handlers.push(context.workbook.tables.onAdded.add(async (ev) => this.onEvent("tableAdded", ev)));
      // A renamed sheet changes the addresses of the issues and may be Paramètres (ExcelApi 1.17).
      if (this.caps.nameChanged && sheets.onNameChanged) handlers.push(sheets.onNameChanged.add(async (ev) => this.onEvent("sheetRenamed", ev)));
      await context.sync();
    });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (!eventContext) return;
      // Handlers are removed in the context that added them.
      for (const h of handlers) h.remove();
      void (eventContext as Excel.RequestContext).sync().catch(() => undefined);
    };
  }
}

/**
 * Reads blocks of cells, several per request, each request under READ_RESPONSE_BYTES as estimated
 * from the bytes per cell already seen. Returns the rows of each grid, in order.
 */
export async function readBlocks(sources: Block[], sync: () => Promise<void>): Promise<Map<Grid, Cell[][]>> {
  let bytesPerCell = FIRST_BYTES_PER_CELL;
  const out = new Map<Grid, Cell[][][]>();
  // Blocks still to read, in order; a block is cut to the rows that fit the current estimate.
  const todo: Block[] = sources.map((b) => ({ ...b }));
  let order = 0;
  while (todo.length) {
    const batch: Block[] = [];
    let budget = READ_RESPONSE_BYTES;
    while (todo.length && budget > 0) {
      const b = todo[0];
      const rowBytes = Math.max(1, b.cols * bytesPerCell);
      const fit = Math.max(1, Math.floor(budget / rowBytes));
      if (fit >= b.rows) {
        todo.shift();
        batch.push({ ...b, order: order++ });
        budget -= b.rows * rowBytes;
      } else {
        if (batch.length && fit < Math.min(b.rows, 64)) break;
        batch.push({ ...b, rows: fit, order: order++ });
        todo[0] = { ...b, row: b.row + fit, rows: b.rows - fit };
        budget = 0;
      }
    }
    for (const b of batch) {
      b.range = b.worksheet.getRangeByIndexes(b.row, b.col, b.rows, b.cols);
      b.range.load("values");
    }
    try {
      await sync();
    } catch (e) {
      const code = (e as { code?: string }).code;
      const tooBig = code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
      const splittable = batch.length > 1 || batch[0].rows > 1;
      if (!tooBig || !splittable) throw e;
      // Longer texts than estimated: the same blocks again, in halves.
      const halves: Block[] = [];
      for (const b of batch) {
        if (b.rows === 1) halves.push(b);
        else {
          const h = Math.ceil(b.rows / 2);
          halves.push({ ...b, rows: h }, { ...b, row: b.row + h, rows: b.rows - h });
        }
      }
      todo.unshift(...halves);
      bytesPerCell *= 2;
      continue;
    }
    let bytes = 0;
    let cells = 0;
    for (const b of batch) {
      const values = (b.range as Excel.Range).values as Cell[][];
      const list = out.get(b.grid) ?? [];
      list.push(values);
      out.set(b.grid, list);
      const sample = values.length > SAMPLE_ROWS ? values.slice(0, SAMPLE_ROWS) : values;
      bytes += jsonBytes(sample);
      cells += sample.length * b.cols;
    }
    // The next requests assume the densest data seen so far (plus a quarter).
    if (cells > 0) bytesPerCell = Math.max(bytesPerCell === FIRST_BYTES_PER_CELL ? 0 : bytesPerCell, Math.ceil((bytes / cells) * 1.25), 4);
  }
  const result = new Map<Grid, Cell[][]>();
  for (const [g, parts] of out) result.set(g, parts.flat());
  return result;
}

/** Queues one template sheet: header, default rows, Excel table, formats and lists. */
function writeTemplateSheet(ws: Excel.Worksheet, t: TemplateSheet, tableName: string): void {
  const cols = t.columns.length;
  const dataRows = Math.max(1, t.rows.length);
  ws.getRangeByIndexes(0, 0, 1, cols).values = [t.columns.map((c) => c.header)];
  // Formats of the prepared rows (number formats before values, so that text stays text).
  const prepared = Math.max(TEMPLATE_ROWS, t.rows.length);
  const formats = Array.from({ length: prepared }, (_, r) => t.columns.map((c, ci) => t.rowFormats?.[r]?.[ci] ?? c.numFmt ?? "General"));
  ws.getRangeByIndexes(1, 0, prepared, cols).numberFormat = formats;
  if (t.rows.length) ws.getRangeByIndexes(1, 0, t.rows.length, cols).values = t.rows.map((row) => t.columns.map((_, ci) => row[ci] ?? ""));
  const table = ws.tables.add(ws.getRangeByIndexes(0, 0, dataRows + 1, cols), true);
  table.name = tableName;
  table.style = "TableStyleMedium2";
  t.columns.forEach((c, ci) => {
    ws.getRangeByIndexes(0, ci, 1, 1).format.columnWidth = Math.round((c.width * 7 + 5) * 0.75);
    if (c.validation) {
      const dv = ws.getRangeByIndexes(1, ci, prepared, 1).dataValidation;
      dv.rule = validationRule(c.validation);
      dv.errorAlert = { showAlert: true, style: "Stop", title: "Valeur non prévue", message: validationMessage(c.validation) };
    }
  });
  ws.freezePanes.freezeRows(1);
}

export function validationRule(v: TemplateValidation): Excel.DataValidationRule {
  switch (v.type) {
    case "list":
      return { list: { inCellDropDown: true, source: listSource(v.values) } };
    case "wholeNumber":
      return { wholeNumber: { formula1: v.min, formula2: v.max, operator: "Between" } };
    case "decimal":
      return { decimal: { formula1: v.min, operator: "GreaterThanOrEqualTo" } };
  }
}

export function validationMessage(v: TemplateValidation): string {
  switch (v.type) {
    case "list":
      return `Choisissez une valeur de la liste : ${v.values.join(", ")}.`;
    case "wholeNumber":
      return `Saisissez un nombre entier entre ${v.min} et ${v.max.toLocaleString("fr-FR")}.`;
    case "decimal":
      return `Saisissez un nombre supérieur ou égal à ${v.min}.`;
  }
}
