/**
 * How the adapter runs its batches. Every batch of the add-in, reads, writes and event
 * registration, asks Excel to wait while the user is editing a cell: without `delayForCellEdit`,
 * "if the user is in cell edit when the batch request is processed by the host, the batch
 * automatically fails" (InvalidOperationInCellEditMode) — which made every background read fail
 * while someone typed in the register. With it, "the batch request is delayed until the user exits
 * cell edit mode".
 * https://learn.microsoft.com/javascript/api/excel/excel.runoptions
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-delay-in-cell-edit
 */

/** Excel.run's signature with options (the real one in the add-in, a fake in tests). */
export type ExcelRun = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The options of every batch of the add-in. */
export const RUN_OPTIONS: Readonly<Excel.RunOptions> = Object.freeze({ delayForCellEdit: true });
