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
import { resolveTarget } from "../files/xlsx/parts";
import { parsePart } from "../files/xlsx/xml";
import { ZipReader } from "../files/xlsx/zip";
import { OUTPUT_MARK_NAME, OUTPUT_MARK_PATTERN, writePlans } from "./xlsx-writer";

/**
 * Names of the sheets this tool writes. Only used to word the refusal of a workbook without the mark
 * (one written by a version of spaser that did not mark its outputs): never to replace a file.
 */
export const OWN_OUTPUT_SHEETS = /^(tdb [12] - |cotation cad|détail des indicateurs|referentiel$|référentiel$)/i;

/** Default output: beside the input, named after it. */
export function defaultOutput(input: string, year: number, suffix = "tableaux-de-bord"): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.(xlsx|xlsm|csv|txt|json)$/i, "");
  return path.join(dir, `${base} - ${suffix} ${year}.xlsx`);
}

const CHOOSE = "choisissez un autre fichier de sortie avec -o";

/**
 * Checks, before any computation is written, that `output` may be written: an .xlsx name (or the
 * extension given), not the file read, not a folder, in a folder that exists and accepts files.
 */
export function checkOutput(input: string | null, output: string, ext = "xlsx", example = "tableaux-de-bord.xlsx"): void {
  if (input && path.resolve(input) === path.resolve(output)) throw new InputFileError(`le fichier de sortie ne peut pas être le fichier lu (${output}) : le classeur d'origine n'est jamais modifié ; ${CHOOSE}`);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(output);
  } catch {
    stat = null;
  }
  if (stat?.isDirectory()) throw new InputFileError(`« ${output} » est un dossier : donnez un nom de fichier, par exemple -o « ${path.join(output, example)} »`);
  if (!output.toLowerCase().endsWith(`.${ext}`)) throw new InputFileError(`le fichier de sortie doit avoir l'extension .${ext} (${output})`);
  const dir = path.dirname(path.resolve(output));
  if (!fs.existsSync(dir)) throw new InputFileError(`dossier de sortie introuvable : ${path.dirname(output)} ; ${CHOOSE}`);
  // The folder may exist and refuse files (read-only, /proc…): said now, before the register is read.
  const probe = temporaryName(output);
  pending.add(probe);
  try {
    fs.closeSync(fs.openSync(probe, "wx"));
  } catch (e) {
    throw writeFailure(e, output);
  } finally {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      // nothing was created
    }
    pending.delete(probe);
  }
}

/** The sheet of a reference to its cell A1 (`'L''été'!$A$1`, `Feuil1!A1`), or null. */
export function markedSheet(ref: string): string | null {
  const m = /^\s*=?\s*(?:'((?:[^']|'')+)'|([^'!]+))!\$?A\$?1\s*$/.exec(ref);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
}

/**
 * The sheets named by the mark of a workbook the command line wrote (defined names
 * SPASER_SORTIE_n, see xlsx-writer.ts), or null when the file has none (or is not a readable workbook).
 */
export async function outputMark(file: string): Promise<string[] | null> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch {
    return null;
  }
  try {
    let part = "xl/workbook.xml";
    if (zip.has("_rels/.rels")) {
      await parsePart(zip, "_rels/.rels", {
        open(name, a) {
          if (name === "Relationship" && /\/officeDocument$/.test(a.Type ?? "") && a.Target && a.TargetMode !== "External") part = resolveTarget("", a.Target);
        },
        close() {},
      });
    }
    if (!zip.has(part)) return null;
    const sheets: string[] = [];
    let text: string | null = null;
    await parsePart(zip, part, {
      open(name, a) {
        if (name === "definedName") text = OUTPUT_MARK_PATTERN.test(a.name ?? "") && a.localSheetId === undefined ? "" : null;
      },
      close(name) {
        if (name === "definedName" && text !== null) {
          const sheet = markedSheet(text);
          if (sheet !== null) sheets.push(sheet);
          text = null;
        }
      },
      text(t) {
        if (text !== null) text += t;
      },
    });
    return sheets.length ? sheets : null;
  } catch {
    return null;
  } finally {
    zip.close();
  }
}

/**
 * Refuses to replace an existing file unless it is a workbook this tool wrote: it carries the mark
 * the command line writes (outputMark) and every sheet it holds is one the mark names, so that no
 * sheet a user added or renamed is lost. Returns the sheets of the previous output, when there is
 * one (the cotation keeps what was typed).
 */
export async function previousOwnOutput(output: string): Promise<Awaited<ReturnType<typeof readInputFile>> | null> {
  if (!fs.existsSync(output)) return null;
  const name = path.basename(output);
  const notReplaced = `il n'est pas remplacé ; ${CHOOSE}`;
  const mark = await outputMark(output);
  let prev: Awaited<ReturnType<typeof readInputFile>>;
  try {
    prev = await readInputFile(output);
  } catch (e) {
    throw new InputFileError(`« ${name} » existe et n'est pas un classeur écrit par spaser : ${notReplaced}`, e instanceof InputFileError ? e.detail ?? e.message : e);
  }
  if (!mark) {
    const looksOwn = prev.sheetNames.length > 0 && prev.sheetNames.every((n) => OWN_OUTPUT_SHEETS.test(n));
    throw new InputFileError(
      looksOwn
        ? `« ${name} » existe et ne porte pas la marque des classeurs écrits par spaser (noms définis ${OUTPUT_MARK_NAME}_1, _2…) : classeur d'une version précédente de spaser, ou classeur de l'utilisateur aux mêmes noms de feuilles ; ${notReplaced}, ou supprimez-le s'il s'agit d'une ancienne sortie de spaser (pour garder les réponses saisies dans une feuille « Cotation CAD », copiez-la d'abord dans le classeur du registre)`
        : `« ${name} » existe et n'a pas été écrit par spaser (${prev.sheetNames.length ? `feuilles ${prev.sheetNames.slice(0, 5).map((n) => `« ${n} »`).join(", ")}${prev.sheetNames.length > 5 ? "…" : ""}` : "aucune feuille"}) : ${notReplaced}`,
    );
  }
  const own = new Set(mark);
  const foreign = prev.sheetNames.filter((n) => !own.has(n));
  if (foreign.length || prev.sheetNames.length === 0) {
    const shown = foreign.slice(0, 5).map((n) => `« ${n} »`).join(", ") + (foreign.length > 5 ? "…" : "");
    throw new InputFileError(
      foreign.length
        ? `« ${name} » a été écrit par spaser mais contient ${foreign.length > 1 ? "des feuilles qu'il n'a pas écrites" : "une feuille qu'il n'a pas écrite"} (${shown}) : ${notReplaced}`
        : `« ${name} » n'a aucune feuille : ${notReplaced}`,
    );
  }
  return prev;
}

/** A hidden temporary file beside the output. */
function temporaryName(output: string): string {
  return path.join(path.dirname(output), `.${path.basename(output)}.${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}.tmp`);
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
  let reason = (code && why[code]) ?? "erreur d'écriture";
  // A folder that exists but where no file can be created (/proc, some network shares) says ENOENT.
  if (code === "ENOENT" && fs.existsSync(path.dirname(path.resolve(file)))) reason = "dossier non accessible en écriture";
  return new InputFileError(`impossible d'écrire « ${file} » : ${reason} ; ${CHOOSE}`, e);
}

/**
 * Writes the plans as a new workbook: into a temporary file beside the output, then renamed over
 * it, so that the output is either the previous file or the whole new one. The temporary file is
 * removed on failure. Returns the writer's warnings (text cut to Excel's cell limit…).
 */
export async function writeOutput(plans: SheetPlan[], output: string): Promise<string[]> {
  const tmp = temporaryName(output);
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
