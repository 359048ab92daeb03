/**
 * Where the command line writes its workbooks, and how: never over the file read, never over a
 * workbook it did not write itself, through a temporary file that is always removed, with a French
 * message for every reason a write can fail.
 */
import * as fs from "fs";
import * as path from "path";
import type { SheetPlan } from "../dashboards/plan";
import { InputFileError } from "../files/errors";
import { readInputFile } from "../files/read-file";
import { writePlans } from "./xlsx-writer";

/** Names of the sheets this tool writes: a workbook holding only these is its own output. */
export const OWN_OUTPUT_SHEETS = /^(tdb [12] - |cotation cad|détail des indicateurs|referentiel$|référentiel$)/i;

/** Default output: beside the input, named after it. */
export function defaultOutput(input: string, year: number, suffix = "tableaux-de-bord"): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.(xlsx|xlsm|csv|txt|json)$/i, "");
  return path.join(dir, `${base} - ${suffix} ${year}.xlsx`);
}

const CHOOSE = "choisissez un autre fichier de sortie avec -o";

/**
 * Checks, before any computation is written, that `output` may be written: an .xlsx name, not the
 * file read, not a folder, in a folder that exists.
 */
export function checkOutput(input: string | null, output: string): void {
  if (input && path.resolve(input) === path.resolve(output)) throw new InputFileError(`le fichier de sortie ne peut pas être le fichier lu (${output}) : le classeur d'origine n'est jamais modifié ; ${CHOOSE}`);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(output);
  } catch {
    stat = null;
  }
  if (stat?.isDirectory()) throw new InputFileError(`« ${output} » est un dossier : donnez un nom de fichier, par exemple -o « ${path.join(output, "tableaux-de-bord.xlsx")} »`);
  if (!/\.xlsx$/i.test(output)) throw new InputFileError(`le fichier de sortie doit avoir l'extension .xlsx (${output})`);
  const dir = path.dirname(path.resolve(output));
  if (!fs.existsSync(dir)) throw new InputFileError(`dossier de sortie introuvable : ${path.dirname(output)} ; ${CHOOSE}`);
}

/**
 * Refuses to replace an existing file unless it is a workbook this tool wrote (only its own sheets).
 * Returns the sheets of the previous output, when there is one (the cotation keeps what was typed).
 */
export async function previousOwnOutput(output: string): Promise<Awaited<ReturnType<typeof readInputFile>> | null> {
  if (!fs.existsSync(output)) return null;
  let prev: Awaited<ReturnType<typeof readInputFile>>;
  try {
    prev = await readInputFile(output);
  } catch (e) {
    throw new InputFileError(`« ${path.basename(output)} » existe et n'est pas un classeur écrit par spaser : il n'est pas remplacé ; ${CHOOSE}`, e instanceof InputFileError ? e.detail ?? e.message : e);
  }
  const foreign = prev.sheetNames.filter((n) => !OWN_OUTPUT_SHEETS.test(n));
  if (foreign.length || prev.sheetNames.length === 0) {
    const shown = foreign.slice(0, 5).map((n) => `« ${n} »`).join(", ") + (foreign.length > 5 ? "…" : "");
    throw new InputFileError(`« ${path.basename(output)} » existe et n'a pas été écrit par spaser (${foreign.length ? `feuilles ${shown}` : "aucune feuille"}) : il n'est pas remplacé ; ${CHOOSE}`);
  }
  return prev;
}

/** Temporary files being written: removed on exit or interruption whatever happens. */
const pending = new Set<string>();

export function removePendingFiles(): void {
  for (const f of pending) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // nothing more can be done here
    }
  }
  pending.clear();
}

/** A French sentence for a Node file-system error code. */
export function writeFailure(e: unknown, file: string): InputFileError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    EACCES: "accès refusé (dossier en lecture seule ou droits insuffisants)",
    EPERM: "opération non permise (droits insuffisants, ou fichier ouvert dans un autre programme)",
    EROFS: "le support est en lecture seule",
    ENOSPC: "le disque est plein",
    EDQUOT: "le quota du disque est atteint",
    EISDIR: "c'est un dossier",
    ENOENT: "le dossier n'existe pas",
    ENOTDIR: "un élément du chemin n'est pas un dossier",
    EBUSY: "le fichier est ouvert dans un autre programme (Excel ?) : fermez-le",
    EMFILE: "trop de fichiers ouverts",
    ENAMETOOLONG: "le nom du fichier est trop long",
  };
  const reason = (code && why[code]) ?? "erreur d'écriture";
  return new InputFileError(`impossible d'écrire « ${file} » : ${reason} ; ${CHOOSE}`, e);
}

/**
 * Writes the plans as a new workbook: into a temporary file beside the output, then renamed over
 * it, so that the output is either the previous file or the whole new one. The temporary file is
 * removed on failure. Returns the writer's warnings (text cut to Excel's cell limit…).
 */
export async function writeOutput(plans: SheetPlan[], output: string): Promise<string[]> {
  const tmp = path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  pending.add(tmp);
  try {
    const warnings = await writePlans(plans, tmp);
    await fs.promises.rename(tmp, output);
    return warnings;
  } catch (e) {
    throw e instanceof InputFileError ? e : writeFailure(e, output);
  } finally {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // the rename moved it, or the folder is gone
    }
    pending.delete(tmp);
  }
}
