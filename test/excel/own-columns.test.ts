/**
 * The register's own columns in the add-in (SPEC §8.1), against the in-memory Excel of
 * fake-excel.ts: the grid Office.js gives (dates as serials, numbers, booleans) is read by the same
 * register code; a « Référentiel » indicator over an own column is computed, followed live when a
 * cell of that column changes, and its drill-down shows the column's values.
 */
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { SpaserStore } from "../../src/excel/store";
import { refreshDashboards } from "../../src/excel/refresh";
import { detectCapabilities } from "../../src/excel/capabilities";
import { buildDashboardPlans, DETAIL_NAME } from "../../src/dashboards";
import type { Cell } from "../../src/register/types";
import { FakeWorkbook } from "./fake-excel";

const NOW = () => new Date(2025, 0, 15, 10, 30);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Excel serial of 2025-01-10. */
const JAN_10 = 45667;

// Registre: M1 oui/oui, M2 oui/non, M3 non/oui, M4 oui/« à voir » (bad cell, D5), M5 oui/blank.
const REGISTER: Cell[][] = [
  ["N° marché", "Date de notification", "Titulaire TPE/PME", "Titulaire du territoire", "Montant HT"],
  ["M1", JAN_10, "oui", "oui", 1000],
  ["M2", JAN_10, "oui", "non", 1000],
  ["M3", JAN_10, "non", "oui", 1000],
  ["M4", JAN_10, "oui", "à voir", 1000],
  ["M5", JAN_10, "oui", "", 1000],
];
const REFERENTIAL: Cell[][] = [
  ["Id", "Libellé", "Type", "Population", "Condition"],
  ["X1", "Marchés à des TPE/PME du territoire", "taux", "", "[Titulaire du territoire] ET [Titulaire TPE/PME]"],
];

function setup() {
  const wb = new FakeWorkbook();
  wb.apiVersion = "1.17";
  const reg = wb.addSheet("Registre").fill(REGISTER);
  wb.addSheet("Référentiel").fill(REFERENTIAL);
  const port = new OfficeWorkbook(wb.run, { caps: detectCapabilities(wb.requirements), ownEventGraceMs: 50 });
  const store = new SpaserStore(port, { debounceMs: 20, retryDelaysMs: [40, 80], idle: () => port.exclusive.idle() });
  return { wb, reg, port, store };
}

describe("an own column in the add-in", () => {
  test("computed from the grid Office.js gives, its bad cell reported, followed live when the user fixes the cell", async () => {
    const s = setup();
    let snap = await s.store.start();
    // M1 yes; M2, M3 no; M4 (bad cell) and M5 (blank) unknown → 1 / 3.
    expect(snap.results()?.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 2 });
    expect(snap.register?.issues.filter((i) => i.severity === "warning").map((i) => `${i.cell} ${i.message.split(" (")[0]}`)).toEqual(["Registre!D5 « à voir » n'est pas une réponse oui/non"]);

    // The user answers « oui » for M4: M4 joins the numerator → 2 / 4.
    s.wb.userEdit(s.reg, 4, 3, "oui");
    await tick(150);
    snap = await s.store.current();
    expect(snap.results()?.indicators.X1).toMatchObject({ value: 2 / 4, numerator: 2, denominator: 4, excluded: 1 });
    expect(snap.register?.issues.filter((i) => i.severity === "warning")).toEqual([]);
    s.store.stop();
  });

  test("the « Détail des indicateurs » sheet the add-in writes shows the column's value on each line", async () => {
    const s = setup();
    const outcome = await refreshDashboards(s.store, s.port, buildDashboardPlans, { now: NOW });
    expect(outcome.ok).toBe(true);
    const texts = [...s.wb.sheet(DETAIL_NAME)!.cells.values()].map((c) => String(c.value));
    expect(texts).toContain("numérateur — Titulaire du territoire : oui");
    expect(texts).toContain("dénominateur seul — Titulaire du territoire : non");
    expect(texts).toContain("écarté : « Titulaire du territoire » inconnu — Titulaire du territoire : inconnu");
  });
});
