/**
 * The « Décision CAD » typed in a cotation sheet on a contract X applies to the contract Y that
 * renews X (SPEC §9) — Y's « Marché précédent » is X, or the user typed Y in the sheet's column
 * « Marché de renouvellement » — and to no other: the decided actions join Y's targeted actions, so
 * that A1.E1 of Y's year follows the committee's decisions while X's year, already reported, never
 * moves. Decisions whose renewal is not in the register yet are « en attente de renouvellement ».
 * Registers are read with readWorkbook from grids; A1.E1 is worked out by hand in the comments.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { mergeCotationDecisions } from "../../src/register/cotation";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { rowsFromRecords, sheet } from "../helpers/workbook";

const HEADERS = ["N° marché", "Date de notification", "Actions ciblées", "Clause d'insertion", "Critère environnemental", "Questionnement du besoin"];
const R = (id: string, notif: string | null, actions: Cell, ins: string, env: string, besoin: string): Record<string, Cell> => ({
  "N° marché": id,
  "Date de notification": notif,
  "Actions ciblées": actions,
  "Clause d'insertion": ins,
  "Critère environnemental": env,
  "Questionnement du besoin": besoin,
});
// M* are the contracts the CAD decided on, N* their renewals.
const REGISTER = sheet(
  "Registre",
  rowsFromRecords(HEADERS, [
    R("M1", "10/03/2023", "8", "oui", "non", "non"),
    R("M2", "12/05/2023", null, "non", "oui", "oui"),
    R("M4", "01/02/2024", "24", "non", "non", "non"),
    R("N1", "10/03/2025", "24", "non", "non", "oui"),
    R("N2", "12/05/2025", null, "non", "oui", "non"),
    // 99 is not an action: the cell is an error, N3's targeted actions are unknown.
    R("N3", "01/06/2025", "8; 99", "oui", "non", "non"),
    // A renewal being awarded: not notified, in no year.
    R("N5", null, null, "non", "non", "non"),
  ]),
);

/** A cotation sheet as the tool writes it: title rows, then the table (header on sheet row 3). */
function cotation(name: string, decisions: [string, Cell, Cell?][]): Grid {
  return sheet(name, [
    ["Cotation des marchés récurrents — Comité annuel des achats durables (CAD)"],
    [],
    ["N° marché", "Objet", "Décision CAD (actions retenues)", "Marché de renouvellement", "Commentaire"],
    ...decisions.map(([id, d, renewal]): Cell[] => [id, "objet", d, renewal ?? null, null]),
  ]);
}
const COTATION = cotation("Cotation CAD", [
  ["M1", "18; 24", "N1"], // sheet row 4
  ["M2", "24", "N2"], // row 5
  ["M3", "8", "N3"], // row 6: N3's targeted actions are unknown
  ["M4", "19"], // row 7: no renewal in the register
  ["M9", "8"], // row 8: neither M9 nor a renewal in the register
  ["M5", "peut-être"], // row 9: not a list of actions
  ["M6", "11", "N9"], // row 10: the renewal typed is not in the register yet
  ["M7", "21", "N5"], // row 11: a renewal not notified yet
]);

const indicator = (reg: Register, id: string, year: number) => computeIndicators(reg, { year }).indicators[id];
const byId = (reg: Register, id: string) => reg.contracts.find((c) => c.id === id)!;

describe("a CAD decision applies to the renewal, never to the contract decided on", () => {
  test("A1.E1 of the renewal's year follows the decisions; the years already reported do not move", () => {
    const reg = readWorkbook([REGISTER]);
    // Before. 2023: M1·8 (insertion clause: done); M2 targets nothing → 1 / 1.
    expect(indicator(reg, "A1.E1", 2023)).toMatchObject({ numerator: 1, denominator: 1 });
    // 2024: M4·24 (no environmental criterion) → 0 / 1.
    expect(indicator(reg, "A1.E1", 2024)).toMatchObject({ numerator: 0, denominator: 1 });
    // 2025: N1·24 not done; N2 targets nothing; N3 unknown → 0 / 1.
    expect(indicator(reg, "A1.E1", 2025)).toMatchObject({ numerator: 0, denominator: 1 });

    const { issues, merged, decisions } = mergeCotationDecisions(reg.contracts, [COTATION]);
    // The contracts decided on keep their own targeting.
    expect(byId(reg, "M1").actionsCiblees).toEqual([8]);
    expect(byId(reg, "M2").actionsCiblees).toEqual([]);
    expect(byId(reg, "M4").actionsCiblees).toEqual([24]);
    // The renewals gain the decided actions.
    expect(merged).toEqual(["N1", "N2", "N5"]);
    expect(byId(reg, "N1").actionsCiblees).toEqual([18, 24]);
    expect(byId(reg, "N2").actionsCiblees).toEqual([24]);
    expect(byId(reg, "N3").actionsCiblees).toBeNull();
    expect(byId(reg, "N5").actionsCiblees).toEqual([21]);

    // After. 2023 and 2024 unchanged: 1 / 1 and 0 / 1.
    expect(indicator(reg, "A1.E1", 2023)).toMatchObject({ numerator: 1, denominator: 1 });
    expect(indicator(reg, "A1.E1", 2024)).toMatchObject({ numerator: 0, denominator: 1 });
    // 2025: N1·18 ✓ (need questioned), N1·24 ✗, N2·24 ✓ (environmental criterion) → 2 / 3.
    expect(indicator(reg, "A1.E1", 2025)).toMatchObject({ numerator: 2, denominator: 3 });
    // A2.E1 2025 over the targeted contracts N1 (clausé: no, no consideration), N2 (✓) → 1 / 2.
    expect(indicator(reg, "A2.E1", 2025)).toMatchObject({ numerator: 1, denominator: 2 });

    expect(decisions.applied).toEqual([
      { decidedOn: "M1", renewal: "N1", actions: [18, 24], year: 2025, via: "cotation" },
      { decidedOn: "M2", renewal: "N2", actions: [24], year: 2025, via: "cotation" },
      { decidedOn: "M7", renewal: "N5", actions: [21], year: null, via: "cotation" },
    ]);
    expect(decisions.pending.map((p) => [p.decidedOn, p.decision, p.renewal])).toEqual([
      ["M4", "19", null],
      ["M6", "11", "N9"],
      ["M9", "8", null],
    ]);
    expect(decisions.targetingFromYear).toBeNull();
    expect(issues).toEqual([
      expect.objectContaining({ severity: "warning", sheet: "Cotation CAD", row: 9, column: "Décision CAD (actions retenues)", cell: "'Cotation CAD'!C9" }),
      expect.objectContaining({ severity: "info", row: 6, cell: "'Cotation CAD'!A6", message: expect.stringMatching(/« M3 » non reportée sur son renouvellement « N3 » : ses actions ciblées sont illisibles dans le registre \(ligne 7/) }),
      expect.objectContaining({ severity: "info", row: 8, cell: "'Cotation CAD'!A8", message: expect.stringMatching(/« M9 » : ni ce marché ni un marché qui le renouvelle ne sont dans le registre/) }),
      expect.objectContaining({ severity: "info", row: null, message: "3 décisions CAD appliquées au marché de renouvellement (actions ajoutées à ses actions ciblées ; les années déjà arrêtées ne changent pas) : M1 → N1 (2025), M2 → N2 (2025), M7 → N5 (pas encore notifié)" }),
      expect.objectContaining({ severity: "info", row: null, message: "3 décisions CAD en attente de renouvellement (aucun marché du registre ne les renouvelle encore) : M4, M6, M9" }),
    ]);

    // The register reader does the same when the workbook holds its « Cotation CAD » sheet.
    const withSheet = readWorkbook([REGISTER, COTATION]);
    expect(indicator(withSheet, "A1.E1", 2023)).toMatchObject({ numerator: 1, denominator: 1 });
    expect(indicator(withSheet, "A1.E1", 2025)).toMatchObject({ numerator: 2, denominator: 3 });
    expect(withSheet.decisions?.pending.map((p) => p.decidedOn)).toEqual(["M4", "M6", "M9"]);
  });

  test("without a link typed, the renewal is the contract whose « Marché précédent » is the one decided on (every lot of it)", () => {
    // N1 and N2 are two lots renewing M4 (« Renouvellement de », an alias of « Marché précédent »).
    const rows = rowsFromRecords([...HEADERS, "Renouvellement de"], [
      R("M4", "01/02/2024", "24", "non", "non", "non"),
      { ...R("N1", "10/03/2025", "24", "non", "non", "oui"), "Renouvellement de": "M4" },
      { ...R("N2", "12/05/2025", null, "non", "oui", "non"), "Renouvellement de": "M4" },
    ]);
    const reg = readWorkbook([sheet("Registre", rows)]);
    expect(indicator(reg, "A1.E1", 2025)).toMatchObject({ numerator: 0, denominator: 1 });
    const { decisions } = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M4", "18; 19"]])]);
    expect(decisions.applied.map((a) => [a.renewal, a.via])).toEqual([
      ["N1", "registre"],
      ["N2", "registre"],
    ]);
    expect(decisions.pending).toEqual([]);
    expect(byId(reg, "M4").actionsCiblees).toEqual([24]);
    expect(byId(reg, "N1").actionsCiblees).toEqual([18, 19, 24]);
    expect(byId(reg, "N2").actionsCiblees).toEqual([18, 19]);
    // 2024 unchanged: M4·24 ✗ → 0 / 1. 2025: action 19 has no realisation column here (« Clauses
    // équilibrées »), so its pairs are not measurable; N1·18 ✓ (need questioned), N1·24 ✗, N2·18 ✗ → 1 / 3.
    expect(indicator(reg, "A1.E1", 2024)).toMatchObject({ numerator: 0, denominator: 1 });
    expect(indicator(reg, "A1.E1", 2025)).toMatchObject({ numerator: 1, denominator: 3 });
  });

  test("a link to the contract itself is refused at its cell, and the decision waits", () => {
    const reg = readWorkbook([REGISTER]);
    const { issues, decisions } = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M1", "8", "M1"]])]);
    expect(byId(reg, "M1").actionsCiblees).toEqual([8]);
    expect(decisions.pending.map((p) => p.decidedOn)).toEqual(["M1"]);
    expect(issues[0]).toMatchObject({ severity: "warning", row: 4, column: "Marché de renouvellement", cell: "'Cotation CAD'!D4" });
  });

  test("merging twice changes nothing more", () => {
    const reg = readWorkbook([REGISTER]);
    mergeCotationDecisions(reg.contracts, [COTATION]);
    const again = mergeCotationDecisions(reg.contracts, [COTATION]);
    expect(again.merged).toEqual([]);
    expect(indicator(reg, "A1.E1", 2025)).toMatchObject({ numerator: 2, denominator: 3 });
  });

  test("a later cotation sheet wins for the same contract, as on refresh; other grids are ignored", () => {
    const reg = readWorkbook([REGISTER]);
    const older = cotation("Cotation CAD 2024", [["M2", "18", "N2"]]);
    const newer = cotation("Cotation CAD", [["M2", "21", "N2"]]);
    const { merged, decisions } = mergeCotationDecisions(reg.contracts, [REGISTER, older, newer]);
    expect(merged).toEqual(["N2"]);
    expect(byId(reg, "N2").actionsCiblees).toEqual([21]);
    expect(decisions.applied).toHaveLength(1);
  });

  test("no decision: nothing changes, no issue", () => {
    const reg = readWorkbook([REGISTER]);
    const before = reg.contracts.map((c) => c.actionsCiblees);
    const r = mergeCotationDecisions(reg.contracts, [cotation("Cotation CAD", [["M1", null, "N1"]])]);
    expect(r).toEqual({ issues: [], merged: [], decisions: { applied: [], pending: [], targetingFromYear: null } });
    expect(reg.contracts.map((c) => c.actionsCiblees)).toEqual(before);
  });

  describe("a register without « Actions ciblées »", () => {
    const headers = HEADERS.filter((h) => h !== "Actions ciblées");
    const grid = sheet(
      "Registre",
      rowsFromRecords(headers, [
        { "N° marché": "M1", "Date de notification": "10/03/2023", "Clause d'insertion": "oui" },
        { "N° marché": "M2", "Date de notification": "12/05/2024", "Clause d'insertion": "non" },
        { "N° marché": "N1", "Date de notification": "10/03/2025", "Clause d'insertion": "oui" },
        { "N° marché": "N2", "Date de notification": "12/05/2025", "Clause d'insertion": "non" },
      ]),
    );
    test("the decisions become the targeting from the renewal's year on; earlier years still read the column as absent", () => {
      const before = readWorkbook([grid]);
      expect(before.present.has("actionsCiblees")).toBe(false);
      const absent = indicator(before, "A1.E1", 2023);
      expect(absent).toMatchObject({ value: null, reason: expect.stringMatching(/« Actions ciblées » absente/) });
      const after = readWorkbook([grid, cotation("Cotation CAD", [["M1", "8", "N1"]])]);
      expect(after.present.has("actionsCiblees")).toBe(true);
      expect(after.decisions?.targetingFromYear).toBe(2025);
      // 2023 and 2024: exactly as before (the column is absent for them).
      for (const y of [2023, 2024]) for (const id of ["A1.E1", "A2.E1", "A8.R1"]) expect(indicator(after, id, y)).toEqual(indicator(before, id, y));
      // 2025: N1·8 done (insertion clause); N2 targets nothing → 1 / 1; A8.R1 over cib(8) = {N1} → 1 / 1.
      expect(indicator(after, "A1.E1", 2025)).toMatchObject({ numerator: 1, denominator: 1 });
      expect(indicator(after, "A8.R1", 2025)).toMatchObject({ numerator: 1, denominator: 1 });
      expect(byId(after, "M1").actionsCiblees).toEqual([]);
    });
    test("a decision waiting for its renewal leaves the register as it was", () => {
      const reg = readWorkbook([grid, cotation("Cotation CAD", [["M2", "8"]])]);
      expect(reg.present.has("actionsCiblees")).toBe(false);
      expect(reg.contracts.map((c) => c.actionsCiblees)).toEqual([null, null, null, null]);
      expect(reg.decisions).toMatchObject({ applied: [], targetingFromYear: null, pending: [expect.objectContaining({ decidedOn: "M2", decision: "8" })] });
    });
  });
});
