/**
 * The add-in in real Excel, against the stricter fake (fake-excel.ts): one block per defect of
 * issue 10. Each test fails with the adapter as it was before the issue (noted in each block) and
 * passes now. Points 2 and 4 (localized manifest, guarded registration) are checked on the source
 * in test/build/manifest.test.ts and test/functions/register.test.ts, and on the build in
 * test/build/build.test.ts.
 */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { createAddin } from "../../src/excel/startup";
import { detectCapabilities } from "../../src/excel/capabilities";
import { LEGACY_KEY, MARK_NAME, MARK_PROPERTY } from "../../src/excel/marks";
import { buildDashboardPlans } from "../../src/dashboards";
import type { SheetPlan } from "../../src/dashboards/plan";
import { indicatorOf } from "../../src/functions/logic";
import { FakeSheet, FakeWorkbook, MAX_PAYLOAD_BYTES } from "./fake-excel";
import { registerRows, REGISTER_HEADERS, SERIAL_2024_01_01 } from "./helpers";

const NOW = () => new Date(2025, 0, 15, 10, 30);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Setup {
  wb: FakeWorkbook;
  port: OfficeWorkbook;
  store: SpaserStore;
}

/** A register of n contracts in a fake Excel of the given ExcelApi version, the port and the store. */
function setup(n = 30, api = "1.17", wb?: FakeWorkbook): Setup {
  if (!wb) {
    wb = new FakeWorkbook();
    wb.addSheet("Registre").fill(registerRows(n));
  }
  wb.apiVersion = api;
  const port = new OfficeWorkbook(wb.run, { caps: detectCapabilities(wb.requirements) });
  const store = new SpaserStore(port, { debounceMs: 20, retryDelaysMs: [40, 80], idle: () => port.exclusive.idle() });
  return { wb, port, store };
}

const refresh = (s: Setup) => refreshDashboards(s.store, s.port, buildDashboardPlans, { now: NOW });

afterEach(() => jest.useRealTimers());

// ---------------------------------------------------------------------------------------------
describe("1. reading while the user types", () => {
  // Before: Excel.run without delayForCellEdit failed in cell-edit mode; the store then set the
  // register to null (every =SPASER.TAUX flipped to #N/A) and never retried the event registration.

  test("a read waits for the end of the cell edit instead of failing", async () => {
    const s = setup();
    s.wb.beginEdit();
    let done = false;
    const started = s.store.start().then((snap) => ((done = true), snap));
    await tick(30);
    expect(done).toBe(false);
    s.wb.endEdit();
    const snap = await started;
    expect(snap.register?.contracts).toHaveLength(30);
    expect(snap.readError).toBeUndefined();
    s.store.stop();
  });

  test("a failed background read keeps the last register (functions keep their values), says « lecture reportée », and is retried", async () => {
    const s = setup();
    await s.store.start();
    const before = await s.store.current();
    // 30 contracts of 2024, clause d'insertion on even rows (15), all formalised or not: T3's value is a number.
    const t3 = indicatorOf(before, "T3", null);
    expect("value" in t3).toBe(true);

    s.wb.failOn = (path) => path.startsWith("worksheets.load");
    s.wb.userEdit(s.wb.sheet("Registre")!, 1, 1, "Objet modifié");
    await tick(60);
    const during = await s.store.current();
    expect(during.register).toBe(before.register);
    expect(during.readError).toMatch(/^Lecture du classeur impossible/);
    expect(indicatorOf(during, "T3", null)).toEqual(t3);

    s.wb.failOn = null;
    await tick(150);
    const after = await s.store.current();
    expect(after.readError).toBeUndefined();
    expect(after.register).not.toBe(before.register);
    expect(after.register?.contracts[0].objet).toBe("Objet modifié");
    s.store.stop();
  });

  test("a failed registration of the change events is tried again, then edits are followed", async () => {
    const s = setup();
    let refusals = 1;
    s.wb.failOn = (path) => path === "worksheets.onChanged.add" && refusals-- > 0;
    await s.store.start();
    expect(s.store.watching).toBe(false);
    await tick(80);
    expect(s.store.watching).toBe(true);
    const reads = s.store.reads;
    s.wb.userEdit(s.wb.sheet("Registre")!, 2, 1, "Autre objet");
    await tick(80);
    expect(s.store.reads).toBe(reads + 1);
    s.store.stop();
  });
});

// ---------------------------------------------------------------------------------------------
describe("3. the add-in's sheets survive closing and reopening the workbook", () => {
  // Before: sheets were known by their id in the workbook settings; after a reopen with new ids the
  // old dashboards were read as user data and the refresh wrote « TdB 1 - Déploiement (2) ».

  for (const api of ["1.17", "1.9"]) {
    test(`refresh, reopen (new ids), refresh: the same sheets, never read as the register (ExcelApi ${api})`, async () => {
      const first = setup(20, api);
      expect((await refresh(first)).ok).toBe(true);
      const dashboards = first.wb.sheets.slice(1);
      const idsBefore = dashboards.map((d) => d.id);
      // The mark lives in the sheet: a custom property (1.12) or a sheet-scoped name.
      expect(dashboards.every((d) => (api === "1.17" ? d.customProperties.has(MARK_PROPERTY) : d.names.has(MARK_NAME)))).toBe(true);

      first.wb.reopen();
      expect(dashboards.map((d) => d.id)).not.toEqual(idsBefore);
      const again = setup(20, api, first.wb);
      const { grids } = await again.port.readGrids();
      expect(grids.map((g) => g.sheet)).toEqual(["Registre"]);
      const outcome = await refresh(again);
      expect(outcome.ok).toBe(true);
      expect(outcome.sheets).toEqual(["TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
      expect(first.wb.sheets).toEqual([first.wb.sheets[0], ...dashboards]);
    });
  }

  test("a workbook of an earlier version (sheets recorded by ids that changed since) keeps its sheets", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Registre").fill(registerRows(12));
    const old1 = wb.addSheet("TdB 1 - Déploiement").fill([["ancien tableau de bord 1"]]);
    const old2 = wb.addSheet("TdB 2 - Actions").fill([["ancien tableau de bord 2"]]);
    // Recorded under ids of an earlier session.
    wb.settings.set(LEGACY_KEY, JSON.stringify([{ id: "{ancien-1}", kind: "tdb1" }, { id: "{ancien-2}", kind: "tdb2" }]));
    const s = setup(12, "1.17", wb);
    const { grids } = await s.port.readGrids();
    expect(grids.map((g) => g.sheet)).toEqual(["Registre"]);
    const outcome = await refresh(s);
    expect(outcome.sheets).toEqual(["TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
    // The detail sheet did not exist in that version: it is new.
    expect(wb.sheets).toEqual([wb.sheets[0], old1, old2, wb.sheet("Détail des indicateurs")]);
    expect(old1.value(0, 0)).not.toBe("ancien tableau de bord 1");
    // From now on the sheets carry their mark, and the old record is gone.
    expect(old1.customProperties.has(MARK_PROPERTY)).toBe(true);
    expect(wb.settings.has(LEGACY_KEY)).toBe(false);
  });

  test("the answers typed in the Cotation CAD sheet are kept after a reopen", async () => {
    const wb = new FakeWorkbook();
    // R1 notified 01/06/2023 for 24 months -> next award 01/06/2025, in the window of 01/01/2024.
    wb.addSheet("Registre").fill([
      ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent"],
      ["R1", "Nettoyage des écoles", 120_000, 24, 45078, "Procédure adaptée", "oui"],
    ]);
    const ref = { y: 2024, m: 1, d: 1, serial: Date.UTC(2024, 0, 1) / 86_400_000 };
    const a = setup(0, "1.17", wb);
    expect((await refreshCotation(a.store, a.port, ref, { now: NOW })).ok).toBe(true);
    const sheet = wb.sheet("Cotation CAD") as FakeSheet;
    const cellOf = (text: string) => [...sheet.cells.entries()].find(([, c]) => c.value === text)![0].split(",").map(Number);
    const [header, decisionCol] = cellOf("Décision CAD (actions retenues)");
    const [row] = cellOf("R1");
    expect(row).toBeGreaterThan(header);
    wb.userEdit(sheet, row, decisionCol, "8; 14");

    wb.reopen();
    const b = setup(0, "1.17", wb);
    const second = await refreshCotation(b.store, b.port, ref, { now: NOW });
    expect(second.message).toMatch(/saisies conservées pour 1/);
    expect(sheet.value(row, decisionCol)).toBe("8; 14");
  });
});

// ---------------------------------------------------------------------------------------------
describe("5. formulas written by the add-in are calculated", () => {
  // Before: the cotation score formulas were written in the sync that suspended calculation and
  // never recalculated.
  test("the potentiel durable formulas of the Cotation CAD sheet are not left stale", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Registre").fill([
      ["N° marché", "Objet", "Montant HT", "Durée (mois)", "Date de notification", "Procédure", "Récurrent"],
      ["R1", "Nettoyage des écoles", 120_000, 24, 45078, "Procédure adaptée", "oui"],
      ["R2", "Papier", 20_000, 12, 45444, "Appel d'offres ouvert", "oui"],
    ]);
    const s = setup(0, "1.17", wb);
    const ref = { y: 2024, m: 1, d: 1, serial: Date.UTC(2024, 0, 1) / 86_400_000 };
    for (let i = 0; i < 2; i++) {
      expect((await refreshCotation(s.store, s.port, ref, { now: NOW })).ok).toBe(true);
      const formulas = [...(wb.sheet("Cotation CAD") as FakeSheet).cells.values()].filter((c) => c.formula);
      expect(formulas).toHaveLength(2);
      expect(formulas.map((c) => c.stale)).toEqual([false, false]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
/** Two small plans drawn by hand. */
function smallPlans(): SheetPlan[] {
  const base = (kind: SheetPlan["kind"], name: string): SheetPlan => ({
    name,
    kind,
    columnWidths: [20],
    rowHeights: {},
    styles: {},
    cells: [{ r: 0, c: 0, value: name }],
    merges: [],
    conditionalFormats: [],
    charts: [],
    print: { orientation: "landscape", paperSize: "A4", fitToWidth: 1, fitToHeight: 0, header: {}, footer: {} },
    rowCount: 1,
    colCount: 1,
    showGridLines: false,
  });
  return [base("tdb1", "TdB 1 - Déploiement"), base("tdb2", "TdB 2 - Actions")];
}

describe("6. two refreshes at once", () => {
  // Before: both runs used the temporary name « SPASER en cours tdb1 »; the second failed and its
  // recovery deleted the first run's sheets.

  test("the ribbon and the pane at the same time: one refresh, the other waits for it", async () => {
    const s = setup(40);
    const addin = createAddin(s.port, { store: s.store });
    const [pane, ribbon] = await Promise.all([addin.refresh({ origin: "volet" }), addin.refresh({ origin: "ruban" })]);
    expect(pane.ok).toBe(true);
    expect(ribbon).toBe(pane);
    expect(s.wb.sheets.map((x) => x.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
    // And a refresh asked for after the first ended runs again.
    const third = await addin.refresh({ origin: "ruban" });
    expect(third).not.toBe(pane);
    expect(third.ok).toBe(true);
  });

  test("two writes through the same port run one after the other", async () => {
    const s = setup(40);
    const [a, b] = await Promise.all([refresh(s), refresh(s)]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(s.wb.sheets.map((x) => x.name)).toEqual(["Registre", "TdB 1 - Déploiement", "TdB 2 - Actions", "Détail des indicateurs"]);
  });

  test("two sessions writing at once (co-authors): temporary names differ, and a failed run removes only its own sheets", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Feuil1");
    const caps = detectCapabilities(wb.requirements);
    const a = new OfficeWorkbook(wb.run, { caps, writer: { runId: () => "aaaaaa" } });
    const b = new OfficeWorkbook(wb.run, { caps, writer: { runId: () => "bbbbbb" } });
    const temporary = new Set<string>();
    // B fails while drawing its second staging sheet, after A and B have both started staging.
    wb.failOn = (path) => {
      for (const s of wb.sheets) if (s.name.includes("~")) temporary.add(s.name);
      return path.startsWith("new(SPASER ~bbbbbb 2)");
    };
    const [ra, rb] = await Promise.allSettled([a.writeDashboards(smallPlans()), b.writeDashboards(smallPlans())]);
    expect(ra.status).toBe("fulfilled");
    expect(rb.status).toBe("rejected");
    expect(String((rb as PromiseRejectedResult).reason.message)).toContain("Les tableaux de bord précédents sont conservés tels quels.");
    expect(wb.sheets.map((x) => x.name)).toEqual(["Feuil1", "TdB 1 - Déploiement", "TdB 2 - Actions"]);
    expect(wb.sheet("TdB 1 - Déploiement")?.value(0, 0)).toBe("TdB 1 - Déploiement");
    // Each run had its own temporary sheets.
    expect([...temporary].some((n) => n.includes("~aaaaaa"))).toBe(true);
    expect([...temporary].some((n) => n.includes("~bbbbbb"))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe("7. requests bounded by bytes", () => {
  // Before: reads took 200 000 cells per sync whatever their length, and a whole refresh went in
  // one request: over Excel on the web's 5 MB for long texts or big sheets.

  test("a register with long texts is read in responses under 5 MB", async () => {
    const wb = new FakeWorkbook();
    const rows = registerRows(30_000).map((r, i) => (i === 0 ? r : r.map((v, c) => (c === 1 ? `${String(v)} — ${"description détaillée du besoin ".repeat(7)}` : v))));
    wb.addSheet("Registre").fill(rows);
    const port = new OfficeWorkbook(wb.run);
    const { grids } = await port.readGrids();
    expect(grids[0].rows).toHaveLength(30_001);
    expect(String(grids[0].rows[30_000][1])).toMatch(/^Objet 30000 — description/);
    // ≈ 30 000 rows × 330 bytes ≈ 10 MB of values: several responses, each under the limit.
    expect(Math.max(...wb.requests.map((r) => r.responseBytes))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(wb.requests.map((r) => r.responseBytes).reduce((x, y) => x + y, 0)).toBeGreaterThan(9 * 1024 * 1024);
    expect(port.lastReadSyncs).toBeLessThanOrEqual(8);
  }, 60_000);

  test("a sheet of 60 000 rows (a drill-down list) is written in requests under 5 MB", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Registre");
    const cells: SheetPlan["cells"] = [];
    for (let r = 0; r < 60_000; r++) {
      cells.push({ r, c: 0, value: "A8.R1" }, { r, c: 1, value: `M${String(r).padStart(6, "0")}` }, { r, c: 2, value: `Objet du marché numéro ${r}` }, { r, c: 3, value: 12_345.67 }, { r, c: 4, value: "dénominateur seul" });
    }
    const detail: SheetPlan = { ...smallPlans()[0], name: "Détail des indicateurs", cells, rowCount: 60_000, colCount: 5, columnWidths: [10, 12, 40, 14, 18] };
    const port = new OfficeWorkbook(wb.run);
    await port.writeDashboards([detail]);
    expect(wb.sheet("Détail des indicateurs")?.value(59_999, 1)).toBe("M059999");
    expect(Math.max(...wb.requests.map((r) => r.bytes))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    // ≈ 60 000 × (values 90 + formats 30 bytes) ≈ 7 MB: a few requests, not one per block of cells.
    expect(wb.syncs).toBeLessThanOrEqual(8);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
describe("8. a refresh keeps the dashboard sheets", () => {
  // Before: the old sheets were deleted and new ones added: a user's ='TdB 1 - Déploiement'!C7
  // became #REF!.

  test("same sheets (what points at them keeps pointing), new content", async () => {
    const s = setup(10);
    await refresh(s);
    const tdb1 = s.wb.sheet("TdB 1 - Déploiement") as FakeSheet;
    const id = tdb1.id;
    const text = () => [...tdb1.cells.values()].map((c) => c.value).join("|");
    const before = text();
    s.wb.sheet("Registre")!.fill(registerRows(25));
    const outcome = await refresh(s);
    expect(outcome.ok).toBe(true);
    expect(tdb1.deleted).toBe(false);
    expect(s.wb.sheet("TdB 1 - Déploiement")).toBe(tdb1);
    expect(tdb1.id).toBe(id);
    expect(text()).not.toBe(before);
    expect(s.wb.sheets.filter((x) => x.visibility !== "Visible")).toEqual([]);
  });

  /** Failure points of a refresh over existing dashboards, from the first request to the last. */
  const FAILURES: [string, (path: string, sheet: FakeSheet | null) => boolean][] = [
    ["the inventory", (p) => p === "worksheets.load(items/name,items/id,items/visibility)"],
    ["adding a staging sheet", (p) => p.startsWith("worksheets.add(")],
    ["hiding a staging sheet", (p) => p.startsWith("new(") && p.endsWith(".visibility")],
    ["the values of the staging sheet", (p, sh) => p.endsWith(".values") && !!sh?.name.includes("~")],
    ["the cell formats of the staging sheet", (p) => p.startsWith("getRanges(")],
    ["the backup copy", (p) => p.includes(".copy(")],
    ["clearing the dashboard", (p, sh) => p.endsWith(".clear(All)") && sh?.name === "TdB 2 - Actions"],
    ["copying the new cells in", (p, sh) => p.includes(".copyFrom(") && sh?.name === "TdB 2 - Actions"],
    ["a column width", (p, sh) => p.endsWith("format.columnWidth") && sh?.name === "TdB 2 - Actions"],
    ["a new chart", (p) => p.startsWith("charts.add(")],
    ["the page layout", (p, sh) => p.endsWith("pageLayout.zoom") && sh?.name === "TdB 2 - Actions"],
    ["the first previous chart's deletion", (p) => /^chart\(.*\)\.delete\(\)$/.test(p)],
  ];

  for (const [step, fail] of FAILURES) {
    test(`a failure at ${step} leaves the previous dashboards exactly as they were`, async () => {
      const s = setup(15);
      await refresh(s);
      const before = s.wb.sheets.map((x) => x.snapshot());
      const objects = [...s.wb.sheets];
      s.wb.sheet("Registre")!.fill(registerRows(30));
      const registre = s.wb.sheet("Registre")!.snapshot();
      let failed = false;
      s.wb.failOn = (p, sh) => !failed && fail(p, sh) && (failed = true);
      const outcome = await refresh(s);
      expect(failed).toBe(true);
      expect(outcome.ok).toBe(false);
      expect(outcome.message).toMatch(/^Les tableaux de bord n'ont pas pu être écrits \(Excel a répondu : Échec simulé sur .*\)\. Les tableaux de bord précédents sont conservés tels quels\.$/);
      expect(s.wb.sheets).toEqual(objects);
      expect(s.wb.sheets.map((x) => x.snapshot())).toEqual([registre, ...before.slice(1)]);
      // And the next refresh goes through.
      s.wb.failOn = null;
      expect((await refresh(s)).ok).toBe(true);
    });
  }

  test("a protected dashboard: nothing is touched and the message says which sheet and what to do", async () => {
    const s = setup(15);
    await refresh(s);
    const before = s.wb.sheets.map((x) => x.snapshot());
    (s.wb.sheet("TdB 1 - Déploiement") as FakeSheet).protected = true;
    s.wb.sheet("Registre")!.fill(registerRows(30));
    const outcome = await refresh(s);
    expect(outcome.message).toBe(
      "Les tableaux de bord n'ont pas pu être écrits (la feuille « TdB 1 - Déploiement » est protégée : retirez la protection (Révision > Ôter la protection de la feuille) puis recommencez). Les tableaux de bord précédents sont conservés tels quels.",
    );
    expect(s.wb.sheets.slice(1).map((x) => x.snapshot())).toEqual(before.slice(1));
  });

  test("a failure after the new content is in place (removing the temporary sheets) is only reported", async () => {
    const s = setup(15);
    await refresh(s);
    s.wb.failOn = (p, sh) => p.endsWith(".delete()") && !!sh?.name.includes("~");
    const outcome = await refresh(s);
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/Attention : des feuilles temporaires masquées « SPASER ~\w+ … » n'ont pas pu être supprimées/);
  });
});

// ---------------------------------------------------------------------------------------------
describe("9. the add-in's own writes do not make it read again; renames do", () => {
  // Before: the deletion events of the replaced sheets (and, without ids yet, the new ones) were
  // taken for user changes: one more full read after every refresh. Renames were not watched.

  for (const api of ["1.17", "1.9"]) {
    test(`a refresh reads the register once and no more (ExcelApi ${api})`, async () => {
      const s = setup(20, api);
      await s.store.start();
      await refresh(s);
      await tick(100);
      const reads = s.store.reads;
      await refresh(s);
      await tick(100);
      // The refresh's own read only.
      expect(s.store.reads).toBe(reads + 1);
      expect(s.wb.events.filter((e) => e.event === "worksheets.onChanged").length).toBeGreaterThan(0);
      s.store.stop();
    });

    test(`a user's edit during a refresh is still followed by a read (ExcelApi ${api})`, async () => {
      const s = setup(20, api);
      await s.store.start();
      await refresh(s);
      await tick(100);
      const reads = s.store.reads;
      const running = refresh(s);
      await tick(0);
      s.wb.userEdit(s.wb.sheet("Registre")!, 1, 1, "Saisi pendant l'actualisation");
      await running;
      await tick(150);
      expect(s.store.reads).toBe(reads + 2);
      expect((await s.store.current()).register?.contracts[0].objet).toBe("Saisi pendant l'actualisation");
      s.store.stop();
    });
  }

  test("renaming the register's sheet is followed by a read (issues name the new sheet)", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("Registre").fill([REGISTER_HEADERS, ["M1", "Objet", "douze", SERIAL_2024_01_01, "MAPA", "oui", "non", "", "oui", "Services"]]);
    const s = setup(0, "1.17", wb);
    const first = await s.store.start();
    expect(first.register?.issues.some((i) => i.cell === "Registre!C2")).toBe(true);
    wb.userRename(wb.sheet("Registre")!, "Marchés 2024");
    await tick(80);
    const after = await s.store.current();
    expect(after.register?.issues.some((i) => i.cell === "'Marchés 2024'!C2")).toBe(true);
    s.store.stop();
  });
});

// ---------------------------------------------------------------------------------------------
describe("10. documented page layout values", () => {
  // Before: verticalFitToPages 0, which PageLayoutZoomOptions does not document (the fake, like
  // the documentation, accepts whole numbers of pages ≥ 1 or a scale of 10 to 400).
  test("the dashboards print one page wide and at most one page per row tall", async () => {
    const s = setup(10);
    expect((await refresh(s)).ok).toBe(true);
    for (const sheet of s.wb.sheets.slice(1)) {
      const zoom = sheet.props.get("pageLayout.zoom") as Excel.PageLayoutZoomOptions;
      expect(zoom.horizontalFitToPages).toBe(1);
      expect(Number.isInteger(zoom.verticalFitToPages) && (zoom.verticalFitToPages as number) >= 1).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("11. optional features follow isSetSupported", () => {
  // Before: conditional formats and charts were drawn whatever the Excel; one without them failed
  // the whole refresh.
  test("an Excel without conditional formats (before ExcelApi 1.6) still gets its dashboards, and is told what is missing", async () => {
    const s = setup(10, "1.5");
    const outcome = await refresh(s);
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/Attention : graphiques, mises en forme conditionnelles et liens vers le détail des indicateurs non dessinés : cette version d'Excel ne les prend pas en charge/);
    expect(s.wb.sheets.slice(1).every((x) => x.conditionalFormats.length === 0 && x.charts.length === 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe("the fake itself", () => {
  test("models what the adapter relies on: cell-edit failure, payload limit, sheet names, new ids on reopen", async () => {
    const wb = new FakeWorkbook();
    const s = wb.addSheet("Feuil1");
    wb.beginEdit();
    await expect(wb.run(async (ctx) => ctx.sync())).rejects.toMatchObject({ code: "InvalidOperationInCellEditMode" });
    wb.endEdit();
    await expect(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Feuil1").getRangeByIndexes(0, 0, 1, 1).values = [["x".repeat(MAX_PAYLOAD_BYTES)]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    for (const bad of ["a".repeat(32), "a:b", "x/y", "[x]", "'x", "History", "feuil1"]) {
      await expect(
        wb.run(async (ctx) => {
          ctx.workbook.worksheets.add(bad);
          await ctx.sync();
        }),
      ).rejects.toBeDefined();
    }
    const id = s.id;
    wb.reopen();
    expect(s.id).not.toBe(id);
  });
});
