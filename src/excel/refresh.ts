/**
 * "Actualiser les tableaux de bord": read the workbook again, compute the indicators of the year,
 * step and entity chosen with their drill-down, build the dashboards' sheet plans (TdB 1, TdB 2
 * and « Détail des indicateurs », which the boards link to) and write them. Used by the task pane
 * and by the ribbon command; always resolves, with a French message. Also: the cotation sheet (for
 * the entity chosen) and the « Référentiel » sheet a buyer edits.
 */
import type { DateValue, Register } from "../register/types";
import { cotationSummary, prepareCotation } from "../dashboards/cotation";
import { formatDate } from "../register/values";
import { contractsOfEntity, EntityNotFoundError } from "../indicators/engine";
import { referentialInUse } from "../indicators/referential-in-use";
import { buildReferentialPlan } from "../dashboards/referential";
import { defaultParameters } from "../register/parameters";
import type { Results } from "../indicators/types";
import type { SheetPlan } from "../dashboards/plan";
import type { WorkbookPort } from "./port";
import { frenchList } from "./writer";
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
  /** The buyer the dashboards were written for (the whole register when absent). */
  entity?: string;
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
    const r = snap.results(snap.year, { detail: true });
    if (!r) return fail("Les indicateurs n'ont pas pu être calculés.");
    results = r;
    plans = build(snap.register, results, { now: (options.now ?? (() => new Date()))(), ...(options.source ? { source: options.source } : {}) });
  } catch (e) {
    if (e instanceof EntityNotFoundError) return fail(`Les tableaux de bord ne sont pas actualisés : ${e.message}. Choisissez une autre entité dans le volet.`);
    return fail(`Les tableaux de bord n'ont pas pu être préparés : ${e instanceof Error ? e.message : String(e)}. Les tableaux de bord précédents sont conservés.`);
  }

  options.onStep?.("ecriture");
  try {
    const written = await port.writeDashboards(plans);
    const elapsedMs = clock() - start;
    const names = frenchList(written.sheets.map((s) => `« ${s.name} »`));
    return {
      ok: true,
      message: `Tableaux de bord actualisés en ${frenchSeconds(elapsedMs)} (année ${results.year}, étape ${results.etape}${results.entity ? `, entité « ${results.entity} »` : ""}) : ${names}.${warningText(written.warnings)}`,
      sheets: written.sheets.map((s) => s.name),
      elapsedMs,
      year: results.year,
      etape: results.etape,
      ...(results.entity ? { entity: results.entity } : {}),
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/**
 * "Préparer la cotation CAD": the recurrent contracts whose next award falls in the window of Paramètres (Anticipation and Horizon cotation) after
 * the reference date, with levers and score, in the sheet "Cotation CAD" — the contracts of the
 * entity chosen in the pane, when one is. What users typed there (answers, decisions, comments) is
 * read first and kept, matched by contract id.
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
  let reg = snap.register;
  let entity: string | undefined;
  if (snap.entity !== null) {
    try {
      const e = contractsOfEntity(reg, snap.entity);
      reg = { ...reg, contracts: e.contracts };
      entity = e.name;
    } catch (e) {
      return fail(`La cotation n'est pas préparée : ${e instanceof Error ? e.message : String(e)}. Choisissez une autre entité dans le volet.`);
    }
  }
  try {
    const run = prepareCotation(reg, await port.readOwnSheets("cotation"), { now: (options.now ?? (() => new Date()))(), reference, ...(options.source ? { source: options.source } : {}) });
    const written = await port.writeDashboards([run.plan]);
    const elapsedMs = clock() - start;
    return {
      ok: true,
      message: `Cotation au ${formatDate(reference)}${entity ? ` (entité « ${entity} »)` : ""} écrite en ${frenchSeconds(elapsedMs)} dans « ${written.sheets[0]?.name ?? run.plan.name} » : ${cotationSummary(run)}.${warningText(written.warnings)}`,
      sheets: written.sheets.map((x) => x.name),
      elapsedMs,
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}

/**
 * « Créer un référentiel modifiable »: the referential in use (built-in, with what a `Référentiel`
 * sheet found elsewhere changes) written as a new sheet « Référentiel », the user's own from then
 * on: the add-in reads it like any sheet of the register and never rewrites it. Refused when a
 * sheet of that name exists.
 */
export async function createReferential(store: Pick<SpaserStore, "reload">, port: Pick<WorkbookPort, "createSheet">, options: Pick<RefreshOptions, "now" | "clock"> = {}): Promise<RefreshOutcome> {
  const clock = options.clock ?? (() => Date.now());
  const start = clock();
  const fail = (message: string): RefreshOutcome => ({ ok: false, message, sheets: [], elapsedMs: clock() - start });
  const snap = await store.reload();
  if (!snap.register) return fail(snap.message ?? "Aucun registre des marchés trouvé dans le classeur.");
  const reg = snap.register;
  try {
    const use = referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan ?? null);
    const plan = buildReferentialPlan(use, reg.parameters, (options.now ?? (() => new Date()))());
    const created = await port.createSheet(plan);
    // The new sheet is read like the register's own sheets (the add-in's events are its own: read now).
    await store.reload();
    const rows = use.specs.filter((x) => !x.def.sameAs).length;
    return {
      ok: true,
      message: `Feuille « ${created.name} » créée : ${rows} indicateurs, à adapter (libellés, cibles, définitions, indicateurs ajoutés). Elle est relue à chaque modification ; l'outil ne la remplace jamais.`,
      sheets: [created.name],
      elapsedMs: clock() - start,
    };
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
}
