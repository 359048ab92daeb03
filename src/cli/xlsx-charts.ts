/**
 * Native charts in the workbooks the command line writes. ExcelJS writes no charts, so the plans'
 * charts (the same ones the add-in draws through Office.js) are added to the written package as
 * DrawingML parts (ECMA-376 Part 1, §21.2 charts and §20.5 spreadsheet drawing): one drawing per
 * sheet, one chart part per chart, each series pointing at its cells and carrying a cache of their
 * values, so that Excel, LibreOffice and any reader show the same chart before recalculating.
 */
import type { ChartSpec, PlanCell, RangeRef, SheetPlan } from "../dashboards/plan";

const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml";
const CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";

/** Colours of the series, in order (the dashboards' palette). */
const SERIES_COLOURS = ["1F4E79", "A5400C", "548235", "7F6000"];

function xml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

function colLetters(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `'Sheet name'!$A$1:$A$6`: sheet names are always quoted (any name is then valid). */
function absRef(sheet: string, r: RangeRef): string {
  return `'${sheet.replace(/'/g, "''")}'!$${colLetters(r.c1)}$${r.r1 + 1}:$${colLetters(r.c2)}$${r.r2 + 1}`;
}

function cellsOf(plan: SheetPlan): Map<string, PlanCell> {
  const m = new Map<string, PlanCell>();
  for (const c of plan.cells) m.set(`${c.r},${c.c}`, c);
  return m;
}

function rangeValues(cells: Map<string, PlanCell>, r: RangeRef): PlanCell["value"][] {
  const out: PlanCell["value"][] = [];
  for (let row = r.r1; row <= r.r2; row++) for (let col = r.c1; col <= r.c2; col++) out.push(cells.get(`${row},${col}`)?.value ?? null);
  return out;
}

function strCache(values: PlanCell["value"][]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => (v === null ? "" : `<c:pt idx="${i}"><c:v>${xml(String(v))}</c:v></c:pt>`)).join("")}</c:strCache>`;
}

function numCache(values: PlanCell["value"][], format: string): string {
  return `<c:numCache><c:formatCode>${xml(format)}</c:formatCode><c:ptCount val="${values.length}"/>${values
    .map((v, i) => (typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ""))
    .join("")}</c:numCache>`;
}

function text(t: string, size: number, bold: boolean): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr><a:r><a:rPr lang="fr-FR" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${xml(t)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

/** One chart part. */
export function chartXml(spec: ChartSpec, plan: SheetPlan, cells: Map<string, PlanCell>): string {
  const format = spec.numberFormat ?? "General";
  const line = spec.type === "line";
  const pie = spec.type === "pie";
  const series = spec.series
    .map((s, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      const shape = line
        ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="6"/></c:marker>`
        : pie
          ? ""
          : `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
      const labels = spec.numberFormat
        ? `<c:dLbls><c:numFmt formatCode="${xml(format)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:endParaRPr lang="fr-FR"/></a:p></c:txPr>${line ? '<c:dLblPos val="t"/>' : pie ? "" : '<c:dLblPos val="outEnd"/>'}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`
        : "";
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${xml(s.name)}</c:v></c:tx>${shape}${labels}` +
        `<c:cat><c:strRef><c:f>${xml(absRef(plan.name, s.categories))}</c:f>${strCache(rangeValues(cells, s.categories))}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${xml(absRef(plan.name, s.values))}</c:f>${numCache(rangeValues(cells, s.values), format)}</c:numRef></c:val>` +
        (line ? '<c:smooth val="0"/>' : "") +
        `</c:ser>`
      );
    })
    .join("");
  const axes =
    `<c:axId val="500000001"/><c:axId val="500000002"/>`;
  const plot = pie
    ? `<c:pieChart><c:varyColors val="1"/>${series}<c:firstSliceAng val="0"/></c:pieChart>`
    : line
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`
      : `<c:barChart><c:barDir val="${spec.type === "barClustered" ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/>${axes}</c:barChart>`;
  const catPos = spec.type === "barClustered" ? "l" : "b";
  const valPos = spec.type === "barClustered" ? "b" : "l";
  const scaling = `<c:scaling><c:orientation val="minMax"/>${spec.valueAxisMax !== undefined ? `<c:max val="${spec.valueAxisMax}"/>` : ""}<c:min val="0"/></c:scaling>`;
  const axisXml = pie
    ? ""
    : `<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="${spec.type === "barClustered" ? "maxMin" : "minMax"}"/></c:scaling><c:delete val="0"/><c:axPos val="${catPos}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
      `<c:valAx><c:axId val="500000002"/>${scaling}<c:delete val="0"/><c:axPos val="${valPos}"/><c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:numFmt formatCode="${xml(format)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="${spec.type === "barClustered" ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  const legend = spec.series.length > 1 || pie ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:date1904 val="0"/><c:lang val="fr-FR"/><c:roundedCorners val="0"/>` +
    `<c:chart><c:title>${text(spec.title, 1200, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}${axisXml}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup/></c:printSettings></c:chartSpace>`
  );
}

function anchorXml(spec: ChartSpec, id: number, rid: string): string {
  const a = spec.anchor;
  return (
    `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${a.c1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.r1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>${a.c2 + 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.r2 + 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="Graphique ${id}" descr="${xml(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${rid}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** Elements that follow `drawing` in a worksheet (CT_Worksheet's sequence): the drawing goes before the first present. */
const AFTER_DRAWING = ["legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

/** Resolves a relationship target against the folder of its part. */
function resolve(base: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

function attr(tag: string, name: string): string | null {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? m[1] : null;
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * A written package's parts by name, in their order in the zip: text for XML, bytes for the rest.
 */
export type PackageParts = Map<string, string | Buffer>;

function partText(parts: PackageParts, name: string): string | null {
  const v = parts.get(name);
  return v === undefined ? null : typeof v === "string" ? v : v.toString("utf8");
}

/** The worksheet part of each sheet name, from the workbook and its relationships. */
function sheetParts(zip: PackageParts): Map<string, string> {
  const wb = partText(zip, "xl/workbook.xml") ?? "";
  const rels = partText(zip, "xl/_rels/workbook.xml.rels") ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], "Id");
    const target = attr(m[0], "Target");
    if (id && target) targets.set(id, resolve("xl/workbook.xml", unescapeXml(target)));
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const rid = attr(m[0], "r:id");
    if (name !== null && rid && targets.has(rid)) out.set(unescapeXml(name), targets.get(rid) as string);
  }
  return out;
}

/**
 * Adds the plans' charts to a written package (in place). Returns the number of charts added.
 * Sheets without charts are left byte for byte as they were.
 */
export function addCharts(zip: PackageParts, plans: SheetPlan[]): number {
  const parts = sheetParts(zip);
  let types = partText(zip, "[Content_Types].xml") ?? "";
  let chartN = 0;
  let drawingN = 0;
  for (const plan of plans) {
    if (!plan.charts.length) continue;
    const sheetPath = parts.get(plan.name);
    if (!sheetPath) continue;
    const cells = cellsOf(plan);
    drawingN++;
    const drawingPath = `xl/drawings/drawing${drawingN}.xml`;
    const anchors: string[] = [];
    const drawingRels: string[] = [];
    plan.charts.forEach((spec, i) => {
      if (!spec.series.length) return;
      chartN++;
      const chartPath = `xl/charts/chart${chartN}.xml`;
      zip.set(chartPath, chartXml(spec, plan, cells));
      types = types.replace("</Types>", `<Override PartName="/${chartPath}" ContentType="${CT_CHART}"/></Types>`);
      const rid = `rId${i + 1}`;
      drawingRels.push(`<Relationship Id="${rid}" Type="${REL_CHART}" Target="../charts/chart${chartN}.xml"/>`);
      anchors.push(anchorXml(spec, i + 1, rid));
    });
    if (!anchors.length) continue;
    zip.set(drawingPath, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${anchors.join("")}</xdr:wsDr>`);
    zip.set(`xl/drawings/_rels/drawing${drawingN}.xml.rels`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${drawingRels.join("")}</Relationships>`);
    types = types.replace("</Types>", `<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/></Types>`);
    // The sheet's relationship to its drawing, then the drawing element at its place in the sheet.
    const relsPath = sheetPath.replace(/([^/]+)$/, "_rels/$1.rels");
    let rels = partText(zip, relsPath) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
    const used = new Set([...rels.matchAll(/\sId="([^"]+)"/g)].map((m) => m[1]));
    let n = used.size + 1;
    while (used.has(`rIdChart${n}`)) n++;
    const rid = `rIdChart${n}`;
    rels = rels.replace("</Relationships>", `<Relationship Id="${rid}" Type="${REL_DRAWING}" Target="${resolveRelative(sheetPath, drawingPath)}"/></Relationships>`);
    zip.set(relsPath, rels);
    let sheet = partText(zip, sheetPath) ?? "";
    if (!/xmlns:r="/.test(sheet.slice(0, 2000))) sheet = sheet.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`);
    const element = `<drawing r:id="${rid}"/>`;
    const after = AFTER_DRAWING.map((t) => sheet.search(new RegExp(`<${t}[\\s/>]`))).filter((i) => i >= 0);
    const at = after.length ? Math.min(...after) : sheet.lastIndexOf("</worksheet>");
    sheet = sheet.slice(0, at) + element + sheet.slice(at);
    zip.set(sheetPath, sheet);
  }
  if (chartN) zip.set("[Content_Types].xml", types);
  return chartN;
}

/** A relative target from one part to another (both package paths without a leading slash). */
function resolveRelative(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}
