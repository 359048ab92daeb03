/** `spaser dashboards FICHIER [--year A] [-o SORTIE.xlsx]`: the two dashboards in a new workbook. */
import * as fs from "fs";
import * as path from "path";
import { computeIndicators } from "../indicators/engine";
import { buildDashboardPlans } from "../dashboards";
import type { Register } from "../register/types";
import { writePlans } from "./xlsx-writer";
import { InputFileError } from "./read-file";
import type { Args, Io } from "./main";

/** Default output: beside the input, named after it. */
export function defaultOutput(input: string, year: number, suffix = "tableaux-de-bord"): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.(xlsx|xlsm|csv|txt)$/i, "");
  return path.join(dir, `${base} - ${suffix} ${year}.xlsx`);
}

/** Refuses to write over the input file. */
export function checkOutput(input: string, output: string): void {
  if (path.resolve(input) === path.resolve(output)) throw new InputFileError(`le fichier de sortie ne peut pas être le fichier lu (${output}) : le classeur d'origine n'est jamais modifié`);
  if (!fs.existsSync(path.dirname(path.resolve(output)))) throw new InputFileError(`dossier de sortie introuvable : ${path.dirname(output)}`);
}

export async function dashboardsCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const res = computeIndicators(reg, { year: args.year, etape: args.step });
  const out = args.output ?? defaultOutput(args.file as string, res.year);
  checkOutput(args.file as string, out);
  const plans = buildDashboardPlans(reg, res, { now: new Date(), source: path.basename(args.file as string) });
  await writePlans(plans, out);
  io.out(`Tableaux de bord ${res.year} écrits dans : ${out}\n  feuilles : ${plans.map((p) => `« ${p.name} »`).join(", ")}\n`);
  return 0;
}
