/** Rows shared by the two dashboards: header block, indicator rows, sections. */
import type { Register } from "../register/types";
import type { IndicatorResult, Results } from "../indicators/types";
import { formatBreakdown, frNumber, frPercent } from "../indicators/format";
import { INDICATOR_BY_ID, Unit } from "../spaser/referential";
import { SheetBuilder, STATUS_COLOURS, wrappedHeight } from "./builder";
import type { PrintSetup, RangeRef } from "./plan";

export interface DashboardOptions {
  /** Date and time of the refresh. */
  now: Date;
  /** Where the register comes from, e.g. the workbook's file name. */
  source?: string;
}

/** Column positions of an indicator table. */
export interface Columns {
  id: number;
  label: number;
  value: number;
  num: number;
  den: number;
  step1?: number;
  step2?: number;
  /** The target of the current step, beside the status (TdB 2). */
  target?: number;
  status: number;
  bar: number;
  years?: number[];
  comment: number;
  last: number;
}

export const VALUE_STYLE: Record<Unit, string> = {
  percent: "percent",
  count: "countValue",
  euro: "euro",
  hours: "hours",
  days: "days",
  tco2e: "tco2e",
  number: "number",
  yesno: "text",
  breakdown: "countValue",
  text: "text",
};

/**
 * The style of a target cell in its indicator's unit (a rate's target as a percentage, 80 000 h as
 * hours: never a count read as a fraction), registered in the plan the first time it is used.
 */
export function targetStyle(b: SheetBuilder, unit: Unit, current: boolean): string {
  if (unit === "percent") return current ? "percentTargetCurrent" : "percentTarget";
  const name = `target_${unit}${current ? "_current" : ""}`;
  if (!b.plan.styles[name]) {
    const base = b.plan.styles[VALUE_STYLE[unit]] ?? b.plan.styles.countValue;
    const numFmt = base && base.numFmt && base.numFmt !== "@" ? base.numFmt : "#,##0.##";
    b.plan.styles[name] = { ...b.plan.styles.percentTarget, numFmt, ...(current ? { bold: true, fill: "#FFF6D5" } : {}) };
  }
  return name;
}

/** Ratios whose numerator and denominator are amounts in euros. */
const EURO_RATIOS = new Set(["A24.E1"]);

const YEAR_STYLE: Partial<Record<Unit, string>> = { percent: "yearPercent", count: "yearCount", breakdown: "yearCount", euro: "yearEuro" };

/** Date and time in Paris, e.g. "26/11/2026 à 20:15". */
export function frenchDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")}/${get("month")}/${get("year")} à ${get("hour")}:${get("minute")}`;
}

/**
 * Print setup of every sheet the tool writes: A4 landscape, one page wide, as many pages tall as
 * needed; the collectivité, the title and the refresh time in the header; page numbers below.
 */
export function a4Landscape(collectivite: string, title: string, now: Date, footerLeft: string, sideMargin = 0.5): PrintSetup {
  return {
    orientation: "landscape",
    paperSize: "A4",
    fitToWidth: 1,
    fitToHeight: 0,
    header: { left: collectivite || "SPASER", center: title, right: `Actualisé le ${frenchDateTime(now)}` },
    footer: { left: footerLeft, right: "Page &P / &N" },
    margins: { left: sideMargin, right: sideMargin, top: 0.75, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/** Status shown for an indicator: the target status, else Fait / À faire for yes/no, else Non renseigné for n/a. */
export function statusText(r: IndicatorResult): string {
  if (r.status) return r.status;
  if (r.value === null) return "Non renseigné";
  if (r.unit === "yesno") return r.value ? "Fait" : "À faire";
  return "";
}

/** The comment column: why n/a, what was left out, where the value comes from, the breakdown. */
export function commentText(r: IndicatorResult): string {
  const parts: string[] = [];
  if (r.value === null && r.reason) parts.push(capitalize(r.reason));
  if (r.breakdown) parts.push(formatBreakdown(r.breakdown));
  if (r.excluded) parts.push(`${r.excluded} contrat${r.excluded > 1 ? "s" : ""} écarté${r.excluded > 1 ? "s" : ""} faute de valeur connue`);
  if (r.source === "Saisies") parts.push(`Valeur saisie (feuille « Saisies »)${r.comment ? ` : ${r.comment}` : ""}`);
  else if (r.comment) parts.push(capitalize(r.comment));
  if (r.ids && r.ids.length) parts.push(`Marchés : ${r.ids.slice(0, 12).join(", ")}${r.ids.length > 12 ? ` … (${r.ids.length}, liste en fin de tableau)` : ""}`);
  return parts.join(". ");
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** The header block: collectivité, year, refresh, source register, and a key figure. */
export function headerBlock(b: SheetBuilder, reg: Register, res: Results, opts: DashboardOptions, lastCol: number, extra?: { label: string; value: number | null; style: string; text?: string }): void {
  const p = res.parameters;
  const src = reg.source;
  const rows: [string, string | number | null, string][] = [
    ["Collectivité", p.collectivite || "Non renseignée (paramètre « Collectivité »)", "infoValue"],
    ["Année de suivi", `${res.year} — ${res.contractsInYear} contrat${res.contractsInYear > 1 ? "s" : ""} notifié${res.contractsInYear > 1 ? "s" : ""}`, "infoValue"],
    ["Étape de déploiement", /^[ée]tape\s*\d/i.test(p.libelleEtape[res.etape - 1]) ? p.libelleEtape[res.etape - 1] : `${p.libelleEtape[res.etape - 1]} (étape ${res.etape})`, "infoValue"],
    ["Actualisé le", frenchDateTime(opts.now), "infoValue"],
    [
      "Registre source",
      `${opts.source ? `${opts.source}, ` : ""}feuille « ${src.sheet} »${src.table ? ` (tableau « ${src.table} »)` : ""} : ${src.rowsRead} ligne${src.rowsRead > 1 ? "s" : ""} lue${src.rowsRead > 1 ? "s" : ""}, ${src.rowsUsed} retenue${src.rowsUsed > 1 ? "s" : ""}, ${src.rowsRejected} rejetée${src.rowsRejected > 1 ? "s" : ""}, ${src.rowsMerged} fusionnée${src.rowsMerged > 1 ? "s" : ""} (co-titulaires)`,
      "infoValue",
    ],
  ];
  for (const [label, value, style] of rows) {
    const r = b.next();
    b.merged(r, 0, 1, label, "infoLabel");
    b.merged(r, 2, lastCol, value, style);
  }
  if (extra) {
    const r = b.next();
    b.merged(r, 0, 1, extra.label, "infoLabel");
    b.merged(r, 2, 3, extra.value ?? "—", extra.value === null ? "infoValue" : extra.style);
    if (extra.text) b.merged(r, 4, lastCol, extra.text, "infoValue");
    b.height(r, 18);
  }
  b.next();
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Writes one indicator row. Returns the row index. */
export function indicatorRow(b: SheetBuilder, cols: Columns, r: IndicatorResult, opts: { effect?: boolean; years?: number[]; etape?: 1 | 2; link?: string; sameAs?: string } = {}): number {
  const row = b.next();
  const def = INDICATOR_BY_ID.get(r.id);
  // The id links to the indicator's contracts in the « Détail des indicateurs » sheet.
  if (opts.link) b.plan.cells.push({ r: row, c: cols.id, value: r.id, style: "idLink", link: opts.link });
  else b.set(row, cols.id, r.id, "id");
  b.set(row, cols.label, r.label, opts.effect ? "labelEffect" : "label");
  if (opts.sameAs) return sameMeasureRow(b, cols, row, r, opts.sameAs);
  const value = cellValue(r, def?.yesNo);
  b.set(row, cols.value, value.value, value.style);
  // A numerator or denominator that is not a finite number is never shown (§2.6 "sums").
  const ratio = isFiniteNumber(r.numerator) && isFiniteNumber(r.denominator) && r.unit !== "number";
  // Ratios of amounts (A24.E1) are shown in thousands of euros so that they fit the column.
  const partStyle = EURO_RATIOS.has(r.id) ? "ratioKiloEuro" : "ratioPart";
  b.set(row, cols.num, ratio ? r.numerator! : null, partStyle);
  b.set(row, cols.den, ratio ? r.denominator! : null, partStyle);
  if (cols.step1 !== undefined && cols.step2 !== undefined) {
    const t = r.targets;
    b.set(row, cols.step1, t ? t[0] : null, targetStyle(b, r.unit, opts.etape === 1));
    b.set(row, cols.step2, t ? t[1] : null, targetStyle(b, r.unit, opts.etape === 2));
  }
  if (cols.target !== undefined) b.set(row, cols.target, r.target ?? null, targetStyle(b, r.unit, false));
  b.set(row, cols.status, statusText(r), "status");
  const showBar = r.unit === "percent" && isFiniteNumber(r.value);
  b.set(row, cols.bar, showBar ? Math.max(0, Math.min(1, r.value as number)) : null, "bar");
  if (cols.years && !opts.years) for (const c of cols.years) b.set(row, c, null, "yearBlank");
  if (cols.years && opts.years) {
    cols.years.forEach((c, i) => {
      const y = String(opts.years![i]);
      const v = r.series ? r.series[y] : undefined;
      if (v === undefined) b.set(row, c, null, "yearNumber");
      else if (v === null || (typeof v === "number" && !Number.isFinite(v))) b.set(row, c, "—", "na");
      else if (typeof v === "string") b.set(row, c, v, "text");
      else b.set(row, c, v, YEAR_STYLE[r.unit] ?? "yearNumber");
    });
  }
  const comment = commentText(r);
  b.set(row, cols.comment, comment, "comment");
  b.height(
    row,
    wrappedHeight([
      { text: r.label, width: b.plan.columnWidths[cols.label] - 2 },
      { text: comment, width: b.plan.columnWidths[cols.comment], size: 9 },
      { text: typeof value.value === "string" ? value.value : "", width: b.plan.columnWidths[cols.value] },
    ]),
  );
  return row;
}

/**
 * A row that repeats another indicator's measure (the SPASER cites it under several actions): the
 * figure is shown once, on the other's row; this one says « même mesure que … ».
 */
function sameMeasureRow(b: SheetBuilder, cols: Columns, row: number, r: IndicatorResult, sameAs: string): number {
  b.set(row, cols.value, `voir ${sameAs}`, "na");
  for (const c of [cols.num, cols.den, cols.step1, cols.step2, cols.target, cols.status, cols.bar]) if (c !== undefined) b.set(row, c, null, c === cols.bar ? "bar" : c === cols.status ? "status" : "ratioPart");
  if (cols.years) for (const c of cols.years) b.set(row, c, null, "yearBlank");
  const comment = `Même mesure que ${sameAs} : le chiffre n'est montré qu'une fois, sur la ligne ${sameAs}.`;
  b.set(row, cols.comment, comment, "comment");
  b.height(row, wrappedHeight([{ text: r.label, width: b.plan.columnWidths[cols.label] - 2 }, { text: comment, width: b.plan.columnWidths[cols.comment], size: 9 }]));
  return row;
}

/** The value cell: a number with the unit's format, a word for yes/no, "—" when n/a. */
export function cellValue(r: IndicatorResult, yesNo?: readonly [string, string]): { value: string | number; style: string } {
  if (r.value === null || (typeof r.value === "number" && !Number.isFinite(r.value))) return { value: "—", style: "na" };
  if (typeof r.value === "string") return { value: r.value, style: "text" };
  if (r.unit === "yesno") return { value: r.value ? (yesNo ?? ["Oui", "Non"])[0] : (yesNo ?? ["Oui", "Non"])[1], style: "text" };
  return { value: r.value, style: VALUE_STYLE[r.unit] };
}

/** A data bar over the bar column and status colours over the status column, for rows r1..r2. */
export function tableFormats(b: SheetBuilder, cols: Columns, r1: number, r2: number): void {
  if (r2 < r1) return;
  const bar: RangeRef = { r1, c1: cols.bar, r2, c2: cols.bar };
  b.cf({ type: "dataBar", range: bar, color: "#5B9BD5", min: 0, max: 1 });
  b.cf({ type: "textEquals", range: { r1, c1: cols.status, r2, c2: cols.status }, rules: STATUS_COLOURS });
}

export function columnHeader(b: SheetBuilder, cols: Columns, valueTitle: string, etape?: 1 | 2, years?: number[], stepLabels?: [string, string]): number {
  const r = b.next();
  const set = (c: number | undefined, text: string, style = "colHeader") => {
    if (c !== undefined) b.set(r, c, text, style);
  };
  set(cols.id, "N°");
  set(cols.label, "Indicateur", "colHeaderLeft");
  set(cols.value, valueTitle);
  set(cols.num, "Numérateur");
  set(cols.den, "Dénominateur");
  if (cols.step1 !== undefined) set(cols.step1, `Cible ${stepLabels?.[0] ?? "étape 1"}${etape === 1 ? " (en cours)" : ""}`, etape === 1 ? "colHeaderCurrent" : "colHeader");
  if (cols.step2 !== undefined) set(cols.step2, `Cible ${stepLabels?.[1] ?? "étape 2"}${etape === 2 ? " (en cours)" : ""}`, etape === 2 ? "colHeaderCurrent" : "colHeader");
  if (cols.target !== undefined) set(cols.target, etape ? `Cible ${stepLabels?.[etape - 1] ?? `étape ${etape}`}` : "Cible");
  set(cols.status, "Statut");
  set(cols.bar, "Progression");
  if (cols.years && years) cols.years.forEach((c, i) => set(c, String(years[i])));
  set(cols.comment, "Commentaire", "colHeaderLeft");
  const texts = b.plan.cells.filter((x) => x.r === r && typeof x.value === "string").map((x) => ({ text: String(x.value), width: b.plan.columnWidths[x.c] - 1 }));
  b.height(r, Math.max(30, wrappedHeight(texts)));
  return r;
}

export function sectionRow(b: SheetBuilder, lastCol: number, text: string, style = "section", height = 20): number {
  const r = b.next();
  b.merged(r, 0, lastCol, text, style);
  b.height(r, height);
  return r;
}

/** A reading note at the foot of a sheet, across the whole width. */
export function legendRow(b: SheetBuilder, lastCol: number, text: string, height = 28): number {
  const r = b.next();
  b.merged(r, 0, lastCol, text, "legend");
  b.height(r, height);
  return r;
}

/** An action's title row (n°, title, pilot). */
export function actionRow(b: SheetBuilder, cols: Columns, n: number, title: string, pilot: string): number {
  const r = b.next();
  b.set(r, cols.id, `Action ${n}`, "actionNo");
  b.merged(r, cols.label, cols.comment - 1, title, "actionTitle");
  b.set(r, cols.comment, `Pilote : ${pilot}`, "pilot");
  let width = 0;
  for (let c = cols.label; c < cols.comment; c++) width += b.plan.columnWidths[c];
  b.height(r, wrappedHeight([{ text: title, width: width - 2 }, { text: `Pilote : ${pilot}`, width: b.plan.columnWidths[cols.comment] }], 17));
  return r;
}

export { frNumber, frPercent };
