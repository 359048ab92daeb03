/**
 * "Actualiser les tableaux de bord": read the workbook again, compute the indicators of the year
 * and step chosen, build the dashboards' sheet plans and write them. Used by the task pane and by
 * the ribbon command; always resolves, with a French message.
 */
import type { DateValue, Register } from "../register/types";
import { cotationSummary, prepareCotation } from "../dashboards/cotation";
import { formatDate } from "../register/values";
import type { Results } from "../indicators/types";
import type { SheetPlan } from "../dashboards/plan";
import type { WorkbookPort } from "./port";
import type { SpaserStore } from "./store";

export type BuildPlans = (register: Register, results: Results, options: { now: Date; source?: string }) => SheetPlan[];

export type RefreshStep = "lecture" | "calcul" | "ecriture";

export const STEP_LABEL: Record<RefreshStep, string> = {
  lecture: "Lecture du registre…",
  calcul: "Calcul des indicateurs…",
  ecriture: "Écriture des tableaux de bord…",
};

export interface RefreshOutcome {
  ok: boolean;
  message: string;
  /** Names of the sheets written. */
  sheets: string[];
  elapsedMs: number;
  year?: number;
  etape?: 1 | 2;
}

export interface RefreshOptions {
  now?: () => Date;
  /** Milliseconds clock, for the time taken. */
  clock?: () => number;
  /** Where the register comes from (e.g. the file name), shown on the dashboards. */
  source?: string;
  onStep?: (step: RefreshStep) => void;
}

/** A refresh never writes from a register it could not read again. */
export function staleMessage(why: string): string {
  return `Le registre n'a pas pu être relu (${why.replace(/\.$/, "")}). Les tableaux de bord précédents sont conservés ; réessayez dans un instant.`;
}

function warningText(warnings: string[] | undefined): string {
  return warnings?.length ? ` Attention : ${warnings.join(" ; ")}.` : "";
}

/** "1,2 s" */
export function frenchSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1).replace(".", ",")} s`;
}

export async function refreshDashboards(store: SpaserStore, port: Pick<WorkbookPort, "writeDashboards">, build: BuildPlans, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const clock = options.clock ?? (() => Date.now());
  const start = clock();
  const fail = (message: string): RefreshOutcome => ({ ok: false, message, sheets: [], elapsedMs: clock() - start });
  options.onStep?.("lecture");
  const snap = await store.reload();
  if (snap.readError && snap.register) return fail(staleMessage(snap.readError));
  if (!snap.register) return fail(snap.message ?? "Aucun registre des marchés trouvé dans le classeur.");

  options.onStep?.("calcul");
  let plans: SheetPlan[];
  let results: Results;
  try {
    const r = snap.results(snap.year);
    if (!r) return fail("Les indicateurs n'ont pas pu être calculés.");
    results = r;
    plans = build(snap.register, results, { now: (options.now ?? (() => new Date()))(), ...(options.source ? { source: options.source } : {}) });
  } catch (e) {
    return fail(`Les tableaux de bord n'ont pas pu être préparés : ${e instanceof Error ? e.message : String(e)}. Les tableaux de bord précédents sont conservés.`);
  }

  options.onStep?.("ecriture");
  try {
    const written = await port.writeDashboards(plans);
    const elapsedMs = clock() - start;
    const names = written.sheets.map((s) => `« ${s.name} »`).join(" et ");
    return {
      ok: true,
      message: `Tableaux de bord actualisés en ${frenchSeconds(elapsedMs)} (année ${results.year}, étape ${results.etape}) : ${names}.${warningText(written.warnings)}`,
      sheets: written.sheets.map((s) => s.name),
      elapsedMs,
      year: results.year,
      etape: results.etape,
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/**
 * "Préparer la cotation CAD": the recurrent contracts whose next award falls in the window of Paramètres (Anticipation and Horizon cotation) after
 * the reference date, with levers and score, in the sheet "Cotation CAD". What users typed there
 * (answers, decisions, comments) is read first and kept, matched by contract id.
 */
export async function refreshCotation(
  store: Pick<SpaserStore, "reload">,
  port: Pick<WorkbookPort, "writeDashboards" | "readOwnSheets">,
  reference: DateValue,
  options: Omit<RefreshOptions, "onStep"> = {},
): Promise<RefreshOutcome> {
  const clock = options.clock ?? (() => Date.now());
  const start = clock();
  const fail = (message: string): RefreshOutcome => ({ ok: false, message, sheets: [], elapsedMs: clock() - start });
  const snap = await store.reload();
  if (snap.readError && snap.register) return fail(staleMessage(snap.readError).replace("Les tableaux de bord précédents sont conservés", "La feuille de cotation précédente est conservée"));
  if (!snap.register) return fail(snap.message ?? "Aucun registre des marchés trouvé dans le classeur.");
  const reg = snap.register;
  try {
    const run = prepareCotation(reg, await port.readOwnSheets("cotation"), { now: (options.now ?? (() => new Date()))(), reference, ...(options.source ? { source: options.source } : {}) });
    const written = await port.writeDashboards([run.plan]);
    const elapsedMs = clock() - start;
    return {
      ok: true,
      message: `Cotation au ${formatDate(reference)} écrite en ${frenchSeconds(elapsedMs)} dans « ${written.sheets[0]?.name ?? run.plan.name} » : ${cotationSummary(run)}.${warningText(written.warnings)}`,
      sheets: written.sheets.map((x) => x.name),
      elapsedMs,
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}
