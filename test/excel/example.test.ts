/**
 * The acceptance script (docs/recette.md) on the example workbook, through the add-in: the
 * workbook's sheets put into the in-memory Excel as Office.js gives them (dates as serial numbers,
 * error cells as their text), then read, computed, refreshed and edited as in the script. The
 * figures of recette § 0 are those of the command line (`npx spaser indicators
 * examples/registre-exemple.xlsx`, another reader); this test checks the add-in gives the same, and
 * the changes the script announces are worked out by hand in the comments.
 */
import { readXlsx } from "../../src/files/read-file";
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { createReferential, refreshCotation, refreshDashboards } from "../../src/excel/refresh";
import { buildDashboardPlans, DETAIL_NAME } from "../../src/dashboards";
import { contractsOf, indicatorOf } from "../../src/functions/logic";
import type { Cell } from "../../src/register/types";
import { FakeSheet, FakeWorkbook } from "./fake-excel";

const NOW = () => new Date(2026, 11, 14, 10, 0);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Excel's serial number of a date read from the file (days since 1899-12-30). */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

async function exampleWorkbook(): Promise<FakeWorkbook> {
  const { grids } = await readXlsx("examples/registre-exemple.xlsx");
  const wb = new FakeWorkbook();
  for (const g of grids) {
    const sheet = wb.addSheet(g.sheet);
    g.rows.forEach((row, r) =>
      (row ?? []).forEach((v: Cell, c) => {
        if (v === null || v === undefined || v === "") return;
        const value = v instanceof Date ? serial(v) : typeof v === "object" ? v.error : v;
        sheet.set((g.originRow ?? 0) + r, (g.originCol ?? 0) + c, value);
      }),
    );
  }
  return wb;
}

function find(sheet: FakeSheet, value: string, col?: number): { r: number; c: number } {
  for (const [k, cell] of sheet.cells) {
    const [r, c] = k.split(",").map(Number);
    if (cell.value === value && (col === undefined || c === col)) return { r, c };
  }
  throw new Error(`${value} not found in ${sheet.name}`);
}

jest.setTimeout(60_000);

test("recette § 0, 2, 4, 6, 10, 11 and 12 on the example workbook", async () => {
  const wb = await exampleWorkbook();
  const port = new OfficeWorkbook(wb.run);
  const store = new SpaserStore(port, { debounceMs: 20, idle: () => port.exclusive.idle() });
  let snap = await store.start();
  let res = snap.results()!;

  // § 0 and § 2: year 2026, T1–T6, and the issues the pane counts (the register's: the command line
  // adds a 10th line, a note of the computation of A1.E1, which the pane does not count). The two
  // informations: the co-holder row merged, and the unrecognised column « Observations » (BQ4).
  expect(res.year).toBe(2026);
  const ratio = (id: string) => [res.indicators[id].numerator, res.indicators[id].denominator, res.indicators[id].status];
  expect(["T1", "T2", "T3", "T4", "T5", "T6"].map(ratio)).toEqual([
    [35, 70, "Atteint"],
    [61, 70, "Atteint"],
    [9, 20, "En cours"],
    [15, 20, "Atteint"],
    [3, 13, "En cours"],
    [14, 16, "Atteint"],
  ]);
  const sev = (s: string) => snap.register!.issues.filter((i) => i.severity === s).length;
  expect([snap.register!.issues.length, sev("error"), sev("warning"), sev("info")]).toEqual([9, 6, 1, 2]);

  // § 10: T3's contracts; M26-003 on row 308 of « Registre »; T6 leaves V26-011 out.
  expect(contractsOf(snap, "T3", null, null)).toEqual({ value: ["M26-003", "M26-013", "V26-003", "V26-007", "V26-018", "V26-025", "V26-029", "V26-041", "V26-050"].map((x) => [x]) });
  expect("value" in contractsOf(snap, "T3", "dénominateur", null) && (contractsOf(snap, "T3", "dénominateur", null) as { value: string[][] }).value).toHaveLength(20);
  expect(contractsOf(snap, "T6", "écartés", null)).toEqual({ value: [["V26-011"]] });
  const m26003 = snap.register!.contracts.find((c) => c.id === "M26-003")!;
  expect([m26003.sheet, m26003.row]).toEqual(["Registre", 308]);
  await port.selectRow(m26003.sheet, m26003.row);
  // The register has 87 columns, A to CI (the 60 of SPEC §2.1 and « Observations », the nine of the
  // unit of account, and the eighteen the DECP publication requires, SPEC §11).
  expect(wb.appLog[wb.appLog.length - 1]).toBe("select Registre!A308:CI308");

  // § 11: the entities.
  expect(indicatorOf(snap, "T1", null, "Ville")).toEqual({ value: 25 / 51 });
  expect(indicatorOf(snap, "T1", null, "métropole")).toEqual({ value: 10 / 19 });
  store.setEntity("Ville");
  snap = await store.current();
  expect(snap.results()!.indicators.T3).toMatchObject({ numerator: 7, denominator: 12 });
  const ref = { y: 2025, m: 10, d: 1, serial: Date.UTC(2025, 9, 1) / 86_400_000 };
  expect((await refreshCotation(store, port, ref, { now: NOW })).message).toMatch(/\(entité « Ville »\) .* : 26 marchés à présenter/);
  store.setEntity(null);
  snap = await store.current();

  // § 4: the three sheets.
  const refresh = await refreshDashboards(store, port, buildDashboardPlans, { now: NOW });
  expect(refresh.ok).toBe(true);
  expect(refresh.message).toMatch(/\(année 2026, étape 1\) : « TdB 1 - Déploiement », « TdB 2 - Actions » et « Détail des indicateurs »\./);
  const detail = wb.sheet(DETAIL_NAME)!;
  const t3 = find(detail, "T3", 0);
  expect(detail.value(t3.r + 1, 0)).toMatch(/^Valeur 2026 : 45,0 % \(9 \/ 20\) — 20 lignes/);

  // § 6: the CAD's decision for V23-011. A1.E1 2023 = 33 / 56. The decision applies to the contract
  // that renews V23-011 (SPEC §9), and none is in the register yet: 2023, already reported, stays
  // 33 / 56 and the decision waits for its renewal.
  expect(snap.results(2023)!.indicators["A1.E1"]).toMatchObject({ numerator: 33, denominator: 56 });
  expect((await refreshCotation(store, port, ref, { now: NOW })).message).toMatch(/: 42 marchés à présenter/);
  const cot = wb.sheet("Cotation CAD")!;
  const decision = find(cot, "Décision CAD (actions retenues)");
  wb.userEdit(cot, find(cot, "V23-011", 0).r, decision.c, "19");
  await tick(200);
  snap = await store.current();
  expect(snap.results(2023)!.indicators["A1.E1"]).toMatchObject({ numerator: 33, denominator: 56 });
  expect(snap.register!.decisions?.pending.map((p) => p.decidedOn)).toEqual(["V23-011"]);

  // § 12: the referential, written then read back unchanged; a target changed; X1 added; X2 faulty.
  expect((await createReferential(store, port, { now: NOW })).ok).toBe(true);
  snap = await store.current();
  res = snap.results()!;
  expect(res.referential).toEqual({ kind: "classeur", replaced: [], added: [], sheet: "Référentiel", notComputed: 0, plan: { sheet: "Plan", axes: 4, objectives: 8, actions: 26 } });
  expect(ratio("T1")).toEqual([35, 70, "Atteint"]);
  const sheet = wb.sheet("Référentiel")!;
  const header = find(sheet, "Cible étape 1");
  wb.userEdit(sheet, find(sheet, "T1", 0).r, header.c, 0.6);
  const last = Math.max(...[...sheet.cells.keys()].map((k) => Number(k.split(",")[0])));
  ["X1", "Marchés de plus d'un million d'euros", "compte", "", "[Montant HT] > 1 000 000"].forEach((v, c) => v && wb.userEdit(sheet, last + 1, c, v));
  ["X2", "", "compte", "", "[Montant HT] >"].forEach((v, c) => v && wb.userEdit(sheet, last + 2, c, v));
  await tick(200);
  snap = await store.current();
  res = snap.results()!;
  // 50,0 % under 60 %: En cours. X1: the contracts of 2026 over 1 000 000 € HT.
  expect(res.indicators.T1.status).toBe("En cours");
  expect(res.referential).toEqual({ kind: "classeur", replaced: ["T1"], added: ["X1", "X2"], sheet: "Référentiel", notComputed: 0, plan: { sheet: "Plan", axes: 4, objectives: 8, actions: 26 } });
  expect(contractsOf(snap, "X1", null, null)).toEqual({ value: ["M26-016", "M26-017", "M26-018", "M26-019", "V26-018", "V26-036"].map((x) => [x]) });
  expect(snap.register!.issues.some((i) => i.severity === "error" && i.cell === `Référentiel!E${last + 3}`)).toBe(true);
  expect(indicatorOf(snap, "X2", null)).toMatchObject({ error: { code: "notAvailable" } });
  store.stop();
});
