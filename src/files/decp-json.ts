/**
 * A DECP JSON file (national format of the essential data of public contracts) as a register grid.
 * No Node import: the command line (src/files/read-file.ts) and the task pane (a DECP file chosen
 * in the pane, src/decp/reconcile-input.ts) read it with these same functions.
 */
import type { Cell, Grid } from "../register/types";

/** Values of a DECP JSON list field: {"considerationSociale": ["…", "…"]} or ["…"] or "…". */
function decpList(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(decpList).join("; ");
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).map(decpList).join("; ");
  return String(v);
}

/**
 * A DECP JSON file (national format of the essential data, {"marches": {"marche": [...]}} or
 * {"marches": [...]}) as a register grid with the DECP column names: one row per holder, the key
 * `uid` being the buyer's id followed by the contract id, as in the tabular exports.
 */
export function decpJsonGrid(json: unknown, sheet: string): Grid | null {
  const root = json as { marches?: unknown };
  const list = Array.isArray(root?.marches) ? root.marches : (root?.marches as { marche?: unknown } | undefined)?.marche;
  if (!Array.isArray(list)) return null;
  const header = ["uid", "id", "objet", "nature", "codeCPV", "procedure", "montant", "dureeMois", "dateNotification", "offresRecues", "attributionAvance", "tauxAvance", "acheteur", "titulaire_id", "considerationsSociales", "considerationsEnvironnementales"];
  const rows: Cell[][] = [header];
  for (const m of list as Record<string, unknown>[]) {
    const acheteur = (m.acheteur as { id?: string } | undefined)?.id ?? "";
    const holders = Array.isArray(m.titulaires) ? (m.titulaires as { titulaire?: { id?: string }; id?: string }[]).map((t) => t.titulaire?.id ?? t.id ?? "") : [""];
    const scalar = (k: string): Cell => {
      const v = m[k];
      return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
    };
    for (const holder of holders.length ? holders : [""]) {
      rows.push([
        `${acheteur}${m.id ?? ""}`, scalar("id"), scalar("objet"), scalar("nature"), scalar("codeCPV"), scalar("procedure"), scalar("montant"), scalar("dureeMois"),
        scalar("dateNotification"), scalar("offresRecues"), scalar("attributionAvance"), scalar("tauxAvance"), acheteur, holder,
        decpList(m.considerationsSociales), decpList(m.considerationsEnvironnementales),
      ]);
    }
  }
  return { sheet, rows };
}
