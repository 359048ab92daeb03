/**
 * Native charts in the workbook the command line writes (ExcelJS writes none): the T1–T6 bars with
 * their targets on TdB 1 and the yearly series on TdB 2, as DrawingML chart parts that point at
 * the sheet's cells and carry their values.
 */
import * as fs from "fs";
import * as path from "path";
import JSZip from "jszip";
import { EXAMPLE, run, tempDir } from "../cli/helpers";

jest.setTimeout(60_000);

async function written(): Promise<JSZip> {
  const { dir } = tempDir();
  const out = path.join(dir, "tdb.xlsx");
  const r = await run(["dashboards", EXAMPLE, "--year", "2025", "-o", out]);
  expect(r.code).toBe(0);
  return JSZip.loadAsync(fs.readFileSync(out));
}

async function text(zip: JSZip, name: string): Promise<string> {
  const f = zip.file(name);
  expect(f).not.toBeNull();
  return (f as JSZip.JSZipObject).async("string");
}

test("TdB 1 and TdB 2 each carry a native chart, declared in the package and linked from their sheet", async () => {
  const zip = await written();
  const types = await text(zip, "[Content_Types].xml");
  const wb = await text(zip, "xl/workbook.xml");
  // ExcelJS writes sheets in the plans' order: TdB 1, TdB 2, Détail.
  expect(wb.indexOf("TdB 1 - D")).toBeLessThan(wb.indexOf("TdB 2 - Actions"));
  for (const [sheet, drawing, chart] of [
    ["sheet1", "drawing1", "chart1"],
    ["sheet2", "drawing2", "chart2"],
  ]) {
    expect(types).toContain(`<Override PartName="/xl/charts/${chart}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
    expect(types).toContain(`<Override PartName="/xl/drawings/${drawing}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);
    const rels = await text(zip, `xl/worksheets/_rels/${sheet}.xml.rels`);
    const m = rels.match(/Id="([^"]+)" Type="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships\/drawing" Target="..\/drawings\/(drawing\d)\.xml"/);
    expect(m?.[2]).toBe(drawing);
    const ws = await text(zip, `xl/worksheets/${sheet}.xml`);
    expect(ws).toContain(`<drawing r:id="${(m as RegExpMatchArray)[1]}"/>`);
    // The drawing comes before the elements that follow it in a worksheet (here: none after, or tableParts/extLst).
    expect(ws.indexOf("<drawing ")).toBeGreaterThan(ws.indexOf("<pageSetup"));
    const drels = await text(zip, `xl/drawings/_rels/${drawing}.xml.rels`);
    expect(drels).toContain(`Target="../charts/${chart}.xml"`);
  }
  expect(zip.file("xl/charts/chart3.xml")).toBeNull();
});

test("the TdB 1 chart draws T1–T6 in 2025 beside the step-1 targets, from the cells of the board", async () => {
  const zip = await written();
  const chart = await text(zip, "xl/charts/chart1.xml");
  expect(chart).toContain('<c:barDir val="bar"/>');
  expect(chart).toContain("<a:t>Cibles du SPASER — 2025</a:t>");
  const series = [...chart.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]);
  expect(series).toHaveLength(2);
  expect(series[0]).toContain("<c:tx><c:v>Valeur 2025</c:v></c:tx>");
  expect(series[1]).toMatch(/<c:tx><c:v>Cible Étape 1/);
  // Categories: the ids T1…T6; references into the board's own sheet.
  expect(series[0]).toMatch(/<c:f>'TdB 1 - Déploiement'!\$A\$\d+:\$A\$\d+<\/c:f>/);
  const cats = [...series[0].matchAll(/<c:pt idx="\d"><c:v>([^<]+)<\/c:v><\/c:pt>/g)].map((m) => m[1]).slice(0, 6);
  expect(cats).toEqual(["T1", "T2", "T3", "T4", "T5", "T6"]);
  // Step-1 targets of the seed (SPEC §4): 30, 50, 50, 30, 50, 50 %.
  const targets = [...series[1].matchAll(/<c:numCache>[\s\S]*<\/c:numCache>/g)][0][0];
  expect([...targets.matchAll(/<c:v>([^<]+)<\/c:v>/g)].map((m) => Number(m[1]))).toEqual([0.3, 0.5, 0.5, 0.3, 0.5, 0.5]);
  // Every value drawn is a share between 0 and 1, with a 100 % axis.
  expect(chart).toContain('<c:max val="1"/>');
});

test("the TdB 2 chart is a line over the register's years", async () => {
  const zip = await written();
  const chart = await text(zip, "xl/charts/chart2.xml");
  expect(chart).toContain("<c:lineChart>");
  const years = [...chart.matchAll(/<c:cat>[\s\S]*?<\/c:cat>/g)][0][0];
  // The example register has contracts notified from 2023 to 2026.
  expect([...years.matchAll(/<c:v>([^<]+)<\/c:v>/g)].map((m) => m[1])).toEqual(["2023", "2024", "2025", "2026"]);
});

test("printed, each chart lies inside the sheet's print area and below the header rows repeated on every page", async () => {
  const zip = await written();
  const wb = await text(zip, "xl/workbook.xml");
  const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  for (const [i, drawing] of [
    [0, "drawing1"],
    [1, "drawing2"],
  ] as const) {
    const area = new RegExp(`name="_xlnm.Print_Area" localSheetId="${i}">[^<]*!\\$?([A-Z]+)\\$?(\\d+):\\$?([A-Z]+)\\$?(\\d+)<`).exec(wb);
    const titles = new RegExp(`name="_xlnm.Print_Titles" localSheetId="${i}">[^<]*!\\$(\\d+):\\$(\\d+)<`).exec(wb);
    expect(area).not.toBeNull();
    expect(titles).not.toBeNull();
    const xml = await text(zip, `xl/drawings/${drawing}.xml`);
    const at = (tag: string) => {
      const m = new RegExp(`<xdr:${tag}><xdr:col>(\\d+)</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>(\\d+)</xdr:row>`).exec(xml);
      expect(m).not.toBeNull();
      return { col: Number((m as RegExpExecArray)[1]), row: Number((m as RegExpExecArray)[2]) };
    };
    const from = at("from");
    const to = at("to");
    const [, , , c2, r2] = area as RegExpExecArray;
    // The chart ends at the left edge of its « to » cell (offset 0): its last column and row,
    // 0-based, within the print area.
    expect(to.col - 1).toBeLessThanOrEqual(colIndex(c2));
    expect(to.row - 1).toBeLessThanOrEqual(Number(r2) - 1);
    // The repeated rows (1-based in the name) end a row above the chart, its frame included.
    expect(from.row).toBeGreaterThan(Number((titles as RegExpExecArray)[2]));
  }
});
