/**
 * The add-in's last documented gaps (issue 16, section 6), against the fake Excel of
 * fake-excel.ts: one block per defect, each failing with the adapter as it was before (noted in
 * each block).
 */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { refreshDashboards } from "../../src/excel/refresh";
import { detectCapabilities } from "../../src/excel/capabilities";
import { buildDashboardPlans } from "../../src/dashboards";
import { readWorkbook } from "../../src/register/read";
import { computeIndicators } from "../../src/indicators/engine";
import { MAX_ROWS_PER_INDICATOR } from "../../src/dashboards/detail";
import { encodeMark, IDENTITY_KEY, MARK_PROPERTY } from "../../src/excel/marks";
import { FakeWorkbook, MAX_PAYLOAD_BYTES } from "./fake-excel";
import { registerRows } from "./helpers";

const NOW = () => new Date(2025, 0, 15, 10, 30);

interface Setup {
  wb: FakeWorkbook;
  port: OfficeWorkbook;
  store: SpaserStore;
}

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

// ---------------------------------------------------------------------------------------------
describe("4. a register at Excel's row limit", () => {
  // Before: the detail sheet gathered an indicator's lines with out.push(...inNum, ...denOnly): a
  // spread of one argument per contract, which overflows the call stack past about 120,000
  // contracts ("Maximum call stack size exceeded" at 1,048,575 rows).
  test("an indicator over 150,000 contracts gets its 500 lines and the count of the others", () => {
    const reg = readWorkbook([{ sheet: "Registre", rows: registerRows(30) }], ["Registre"]);
    const res = computeIndicators(reg, { year: 2024, detail: true });
    // One rate whose denominator holds 150,000 contracts, none in its numerator.
    const id = res.definitions.find((d) => !d.sameAs && res.indicators[d.id]?.detail?.denominator)?.id as string;
    const ids = Array.from({ length: 150_000 }, (_, i) => `M${i + 1}`);
    res.indicators[id] = { ...res.indicators[id], detail: { numerator: [], denominator: ids } };
    const detail = buildDashboardPlans(reg, res, { now: NOW() }).find((p) => p.kind === "detail");
    // 150,000 lines "dénominateur seul", of which MAX_ROWS_PER_INDICATOR (500) are written and
    // 150,000 - 500 = 149,500 announced.
    expect(MAX_ROWS_PER_INDICATOR).toBe(500);
    expect(detail?.cells.some((c) => typeof c.value === "string" && /… et 149\s?500 autres lignes/.test(c.value))).toBe(true);
    expect(detail?.cells.filter((c) => c.value === "dénominateur seul" && detail.cells.some((x) => x.r === c.r && x.value === id))).toHaveLength(500);
  });
});

// ---------------------------------------------------------------------------------------------
describe("1. reads bounded by bytes", () => {
  // Before: readOwnSheets loaded the whole used range of « Cotation CAD » in one response: past
  // about 9,700 rows it passed 5 MB and « Préparer la cotation CAD » failed for good.
  test("a cotation sheet of 10,000 rows is read whole, every response under 5 MB", async () => {
    const s = setup(5);
    const cot = s.wb.addSheet("Cotation CAD");
    cot.customProperties.set(MARK_PROPERTY, encodeMark({ kind: "cotation", role: "dashboard" }));
    // 10,000 rows × 4 columns of 140-character comments: 10,000 × 4 × (140 + 3) ≈ 5.7 MB of JSON.
    const rows = Array.from({ length: 10_000 }, (_, r) => Array.from({ length: 4 }, (_, c) => `L${r}C${c} `.padEnd(140, "x")));
    cot.fill(rows);
    const from = s.wb.requests.length;
    const grids = await s.port.readOwnSheets("cotation");
    expect(grids).toHaveLength(1);
    expect(grids[0].rows).toHaveLength(10_000);
    expect(grids[0].rows[9_999][3]).toBe(rows[9_999][3]);
    // Several responses (a first one refused as too big is read again in halves, as the register's).
    expect(s.wb.requests.length - from).toBeGreaterThan(2);
  });

  // Before: the restore after a failed refresh read the row heights of the whole area in one
  // getRowProperties: a user's cell at row 150,000 of a dashboard made it 150,000 × ~50 bytes
  // (7 MB), the restore failed and the dashboards were left half written.
  test("a failed refresh over a dashboard used down to row 150,000 is undone whole", async () => {
    const s = setup(15);
    expect((await refresh(s)).ok).toBe(true);
    s.wb.sheet("TdB 1 - Déploiement")!.set(149_999, 0, "note");
    const before = s.wb.sheets.map((x) => x.snapshot());
    let failed = false;
    s.wb.failOn = (p, sh) => !failed && p.includes(".copyFrom(") && sh?.name === "TdB 2 - Actions" && (failed = true);
    const outcome = await refresh(s);
    expect(failed).toBe(true);
    expect(outcome.message).toMatch(/Les tableaux de bord précédents sont conservés tels quels\.$/);
    expect(s.wb.sheets.map((x) => x.snapshot())).toEqual(before);
    expect(Math.max(...s.wb.requests.map((r) => Math.max(r.bytes, r.responseBytes)))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });
});

// ---------------------------------------------------------------------------------------------
describe("2. a user's copy of an add-in sheet", () => {
  /** What « Déplacer ou copier… > Créer une copie » does: the copy carries the mark, at `index`. */
  const userCopy = (wb: FakeWorkbook, name: string, copyName: string, index: number) => {
    const copy = wb.sheet(name)!.clone(wb.newSheetId(), copyName);
    wb.sheets.splice(index, 0, copy);
    return copy;
  };

  // Before: the writer took the first sheet bearing the mark of TdB 1 in tab order: an archived
  // copy placed before the original was rewritten and the original went stale.
  test("an archive of TdB 1 placed before the original is left as it is; the original is rewritten", async () => {
    const s = setup(15);
    expect((await refresh(s)).ok).toBe(true);
    const archive = userCopy(s.wb, "TdB 1 - Déploiement", "TdB 1 archive 2024", 1);
    const kept = archive.snapshot();
    const original = s.wb.sheet("TdB 1 - Déploiement")!;
    const before = JSON.stringify([...original.cells]);
    s.wb.sheet("Registre")!.fill(registerRows(30));
    const outcome = await refresh(s);
    expect(outcome.ok).toBe(true);
    expect(outcome.sheets).toContain("TdB 1 - Déploiement");
    expect(archive.snapshot()).toEqual(kept);
    // 15 then 30 contracts: the original shows the new figures.
    expect(JSON.stringify([...original.cells])).not.toBe(before);
  });

  test("after reopening (new ids), the archive is still told from the original by its name", async () => {
    const s = setup(15);
    expect((await refresh(s)).ok).toBe(true);
    const archive = userCopy(s.wb, "TdB 1 - Déploiement", "TdB 1 archive 2024", 1);
    const kept = archive.snapshot();
    s.wb.reopen();
    s.wb.sheet("Registre")!.fill(registerRows(30));
    expect((await refresh(s)).ok).toBe(true);
    expect(archive.snapshot()).toEqual(kept);
  });

  // Before: readOwnSheets and readGrids took every sheet marked « cotation »: a copy of the
  // « Cotation CAD » sheet was read twice (its decisions counted twice).
  test("a copied « Cotation CAD » is read once, the original only", async () => {
    const s = setup(5);
    const cot = s.wb.addSheet("Cotation CAD");
    cot.customProperties.set(MARK_PROPERTY, encodeMark({ kind: "cotation", role: "dashboard" }));
    cot.fill([["N° marché", "Décision CAD"], ["M000001", "oui"]]);
    s.wb.settings.set(IDENTITY_KEY, JSON.stringify({ cotation: { id: cot.id, name: cot.name } }));
    userCopy(s.wb, "Cotation CAD", "Cotation CAD (2)", 1);
    const own = await s.port.readOwnSheets("cotation");
    expect(own.map((g) => g.sheet)).toEqual(["Cotation CAD"]);
    const { grids } = await s.port.readGrids();
    expect(grids.map((g) => g.sheet)).toEqual(["Registre", "Cotation CAD"]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("3. one refresh, one undo step", () => {
  // Before: every batch ran with { delayForCellEdit } only: a refresh was dozens of undo steps.
  test("where Excel has ExcelApi 1.20 the refresh's batch is one undo group; not before", async () => {
    const s = setup(15, "1.20");
    expect((await refresh(s)).ok).toBe(true);
    expect(s.wb.runOptions.filter((o) => o.mergeUndoGroup)).toHaveLength(1);
    const old = setup(15, "1.17");
    expect((await refresh(old)).ok).toBe(true);
    expect(old.wb.runOptions.some((o) => "mergeUndoGroup" in o)).toBe(false);
  });

  test("a command without undo support: the refresh is written again without the group, and says so", async () => {
    const s = setup(15, "1.20");
    s.wb.undoUnsupported = (p) => p.includes(".copy(");
    expect((await refresh(s)).ok).toBe(true);
    s.wb.sheet("Registre")!.fill(registerRows(30));
    const outcome = await refresh(s);
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toContain("cette actualisation ne s'annule pas en une fois (Ctrl+Z)");
    expect(s.wb.sheets.filter((x) => x.name.includes("~") || x.name.startsWith("Sauvegarde"))).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
describe("5. the fake Excel as strict as Excel where the add-in depends on it", () => {
  test("a read of more than 5,000,000 cells and a property key of 256 characters are refused; keys ignore case", async () => {
    const wb = new FakeWorkbook();
    wb.addSheet("A").set(0, 0, "x");
    // 2,500 rows × 2,001 columns = 5,002,500 cells > 5,000,000.
    await expect(wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("A").getRangeByIndexes(0, 0, 2_500, 2_001).load("values");
      await ctx.sync();
    })).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    await expect(wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("A").customProperties.add("k".repeat(256), "v");
      await ctx.sync();
    })).rejects.toMatchObject({ code: "InvalidArgument" });
    const value = await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("A");
      ws.customProperties.add("SpaserSheet", "1");
      ws.customProperties.add("SPASERSHEET", "2");
      const p = ws.customProperties.getItemOrNullObject("spasersheet").load("value");
      await ctx.sync();
      return p.value;
    });
    expect(value).toBe("2");
    expect(wb.sheet("A")!.customProperties.size).toBe(1);
  });

  test("Worksheet.copy puts the copy where the documentation says: beginning by default, end, before or after a sheet", async () => {
    const wb = new FakeWorkbook();
    for (const n of ["A", "B", "C"]) wb.addSheet(n).set(0, 0, n);
    const order = () => wb.sheets.map((x) => x.name);
    await wb.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("B").copy();
      await ctx.sync();
    });
    // « None » (the default) inserts the copy at the beginning of the workbook.
    expect(order()).toEqual(["B (2)", "A", "B", "C"]);
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets;
      ws.getItem("A").copy("End");
      ws.getItem("C").copy("After", ws.getItem("A"));
      await ctx.sync();
    });
    expect(order()).toEqual(["B (2)", "A", "C (2)", "B", "C", "A (2)"]);
    await expect(
      wb.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("A").copy("Before");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  for (const api of ["1.9", "1.17"]) {
    test(`events of the add-in's own writes arriving long after the refresh cause no new read of the register (ExcelApi ${api})`, async () => {
      const s = setup(30, api);
      await s.store.start();
      s.wb.eventDelayMs = 400;
      expect((await refresh(s)).ok).toBe(true);
      const reads = s.store.reads;
      // The refresh's events (sheets added, written) come 400 ms later, after the refresh is over.
      await new Promise((r) => setTimeout(r, 700));
      await s.port.exclusive.idle();
      expect(s.store.reads).toBe(reads);
      // A person's edit of the register, delivered as late, is still followed.
      s.wb.userEdit(s.wb.sheet("Registre")!, 1, 1, "Objet modifié");
      await new Promise((r) => setTimeout(r, 700));
      await s.port.exclusive.idle();
      expect(s.store.reads).toBe(reads + 1);
      s.store.stop();
    });
  }
});
