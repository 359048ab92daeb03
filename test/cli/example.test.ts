/**
 * The example workbook (examples/registre-exemple.xlsx): rebuilt identically by
 * `npm run example`, shaped as a procurement officer keeps a register, and telling the story of a
 * SPASER that makes progress year after year.
 */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { readInputFile } from "../../src/cli/read-file";
import { readWorkbook } from "../../src/register/read";
import { REGISTER_COLUMNS } from "../../src/register/columns";
import type { Register } from "../../src/register/types";
import { TARGET_IDS } from "../../src/spaser/referential";
import { EXAMPLE, runJson, tempDir } from "./helpers";

 
const { build } = require("../../scripts/build-example.js") as { build: (output?: string) => Promise<{ output: string; rows: number }> };

jest.setTimeout(60_000);

describe("npm run example", () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  test("rebuilds exactly the workbook that is checked in", async () => {
    const a = path.join(dir, "a.xlsx");
    const b = path.join(dir, "b.xlsx");
    await build(a);
    await build(b);
    const bytes = fs.readFileSync(a);
    expect(fs.readFileSync(b).equals(bytes)).toBe(true);
    // If this fails after a change to scripts/build-example.js: run `npm run example` and commit the result.
    expect(fs.readFileSync(EXAMPLE).equals(bytes)).toBe(true);
  });
});

describe("the example workbook", () => {
  let reg: Register;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const { grids, sheetNames } = await readInputFile(EXAMPLE);
    reg = readWorkbook(grids, sheetNames);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(EXAMPLE);
  });

  test("has the register and the four side sheets", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Registre", "Activités", "Insertion", "Saisies", "Paramètres"]);
    expect(reg.source.sheet).toBe("Registre");
    expect(reg.activitiesSource?.sheet).toBe("Activités");
    expect(reg.insertionSource?.sheet).toBe("Insertion");
    expect(reg.manualInputs.length).toBeGreaterThanOrEqual(8);
  });

  test("keeps title rows above the header, as an officer's register does", () => {
    const ws = wb.getWorksheet("Registre") as ExcelJS.Worksheet;
    expect(String(ws.getCell("A1").value)).toMatch(/^Registre des marchés/);
    expect(String(ws.getCell("A2").value)).toMatch(/^Extraction du /);
    expect(reg.source.headerRow).toBeGreaterThanOrEqual(3);
    expect(reg.source.headerRow).toBeLessThanOrEqual(4);
  });

  test("holds every register column of SPEC §2.1, plus a column of the officer's own", () => {
    const expected = REGISTER_COLUMNS.map((c) => c.key).filter((k) => !k.startsWith("considerations"));
    expect(Object.keys(reg.source.columns).sort()).toEqual([...expected].sort());
    expect(reg.source.unknownColumns).toEqual(["Observations"]);
  });

  test("about 300 contracts over 2023–2025, for both entities", () => {
    expect(reg.contracts.length).toBeGreaterThanOrEqual(270);
    expect(reg.contracts.length).toBeLessThanOrEqual(330);
    const perYear = new Map<number, number>();
    for (const c of reg.contracts) if (c.dateNotification) perYear.set(c.dateNotification.y, (perYear.get(c.dateNotification.y) ?? 0) + 1);
    expect([...perYear.keys()].sort()).toEqual([2023, 2024, 2025]);
    for (const n of perYear.values()) expect(n).toBeGreaterThanOrEqual(80);
    // Consultations still running: in the register, not notified yet.
    expect(reg.contracts.filter((c) => c.dateNotification === null).length).toBeGreaterThanOrEqual(5);
    expect(new Set(reg.contracts.map((c) => c.entite))).toEqual(new Set(["Ville", "Métropole"]));
    expect(new Set(reg.contracts.map((c) => c.procedure))).toEqual(new Set(["AOO", "AOR", "PN", "DC", "MAPA", "SANS", null]));
  });

  test("uses the number formats a user sets: euros and dates", () => {
    const ws = wb.getWorksheet("Registre") as ExcelJS.Worksheet;
    const header = ws.getRow(reg.source.headerRow);
    let montantCol = 0;
    let dateCol = 0;
    header.eachCell((cell, col) => {
      if (cell.value === "Montant HT (€)") montantCol = col;
      if (cell.value === "Date de notification") dateCol = col;
    });
    const firstContract = (col: number) => ws.getRow(reg.source.headerRow + 1).getCell(col);
    expect(firstContract(montantCol).numFmt).toContain("€");
    expect(firstContract(dateCol).numFmt).toBe("dd/mm/yyyy");
    expect(firstContract(dateCol).value).toBeInstanceOf(Date);
  });

  test("Paramètres: the collectivity, step 1, and no unknown parameter", () => {
    expect(reg.parameters.collectivite).toBe("Ville et Métropole");
    expect(reg.parameters.etape).toBe(1);
    expect(reg.parameters.seuilClauseInsertion).toBe(90_000);
    expect(reg.parameters.cibles.T1).toEqual([0.3, 0.7]);
    expect(reg.issues.filter((i) => i.sheet !== "Registre")).toEqual([]);
  });

  test("side sheets: trainings of action 7, the officialisation of action 5, the open data of action 15, PLIE follow-up", () => {
    const acts = reg.activities ?? [];
    expect(acts.some((a) => a.action === 7 && a.agentsAFormer !== null && a.agentsFormes !== null)).toBe(true);
    expect(acts.some((a) => a.action === 7 && a.type === "Outil")).toBe(true);
    expect(acts.some((a) => a.action === 5 && a.type === "Officialisation" && a.statut === "Réalisée")).toBe(true);
    expect(acts.some((a) => a.action === 15 && a.statut === "Réalisée")).toBe(true);
    const ins = reg.insertion ?? [];
    expect(ins.length).toBeGreaterThan(50);
    const ids = new Set(reg.contracts.filter((c) => c.clauseInsertion).map((c) => c.id));
    // Every beneficiary row refers to a contract with a clause d'insertion.
    expect(ins.filter((r) => !ids.has(r.marche as string))).toEqual([]);
  });

  test("shows a SPASER making progress: every target rises from 2023 to 2025", async () => {
    const values: Record<string, (number | null)[]> = {};
    for (const year of ["2023", "2024", "2025"]) {
      const { json } = await runJson(["indicators", EXAMPLE, "--year", year]);
      for (const t of TARGET_IDS) (values[t] ??= []).push(json.indicators[t].value as number | null);
    }
    for (const t of TARGET_IDS) {
      const [a, b, c] = values[t] as number[];
      expect({ t, rising: a !== null && b !== null && c !== null && a < b && b < c }).toEqual({ t, rising: true });
    }
  });
});
