/**
 * The sheet « Détail des indicateurs » (docs/methodologie.md): for each rate and count of both dashboards, the
 * contracts behind it — N° marché, Objet, Montant, and their role (numérateur, dénominateur seul,
 * écarté and why, compté). Every indicator row of TdB 1 and TdB 2 links to its block here.
 * Bounded so that a large register still prints and still fits the add-in's requests: at most
 * MAX_ROWS_PER_INDICATOR contracts per indicator (the full lists: `spaser indicators --detail`
 * and =SPASER.CONTRATS).
 */
import type { Contract, Register } from "../register/types";
import type { IndicatorDetail, IndicatorResult, Results } from "../indicators/types";
import { contractNote, frNumber, formatValue, ownValuesText } from "../indicators/format";
import { isSortedIds } from "../indicators/accumulators";
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

/** How many lines an indicator's block would list in full: one per contract (per pair for A1.E1). */
function lineCount(d: IndicatorDetail): number {
  if (d.rows) return d.rows.length;
  if (d.numerator || d.denominator) return (d.denominator?.length ?? 0) + (d.excluded?.length ?? 0);
  return d.counted?.length ?? 0;
}

/**
 * The first `max` lines of one indicator: numerator, then denominator only, then left out; or
 * counted. Built only up to `max` (a register of 200,000 contracts has lists of 200,000 lines, of
 * which the sheet keeps MAX_ROWS_PER_INDICATOR).
 */
export function firstLines(d: IndicatorDetail, max: number): Line[] {
  // Indicators over the Insertion and Activités sheets list their rows (`Insertion!12`).
  if (d.rows) return d.rows.slice(0, max).map((x) => ({ id: x.ref, role: x.role }));
  const out: Line[] = [];
  if (d.numerator || d.denominator) {
    // One entry per contract, or per pair for A1.E1 (a contract may appear for several actions):
    // each id of the denominator is in the numerator as many times as the numerator holds it.
    const numerator = d.numerator ?? [];
    const denominator = d.denominator ?? [];
    const inNum: Line[] = [];
    const denOnly: Line[] = [];
    const take = (id: string, inNumerator: boolean): boolean => {
      if (inNumerator) {
        if (inNum.length < max) inNum.push({ id, role: "numérateur" });
      } else if (denOnly.length < max) denOnly.push({ id, role: "dénominateur seul" });
      else if (inNum.length >= max) return false;
      return true;
    };
    if (isSortedIds(numerator) && isSortedIds(denominator)) {
      // Both sorted (as the engine gives them): walked side by side, only as far as the lines kept.
      let j = 0;
      for (const id of denominator) {
        while (j < numerator.length && numerator[j] < id) j++;
        const found = j < numerator.length && numerator[j] === id;
        if (found) j++;
        if (!take(id, found)) break;
      }
    } else {
      const num = new Map<string, number>();
      for (const id of numerator) num.set(id, (num.get(id) ?? 0) + 1);
      for (const id of denominator) {
        const n = num.get(id) ?? 0;
        if (n > 0) num.set(id, n - 1);
        if (!take(id, n > 0)) break;
      }
    }
    for (const l of inNum) out.push(l);
    for (const l of denOnly) if (out.length < max) out.push(l);
    for (const e of d.excluded ?? []) {
      if (out.length >= max) break;
      out.push({ id: e.id, role: `écarté : ${e.reason}` });
    }
  } else for (const id of d.counted ?? []) {
    if (out.length >= max) break;
    out.push({ id, role: "compté" });
  }
  return out;
}

/** Entries of each list a detail's hash reads: evenly spaced, first and last included. */
const HASH_SAMPLE = 64;

/**
 * A hash of the lists behind a figure (FNV-1a over their lengths and a sample of their entries), to
 * find indicators that may share them; sameDetail then compares them in full.
 */
function detailHash(d: IndicatorDetail): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  };
  const sample = <T>(tag: string, xs: readonly T[] | undefined, each: (x: T) => void) => {
    mix(tag);
    if (!xs) return;
    if (xs.length <= HASH_SAMPLE) for (const x of xs) each(x);
    else for (let k = 0; k < HASH_SAMPLE; k++) each(xs[Math.floor((k * (xs.length - 1)) / (HASH_SAMPLE - 1))]);
  };
  sample("n", d.numerator, mix);
  sample("d", d.denominator, mix);
  sample("e", d.excluded, (e) => {
    mix(e.id);
    mix(e.reason);
  });
  sample("c", d.counted, mix);
  sample("r", d.rows, (r) => {
    mix(r.ref);
    mix(r.role);
  });
  const sizes = [d.numerator, d.denominator, d.excluded, d.counted, d.rows].map((x) => (x ? x.length : -1)).join(",");
  return `${(h >>> 0).toString(36)}:${sizes}`;
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, eq: (x: T, y: T) => boolean): boolean {
  if (!a || !b) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
  return true;
}

/** Whether two indicators list the same contracts in the same roles. */
function sameDetail(a: IndicatorDetail, b: IndicatorDetail): boolean {
  const str = (x: string, y: string) => x === y;
  return (
    sameList(a.numerator, b.numerator, str) &&
    sameList(a.denominator, b.denominator, str) &&
    sameList(a.counted, b.counted, str) &&
    sameList(a.rows, b.rows, (x, y) => x.ref === y.ref && x.role === y.role) &&
    sameList(a.excluded, b.excluded, (x, y) => x.id === y.id && x.reason === y.reason)
  );
}

function summary(r: IndicatorResult): string {
  const v = formatValue(r);
  const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);
  const ratio = finite(r.numerator) && finite(r.denominator) ? ` (${frNumber(r.numerator, Number.isInteger(r.numerator) ? 0 : 2)} / ${frNumber(r.denominator, Number.isInteger(r.denominator) ? 0 : 2)})` : "";
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
  // Two indicators with the same contracts in the same roles (T1 and A24.R3…) share one block:
  // indicators are grouped by the lists behind them (a hash, then an exact comparison).
  const groups = new Map<string, { detail: IndicatorDetail; ids: string[]; anchor: string | null }[]>();
  const groupOf = new Map<string, { detail: IndicatorDetail; ids: string[]; anchor: string | null }>();
  for (const o of res.definitions) {
    const d = res.indicators[o.id]?.detail;
    if (!d || o.sameAs) continue;
    const h = detailHash(d);
    let list = groups.get(h);
    if (!list) groups.set(h, (list = []));
    let g = list.find((x) => sameDetail(x.detail, d));
    if (!g) list.push((g = { detail: d, ids: [], anchor: null }));
    g.ids.push(o.id);
    groupOf.set(o.id, g);
  }
  for (const def of res.definitions) {
    const r = res.indicators[def.id];
    if (!r || def.sameAs || !r.detail) continue;
    const total = lineCount(r.detail);
    const group = groupOf.get(def.id)!;
    if (total > 0 && group.anchor) {
      anchors.set(def.id, group.anchor);
      continue;
    }
    b.next();
    const top = b.next();
    anchors.set(def.id, `${sheetRef(b.plan.name)}!A${top + 1}`);
    group.anchor = `${sheetRef(b.plan.name)}!A${top + 1}`;
    const sharing = group.ids.filter((id) => id !== def.id);
    b.set(top, C.id, def.id, "block");
    b.merged(top, C.marche, C.role, r.label, "block");
    b.height(top, wrappedHeight([{ text: r.label, width: WIDTHS[1] + WIDTHS[2] + WIDTHS[3] + WIDTHS[4] - 4 }], 18));
    const v = b.next();
    const line = `${def.alert ? "Alerte à vérifier — " : ""}Valeur ${res.year} : ${summary(r)} — ${total} ligne${total > 1 ? "s" : ""}${sharing.length ? ` — mêmes contrats pour ${sharing.join(", ")}` : ""}`;
    b.merged(v, C.id, C.role, line, "blockValue");
    b.height(v, wrappedHeight([{ text: line, width: WIDTHS.reduce((a, x) => a + x, 0) - 4 }], 15));
    if (total === 0) {
      const e = b.next();
      b.merged(e, C.marche, C.role, "Aucun contrat.", "dMore");
      continue;
    }
    const lines = firstLines(r.detail, MAX_ROWS_PER_INDICATOR);
    for (const l of lines) {
      const row = b.next();
      const c = byId.get(l.id);
      b.set(row, C.id, def.id, "dId");
      b.set(row, C.marche, l.id, "dMarche");
      const note = c ? contractNote(c) : null;
      b.set(row, C.objet, note ? `${c?.objet ?? ""} — ${note}` : (c?.objet ?? ""), "dText");
      b.set(row, C.montant, c?.montant ?? null, "dEuro");
      // The values of the register's own columns the indicator reads (SPEC §8.1), after its role.
      const own = ownValuesText(reg, res, def.id, c);
      b.set(row, C.role, own ? `${l.role} — ${own}` : l.role, l.role === "numérateur" ? "dRoleNum" : "dRole");
      b.height(row, ROW_HEIGHT);
    }
    if (total > MAX_ROWS_PER_INDICATOR) {
      const more = b.next();
      b.merged(
        more,
        C.marche,
        C.role,
        `… et ${frNumber(total - MAX_ROWS_PER_INDICATOR)} autres lignes : la liste complète est donnée par =SPASER.CONTRATS("${def.id}") dans le classeur, ou par « spaser indicators FICHIER --detail --json ».`,
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
