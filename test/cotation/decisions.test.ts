/**
 * The « Décision CAD » typed in a cotation sheet joins the targeted actions of the contract, so
 * that A1.E1 (« actions menées à terme / actions arrêtées ») follows the committee's decisions.
 * Registers are read with readWorkbook from grids; A1.E1 is worked out by hand in the comments.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { mergeCotationDecisions } from "../../src/register/cotation";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { rowsFromRecords, sheet } from "../helpers/workbook";

const HEADERS = ["N° marché", "Date de notification", "Actions ciblées", "Clause d'insertion", "Critère environnemental", "Questionnement du besoin"];
const R = (id: string, notif: string, actions: Cell, ins: string, env: string, besoin: string): Record<string, Cell> => ({
  "N° marché": id,
  "Date de notification": notif,
  "Actions ciblées": actions,
  "Clause d'insertion": ins,
  "Critère environnemental": env,
  "Questionnement du besoin": besoin,
});
const REGISTER = sheet(
  "Registre",
  rowsFromRecords(HEADERS, [
    R("M1", "10/03/2025", "8", "oui", "non", "non"),
    R("M2", "12/05/2025", null, "non", "oui", "oui"),
    // 99 is not an action: the cell is an error, M3's targeted actions are unknown.
    R("M3", "01/06/2025", "8; 99", "oui", "non", "non"),
    R("M4", "01/02/2024", null, "non", "non", "non"),
    R("M5", "01/07/2025", "24", "non", "non", "non"),
  ]),
);

/** A cotation sheet as the tool writes it: title rows, then the table (header on sheet row 3). */
function cotation(name: string, decisions: [string, Cell][]): Grid {
  return sheet(name, [
    ["Cotation des marchés récurrents — Comité annuel des achats durables (CAD)"],
    [],
    ["N° marché", "Objet", "Décision CAD (actions retenues)", "Commentaire"],
    ...decisions.map(([id, d]): Cell[] => [id, "objet", d, null]),
  ]);
}
const COTATION = cotation("Cotation CAD", [
  ["M1", "8; 24"], // sheet row 4
  ["M2", "18 ; 24"], // row 5
  ["M3", "8"], // row 6: M3's targeted actions are unknown
  ["M9", "8"], // row 7: no such contract
  ["M4", "peut-être"], // row 8: not a list of actions
  ["M5", "24"], // row 9: already targeted
]);

const a1 = (reg: Register) => computeIndicators(reg, { year: 2025 }).indicators["A1.E1"];
const a2 = (reg: Register) => computeIndicators(reg, { year: 2025 }).indicators["A2.E1"];
const byId = (reg: Register, id: string) => reg.contracts.find((c) => c.id === id)!;

describe("mergeCotationDecisions", () => {
  test("A1.E1 and A2.E1 follow the committee's decisions", () => {
    // Before: the register alone.
    const reg = readWorkbook([REGISTER]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2", "M3", "M4", "M5"]);
    expect(byId(reg, "M3").actionsCiblees).toBeNull();
    // Before: 2025 pairs M1·8 (insertion clause: done), M5·24 (no environmental criterion: not done);
    // M2 targets nothing, M3 is unknown → 1 / 2.
    expect(a1(reg)).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    // A2.E1 over the targeted contracts M1 (clausé), M5 (not) → 1 / 2.
    expect(a2(reg)).toMatchObject({ numerator: 1, denominator: 2 });

    const { issues, merged } = mergeCotationDecisions(reg.contracts, [COTATION]);
    expect(merged).toEqual(["M1", "M2"]);
    expect(byId(reg, "M1").actionsCiblees).toEqual([8, 24]);
    expect(byId(reg, "M2").actionsCiblees).toEqual([18, 24]);
    expect(byId(reg, "M3").actionsCiblees).toBeNull();
    expect(byId(reg, "M4").actionsCiblees).toEqual([]);
    expect(byId(reg, "M5").actionsCiblees).toEqual([24]);
    // After: M1·8 ✓, M1·24 ✗, M2·18 ✓ (need questioned), M2·24 ✓ (environmental criterion), M5·24 ✗ → 3 / 5.
    expect(a1(reg)).toMatchObject({ numerator: 3, denominator: 5, value: 0.6 });
    // A2.E1: M1 ✓, M2 ✓, M5 ✗ → 2 / 3.
    expect(a2(reg)).toMatchObject({ numerator: 2, denominator: 3 });

    expect(issues).toEqual([
      expect.objectContaining({ severity: "warning", sheet: "Cotation CAD", row: 8, column: "Décision CAD (actions retenues)", cell: "'Cotation CAD'!C8" }),
      expect.objectContaining({ severity: "info", sheet: "Cotation CAD", row: 6, column: "N° marché", cell: "'Cotation CAD'!A6", message: expect.stringMatching(/« M3 » non reportée : ses actions ciblées sont illisibles/) }),
      expect.objectContaining({ severity: "info", sheet: "Cotation CAD", row: 7, column: "N° marché", cell: "'Cotation CAD'!A7", message: expect.stringMatching(/« M9 » : aucun marché de ce numéro dans le registre/) }),
      expect.objectContaining({ severity: "info", sheet: "Cotation CAD", row: null, cell: null, message: "2 marchés : actions décidées en CAD ajoutées aux actions ciblées" }),
    ]);
    expect(issues[0].message).toMatch(/non ajoutée aux actions ciblées/);
    // The register reader does the same when the workbook holds its « Cotation CAD » sheet.
    const withSheet = readWorkbook([REGISTER, COTATION]);
    expect(byId(withSheet, "M2").actionsCiblees).toEqual([18, 24]);
    expect(a1(withSheet)).toMatchObject({ numerator: 3, denominator: 5 });
    expect(withSheet.issues.map((i) => i.message)).toContain("2 marchés : actions décidées en CAD ajoutées aux actions ciblées");
  });

  test("merging twice changes nothing more", () => {
    const reg = readWorkbook([REGISTER]);
    mergeCotationDecisions(reg.contracts, [COTATION]);
    const again = mergeCotationDecisions(reg.contracts, [COTATION]);
    expect(again.merged).toEqual([]);
    expect(again.issues.some((i) => /ajoutées aux actions ciblées/.test(i.message))).toBe(false);
    expect(a1(reg)).toMatchObject({ numerator: 3, denominator: 5 });
  });

  test("a later cotation sheet wins for the same contract, as on refresh; other grids are ignored", () => {
    const reg = readWorkbook([REGISTER]);
    const older = cotation("Cotation CAD 2024", [["M2", "18"]]);
    const newer = cotation("Cotation CAD", [["M2", "24"]]);
    const { merged, issues } = mergeCotationDecisions(reg.contracts, [REGISTER, older, newer]);
    expect(merged).toEqual(["M2"]);
    expect(byId(reg, "M2").actionsCiblees).toEqual([24]);
    expect(issues.map((i) => i.message)).toEqual(["1 marché : actions décidées en CAD ajoutées aux actions ciblées"]);
  });

  test("no decision: nothing changes, no issue", () => {
    const reg = readWorkbook([REGISTER]);
    const before = reg.contracts.map((c) => c.actionsCiblees);
    const r = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M1", null]])]);
    expect(r).toEqual({ issues: [], merged: [] });
    expect(reg.contracts.map((c) => c.actionsCiblees)).toEqual(before);
  });

  describe("a register without « Actions ciblées »", () => {
    const headers = HEADERS.filter((h) => h !== "Actions ciblées");
    const grid = sheet(
      "Registre",
      rowsFromRecords(headers, [
        { "N° marché": "M1", "Date de notification": "10/03/2025", "Clause d'insertion": "oui" },
        { "N° marché": "M2", "Date de notification": "12/05/2025", "Clause d'insertion": "non" },
      ]),
    );
    test("the decisions become the targeting: the others target nothing", () => {
      const reg = readWorkbook([grid]);
      expect(reg.present.has("actionsCiblees")).toBe(false);
      const { merged } = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M1", "8"]])], false);
      expect(merged).toEqual(["M1"]);
      expect(byId(reg, "M1").actionsCiblees).toEqual([8]);
      expect(byId(reg, "M2").actionsCiblees).toEqual([]);
      // The caller marks the column present: A1.E1 = M1·8 done → 1 / 1.
      const withTargets: Register = { ...reg, present: new Set([...reg.present, "actionsCiblees"]) };
      expect(a1(withTargets)).toMatchObject({ numerator: 1, denominator: 1 });
    });
    test("without any decision the contracts stay without targeting", () => {
      const reg = readWorkbook([grid]);
      const { merged } = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M1", null]])], false);
      expect(merged).toEqual([]);
      expect(reg.contracts.map((c) => c.actionsCiblees)).toEqual([null, null]);
    });
  });
});
