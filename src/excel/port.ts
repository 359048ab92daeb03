/**
 * What the add-in needs from the open workbook, as a small interface: the store, the refresh and
 * the task pane talk to this port only. `OfficeWorkbook` (office-workbook.ts) implements it with
 * Office.js; tests implement it with plain objects.
 */
import type { Grid } from "../register/types";
import type { SheetPlan } from "../dashboards/plan";
import type { TemplateSheet } from "../dashboards/template";

export interface WorkbookGrids {
  /** Registers and side tables: Excel tables first, then the used range of sheets without tables. */
  grids: Grid[];
  /** Every sheet name of the workbook, in tab order (the add-in's own dashboards included). */
  sheetNames: string[];
}

export interface WrittenSheet {
  kind: SheetPlan["kind"];
  /** Name given to the sheet (the plan's name, or "… (2)" when a user's sheet holds that name). */
  name: string;
  id: string;
}

export interface WriteResult {
  sheets: WrittenSheet[];
  /** Names of the add-in's sheets rewritten in place (same sheet, new content). */
  replaced: string[];
  /** What went wrong after the new content was in place (French), e.g. a temporary sheet left. */
  warnings?: string[];
}

export interface TemplateResult {
  /** Names of the sheets created. */
  sheets: string[];
}

/** A change in the workbook that may change the register (cell edits, tables, sheets). */
export interface WorkbookChange {
  /** Sheet where the change happened, when known. */
  worksheetId?: string;
  /** What changed. */
  kind?: "cells" | "sheetAdded" | "sheetDeleted" | "sheetRenamed" | "tableAdded";
}

export interface WorkbookPort {
  /** Reads the tables and sheets that may hold the register (the add-in's own sheets are skipped). */
  readGrids(): Promise<WorkbookGrids>;
  /**
   * Writes the plans into the add-in's sheets of the same kinds (same sheets, new content), or into
   * new sheets for kinds not written before. Rejects with a French message when it fails; the
   * previous content is then left as it was (writer.ts).
   */
  writeDashboards(plans: SheetPlan[]): Promise<WriteResult>;
  /** Reads the add-in's own sheets of one kind (e.g. the "Cotation CAD" sheet, to keep what users typed). */
  readOwnSheets(kind: SheetPlan["kind"]): Promise<Grid[]>;
  /** Creates the sheets of a template register (Excel tables with lists and formats). */
  createTemplate(sheets: TemplateSheet[]): Promise<TemplateResult>;
  /** Selects a cell or range given as `Sheet!A1` (sheet name quoted when needed). */
  selectCell(address: string): Promise<void>;
  /** Selects a row of a sheet (1-based), within its Excel table when the row is in one. */
  selectRow(sheet: string, row: number): Promise<void>;
  /**
   * Creates a new sheet from a plan, as the user's own (the add-in never rewrites it). Rejects
   * with a French message when a sheet of that name exists.
   */
  createSheet(plan: SheetPlan): Promise<{ name: string }>;
  /** Calls the listener after changes that may change the register; returns a function that stops. */
  onChange(listener: (change: WorkbookChange) => void): Promise<() => void>;
}

/** An error whose message is meant for the user (French). */
export class WorkbookError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = "WorkbookError";
  }
}
