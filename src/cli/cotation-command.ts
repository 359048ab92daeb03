/** `spaser cotation FICHIER [--date JJ/MM/AAAA] [-o SORTIE.xlsx]`: the sheet "Cotation CAD". */
import * as fs from "fs";
import * as path from "path";
import { COTATION_NAME, cotationSummary, prepareCotation } from "../dashboards/cotation";
import type { DateValue, Grid, Register } from "../register/types";
import { dateFromJs, formatDate, makeDate, parseDate } from "../register/values";
import { writePlans } from "./xlsx-writer";
import { InputFileError, readXlsx } from "./read-file";
import { checkOutput, defaultOutput } from "./dashboards-command";
import type { Args, Io } from "./main";

/** Today in Paris, as a calendar date. */
export function todayInParis(now = new Date()): DateValue {
  const [d, m, y] = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" }).format(now).split("/").map(Number);
  return makeDate(y, m, d) ?? dateFromJs(now);
}

export async function cotationCommand(args: Args, reg: Register, io: Io, inputGrids: Grid[] = []): Promise<number> {
  let reference = todayInParis();
  if (args.date) {
    const d = parseDate(args.date);
    if (!d.ok) throw new InputFileError(`date de référence invalide : ${args.date} (attendu : JJ/MM/AAAA)`);
    reference = d.value;
  }
  const input = args.file as string;
  const out = args.output ?? defaultOutput(input, reference.y, "cotation CAD");
  checkOutput(input, out);
  // Answers already typed: in the input workbook, and in the previous output (same file).
  const grids = [...inputGrids];
  if (fs.existsSync(out)) {
    const prev = await readXlsx(out);
    const foreign = prev.sheetNames.filter((n) => !/^cotation cad/i.test(n));
    if (foreign.length) throw new InputFileError(`« ${path.basename(out)} » existe et contient d'autres feuilles (${foreign.join(", ")}) : choisissez un autre fichier de sortie avec -o`);
    grids.push(...prev.grids);
  }
  const run = prepareCotation(reg, grids.filter((g) => /^cotation cad/i.test(g.sheet)), { now: new Date(), reference, source: path.basename(input) });
  await writePlans([run.plan], out);
  io.out(`Cotation CAD au ${formatDate(reference)} écrite dans : ${out}\n  feuille « ${COTATION_NAME} » : ${cotationSummary(run)}\n`);
  for (const i of run.issues) io.err(`  [avertissement] ${i.cell ?? i.sheet} : ${i.message}\n`);
  return 0;
}
