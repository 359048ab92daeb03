/** The Office.js adapter against an in-memory Excel (fake-excel.ts) that counts context.sync(). */
import { OfficeWorkbook, READ_SYNC_CELLS, SETTINGS_KEY } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { WorkbookError } from "../../src/excel/port";
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

async function refresh(wb: FakeWorkbook) {
  const port = new OfficeWorkbook(wb.run);
  const store = new SpaserStore(port);
  return refreshDashboards(store, port, buildDashboardPlans, { now: NOW });
}

/** A small plan drawn by hand. */
function plan(kind: SheetPlan["kind"], name: string, extra: Partial<SheetPlan> = {}): SheetPlan {
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
  test("tables first, then sheets; a sheet with tables is given as its tables only; the add-in's sheets are skipped", async () => {
    const wb = new FakeWorkbook();
    const reg = wb.addSheet("Marchés 2024");
    reg.fill([["Registre des marchés de la Ville"], [], REGISTER_HEADERS.slice(0, 3), ["M1", "Voirie", 120_000]], 0, 1);
    const suivi = wb.addSheet("Suivi");
    wb.addTable("Activites", suivi, 2, 0, [["Action", "Statut", "Date"], [1, "Réalisée", 45300]]);
    suivi.set(10, 5, "note libre sous le tableau");
    wb.addSheet("Vide");
    const dash = wb.addSheet("TdB 1 - Déploiement");
    dash.set(0, 0, "ancien tableau de bord");
    wb.settings.set(SETTINGS_KEY, JSON.stringify([{ id: dash.id, kind: "tdb1" }]));

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

  test("a big register is read in blocks, loading values only; syncs grow with the cells read, by READ_SYNC_CELLS", async () => {
    const wb = workbookWithRegister(50_000);
    const { grids } = await new OfficeWorkbook(wb.run).readGrids();
    expect(grids).toHaveLength(1);
    expect(grids[0].rows).toHaveLength(50_001);
    expect(grids[0].rows[50_000][0]).toBe("M050000");
    // 50 001 rows × 10 columns = 500 010 cells; 200 000 cells per sync → 3 syncs of values,
    // plus 1 for the sheets and tables and 1 for the ranges' sizes = 5.
    expect(READ_SYNC_CELLS).toBe(200_000);
    expect(wb.syncs).toBe(5);
    expect(wb.runs).toBe(1);
  });
});

describe("writing the dashboards", () => {
  test("the number of syncs does not grow with the register: 100 and 50 000 contracts", async () => {
    const counts: number[] = [];
    for (const n of [100, 50_000]) {
      const wb = workbookWithRegister(n);
      const port = new OfficeWorkbook(wb.run);
      const store = new SpaserStore(port);
      await store.reload();
      const readSyncs = wb.syncs;
      const outcome = await refreshDashboards(store, port, buildDashboardPlans, { now: NOW });
      expect(outcome.ok).toBe(true);
      // refreshDashboards reads again (same count as above), then writes.
      counts.push(wb.syncs - 2 * readSyncs);
      expect(wb.appLog).toContain("suspendCalc");
      expect(wb.appLog).toContain("suspendScreen");
      expect(wb.sheets.map((s) => s.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions"]);
    }
    // Write: 1 sync to list sheets and settings, 1 for the new sheets, 1 to swap them in.
    expect(counts).toEqual([3, 3]);
  }, 120_000);

  test("the sheet of a plan holds its values, formats, merges, freeze, chart and page layout; text stays text", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    const port = new OfficeWorkbook(wb.run);
    const res = await port.writeDashboards([plan("tdb1", "TdB 1 - Déploiement")]);
    expect(res.sheets.map((s) => s.name)).toEqual(["TdB 1 - Déploiement"]);
    const s = wb.sheet("TdB 1 - Déploiement")!;
    expect(s.get(0, 0)).toEqual({ value: "Titre", numberFormat: "@" });
    // A register text that looks like a formula is written as text, not run as a formula.
    expect(s.get(1, 0)).toEqual({ value: "=SOMME(A1:A3)", numberFormat: "@" });
    expect(s.get(2, 0)).toEqual({ value: "30 %", numberFormat: "@" });
    expect(s.get(1, 1)).toEqual({ value: 0.25, numberFormat: "0.0 %" });
    const paths = s.log.map((e) => e.path);
    expect(paths).toContain("getRangeByIndexes(0,0,1,2).merge(false)");
    expect(paths).toContain("freezePanes.freezeRows(1)");
    const chart = "charts.add(BarClustered,getRange(B2:B3),Columns)";
    expect(paths.filter((p) => p === chart)).toHaveLength(1);
    expect(paths).toContain(`${chart}.setPosition(A5,B15)`);
    expect(paths).toContain(`${chart}.series.getItemAt(0).setXAxisValues(getRange(A2:A3))`);
    expect(s.log.find((e) => e.path === `${chart}.title.text`)?.value).toBe("Taux");
    expect(s.log.find((e) => e.path === "pageLayout.orientation")?.value).toBe("Landscape");
    expect(s.log.find((e) => e.path === "pageLayout.zoom")?.value).toEqual({ horizontalFitToPages: 1, verticalFitToPages: 0 });
    expect(paths).toContain("pageLayout.setPrintTitleRows($1:$1)");
    expect(s.log.find((e) => e.path === "pageLayout.headersFooters.defaultForAllPages.rightFooter")?.value).toBe("Page &P / &N");
    expect(s.log.find((e) => e.path === "showGridlines")?.value).toBe(false);
    // Conditional format "text equals": a CellValue rule ="Atteint".
    expect(s.log.find((e) => e.path.endsWith("cellValue.rule"))?.value).toEqual({ formula1: '="Atteint"', operator: "EqualTo" });
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
  });
});

describe("ownership of the sheets", () => {
  test("a user's sheet with the dashboard's name is never touched; the add-in uses another name, and replaces only its own sheet", async () => {
    const wb = workbookWithRegister(20);
    const mine = wb.addSheet("TdB 1 - Déploiement");
    mine.set(0, 0, "Mes notes");
    const first = await refresh(wb);
    expect(first.ok).toBe(true);
    expect(first.sheets).toEqual(["TdB 1 - Déploiement (2)", "TdB 2 - Actions"]);
    const ids1 = wb.sheets.map((s) => s.id);

    const second = await refresh(wb);
    expect(second.sheets).toEqual(["TdB 1 - Déploiement (2)", "TdB 2 - Actions"]);
    // The user's sheet: same object, same content, same name.
    expect(wb.sheets).toContain(mine);
    expect(mine.name).toBe("TdB 1 - Déploiement");
    expect([...mine.cells.values()]).toEqual([{ value: "Mes notes", numberFormat: "General" }]);
    expect(mine.log).toEqual([]);
    // The add-in's previous sheets were replaced by new ones (new ids), nothing accumulates.
    expect(wb.sheets).toHaveLength(4);
    const ids2 = wb.sheets.map((s) => s.id);
    expect(ids2.slice(0, 2)).toEqual(ids1.slice(0, 2));
    expect(ids2.slice(2).some((id) => ids1.includes(id))).toBe(false);
    expect(JSON.parse(wb.settings.get(SETTINGS_KEY) as string).map((o: { id: string }) => o.id)).toEqual(ids2.slice(2));
  });

  test("a sheet renamed by the user is still recognised by its id and replaced", async () => {
    const wb = workbookWithRegister(10);
    await refresh(wb);
    wb.sheet("TdB 2 - Actions")!.name = "Actions (ancien)";
    await refresh(wb);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions"]);
  });
});

describe("a failure in the middle of a refresh", () => {
  test("while the new sheets are written: the previous dashboards stay as they were, with a French message", async () => {
    const wb = workbookWithRegister(30);
    await refresh(wb);
    const before = wb.sheets.map((s) => ({ id: s.id, name: s.name, cells: new Map(s.cells) }));
    const setting = wb.settings.get(SETTINGS_KEY);

    wb.failOn = (path) => path.startsWith("charts.add(");
    const outcome = await refresh(wb);

    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^Les tableaux de bord n'ont pas pu être écrits \(Excel a répondu : Échec simulé sur charts\.add/);
    expect(outcome.message).toContain("Les tableaux de bord précédents sont conservés tels quels.");
    expect(wb.sheets.map((s) => ({ id: s.id, name: s.name, cells: s.cells }))).toEqual(before);
    expect(wb.settings.get(SETTINGS_KEY)).toBe(setting);
  });

  test("while the old sheets are removed: nothing is lost and the next refresh puts things right", async () => {
    const wb = workbookWithRegister(30);
    await refresh(wb);
    const oldIds = wb.sheets.slice(1).map((s) => s.id);
    wb.failOn = (path, sheet) => path.endsWith(".delete()") && sheet !== null && sheet.id === oldIds[1];
    const outcome = await refresh(wb);
    expect(outcome.ok).toBe(false);
    // The first old sheet was already gone when the second refused: the new sheets are kept and recorded.
    expect(outcome.message).toContain("n'ont été écrits qu'en partie");
    wb.failOn = null;
    const again = await refresh(wb);
    expect(again.ok).toBe(true);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions"]);
  });

  test("the port rejects with a WorkbookError", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    wb.failOn = (path) => path.startsWith("worksheets.add(");
    await expect(new OfficeWorkbook(wb.run).writeDashboards([plan("tdb1", "TdB 1")])).rejects.toBeInstanceOf(WorkbookError);
    expect(wb.sheets.map((s) => s.name)).toEqual(["Feuil1"]);
  });
});

describe("the cotation sheet", () => {
  test("written with its score formulas and drop-down lists; what a user typed there survives the next cotation", async () => {
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
    expect(sheet.log.some((e) => e.path.endsWith(".formulas") && String((e.value as string[][])[0][0]).startsWith("=MIN(100,"))).toBe(true);
    expect(sheet.log.some((e) => e.path.endsWith("dataValidation.rule") && JSON.stringify(e.value).includes("oui,non"))).toBe(true);
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
    sheet.set(r2, col("Offre ESS / SIAE / EA / ESAT connue sur le territoire ?"), "oui");
    sheet.set(r2, col("Décision CAD (actions retenues)"), "11; 14");
    const second = await refreshCotation(store, port, ref, { now: NOW });
    expect(second.message).toMatch(/saisies conservées pour 1/);
    const again = wb.sheet("Cotation CAD")!;
    expect(again).not.toBe(sheet);
    const values = [...again.cells.values()].map((c) => c.value);
    expect(values).toEqual(expect.arrayContaining(["11; 14"]));
    // Only one cotation sheet: the previous one was replaced.
    expect(wb.sheets.filter((s) => s.name.startsWith("Cotation CAD"))).toHaveLength(1);
  });
});
