import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { readWorkbook } from "../../src/register/read";
import { computeIndicators } from "../../src/indicators/engine";
import { buildDashboardPlans } from "../../src/dashboards";
import { textBar, writePlans } from "../../src/cli/xlsx-writer";
import { main } from "../../src/cli/main";
import { INDICATORS } from "../../src/spaser/referential";
import { fixtureGrids } from "./fixture";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-xlsx-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function writeFixture(idPiege?: string) {
  const reg = readWorkbook(fixtureGrids({ idPiege }));
  const res = computeIndicators(reg, { year: 2024 });
  const plans = buildDashboardPlans(reg, res, { now: new Date("2026-01-05T08:00:00Z") });
  const file = path.join(tmp, `tdb-${Math.random().toString(36).slice(2)}.xlsx`);
  await writePlans(plans, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { res, wb };
}

/** The hyperlinks of a sheet as written in its XML, and the relationships of the sheet. */
async function sheetLinks(file: string, sheet: string): Promise<{ ref: string; location: string; rid: string | null; tag: string }[]> {
  const JSZip = (await import("jszip")).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="(rId\\d+)"`).exec(wbXml)![1];
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  const xml = await zip.file(`xl/${target}`)!.async("string");
  return [...xml.matchAll(/<hyperlink [^>]*>/g)].map(([tag]) => ({
    tag,
    ref: /ref="([^"]+)"/.exec(tag)![1],
    location: (/location="([^"]*)"/.exec(tag)?.[1] ?? "").replace(/&apos;/g, "'"),
    rid: /r:id="([^"]*)"/.exec(tag)?.[1] ?? null,
  }));
}

function findRow(ws: ExcelJS.Worksheet, id: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (!found && (row.getCell(1).value === id || (row.getCell(1).value as { text?: string } | null)?.text === id)) found = row;
  });
  if (!found) throw new Error(`${id} absent`);
  return found;
}

test("the written workbook holds the engine's values with their number formats", async () => {
  const { res, wb } = await writeFixture();
  const tdb1 = wb.getWorksheet("TdB 1 - Déploiement")!;
  const tdb2 = wb.getWorksheet("TdB 2 - Actions")!;
  expect(tdb1).toBeDefined();
  expect(tdb2).toBeDefined();
  for (const d of INDICATORS) {
    if (d.kind === "valeur" || d.kind === "repere") continue;
    const ws = d.action >= 8 ? tdb2 : tdb1;
    const cell = findRow(ws, d.id).getCell(3);
    const r = res.indicators[d.id];
    // One figure shown once (SPEC §3.x): a repeated measure points to its row.
    if (d.sameAs) expect(cell.value).toBe(`voir ${d.sameAs}`);
    else if (r.value === null) expect(cell.value).toBe("—");
    else if (typeof r.value === "number" && d.unit !== "yesno") {
      expect(cell.value).toBe(r.value);
      if (d.unit === "percent") expect(cell.numFmt).toBe("0.0 %");
      if (d.unit === "count") expect(cell.numFmt).toBe("#,##0");
    }
  }
  // T1 2024: critère environnemental M24-01, M24-03 among 6 contracts = 2 / 6
  expect(findRow(tdb1, "T1").getCell(3).value).toBeCloseTo(2 / 6, 12);
  expect(findRow(tdb1, "T1").getCell(4).value).toBe(2);
  expect(findRow(tdb1, "T1").getCell(5).value).toBe(6);
  // Progression: a bar of text, 2/6 = 33 % -> 3 segments of 10
  expect(findRow(tdb1, "T1").getCell(9).value).toBe(textBar(2 / 6));
  expect(textBar(2 / 6)).toBe("███░░░░░░░");
  // Page setup survives the round trip
  expect(tdb1.pageSetup.orientation).toBe("landscape");
  expect(tdb1.pageSetup.fitToWidth).toBe(1);
  expect(tdb1.pageSetup.paperSize).toBe(9);
});

test("the detail sheet is written, and the boards' indicator ids are internal hyperlinks to it", async () => {
  const reg = readWorkbook(fixtureGrids());
  const res = computeIndicators(reg, { year: 2024, detail: true });
  const file = path.join(tmp, "tdb-detail.xlsx");
  await writePlans(buildDashboardPlans(reg, res, { now: new Date("2026-01-05T08:00:00Z") }), file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const detail = wb.getWorksheet("Détail des indicateurs")!;
  expect(detail).toBeDefined();
  const t1 = findRow(wb.getWorksheet("TdB 1 - Déploiement")!, "T1").getCell(1);
  expect(t1.text).toBe("T1");
  // An internal hyperlink is a `location` only (ECMA-376 Part 1, §18.3.1.47), read in the XML:
  // ExcelJS's reader only sees links that have a relationship.
  const links = await sheetLinks(file, "TdB 1 - Déploiement");
  const link = links.find((l) => l.ref === t1.address)!;
  expect(link).toBeDefined();
  expect(link.location).toMatch(/^'Détail des indicateurs'!A\d+$/);
  const row = Number(/A(\d+)$/.exec(link.location)![1]);
  expect(detail.getCell(row, 1).value).toBe("T1");
  // T1 2024: M24-01 and M24-03 have an environmental criterion (numerator), 4 others do not.
  const roles: string[] = [];
  for (let r = row + 2; detail.getCell(r, 2).value; r++) roles.push(`${detail.getCell(r, 2).value} ${detail.getCell(r, 5).value}`);
  expect(roles).toEqual(["M24-01 numérateur", "M24-03 numérateur", "M24-02 dénominateur seul", "M24-04 dénominateur seul", "M24-05 dénominateur seul", "M24-06 dénominateur seul"]);
});

test("links to the detail sheet are internal: a location, no relationship to a file", async () => {
  // Before: each link was written with r:id (an external relationship whose target was
  // « #'Détail des indicateurs'!A6 ») and a location starting with « # », which LibreOffice reads as a
  // link to the file itself.
  const reg = readWorkbook(fixtureGrids());
  const res = computeIndicators(reg, { year: 2024, detail: true });
  const file = path.join(tmp, "tdb-links.xlsx");
  await writePlans(buildDashboardPlans(reg, res, { now: new Date("2026-01-05T08:00:00Z") }), file);
  for (const sheet of ["TdB 1 - Déploiement", "TdB 2 - Actions"]) {
    const links = await sheetLinks(file, sheet);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l.rid).toBeNull();
      expect(l.location).toMatch(/^'Détail des indicateurs'!A\d+$/);
    }
  }
  const JSZip = (await import("jszip")).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".rels"))) {
    const rels = await zip.file(name)!.async("string");
    expect(rels).not.toMatch(/relationships\/hyperlink"/);
    expect(rels).not.toMatch(/TargetMode="External"/);
  }
});

test("an id such as =1+1 or @SUM(A1) is written as text, never as a formula", async () => {
  for (const trap of ["=1+1", "@SUM(A1)"]) {
    const { wb } = await writeFixture(trap);
    const ws = wb.getWorksheet("TdB 2 - Actions")!;
    let seen = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value === trap) {
          seen++;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
        }
        expect(cell.formula).toBeUndefined();
      }),
    );
    expect(seen).toBe(3);
  }
});

test("spaser dashboards writes beside the input, never over it", async () => {
  const input = path.join(tmp, "registre test.xlsx");
  const wb = new ExcelJS.Workbook();
  for (const g of fixtureGrids()) {
    const ws = wb.addWorksheet(g.sheet);
    for (const row of g.rows) ws.addRow(row);
  }
  await wb.xlsx.writeFile(input);
  const before = fs.readFileSync(input);
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
  expect(await main(["dashboards", input, "--year", "2025"], io)).toBe(0);
  const expected = path.join(tmp, "registre test - tableaux-de-bord 2025.xlsx");
  expect(fs.existsSync(expected)).toBe(true);
  expect(out.join("")).toContain(expected);
  expect(fs.readFileSync(input).equals(before)).toBe(true);
  expect(await main(["dashboards", input, "-o", input], io)).toBe(2);
  expect(err.join("")).toMatch(/jamais modifié/);
  expect(fs.readFileSync(input).equals(before)).toBe(true);
});
