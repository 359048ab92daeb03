/**
 * Which sheets are the add-in's own: a mark stored in the sheet itself, in the workbook file, that
 * survives closing and reopening the file and renaming the sheet.
 *
 * Worksheet ids are not that: they are documented as unique within a workbook ("uniquely identifies
 * the worksheet in a given workbook", Excel.Worksheet.id), not as stable across sessions, and they
 * have been seen to change between sessions and Excel versions. A refresh that knew its sheets by
 * id would then read its old dashboards as user data and write "TdB 1 - Déploiement (2)".
 * https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-id-member
 *
 * The mark: a worksheet custom property (ExcelApi 1.12, saved with the sheet):
 * https://learn.microsoft.com/javascript/api/excel/excel.worksheetcustompropertycollection
 * Where the set is missing, a sheet-scoped named item (ExcelApi 1.4) carries the same text in its
 * comment: names are saved in the file, belong to their sheet whatever its name, and a sheet copy
 * copies them. https://learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-names-member
 * Both are read, so that a workbook marked by one Excel is understood by the other.
 *
 * Workbooks written by earlier versions recorded sheet ids in the workbook settings (LEGACY_KEY):
 * those ids are honoured when they still match, and the sheets get a mark at the next refresh.
 *
 * Copies. A user's copy of a dashboard (Déplacer ou copier, an archive « TdB 1 2024 ») carries the
 * mark: custom properties and sheet-scoped names are copied with the sheet. So every write also
 * records, in a workbook setting (IDENTITY_KEY, Excel.SettingCollection, ExcelApi 1.4, saved in
 * the file), the id and name of the one original of each kind; a marked sheet that is not the one
 * recorded is a copy: never rewritten, never read as the add-in's sheet (a copied « Cotation CAD »
 * is not read twice). Ids are not stable across sessions (above): after a reopening the recorded id
 * may be gone, or even given to another sheet, so the sheet that matches both id and name wins,
 * then the one with the recorded name, then the one with the recorded id; none else (an archive
 * left alone after the original was deleted is not taken for it: the add-in writes a new sheet
 * rather than guess). Without any record (a workbook of an earlier version), the only marked
 * sheet of the kind, or among several the one with the add-in's own name.
 * https://learn.microsoft.com/javascript/api/excel/excel.settingcollection
 */
import type { Capabilities } from "./capabilities";

/** Key of the worksheet custom property. */
export const MARK_PROPERTY = "SpaserSheet";
/** Name of the sheet-scoped named item used where custom properties are missing. */
export const MARK_NAME = "SPASER_FEUILLE";
/** Workbook setting of earlier versions: [{ id, kind }]. */
export const LEGACY_KEY = "spaser.sheets";

/** Workbook setting: { kind: { id, name } } of the add-in's original sheets. */
export const IDENTITY_KEY = "spaser.originaux";

export type MarkRole = "dashboard" | "staging" | "backup" | "rescue";

export interface SheetMark {
  /** Kind of plan (tdb1, tdb2, cotation…). */
  kind: string;
  role: MarkRole;
  /** Refresh run that made the sheet (temporary sheets only). */
  run?: string;
  /** When that run started (ms since 1970), to recognise leftovers of an interrupted run. */
  at?: number;
}

export function encodeMark(m: SheetMark): string {
  return JSON.stringify(m);
}

/** The mark in a property or comment; null for anything else (a user's own property or name). */
export function decodeMark(text: unknown): SheetMark | null {
  if (typeof text !== "string" || !text.startsWith("{")) return null;
  try {
    const v = JSON.parse(text) as Partial<SheetMark>;
    if (typeof v.kind !== "string" || !["dashboard", "staging", "backup", "rescue"].includes(String(v.role))) return null;
    return { kind: v.kind, role: v.role as MarkRole, ...(typeof v.run === "string" ? { run: v.run } : {}), ...(typeof v.at === "number" ? { at: v.at } : {}) };
  } catch {
    return null;
  }
}

export interface LegacyEntry {
  id: string;
  kind: string;
}

/** The settings value of earlier versions; anything unexpected counts as "no sheet recorded". */
export function parseLegacy(value: unknown): LegacyEntry[] {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is LegacyEntry => !!x && typeof x.id === "string" && typeof x.kind === "string");
}

interface PendingMark {
  prop: { isNullObject: boolean; value: string } | null;
  name: { isNullObject: boolean; comment: string } | null;
}

/** Queues the loads of a sheet's mark (both stores); read it with `markOf` after the sync. */
export function loadMark(ws: Excel.Worksheet, caps: Capabilities): PendingMark {
  const prop = caps.customProperties ? ws.customProperties.getItemOrNullObject(MARK_PROPERTY) : null;
  prop?.load("value");
  const name = ws.names.getItemOrNullObject(MARK_NAME);
  name.load("comment");
  return { prop, name };
}

export function markOf(p: PendingMark): SheetMark | null {
  if (p.prop && !p.prop.isNullObject) {
    const m = decodeMark(p.prop.value);
    if (m) return m;
  }
  if (p.name && !p.name.isNullObject) return decodeMark(p.name.comment);
  return null;
}

/**
 * Queues writing a mark on a sheet. `hadName`: the sheet already has the named item (a copy of a
 * marked sheet carries its name), which is replaced.
 */
export function writeMark(ws: Excel.Worksheet, mark: SheetMark, caps: Capabilities, hadName: boolean): void {
  if (caps.customProperties) {
    ws.customProperties.add(MARK_PROPERTY, encodeMark(mark));
    // A name copied from a marked sheet would contradict the property on an Excel without 1.12.
    if (hadName) ws.names.getItem(MARK_NAME).delete();
    return;
  }
  if (hadName) ws.names.getItem(MARK_NAME).delete();
  ws.names.add(MARK_NAME, ws.getRange("A1"), encodeMark(mark));
}

/**
 * The sheets an earlier version recorded, by id: `{ id -> kind }`. When a recorded id is gone (the
 * ids changed when the file was reopened, the very reason for the marks), the sheet that bears
 * the default name of that kind is taken instead, so that an old workbook does not get a
 * "TdB 1 - Déploiement (2)" at its first refresh with this version.
 */
export function legacyOwned(sheets: { id: string; name: string }[], legacy: LegacyEntry[], defaultNames: Readonly<Record<string, string>>, marked: ReadonlySet<string> = new Set()): Map<string, string> {
  const out = new Map<string, string>();
  const ids = new Set(sheets.map((s) => s.id));
  for (const e of legacy) if (ids.has(e.id) && !marked.has(e.id)) out.set(e.id, e.kind);
  for (const e of legacy) {
    if (ids.has(e.id) || [...out.values()].includes(e.kind)) continue;
    const name = defaultNames[e.kind];
    const s = name ? sheets.find((x) => x.name === name && !marked.has(x.id) && !out.has(x.id)) : undefined;
    if (s) out.set(s.id, e.kind);
  }
  return out;
}

export interface Identity {
  id: string;
  name: string;
}

export type Identities = Record<string, Identity>;

/** The setting's value; anything unexpected counts as "nothing recorded". */
export function parseIdentities(value: unknown): Identities {
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Identities = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const e = x as Partial<Identity> | null;
    if (e && typeof e.id === "string" && typeof e.name === "string") out[k] = { id: e.id, name: e.name };
  }
  return out;
}

/**
 * The original of each kind among the marked dashboards: sheet id -> kind (see "Copies" above).
 * `sheets` in tab order with their marks; `defaultNames` the add-in's own name of each kind.
 */
export function originals(sheets: { id: string; name: string; mark: SheetMark | null }[], identities: Identities, defaultNames: Readonly<Record<string, string>>): Map<string, string> {
  const byKind = new Map<string, { id: string; name: string }[]>();
  for (const s of sheets) {
    if (s.mark?.role !== "dashboard") continue;
    const list = byKind.get(s.mark.kind) ?? [];
    list.push(s);
    byKind.set(s.mark.kind, list);
  }
  const out = new Map<string, string>();
  for (const [kind, list] of byKind) {
    const rec = identities[kind];
    const lower = (n: string) => n.toLowerCase();
    let found: { id: string } | undefined;
    if (rec) {
      found =
        list.find((s) => s.id === rec.id && lower(s.name) === lower(rec.name)) ??
        list.find((s) => lower(s.name) === lower(rec.name)) ??
        list.find((s) => s.id === rec.id);
    } else {
      const own = defaultNames[kind];
      found = list.length === 1 ? list[0] : own ? list.find((s) => lower(s.name) === lower(own)) : undefined;
    }
    if (found) out.set(found.id, kind);
  }
  return out;
}
