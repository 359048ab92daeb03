/**
 * Figures that say what they are (SPEC §3.x, §7.2.1): holders counted as holders, one figure shown
 * once, labels that name notified amounts, the buyer's figure on the OECP census population, the
 * rows of the side tables behind a figure. Every expected value is computed by hand beside it.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { jsonOutput } from "../../src/indicators/json";
import type { Cell } from "../../src/register/types";
import { readRegister, sheet } from "../helpers/workbook";

const _ = null;

describe("A14.E2 and A16.E2 count distinct holders when the register names them (SPEC §3.x)", () => {
  const headers = ["N° marché", "Date de notification", "Titulaire", "Titulaire TPE/PME"];
  const row = (id: string, titulaire: Cell, tpe: Cell) => ({ "N° marché": id, "Date de notification": "01/04/2025", Titulaire: titulaire, "Titulaire TPE/PME": tpe });
  const reg = readRegister(headers, [
    row("H1", "Alpha SARL", "oui"),
    row("H2", "ALPHA sarl", "oui"), // the same enterprise, written otherwise: one holder
    row("H3", "Beta", "non"),
    row("H4", "Gamma", "oui"), // Gamma answers oui here…
    row("H5", "Gamma", "non"), // …and non here: contradictory, left out
    row("H6", _, "oui"), // holder unknown: cannot be told apart, left out
    row("H7", "Delta", _), // size unknown, left out
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("A14.E2: TPE/PME among the distinct holders whose size is known", () => {
    // holders known: Alpha (oui, H1 H2), Beta (non, H3) → 1 / 2; contracts left out: H4 H5 (contradictory), H6, H7 → 4
    expect(res.indicators["A14.E2"]).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2, excluded: 4, label: "Part des TPE/PME parmi les titulaires (entreprises distinctes)" });
    expect(res.indicators["A14.E2"].detail).toEqual({
      numerator: ["H1", "H2"],
      denominator: ["H1", "H2", "H3"],
      excluded: [
        { id: "H4", reason: "« Titulaire TPE/PME » contradictoire entre les contrats de ce titulaire" },
        { id: "H5", reason: "« Titulaire TPE/PME » contradictoire entre les contrats de ce titulaire" },
        { id: "H6", reason: "« Titulaire » inconnu" },
        { id: "H7", reason: "« Titulaire TPE/PME » inconnu" },
      ],
    });
  });

  test("A16.E2 and A17.E4: the number of TPE/PME holders, not of their contracts", () => {
    // Alpha only (two contracts, one enterprise) → 1
    expect(res.indicators["A16.E2"]).toMatchObject({ value: 1, excluded: 4, label: "TPE/PME titulaires (entreprises distinctes)" });
    expect(res.indicators["A17.E4"]).toMatchObject({ value: 1, label: "TPE/PME titulaires (entreprises distinctes)" });
    expect(res.definitions.find((d) => d.id === "A16.E2")?.label).toBe("TPE/PME titulaires (entreprises distinctes)");
  });

  test("without a « Titulaire » column they count contracts, and say so", () => {
    const noHolder = readRegister(["N° marché", "Date de notification", "Titulaire TPE/PME"], [
      { "N° marché": "H1", "Date de notification": "01/04/2025", "Titulaire TPE/PME": "oui" },
      { "N° marché": "H2", "Date de notification": "01/04/2025", "Titulaire TPE/PME": "oui" },
      { "N° marché": "H3", "Date de notification": "01/04/2025", "Titulaire TPE/PME": "non" },
    ]);
    const r = computeIndicators(noHolder, { year: 2025 });
    // contracts: H1 H2 oui, H3 non → 2 / 3 and 2
    expect(r.indicators["A14.E2"]).toMatchObject({ value: 2 / 3, numerator: 2, denominator: 3, label: "Part des contrats confiés à des TPE/PME (en nombre de contrats)" });
    expect(r.indicators["A16.E2"]).toMatchObject({ value: 2, label: "Contrats confiés à des TPE/PME (en nombre de contrats)" });
  });

  test("a label the workbook's Référentiel sheet gives is kept", () => {
    const relabelled = readRegister(headers, [row("H1", "Alpha", "oui")], "Registre", [
      sheet("Référentiel", [["Id", "Libellé"], ["A14.E2", "Part des PME titulaires"]]),
    ]);
    expect(computeIndicators(relabelled, { year: 2025 }).indicators["A14.E2"]).toMatchObject({ value: 1, label: "Part des PME titulaires" });
  });
});

describe("labels say what is computed (SPEC §3.x)", () => {
  const reg = readRegister(["N° marché", "Date de notification", "Montant HT", "Commerce équitable"], [{ "N° marché": "E1", "Date de notification": "01/04/2025", "Montant HT": 1000, "Commerce équitable": "oui" }]);
  const res = computeIndicators(reg, { year: 2025 });

  test("notified amounts, not spending; the mean turnover is per contract", () => {
    expect(res.indicators["A13.E1"].label).toBe("Montants notifiés en faveur du commerce équitable (€ HT)");
    expect(res.indicators["A24.E1"].label).toBe("Part des montants notifiés en économie circulaire");
    expect(res.indicators["A11.E1"].label).toBe("CA moyen par contrat confié aux structures ESS, SIAE, EA, ESAT (montant notifié)");
  });

  test("indicators reading one column are one figure: the others say « même mesure que … » and the JSON names it", () => {
    for (const [id, same] of [["A20.E3", "A18.E3"], ["A21.E1", "A18.E3"], ["A24.R3", "T1"]]) {
      expect(res.indicators[id].comment).toBe(`même mesure que ${same}`);
      expect(jsonOutput(reg, res).indicators[id].sameAs).toBe(same);
    }
    expect(jsonOutput(reg, res).indicators["A18.E3"].sameAs).toBeUndefined();
  });
});

describe("the buyer's figure on the population of the OECP census: contracts of 90 000 € HT or more (SPEC §7.2.1)", () => {
  const headers = ["N° marché", "Date de notification", "Montant HT", "Critère environnemental", "Clause d'insertion", "Clause sociale"];
  const reg = readRegister(headers, [
    { "N° marché": "N1", "Date de notification": "01/02/2025", "Montant HT": 90_000, "Critère environnemental": "oui" }, // in, env
    { "N° marché": "N2", "Date de notification": "01/02/2025", "Montant HT": 89_999, "Critère environnemental": "oui", "Clause sociale": "oui" }, // below: out
    { "N° marché": "N3", "Date de notification": "01/02/2025", "Montant HT": 150_000, "Clause d'insertion": "oui" }, // in, social
    { "N° marché": "N4", "Date de notification": "01/02/2025", "Montant HT": 400_000 }, // in, neither
    { "N° marché": "N5", "Date de notification": "01/02/2025", "Montant HT": _, "Critère environnemental": "oui" }, // amount unknown: left out
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("N.ENV: any environmental consideration among the contracts ≥ 90 000 € HT", () => {
    // population N1 N3 N4 (N2 below, N5 unknown) → env: N1 → 1 / 3
    expect(res.indicators["N.ENV"]).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 1, kind: "repere" });
    expect(res.indicators["N.ENV"].detail?.numerator).toEqual(["N1"]);
    expect(res.indicators["N.ENV"].detail?.denominator).toEqual(["N1", "N3", "N4"]);
  });

  test("N.SOC: any social consideration among the same contracts", () => {
    // N3 (insertion) → 1 / 3; N2's social clause is below the population
    expect(res.indicators["N.SOC"]).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 1 });
  });

  test("the national figure, its year and source go with them in the JSON output", () => {
    const out = jsonOutput(reg, res);
    expect(out.indicators["N.ENV"].reference).toEqual({ value: 0.292, year: 2022, source: "Observatoire économique de la commande publique (OECP), recensement 2022 : contrats de 90 000 € HT et plus notifiés en 2022" });
    expect(out.indicators["N.SOC"].reference?.value).toBe(0.223);
  });

  test("the year and the source of the national figures are parameters", () => {
    const params = sheet("Paramètres", [
      ["Paramètre", "Valeur"],
      ["Constat national considérations environnementales", "31 %"],
      ["Constat national année", 2023],
      ["Constat national source", "OECP, recensement 2023"],
    ]);
    const r = computeIndicators(readRegister(headers, [{ "N° marché": "N1", "Date de notification": "01/02/2025", "Montant HT": 90_000 }], "Registre", [params]), { year: 2025 });
    expect(r.parameters.constatNational).toEqual({ environnemental: 0.31, social: 0.223, annee: 2023, source: "OECP, recensement 2023" });
  });

  test("a year that is not a year is an error at its cell, the default kept", () => {
    const params = sheet("Paramètres", [["Paramètre", "Valeur"], ["Constat national année", "vingt"]]);
    const bad = readRegister(headers, [], "Registre", [params]);
    expect(bad.parameters.constatNational.annee).toBe(2022);
    expect(bad.issues.find((i) => i.cell === "Paramètres!B2")).toMatchObject({ severity: "error", message: expect.stringContaining("Constat national année") });
  });
});

describe("the rows of the Insertion and Activités sheets behind a figure (SPEC §3.x, §6)", () => {
  const reg = readRegister(["N° marché", "Date de notification"], [{ "N° marché": "M1", "Date de notification": "01/02/2025" }], "Registre", [
    sheet("Activités", [
      ["Action", "Type", "Statut", "Date", "Temps (jours)"],
      [4, "Communication", "Réalisée", "10/03/2025"], // row 2: done
      [4, "Formation", "Programmée", "15/10/2025"], // row 3: planned
      [4, "Formation", "Annulée", "01/04/2025"], // row 4: cancelled, out
      [5, "Expertise", "Réalisée", "10/09/2025", 2], // row 5
      [1, "Réunion", "Réalisée", "12/02/2025"], // row 6
    ]),
    sheet("Insertion", [
      ["N° marché", "Année", "Heures réalisées", "Genre"],
      ["M1", 2025, 400, "F"], // row 2
      ["M1", 2025, 350, "H"], // row 3
      ["M1", 2025, _, _], // row 4: hours and gender unknown
      ["M1", 2024, 500, "F"], // row 5: another year
    ]),
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("an activity rate lists its rows with their role", () => {
    // A4.R1: done row 2 / planned rows 2, 3 → 1 / 2
    expect(res.indicators["A4.R1"]).toMatchObject({ value: 1 / 2, detail: { rows: [{ ref: "Activités!2", role: "numérateur" }, { ref: "Activités!3", role: "dénominateur seul" }] } });
    expect(res.indicators["A5.R2"].detail?.rows).toEqual([{ ref: "Activités!5", role: "compté" }]);
    expect(res.indicators["A1.R1"].detail?.rows).toEqual([{ ref: "Activités!6", role: "compté" }]);
  });

  test("the PLIE follow-up lists its rows: hours counted, shares with the rows left out", () => {
    // A8.E1: 400 + 350 (rows 2, 3; row 4 unknown, row 5 is 2024) = 750
    expect(res.indicators["A8.E1"]).toMatchObject({ value: 750, detail: { rows: [{ ref: "Insertion!2", role: "compté" }, { ref: "Insertion!3", role: "compté" }] } });
    // A8.E2: F (row 2) / F + H (rows 2, 3) → 1 / 2; row 4 left out
    expect(res.indicators["A8.E2"].detail?.rows).toEqual([
      { ref: "Insertion!2", role: "numérateur" },
      { ref: "Insertion!3", role: "dénominateur seul" },
      { ref: "Insertion!4", role: "écarté : « Genre » inconnu" },
    ]);
    expect(jsonOutput(reg, res).indicators["A8.E2"].detail?.rows).toHaveLength(3);
  });

  test("without the drill-down, no rows", () => {
    expect(computeIndicators(reg, { year: 2025 }).indicators["A4.R1"].detail).toBeUndefined();
  });
});
