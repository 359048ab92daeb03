/**
 * `spaser referentiel [FICHIER] [-o SORTIE.xlsx]`: writes the referential in use as a sheet
 * « Référentiel » a buyer can adapt (docs/methodologie.md) — the tool's own, or the one of the workbook FICHIER
 * (its parameters and its own `Référentiel` sheet applied).
 */
import * as path from "path";
import { referentialInUse } from "../indicators/referential-in-use";
import { buildPlanSheetPlan, buildReferentialPlan } from "../dashboards/referential";
import { defaultParameters } from "../register/parameters";
import type { Grid, Register } from "../register/types";
import { checkOutput, previousOwnOutput, writeOutput } from "./output";
import type { Args, Io } from "./main";

export async function referentielCommand(args: Args, reg: Register | null, io: Io, _grids: Grid[]): Promise<number> {
  const input = args.file;
  const out = args.output ?? (input ? path.join(path.dirname(input), `${path.basename(input).replace(/\.(xlsx|xlsm|csv|txt|json)$/i, "")} - référentiel.xlsx`) : "referentiel-spaser.xlsx");
  checkOutput(input, out);
  await previousOwnOutput(out);
  const p = reg ? reg.parameters : defaultParameters();
  const ref = referentialInUse(p, reg ? reg.referentiel : null, defaultParameters(), reg?.plan ?? null);
  const now = new Date();
  const plan = buildReferentialPlan(ref, p, now);
  const planSheet = buildPlanSheetPlan(ref.plan, p, now);
  const warnings = await writeOutput([planSheet, plan], out);
  const n = ref.specs.filter((s) => !s.hidden).length;
  const whose = reg?.referentiel || reg?.plan ? "du classeur" : "de l'outil";
  io.out(
    `Plan et référentiel ${whose} écrits dans : ${out}\n` +
      `  feuille « ${planSheet.name} » : ${ref.plan.axes.length} axes, ${ref.plan.objectives.length} objectifs, ${ref.plan.actions.length} actions\n` +
      `  feuille « ${plan.name} » : ${n} indicateurs\n` +
      `  Copiez les deux feuilles dans le classeur du registre pour les adapter (spaser et le complément les lisent).\n`,
  );
  for (const w of warnings) io.err(`  [avertissement] ${w}\n`);
  return 0;
}
