/** French display of indicator values (command line text, task pane, comments). */
import type { Unit } from "../spaser/referential";
import type { OwnColumn } from "../register/own-columns";
import type { Contract, DateValue, Register } from "../register/types";
import { formatDate } from "../register/values";
import type { IndicatorResult, ReferentialInfo, Results } from "./types";

const nbsp = " ";

export function frNumber(n: number, decimals = 0): string {
  const s = n.toFixed(decimals);
  const [int, frac] = s.split(".");
  const neg = int.startsWith("-");
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, nbsp);
  return (neg ? "-" : "") + grouped + (frac ? "," + frac : "");
}

/**
 * What the detail of a figure says of a contract besides its objet: the amount after its
 * modifications when they changed it (the figures count the amount at notification, SPEC §11).
 */
export function contractNote(c: { montant: number | null; montantModifie?: number | null }): string | null {
  const m = c.montantModifie;
  if (m === null || m === undefined || m === c.montant) return null;
  return `montant après modifications : ${frNumber(m, Number.isInteger(m) ? 0 : 2)} € HT (compté : ${c.montant === null ? "inconnu" : `${frNumber(c.montant, Number.isInteger(c.montant) ? 0 : 2)} € HT à la notification`})`;
}

export function frPercent(v: number, decimals = 1): string {
  return `${frNumber(v * 100, decimals)} %`;
}

/** An indicator's value as a French reader expects it; "—" when n/a. */
export function formatValue(r: Pick<IndicatorResult, "value" | "unit" | "breakdown">, yesNo?: readonly [string, string]): string {
  const v = r.value;
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  switch (r.unit) {
    case "percent":
      return frPercent(v);
    case "euro":
      return `${frNumber(v)} € HT`;
    case "hours":
      return `${frNumber(v, Number.isInteger(v) ? 0 : 1)} h`;
    case "days":
      return `${frNumber(v, Number.isInteger(v) ? 0 : 1)} j`;
    case "tco2e":
      return `${frNumber(v, Number.isInteger(v) ? 0 : 1)} tCO2e`;
    case "yesno":
      return yesNo ? (v ? yesNo[0] : yesNo[1]) : v ? "Oui" : "Non";
    case "count":
      return frNumber(v);
    case "breakdown":
      return r.breakdown ? formatBreakdown(r.breakdown) : frNumber(v);
    default:
      return frNumber(v, Number.isInteger(v) ? 0 : 2);
  }
}

/**
 * A target in its indicator's unit: « 30,0 % » for a rate, « 80 000 h » for hours, « 12 » for a
 * count (never a count read as a fraction: « 8 000 000,0 % »); "—" when there is none.
 */
export function formatTarget(t: number | null | undefined, unit: Unit): string {
  if (t === null || t === undefined) return "—";
  if (unit === "yesno" || unit === "breakdown" || unit === "text") return frNumber(t, Number.isInteger(t) ? 0 : 2);
  return formatValue({ value: t, unit });
}

/** A value with its counts: « 33,3 % (1/3) », or the value alone when it has none. */
export function formatWithCounts(r: Pick<IndicatorResult, "value" | "unit" | "breakdown" | "numerator" | "denominator">): string {
  const v = formatValue(r);
  if (r.value === null || r.numerator === undefined || r.numerator === null || r.denominator === undefined || r.denominator === null) return v;
  const n = (x: number) => frNumber(x, Number.isInteger(x) ? 0 : 2);
  return `${v} (${n(r.numerator)}/${n(r.denominator)})`;
}

export function formatBreakdown(b: Record<string, number>): string {
  const entries = Object.entries(b).sort((a, c) => c[1] - a[1]);
  return entries.length ? entries.map(([k, n]) => `${k} : ${n}`).join(" ; ") : "aucun";
}

export function formatRatio(r: Pick<IndicatorResult, "numerator" | "denominator" | "unit">): string {
  if (r.numerator === undefined || r.numerator === null || r.denominator === undefined || r.denominator === null) return "";
  const dec = (n: number) => (Number.isInteger(n) ? frNumber(n) : frNumber(n, 2));
  return `${dec(r.numerator)} / ${dec(r.denominator)}`;
}

/** One value of an own column (SPEC §8.1) as its cells read: oui, 1 200, 60 %, 15/03/2025, texte; « inconnu » when blank or bad. */
export function formatOwnValue(col: Pick<OwnColumn, "kind">, v: unknown): string {
  if (v === null || v === undefined) return "inconnu";
  switch (col.kind) {
    case "yesno":
      return v ? "oui" : "non";
    case "number":
      return frNumber(v as number, Number.isInteger(v) ? 0 : 2);
    case "percent": {
      const pct = (v as number) * 100;
      return `${frNumber(pct, Number.isInteger(Math.round(pct * 1e9) / 1e9) ? 0 : 1)} %`;
    }
    case "date":
      return formatDate(v as DateValue);
    default:
      return String(v);
  }
}

/**
 * The values of the register's own columns an indicator reads, for one contract of its drill-down:
 * « Titulaire du territoire : oui ; Produits bio (%) : 60 % »; "" when it reads none.
 */
export function ownValuesText(reg: Pick<Register, "ownColumns">, res: Pick<Results, "ownColumns">, id: string, c: Contract | undefined): string {
  const keys = res.ownColumns?.[id];
  if (!keys || !c || !reg.ownColumns) return "";
  const parts: string[] = [];
  for (const k of keys) {
    const col = reg.ownColumns.get(k);
    if (col) parts.push(`${col.header} : ${formatOwnValue(col, col.get(c))}`);
  }
  return parts.join(" ; ");
}

function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString("fr-FR")} ${n > 1 ? many : one}`;
}

/** « Référentiel intégré » or « Référentiel du classeur (feuille « Référentiel ») : 3 indicateurs remplacés, 7 ajoutés ». */
export function referentialText(info: ReferentialInfo): string {
  if (info.kind === "intégré") return "Référentiel intégré";
  const added = info.added.length;
  const dropped = info.dropped?.length ? `, ${info.dropped.length} ${info.dropped.length > 1 ? "retirés" : "retiré"}` : "";
  const ref = `Référentiel du classeur${info.sheet ? ` (feuille « ${info.sheet} »)` : ""} : ${countOf(info.replaced.length, "indicateur remplacé", "indicateurs remplacés")}, ${added} ${added > 1 ? "ajoutés" : "ajouté"}${dropped}`;
  if (!info.plan) return ref;
  const p = info.plan;
  const left = info.notComputed ? ` ; ${countOf(info.notComputed, "indicateur intégré non calculé", "indicateurs intégrés non calculés")} (absents de la feuille « Référentiel »)` : "";
  return `${ref}. Plan du classeur (feuille « ${p.sheet} ») : ${countOf(p.axes, "axe", "axes")}, ${countOf(p.objectives, "objectif", "objectifs")}, ${countOf(p.actions, "action", "actions")}${left}`;
}
