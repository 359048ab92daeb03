/**
 * Writes sheet plans (the dashboards, the cotation sheet…) into the workbook so that:
 *
 * 1. A refresh keeps the add-in's sheets: same sheet, new content. A user's formula or chart that
 *    points at 'TdB 1 - Déploiement'!C7 keeps pointing at it; deleting and re-adding the sheet
 *    would turn it into #REF!.
 * 2. A failed refresh leaves the previous content as it was.
 * 3. Every request stays under the size Excel on the web accepts (budget.ts), whatever the plan's
 *    size, with a constant number of syncs for ordinary plans.
 *
 * The run, each step one Excel.run sync or more (a run has its own id; its temporary sheets are
 * named "SPASER ~<run> …" and marked with it, see marks.ts):
 *
 *   inventory  sheets, names, ids; the record of earlier versions.              (nothing changed)
 *   stage      one hidden staging sheet per plan, drawn with the cells of the plan (values,
 *              formats, formulas, merges); also loads every sheet's mark, charts and used range.
 *              Most failures happen here (size, protection, bad value) and change nothing the
 *              user can see: the staging sheets are deleted.
 *   commit     first a hidden backup copy of every sheet about to be rewritten (Worksheet.copy,
 *              ExcelApi 1.7: cells, formats, layout, charts); then, on each sheet, the area used
 *              before or after is unmerged and cleared, the staging cells are copied in
 *              (Range.copyFrom "All", ExcelApi 1.9), and what belongs to the sheet is set from the
 *              plan (widths, heights, freeze panes, lists, conditional formats, new charts, page
 *              layout), then the internal hyperlinks once every sheet has its final name;
 *              formulas are recalculated (Worksheet.calculate, ExcelApi 1.6: the
 *              staging was written with calculation suspended, "it is the developer's
 *              responsibility to re-calc"); the previous charts are deleted last of all.
 *              A new kind of sheet is the staging sheet itself, renamed, shown and marked.
 *   cleanup    staging and backup sheets deleted; leftovers of runs interrupted more than an
 *              hour ago too (never those of a run that may still be going on).
 *
 * A failure during the commit is undone from the backups: each sheet's area is cleared and the
 * backup's copied back, with its column widths and row heights (get/setColumnProperties,
 * get/setRowProperties, ExcelApi 1.9), freeze panes, tab colour, gridlines and page layout; the new
 * charts are deleted (the previous ones are still there, deleted only at the very end). When even
 * that fails, the backups are shown as « Sauvegarde … » sheets and the message names them.
 * https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-copy-member(1)
 * https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-copyfrom-member(1)
 * https://learn.microsoft.com/javascript/api/excel/excel.application#excel-excel-application-suspendapicalculationuntilnextsync-member(1)
 */
import type { SheetPlan } from "../dashboards/plan";
import { uniqueSheetName } from "../dashboards/plan";
import { describeExcelError } from "./messages";
import { Capabilities, missingFeatures } from "./capabilities";
import { COMMAND_BYTES, RequestBudget, ROW_PROPERTY_BYTES, ROWS_PER_PROPERTIES } from "./budget";
import { drawCells, drawLinks, drawSetup, hasFormulas, hasLinks, planArea } from "./draw";
import { IDENTITY_KEY, Identities, LEGACY_KEY, legacyOwned, loadMark, markOf, originals, parseIdentities, parseLegacy, SheetMark, writeMark } from "./marks";
import type { WriteResult, WrittenSheet } from "./port";
import { WorkbookError } from "./port";
import { ExcelRun, RUN_OPTIONS } from "./run";

/** Leftover temporary sheets of another run are cleaned once they are this old. */
export const STALE_AFTER_MS = 60 * 60 * 1000;

export interface WriterOptions {
  caps: Capabilities;
  now?: () => number;
  /** A new run id (default: random, 6 characters). */
  runId?: () => string;
  /** Told the ids of the sheets the run creates or changes, so that their events are ignored. */
  onTouched?: (ids: string[]) => void;
}

interface Area {
  r: number;
  c: number;
  n: number;
  m: number;
}

interface Item {
  plan: SheetPlan;
  stagingName: string;
  stagingId?: string;
  /** The sheet rewritten in place, when there is one. */
  targetId?: string;
  targetName?: string;
  backupName?: string;
  /** Area cleared and rewritten on the target (old used range ∪ plan). */
  area?: Area;
  /** Charts of the target before the run. */
  oldCharts: number;
}

interface RunState {
  id: string;
  at: number;
  phase: "inventory" | "stage" | "commit" | "cleanup";
  items: Item[];
}

export function newRunId(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, "0");
}

export function chartPrefix(run: string): string {
  return `SPASER ~${run} `;
}

function union(a: Area | null, b: Area): Area {
  if (!a) return b;
  const r = Math.min(a.r, b.r);
  const c = Math.min(a.c, b.c);
  return { r, c, n: Math.max(a.r + a.n, b.r + b.n) - r, m: Math.max(a.c + a.m, b.c + b.m) - c };
}

function rangeOf(ws: Excel.Worksheet, a: Area): Excel.Range {
  return ws.getRangeByIndexes(a.r, a.c, a.n, a.m);
}

/** Queues clearing an area of a sheet: merges, lists, conditional formats, cells, sizes, panes. */
function clearArea(ws: Excel.Worksheet, area: Area, caps: Capabilities): void {
  const r = rangeOf(ws, area);
  r.unmerge();
  if (caps.conditionalFormats) r.conditionalFormats.clearAll();
  r.dataValidation.clear();
  r.clear("All");
  r.format.useStandardWidth = true;
  r.format.useStandardHeight = true;
  ws.freezePanes.unfreeze();
}

const CLEAR_COMMANDS = 7;

/**
 * Writes the plans as one undo step where Excel can (ExcelApi 1.20, `mergeUndoGroup`): Ctrl+Z
 * then puts back the previous dashboards at once. An API of the batch without undo support fails
 * it with UndoNotSupported ("your add-in should gracefully handle this error"); the previous
 * content is then restored (a failure of the run) and the write is made again without the group.
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities
 */
export async function writePlans(run: ExcelRun, plans: SheetPlan[], o: WriterOptions): Promise<WriteResult> {
  if (!o.caps.undoGroup) return writeOnce(run, run, plans, o);
  const grouped: ExcelRun = (options, batch) => run({ ...options, mergeUndoGroup: true }, batch);
  try {
    return await writeOnce(grouped, run, plans, o);
  } catch (e) {
    if (!(e instanceof WorkbookError) || (e.cause as { code?: string } | undefined)?.code !== "UndoNotSupported" || !e.message.endsWith("Les tableaux de bord précédents sont conservés tels quels.")) throw e;
    const result = await writeOnce(run, run, plans, o);
    return { ...result, warnings: [...(result.warnings ?? []), "cette actualisation ne s'annule pas en une fois (Ctrl+Z) : une partie de l'écriture n'est pas annulable dans cette version d'Excel"] };
  }
}

/** One write; `run` runs its batch, `plain` the restore after a failure (never in the undo group). */
async function writeOnce(run: ExcelRun, plain: ExcelRun, plans: SheetPlan[], o: WriterOptions): Promise<WriteResult> {
  const caps = o.caps;
  const state: RunState = { id: (o.runId ?? newRunId)(), at: (o.now ?? Date.now)(), phase: "inventory", items: [] };
  const touched = (ids: (string | undefined)[]) => o.onTouched?.(ids.filter((x): x is string => !!x));
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets;
      sheets.load("items/name,items/id,items/visibility");
      const legacySetting = wb.settings.getItemOrNullObject(LEGACY_KEY);
      legacySetting.load("value");
      const identitySetting = wb.settings.getItemOrNullObject(IDENTITY_KEY);
      identitySetting.load("value");
      await context.sync();
      const legacy = legacySetting.isNullObject ? [] : parseLegacy(legacySetting.value);
      const identities = identitySetting.isNullObject ? {} : parseIdentities(identitySetting.value);
      const existing = sheets.items;

      // ---- stage
      state.phase = "stage";
      const budget = new RequestBudget(
        () => context.sync(),
        undefined,
        () => {
          context.application.suspendScreenUpdatingUntilNextSync();
          context.application.suspendApiCalculationUntilNextSync();
        },
      );
      // Marks, charts and used ranges of every sheet, sent with the first staging request.
      await budget.reserve(existing.length * 6 * COMMAND_BYTES);
      const info = existing.map((ws) => {
        const mark = loadMark(ws, caps);
        ws.charts.load("items/name");
        // A protected sheet cannot be rewritten (ExcelApi 1.2): known before anything is touched.
        ws.protection.load("protected");
        const used = ws.getUsedRangeOrNullObject(false);
        used.load("rowIndex,columnIndex,rowCount,columnCount");
        return { ws, mark, used };
      });
      const taken = existing.map((s) => s.name);
      const staging: Excel.Worksheet[] = [];
      for (let i = 0; i < plans.length; i++) {
        const name = uniqueSheetName(`SPASER ~${state.id} ${i + 1}`, taken);
        taken.push(name);
        state.items.push({ plan: plans[i], stagingName: name, oldCharts: 0 });
        await budget.command(4 * COMMAND_BYTES);
        const ws = sheets.add(name);
        ws.visibility = "Hidden";
        writeMark(ws, { kind: plans[i].kind, role: "staging", run: state.id, at: state.at }, caps, false);
        ws.load("id");
        staging.push(ws);
        await drawCells(ws, plans[i], budget);
      }
      await budget.flush();
      if (budget.stats.syncs === 0) await context.sync();
      staging.forEach((ws, i) => (state.items[i].stagingId = ws.id));

      const marked = info.map((x) => ({ ...x, m: markOf(x.mark) }));
      const legacyKind = legacyOwned(
        existing.map((ws) => ({ id: ws.id, name: ws.name })),
        legacy,
        Object.fromEntries(plans.map((p) => [p.kind, p.name])),
        new Set(marked.filter((x) => x.m).map((x) => x.ws.id)),
      );
      // The original of each kind, never a user's copy that carries the same mark (marks.ts).
      const originalOf = originals(
        marked.map((x) => ({ id: x.ws.id, name: x.ws.name, mark: x.m })),
        identities,
        Object.fromEntries(plans.map((p) => [p.kind, p.name])),
      );
      const targetOf = (kind: string) => marked.find((x) => x.m && originalOf.get(x.ws.id) === kind) ?? marked.find((x) => !x.m && legacyKind.get(x.ws.id) === kind);
      const used = new Set<object>();
      const targets = state.items.map((item) => {
        const t = targetOf(item.plan.kind);
        if (!t || used.has(t)) return null;
        used.add(t);
        const { rows, cols } = planArea(item.plan);
        const before: Area | null = t.used.isNullObject ? null : { r: t.used.rowIndex, c: t.used.columnIndex, n: t.used.rowCount, m: t.used.columnCount };
        item.targetId = t.ws.id;
        item.targetName = t.ws.name;
        item.area = union(before ? union({ r: 0, c: 0, n: 1, m: 1 }, before) : null, { r: 0, c: 0, n: rows, m: cols });
        item.oldCharts = t.ws.charts.items.length;
        return t;
      });
      touched([...state.items.map((i) => i.stagingId), ...state.items.map((i) => i.targetId)]);
      const locked = targets.filter((t): t is NonNullable<typeof t> => !!t && t.ws.protection.protected).map((t) => `« ${t.ws.name} »`);
      if (locked.length) {
        throw new WorkbookError(
          `${locked.length > 1 ? `les feuilles ${locked.join(" et ")} sont protégées` : `la feuille ${locked[0]} est protégée`} : retirez la protection (Révision > Ôter la protection de la feuille) puis recommencez`,
        );
      }

      // ---- commit
      state.phase = "commit";
      const commit = new RequestBudget(() => context.sync());
      const backups: (Excel.Worksheet | null)[] = [];
      for (let i = 0; i < state.items.length; i++) {
        const t = targets[i];
        if (!t) {
          backups.push(null);
          continue;
        }
        const item = state.items[i];
        item.backupName = uniqueSheetName(`SPASER ~${state.id} S${i + 1}`, taken);
        taken.push(item.backupName);
        await commit.command(5 * COMMAND_BYTES);
        const b = t.ws.copy("End");
        b.name = item.backupName;
        b.visibility = "Hidden";
        writeMark(b, { kind: item.plan.kind, role: "backup", run: state.id, at: state.at }, caps, !!t.mark.name && !t.mark.name.isNullObject);
        b.load("id");
        backups.push(b);
      }
      const names = new Set(taken.map((n) => n.toLowerCase()));
      const written: WrittenSheet[] = [];
      const drawn: Excel.Worksheet[] = [];
      let first: Excel.Worksheet | null = null;
      for (let i = 0; i < state.items.length; i++) {
        const item = state.items[i];
        const t = targets[i];
        const plan = item.plan;
        const { rows, cols } = planArea(plan);
        let ws: Excel.Worksheet;
        if (t && item.area) {
          ws = t.ws;
          await commit.command(CLEAR_COMMANDS * COMMAND_BYTES);
          clearArea(ws, item.area, caps);
          ws.getRangeByIndexes(0, 0, rows, cols).copyFrom(staging[i].getRangeByIndexes(0, 0, rows, cols), "All");
          // Sheets known by an earlier version's record get the mark that survives reopening.
          if (!t.m) writeMark(ws, { kind: plan.kind, role: "dashboard" }, caps, false);
          written.push({ kind: plan.kind, name: t.ws.name, id: t.ws.id });
        } else {
          ws = staging[i];
          names.delete(item.stagingName.toLowerCase());
          const name = uniqueSheetName(plan.name, names);
          names.add(name.toLowerCase());
          await commit.command(3 * COMMAND_BYTES);
          ws.name = name;
          ws.visibility = "Visible";
          writeMark(ws, { kind: plan.kind, role: "dashboard" }, caps, !caps.customProperties);
          written.push({ kind: plan.kind, name, id: item.stagingId as string });
        }
        drawn.push(ws);
        await drawSetup(ws, plan, commit, { caps, chartPrefix: chartPrefix(state.id) });
        if (hasFormulas(plan)) {
          await commit.command();
          ws.calculate(true);
        }
        if (!t || t.ws.visibility === "Visible") first ??= ws;
      }
      // Links name the sheet they go to: drawn once every sheet of the run has its final name.
      if (caps.hyperlinks) {
        const finalNames = new Map(state.items.map((item, i) => [item.plan.name.toLowerCase(), written[i].name]));
        const finalName = (n: string) => finalNames.get(n.toLowerCase()) ?? n;
        for (let i = 0; i < state.items.length; i++) if (hasLinks(state.items[i].plan)) await drawLinks(drawn[i], state.items[i].plan, commit, { finalName });
      }
      // The previous charts go last: a failure before this point leaves them in place.
      for (const t of targets) {
        if (!t) continue;
        for (const chart of t.ws.charts.items) {
          await commit.command();
          chart.delete();
        }
      }
      if (first) {
        await commit.command();
        first.activate();
      }
      // The originals' id and name, with the new content: what tells them from a user's copy.
      const record: Identities = {};
      for (const x of marked) {
        const kind = originalOf.get(x.ws.id);
        if (kind) record[kind] = { id: x.ws.id, name: x.ws.name };
      }
      for (const w of written) record[w.kind] = { id: w.id, name: w.name };
      await commit.command(JSON.stringify(record).length);
      wb.settings.add(IDENTITY_KEY, JSON.stringify(record));
      await commit.flush();
      touched(backups.map((b) => (b ? b.id : undefined)));

      // ---- cleanup (the new content is in place: a failure here is only reported)
      state.phase = "cleanup";
      const warnings: string[] = [];
      const drawsFeature: Record<string, boolean> = {
        graphiques: plans.some((p) => p.charts.length > 0),
        "mises en forme conditionnelles": plans.some((p) => p.conditionalFormats.length > 0),
        "liens vers le détail des indicateurs": plans.some(hasLinks),
      };
      const left = missingFeatures(caps).filter((f) => drawsFeature[f]);
      if (left.length) warnings.push(`${frenchList(left)} non dessinés : cette version d'Excel ne les prend pas en charge`);
      try {
        for (let i = 0; i < state.items.length; i++) {
          if (!targets[i]) continue;
          staging[i].delete();
          backups[i]?.delete();
        }
        for (const x of marked) {
          if (!x.m || x.m.run === state.id || (x.m.at !== undefined && state.at - x.m.at < STALE_AFTER_MS)) continue;
          if (x.m.role === "staging") x.ws.delete();
          else if (x.m.role === "backup") rescue(x.ws, x.m, caps, names, !!x.mark.name && !x.mark.name.isNullObject);
        }
        if (legacy.length) wb.settings.getItem(LEGACY_KEY).delete();
        await context.sync();
      } catch (e) {
        warnings.push(`des feuilles temporaires masquées « SPASER ~${state.id} … » n'ont pas pu être supprimées (${describeExcelError(e)}) ; vous pouvez les supprimer`);
      }
      return { sheets: written, replaced: targets.filter((t): t is NonNullable<typeof t> => !!t).map((t) => t.ws.name), ...(warnings.length ? { warnings } : {}) };
    });
  } catch (e) {
    const why = e instanceof WorkbookError ? e.message : describeExcelError(e);
    if (state.phase === "inventory") throw new WorkbookError(intactMessage(why), e);
    const outcome = await undo(plain, state, caps);
    if (outcome.ok && !outcome.chartsLost) throw new WorkbookError(intactMessage(why), e);
    if (outcome.ok) throw new WorkbookError(`Les tableaux de bord n'ont pas pu être écrits (${why}). Leur contenu précédent est rétabli, mais certains de leurs graphiques sont perdus : relancez « Actualiser les tableaux de bord ».`, e);
    const saved = outcome.rescued.length ? ` Une copie des feuilles précédentes est conservée : ${outcome.rescued.map((n) => `« ${n} »`).join(", ")}.` : "";
    throw new WorkbookError(`Les tableaux de bord n'ont été écrits qu'en partie (${why}).${saved} Relancez « Actualiser les tableaux de bord » ; vos propres feuilles n'ont pas été modifiées.`, e);
  }
}

/** "a", "a et b", "a, b et c". */
export function frenchList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} et ${items[items.length - 1]}`;
}

export function intactMessage(why: string): string {
  return `Les tableaux de bord n'ont pas pu être écrits (${why}). Les tableaux de bord précédents sont conservés tels quels.`;
}

/** Shows a backup as « Sauvegarde … » and marks it so (never deleted by the add-in). */
function rescue(ws: Excel.Worksheet, m: SheetMark, caps: Capabilities, names: Set<string>, hadName: boolean): string {
  const name = uniqueSheetName(`Sauvegarde ${m.kind} ${new Date(m.at ?? Date.now()).toISOString().slice(0, 10)}`, names);
  names.add(name.toLowerCase());
  ws.name = name;
  ws.visibility = "Visible";
  writeMark(ws, { kind: m.kind, role: "rescue", ...(m.run ? { run: m.run } : {}) }, caps, hadName);
  return name;
}

/** The page layout properties restored from a backup. */
const PAGE_PROPS = ["orientation", "paperSize", "centerHorizontally", "centerVertically", "zoom", "leftMargin", "rightMargin", "topMargin", "bottomMargin", "headerMargin", "footerMargin"] as const;
const HEADER_FOOTER = ["leftHeader", "centerHeader", "rightHeader", "leftFooter", "centerFooter", "rightFooter"] as const;

/** An area cut in parts of at most ROWS_PER_PROPERTIES rows. */
function rowParts(a: Area): Area[] {
  const out: Area[] = [];
  for (let r = a.r; r < a.r + a.n; r += ROWS_PER_PROPERTIES) out.push({ ...a, r, n: Math.min(ROWS_PER_PROPERTIES, a.r + a.n - r) });
  return out;
}

function withoutSheet(address: string): string {
  return address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
}

/**
 * After a failed run: removes its staging sheets and, when the commit had started, puts every
 * rewritten sheet back from its backup. Only this run's sheets are touched.
 */
async function undo(run: ExcelRun, state: RunState, caps: Capabilities): Promise<{ ok: boolean; chartsLost: boolean; rescued: string[] }> {
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/id");
      await context.sync();
      const byName = new Map(sheets.items.map((s) => [s.name.toLowerCase(), s]));
      const byId = new Map(sheets.items.map((s) => [s.id, s]));
      const stagingOf = (i: Item) => (i.stagingId ? byId.get(i.stagingId) : undefined) ?? byName.get(i.stagingName.toLowerCase());
      let chartsLost = false;
      if (state.phase === "commit") {
        const pairs = state.items
          .filter((i) => i.targetId && i.backupName && i.area)
          .map((i) => ({ i, t: byId.get(i.targetId as string), b: byName.get((i.backupName as string).toLowerCase()) }))
          .filter((p): p is { i: Item; t: Excel.Worksheet; b: Excel.Worksheet } => !!p.t && !!p.b)
          .map((p) => {
            const area = p.i.area as Area;
            const src = rangeOf(p.b, area);
            const cols = src.getColumnProperties({ format: { columnWidth: true } });
            const freeze = p.b.freezePanes.getLocationOrNullObject();
            freeze.load("address");
            p.b.load("tabColor,showGridlines");
            p.b.pageLayout.load([...PAGE_PROPS, ...HEADER_FOOTER.map((h) => `headersFooters/defaultForAllPages/${h}`)]);
            const printArea = p.b.pageLayout.getPrintAreaOrNullObject();
            printArea.load("address");
            const titles = p.b.pageLayout.getPrintTitleRowsOrNullObject();
            titles.load("address");
            p.t.charts.load("items/name");
            return { ...p, area, src, cols, freeze, printArea, titles, rows: [] as { part: Area; props: OfficeExtension.ClientResult<Excel.RowProperties[]> }[] };
          });
        await context.sync();
        // Row heights by parts of ROWS_PER_PROPERTIES rows, each response under 5 MB: an area of a
        // million rows (a user's cell far down a dashboard) answers 50 MB in one piece.
        let rowsAsked = 0;
        // One request per part: the number of syncs grows with the rows, as the reads' (readBlocks).
        const syncPart = () => context.sync();
        for (const p of pairs) {
          for (const part of rowParts(p.area)) {
            if (rowsAsked > 0 && rowsAsked + part.n > ROWS_PER_PROPERTIES) {
              await syncPart();
              rowsAsked = 0;
            }
            p.rows.push({ part, props: rangeOf(p.b, part).getRowProperties({ format: { rowHeight: true } }) });
            rowsAsked += part.n;
          }
        }
        if (rowsAsked > 0) await context.sync();
        const prefix = chartPrefix(state.id);
        const budget = new RequestBudget(() => context.sync());
        for (const p of pairs) {
          await budget.command((CLEAR_COMMANDS + 4) * COMMAND_BYTES);
          clearArea(p.t, p.area, caps);
          const dest = rangeOf(p.t, p.area);
          dest.copyFrom(p.src, "All");
          dest.setColumnProperties(p.cols.value);
          for (const r of p.rows) {
            await budget.command(r.part.n * ROW_PROPERTY_BYTES);
            rangeOf(p.t, r.part).setRowProperties(r.props.value);
          }
          await budget.command(40 * COMMAND_BYTES);
          if (!p.freeze.isNullObject) p.t.freezePanes.freezeAt(withoutSheet(p.freeze.address));
          p.t.tabColor = p.b.tabColor;
          p.t.showGridlines = p.b.showGridlines;
          const layout = p.t.pageLayout as unknown as Record<string, unknown>;
          const saved = p.b.pageLayout as unknown as Record<string, unknown>;
          for (const k of PAGE_PROPS) if (saved[k] !== null && saved[k] !== undefined) layout[k] = saved[k];
          const hf = p.t.pageLayout.headersFooters.defaultForAllPages as unknown as Record<string, unknown>;
          const savedHf = p.b.pageLayout.headersFooters.defaultForAllPages as unknown as Record<string, unknown>;
          for (const k of HEADER_FOOTER) if (typeof savedHf[k] === "string") hf[k] = savedHf[k];
          if (!p.printArea.isNullObject) p.t.pageLayout.setPrintArea(withoutSheet(p.printArea.address));
          if (!p.titles.isNullObject) p.t.pageLayout.setPrintTitleRows(withoutSheet(p.titles.address));
          let kept = 0;
          for (const c of p.t.charts.items) {
            if (c.name.startsWith(prefix)) c.delete();
            else kept++;
          }
          if (kept < p.i.oldCharts) chartsLost = true;
          p.t.calculate(true);
          p.b.delete();
        }
        await budget.flush();
      }
      for (const i of state.items) {
        const s = stagingOf(i);
        // A staging sheet already promoted to a new dashboard is this run's too: it goes.
        if (s) s.delete();
      }
      await context.sync();
      return { ok: true, chartsLost, rescued: [] };
    });
  } catch {
    return { ok: false, chartsLost: false, rescued: await rescueBackups(run, state, caps) };
  }
}

/** Last resort: the backups of this run become visible « Sauvegarde … » sheets. */
async function rescueBackups(run: ExcelRun, state: RunState, caps: Capabilities): Promise<string[]> {
  try {
    return await run(RUN_OPTIONS, async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name");
      await context.sync();
      const names = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      const out: string[] = [];
      for (const i of state.items) {
        const b = i.backupName ? sheets.items.find((s) => s.name.toLowerCase() === (i.backupName as string).toLowerCase()) : undefined;
        if (b) out.push(rescue(b, { kind: i.plan.kind, role: "backup", run: state.id, at: state.at }, caps, names, !caps.customProperties));
      }
      await context.sync();
      return out;
    });
  } catch {
    return [];
  }
}
