/**
 * The workbook port over Office.js. Every method is one `Excel.run` with a fixed number of
 * `context.sync()` calls, except the read, whose number of syncs grows with the size of the data
 * (never with anything else): Excel on the web caps the data of one request at 5 MB.
 *
 * The add-in's sheets are recorded in the workbook settings (ExcelApi 1.4, saved with the file)
 * under SETTINGS_KEY, by sheet id with their kind: a refresh replaces those only, whatever their
 * name, and a user's sheet is never written to.
 */
import type { Cell, Grid } from "../register/types";
import { SheetPlan, uniqueSheetName } from "../dashboards/plan";
import { listSource, TemplateSheet, TemplateValidation } from "../dashboards/template";
import { drawPlan } from "./draw";
import { splitAddress } from "./address";
import { describeExcelError } from "./messages";
import type { TemplateResult, WorkbookChange, WorkbookGrids, WorkbookPort, WriteResult, WrittenSheet } from "./port";
import { WorkbookError } from "./port";

export const SETTINGS_KEY = "spaser.sheets";

/** Cells per range read (far below the 5 million cells Excel on the web accepts in one read). */
export const READ_BLOCK_CELLS = 100_000;
/** Cells read per sync: about 3 MB of JSON for an ordinary register, under the 5 MB cap. */
export const READ_SYNC_CELLS = 200_000;
/** Rows of the template tables prepared with formats and drop-down lists. */
export const TEMPLATE_ROWS = 1_000;

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OwnedSheet {
  id: string;
  kind: SheetPlan["kind"];
}

/** Reads the setting value; anything unexpected counts as "no sheet owned". */
export function parseOwned(value: unknown): OwnedSheet[] {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is OwnedSheet => !!x && typeof x.id === "string" && typeof x.kind === "string");
}

/** Loads the worksheets (names and ids) and the add-in's record of its own sheets: one sync. */
async function loadSheetsAndOwned(context: Excel.RequestContext): Promise<{ sheets: Excel.WorksheetCollection; owned: OwnedSheet[] }> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name,items/id");
  const setting = context.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
  setting.load("value");
  await context.sync();
  return { sheets, owned: setting.isNullObject ? [] : parseOwned(setting.value) };
}

interface Dims {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

interface RefreshState {
  /** The add-in's sheets of other kinds, kept. */
  keep: OwnedSheet[];
  /** The add-in's sheets being replaced. */
  old: OwnedSheet[];
  /** The new sheets, once created. */
  fresh: OwnedSheet[];
  /** Temporary names of the new sheets. */
  temporary: string[];
  /** Whether sheets were queued for creation (a failure may have left some). */
  created: boolean;
}

interface Source {
  sheet: string;
  table?: string;
  worksheet: Excel.Worksheet;
  dims: Excel.Range;
}

export class OfficeWorkbook implements WorkbookPort {
  /** Ids of the add-in's sheets, as last seen (used to ignore the add-in's own changes). */
  private owned = new Set<string>();

  constructor(private readonly run: ExcelRun) {}

  async readGrids(): Promise<WorkbookGrids> {
    try {
      return await this.run(async (context) => {
        const wb = context.workbook;
        const sheets = wb.worksheets;
        sheets.load("items/name,items/id");
        const tables = wb.tables;
        tables.load("items/name,items/worksheet/id,items/worksheet/name");
        const setting = wb.settings.getItemOrNullObject(SETTINGS_KEY);
        setting.load("value");
        await context.sync();

        const owned = new Set(setting.isNullObject ? [] : parseOwned(setting.value).map((o) => o.id));
        this.owned = owned;
        const sources: Source[] = [];
        const sheetsWithTables = new Set<string>();
        for (const t of tables.items) {
          sheetsWithTables.add(t.worksheet.id);
          if (owned.has(t.worksheet.id)) continue;
          const dims = t.getRange();
          dims.load("rowIndex,columnIndex,rowCount,columnCount");
          sources.push({ sheet: t.worksheet.name, table: t.name, worksheet: t.worksheet, dims });
        }
        for (const s of sheets.items) {
          // A sheet with tables is given as its tables, not again as a sheet.
          if (owned.has(s.id) || sheetsWithTables.has(s.id)) continue;
          const dims = s.getUsedRangeOrNullObject(true);
          dims.load("rowIndex,columnIndex,rowCount,columnCount");
          sources.push({ sheet: s.name, worksheet: s, dims });
        }
        await context.sync();

        // Blocks of rows, several blocks per sync up to READ_SYNC_CELLS.
        const grids: Grid[] = [];
        type Block = { grid: Grid; range: Excel.Range };
        let pending: Block[] = [];
        let pendingCells = 0;
        const flush = async () => {
          if (!pending.length) return;
          await context.sync();
          for (const b of pending) for (const row of b.range.values as Cell[][]) b.grid.rows.push(row);
          pending = [];
          pendingCells = 0;
        };
        for (const src of sources) {
          if (src.dims.isNullObject) continue;
          const d: Dims = src.dims;
          if (d.rowCount === 0 || d.columnCount === 0) continue;
          const grid: Grid = { sheet: src.sheet, ...(src.table ? { table: src.table } : {}), originRow: d.rowIndex, originCol: d.columnIndex, rows: [] };
          grids.push(grid);
          const blockRows = Math.max(1, Math.floor(READ_BLOCK_CELLS / d.columnCount));
          for (let r = 0; r < d.rowCount; r += blockRows) {
            const n = Math.min(blockRows, d.rowCount - r);
            const range = src.worksheet.getRangeByIndexes(d.rowIndex + r, d.columnIndex, n, d.columnCount);
            range.load("values");
            pending.push({ grid, range });
            pendingCells += n * d.columnCount;
            if (pendingCells >= READ_SYNC_CELLS) await flush();
          }
        }
        await flush();
        return { grids, sheetNames: sheets.items.map((s) => s.name) };
      });
    } catch (e) {
      throw new WorkbookError(`Lecture du classeur impossible : ${describeExcelError(e)}.`, e);
    }
  }

  async readOwnSheets(kind: SheetPlan["kind"]): Promise<Grid[]> {
    try {
      return await this.run(async (context) => {
        const { sheets, owned } = await loadSheetsAndOwned(context);
        const ids = new Set(owned.filter((o) => o.kind === kind).map((o) => o.id));
        const used = sheets.items
          .filter((ws) => ids.has(ws.id))
          .map((ws) => {
            const r = ws.getUsedRangeOrNullObject(true);
            r.load("values,rowIndex,columnIndex");
            return { ws, r };
          });
        await context.sync();
        return used.filter(({ r }) => !r.isNullObject).map(({ ws, r }) => ({ sheet: ws.name, originRow: r.rowIndex, originCol: r.columnIndex, rows: r.values as Cell[][] }));
      });
    } catch (e) {
      throw new WorkbookError(`Lecture de la feuille de cotation impossible : ${describeExcelError(e)}.`, e);
    }
  }

  async writeDashboards(plans: SheetPlan[]): Promise<WriteResult> {
    const kinds = new Set(plans.map((p) => p.kind));
    // Filled as the batch goes, for the recovery after a failure.
    const state: RefreshState = { keep: [], old: [], fresh: [], temporary: [], created: false };
    try {
      return await this.run(async (context) => {
        const wb = context.workbook;
        const loaded = await loadSheetsAndOwned(context);
        const sheets = loaded.sheets;
        const byId = new Map(sheets.items.map((s) => [s.id, s]));
        const owned = loaded.owned.filter((o) => byId.has(o.id));
        state.keep = owned.filter((o) => !kinds.has(o.kind));
        state.old = owned.filter((o) => kinds.has(o.kind));
        const oldNames = state.old.map((o) => (byId.get(o.id) as Excel.Worksheet).name);

        // 1. The new dashboards, in new sheets under temporary names.
        const taken = sheets.items.map((s) => s.name);
        context.application.suspendApiCalculationUntilNextSync();
        context.application.suspendScreenUpdatingUntilNextSync();
        const created = plans.map((plan) => {
          const temp = uniqueSheetName(`SPASER en cours ${plan.kind}`, taken);
          taken.push(temp);
          state.temporary.push(temp);
          const ws = sheets.add(temp);
          ws.load("id");
          drawPlan(ws, plan);
          return { plan, ws };
        });
        state.created = true;
        await context.sync();

        // 2. Only now that they are written: the previous ones go, the new ones take their names.
        const newOwned: OwnedSheet[] = created.map(({ plan, ws }) => ({ id: ws.id, kind: plan.kind }));
        state.fresh = newOwned;
        for (const o of newOwned) this.owned.add(o.id);
        wb.settings.add(SETTINGS_KEY, JSON.stringify([...state.keep, ...state.old, ...newOwned]));
        for (const o of state.old) (byId.get(o.id) as Excel.Worksheet).delete();
        const remaining = sheets.items.filter((s) => !state.old.some((o) => o.id === s.id)).map((s) => s.name);
        const written: WrittenSheet[] = created.map(({ plan, ws }) => {
          const name = uniqueSheetName(plan.name, remaining);
          remaining.push(name);
          ws.name = name;
          return { kind: plan.kind, name, id: ws.id };
        });
        wb.settings.add(SETTINGS_KEY, JSON.stringify([...state.keep, ...newOwned]));
        if (created.length) created[0].ws.activate();
        await context.sync();
        this.owned = new Set([...state.keep, ...newOwned].map((o) => o.id));
        return { sheets: written, replaced: oldNames };
      });
    } catch (e) {
      const recovered = state.created ? await this.recover(state) : "intact";
      const why = describeExcelError(e);
      throw new WorkbookError(
        recovered === "intact"
          ? `Les tableaux de bord n'ont pas pu être écrits (${why}). Les tableaux de bord précédents sont conservés tels quels.`
          : `Les tableaux de bord n'ont été écrits qu'en partie (${why}). Relancez « Actualiser les tableaux de bord » ; vos propres feuilles n'ont pas été modifiées.`,
        e,
      );
    }
  }

  /**
   * After a failed refresh: when every previous dashboard is still there, the new sheets are
   * removed and nothing has changed; otherwise the sheets present stay recorded as the add-in's,
   * so that the next refresh replaces them.
   */
  private async recover(state: RefreshState): Promise<"intact" | "partial"> {
    try {
      return await this.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load("items/name,items/id");
        await context.sync();
        const ids = new Set(sheets.items.map((s) => s.id));
        const isNew = (s: Excel.Worksheet) => state.temporary.includes(s.name) || state.fresh.some((o) => o.id === s.id);
        if (state.old.every((o) => ids.has(o.id))) {
          for (const s of sheets.items) if (isNew(s)) s.delete();
          context.workbook.settings.add(SETTINGS_KEY, JSON.stringify([...state.keep, ...state.old]));
          await context.sync();
          return "intact";
        }
        const present = [...state.keep, ...state.old, ...state.fresh].filter((o) => ids.has(o.id));
        context.workbook.settings.add(SETTINGS_KEY, JSON.stringify(present));
        await context.sync();
        this.owned = new Set(present.map((o) => o.id));
        return "partial";
      });
    } catch {
      return "partial";
    }
  }

  async createTemplate(template: TemplateSheet[]): Promise<TemplateResult> {
    try {
      return await this.run(async (context) => {
        const wb = context.workbook;
        const sheets = wb.worksheets;
        sheets.load("items/name");
        wb.tables.load("items/name");
        await context.sync();
        const takenSheets = sheets.items.map((s) => s.name);
        const takenTables = new Set(wb.tables.items.map((t) => t.name.toLowerCase()));
        const names: string[] = [];
        let first: Excel.Worksheet | null = null;
        context.application.suspendScreenUpdatingUntilNextSync();
        for (const t of template) {
          const name = uniqueSheetName(t.name, takenSheets);
          takenSheets.push(name);
          names.push(name);
          let tableName = t.table;
          for (let i = 2; takenTables.has(tableName.toLowerCase()); i++) tableName = `${t.table}_${i}`;
          takenTables.add(tableName.toLowerCase());
          const ws = sheets.add(name);
          first = first ?? ws;
          ws.tabColor = t.tabColor;
          writeTemplateSheet(ws, t, tableName);
        }
        first?.activate();
        await context.sync();
        return { sheets: names };
      });
    } catch (e) {
      throw new WorkbookError(`Le registre modèle n'a pas pu être créé : ${describeExcelError(e)}.`, e);
    }
  }

  async selectCell(address: string): Promise<void> {
    const parts = splitAddress(address);
    if (!parts) throw new WorkbookError(`Adresse de cellule « ${address} » non reconnue.`);
    try {
      await this.run(async (context) => {
        const ws = context.workbook.worksheets.getItem(parts.sheet);
        ws.activate();
        ws.getRange(parts.cell).select();
        await context.sync();
      });
    } catch (e) {
      throw new WorkbookError(`Impossible d'atteindre la cellule ${address} : ${describeExcelError(e)}.`, e);
    }
  }

  async onChange(listener: (change: WorkbookChange) => void): Promise<() => void> {
    const handlers: OfficeExtension.EventHandlerResult<unknown>[] = [];
    const notify = (worksheetId?: string) => {
      if (worksheetId && this.owned.has(worksheetId)) return;
      listener({ worksheetId });
    };
    let eventContext: Excel.RequestContext | null = null;
    await this.run(async (context) => {
      eventContext = context;
      const sheets = context.workbook.worksheets;
      handlers.push(sheets.onChanged.add(async (ev) => notify(ev.worksheetId)));
      handlers.push(sheets.onAdded.add(async (ev) => notify(ev.worksheetId)));
      handlers.push(sheets.onDeleted.add(async (ev) => notify(ev.worksheetId)));
      handlers.push(context.workbook.tables.onAdded.add(async (ev) => notify(ev.worksheetId)));
      await context.sync();
    });
    return () => {
      if (!eventContext) return;
      // Handlers are removed in the context that added them.
      for (const h of handlers) h.remove();
      void (eventContext as Excel.RequestContext).sync().catch(() => undefined);
    };
  }
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
