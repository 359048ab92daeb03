/**
 * What this Excel can do beyond the requirement set the manifest demands (ExcelApi 1.9), asked once
 * with Office.context.requirements.isSetSupported: an Excel that lacks an optional set still runs
 * the add-in, without the feature.
 * https://learn.microsoft.com/office/dev/add-ins/develop/specify-office-hosts-and-api-requirements
 * https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets
 */

/** The part of Office.context.requirements used here. */
export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

export interface Capabilities {
  /** Worksheet custom properties, kept in the file (ExcelApi 1.12): the mark of the add-in's sheets. */
  customProperties: boolean;
  /** `triggerSource` of change events (ExcelApi 1.14): tells the add-in's own writes apart. */
  triggerSource: boolean;
  /** `worksheets.onNameChanged` (ExcelApi 1.17): sheet renames. */
  nameChanged: boolean;
  /** Charts as the plans draw them: series, axes and data-label number formats (ExcelApi 1.8). */
  charts: boolean;
  /** Conditional formats (ExcelApi 1.6). */
  conditionalFormats: boolean;
  /** Internal hyperlinks of a cell, Range.hyperlink with documentReference (ExcelApi 1.7). */
  hyperlinks: boolean;
  /**
   * One undo step for a whole batch: Excel.run's `mergeUndoGroup` option (ExcelApi 1.20).
   * https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-1-20-requirement-set
   * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities
   */
  undoGroup: boolean;
}

/** The set each capability needs. */
export const CAPABILITY_SETS: Readonly<Record<keyof Capabilities, string>> = {
  customProperties: "1.12",
  triggerSource: "1.14",
  nameChanged: "1.17",
  charts: "1.8",
  conditionalFormats: "1.6",
  hyperlinks: "1.7",
  undoGroup: "1.20",
};

export const ALL_CAPABILITIES: Readonly<Capabilities> = { customProperties: true, triggerSource: true, nameChanged: true, charts: true, conditionalFormats: true, hyperlinks: true, undoGroup: true };

/** The capabilities of the Excel answering `requirements` (none of the optional ones when unknown). */
export function detectCapabilities(requirements: Requirements | null | undefined = officeRequirements()): Capabilities {
  const has = (v: string) => {
    try {
      return !!requirements?.isSetSupported("ExcelApi", v);
    } catch {
      return false;
    }
  };
  const out = {} as Capabilities;
  for (const [k, v] of Object.entries(CAPABILITY_SETS) as [keyof Capabilities, string][]) out[k] = has(v);
  return out;
}

function officeRequirements(): Requirements | null {
  try {
    return typeof Office !== "undefined" ? (Office.context?.requirements ?? null) : null;
  } catch {
    return null;
  }
}

/** French words for what a limited Excel leaves out of the dashboards. */
export function missingFeatures(c: Capabilities): string[] {
  const out: string[] = [];
  if (!c.charts) out.push("graphiques");
  if (!c.conditionalFormats) out.push("mises en forme conditionnelles");
  if (!c.hyperlinks) out.push("liens vers le détail des indicateurs");
  return out;
}
