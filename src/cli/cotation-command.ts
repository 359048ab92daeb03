/** `spaser cotation FICHIER [--date JJ/MM/AAAA] [-o SORTIE.xlsx]`: the sheet "Cotation CAD". */
import * as path from "path";
import { COTATION_NAME, cotationSummary, prepareCotation } from "../dashboards/cotation";
import type { DateValue, Grid, Register } from "../register/types";
import { dateFromJs, formatDate, makeDate } from "../register/values";
import { checkOutput, defaultOutput, previousOwnOutput, writeOutput } from "./output";
import { parseDateArg } from "./args";
import { contractsOfEntity } from "../indicators/engine";
import type { Args, Io } from "./main";

/** Today in Paris, as a calendar date. */
export function todayInParis(now = new Date()): DateValue {
  const [d, m, y] = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" }).format(now).split("/").map(Number);
  return makeDate(y, m, d) ?? dateFromJs(now);
}

export async function cotationCommand(args: Args, reg: Register, io: Io, inputGrids: Grid[] = []): Promise<number> {
  const reference = args.date ? parseDateArg(args.date) : todayInParis();
  const input = args.file as string;
  const out = args.output ?? defaultOutput(input, reference.y, "cotation CAD");
  checkOutput(input, out);
  // Answers already typed: in the input workbook, and in the previous output (same file).
  const grids = [...inputGrids];
  const prev = await previousOwnOutput(out);
  if (prev) grids.push(...prev.grids);
  const scoped = args.entity !== undefined ? { ...reg, contracts: contractsOfEntity(reg, args.entity).contracts } : reg;
  const run = prepareCotation(scoped, grids.filter((g) => /^cotation cad/i.test(g.sheet)), { now: new Date(), reference, source: path.basename(input) });
  const warnings = await writeOutput([run.plan], out);
  io.out(`Cotation CAD au ${formatDate(reference)} écrite dans : ${out}\n  feuille « ${COTATION_NAME} » : ${cotationSummary(run)}\n`);
  for (const i of run.issues) io.err(`  [avertissement] ${i.cell ?? i.sheet} : ${i.message}\n`);
  for (const w of warnings) io.err(`  [avertissement] ${w}\n`);
  return 0;
}
