/** A small helper to lay out a SheetPlan row by row. */
import type { CellStyle, ChartSpec, ConditionalFormat, Merge, PlanValue, PrintSetup, SheetPlan } from "./plan";
import { validSheetName } from "./plan";

export const PALETTE = {
  navy: "#1F3864",
  blue: "#2F5496",
  lightBlue: "#D9E2F3",
  paleBlue: "#EEF3FA",
  grey: "#F2F2F2",
  midGrey: "#BFBFBF",
  darkGrey: "#595959",
  text: "#1A1A1A",
  white: "#FFFFFF",
  green: "#C6EFCE",
  greenText: "#006100",
  orange: "#FFEB9C",
  orangeText: "#7F6000",
  red: "#FFC7CE",
  redText: "#9C0006",
  bar: "#5B9BD5",
};

/** Styles shared by the dashboards; keys are referenced by PlanCell.style. */
export const BASE_STYLES: Record<string, CellStyle> = {
  title: { bold: true, size: 16, color: PALETTE.white, fill: PALETTE.navy, vAlign: "middle", indent: 1 },
  subtitle: { italic: true, size: 11, color: PALETTE.navy, vAlign: "middle", indent: 1 },
  infoLabel: { bold: true, color: PALETTE.darkGrey, align: "left", vAlign: "top" },
  infoValue: { color: PALETTE.text, align: "left", vAlign: "top", wrap: true, numFmt: "@" },
  infoPercent: { bold: true, size: 12, color: PALETTE.navy, align: "left", numFmt: "0.0 %" },
  colHeader: { bold: true, color: PALETTE.white, fill: PALETTE.blue, align: "center", vAlign: "middle", wrap: true, border: PALETTE.midGrey },
  colHeaderLeft: { bold: true, color: PALETTE.white, fill: PALETTE.blue, align: "left", vAlign: "middle", wrap: true, border: PALETTE.midGrey },
  colHeaderCurrent: { bold: true, color: PALETTE.navy, fill: PALETTE.orange, align: "center", vAlign: "middle", wrap: true, border: PALETTE.midGrey },
  section: { bold: true, size: 12, color: PALETTE.white, fill: PALETTE.navy, vAlign: "middle", indent: 1 },
  objective: { bold: true, size: 11, color: PALETTE.navy, fill: PALETTE.lightBlue, vAlign: "middle", indent: 1, borderBottom: PALETTE.blue },
  actionNo: { bold: true, color: PALETTE.navy, fill: PALETTE.paleBlue, align: "center", vAlign: "top", border: PALETTE.midGrey },
  actionTitle: { bold: true, color: PALETTE.navy, fill: PALETTE.paleBlue, vAlign: "top", wrap: true, border: PALETTE.midGrey, numFmt: "@" },
  pilot: { italic: true, color: PALETTE.darkGrey, fill: PALETTE.paleBlue, vAlign: "top", wrap: true, border: PALETTE.midGrey, numFmt: "@" },
  id: { color: PALETTE.darkGrey, align: "center", vAlign: "top", border: PALETTE.midGrey, size: 9 },
  idLink: { color: "#0563C1", underline: true, align: "center", vAlign: "top", border: PALETTE.midGrey, size: 9 },
  label: { vAlign: "top", wrap: true, indent: 1, border: PALETTE.midGrey },
  labelEffect: { vAlign: "top", wrap: true, indent: 2, italic: true, border: PALETTE.midGrey },
  text: { vAlign: "top", align: "center", wrap: true, border: PALETTE.midGrey, numFmt: "@" },
  na: { vAlign: "top", align: "center", color: PALETTE.darkGrey, border: PALETTE.midGrey, numFmt: "@" },
  count: { vAlign: "top", align: "right", numFmt: "#,##0", border: PALETTE.midGrey },
  ratioKiloEuro: { vAlign: "top", align: "right", numFmt: '#,##0," k€"', border: PALETTE.midGrey, color: PALETTE.darkGrey, size: 9 },
  ratioPart: { vAlign: "top", align: "right", numFmt: "#,##0.##", border: PALETTE.midGrey, color: PALETTE.darkGrey },
  percent: { vAlign: "top", align: "right", numFmt: "0.0 %", border: PALETTE.midGrey, bold: true },
  percentTarget: { vAlign: "top", align: "right", numFmt: "0 %", border: PALETTE.midGrey },
  percentTargetCurrent: { vAlign: "top", align: "right", numFmt: "0 %", border: PALETTE.midGrey, bold: true, fill: "#FFF6D5" },
  euro: { vAlign: "top", align: "right", numFmt: '#,##0 "€"', border: PALETTE.midGrey, bold: true },
  hours: { vAlign: "top", align: "right", numFmt: '#,##0 "h"', border: PALETTE.midGrey, bold: true },
  days: { vAlign: "top", align: "right", numFmt: '#,##0.0 "j"', border: PALETTE.midGrey, bold: true },
  tco2e: { vAlign: "top", align: "right", numFmt: '#,##0.0 "tCO2e"', border: PALETTE.midGrey, bold: true },
  number: { vAlign: "top", align: "right", numFmt: "#,##0.00", border: PALETTE.midGrey, bold: true },
  countValue: { vAlign: "top", align: "right", numFmt: "#,##0", border: PALETTE.midGrey, bold: true },
  yearPercent: { vAlign: "top", align: "right", numFmt: "0.0 %", border: PALETTE.midGrey },
  yearNumber: { vAlign: "top", align: "right", numFmt: "#,##0.00", border: PALETTE.midGrey },
  yearCount: { vAlign: "top", align: "right", numFmt: "#,##0", border: PALETTE.midGrey },
  yearBlank: { fill: PALETTE.grey, border: PALETTE.midGrey },
  yearEuro: { vAlign: "top", align: "right", numFmt: '#,##0 "€"', border: PALETTE.midGrey },
  status: { vAlign: "top", align: "center", border: PALETTE.midGrey, numFmt: "@" },
  bar: { vAlign: "top", numFmt: ";;;", border: PALETTE.midGrey },
  comment: { vAlign: "top", wrap: true, size: 9, color: PALETTE.darkGrey, border: PALETTE.midGrey, numFmt: "@" },
  alertLabel: { bold: true, vAlign: "top", wrap: true, color: PALETTE.redText, border: PALETTE.midGrey, numFmt: "@" },
  alertId: { vAlign: "top", align: "left", border: PALETTE.midGrey, numFmt: "@", size: 9 },
  /** A consultation still in progress (C7.1–C7.3): encore corrigeable, shown first, in bold on the « En cours » colour. */
  alertIdInProgress: { vAlign: "top", align: "left", border: PALETTE.midGrey, numFmt: "@", size: 9, bold: true, fill: PALETTE.orange, color: PALETTE.orangeText },
  legend: { italic: true, size: 9, color: PALETTE.darkGrey, wrap: true, vAlign: "top", numFmt: "@" },
};

export const STATUS_COLOURS = [
  { text: "Atteint", fill: PALETTE.green, color: PALETTE.greenText },
  { text: "Fait", fill: PALETTE.green, color: PALETTE.greenText },
  { text: "En cours", fill: PALETTE.orange, color: PALETTE.orangeText },
  { text: "À faire", fill: PALETTE.red, color: PALETTE.redText },
  { text: "Non renseigné", fill: PALETTE.grey, color: PALETTE.darkGrey },
];

export class SheetBuilder {
  readonly plan: SheetPlan;
  row = 0;

  constructor(name: string, kind: SheetPlan["kind"], columnWidths: number[], print: PrintSetup) {
    this.plan = {
      name: validSheetName(name),
      kind,
      columnWidths,
      rowHeights: {},
      styles: { ...BASE_STYLES },
      cells: [],
      merges: [],
      conditionalFormats: [],
      charts: [],
      print,
      rowCount: 0,
      colCount: columnWidths.length,
      showGridLines: false,
    };
  }

  set(r: number, c: number, value: PlanValue, style?: string): void {
    this.plan.cells.push(style ? { r, c, value, style } : { r, c, value });
    if (r + 1 > this.plan.rowCount) this.plan.rowCount = r + 1;
  }

  /** Writes a value in a range merged over columns c1..c2 of row r (style applied to every cell). */
  merged(r: number, c1: number, c2: number, value: PlanValue, style?: string): void {
    this.set(r, c1, value, style);
    for (let c = c1 + 1; c <= c2; c++) this.set(r, c, null, style);
    if (c2 > c1) this.merge({ r1: r, c1, r2: r, c2 });
  }

  merge(m: Merge): void {
    this.plan.merges.push(m);
  }

  height(r: number, points: number): void {
    this.plan.rowHeights[r] = points;
  }

  cf(f: ConditionalFormat): void {
    this.plan.conditionalFormats.push(f);
  }

  chart(c: ChartSpec): void {
    this.plan.charts.push(c);
  }

  next(): number {
    return this.row++;
  }
}

/** Estimated height of a row whose wrapped texts sit in columns of the given widths (points). */
export function wrappedHeight(texts: { text: string; width: number; size?: number }[], min = 15): number {
  let height = 0;
  for (const t of texts) {
    if (!t.text) continue;
    const factor = (t.size ?? 10) / 10;
    // A column width counts "0" characters of the default font; average French text is narrower.
    const perLine = Math.max(4, Math.floor((t.width * 1.25) / factor) - 1);
    let n = 0;
    for (const para of t.text.split("\n")) n += wrappedLines(para, perLine);
    height = Math.max(height, n * (1.25 * (t.size ?? 10) + 0.5) + 3);
  }
  return Math.max(min, Math.ceil(height));
}

/** Lines a paragraph takes when wrapped at word boundaries within perLine characters. */
function wrappedLines(text: string, perLine: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const len = word.length;
    if (used === 0) used = len;
    else if (used + 1 + len <= perLine) used += 1 + len;
    else {
      lines++;
      used = len;
    }
    while (used > perLine) {
      lines++;
      used -= perLine;
    }
  }
  return lines;
}
