/** `spaser dashboards FICHIER [--year A] [-o SORTIE.xlsx]`: the two dashboards in a new workbook. */
import * as path from "path";
import { computeIndicators } from "../indicators/engine";
import { buildDashboardPlans } from "../dashboards";
import type { Register } from "../register/types";
import { checkOutput, defaultOutput, previousOwnOutput, writeOutput } from "./output";
import type { Args, Io } from "./main";

export async function dashboardsCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const res = computeIndicators(reg, { year: args.year, etape: args.step, detail: true, ...(args.entity !== undefined ? { entity: args.entity } : {}) });
  const input = args.file as string;
  const out = args.output ?? defaultOutput(input, res.year);
  checkOutput(input, out);
  await previousOwnOutput(out);
  const plans = buildDashboardPlans(reg, res, { now: new Date(), source: path.basename(input) });
  const warnings = await writeOutput(plans, out);
  io.out(`Tableaux de bord ${res.year}${res.entity ? ` de l'entité « ${res.entity} »` : ""} écrits dans : ${out}\n  feuilles : ${plans.map((p) => `« ${p.name} »`).join(", ")}\n`);
  for (const w of warnings) io.err(`  [avertissement] ${w}\n`);
  return 0;
}
