/**
 * A DECP JSON file chosen in the task pane, read as a register without Node: the same grid
 * (src/decp/read.ts) fed to the same register reader as the command line's
 * `loadRegisterFile` does for a .json file, so that both read a DECP file alike.
 */
import { decpJsonGrid } from "./read";
import { WorkbookReader } from "../register/read";
import type { GridNote, Register } from "../register/types";

/** A file the pane cannot read as DECP: its message is the user's. */
export class DecpFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecpFileError";
  }
}

/** Text of a file: UTF-8 (with or without BOM), else Windows-1252, as the command line decodes it. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Reads a DECP JSON text as a register; `fileName` names its sheet in the messages. */
export function readDecpText(text: string, fileName: string): Register {
  const sheet = fileName.replace(/\.json$/i, "");
  let grid = null;
  try {
    grid = decpJsonGrid(JSON.parse(text), sheet);
  } catch {
    grid = null;
  }
  if (!grid) throw new DecpFileError(`« ${fileName} » n'est pas un fichier DECP au format JSON (liste « marches » attendue)`);
  const reader = new WorkbookReader({ singleSheet: true });
  const sink = reader.sheet({ sheet: grid.sheet });
  // What the grid's reader found wrong (per record), fed at its row as readWorkbook does.
  const notes = grid.notes ?? [];
  const feed = (note: GridNote) => (note.reject && note.index !== null ? sink.reject(note.index, note.message) : sink.issue(note.severity, note.index, note.col, note.message));
  let n = 0;
  for (let r = 0; r < grid.rows.length; r++) {
    for (; n < notes.length && (notes[n].index === null || (notes[n].index as number) <= r); n++) feed(notes[n]);
    if (grid.rows[r]) sink.row(r, grid.rows[r]);
  }
  for (; n < notes.length; n++) feed(notes[n]);
  sink.end();
  try {
    return reader.finish([grid.sheet]).register;
  } catch (e) {
    throw new DecpFileError(`« ${fileName} » : aucun contrat lisible (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Reads the bytes of a DECP JSON file as a register. */
export function readDecpBytes(bytes: Uint8Array, fileName: string): Register {
  return readDecpText(decodeText(bytes), fileName);
}
