/**
 * Register headers that match no known column (SPEC §2.1.1): each reported once as an `info` issue,
 * naming the closest known header when one is within two letters; an indicator that is n/a for an
 * absent column names the near header found. A DECP export's many irrelevant columns stay quiet.
 */
import * as path from "path";
import { readCsv } from "../../src/files/read-file";
import { computeIndicators } from "../../src/indicators/engine";
import { readWorkbook } from "../../src/register/read";
import { nearestHeader } from "../../src/register/headers";
import type { Cell } from "../../src/register/types";
import { issuesOf, readRegister, rowsFromRecords, sheet } from "../helpers/workbook";

const TYPO = "Clause socialle (hors insertion)";

/** 8 contracts of formalised procedures notified in 2025; insertion on M1–M5, the other social clause on M1 and M6. */
function socialRegister(socialHeader: string) {
  const records: Record<string, Cell>[] = [];
  for (let i = 1; i <= 8; i++) {
    records.push({
      "N° marché": `M${i}`,
      "Procédure": "Appel d'offres ouvert",
      "Date de notification": `0${i}/03/2025`,
      "Actions ciblées": 12,
      "Clause d'insertion": i <= 5 ? "oui" : "non",
      [socialHeader]: i === 1 || i === 6 ? "oui" : "non",
    });
  }
  return readRegister(["N° marché", "Procédure", "Date de notification", "Actions ciblées", "Clause d'insertion", socialHeader], records);
}

describe("a header with a typo is reported, with the header it probably means", () => {
  test("T4 of a register whose « Clause sociale (hors insertion) » is misspelt: 5/8, and the info issue says why", () => {
    // With the column read: social consideration on M1–M6 = 6/8. Misspelt, the column is not
    // read (a typo is not guessed): insertion only, M1–M5 = 5/8, and the user is told.
    const right = computeIndicators(socialRegister("Clause sociale (hors insertion)"), { year: 2025 });
    expect(right.indicators.T4).toMatchObject({ numerator: 6, denominator: 8 });
    const reg = socialRegister(TYPO);
    const res = computeIndicators(reg, { year: 2025 });
    expect(res.indicators.T4).toMatchObject({ value: 5 / 8, numerator: 5, denominator: 8 });
    const infos = issuesOf(reg, "info");
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ sheet: "Registre", row: 1, column: TYPO, cell: "Registre!F1" });
    expect(infos[0].message).toBe(`colonne non reconnue : « ${TYPO} » (ignorée) ; vouliez-vous dire « Clause sociale (hors insertion) » ?`);
  });

  test("an indicator n/a for the absent column names the header found (A12.R1 reads « Clause sociale (hors insertion) »)", () => {
    const res = computeIndicators(socialRegister(TYPO), { year: 2025 });
    expect(res.indicators["A12.R1"].value).toBeNull();
    expect(res.indicators["A12.R1"].reason).toBe(`colonne « Clause sociale (hors insertion) » absente du registre (une colonne « ${TYPO} » a été trouvée)`);
  });

  test.each<[string, string | null]>([
    ["Objte", "Objet"],
    ["Montnt HT", "Montant HT"],
    ["Montants", "Montant HT"],
    ["Date de notifcation", "Date de notification"],
    ["Critere environemental", "Critère environnemental"],
    // Not typos: a whole word added to a known name, or short words that differ by more than one letter.
    ["acheteur_siren", null],
    ["Statut", null],
    ["Observations", null],
  ])("%p → %p", (header, expected) => {
    const hit = nearestHeader(header);
    expect(hit ? hit.header : null).toBe(expected);
  });
});

describe("every unknown header, once", () => {
  test("a header without a near known one: « colonne non reconnue : « X » (ignorée) »; a side table's header is not reported", () => {
    const reg = readRegister(["N° marché", "Objet", "Observations", "Commentaire"], [{ "N° marché": "M1", Objet: "x", Observations: "y", Commentaire: "z" }]);
    const infos = issuesOf(reg, "info");
    // « Commentaire » is a column of the Saisies table: known, not reported.
    expect(infos.map((i) => [i.cell, i.message])).toEqual([["Registre!C1", "colonne non reconnue : « Observations » (ignorée)"]]);
  });

  test("registers kept one sheet per year: a header repeated on every sheet is reported once, on the first", () => {
    const rows = (y: number) => rowsFromRecords(["N° marché", "Objet", "Montant HT", "Observations"], [{ "N° marché": `M${y}`, Objet: "x", "Montant HT": 1 }]);
    const reg = readWorkbook([sheet("Registre 2024", rows(2024)), sheet("Registre 2025", rows(2025))]);
    const unknown = issuesOf(reg, "info").filter((i) => /colonne non reconnue/.test(i.message));
    expect(unknown.map((i) => i.cell)).toEqual(["'Registre 2024'!D1"]);
  });

  test("a header named in a Référentiel expression is not unknown", () => {
    const ref = sheet("Référentiel", [
      ["Id", "Libellé", "Type", "Population", "Condition"],
      ["X1", "Produits bio", "taux", "", "[Produits bio (%)] >= 50"],
    ]);
    const reg = readRegister(["N° marché", "Objet", "Produits bio (%)"], [{ "N° marché": "M1", Objet: "x", "Produits bio (%)": 60 }], "Registre", [ref]);
    expect(issuesOf(reg, "info").filter((i) => /colonne non reconnue/.test(i.message))).toEqual([]);
  });

  test("many unknown headers (a wide export): one issue lists them; the near ones keep their own", () => {
    const extra = Array.from({ length: 40 }, (_, i) => `champ_export_${i + 1}`);
    const headers = ["N° marché", "Objet", "Montnt HT", ...extra];
    const reg = readWorkbook([sheet("Export", [headers, ["M1", "x", 5, ...extra.map(() => "v")]])]);
    const unknown = issuesOf(reg, "info").filter((i) => /non reconnue/.test(i.message));
    expect(unknown).toHaveLength(2);
    expect(unknown[0].message).toBe("colonne non reconnue : « Montnt HT » (ignorée) ; vouliez-vous dire « Montant HT » ?");
    expect(unknown[1]).toMatchObject({ row: 1, cell: null });
    expect(unknown[1].message).toMatch(/^40 colonnes non reconnues \(ignorées\) : « champ_export_1 », « champ_export_2 », /);
    expect(unknown[1].message).toMatch(/« champ_export_40 »$/);
  });
});

describe("a real DECP export (test/fixtures/decp)", () => {
  test("its 4 columns the tool does not use are reported, each once, without a wrong suggestion", async () => {
    const { grids, sheetNames } = await readCsv(path.join(__dirname, "../fixtures/decp/decp-2024S2-travaux-cpv4521.csv"));
    const reg = readWorkbook(grids, sheetNames);
    const unknown = issuesOf(reg, "info").filter((i) => /non reconnue/.test(i.message));
    // Header: uid,id,type,codeCPV,acheteur_id,acheteur_nom,titulaire_id,titulaire_nom,montant,
    // dateNotification,procedure,dureeMois,offresRecues,acheteur_departement_code,
    // titulaire_departement_code,acheteur_region_code,titulaire_region_code
    // acheteur_id and titulaire_id are the SIRET of the buyer and of the holder (SPEC §11).
    expect(unknown.map((i) => i.column)).toEqual(["acheteur_departement_code", "titulaire_departement_code", "acheteur_region_code", "titulaire_region_code"]);
    expect(unknown.every((i) => !/vouliez-vous/.test(i.message))).toBe(true);
  });
});
