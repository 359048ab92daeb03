/**
 * Figures that say what they are, on the dashboards (SPEC §3.x, §7.2.1): targets in their
 * indicator's unit, TdB 2's target beside each status, per-entity values with their counts, one
 * figure shown once, the buyer's figure beside the OECP census figure on the same population.
 */
import { buildDashboardPlans, SheetPlan } from "../../src/dashboards";
import { renderText } from "../../src/cli/text";
import { computeIndicators } from "../../src/indicators/engine";
import { formatTarget } from "../../src/indicators/format";
import { readWorkbook } from "../../src/register/read";
import type { Cell } from "../../src/register/types";
import { rowsFromRecords, sheet } from "../helpers/workbook";
import { fixtureGrids } from "./fixture";
import { contractLines } from "../../src/taskpane/text";

const NOW = new Date("2026-03-02T09:30:00Z");
const spaces = (s: unknown) => String(s).replace(/\s/g, " ");

/** The cells of the rows whose first column holds the id (a T appears twice on TdB 1). */
function rowsOf(plan: SheetPlan, id: string): Map<number, unknown>[] {
  const rows = plan.cells.filter((c) => c.c === 0 && c.value === id).map((c) => c.r);
  return rows.map((r) => new Map(plan.cells.filter((c) => c.r === r).map((c) => [c.c, c.value])));
}
function colOf(plan: SheetPlan, title: string): number {
  const cell = plan.cells.find((c) => c.value === title);
  if (!cell) throw new Error(`colonne ${title} absente`);
  return cell.c;
}

describe("targets in their unit (SPEC §3.x)", () => {
  // A8.E1 retargeted by the Référentiel sheet to 80 000 hours (step 1) and 100 000 (step 2); the
  // Insertion sheet gives 2025: 30 000 + 20 000 = 50 000 h → below 80 000: « En cours ».
  const grids = [
    ...fixtureGrids(),
    sheet("Référentiel", [["Id", "Libellé", "Cible étape 1", "Cible étape 2"], ["A8.E1", null, 80_000, 100_000]]),
    sheet("Insertion", [["Année", "Heures réalisées"], [2025, 30_000], [2025, 20_000]]),
  ];
  const reg = readWorkbook(grids);
  const res = computeIndicators(reg, { year: 2025 });
  const [tdb1, tdb2] = buildDashboardPlans(reg, res, { now: NOW });

  test("the engine keeps the target as a number of hours", () => {
    expect(res.indicators["A8.E1"]).toMatchObject({ value: 50_000, target: 80_000, targets: [80_000, 100_000], status: "En cours" });
  });

  test("in words: « 80 000 h », a rate's target as a percentage", () => {
    expect(spaces(formatTarget(80_000, "hours"))).toBe("80 000 h");
    expect(spaces(formatTarget(0.3, "percent"))).toBe("30,0 %");
    expect(spaces(formatTarget(12, "count"))).toBe("12");
    expect(formatTarget(undefined, "percent")).toBe("—");
    const text = spaces(renderText(reg, res));
    expect(text).toContain("— cible 80 000 h : En cours");
    expect(text).not.toContain("8 000 000");
  });

  test("TdB 2 shows the target of the current step beside the status, in hours", () => {
    const [a8e1] = rowsOf(tdb2, "A8.E1");
    const target = colOf(tdb2, "Cible Étape 1");
    const status = colOf(tdb2, "Statut");
    expect(status).toBe(target + 1);
    expect(a8e1.get(target)).toBe(80_000);
    expect(a8e1.get(status)).toBe("En cours");
    const cell = tdb2.cells.find((c) => c.value === 80_000 && c.c === target)!;
    expect(tdb2.styles[cell.style as string].numFmt).toBe('#,##0 "h"');
    // A rate's row without a target leaves the cell empty.
    expect(rowsOf(tdb2, "A8.R1")[0].get(target)).toBeNull();
  });

  test("TdB 1's targets of T1–T6 stay percentages", () => {
    const t1 = tdb1.cells.find((c) => c.c === colOf(tdb1, "Cible Étape 1 (en cours)") && c.value === 0.3)!;
    expect(tdb1.styles[t1.style as string].numFmt).toBe("0 %");
  });
});

describe("one figure shown once (SPEC §3.x)", () => {
  const reg = readWorkbook(fixtureGrids());
  const res = computeIndicators(reg, { year: 2025 });
  const [tdb1, tdb2] = buildDashboardPlans(reg, res, { now: NOW });

  test("a repeated measure says « voir … » and « Même mesure que … », without repeating the figure", () => {
    const value = colOf(tdb2, "Valeur 2025");
    const comment = colOf(tdb2, "Commentaire");
    const [a21] = rowsOf(tdb2, "A21.E1");
    expect(a21.get(value)).toBe("voir A18.E3");
    expect(a21.get(comment)).toBe("Même mesure que A18.E3 : le chiffre n'est montré qu'une fois, sur la ligne A18.E3.");
    expect(rowsOf(tdb2, "A24.R3")[0].get(value)).toBe("voir T1");
    expect(rowsOf(tdb1, "A4.E1")[0].get(colOf(tdb1, "Valeur 2025"))).toBe("voir A2.E1");
  });
});

describe("the OECP census figures beside the buyer's figure on the same population (SPEC §7.2.1)", () => {
  const reg = readWorkbook(fixtureGrids());
  const res = computeIndicators(reg, { year: 2025 });
  const [tdb1] = buildDashboardPlans(reg, res, { now: NOW });
  const reference = () => colOf(tdb1, "Référence nationale");

  test("N.ENV and N.SOC: contracts of 90 000 € HT and more, beside 29,2 % and 22,3 %", () => {
    // 2025 ≥ 90 000 €: M25-01 (150 000), M25-02 (2 000 000); M25-03 and M25-04 below.
    // environmental: both have the criterion → 2 / 2; social (only « Clause d'insertion » is a column): M25-02 → 1 / 2
    expect(res.indicators["N.ENV"]).toMatchObject({ value: 1, numerator: 2, denominator: 2 });
    expect(res.indicators["N.SOC"]).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2 });
    const [env] = rowsOf(tdb1, "N.ENV");
    const [soc] = rowsOf(tdb1, "N.SOC");
    expect(env.get(colOf(tdb1, "En nombre de contrats"))).toBe(1);
    expect(env.get(reference())).toBe(0.292);
    expect(soc.get(reference())).toBe(0.223);
    expect(String(env.get(9))).toContain("recensement 2022");
    expect(String(env.get(9))).toContain("contrats notifiés en 2022");
  });

  test("T2 and T4 keep the PNAD objectives; the OECP figures are no longer beside them", () => {
    const t2 = rowsOf(tdb1, "T2")[1];
    const t4 = rowsOf(tdb1, "T4")[1];
    expect(t2.get(reference())).toBe(1);
    expect(t4.get(reference())).toBe(0.3);
    expect(String(t2.get(9))).toContain("PNAD");
    expect(tdb1.cells.some((c) => typeof c.value === "string" && c.value.includes("29,2"))).toBe(false);
  });

  test("the year and source typed in Paramètres are shown", () => {
    const grids = fixtureGrids();
    grids[1].rows.push(["Constat national année", 2023], ["Constat national source", "OECP, recensement 2023"], ["Constat national considérations environnementales", "31 %"]);
    const reg2 = readWorkbook(grids);
    const [board] = buildDashboardPlans(reg2, computeIndicators(reg2, { year: 2025 }), { now: NOW });
    const [env] = rowsOf(board, "N.ENV");
    expect(env.get(colOf(board, "Référence nationale"))).toBe(0.31);
    expect(env.get(9)).toBe("constat national : OECP, recensement 2023 (contrats notifiés en 2023) ; 2 contrats sur 2");
  });
});

describe("per-entity columns show the value and its counts (SPEC §3.x, §7.3)", () => {
  const headers = ["N° marché", "Entité", "Date de notification", "Critère environnemental"];
  const records: Record<string, Cell>[] = [
    { "N° marché": "V1", Entité: "Ville", "Date de notification": "01/02/2025", "Critère environnemental": "oui" },
    { "N° marché": "V2", Entité: "Ville", "Date de notification": "01/02/2025", "Critère environnemental": "non" },
    { "N° marché": "V3", Entité: "Ville", "Date de notification": "01/02/2025", "Critère environnemental": "non" },
    { "N° marché": "M1", Entité: "Métropole", "Date de notification": "01/02/2025", "Critère environnemental": "oui" },
    { "N° marché": "M2", Entité: "Métropole", "Date de notification": "01/02/2025", "Critère environnemental": "oui" },
  ];
  const reg = readWorkbook([sheet("Registre", rowsFromRecords(headers, records))]);
  const res = computeIndicators(reg, { year: 2025 });
  const [tdb1] = buildDashboardPlans(reg, res, { now: NOW });

  test("T1 per buyer: Ville 1 / 3, Métropole 2 / 2", () => {
    const t1 = rowsOf(tdb1, "T1")[1];
    expect(spaces(t1.get(colOf(tdb1, "Ville")))).toBe("33,3 % (1/3)");
    expect(spaces(t1.get(colOf(tdb1, "Métropole")))).toBe("100,0 % (2/2)");
  });
});

describe("the rows of the side tables in « Détail des indicateurs » and in the pane (SPEC §3.x, §6)", () => {
  const grids = [...fixtureGrids(), sheet("Insertion", [["Année", "Heures réalisées", "Genre"], [2025, 30, "F"], [2025, 20, "H"], [2024, 5, "F"]])];
  const reg = readWorkbook(grids);
  const res = computeIndicators(reg, { year: 2025, detail: true });
  const detail = buildDashboardPlans(reg, res, { now: NOW })[2];

  test("A8.E2 lists Insertion!2 (numerator) and Insertion!3 (denominator only); the 2024 row is not in it", () => {
    // A8.E2 2025: F (row 2) / F + H (rows 2, 3) → 1 / 2
    const lines = detail.cells.filter((c) => c.c === 0 && c.value === "A8.E2" && c.style === "dId").map((c) => c.r);
    const shown = lines.map((r) => [detail.cells.find((c) => c.r === r && c.c === 1)?.value, detail.cells.find((c) => c.r === r && c.c === 4)?.value]);
    expect(shown).toEqual([
      ["Insertion!2", "numérateur"],
      ["Insertion!3", "dénominateur seul"],
    ]);
  });

  test("the pane's list gives the same rows", () => {
    expect(contractLines(res.indicators["A8.E1"])).toEqual([
      { id: "Insertion!2", role: "compté" },
      { id: "Insertion!3", role: "compté" },
    ]);
  });
});
