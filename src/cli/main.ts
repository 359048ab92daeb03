/**
 * `spaser` command line: the same engine as the add-in, over .xlsx and .csv files.
 *   spaser indicators FICHIER [--year A] [--json]
 */
import { readInputFile, InputFileError } from "./read-file";
import { readWorkbook, RegisterNotFoundError } from "../register/read";
import type { Register } from "../register/types";
import { computeIndicators } from "../indicators/engine";
import { jsonOutput } from "../indicators/json";
import type { Results } from "../indicators/types";
import { renderText } from "./text";
import { dashboardsCommand } from "./dashboards-command";
import { cotationCommand } from "./cotation-command";
import type { Grid } from "../register/types";

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

export const USAGE = `Usage :
  spaser indicators FICHIER [--year ANNÉE] [--json]
      Calcule les indicateurs du SPASER à partir du registre des marchés (.xlsx ou .csv).
  spaser dashboards FICHIER [--year ANNÉE] [-o SORTIE.xlsx]
      Écrit les deux tableaux de bord du SPASER dans un nouveau classeur.
  spaser cotation FICHIER [--date JJ/MM/AAAA] [-o SORTIE.xlsx]
      Écrit la feuille « Cotation CAD » des marchés récurrents à présenter au comité.

Options :
  --year, --annee ANNÉE   année de suivi (par défaut : la dernière année avec des marchés notifiés)
  --json                  sortie JSON (contrat machine)
  -o, --output FICHIER    classeur à écrire
`;

export interface Args {
  command: string;
  file: string | null;
  year?: number;
  json: boolean;
  output?: string;
  date?: string;
  step?: 1 | 2;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? "", file: null, json: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`l'option ${a} attend une valeur`);
      return v;
    };
    if (a === "--json") args.json = true;
    else if (a === "--year" || a === "--annee" || a === "--année") {
      const v = value();
      if (!/^\d{4}$/.test(v)) throw new UsageError(`année invalide : ${v} (ex. 2025)`);
      args.year = Number(v);
    } else if (a.startsWith("--year=")) {
      const v = a.slice(7);
      if (!/^\d{4}$/.test(v)) throw new UsageError(`année invalide : ${v} (ex. 2025)`);
      args.year = Number(v);
    } else if (a === "-o" || a === "--output") args.output = value();
    else if (a === "--date") args.date = value();
    else if (a === "--etape" || a === "--step") {
      const v = value();
      if (v !== "1" && v !== "2") throw new UsageError(`étape invalide : ${v} (1 ou 2)`);
      args.step = Number(v) as 1 | 2;
    } else if (a.startsWith("-")) throw new UsageError(`option inconnue : ${a}`);
    else if (args.file === null) args.file = a;
    else throw new UsageError(`argument en trop : ${a}`);
  }
  return args;
}

/** Reads the file and its register: throws InputFileError / RegisterNotFoundError. */
export async function loadRegister(file: string): Promise<Register> {
  return (await loadWorkbook(file)).register;
}

export async function loadWorkbook(file: string): Promise<{ register: Register; grids: Grid[] }> {
  const { grids, sheetNames } = await readInputFile(file);
  return { register: readWorkbook(grids, sheetNames), grids };
}

export type CommandHandler = (args: Args, reg: Register, io: Io, grids: Grid[]) => Promise<number>;

const commands: Record<string, CommandHandler> = {
  indicators: async (args, reg, io) => {
    const res: Results = computeIndicators(reg, { year: args.year, etape: args.step });
    if (args.json) io.out(JSON.stringify(jsonOutput(reg, res), null, 2) + "\n");
    else io.out(renderText(reg, res));
    return 0;
  },
  dashboards: dashboardsCommand,
  cotation: (args, reg, io, grids) => cotationCommand(args, reg, io, grids),
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`spaser : ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === "--help" || args.command === "-h" || args.command === "aide" || args.command === "help") {
    io.out(USAGE);
    return 0;
  }
  const handler = commands[args.command];
  if (!handler) {
    io.err(`spaser : ${args.command ? `commande inconnue : ${args.command}` : "commande manquante"}\n\n${USAGE}`);
    return 2;
  }
  if (!args.file) {
    io.err(`spaser : fichier manquant\n\n${USAGE}`);
    return 2;
  }
  let reg: Register;
  let grids: Grid[];
  try {
    ({ register: reg, grids } = await loadWorkbook(args.file));
  } catch (e) {
    if (e instanceof InputFileError || e instanceof RegisterNotFoundError) {
      io.err(`spaser : ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    return await handler(args, reg, io, grids);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputFileError) {
      io.err(`spaser : ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
