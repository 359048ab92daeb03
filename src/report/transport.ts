/**
 * The report travels from the task pane to its Office dialog as messages (`messageChild`, DialogApi
 * 1.2): cut into pieces of bounded size, numbered, put back together in the dialog. Pure: both ends
 * are tested without Office.
 * https://learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins#pass-information-to-the-dialog-box
 */

/** Characters per message: well below what a message between two windows carries. */
export const PIECE_SIZE = 200_000;

export interface Piece {
  spaserReport: true;
  index: number;
  count: number;
  text: string;
}

/** The messages that carry `html`, in order (one at least, even for an empty page). */
export function reportMessages(html: string, size = PIECE_SIZE): string[] {
  const count = Math.max(1, Math.ceil(html.length / size));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(JSON.stringify({ spaserReport: true, index: i, count, text: html.slice(i * size, (i + 1) * size) } satisfies Piece));
  return out;
}

/** Puts the pieces back together; `add` returns the whole page once every piece has come. */
export class ReportAssembler {
  private pieces: string[] = [];
  private received = 0;
  private count = -1;
  add(message: string): string | null {
    let p: Piece;
    try {
      p = JSON.parse(message) as Piece;
    } catch {
      return null;
    }
    if (!p || p.spaserReport !== true || !Number.isInteger(p.index) || !Number.isInteger(p.count) || p.count < 1 || p.index < 0 || p.index >= p.count) return null;
    if (p.count !== this.count) {
      // A new report (or the first): start again.
      this.count = p.count;
      this.pieces = new Array<string>(p.count);
      this.received = 0;
    }
    if (this.pieces[p.index] === undefined) this.received++;
    this.pieces[p.index] = p.text;
    return this.received === this.count ? this.pieces.join("") : null;
  }
}
