/**
 * The report's charts, as SVG text: horizontal bars with target marks, and a yearly line. Each chart
 * is an image with a title and a description (role="img", aria-labelledby); the figures it draws
 * are also given as a table next to it (src/report/html.ts). No library: two chart kinds, drawn
 * with a few rectangles, lines and texts, identical in Node and in the browser.
 */
import { frPercent } from "../indicators/format";

/** Escapes text for XML and HTML (element content and attribute values). */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Colours with at least 3:1 contrast on white (WCAG 2.2, 1.4.11 non-text contrast). */
export const CHART_COLOURS = { number: "#1F4E79", value: "#A5400C", target: "#000000", grid: "#767676", text: "#1A1A1A" } as const;

export interface BarItem {
  id: string;
  label: string;
  /** Share in number (0–1), null when n/a. */
  value: number | null;
  /** Share in value (0–1), null when n/a or not given. */
  valueV?: number | null;
  /** Target of the current stage (0–1). */
  target?: number | null;
}

export interface ChartText {
  /** Unique id prefix in the page. */
  key: string;
  title: string;
  description: string;
}

const FONT = `font-family="Carlito, Calibri, 'Liberation Sans', Arial, sans-serif"`;

function r1(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function head(t: ChartText, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${t.key}-t ${t.key}-d" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" ${FONT}>` +
    `<title id="${t.key}-t">${esc(t.title)}</title><desc id="${t.key}-d">${esc(t.description)}</desc>`
  );
}

/**
 * Horizontal bars, one group per item: the share in number (dark blue), below it the share in value
 * (brick) when given, and the stage target as a black tick with its value.
 */
export function barChart(items: BarItem[], t: ChartText): string {
  const hasV = items.some((i) => i.valueV !== undefined);
  const labelW = 60;
  const plotW = 420;
  const right = 90;
  const rowH = hasV ? 46 : 30;
  const top = 34;
  const width = labelW + plotW + right;
  const height = top + items.length * rowH + 16;
  const x = (v: number) => labelW + Math.max(0, Math.min(1, v)) * plotW;
  const out: string[] = [head(t, width, height)];
  // Legend
  out.push(`<rect x="${labelW}" y="6" width="12" height="12" fill="${CHART_COLOURS.number}"/><text x="${labelW + 16}" y="16" font-size="12" fill="${CHART_COLOURS.text}">en nombre</text>`);
  if (hasV) out.push(`<rect x="${labelW + 100}" y="6" width="12" height="12" fill="${CHART_COLOURS.value}"/><text x="${labelW + 116}" y="16" font-size="12" fill="${CHART_COLOURS.text}">en valeur</text>`);
  out.push(`<line x1="${labelW + 200}" y1="4" x2="${labelW + 200}" y2="20" stroke="${CHART_COLOURS.target}" stroke-width="3"/><text x="${labelW + 206}" y="16" font-size="12" fill="${CHART_COLOURS.text}">cible de l'étape</text>`);
  // Grid: 0, 25, 50, 75, 100 %
  for (const g of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line x1="${r1(x(g))}" y1="${top - 4}" x2="${r1(x(g))}" y2="${height - 14}" stroke="${CHART_COLOURS.grid}" stroke-width="0.5" stroke-dasharray="2,3"/>`);
    out.push(`<text x="${r1(x(g))}" y="${height - 2}" font-size="10" text-anchor="middle" fill="${CHART_COLOURS.text}">${g * 100} %</text>`);
  }
  items.forEach((it, i) => {
    const y = top + i * rowH;
    out.push(`<text x="${labelW - 8}" y="${y + 15}" font-size="13" font-weight="bold" text-anchor="end" fill="${CHART_COLOURS.text}">${esc(it.id)}</text>`);
    const bars: [number | null | undefined, string, number][] = [[it.value, CHART_COLOURS.number, y + 4]];
    if (hasV) bars.push([it.valueV, CHART_COLOURS.value, y + 22]);
    for (const [v, colour, by] of bars) {
      if (v === null || v === undefined) {
        out.push(`<text x="${labelW + 4}" y="${by + 12}" font-size="11" fill="${CHART_COLOURS.text}">non disponible</text>`);
        continue;
      }
      out.push(`<rect x="${labelW}" y="${by}" width="${r1(x(v) - labelW)}" height="16" fill="${colour}"/>`);
      // The figure inside the bar's end when it fits (white on dark), else after it.
      const inside = x(v) - labelW > 48;
      out.push(
        inside
          ? `<text x="${r1(x(v) - 4)}" y="${by + 12}" font-size="11" text-anchor="end" fill="#FFFFFF">${esc(frPercent(v))}</text>`
          : `<text x="${r1(x(v) + 4)}" y="${by + 12}" font-size="11" fill="${CHART_COLOURS.text}">${esc(frPercent(v))}</text>`,
      );
    }
    if (it.target !== null && it.target !== undefined) {
      const tx = r1(x(it.target));
      out.push(`<line x1="${tx}" y1="${y}" x2="${tx}" y2="${y + (hasV ? 42 : 24)}" stroke="${CHART_COLOURS.target}" stroke-width="3"/>`);
      out.push(`<text x="${labelW + plotW + 8}" y="${y + 15}" font-size="11" fill="${CHART_COLOURS.text}">cible ${esc(frPercent(it.target, 0))}</text>`);
    }
  });
  out.push("</svg>");
  return out.join("");
}

export interface LinePoint {
  year: number;
  value: number | null;
}

/**
 * One share over the years (0–100 %): a line through the known years (a gap where a year is n/a),
 * each point labelled, and the stage target as a dashed horizontal line.
 */
export function lineChart(points: LinePoint[], target: number | null, t: ChartText, second?: { name: string; points: LinePoint[] }): string {
  const left = 40;
  const plotW = 240;
  const top = 28;
  const plotH = 110;
  const width = left + plotW + 20;
  const height = top + plotH + 30;
  const n = points.length;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - Math.max(0, Math.min(1, v)) * plotH;
  const out: string[] = [head(t, width, height)];
  for (const g of [0, 0.5, 1]) {
    out.push(`<line x1="${left}" y1="${r1(y(g))}" x2="${left + plotW}" y2="${r1(y(g))}" stroke="${CHART_COLOURS.grid}" stroke-width="0.5"/>`);
    out.push(`<text x="${left - 4}" y="${r1(y(g) + 4)}" font-size="10" text-anchor="end" fill="${CHART_COLOURS.text}">${g * 100} %</text>`);
  }
  if (target !== null) {
    out.push(`<line x1="${left}" y1="${r1(y(target))}" x2="${left + plotW}" y2="${r1(y(target))}" stroke="${CHART_COLOURS.target}" stroke-width="1.5" stroke-dasharray="6,4"/>`);
    out.push(`<text x="${left + plotW}" y="${r1(y(target) - 4)}" font-size="10" text-anchor="end" fill="${CHART_COLOURS.text}">cible ${esc(frPercent(target, 0))}</text>`);
  }
  const series: [LinePoint[], string, boolean][] = [[points, CHART_COLOURS.number, true]];
  if (second) series.push([second.points, CHART_COLOURS.value, false]);
  for (const [pts, colour, labelled] of series) {
    let path = "";
    let pen = false;
    pts.forEach((p, i) => {
      if (p.value === null) {
        pen = false;
        return;
      }
      path += `${pen ? "L" : "M"}${r1(x(i))},${r1(y(p.value))}`;
      pen = true;
    });
    if (path) out.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2.5"${labelled ? "" : ' stroke-dasharray="5,3"'}/>`);
    pts.forEach((p, i) => {
      if (p.value === null) return;
      out.push(`<circle cx="${r1(x(i))}" cy="${r1(y(p.value))}" r="3.5" fill="${colour}"/>`);
      if (labelled) out.push(`<text x="${r1(x(i))}" y="${r1(y(p.value) - 8)}" font-size="10" text-anchor="middle" fill="${CHART_COLOURS.text}">${esc(frPercent(p.value, 0))}</text>`);
    });
  }
  points.forEach((p, i) => out.push(`<text x="${r1(x(i))}" y="${height - 8}" font-size="11" text-anchor="middle" fill="${CHART_COLOURS.text}">${p.year}</text>`));
  out.push("</svg>");
  return out.join("");
}
