/**
 * `spaser decp FICHIER [--year A] [--date JJ/MM/AAAA] [-o DECP.json] [--json]`: the register's
 * notified contracts as DECP 2024 (SPEC §11), each record checked against the official schema
 * before anything is written; the contracts the register cannot publish are listed with what they
 * lack. Like the other outputs, the file never replaces one spaser did not write and is written
 * whole or not at all.
 */
import * as fs from "fs";
import * as path from "path";
import { decpExport, type DecpRecord, type LeftOut } from "../decp/write";
import { documentErrors, recordErrors, SCHEMA_VERSION } from "../decp/validate";
import { InputFileError } from "../files/errors";
import type { Register } from "../register/types";
import { formatDate } from "../register/values";
import { parseDateArg } from "./args";
import { todayInParis } from "./cotation-command";
import type { Args, Io } from "./main";
import { checkOutput, writeFailure } from "./output";
import { isoDate } from "../decp/write";

const CHOOSE = "choisissez un autre fichier de sortie avec -o";
/** The mark of a file this tool wrote: its first member. */
export const DECP_MARK_KEY = "_generateur";
const OWN_MARK = /^\s*\{\s*"_generateur"\s*:\s*"spaser[ "]/;

/** Default output: beside the input, named after it and the year. */
export function decpOutput(input: string, year?: number): string {
  const base = path.basename(input).replace(/\.(xlsx|xlsm|csv|txt|json)$/i, "");
  return path.join(path.dirname(input), `${base} - DECP${year !== undefined ? ` ${year}` : ""}.json`);
}

/** Checks before anything is read that the DECP file may be written there: never over a file spaser did not write. */
export function checkDecpOutput(input: string, output: string): void {
  checkOutput(input, output, "json", "DECP.json");
  if (!fs.existsSync(output)) return;
  const fd = fs.openSync(output, "r");
  const head = Buffer.alloc(512);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (!OWN_MARK.test(head.subarray(0, n).toString("utf8"))) throw new InputFileError(`« ${path.basename(output)} » existe et n'a pas été écrit par spaser : il n'est pas remplacé ; ${CHOOSE}`);
}

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "inconnue";
  }
}

/** Writes the document record by record (a large register gives a file of hundreds of megabytes), through a temporary file. */
async function writeDocument(out: string, mark: string, marches: DecpRecord[], concessions: DecpRecord[]): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const fh = await fs.promises.open(tmp, "w");
  try {
    let buf = `{\n  ${JSON.stringify(DECP_MARK_KEY)}: ${JSON.stringify(mark)},\n  "marches": {\n`;
    const list = async (name: string, records: DecpRecord[], last: boolean) => {
      buf += `    ${JSON.stringify(name)}: [`;
      for (let i = 0; i < records.length; i++) {
        buf += `${i ? "," : ""}\n      ${JSON.stringify(records[i])}`;
        if (buf.length > 1 << 20) {
          await fh.write(buf);
          buf = "";
        }
      }
      buf += `${records.length ? "\n    " : ""}]${last ? "" : ","}\n`;
    };
    await list("marche", marches, false);
    await list("contrat-concession", concessions, true);
    buf += "  }\n}\n";
    await fh.write(buf);
    await fh.close();
    await fs.promises.rename(tmp, out);
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw writeFailure(e, out);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Contracts listed one by one at most in the text output (all of them with --json). */
const MAX_LISTED = 200;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("fr-FR")} ${n >= 2 ? many : one}`;

export async function decpCommand(args: Args, reg: Register, io: Io): Promise<number> {
  const input = args.file as string;
  const out = args.output ?? decpOutput(input, args.year);
  checkDecpOutput(input, out);
  const publicationDate = args.date ? parseDateArg(args.date) : todayInParis();
  const exp = decpExport(reg, { year: args.year, publicationDate });
  // Every record checked against the official schema: one that fails is left out, with the schema's words.
  const keep = (records: DecpRecord[], contracts: typeof exp.marches, concession: boolean): DecpRecord[] =>
    records.filter((r, i) => {
      const errors = recordErrors(r, concession);
      if (errors.length === 0) return true;
      const c = contracts[i];
      exp.leftOut.push({ id: c.id, sheet: c.sheet, row: c.row, concession, missing: errors.slice(0, 5).map((e) => `non conforme au schéma DECP : ${e}`), absent: [] });
      return false;
    });
  const marches = keep(exp.document.marches.marche, exp.marches, false);
  const concessions = keep(exp.document.marches["contrat-concession"], exp.concessions, true);
  const mark = `spaser ${version()}`;
  // The whole document too (its lists and root), before anything is written.
  const errors = documentErrors({ [DECP_MARK_KEY]: mark, marches: { marche: marches.slice(0, 1), "contrat-concession": concessions.slice(0, 1) } });
  if (errors.length) throw new InputFileError(`les données produites ne sont pas conformes au schéma DECP ${SCHEMA_VERSION} : ${errors.slice(0, 3).join(" ; ")} ; aucun fichier n'a été écrit`);
  await writeDocument(out, mark, marches, concessions);
  exp.leftOut.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet < b.sheet ? -1 : 1));
  if (args.json) {
    io.out(
      JSON.stringify(
        {
          output: out,
          year: args.year ?? null,
          publicationDate: isoDate(publicationDate),
          schemaVersion: SCHEMA_VERSION,
          written: { marches: marches.length, concessions: concessions.length },
          leftOut: exp.leftOut.map((l: LeftOut) => ({ id: l.id, sheet: l.sheet, row: l.row, concession: l.concession, missing: l.missing })),
        },
        null,
        2,
      ) + "\n",
    );
    return 0;
  }
  const scope = args.year !== undefined ? `notifiés en ${args.year}` : "notifiés";
  io.out(
    `DECP ${args.year ?? "(toutes années)"} écrites dans : ${out}\n` +
      `  ${plural(marches.length, "marché", "marchés")} et ${plural(concessions.length, "contrat de concession", "contrats de concession")}, conformes au schéma officiel DECP ${SCHEMA_VERSION} ; date de publication des données : ${formatDate(publicationDate)}.\n`,
  );
  if (exp.leftOut.length === 0) io.out(`  Tous les contrats ${scope} du registre sont publiés.\n`);
  else {
    io.out(`  ${plural(exp.leftOut.length, "contrat", "contrats")} ${scope} laissé${exp.leftOut.length > 1 ? "s" : ""} de côté, faute des données que le format exige (rien n'est inventé) :\n`);
    // A column absent is said once, for all the contracts it leaves out.
    const absent = [...new Set(exp.leftOut.flatMap((l) => l.absent))];
    if (absent.length) io.out(`    colonne${absent.length > 1 ? "s" : ""} absente${absent.length > 1 ? "s" : ""} du registre : ${absent.join(" ; ")}\n`);
    const detailed = exp.leftOut.filter((l) => l.missing.length > l.absent.length);
    for (const l of detailed.slice(0, MAX_LISTED)) io.out(`    ${l.id} (feuille « ${l.sheet} », ligne ${l.row}) : ${l.missing.filter((m) => !m.endsWith("(colonne absente)")).join(" ; ")}\n`);
    if (detailed.length > MAX_LISTED) io.out(`    … et ${plural(detailed.length - MAX_LISTED, "autre contrat", "autres contrats")} (liste complète avec --json)\n`);
  }
  io.out(`Écrits : ${marches.length + concessions.length} ; laissés de côté : ${exp.leftOut.length}.\n`);
  return 0;
}
