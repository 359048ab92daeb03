/**
 * `spaser methodologie [FICHIER] [-o SORTIE.md]`: the methodology of the referential in use
 * (definitions, columns read, when each indicator is n/a) — the tool's own, or the one of the
 * workbook FICHIER with its parameters and its `Référentiel` sheet. Without -o, on stdout.
 */
import * as fs from "fs";
import * as path from "path";
import { defaultMethodology, methodology } from "../indicators/methodology";
import { referentialInUse } from "../indicators/referential-in-use";
import { defaultParameters } from "../register/parameters";
import type { Grid, Register } from "../register/types";
import { UsageError } from "./args";
import type { Args, Io } from "./main";
import { writeFailure } from "./output";

export async function methodologieCommand(args: Args, reg: Register | null, io: Io, _grids: Grid[]): Promise<number> {
  const p = reg ? reg.parameters : defaultParameters();
  const ref = referentialInUse(p, reg ? reg.referentiel : null, defaultParameters(), reg?.plan ?? null);
  const origin = reg
    ? `Méthodologie du référentiel utilisé par « ${path.basename(args.file as string)} »${reg.plan && reg.referentiel ? ` (plan de la feuille « ${reg.plan.sheet ?? "Plan"} », indicateurs de la feuille « ${reg.referentiel.sheet} »)` : reg.plan ? ` (plan de la feuille « ${reg.plan.sheet ?? "Plan"} », T1 à T6 de l'outil)` : reg.referentiel ? ` (feuille « ${reg.referentiel.sheet} » appliquée au référentiel de l'outil)` : " (référentiel de l'outil, paramètres du classeur)"}.`
    : undefined;
  const text = reg ? methodology(ref, p, { ...(origin ? { origin } : {}), own: reg.ownColumns ?? null }) : defaultMethodology();
  if (!args.output) {
    io.out(text);
    return 0;
  }
  const out = args.output;
  if (!/\.(md|txt)$/i.test(out)) throw new UsageError(`le fichier de sortie doit avoir l'extension .md (${out})`);
  if (args.file && path.resolve(args.file) === path.resolve(out)) throw new UsageError("le fichier de sortie ne peut pas être le fichier lu");
  try {
    await fs.promises.writeFile(out, text, "utf8");
  } catch (e) {
    throw writeFailure(e, out);
  }
  io.out(`Méthodologie écrite dans : ${out}\n`);
  return 0;
}
