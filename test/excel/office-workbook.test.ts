/** The Office.js adapter against the in-memory Excel of fake-excel.ts: what a refresh writes and reads. */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { WorkbookError } from "../../src/excel/port";
import { MARK_PROPERTY } from "../../src/excel/marks";
import { zoomFor } from "../../src/excel/draw";
import { buildDashboardPlans } from "../../src/dashboards";
import type { SheetPlan } from "../../src/dashboards/plan";
import { FakeWorkbook } from "./fake-excel";
import { registerRows, REGISTER_HEADERS } from "./helpers";

const NOW = () => new Date(2025, 0, 15, 10, 30);

function workbookWithRegister(n: number): FakeWorkbook {
  const wb = new FakeWorkbook();
  wb.addSheet("Registre").fill(registerRows(n));
  return wb;
}

async function refresh(wb: FakeWorkbook, port = new OfficeWorkbook(wb.run)) {
  const store = new SpaserStore(port);
  return refreshDashboards(store, port, buildDashboardPlans, { now: NOW });
}

/** A small plan drawn by hand. */
export function plan(kind: SheetPlan["kind"], name: string, extra: Partial<SheetPlan> = {}): SheetPlan {
  return {
    name,
    kind,
    columnWidths: [30, 12],
    rowHeights: { 0: 24 },
    styles: { title: { bold: true, size: 14 }, pct: { numFmt: "0.0 %", align: "right" }, txt: { wrap: true } },
    cells: [
      { r: 0, c: 0, value: "Titre", style: "title" },
      { r: 1, c: 0, value: "=SOMME(A1:A3)", style: "txt" },
      { r: 1, c: 1, value: 0.25, style: "pct" },
      { r: 2, c: 0, value: "30 %", style: "txt" },
      { r: 2, c: 1, value: 0.5, style: "pct" },
    ],
    merges: [{ r1: 0, c1: 0, r2: 0, c2: 1 }],
    freeze: { rows: 1, cols: 0 },
    conditionalFormats: [{ type: "textEquals", range: { r1: 1, c1: 0, r2: 2, c2: 0 }, rules: [{ text: "Atteint", fill: "#C6EFCE", color: "#006100" }] }],
    charts: [{ type: "barClustered", title: "Taux", series: [{ name: "Taux", categories: { r1: 1, c1: 0, r2: 2, c2: 0 }, values: { r1: 1, c1: 1, r2: 2, c2: 1 } }], anchor: { r1: 4, c1: 0, r2: 14, c2: 1 } }],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: 1, fitToHeight: 0, titleRows: [0, 0], header: { center: "SPASER" }, footer: { right: "Page &P / &N" } },
    rowCount: 3,
    colCount: 2,
    showGridLines: false,
    ...extra,
  };
}

describe("reading the workbook", () => {
  test("tables first, then sheets; a sheet with tables is given as its tables only; the add-in's marked sheets are skipped", async () => {
    const wb = new FakeWorkbook();
    const reg = wb.addSheet("Marchés 2024");
    reg.fill([["Registre des marchés de la Ville"], [], REGISTER_HEADERS.slice(0, 3), ["M1", "Voirie", 120_000]], 0, 1);
    const suivi = wb.addSheet("Suivi");
    wb.addTable("Activites", suivi, 2, 0, [["Action", "Statut", "Date"], [1, "Réalisée", 45300]]);
    suivi.set(10, 5, "note libre sous le tableau");
    wb.addSheet("Vide");
    const dash = wb.addSheet("TdB 1 - Déploiement");
    dash.set(0, 0, "ancien tableau de bord");
    dash.customProperties.set(MARK_PROPERTY, JSON.stringify({ kind: "tdb1", role: "dashboard" }));

    const { grids, sheetNames } = await new OfficeWorkbook(wb.run).readGrids();

    expect(sheetNames).toEqual(["Marchés 2024", "Suivi", "Vide", "TdB 1 - Déploiement"]);
    expect(grids.map((g) => [g.sheet, g.table ?? null])).toEqual([
      ["Suivi", "Activites"],
      ["Marchés 2024", null],
    ]);
    expect(grids[0]).toMatchObject({ originRow: 2, originCol: 0, rows: [["Action", "Statut", "Date"], [1, "Réalisée", 45300]] });
    // Used range starts at B1 (title), so the register's header is row 3 of the sheet.
    expect(grids[1].originRow).toBe(0);
    expect(grids[1].originCol).toBe(1);
    expect(grids[1].rows[2]).toEqual(["N° marché", "Objet", "Montant HT"]);
    expect(grids[1].rows[3]).toEqual(["M1", "Voirie", 120000]);
  });

  test("an ordinary register is read in three syncs, loading values only, in one run", async () => {
    const wb = workbookWithRegister(2_000);
    const port = new OfficeWorkbook(wb.run);
    const { grids } = await port.readGrids();
    expect(grids[0].rows).toHaveLength(2_001);
    expect(grids[0].rows[2_000][0]).toBe("M002000");
    // 1: sheets, tables, settings; 2: marks and sizes; 3: the values (2 001 × 10 cells ≈ 0,3 MB).
    expect(wb.syncs).toBe(3);
    expect(wb.runs).toBe(1);
  });
});

describe("writing the dashboards", () => {
  test("the sheet of a plan holds its values, formats, merges, freeze, chart and page layout; text stays text", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    const port = new OfficeWorkbook(wb.run);
    const res = await port.writeDashboards([plan("tdb1", "TdB 1 - Déploiement")]);
    expect(res.sheets.map((s) => s.name)).toEqual(["TdB 1 - Déploiement"]);
    // Only the dashboard is left: the staging sheet became it.
    expect(wb.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["Feuil1", "Visible"],
      ["TdB 1 - Déploiement", "Visible"],
    ]);
    const s = wb.sheet("TdB 1 - Déploiement")!;
    expect(s.get(0, 0)).toMatchObject({ value: "Titre", numberFormat: "@", style: { "font.bold": true, "font.size": 14 } });
    // A register text that looks like a formula is written as text, not run as a formula.
    expect(s.get(1, 0)).toMatchObject({ value: "=SOMME(A1:A3)", numberFormat: "@" });
    expect(s.get(1, 0)?.formula).toBeUndefined();
    expect(s.get(2, 0)).toMatchObject({ value: "30 %", numberFormat: "@" });
    expect(s.get(1, 1)).toMatchObject({ value: 0.25, numberFormat: "0.0 %" });
    expect(s.merges).toEqual([{ r: 0, c: 0, n: 1, m: 2 }]);
    expect(s.frozen).toEqual({ rows: 1, cols: 0 });
    // 30 characters: trunc(30 × 7 + 5) = 215 px × 0,75 = 161,25 pt.
    expect(s.colWidths.get(0)).toBe(161.25);
    expect(s.rowHeights.get(0)).toBe(24);
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0].type).toBe("BarClustered");
    expect(s.charts[0].log.find((e) => e.path === "title.text")?.value).toBe("Taux");
    expect(s.props.get("pageLayout.orientation")).toBe("Landscape");
    expect(s.props.get("pageLayout.printTitleRows")).toBe("$1:$1");
    // The print area reaches the chart (anchored down to row 15), not only the cells: Excel prints
    // no chart outside it.
    expect(s.props.get("pageLayout.printArea")).toBe("A1:B15");
    expect(s.props.get("pageLayout.headersFooters.defaultForAllPages.rightFooter")).toBe("Page &P / &N");
    expect(s.props.get("showGridlines")).toBe(false);
    // Conditional format "text equals": a CellValue rule ="Atteint".
    expect(s.conditionalFormats.map((f) => [f.type, f.props["cellValue.rule"]])).toEqual([["CellValue", { formula1: '="Atteint"', operator: "EqualTo" }]]);
    // The mark that survives reopening.
    expect(JSON.parse(s.customProperties.get(MARK_PROPERTY)!)).toEqual({ kind: "tdb1", role: "dashboard" });
  });

  test("formats are grouped by style: one set of areas per style, whatever the number of cells", async () => {
    const cells = [];
    for (let r = 0; r < 40; r++) for (let c = 0; c < 5; c++) cells.push({ r, c, value: r * c, style: r % 2 ? "odd" : "even" });
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    await new OfficeWorkbook(wb.run).writeDashboards([
      plan("tdb2", "TdB 2 - Actions", { cells, rowCount: 40, colCount: 5, styles: { odd: { fill: "#EEEEEE" }, even: { bold: true } }, charts: [], conditionalFormats: [], merges: [] }),
    ]);
    const s = wb.sheet("TdB 2 - Actions")!;
    const groups = new Set(s.log.filter((e) => e.path.startsWith("getRanges(")).map((e) => e.path.split(")")[0]));
    // 200 cells, 2 styles, each row a run of 5 cells: 2 getRanges, one per style.
    expect(groups.size).toBe(2);
    expect([...groups].find((g) => g.includes("A2:E2"))).toContain("A4:E4");
    expect(s.get(3, 4)?.style).toEqual({ "font.size": 10, "fill.color": "#EEEEEE" });
  });

  test("refresh of a register: the same number of syncs for 100 and 10 000 contracts", async () => {
    const counts: number[] = [];
    for (const n of [100, 10_000]) {
      const wb = workbookWithRegister(n);
      const port = new OfficeWorkbook(wb.run);
      await refresh(wb, port); // first refresh: new sheets
      const before = wb.syncs;
      const outcome = await refresh(wb, port); // second: in place
      expect(outcome.ok).toBe(true);
      counts.push(wb.syncs - before);
      expect(wb.sheets.map((s) => s.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
    }
    // Read 3 (sheets; marks and sizes; values) + write 4 (inventory; staging; backups and commit; cleanup).
    expect(counts).toEqual([7, 7]);
  }, 60_000);
});

describe("ownership of the sheets", () => {
  test("a user's sheet with the dashboard's name is never touched; the add-in uses another name, and rewrites only its own sheet", async () => {
    const wb = workbookWithRegister(20);
    const mine = wb.addSheet("TdB 1 - Déploiement");
    mine.set(0, 0, "Mes notes");
    const first = await refresh(wb);
    expect(first.ok).toBe(true);
    expect(first.sheets).toEqual(["TdB 1 - Déploiement (2)", "TdB 2 - Actions", "Détail des indicateurs"]);
    const objects = [...wb.sheets];

    const second = await refresh(wb);
    expect(second.sheets).toEqual(["TdB 1 - Déploiement (2)", "TdB 2 - Actions", "Détail des indicateurs"]);
    // The user's sheet: same object, same content, same name, never written.
    expect(mine.name).toBe("TdB 1 - Déploiement");
    expect([...mine.cells.values()]).toEqual([{ value: "Mes notes", numberFormat: "General" }]);
    expect(mine.log).toEqual([]);
    // The add-in's sheets are the same sheets as after the first refresh: nothing accumulates.
    expect(wb.sheets).toEqual(objects);
  });

  test("a sheet renamed by the user is still recognised and rewritten, under the user's name", async () => {
    const wb = workbookWithRegister(10);
    await refresh(wb);
    wb.userRename(wb.sheet("TdB 2 - Actions")!, "Actions (à présenter)");
    const again = await refresh(wb);
    expect(again.sheets).toEqual(["TdB 1 - Déploiement", "Actions (à présenter)", "Détail des indicateurs"]);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Registre", "TdB 1 - Déploiement", "Actions (à présenter)", "Détail des indicateurs"]);
  });

  test("the port rejects with a WorkbookError", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    wb.failOn = (path) => path.startsWith("worksheets.add(");
    await expect(new OfficeWorkbook(wb.run).writeDashboards([plan("tdb1", "TdB 1")])).rejects.toBeInstanceOf(WorkbookError);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Feuil1"]);
  });
});

describe("page layout", () => {
  test("fit to one page wide and as many as needed tall becomes documented numbers of pages", () => {
    // 3 rows: at most one page per row, so 3 pages tall can never constrain the printout.
    expect(zoomFor(plan("tdb1", "x"))).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 3 });
    expect(zoomFor(plan("tdb1", "x", { print: { ...plan("tdb1", "x").print, fitToHeight: 2 } }))).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 2 });
    expect(zoomFor(plan("tdb1", "x", { rowCount: 100_000 })).verticalFitToPages).toBe(32_767);
  });
});

describe("the cotation sheet", () => {
  test("written with its score formulas and drop-down lists; what a user typed there survives the next cotation, in the same sheet", async () => {
    const wb = new FakeWorkbook();
    // Two recurrent contracts; reference 01/01/2024 -> window 01/01/2025 – 01/01/2026.
    // R1: notified 01/06/2023 (45078) for 24 months -> 01/06/2025 (in); R2: 01/06/2024 (45444) + 12 -> 01/06/2025 (in).
    wb.addSheet("Registre").fill([
      ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent"],
      ["R1", "Nettoyage des écoles", 120_000, 24, 45078, "Procédure adaptée", "oui"],
      ["R2", "Papier", 20_000, 12, 45444, "Appel d'offres ouvert", "oui"],
    ]);
    const port = new OfficeWorkbook(wb.run);
    const store = new SpaserStore(port);
    const ref = { y: 2024, m: 1, d: 1, serial: Date.UTC(2024, 0, 1) / 86_400_000 };
    const first = await refreshCotation(store, port, ref, { now: NOW });
    expect(first.ok).toBe(true);
    expect(first.message).toMatch(/2 marchés à présenter/);
    const sheet = wb.sheet("Cotation CAD")!;
    const formulas = [...sheet.cells.values()].filter((c) => c.formula);
    expect(formulas).toHaveLength(2);
    expect(formulas[0].formula).toMatch(/^=MIN\(100,/);
    expect(sheet.validations.some((v) => JSON.stringify(v.props.rule).includes("oui,non"))).toBe(true);
    // The user answers "oui" for R2's first question and types the CAD's decision.
    let header = -1;
    const at = new Map<string, number>();
    for (const [k, cell] of sheet.cells) {
      const [r, c] = k.split(",").map(Number);
      if (cell.value === "N° marché") header = r;
      if (typeof cell.value === "string") at.set(`${r}:${cell.value}`, c);
    }
    const col = (title: string) => at.get(`${header}:${title}`)!;
    let r2 = -1;
    for (const [k, cell] of sheet.cells) if (cell.value === "R2" && Number(k.split(",")[1]) === 0) r2 = Number(k.split(",")[0]);
    wb.userEdit(sheet, r2, col("Offre ESS / SIAE / EA / ESAT connue sur le territoire ?"), "oui");
    wb.userEdit(sheet, r2, col("Décision CAD (actions retenues)"), "11; 14");
    const second = await refreshCotation(store, port, ref, { now: NOW });
    expect(second.message).toMatch(/saisies conservées pour 1/);
    // Same sheet (references to it keep working), new content with the answers kept.
    expect(wb.sheet("Cotation CAD")).toBe(sheet);
    expect([...sheet.cells.values()].map((c) => c.value)).toEqual(expect.arrayContaining(["11; 14"]));
    expect(wb.sheets.filter((s) => s.name.startsWith("Cotation CAD"))).toHaveLength(1);
  });
});
