/**
 * The register's own columns through the command line (SPEC §8.1): an .xlsx whose register has
 * columns of its own (« Titulaire du territoire », « Produits bio (%) », « Part locale ») and whose
 * `Référentiel` names them; the figures, the bad cell, the methodology, and the round trip of
 * `spaser referentiel`. Figures computed by hand in the comments.
 */
import * as path from "path";
import { readInputFile } from "../../src/files/read-file";
import { run, runJson, tempDir, writeWorkbook, type SheetSpec } from "./helpers";

// Registre (A–G): every contract notified in 2025.
//   row id  montant  TPE/PME  territoire  bio (%)  part locale   réception
//   2   C1  100 000  oui      oui         60 %     30 k€         15/03/2025 (a date cell)
//   3   C2   50 000  oui      non         20 %     20 000        —
//   4   C3  200 000  non      oui         80 %     —             —
//   5   C4   40 000  oui      peut-être   50 %     5 000         —
const REGISTER: SheetSpec = {
  name: "Registre",
  rows: [
    ["N° marché", "Date de notification", "Montant HT", "Titulaire TPE/PME", "Titulaire du territoire", "Produits bio (%)", "Part locale", "Date de réception"],
    ["C1", "10/01/2025", 100000, "oui", "oui", "60 %", "30 k€", new Date(Date.UTC(2025, 2, 15))],
    ["C2", "11/01/2025", 50000, "oui", "non", "20 %", 20000],
    ["C3", "12/01/2025", 200000, "non", "oui", "80 %"],
    ["C4", "13/01/2025", 40000, "oui", "peut-être", "50 %", "5 000"],
  ],
};
const REFERENTIAL: SheetSpec = {
  name: "Référentiel",
  rows: [
    ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Cible étape 1"],
    ["X1", "50 % des marchés à des TPE/PME du territoire", "taux", null, "[Titulaire du territoire] ET PME = oui", null, "50 %"],
    ["X2", "75 % des achats en valeur à 50 % de bio ou plus", "part en valeur", null, "[Produits bio (%)] >= 50 %", null, "75 %"],
    ["X3", "Part locale des marchés", "somme", null, null, "Part locale", null],
    ["X4", "Marchés reçus avant avril", "compte", null, "[Date de réception] < 01/04/2025", null, null],
  ],
};

describe("spaser on a workbook whose Référentiel names the register's own columns", () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, "registre.xlsx");
  beforeAll(() => writeWorkbook(file, [REGISTER, REFERENTIAL]));
  afterAll(cleanup);

  test("indicators --json: the figures, the bad cell at its address", async () => {
    const { code, json } = await runJson(["indicators", file, "--year", "2025", "--detail"]);
    expect(code).toBe(0);
    // X1: C1 yes; C2, C3 no; C4 unknown (bad cell) → 1 / 3.
    expect(json.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 1, target: 0.5, status: "En cours" });
    // X2: bio ≥ 50 %: C1, C3, C4 = 340 000 of 390 000.
    expect(json.indicators.X2).toMatchObject({ value: 340000 / 390000, numerator: 340000, denominator: 390000 });
    // X3: 30 000 + 20 000 + 5 000.
    expect(json.indicators.X3).toMatchObject({ value: 55000, detail: { counted: ["C1", "C2", "C4"] } });
    expect(json.indicators.X4).toMatchObject({ value: 1, detail: { counted: ["C1"] } });
    expect(json.issues.filter((i) => i.severity !== "info")).toEqual([
      {
        severity: "warning",
        sheet: "Registre",
        row: 5,
        column: "Titulaire du territoire",
        cell: "Registre!E5",
        message: "« peut-être » n'est pas une réponse oui/non (attendu : oui ou non) ; la colonne « Titulaire du territoire » est lue comme une colonne oui/non (la plupart de ses cellules) : valeur inconnue pour ce marché",
      },
    ]);
  });

  test("methodologie names each own column an indicator reads and the kind read from its cells", async () => {
    const r = await run(["methodologie", file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("« Titulaire du territoire » (colonne propre au registre, lue comme oui/non)");
    expect(r.out).toContain("« Produits bio (%) » (colonne propre au registre, lue comme pourcentage)");
    expect(r.out).toContain("« Part locale » (colonne propre au registre, lue comme nombre)");
    expect(r.out).toContain("« Date de réception » (colonne propre au registre, lue comme date)");
    expect(r.out).toContain("« Titulaire du territoire » : oui/non (4 cellules remplies, dont 1 illisible signalée et lue comme inconnue)");
  });

  test("spaser referentiel writes the own columns' names back: copied beside the register, the same figures", async () => {
    const out = path.join(dir, "referentiel.xlsx");
    const w = await run(["referentiel", file, "-o", out]);
    expect(w.code).toBe(0);
    const written = (await readInputFile(out)).grids.find((g) => /r[ée]f[ée]rentiel/i.test(g.sheet))!;
    const again = path.join(dir, "registre-2.xlsx");
    await writeWorkbook(again, [REGISTER, { name: "Référentiel", rows: written.rows.map((r) => Array.from(r, (v) => (v instanceof Date || typeof v !== "object" ? v : null))) as SheetSpec["rows"] }]);
    const { json } = await runJson(["indicators", again, "--year", "2025"]);
    expect(json.indicators.X1).toMatchObject({ value: 1 / 3, target: 0.5 });
    expect(json.indicators.X2).toMatchObject({ value: 340000 / 390000 });
    expect(json.indicators.X3).toMatchObject({ value: 55000 });
    expect(json.indicators.X4).toMatchObject({ value: 1 });
  });
});

describe("spaser indicators says the years a multi-year indicator cumulates (« Période »)", () => {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, "periodes.xlsx");
  // P-2024 (critère oui), P-2025 (oui), P-2026a (oui), P-2026b (non). Stage 1 = 2025-2026.
  beforeAll(() =>
    writeWorkbook(file, [
      {
        name: "Registre",
        rows: [
          ["N° marché", "Date de notification", "Montant HT", "Critère environnemental"],
          ["P-2024", "10/03/2024", 10000, "oui"],
          ["P-2025", "10/03/2025", 20000, "oui"],
          ["P-2026a", "10/03/2026", 30000, "oui"],
          ["P-2026b", "10/04/2026", 40000, "non"],
        ],
      },
      {
        name: "Référentiel",
        rows: [
          ["Id", "Libellé", "Type", "Population", "Condition", "Période"],
          ["P1", "Marchés avec critère, cumul de l'étape", "compte", null, "[Critère environnemental]", "étape"],
          ["P2", "Marchés avec critère sur trois ans", "compte", null, "[Critère environnemental]", "3 ans"],
          ["P3", "Marchés avec critère dans l'année", "compte", null, "[Critère environnemental]", null],
        ],
      },
      { name: "Paramètres", rows: [["Paramètre", "Valeur"], ["Années étape 1", "2025-2026"]] },
    ]),
  );
  afterAll(cleanup);

  test("--json: `comment` names the years cumulated; an indicator of one year has none", async () => {
    const { json } = await runJson(["indicators", file, "--year", "2026"]);
    // Étape 2025–2026: P-2025, P-2026a = 2. Three years 2024–2026: P-2024, P-2025, P-2026a = 3. 2026 alone: 1.
    expect(json.indicators.P1).toMatchObject({ value: 2, comment: "cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)" });
    expect(json.indicators.P2).toMatchObject({ value: 3, comment: "cumul des 3 années 2024–2026 (contrats notifiés de 2024 à 2026)" });
    expect(json.indicators.P3.value).toBe(1);
    expect(json.indicators.P3.comment).toBeUndefined();
  });

  test("text: the same note under the figure", async () => {
    const r = await run(["indicators", file, "--year", "2026"]);
    expect(r.out).toContain("Cumul de l'étape 1, 2025–2026 (contrats notifiés de 2025 à 2026)");
    expect(r.out).toContain("Cumul des 3 années 2024–2026 (contrats notifiés de 2024 à 2026)");
  });
});
