/**
 * The sheet « Détail des indicateurs » (docs/methodologie.md): for each rate and count of both dashboards, the
 * contracts behind it — N° marché, Objet, Montant, and their role (numérateur, dénominateur seul,
 * écarté and why, compté). Every indicator row of TdB 1 and TdB 2 links to its block here.
 * Bounded so that a large register still prints and still fits the add-in's requests: at most
 * MAX_ROWS_PER_INDICATOR contracts per indicator (the full lists: `spaser indicators --detail`
 * and =SPASER.CONTRATS).
 */
import type { Contract, Register } from "../register/types";
import type { IndicatorResult, Results } from "../indicators/types";
import { frNumber } from "../indicators/format";
import { formatValue } from "../indicators/format";
import { PALETTE, SheetBuilder, wrappedHeight } from "./builder";
import type { SheetPlan } from "./plan";
import { a4Landscape, DashboardOptions, legendRow } from "./rows";
import { sheetRef } from "../register/issues";

export const DETAIL_NAME = "Détail des indicateurs";
export const DETAIL_TITLE = "Détail des indicateurs — les contrats derrière chaque chiffre";

/** Contracts listed per indicator at most; the block says how many more there are. */
export const MAX_ROWS_PER_INDICATOR = 500;

const C = { id: 0, marche: 1, objet: 2, montant: 3, role: 4 };
const WIDTHS = [8, 16, 48, 12, 42];
/** Compact rows (8-point text, one line each) so that the lists print on few pages. */
const ROW_HEIGHT = 11.5;

/** Where each indicator's block starts: A1 references for the dashboards' links. */
export type DetailAnchors = Map<string, string>;

interface Line {
  id: string;
  role: string;
}

/** The lines of one indicator: numerator, then denominator only, then left out; or counted. */
function linesOf(r: IndicatorResult): Line[] | null {
  const d = r.detail;
  if (!d) return null;
  // Indicators over the Insertion and Activités sheets list their rows (`Insertion!12`).
  if (d.rows) return d.rows.map((x) => ({ id: x.ref, role: x.role }));
  const out: Line[] = [];
  if (d.numerator || d.denominator) {
    // One entry per contract, or per pair for A1.E1 (a contract may appear for several actions).
    const num = new Map<string, number>();
    for (const id of d.numerator ?? []) num.set(id, (num.get(id) ?? 0) + 1);
    const inNum: Line[] = [];
    const denOnly: Line[] = [];
    for (const id of d.denominator ?? []) {
      const n = num.get(id) ?? 0;
      if (n > 0) {
        inNum.push({ id, role: "numérateur" });
        num.set(id, n - 1);
      } else denOnly.push({ id, role: "dénominateur seul" });
    }
    out.push(...inNum, ...denOnly);
    for (const e of d.excluded ?? []) out.push({ id: e.id, role: `écarté : ${e.reason}` });
  } else for (const id of d.counted ?? []) out.push({ id, role: "compté" });
  return out;
}

function summary(r: IndicatorResult): string {
  const v = formatValue(r);
  const ratio = r.numerator !== undefined && r.numerator !== null && r.denominator !== undefined && r.denominator !== null ? ` (${frNumber(r.numerator, Number.isInteger(r.numerator) ? 0 : 2)} / ${frNumber(r.denominator, Number.isInteger(r.denominator) ? 0 : 2)})` : "";
  return r.value === null ? `non disponible : ${r.reason ?? ""}` : `${v}${ratio}`;
}

/**
 * Builds the detail sheet for the indicators shown on the dashboards, in their order, and the
 * anchors of their blocks. Indicators without a drill-down (side tables, typed values) are left out.
 */
export function buildDetail(reg: Register, res: Results, opts: DashboardOptions): { plan: SheetPlan; anchors: DetailAnchors } {
  const p = res.parameters;
  const b = new SheetBuilder(DETAIL_NAME, "detail", WIDTHS, { ...a4Landscape(p.collectivite, `Détail des indicateurs — ${res.year}`, opts.now, "SPASER — comité annuel des achats durables (CAD)", 0.4), orientation: "portrait" });
  b.plan.tabColor = "#7F7F7F";
  Object.assign(b.plan.styles, {
    block: { bold: true, color: PALETTE.white, fill: PALETTE.blue, vAlign: "middle", wrap: true, numFmt: "@", indent: 1 },
    blockValue: { italic: true, color: PALETTE.navy, fill: PALETTE.lightBlue, wrap: true, vAlign: "top", numFmt: "@", indent: 1 },
    dId: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", size: 8, color: PALETTE.darkGrey, align: "center" },
    dMarche: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", bold: true, size: 8 },
    dText: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", size: 8 },
    dEuro: { vAlign: "top", border: PALETTE.midGrey, numFmt: '#,##0 "€"', align: "right", size: 8 },
    dRole: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", size: 8 },
    dRoleNum: { vAlign: "top", border: PALETTE.midGrey, numFmt: "@", size: 8, bold: true, color: PALETTE.greenText },
    dMore: { italic: true, vAlign: "top", numFmt: "@", wrap: true, color: PALETTE.darkGrey },
  });
  const t = b.next();
  b.merged(t, 0, C.role, DETAIL_TITLE, "title");
  b.height(t, 28);
  const s = b.next();
  b.merged(s, 0, C.role, `${p.collectivite ? `${p.collectivite} — ` : ""}Année ${res.year}${res.entity ? ` — ${res.entity}` : ""} — contrats notifiés dans l'année`, "subtitle");
  b.next();
  const header = b.next();
  ["Id", "N° marché", "Objet", "Montant HT", "Rôle dans le calcul"].forEach((h, c) => b.set(header, c, h, c === C.objet || c === C.role ? "colHeaderLeft" : "colHeader"));
  b.height(header, 20);
  b.plan.freeze = { rows: header + 1, cols: 0 };
  b.plan.print.titleRows = [header, header];

  const byId = new Map<string, Contract>();
  for (const c of reg.contracts) byId.set(c.id, c);
  const anchors: DetailAnchors = new Map();
  // Two indicators with the same contracts in the same roles (T1 and A24.R3…) share one block.
  const blocks = new Map<string, { anchor: string; id: string }>();
  // Each indicator's lists as a key, computed once: which indicators share the same contracts.
  const keyOf = new Map<string, string>();
  const idsOfKey = new Map<string, string[]>();
  for (const o of res.definitions) {
    const r = res.indicators[o.id];
    if (!r || o.sameAs) continue;
    const lines = linesOf(r);
    if (!lines) continue;
    const k = JSON.stringify(lines);
    keyOf.set(o.id, k);
    let ids = idsOfKey.get(k);
    if (!ids) idsOfKey.set(k, (ids = []));
    ids.push(o.id);
  }
  for (const def of res.definitions) {
    const r = res.indicators[def.id];
    if (!r || def.sameAs) continue;
    const lines = linesOf(r);
    if (!lines) continue;
    const key = keyOf.get(def.id) as string;
    const same = lines.length > 0 ? blocks.get(key) : undefined;
    if (same) {
      anchors.set(def.id, same.anchor);
      continue;
    }
    b.next();
    const top = b.next();
    anchors.set(def.id, `${sheetRef(b.plan.name)}!A${top + 1}`);
    blocks.set(key, { anchor: `${sheetRef(b.plan.name)}!A${top + 1}`, id: def.id });
    const sharing = (idsOfKey.get(key) ?? []).filter((id) => id !== def.id);
    b.set(top, C.id, def.id, "block");
    b.merged(top, C.marche, C.role, r.label, "block");
    b.height(top, wrappedHeight([{ text: r.label, width: WIDTHS[1] + WIDTHS[2] + WIDTHS[3] + WIDTHS[4] - 4 }], 18));
    const v = b.next();
    const line = `${def.alert ? "Alerte à vérifier — " : ""}Valeur ${res.year} : ${summary(r)} — ${lines.length} ligne${lines.length > 1 ? "s" : ""}${sharing.length ? ` — mêmes contrats pour ${sharing.join(", ")}` : ""}`;
    b.merged(v, C.id, C.role, line, "blockValue");
    b.height(v, wrappedHeight([{ text: line, width: WIDTHS.reduce((a, x) => a + x, 0) - 4 }], 15));
    if (lines.length === 0) {
      const e = b.next();
      b.merged(e, C.marche, C.role, "Aucun contrat.", "dMore");
      continue;
    }
    for (const l of lines.slice(0, MAX_ROWS_PER_INDICATOR)) {
      const row = b.next();
      const c = byId.get(l.id);
      b.set(row, C.id, def.id, "dId");
      b.set(row, C.marche, l.id, "dMarche");
      b.set(row, C.objet, c?.objet ?? "", "dText");
      b.set(row, C.montant, c?.montant ?? null, "dEuro");
      b.set(row, C.role, l.role, l.role === "numérateur" ? "dRoleNum" : "dRole");
      b.height(row, ROW_HEIGHT);
    }
    if (lines.length > MAX_ROWS_PER_INDICATOR) {
      const more = b.next();
      b.merged(
        more,
        C.marche,
        C.role,
        `… et ${frNumber(lines.length - MAX_ROWS_PER_INDICATOR)} autres lignes : la liste complète est donnée par =SPASER.CONTRATS("${def.id}") dans le classeur, ou par « spaser indicators FICHIER --detail --json ».`,
        "dMore",
      );
      b.height(more, 28);
    }
  }
  b.next();
  legendRow(
    b,
    C.role,
    "Rôle : « numérateur » = le contrat est compté au numérateur (et au dénominateur) ; « dénominateur seul » = compté au dénominateur seulement ; « écarté » = contrat de la population laissé hors du calcul parce qu'une valeur nécessaire est inconnue (la colonne est nommée) ; « compté » = contrat retenu dans un nombre, une somme, une moyenne ou une répartition. " +
      "Pour A1.E1, chaque ligne est un couple (contrat, action ciblée). Les N° marché sont ceux du registre. Définitions : docs/methodologie.md.",
    40,
  );
  return { plan: b.plan, anchors };
}
