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
import { buildPlanSheetPlan, buildReferentialPlan, PLAN_NAME } from "../dashboards/referential";
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
 * sheet found elsewhere changes) written as a new sheet « Référentiel », then the plan in use as a
 * new sheet « Plan » (SPEC §8.1), both the user's own from then on: the add-in reads them like any
 * sheet of the register and never rewrites them. Refused when a « Référentiel » sheet exists.
 *
 * The Référentiel comes first: a `Plan` sheet alone would leave only T1–T6 computed (§8.1), while
 * a Référentiel alone changes nothing. A workbook that already has its plan, or a sheet named
 * « Plan », keeps it: no second plan is written.
 */
export async function createReferential(store: Pick<SpaserStore, "reload">, port: Pick<WorkbookPort, "createSheet">, options: Pick<RefreshOptions, "now" | "clock"> = {}): Promise<RefreshOutcome> {
  const clock = options.clock ?? (() => Date.now());
  const start = clock();
  const fail = (message: string): RefreshOutcome => ({ ok: false, message, sheets: [], elapsedMs: clock() - start });
  const snap = await store.reload();
  if (!snap.register) return fail(snap.message ?? "Aucun registre des marchés trouvé dans le classeur.");
  const reg = snap.register;
  const now = (options.now ?? (() => new Date()))();
  let created: { name: string };
  const use = referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan ?? null);
  try {
    created = await port.createSheet(buildReferentialPlan(use, reg.parameters, now));
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const rows = use.specs.filter((x) => !x.def.sameAs).length;
  const sheets = [created.name];
  const p = use.plan;
  const shape = `${p.axes.length} axe${p.axes.length > 1 ? "s" : ""}, ${p.objectives.length} objectif${p.objectives.length > 1 ? "s" : ""}, ${p.actions.length} action${p.actions.length > 1 ? "s" : ""}`;
  let planText: string;
  const planSheetTaken = reg.plan ? reg.plan.sheet ?? PLAN_NAME : reg.sheetNames.find((n) => n.toLowerCase() === PLAN_NAME.toLowerCase());
  if (planSheetTaken) {
    planText = ` Le plan reste celui de la feuille « ${planSheetTaken} »${reg.plan ? "" : " (elle n'est pas remplacée)"}.`;
  } else {
    try {
      const plan = await port.createSheet(buildPlanSheetPlan(p, reg.parameters, now));
      sheets.push(plan.name);
      planText = ` Feuille « ${plan.name} » créée : le plan du SPASER (${shape}), à adapter (axes, objectifs, actions, pilotes).`;
    } catch (e) {
      // The Référentiel alone is whole: the figures stay those of the built-in plan.
      planText = ` Le plan n'a pas été écrit (${e instanceof Error ? e.message : String(e)}) : les axes, objectifs et actions restent ceux du SPASER de la collectivité.`;
    }
  }
  // The new sheets are read like the register's own sheets (the add-in's events are its own: read now).
  await store.reload();
  return {
    ok: true,
    message: `Feuille « ${created.name} » créée : ${rows} indicateurs, à adapter (libellés, cibles, définitions, indicateurs ajoutés).${planText} Les feuilles sont relues à chaque modification ; l'outil ne les remplace jamais.`,
    sheets,
    elapsedMs: clock() - start,
  };
}
