/**
 * `spaser` command line: the same engine as the add-in, over .xlsx and .csv files.
 *   spaser indicators FICHIER [--year A] [--json]
 *   spaser rapprochement REGISTRE DECP.json [--year A] [--json]
 */
import { loadRegisterFile } from "../files/read-file";
import { InputFileError } from "../files/errors";
import { checkOutput, previousOwnOutput, removePendingFiles } from "./output";
import { parseDateArg, parseYearArg, UsageError } from "./args";

export { UsageError };
import { RegisterNotFoundError } from "../register/read";
import type { Register } from "../register/types";
import { computeIndicators, EntityNotFoundError } from "../indicators/engine";
import { referentielCommand } from "./referentiel-command";
import { methodologieCommand } from "./methodologie-command";
import { jsonOutput } from "../indicators/json";
import type { Results } from "../indicators/types";
import { renderText } from "./text";
import { dashboardsCommand } from "./dashboards-command";
import { cotationCommand } from "./cotation-command";
import { checkReportOutput, rapportCommand } from "./rapport-command";
import { checkDecpOutput, decpCommand, decpOutput } from "./decp-command";
import { checkDecpInput, rapprochementCommand } from "./rapprochement-command";
import type { Grid } from "../register/types";

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

const COMMAND_USAGE: Record<string, string> = {
  indicators: `  spaser indicators FICHIER [--year ANNÉE] [--entity ENTITÉ] [--json [--detail]]
      Calcule les indicateurs du SPASER à partir du registre des marchés (.xlsx, .csv ou DECP .json).`,
  dashboards: `  spaser dashboards FICHIER [--year ANNÉE] [--entity ENTITÉ] [-o SORTIE.xlsx]
      Écrit les deux tableaux de bord du SPASER et le détail de leurs indicateurs dans un nouveau classeur.`,
  cotation: `  spaser cotation FICHIER [--date JJ/MM/AAAA] [--entity ENTITÉ] [-o SORTIE.xlsx]
      Écrit la feuille « Cotation CAD » des marchés récurrents à présenter au comité.`,
  methodologie: `  spaser methodologie [FICHIER] [-o SORTIE.md]
      Écrit la méthodologie des indicateurs (définitions, colonnes lues, cas non calculables) du référentiel utilisé.`,
  referentiel: `  spaser referentiel [FICHIER] [-o SORTIE.xlsx]
      Écrit le référentiel des indicateurs (feuille « Référentiel ») à adapter : celui de l'outil, ou celui du classeur FICHIER.`,
  rapport: `  spaser rapport FICHIER [--year ANNÉE] [--entity ENTITÉ] [-o RAPPORT.html]
      Écrit le rapport annuel du SPASER (page HTML autonome, à publier ou à imprimer en PDF).`,
  decp: `  spaser decp FICHIER [--year ANNÉE] [--date JJ/MM/AAAA] [-o DECP.json] [--json]
      Écrit les données essentielles (DECP 2024) des contrats notifiés du registre, vérifiées par le schéma officiel ;
      les contrats auxquels manque une donnée obligatoire sont listés, jamais complétés.`,
  rapprochement: `  spaser rapprochement REGISTRE DECP.json [--year ANNÉE] [--entity ENTITÉ] [--json]
      Compare le registre avec les données essentielles publiées (DECP) : contrats d'un seul côté, montant, date de notification,
      procédure, considérations sociales et environnementales différents ; une ligne par écart, le nombre d'écarts en dernier.`,
};

const OPTIONS: Record<string, string> = {
  year: "  --year, --annee ANNÉE   année de suivi, de 2000 à 2100 (par défaut : la dernière année avec des marchés notifiés)",
  step: "  --etape 1|2             étape du déploiement (par défaut : « Étape en cours » de la feuille Paramètres)",
  json: "  --json                  sortie JSON (contrat machine)",
  detail: "  --detail                avec --json : les contrats derrière chaque chiffre (numérateur, dénominateur, écartés)",
  entity: "  --entity ENTITÉ         chiffres d'un seul acheteur (colonne « Entité » : Ville, Métropole…)",
  output: "  -o, --output FICHIER    fichier à écrire : classeur .xlsx (rapport : page .html) ; jamais le fichier lu, jamais un fichier qui n'a pas été écrit par spaser",
  date: "  --date JJ/MM/AAAA       date de référence de la cotation (par défaut : aujourd'hui)",
  help: "  -h, --help              cette aide",
};
/** Options whose meaning depends on the command. */
const COMMAND_OPTION_TEXT: Record<string, Record<string, string>> = {
  decp: {
    year: "  --year, --annee ANNÉE   contrats notifiés cette année-là (par défaut : tous les contrats notifiés)",
    date: "  --date JJ/MM/AAAA       date de publication des données (datePublicationDonnees) des contrats dont le registre n'en donne pas (par défaut : aujourd'hui)",
    output: "  -o, --output FICHIER    fichier .json à écrire (par défaut : à côté du registre, « … - DECP ANNÉE.json ») ; jamais un fichier qui n'a pas été écrit par spaser",
    json: "  --json                  compte rendu en JSON (fichier écrit, contrats écrits et laissés de côté)",
  },
  rapprochement: {
    year: "  --year, --annee ANNÉE   seulement les contrats notifiés cette année-là, de 2000 à 2100 (par défaut : toutes les années)",
    entity: "  --entity ENTITÉ         seulement les contrats du registre de cet acheteur (colonne « Entité » : Ville, Métropole…)",
  },
};
const COMMAND_OPTIONS: Record<string, string[]> = {
  indicators: ["year", "step", "entity", "json", "detail", "help"],
  dashboards: ["year", "step", "entity", "output", "help"],
  cotation: ["date", "entity", "output", "help"],
  referentiel: ["output", "help"],
  methodologie: ["output", "help"],
  rapport: ["year", "step", "entity", "output", "help"],
  decp: ["year", "date", "output", "json", "help"],
  rapprochement: ["year", "entity", "json", "help"],
};

export const USAGE = `Usage :
${Object.values(COMMAND_USAGE).join("\n")}

Options :
${Object.values(OPTIONS).join("\n")}

Code de sortie : 0 quand le registre a pu être lu (même avec des cellules en erreur), 2 sinon (message sur la sortie d'erreur).
`;


/** The help of one subcommand. */
export function commandUsage(command: string): string {
  return `Usage :\n${COMMAND_USAGE[command]}\n\nOptions :\n${COMMAND_OPTIONS[command].map((o) => COMMAND_OPTION_TEXT[command]?.[o] ?? OPTIONS[o]).join("\n")}\n`;
}

export interface Args {
  command: string;
  file: string | null;
  year?: number;
  json: boolean;
  output?: string;
  date?: string;
  step?: 1 | 2;
  help?: boolean;
  detail?: boolean;
  entity?: string;
  /** spaser rapprochement: the DECP file (second file named). */
  decp?: string;
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? "", file: null, json: false };
  const allowed = new Set(COMMAND_OPTIONS[args.command] ?? []);
  const option = (name: string, a: string) => {
    if (COMMAND_OPTIONS[args.command] && !allowed.has(name)) throw new UsageError(`l'option ${a} ne s'applique pas à « spaser ${args.command} »`);
  };
  for (let i = 1; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    if (eq > 0) {
      inline = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith("-") && v.length > 1)) throw new UsageError(`l'option ${a} attend une valeur`);
      return v;
    };
    if (a === "-h" || a === "--help" || a === "--aide") args.help = true;
    else if (a === "--detail" || a === "--détail") {
      option("detail", a);
      args.detail = true;
    } else if (a === "--entity" || a === "--entite" || a === "--entité") {
      option("entity", a);
      const v = value().trim();
      if (!v) throw new UsageError(`l'option ${a} attend un nom d'entité (ex. Ville)`);
      args.entity = v;
    } else if (a === "--json") {
      option("json", a);
      args.json = true;
    } else if (a === "--year" || a === "--annee" || a === "--année") {
      option("year", a);
      args.year = parseYearArg(value());
    } else if (a === "-o" || a === "--output" || a === "--sortie") {
      option("output", a);
      args.output = value();
    } else if (a === "--date") {
      option("date", a);
      args.date = value();
      parseDateArg(args.date);
    } else if (a === "--etape" || a === "--étape" || a === "--step") {
      option("step", a);
      const v = value();
      if (v !== "1" && v !== "2") throw new UsageError(`étape invalide : ${v} (1 ou 2)`);
      args.step = Number(v) as 1 | 2;
    } else if (a.startsWith("-") && a.length > 1) throw new UsageError(`option inconnue : ${a}`);
    else if (args.file === null) args.file = a;
    else if (args.command === "rapprochement" && args.decp === undefined) args.decp = a;
    else throw new UsageError(`argument en trop : ${a}`);
  }
  return args;
}

/** Reads the file and its register: throws InputFileError / RegisterNotFoundError. */
export async function loadWorkbook(file: string): Promise<{ register: Register; grids: Grid[] }> {
  // Rows go straight from the file into the register reader: a large register is never held as a grid.
  const { register, grids } = await loadRegisterFile(file);
  return { register, grids };
}

export type CommandHandler = (args: Args, reg: Register, io: Io, grids: Grid[]) => Promise<number>;

const commands: Record<string, CommandHandler> = {
  indicators: async (args, reg, io) => {
    if (args.detail && !args.json) throw new UsageError("l'option --detail s'utilise avec --json (la liste des contrats de chaque indicateur est aussi dans la feuille « Détail des indicateurs » de spaser dashboards)");
    const res: Results = computeIndicators(reg, { year: args.year, etape: args.step, detail: !!args.detail, ...(args.entity !== undefined ? { entity: args.entity } : {}) });
    if (args.json) io.out(JSON.stringify(jsonOutput(reg, res), null, 2) + "\n");
    else io.out(renderText(reg, res));
    return 0;
  },
  referentiel: (args, reg, io, grids) => referentielCommand(args, reg, io, grids),
  methodologie: (args, reg, io, grids) => methodologieCommand(args, reg, io, grids),
  dashboards: dashboardsCommand,
  cotation: (args, reg, io, grids) => cotationCommand(args, reg, io, grids),
  rapport: rapportCommand,
  decp: decpCommand,
  rapprochement: rapprochementCommand,
};

/** A French message for any failure, with its detail; never a stack trace. */
function report(io: Io, e: unknown): number {
  if (e instanceof InputFileError || e instanceof RegisterNotFoundError || e instanceof UsageError || e instanceof EntityNotFoundError) {
    io.err(`spaser : ${e.message}\n`);
    if (e instanceof InputFileError && e.detail) io.err(`  détail : ${e.detail}\n`);
  } else {
    io.err(`spaser : erreur inattendue : ${e instanceof Error ? e.message : String(e)}\n`);
  }
  return 2;
}

/** Runs one command; every failure is exit 2 with a French message on stderr. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let args: Args;
  const command = argv[0] ?? "";
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`spaser : ${(e as Error).message}\n\n${COMMAND_USAGE[command] ? commandUsage(command) : USAGE}`);
    return 2;
  }
  if (["--help", "-h", "--aide", "aide", "help"].includes(args.command)) {
    io.out(USAGE);
    return 0;
  }
  const handler = commands[args.command];
  if (!handler) {
    io.err(`spaser : ${args.command ? `commande inconnue : ${args.command}` : "commande manquante"}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(commandUsage(args.command));
    return 0;
  }
  if ((args.command === "referentiel" || args.command === "methodologie") && !args.file) {
    try {
      return await (args.command === "referentiel" ? referentielCommand : methodologieCommand)(args, null, io, []);
    } catch (e) {
      return report(io, e);
    } finally {
      removePendingFiles();
    }
  }
  if (!args.file) {
    io.err(`spaser : fichier manquant\n\n${commandUsage(args.command)}`);
    return 2;
  }
  if (args.command === "rapprochement" && !args.decp) {
    io.err(`spaser : fichier DECP manquant (le registre, puis la DECP publiée)\n\n${commandUsage(args.command)}`);
    return 2;
  }
  try {
    // A wrong output is said before the register is read (a large register takes time).
    if (args.command === "rapprochement") checkDecpInput(args.decp);
    if (args.command === "decp") checkDecpOutput(args.file, args.output ?? decpOutput(args.file, args.year));
    else if (args.output && args.command === "rapport") checkReportOutput(args.file, args.output);
    else if (args.output && args.command !== "methodologie") {
      checkOutput(args.file, args.output);
      if (args.command === "dashboards") await previousOwnOutput(args.output);
    }
    const { register: reg, grids } = await loadWorkbook(args.file);
    return await handler(args, reg, io, grids);
  } catch (e) {
    return report(io, e);
  } finally {
    removePendingFiles();
  }
}
