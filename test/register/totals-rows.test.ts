/**
 * Rows that are not contracts (SPEC §2.6): totals rows (« Total », « Sous-total », « Total général »,
 * an Excel table's totals row) and rows made only of control characters or NUL bytes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRegisterFile } from "../../src/files/read-file";
import { OfficeWorkbook } from "../../src/excel/office-workbook";
import { readWorkbook } from "../../src/register/read";
import { isBlank } from "../../src/register/values";
import type { Register } from "../../src/register/types";
import { FakeWorkbook } from "../excel/fake-excel";
import { issuesOf, sheet, table } from "../helpers/workbook";

/** rows read = rows used + rows rejected + rows merged, always. */
function expectCountsAddUp(reg: Register): void {
  const s = reg.source;
  expect(s.rowsRead).toBe(s.rowsUsed + s.rowsRejected + s.rowsMerged);
  expect(s.rowsUsed).toBe(reg.contracts.length);
}

const sum = (reg: Register) => reg.contracts.reduce((n, c) => n + (c.montant ?? 0), 0);

describe("totals rows are not contracts", () => {
  test("an Excel table's « Total » row (6.6 M€) is skipped with one info issue, and not counted", () => {
    const reg = readWorkbook([
      table("Registre", "Marches", [
        ["N° marché", "Objet", "Montant HT", "Date de notification"],
        ["M1", "Voirie", 2_200_000, "15/03/2025"],
        ["M2", "Écoles", 4_400_000, "16/03/2025"],
        ["Total", null, 6_600_000, null],
      ]),
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
    // 2 200 000 + 4 400 000 = 6 600 000: the total is not counted a second time.
    expect(sum(reg)).toBe(6_600_000);
    // Two contracts read; the totals row is skipped like a blank row, not read.
    expect(reg.source).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0, rowsMerged: 0 });
    expectCountsAddUp(reg);
    const infos = issuesOf(reg, "info");
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ sheet: "Registre", row: 4, cell: "Registre!A4" });
    expect(infos[0].message).toMatch(/ligne de total ignorée/);
    expect(issuesOf(reg, "error")).toEqual([]);
  });

  test("« Sous-total » and « TOTAL GÉNÉRAL » in the first non-empty cell (N° marché blank): skipped, not an error; one info for the sheet", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["Service", "N° marché", "Objet", "Montant HT"],
        ["Voirie", "M1", "Enrobés", 1000],
        ["Voirie", "M2", "Signalisation", 2000],
        ["Sous-total", null, null, 3000],
        ["Écoles", "M3", "Mobilier", 500],
        [null, "  TOTAL GÉNÉRAL : ", null, 3500],
        ["sous total", null, null, 500],
      ]),
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2", "M3"]);
    expect(reg.source).toMatchObject({ rowsRead: 3, rowsUsed: 3, rowsRejected: 0 });
    expectCountsAddUp(reg);
    expect(issuesOf(reg, "error")).toEqual([]);
    const infos = issuesOf(reg, "info");
    expect(infos).toHaveLength(1);
    expect(infos[0].message).toMatch(/3 lignes de total ignorées .*: lignes 4, 6, 7/);
  });

  test("a CSV whose first column is not a register column: its « Total » label is still seen", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-total-"));
    const file = path.join(dir, "registre.csv");
    fs.writeFileSync(file, "Ligne;N° marché;Objet;Montant HT\n1;M1;Voirie;1000\n2;M2;Écoles;2000\nTotal;;;3000\n");
    try {
      const { register } = await loadRegisterFile(file);
      expect(register.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
      expect(register.source).toMatchObject({ rowsRead: 2, rowsRejected: 0 });
      expect(issuesOf(register, "error")).toEqual([]);
      expect(issuesOf(register, "info").map((i) => i.cell)).toContain("registre!A4");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a contract whose objet says « Total » is still a contract (only the id or the first cell count)", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Objet", "Montant HT"],
        ["M1", "Total", 1000],
      ]),
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1"]);
  });
});

describe("rows of control characters are blank", () => {
  test.each(["\u0000", "\u0000\u0000\u0000\u0000", " \u0001\u001f\u007f ", "\u0085\u009f", "\t\r"])("%j is blank", (v) => {
    expect(isBlank(v)).toBe(true);
  });

  test.each(["M1", "\u0000M1", "#", "0"])("%j is not blank", (v) => {
    expect(isBlank(v)).toBe(false);
  });

  test("a CSV line of NUL bytes is not a contract", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-nul-"));
    const file = path.join(dir, "registre.csv");
    const nul = "\u0000".repeat(40);
    fs.writeFileSync(file, `N° marché;Objet;Montant HT\nM1;Voirie;1000\n${nul}\nM2;Écoles;2000\n`);
    try {
      const { register } = await loadRegisterFile(file);
      expect(register.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
      expect(register.source).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0 });
      expectCountsAddUp(register);
      expect(issuesOf(register, "error")).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the add-in reads an Excel table without its totals row", () => {
  test("a table with its totals row shown: the totals row is not read, whatever its label", async () => {
    const wb = new FakeWorkbook();
    const ws = wb.addSheet("Registre");
    // The totals row labelled « Ensemble » (a label the text rule would not know), its sum 6.6 M€.
    const t = wb.addTable("Marches", ws, 0, 0, [
      ["N° marché", "Objet", "Montant HT", "Date de notification"],
      ["M1", "Voirie", 2_200_000, 45731],
      ["M2", "Écoles", 4_400_000, 45732],
      ["Ensemble", null, 6_600_000, null],
    ]);
    t.showTotals = true;
    const { grids, sheetNames } = await new OfficeWorkbook(wb.run).readGrids();
    // Header and the two data rows: the totals row (Excel's Table.showTotals) is left out.
    expect(grids[0].rows).toHaveLength(3);
    const reg = readWorkbook(grids, sheetNames);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
    expect(sum(reg)).toBe(6_600_000);
    expectCountsAddUp(reg);
  });

  test("a table without totals row is read whole", async () => {
    const wb = new FakeWorkbook();
    const ws = wb.addSheet("Registre");
    wb.addTable("Marches", ws, 0, 0, [
      ["N° marché", "Objet", "Montant HT"],
      ["M1", "Voirie", 1000],
      ["M2", "Écoles", 2000],
    ]);
    const { grids } = await new OfficeWorkbook(wb.run).readGrids();
    expect(grids[0].rows).toHaveLength(3);
  });
});
