/** `spaser dashboards FICHIER [--year A] [-o SORTIE.xlsx]`: the two dashboards in a new workbook. */
import * as path from "path";
import { computeIndicators } from "../indicators/engine";
import { buildDashboardPlans } from "../dashboards";
import type { Register } from "../register/types";
import type { SheetPlan } from "../dashboards/plan";
import { checkOutput, defaultOutput, previousOwnOutput, writeOutput } from "./output";
import type { Args, Io } from "./main";

export async function dashboardsCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const { plans, year, entity, out } = await dashboardPlans(args, reg);
  const warnings = await writeOutput(plans, out);
  io.out(`Tableaux de bord ${year}${entity ? ` de l'entité « ${entity} »` : ""} écrits dans : ${out}\n  feuilles : ${plans.map((p) => `« ${p.name} »`).join(", ")}\n`);
  for (const w of warnings) io.err(`  [avertissement] ${w}\n`);
  return 0;
}

/**
 * The indicators, with the contracts behind each, drawn as the dashboards' sheets. Only the plans
 * come out: the lists behind the figures (hundreds of thousands of ids for a large register) are no
 * longer held while the workbook is written.
 */
async function dashboardPlans(args: Args, reg: Register): Promise<{ plans: SheetPlan[]; year: number; entity?: string; out: string }> {
  const res = computeIndicators(reg, { year: args.year, etape: args.step, detail: true, ...(args.entity !== undefined ? { entity: args.entity } : {}) });
  const input = args.file as string;
  const out = args.output ?? defaultOutput(input, res.year);
  checkOutput(input, out);
  await previousOwnOutput(out);
  const plans = buildDashboardPlans(reg, res, { now: new Date(), source: path.basename(input) });
  return { plans, year: res.year, ...(res.entity ? { entity: res.entity } : {}), out };
}
