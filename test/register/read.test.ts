/**
 * The register reader (SPEC §2): finding the register and the side tables, cell addresses,
 * duplicates and co-holders, blank rules, derived values, parameters, and a real DECP export.
 */
import * as fs from "fs";
import { readCsv } from "../../src/files/read-file";
import { readWorkbook, RegisterNotFoundError } from "../../src/register/read";
import type { Cell, Grid, Register } from "../../src/register/types";
import { contract, issuesOf, readRegister, sheet, table } from "../helpers/workbook";

/** rows read = rows used + rows rejected + rows merged, always (SPEC §2.6). */
function expectCountsAddUp(reg: Register): void {
  const s = reg.source;
  expect(s.rowsRead).toBe(s.rowsUsed + s.rowsRejected + s.rowsMerged);
  expect(s.rowsUsed).toBe(reg.contracts.length);
}

const HEADER = ["N° marché", "Objet", "Montant HT", "Date de notification"];

describe("finding the header row", () => {
  test("below title rows: the header row and the row numbers are those of the sheet", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["Registre des marchés 2025"],
        [],
        ["Ville de Montreuil-sur-Mer", null, "édité le 02/01/2026"],
        HEADER,
        ["M1", "Voirie", 1000, "15/03/2025"],
        ["M2", "Écoles", "abc", "16/03/2025"],
      ]),
    ]);
    expect(reg.source.headerRow).toBe(4);
    expect(reg.contracts.map((c) => [c.id, c.row])).toEqual([
      ["M1", 5],
      ["M2", 6],
    ]);
    expect(reg.issues.map((i) => i.cell)).toEqual(["Registre!C6"]);
  });

  test("the header row is the row that matches the most known columns", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["Légende :", "N° marché", "Objet"], // two known words in a legend line
        HEADER, // four
        ["M1", "Voirie", 1000, "15/03/2025"],
      ]),
    ]);
    expect(reg.source.headerRow).toBe(2);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1"]);
  });

  test("the first 30 rows are scanned: a header on row 30 is found, on row 31 it is not", () => {
    const titles = (n: number): Cell[][] => Array.from({ length: n }, (_, i) => [`ligne de titre ${i + 1}`]);
    const found = readWorkbook([sheet("Registre", [...titles(29), HEADER, ["M1", "Voirie", 1000, "15/03/2025"]])]);
    expect(found.source.headerRow).toBe(30);
    expect(() => readWorkbook([sheet("Registre", [...titles(30), HEADER, ["M1", "Voirie", 1000, "15/03/2025"]])])).toThrow(RegisterNotFoundError);
  });
});

describe("choosing the register among several sheets", () => {
  test("the sheet whose header matches the most register columns", () => {
    const reg = readWorkbook([
      sheet("Notes", [
        ["N° marché", "Objet"],
        ["N1", "note"],
      ]),
      sheet("Marchés 2025", [
        ["N° marché", "Objet", "Montant HT", "Titulaire"],
        ["M1", "Voirie", 1000, "BTP Martin"],
      ]),
      sheet("Vide", []),
    ]);
    expect(reg.source.sheet).toBe("Marchés 2025");
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1"]);
  });

  test("a sheet without the N° marché column is never the register, however many columns it matches", () => {
    const reg = readWorkbook([
      sheet("Synthèse", [["Objet", "Montant HT", "Titulaire", "Procédure", "Date de notification"], ["x", 1, "y", "MAPA", "01/01/2025"]]),
      sheet("Liste", [["N° marché", "Montant"], ["L1", 5]]),
    ]);
    expect(reg.source.sheet).toBe("Liste");
  });

  test("N° marché and at least one other known column are required", () => {
    expect(() => readWorkbook([sheet("Liste", [["N° marché", "Remarque"], ["L1", "x"]])])).toThrow(RegisterNotFoundError);
    expect(() => readWorkbook([])).toThrow(RegisterNotFoundError);
  });

  test("the error says, in French, what was looked for and where", () => {
    let message = "";
    try {
      readWorkbook([sheet("Feuil1", [["a", "b"]]), sheet("Budget", [["Montant"]])]);
    } catch (e) {
      expect(e).toBeInstanceOf(RegisterNotFoundError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/Aucun registre des marchés/);
    expect(message).toContain("« Feuil1 »");
    expect(message).toContain("« Budget »");
    expect(message).toContain("N° marché");
  });
});

describe("side tables", () => {
  const register = sheet("Registre", [HEADER, ["M1", "Voirie", 1000, "15/03/2025"]]);
  const activities = (name: string): Grid => sheet(name, [["Action", "Statut", "Date"], [1, "Réalisée", "12/02/2025"]]);
  const insertion = (name: string): Grid => sheet(name, [["Année", "Heures réalisées", "Genre"], [2025, 35, "F"]]);
  const manual = (name: string): Grid => sheet(name, [["Indicateur", "Année", "Valeur"], ["A22.E1", 2025, 1000]]);
  const parameters = (name: string): Grid => sheet(name, [["Paramètre", "Valeur"], ["Étape en cours", 2]]);

  test.each([
    ["Activités", "Insertion", "Saisies", "Paramètres"],
    ["ACTIVITÉS", "INSERTION", "SAISIES", "PARAMÈTRES"],
    ["activites", "insertion", "saisies", "parametres"],
    ["Activites", "Insertion", "Saisies", "Parametres"],
  ])("found by sheet name, case- and accent-free: %s, %s, %s, %s", (a, i, s, p) => {
    const reg = readWorkbook([register, activities(a), insertion(i), manual(s), parameters(p)]);
    expect(reg.activitiesSource?.sheet).toBe(a);
    expect(reg.activities).toHaveLength(1);
    expect(reg.insertionSource?.sheet).toBe(i);
    expect(reg.insertion).toHaveLength(1);
    expect(reg.manualInputs).toHaveLength(1);
    expect(reg.parameters.etape).toBe(2);
  });

  test("found by Excel table name on a sheet of another name", () => {
    const reg = readWorkbook([register, table("Feuil3", "Activités", [["Action", "Statut", "Date"], [4, "Réalisée", "01/02/2025"]], 0, 0)]);
    expect(reg.activitiesSource?.sheet).toBe("Feuil3");
    expect(reg.activitiesSource?.table).toBe("Activités");
    expect(reg.activities?.map((a) => a.action)).toEqual([4]);
  });

  test("found by their headers when the sheet has another name", () => {
    const reg = readWorkbook([register, activities("Journal SCP"), insertion("Suivi PLIE"), manual("Données externes"), parameters("Réglages")]);
    expect(reg.activitiesSource?.sheet).toBe("Journal SCP");
    expect(reg.insertionSource?.sheet).toBe("Suivi PLIE");
    expect(reg.manualInputs.map((m) => m.indicator)).toEqual(["A22.E1"]);
    expect(reg.parameters.etape).toBe(2);
  });

  test("their header may sit below title rows too", () => {
    const reg = readWorkbook([register, sheet("Activités", [["Activités du SPASER"], [], ["Action", "Statut", "Date"], [1, "Réalisée", "12/02/2025"]])]);
    expect(reg.activitiesSource?.headerRow).toBe(3);
    expect(reg.activities?.[0].row).toBe(4);
  });

  test("absent side tables are null (indicators then say so), parameters take their defaults", () => {
    const reg = readWorkbook([register]);
    expect(reg.activities).toBeNull();
    expect(reg.insertion).toBeNull();
    expect(reg.manualInputs).toEqual([]);
    expect(reg.parameters.etape).toBe(1);
  });

  test("an activity status is read forgivingly (faite, prévue, terminée…)", () => {
    const reg = readWorkbook([
      register,
      sheet("Activités", [
        ["Action", "Statut", "Date"],
        [4, "faite", "01/02/2025"],
        [4, "prévue", "01/03/2025"],
        [4, "Terminée", "01/04/2025"],
        [4, "planifiée", "01/05/2025"],
        [4, "annulée", "01/06/2025"],
      ]),
    ]);
    expect(reg.activities?.map((a) => a.statut)).toEqual(["Réalisée", "Programmée", "Réalisée", "Programmée", "Annulée"]);
  });
});

describe("Excel tables and positions in the sheet", () => {
  test("a table's header is its first row; originRow/originCol give the sheet address", () => {
    // Table starting at C5: header on sheet row 5, first data row on sheet row 6, column index 2 = C.
    const reg = readWorkbook([
      table("Registre", "TabMarchés", [
        ["N° marché", "Objet", "Montant HT"],
        ["M1", "Voirie", "abc"],
        ["M2", "Écoles", 1000],
      ], 4, 2),
    ]);
    expect(reg.source.table).toBe("TabMarchés");
    expect(reg.source.headerRow).toBe(5);
    expect(reg.contracts.map((c) => c.row)).toEqual([6, 7]);
    // Montant HT is the table's third column: C + 2 = E; first data row = 6
    expect(reg.issues.map((i) => [i.row, i.column, i.cell])).toEqual([[6, "Montant HT", "Registre!E6"]]);
  });

  test("only a table's first row can be its header", () => {
    expect(() => readWorkbook([table("Registre", "Tab", [["Liste des marchés"], ["N° marché", "Objet"], ["M1", "x"]])])).toThrow(RegisterNotFoundError);
  });

  test("a plain range that does not start at A1 (Office.js used range) keeps sheet addresses", () => {
    // Range starting at B3: originRow 2, originCol 1. Header on row 3, bad Montant HT (3rd column = D) on row 5.
    const reg = readWorkbook([sheet("Registre", [HEADER, ["M1", "Voirie", 10, "15/03/2025"], ["M2", "Écoles", "beaucoup", "15/03/2025"]], { row: 2, col: 1 })]);
    expect(reg.source.headerRow).toBe(3);
    expect(reg.issues.map((i) => i.cell)).toEqual(["Registre!D5"]);
    expect(contract(reg, "M2").row).toBe(5);
  });

  test("a table is preferred to a plain range of the same sheet matching as well", () => {
    const rows = [HEADER, ["M1", "Voirie", 10, "15/03/2025"]];
    const reg = readWorkbook([sheet("Registre", rows), table("Registre", "TabMarchés", rows)]);
    expect(reg.source.table).toBe("TabMarchés");
  });
});

describe("unknown columns", () => {
  test("are kept, listed and never an error: an information each (SPEC §2.1.1)", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Commentaire interne", "Objet", "Code interne", ""],
        ["M1", "à revoir", "Voirie", "X12", null],
      ]),
    ]);
    expect(reg.source.unknownColumns).toEqual(["Commentaire interne", "Code interne"]);
    expect(reg.issues.map((i) => [i.severity, i.cell, i.message])).toEqual([
      ["info", "Registre!B1", "colonne non reconnue : « Commentaire interne » (ignorée)"],
      ["info", "Registre!D1", "colonne non reconnue : « Code interne » (ignorée)"],
    ]);
    expect(reg.contracts).toHaveLength(1);
    expect(contract(reg, "M1").objet).toBe("Voirie");
  });
});

describe("duplicate ids and co-holders", () => {
  test("two rows with the same id: error on the later row, which is rejected", () => {
    const reg = readRegister(["N° marché", "Objet", "Montant HT"], [
      { "N° marché": "M1", Objet: "premier", "Montant HT": 100 },
      { "N° marché": "M2", Objet: "autre", "Montant HT": 50 },
      { "N° marché": "M1", Objet: "second", "Montant HT": 200 },
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2"]);
    expect(contract(reg, "M1").objet).toBe("premier");
    expect(contract(reg, "M1").montant).toBe(100);
    expect(reg.source).toMatchObject({ rowsRead: 3, rowsUsed: 2, rowsRejected: 1, rowsMerged: 0 });
    const errors = issuesOf(reg, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: "Registre", row: 4, column: "N° marché", cell: "Registre!A4" });
    expect(errors[0].message).toContain("M1");
    expect(errors[0].message).toContain("ligne 2");
    expectCountsAddUp(reg);
  });

  test("same id and same titulaire: still a duplicate", () => {
    const reg = readRegister(["N° marché", "Titulaire"], [
      { "N° marché": "M1", Titulaire: "BTP Martin" },
      { "N° marché": "M1", Titulaire: "BTP Martin" },
    ]);
    expect(reg.source).toMatchObject({ rowsRead: 2, rowsUsed: 1, rowsRejected: 1, rowsMerged: 0 });
    expect(issuesOf(reg, "error")).toHaveLength(1);
  });

  test("same id, other titulaire: co-holders merged into the first row, one info summary, no error", () => {
    const reg = readRegister(["N° marché", "Titulaire", "Montant HT"], [
      { "N° marché": "M1", Titulaire: "Mandataire", "Montant HT": 500000 },
      { "N° marché": "M1", Titulaire: "Cotraitant A", "Montant HT": 500000 },
      { "N° marché": "M1", Titulaire: "Cotraitant B", "Montant HT": 500000 },
      { "N° marché": "M2", Titulaire: "Seul", "Montant HT": 1000 },
      { "N° marché": "M3", Titulaire: "Groupement 1", "Montant HT": 2000 },
      { "N° marché": "M3", Titulaire: "Groupement 2", "Montant HT": 2000 },
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1", "M2", "M3"]);
    expect(contract(reg, "M1").titulaire).toBe("Mandataire");
    expect(contract(reg, "M1").cotitulaires).toEqual(["Cotraitant A", "Cotraitant B"]);
    expect(contract(reg, "M3").cotitulaires).toEqual(["Groupement 2"]);
    // 6 rows = 3 used + 0 rejected + 3 merged (rows 3, 4 and 7 of the sheet)
    expect(reg.source).toMatchObject({ rowsRead: 6, rowsUsed: 3, rowsRejected: 0, rowsMerged: 3 });
    expect(issuesOf(reg, "error")).toEqual([]);
    const infos = issuesOf(reg, "info");
    expect(infos).toHaveLength(1);
    expect(infos[0].message).toMatch(/^3 lignes de co-titulaires fusionnées/);
    expect(infos[0].message).toContain("3, 4, 7");
    expectCountsAddUp(reg);
  });

  test("a contract published twice with its co-holders: the repeated holders are duplicates, not new co-holders", () => {
    // Rows 2–3: M1 with holders A and B. Rows 4–5: the same two holders again.
    const reg = readRegister(["N° marché", "Titulaire"], [
      { "N° marché": "M1", Titulaire: "A" },
      { "N° marché": "M1", Titulaire: "B" },
      { "N° marché": "M1", Titulaire: "A" },
      { "N° marché": "M1", Titulaire: "B" },
    ]);
    expect(contract(reg, "M1").cotitulaires).toEqual(["B"]);
    // 4 rows = 1 used + 1 merged (row 3) + 2 rejected (rows 4 and 5, same holder as an earlier row)
    expect(reg.source).toMatchObject({ rowsRead: 4, rowsUsed: 1, rowsMerged: 1, rowsRejected: 2 });
    expect(issuesOf(reg, "error").map((e) => e.row)).toEqual([4, 5]);
    expectCountsAddUp(reg);
  });

  test("a later row with a blank titulaire is not a co-holder: it is a duplicate", () => {
    const reg = readRegister(["N° marché", "Titulaire"], [
      { "N° marché": "M1", Titulaire: "A" },
      { "N° marché": "M1", Titulaire: "" },
    ]);
    expect(contract(reg, "M1").cotitulaires).toEqual([]);
    expect(reg.source).toMatchObject({ rowsRead: 2, rowsUsed: 1, rowsMerged: 0, rowsRejected: 1 });
  });

  test("a blank or erroneous id rejects the row with an error", () => {
    const reg = readRegister(["N° marché", "Objet"], [
      { "N° marché": "M1", Objet: "a" },
      { "N° marché": "", Objet: "sans numéro" },
      { "N° marché": { error: "#REF!" }, Objet: "erreur" },
    ]);
    expect(reg.contracts.map((c) => c.id)).toEqual(["M1"]);
    expect(reg.source).toMatchObject({ rowsRead: 3, rowsUsed: 1, rowsRejected: 2, rowsMerged: 0 });
    const errors = issuesOf(reg, "error");
    expect(errors.map((e) => e.cell)).toEqual(["Registre!A3", "Registre!A4"]);
    expect(errors[0].message).toMatch(/N° marché vide/);
    expect(errors[1].message).toContain("#REF!");
  });
});

describe("blank rows", () => {
  test("are skipped and not counted; later rows keep their sheet row number", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        HEADER,
        ["M1", "Voirie", 1000, "15/03/2025"],
        [],
        [null, "", "   ", undefined],
        ["\u00a0", null],
        ["M2", "Écoles", "abc", "15/03/2025"],
      ]),
    ]);
    expect(reg.source).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0, rowsMerged: 0 });
    expect(contract(reg, "M2").row).toBe(6);
    expect(reg.issues.map((i) => i.cell)).toEqual(["Registre!C6"]);
  });
});

describe("issues name sheet, row, column header and cell", () => {
  function badCellAt(sheetName: string): Register {
    // header in row 1; the bad cell in row 12, column F (6th column)
    const header = ["N° marché", "Objet", "Titulaire", "Direction", "Procédure", "Montant HT"];
    const rows: Cell[][] = [header];
    for (let r = 2; r <= 12; r++) rows.push([`M${r}`, "objet", "t", "d", "MAPA", r === 12 ? "douze mille" : 12000]);
    return readWorkbook([sheet(sheetName, rows)]);
  }

  test("Registre!F12", () => {
    const reg = badCellAt("Registre");
    expect(reg.issues).toHaveLength(1);
    const i = reg.issues[0];
    expect(i).toMatchObject({ severity: "error", sheet: "Registre", row: 12, column: "Montant HT", cell: "Registre!F12" });
    expect(i.message).toContain("douze mille");
  });

  test.each([
    ["Mon registre", "'Mon registre'!F12"],
    ["Marchés d'Anne", "'Marchés d''Anne'!F12"],
    ["2025", "'2025'!F12"],
    ["Marchés-2025", "'Marchés-2025'!F12"],
    ["Marchés", "Marchés!F12"],
    ["Registre_2025", "Registre_2025!F12"],
  ])("a sheet named %p is written %p", (name, cell) => {
    expect(badCellAt(name).issues[0].cell).toBe(cell);
  });

  test("the column is named as the user wrote it", () => {
    const reg = readWorkbook([sheet("Registre", [["N° marché", "MONTANT H.T. (€)"], ["M1", "x"]])]);
    expect(reg.issues[0].column).toBe("MONTANT H.T. (€)");
  });

  test("every error and warning of a messy register has sheet, row, column and cell", () => {
    const reg = readRegister(
      ["N° marché", "Montant HT", "Clause d'insertion", "Procédure", "Date de notification", "Actions ciblées", "Taux d'avance", "Nombre de lots"],
      [
        { "N° marché": "M1", "Montant HT": "-5", "Clause d'insertion": "peut-être", Procédure: "Concours", "Date de notification": "31/02/2025", "Actions ciblées": "27", "Taux d'avance": "beaucoup", "Nombre de lots": "2,5" },
      ],
    );
    const notInfo = reg.issues.filter((i) => i.severity !== "info");
    expect(notInfo).toHaveLength(7);
    for (const i of notInfo) {
      expect(i.sheet).toBe("Registre");
      expect(i.row).toBe(2);
      expect(i.column).not.toBeNull();
      expect(i.cell).toMatch(/^Registre![A-H]2$/);
      expect(i.message.length).toBeGreaterThan(10);
    }
    expect(notInfo.map((i) => i.column)).toEqual(["Montant HT", "Clause d'insertion", "Procédure", "Date de notification", "Actions ciblées", "Taux d'avance", "Nombre de lots"]);
  });
});

describe("a bad cell makes that field unknown and keeps the row", () => {
  test("each bad field is null, the good ones are read", () => {
    const reg = readRegister(
      ["N° marché", "Objet", "Montant HT", "Clause d'insertion", "Date de notification", "Actions ciblées", "Marché réservé"],
      [
        { "N° marché": "M1", Objet: "Voirie", "Montant HT": "-5", "Clause d'insertion": "peut-être", "Date de notification": "31/02/2025", "Actions ciblées": "8; 27", "Marché réservé": "bof" },
        { "N° marché": "M2", Objet: "Écoles", "Montant HT": "90 000", "Clause d'insertion": "oui", "Date de notification": "15/03/2025", "Actions ciblées": "8; 11", "Marché réservé": "SIAE" },
      ],
    );
    expect(reg.source).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0 });
    const m1 = contract(reg, "M1");
    expect(m1.objet).toBe("Voirie");
    expect(m1.montant).toBeNull();
    expect(m1.clauseInsertion).toBeNull(); // unknown, although a blank would mean "non"
    expect(m1.dateNotification).toBeNull();
    expect(m1.actionsCiblees).toBeNull();
    expect(m1.reserve).toBeNull();
    const m2 = contract(reg, "M2");
    expect(m2.montant).toBe(90000);
    expect(m2.clauseInsertion).toBe(true);
    expect(m2.actionsCiblees).toEqual([8, 11]);
    expect(m2.reserve).toBe(true);
    expect(m2.reserveType).toBe("SIAE");
    expect(issuesOf(reg, "error").map((i) => i.cell)).toEqual(["Registre!C2", "Registre!D2", "Registre!E2", "Registre!F2", "Registre!G2"]);
  });
});

describe("blank cells (SPEC §2.1, column 'absent/blank means')", () => {
  const YES_NO_BLANK_NO = [
    ["Récurrent", "recurrent"],
    ["Clause d'insertion", "clauseInsertion"],
    ["Critère d'insertion", "critereInsertion"],
    ["Marché réservé", "reserve"],
    ["Clause sociale", "clauseSociale"],
    ["Critère social", "critereSocial"],
    ["Commerce équitable", "commerceEquitable"],
    ["Avance", "avance"],
    ["Questionnement du besoin", "questionnementBesoin"],
    ["Outils méthodologiques", "outilsMethodo"],
    ["Clauses équilibrées", "clausesEquilibrees"],
    ["Révision des prix", "revisionPrix"],
    ["Négociation", "negociation"],
    ["Évaluation de l'exécution", "evaluation"],
    ["ACV réalisée", "acv"],
    ["Clause de sobriété", "clauseSobriete"],
    ["AMO DD", "amoDD"],
    ["Critère environnemental", "critereEnvironnemental"],
    ["Clause environnementale", "clauseEnvironnementale"],
    ["Clause de suivi des impacts", "clauseDonneesImpact"],
    ["Clause de limitation des impacts", "clauseLimitationImpact"],
    ["Données d'impact obtenues", "donneesObtenues"],
    ["Compensation carbone", "compensationCarbone"],
    ["Économie circulaire", "economieCirculaire"],
    ["Infructueux", "infructueux"],
  ] as const;

  const UNKNOWN = [
    ["Objet", "objet"],
    ["Titulaire", "titulaire"],
    ["Entité", "entite"],
    ["Direction", "direction"],
    ["Nature", "nature"],
    ["Famille d'achat", "famille"],
    ["Code CPV", "cpv"],
    ["Procédure", "procedure"],
    ["Montant HT", "montant"],
    ["Durée (mois)", "dureeMois"],
    ["Date de notification", "dateNotification"],
    ["Date prévisionnelle d'attribution", "datePrevisionnelle"],
    ["Date de cotation", "dateCotation"],
    ["Heures d'insertion prévues", "heuresInsertionPrevues"],
    ["Heures d'insertion réalisées", "heuresInsertionRealisees"],
    ["Nombre de lots", "nombreLots"],
    ["Alloti", "alloti"],
    ["Taux d'avance", "tauxAvance"],
    ["Gain prix (%)", "gainPrix"],
    ["Gain valeur technique (%)", "gainTechnique"],
    ["Note de satisfaction", "noteSatisfaction"],
    ["tCO2e compensées", "tco2Compensees"],
    ["Titulaire TPE/PME", "titulaireTpePme"],
    ["Titulaire ESS", "titulaireEss"],
    ["Nombre d'offres", "offresRecues"],
    ["Offres de TPE/PME", "offresTpePme"],
    ["DCE retirés", "dceRetires"],
    ["Offres irrégulières", "offresIrregulieres"],
    ["Litiges", "litiges"],
  ] as const;

  const headers = ["N° marché", ...YES_NO_BLANK_NO.map((x) => x[0]), ...UNKNOWN.map((x) => x[0]), "Actions ciblées", "Anticipé"];
  const reg = readWorkbook([sheet("Registre", [headers, ["M1"], ["M2", ...headers.slice(1).map(() => "#N/A")]])]);
  const blank = contract(reg, "M1");
  const bad = contract(reg, "M2");

  test.each(YES_NO_BLANK_NO)("%s: blank means non; a bad cell means unknown", (_h, key) => {
    expect(blank[key]).toBe(false);
    expect(bad[key]).toBeNull();
  });

  test.each(UNKNOWN)("%s: blank means unknown", (_h, key) => {
    expect(blank[key]).toBeNull();
    expect(bad[key]).toBeNull();
  });

  test("Actions ciblées: blank means none targeted; a bad cell means unknown", () => {
    expect(blank.actionsCiblees).toEqual([]);
    expect(bad.actionsCiblees).toBeNull();
  });

  test("Anticipé blank: not yes (derived later from the dates)", () => {
    expect(blank.anticipe).not.toBe(true);
    expect(bad.anticipe).toBeNull();
  });

  test("Marché réservé blank: no reservation type", () => {
    expect(blank.reserveType).toBeNull();
  });

  test("every bad cell is an error on its own cell (#N/A)", () => {
    const onM2 = reg.issues.filter((i) => i.row === 3);
    expect(onM2).toHaveLength(headers.length - 1);
    expect(new Set(onM2.map((i) => i.cell)).size).toBe(headers.length - 1);
  });

  test("an absent column is not a blank column: the field stays unknown", () => {
    const r = readWorkbook([sheet("Registre", [["N° marché", "Objet"], ["M1", "x"]])]);
    expect(r.contracts[0].clauseInsertion).toBeNull();
    expect(r.present.has("clauseInsertion")).toBe(false);
    expect(r.present.has("objet")).toBe(true);
  });

  test("a contract without notification date is read (not notified yet)", () => {
    const r = readRegister(["N° marché", "Date de notification"], [{ "N° marché": "M1" }]);
    expect(r.contracts).toHaveLength(1);
    expect(r.contracts[0].dateNotification).toBeNull();
    expect(r.issues).toEqual([]);
  });
});

describe("nature derived from the CPV code when the nature cell is blank", () => {
  const reg = readRegister(["N° marché", "Objet", "Nature", "Code CPV"], [
    { "N° marché": "T", "Code CPV": "45233140" },
    { "N° marché": "MOE", Objet: "Maîtrise d'œuvre de la rénovation de l'école", "Code CPV": "71221000" },
    { "N° marché": "MOE2", Objet: "MAITRISE D'OEUVRE voirie", "Code CPV": "71000000-8" },
    { "N° marché": "ING", Objet: "Études géotechniques", "Code CPV": "71332000" },
    { "N° marché": "F03", "Code CPV": "03121100" },
    { "N° marché": "F30", "Code CPV": "30192000" },
    { "N° marché": "F44", "Code CPV": "44111000" },
    { "N° marché": "F48", "Code CPV": "48000000" },
    { "N° marché": "S50", "Code CPV": "50000000" },
    { "N° marché": "S90", "Code CPV": "90910000" },
    { "N° marché": "EXPLICIT", Nature: "Services", "Code CPV": "45000000" },
    { "N° marché": "NONE" },
    { "N° marché": "BADNAT", Nature: "Divers", "Code CPV": "45000000" },
  ]);
  test.each([
    ["T", "Travaux"],
    ["MOE", "Maîtrise d'œuvre"],
    ["MOE2", "Maîtrise d'œuvre"],
    ["ING", "Services"],
    ["F03", "Fournitures"],
    ["F30", "Fournitures"],
    ["F44", "Fournitures"],
    ["F48", "Fournitures"],
    ["S50", "Services"],
    ["S90", "Services"],
    ["EXPLICIT", "Services"], // the nature written wins over the CPV
    ["NONE", null],
    ["BADNAT", null], // a bad nature cell is unknown, not replaced
  ])("%s → %p", (id, nature) => {
    expect(contract(reg, id).nature).toBe(nature);
  });

  test("a CPV column alone makes the nature present", () => {
    const r = readRegister(["N° marché", "Code CPV"], [{ "N° marché": "T", "Code CPV": "45233140" }]);
    expect(r.present.has("nature")).toBe(true);
    expect(r.contracts[0].nature).toBe("Travaux");
  });
});

describe("alloti derived from Nombre de lots", () => {
  const reg = readRegister(["N° marché", "Nombre de lots", "Alloti"], [
    { "N° marché": "L3", "Nombre de lots": 3 },
    { "N° marché": "L2", "Nombre de lots": "2" },
    { "N° marché": "L1", "Nombre de lots": 1 },
    { "N° marché": "LX" },
    { "N° marché": "EXPLICIT", "Nombre de lots": 4, Alloti: "non" },
    { "N° marché": "ONLY", Alloti: "oui" },
  ]);
  test.each([
    ["L3", true],
    ["L2", true],
    ["L1", false],
    ["LX", null],
    ["EXPLICIT", false],
    ["ONLY", true],
  ])("%s → %p", (id, alloti) => {
    expect(contract(reg, id).alloti).toBe(alloti);
  });

  test("Nombre de lots alone makes alloti present", () => {
    const r = readRegister(["N° marché", "Nombre de lots"], [{ "N° marché": "L3", "Nombre de lots": 3 }]);
    expect(r.present.has("alloti")).toBe(true);
    expect(r.contracts[0].alloti).toBe(true);
  });
});

describe("Paramètres", () => {
  const register = sheet("Registre", [HEADER, ["M1", "Voirie", 1000, "15/03/2025"]]);

  test("« Années étape 1 » without a label: the stage's label shows its years; a label typed wins", () => {
    const years = readWorkbook([register, sheet("Paramètres", [["Paramètre", "Valeur"], ["Années étape 1", "2025-2027"], ["Années étape 2", "2028 à 2030"]])]).parameters;
    expect(years.libelleEtape).toEqual(["Étape 1 (2025-2027)", "Étape 2 (2028-2030)"]);
    const labelled = readWorkbook([register, sheet("Paramètres", [["Paramètre", "Valeur"], ["Années étape 1", "2025-2027"], ["Libellé étape 1", "Première étape"]])]).parameters;
    expect(labelled.libelleEtape).toEqual(["Première étape", "Étape 2"]);
  });

  test("defaults of SPEC §2.5 when the sheet is absent", () => {
    const p = readWorkbook([register]).parameters;
    expect(p).toMatchObject({
      collectivite: "",
      etape: 1,
      libelleEtape: ["Étape 1", "Étape 2"],
      seuilClauseInsertion: 90000,
      seuilMarchesReserves: 90000,
      suiviDe: 10000,
      suiviA: 40000,
      seuilAvanceBonifiee: 215000,
      tauxAvanceBonifiee: 0.3,
      seuilAvanceObligatoire: 50000,
      dureeAvanceObligatoire: 2,
      dureeRevisionPrix: 12,
      anticipationCotation: 12,
    });
    expect(p.cibles).toEqual({ T1: [0.3, 0.7], T2: [0.5, 1], T3: [0.5, 0.8], T4: [0.3, 0.6], T5: [0.5, 0.8], T6: [0.5, 0.8] });
  });

  test("thresholds, targets and step are read; the others keep their defaults", () => {
    const reg = readWorkbook([
      register,
      sheet("Paramètres", [
        ["Paramètres du suivi"],
        ["Paramètre", "Valeur"],
        ["Collectivité", "Ville de Montreuil-sur-Mer"],
        ["Étape en cours", "2"],
        ["Libellé étape 1", "2024-2025"],
        ["Seuil clause d'insertion (€ HT)", "100 000 €"],
        ["Seuil marchés réservés (€ HT)", 80000],
        ["Suivi marchés de (€ HT)", "5 k€"],
        ["Taux avance bonifiée", "25 %"],
        ["Anticipation cotation (mois)", 6],
        ["Cible T1 étape 1", "40 %"],
        ["Cible T3 étape 2", 0.85],
        ["Cible T6 étape 2", 90],
      ]),
    ]);
    const p = reg.parameters;
    expect(p.collectivite).toBe("Ville de Montreuil-sur-Mer");
    expect(p.etape).toBe(2);
    expect(p.libelleEtape).toEqual(["2024-2025", "Étape 2"]);
    expect(p.seuilClauseInsertion).toBe(100000);
    expect(p.seuilMarchesReserves).toBe(80000);
    expect(p.suiviDe).toBe(5000); // 5 × 1 000
    expect(p.suiviA).toBe(40000); // default
    expect(p.tauxAvanceBonifiee).toBeCloseTo(0.25, 12);
    expect(p.anticipationCotation).toBe(6);
    expect(p.seuilAvanceBonifiee).toBe(215000); // default
    expect(p.cibles.T1[0]).toBeCloseTo(0.4, 12);
    expect(p.cibles.T1[1]).toBeCloseTo(0.7, 12); // default
    expect(p.cibles.T3).toEqual([0.5, 0.85]);
    expect(p.cibles.T6[1]).toBeCloseTo(0.9, 12); // 90 read as 90 %
    expect(reg.issues).toEqual([]);
  });

  test("a bad value is an error naming the cell, and the default is kept", () => {
    const reg = readWorkbook([
      register,
      sheet("Paramètres", [
        ["Paramètre", "Valeur"],
        ["Étape en cours", "3"],
        ["Seuil clause d'insertion (€ HT)", "beaucoup"],
      ]),
    ]);
    expect(reg.parameters.etape).toBe(1);
    expect(reg.parameters.seuilClauseInsertion).toBe(90000);
    expect(issuesOf(reg, "error").map((i) => i.cell)).toEqual(["Paramètres!B2", "Paramètres!B3"]);
  });

  test("an unknown parameter is a warning, not an error", () => {
    const reg = readWorkbook([register, sheet("Paramètres", [["Paramètre", "Valeur"], ["Couleur préférée", "bleu"]])]);
    expect(issuesOf(reg, "warning")).toHaveLength(1);
    expect(issuesOf(reg, "error")).toHaveLength(0);
  });
});

describe("a real DECP export: decp-2024S2-travaux-cpv4521.csv", () => {
  const FILE = require("path").join(__dirname, "../fixtures/decp/decp-2024S2-travaux-cpv4521.csv");

  /**
   * Independent count from the raw CSV: one row per holder, `uid` is the key. A uid seen for the first
   * time is a contract; a later row of the same uid with a holder not seen yet for it is a co-holder
   * (merged); a later row repeating a holder already seen is a duplicate (rejected).
   */
  function countFromRawCsv(): { rows: number; contracts: number; merged: number; rejected: number } {
    const lines = fs.readFileSync(FILE, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
    const header = splitCsvLine(lines[0]);
    const uidAt = header.indexOf("uid");
    const holderAt = header.indexOf("titulaire_nom");
    const holders = new Map<string, Set<string>>();
    let merged = 0;
    let rejected = 0;
    for (const line of lines.slice(1)) {
      const f = splitCsvLine(line);
      const uid = f[uidAt].trim();
      const holder = (f[holderAt] ?? "").trim();
      const seen = holders.get(uid);
      if (!seen) holders.set(uid, new Set([holder]));
      else if (holder !== "" && !seen.has(holder)) {
        seen.add(holder);
        merged++;
      } else rejected++;
    }
    return { rows: lines.length - 1, contracts: holders.size, merged, rejected };
  }

  /** Comma-separated fields, double quotes around fields that hold commas. */
  function splitCsvLine(line: string): string[] {
    const out: string[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") {
        out.push(cur);
        cur = "";
      } else cur += ch;
    }
    out.push(cur);
    return out;
  }

  let reg: Register;
  beforeAll(async () => {
    const { grids, sheetNames } = await readCsv(FILE);
    reg = readWorkbook(grids, sheetNames);
  });

  test("8,957 rows read, 5,180 contracts", () => {
    expect(reg.source.rowsRead).toBe(8957);
    expect(reg.source.rowsUsed).toBe(5180);
    expect(reg.contracts).toHaveLength(5180);
    expectCountsAddUp(reg);
  });

  test("merged and rejected rows agree with an independent count of the raw file", () => {
    const raw = countFromRawCsv();
    expect(raw.rows).toBe(8957);
    expect(raw.contracts).toBe(5180);
    expect(raw.merged + raw.rejected).toBe(8957 - 5180);
    expect(reg.source.rowsMerged).toBe(raw.merged);
    expect(reg.source.rowsRejected).toBe(raw.rejected);
  });

  test("the DECP columns are understood: uid is the key, titulaire_nom the holder, one info line for the co-holders", () => {
    expect(reg.source.columns).toMatchObject({
      id: "uid",
      titulaire: "titulaire_nom",
      cpv: "codeCPV",
      montant: "montant",
      dateNotification: "dateNotification",
      procedure: "procedure",
      dureeMois: "dureeMois",
      offresRecues: "offresRecues",
    });
    // One summary line for all the co-holders, and one information that `id` gives way to `uid`.
    expect(issuesOf(reg, "info").filter((i) => /co-titulaires/.test(i.message))).toHaveLength(1);
    expect(issuesOf(reg, "info").filter((i) => i.column === "id")).toHaveLength(1);
    expect(issuesOf(reg, "warning")).toHaveLength(0);
    // every contract is a works contract (type "Travaux", CPV 4521…) notified in 2024 or 2025
    const years = new Set(reg.contracts.map((c) => c.dateNotification?.y));
    expect([...years].every((y) => y === 2024 || y === 2025)).toBe(true);
    expect(reg.contracts.every((c) => c.nature === "Travaux")).toBe(true);
  });

  test("each contract keeps the values of its first row in the raw file", () => {
    const lines = fs.readFileSync(FILE, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
    const header = splitCsvLine(lines[0]);
    const at = (name: string) => header.indexOf(name);
    const first = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const f = splitCsvLine(line);
      if (!first.has(f[at("uid")])) first.set(f[at("uid")], f);
    }
    const pad = (n: number) => String(n).padStart(2, "0");
    const mismatches: string[] = [];
    for (const c of reg.contracts) {
      const f = first.get(c.id);
      if (!f) {
        mismatches.push(`${c.id}: not in the file`);
        continue;
      }
      const d = c.dateNotification;
      const got = [c.montant, c.offresRecues, c.dureeMois, d && `${d.y}-${pad(d.m)}-${pad(d.d)}`, c.titulaire];
      const want = [Number(f[at("montant")]), Number(f[at("offresRecues")]), Number(f[at("dureeMois")]), f[at("dateNotification")].slice(0, 10), f[at("titulaire_nom")].trim() || null];
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${c.id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(first.size).toBe(5180);
  });

  test("every error is a rejected duplicate row, with its cell", () => {
    const errors = issuesOf(reg, "error");
    expect(errors).toHaveLength(reg.source.rowsRejected);
    for (const e of errors.slice(0, 50)) {
      expect(e.column).toBe("uid");
      expect(e.cell).toMatch(/^'decp-2024S2-travaux-cpv4521'!A\d+$/);
      expect(e.message).toMatch(/en double/);
    }
  });
});

describe("header row of the register", () => {
  test("a row below the header that names more columns (a legend) does not hide the header, which holds N° marché", () => {
    const { readWorkbook } = require("../../src/register/read") as typeof import("../../src/register/read");
    const reg = readWorkbook([
      {
        sheet: "Registre",
        rows: [
          ["N° marché", "Objet", "Montant HT"],
          ["M-1", "Papier", 1000],
          ["Légende :", "Objet", "Montant HT", "Durée (mois)", "Procédure", "Nature"],
        ],
      },
    ]);
    expect(reg.source.headerRow).toBe(1);
    // The legend row is read as a row whose N° marché is "Légende :": the user sees it reported, nothing is lost.
    expect(reg.contracts.map((c) => c.id)).toEqual(["M-1", "Légende :"]);
  });
});

describe("a register of few columns: every field it does not give reads as unknown, never undefined", () => {
  test("fields of absent columns are null on every contract, and a field set later is the contract's own", () => {
    const reg = readWorkbook([{ sheet: "Registre", rows: [["N° marché", "Montant HT", "Clause d'insertion"], ["A1", 120_000, "oui"], ["A2", "", ""]] }]);
    const [a1, a2] = reg.contracts;
    expect([a1.id, a1.montant, a1.clauseInsertion]).toEqual(["A1", 120_000, true]);
    // Blank « Clause d'insertion » means non (SPEC §2.1); blank amount is unknown.
    expect([a2.id, a2.montant, a2.clauseInsertion]).toEqual(["A2", null, false]);
    // Columns the register does not have: unknown (null), as the engine's three-valued rules expect.
    for (const c of [a1, a2]) {
      expect([c.critereEnvironnemental, c.dateNotification, c.titulaireTpePme, c.actionsCiblees, c.consultation, c.typeContrat]).toEqual([null, null, null, null, null, null]);
      expect(c.cotitulaires).toEqual([]);
    }
    a1.critereEnvironnemental = true;
    expect([a1.critereEnvironnemental, a2.critereEnvironnemental]).toEqual([true, null]);
  });
});
