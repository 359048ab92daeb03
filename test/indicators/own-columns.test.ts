/**
 * The register's own columns (SPEC §8.1): a header of the register that is no column of §2.1 can be
 * named in the `Référentiel` sheet by its header text; its kind is inferred from most of its cells
 * and the other cells are reported as bad cells; blank or bad means unknown (three-valued logic).
 * Every figure below is computed by hand from the register in the comments.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { methodology } from "../../src/indicators/methodology";
import { referentialInUse } from "../../src/indicators/referential-in-use";
import { buildDashboardPlans, DETAIL_NAME } from "../../src/dashboards";
import { defaultParameters } from "../../src/register/parameters";
import { readWorkbook } from "../../src/register/read";
import { inferKind, MAX_KEPT_COLUMNS } from "../../src/register/own-columns";
import type { Cell, Grid, Issue } from "../../src/register/types";
import { sheet } from "../helpers/workbook";

const _ = null;
const HEADERS = ["N° marché", "Objet", "Date de notification", "Montant HT", "Titulaire TPE/PME", "Titulaire du territoire", "Produits bio (%)", "Part locale", "Date de réception", "Filière", "Observations"];
// Registre (header on row 1, A to K), every contract notified in 2025:
//   row id  montant  TPE/PME  territoire   bio (%)  part locale  réception    filière   observations
//   2   L1  100 000  oui      oui          60 %     30 k€        15/03/2025   Bio       x
//   3   L2   50 000  oui      non          0,2      20 000       01/06/2025*  Locale
//   4   L3  200 000  non      oui          80       —            45 800**     bio
//   5   L4   40 000  oui      peut-être    50 %     5 000        —            Conventionnelle
//   6   L5   10 000  —        oui          —        10 000       —            —
//   7   L6   60 000  oui      —            10 %     0            —            —
// * a Date object (an .xlsx reader's date cell); ** an Excel serial (Office.js gives dates so): 23/05/2025.
// Kinds: territoire oui/non (4 answers, « peut-être » a bad cell at F5); bio (%) pourcentage
// (« 60 % », 0,2 → 20 %, 80 → 80 %); part locale nombre (« 0 » may be non or 0: the numbers win);
// réception date; filière texte.
const ROWS: Cell[][] = [
  HEADERS,
  ["L1", "Repas", "10/01/2025", 100000, "oui", "oui", "60 %", "30 k€", "15/03/2025", "Bio", "x"],
  ["L2", "Pain", "11/01/2025", 50000, "oui", "non", 0.2, 20000, new Date(Date.UTC(2025, 5, 1)), "Locale", _],
  ["L3", "Légumes", "12/01/2025", 200000, "non", "oui", 80, _, 45800, "bio", _],
  ["L4", "Viande", "13/01/2025", 40000, "oui", "peut-être", "50 %", "5 000", _, "Conventionnelle", _],
  ["L5", "Fruits", "14/01/2025", 10000, _, "oui", _, 10000, _, _, _],
  ["L6", "Épicerie", "15/01/2025", 60000, "oui", _, "10 %", 0, _, _, _],
];
const REF_HEADERS = ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Cible étape 1"];
const REFERENTIAL: Cell[][] = [
  REF_HEADERS,
  ["X1", "50 % des marchés à des TPE/PME du territoire", "taux", _, "[Titulaire du territoire] ET PME = oui", _, "50 %"],
  ["X2", "Part en valeur des achats à 50 % de produits bio ou plus", "part en valeur", _, "Produits bio (%) >= 50 %", _, "75 %"],
  ["X3", "Montant de la part locale", "somme", _, _, "Part locale", _],
  ["X4", "Part bio moyenne des titulaires du territoire", "moyenne", "Titulaire du territoire", _, "[Produits bio (%)]", _],
  ["X5", "Marchés reçus à partir du 01/04/2025", "compte", _, "[Date de réception] >= 01/04/2025", _, _],
  ["X6", "Marchés de la filière bio", "compte", _, "[Filière] = \"BIO\"", _, _],
  ["X7", "Mêmes TPE/PME du territoire, nom sans crochets", "taux", _, "Titulaire du territoire ET PME = oui", _, _],
];

function read(referential: Cell[][] = REFERENTIAL, rows: Cell[][] = ROWS, order: "after" | "before" = "after"): ReturnType<typeof readWorkbook> {
  const reg = sheet("Registre", rows);
  const ref = sheet("Référentiel", referential);
  return readWorkbook(order === "after" ? [reg, ref] : [ref, reg]);
}

const at = (issues: Issue[], sheetName: string) => issues.filter((i) => i.sheet === sheetName && i.severity !== "info");

describe("own columns named in the Référentiel: figures computed by hand", () => {
  const reg = read();
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("taux « TPE/PME du territoire »: L1 yes; L2 (non) and L3 (not PME) no; L4 (bad cell), L5 (PME blank) and L6 (blank) unknown, left out → 1 / 3 < 50 %", () => {
    expect(res.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 3, target: 0.5, status: "En cours" });
    expect(res.indicators.X1.detail).toEqual({
      numerator: ["L1"],
      denominator: ["L1", "L2", "L3"],
      excluded: [
        { id: "L4", reason: "« Titulaire du territoire » inconnu" },
        { id: "L5", reason: "« Titulaire TPE/PME » inconnu" },
        { id: "L6", reason: "« Titulaire du territoire » inconnu" },
      ],
    });
    // Bare, without brackets: the same figure.
    expect(res.indicators.X7).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 3 });
  });

  test("part en valeur of « Produits bio (%) » ≥ 50 %: L1 100 000 + L3 200 000 + L4 40 000 over L1…L4 and L6 (L5 unknown) → 340 000 / 450 000", () => {
    expect(res.indicators.X2).toMatchObject({ value: 340000 / 450000, numerator: 340000, denominator: 450000, excluded: 1, target: 0.75, status: "Atteint" });
    expect(res.indicators.X2.detail?.excluded).toEqual([{ id: "L5", reason: "« Produits bio (%) » inconnu" }]);
  });

  test("somme of « Part locale »: 30 000 + 20 000 + 5 000 + 10 000 + 0 = 65 000 (L3 blank: not counted)", () => {
    expect(res.indicators.X3).toMatchObject({ value: 65000 });
    expect(res.indicators.X3.detail).toEqual({ counted: ["L1", "L2", "L4", "L5", "L6"] });
  });

  test("moyenne of a percentage over a population read bare: territory L1 (60 %), L3 (80 %), L5 (unknown) → 70 %", () => {
    expect(res.indicators.X4.value).toBeCloseTo(0.7, 12);
    // A mean of percentages is a percentage.
    expect(res.indicators.X4.unit).toBe("percent");
    expect(res.indicators.X4.detail).toEqual({ counted: ["L1", "L3"] });
  });

  test("a date column (text, Date object, Excel serial) and a text column compared case- and accent-free", () => {
    // 15/03/2025 < 01/04; 01/06/2025 and 23/05/2025 (serial 45 800) ≥ 01/04 → 2.
    expect(res.indicators.X5).toMatchObject({ value: 2, detail: { counted: ["L2", "L3"] } });
    // « Bio », « bio » = "BIO".
    expect(res.indicators.X6).toMatchObject({ value: 2, detail: { counted: ["L1", "L3"] } });
  });

  test("each column's kind and counts; the bad cell is a warning at its address, naming the column and the kind read", () => {
    const own = reg.ownColumns!;
    expect(own.named().map((c) => [c.header, c.kind, c.filled, c.bad])).toEqual([
      ["Titulaire du territoire", "yesno", 5, 1],
      ["Produits bio (%)", "percent", 5, 0],
      ["Part locale", "number", 5, 0],
      ["Date de réception", "date", 3, 0],
      ["Filière", "text", 4, 0],
    ]);
    expect(at(reg.issues, "Registre")).toEqual([
      {
        severity: "warning",
        sheet: "Registre",
        row: 5,
        column: "Titulaire du territoire",
        cell: "Registre!F5",
        message: "« peut-être » n'est pas une réponse oui/non (attendu : oui ou non) ; la colonne « Titulaire du territoire » est lue comme une colonne oui/non (la plupart de ses cellules) : valeur inconnue pour ce marché",
      },
    ]);
    expect(at(reg.issues, "Référentiel")).toEqual([]);
  });

  test("a column named is no « colonne non reconnue »; a column nobody names still is", () => {
    const unknown = reg.issues.filter((i) => i.severity === "info" && /colonne non reconnue/.test(i.message)).map((i) => i.column);
    expect(unknown).toEqual(["Observations"]);
  });

  test("the drill-down shows the own columns' values on each line of the « Détail des indicateurs » sheet", () => {
    const plans = buildDashboardPlans(reg, res, { now: new Date(2025, 0, 15) });
    const detail = plans.find((p) => p.name === DETAIL_NAME)!;
    const texts = detail.cells.map((c) => c.value).filter((v): v is string => typeof v === "string");
    expect(texts).toContain("numérateur — Titulaire du territoire : oui");
    expect(texts).toContain("dénominateur seul — Titulaire du territoire : non");
    expect(texts).toContain("écarté : « Titulaire du territoire » inconnu — Titulaire du territoire : inconnu");
    expect(texts).toContain("numérateur — Produits bio (%) : 60 %");
    expect(texts).toContain("dénominateur seul — Produits bio (%) : 20 %");
    expect(texts).toContain("compté — Part locale : 30 000");
    expect(texts).toContain("compté — Date de réception : 01/06/2025");
  });

  test("the methodology names the own columns each indicator reads, with the kind read from their cells", () => {
    const text = methodology(referentialInUse(reg.parameters, reg.referentiel, defaultParameters()), reg.parameters, { own: reg.ownColumns });
    expect(text).toContain("- **Colonnes lues** : « Titulaire du territoire » (colonne propre au registre, lue comme oui/non), « Titulaire TPE/PME ».");
    expect(text).toContain("« Produits bio (%) » (colonne propre au registre, lue comme pourcentage)");
    expect(text).toContain("« Part locale » (colonne propre au registre, lue comme nombre)");
    expect(text).toContain("« Date de réception » (colonne propre au registre, lue comme date)");
    expect(text).toContain("« Filière » (colonne propre au registre, lue comme texte)");
    expect(text).toContain("« Titulaire du territoire » : oui/non (5 cellules remplies, dont 1 illisible signalée et lue comme inconnue)");
    expect(text).toContain("`Produits bio (%) >= 50 %`");
    expect(text).toContain("« Produits bio (%) » ≥ 50 %");
    // Never « absente du registre » for a column the register has.
    expect(text).not.toMatch(/« Titulaire du territoire » absente/);
  });
});

describe("what stays an error, and what is n/a", () => {
  const reg = read([
    REF_HEADERS,
    ["E1", "Nom ni colonne ni en-tête", "taux", _, "[Titulaire local]", _, _],
    ["E2", "Une colonne connue absente du registre", "taux", _, "[Titulaire du territoire] ET [Clause d'insertion]", _, _],
    ["E3", "Un ordre sur une colonne oui/non", "taux", _, "[Titulaire du territoire] > 3", _, _],
    ["E4", "Une somme d'une colonne oui/non", "somme", _, _, "Titulaire du territoire", _],
    ["E5", "Un pourcentage comparé à un texte", "taux", _, "[Produits bio (%)] = \"beaucoup\"", _, _],
    ["E6", "Une colonne vide", "taux", _, "[Vide] = oui", _, _],
    ["E7", "Une somme d'une colonne inconnue", "somme", _, _, "Part régionale", _],
    ["E8", "Un en-tête mal orthographié", "taux", _, "[Titulaire du teritoire]", _, _],
  ], ROWS.map((r, i) => [...r, i === 0 ? "Vide" : null]));
  const res = computeIndicators(reg, { year: 2025 });
  const errors = reg.issues.filter((i) => i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);

  test("each mistake is an error at its cell of the Référentiel; only that indicator is n/a", () => {
    expect(errors).toEqual([
      "Référentiel!E2 Condition : caractère 1 : colonne « Titulaire local » inconnue (colonnes du registre : voir la feuille modèle)",
      "Référentiel!E4 Condition : caractère 27 : l'opérateur « > » compare des nombres ou des dates : pour « Titulaire du territoire », utilisez = ou ≠",
      "Référentiel!F5 colonne « Titulaire du territoire » non numérique : une colonne de nombres, de montants ou de pourcentages est attendue",
      "Référentiel!E6 Condition : caractère 22 : pourcentage attendu pour « Produits bio (%) » (ex. 30 %)",
      "Référentiel!E7 Condition : caractère 1 : la colonne « Vide » du registre est vide : son type (oui/non, nombre, pourcentage, date ou texte) se déduit de ses cellules remplies",
      "Référentiel!F8 colonne « Part régionale » inconnue : un en-tête du registre est attendu (exemple : Montant HT)",
      "Référentiel!E9 Condition : caractère 1 : colonne « Titulaire du teritoire » inconnue (voulez-vous dire « Titulaire du territoire » ? colonnes du registre : voir la feuille modèle)",
    ]);
    for (const id of ["E1", "E3", "E4", "E5", "E6", "E7", "E8"]) expect(res.indicators[id]).toMatchObject({ value: null, reason: expect.stringMatching(/^définition invalide dans le référentiel du classeur \(Référentiel!/) });
  });

  test("a §2.1 column absent from the register makes the indicator n/a with its name, as before", () => {
    expect(res.indicators.E2).toMatchObject({ value: null, reason: "colonne « Clause d'insertion » absente du registre" });
  });
});

describe("kept while the register streams, read only when named", () => {
  test("the Référentiel before the register in the workbook: the same figures", () => {
    const res = computeIndicators(read(REFERENTIAL, ROWS, "before"), { year: 2025 });
    expect(res.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(res.indicators.X3).toMatchObject({ value: 65000 });
  });

  test("without a Référentiel, or one that names none, no column is read (no issue about their cells)", () => {
    const none = readWorkbook([sheet("Registre", ROWS)]);
    expect(none.ownColumns).toBeUndefined();
    expect(none.issues.filter((i) => i.severity !== "info")).toEqual([]);
    const other = read([REF_HEADERS, ["Y1", "Gros marchés", "compte", _, "[Montant HT] > 90 000", _, _]]);
    expect(other.ownColumns).toBeUndefined();
    expect(computeIndicators(other, { year: 2025 }).indicators.Y1.value).toBe(2);
  });

  test("a register kept one sheet per year: the column of each sheet, its bad cells at their own sheet's address", () => {
    const y2024: Cell[][] = [
      ["Titulaire du territoire", "N° marché", "Date de notification", "Montant HT", "Titulaire TPE/PME"],
      ["oui", "K1", "10/02/2024", 1000, "oui"],
      ["bof", "K2", "11/02/2024", 1000, "oui"],
      ["non", "K3", "12/02/2024", 1000, "oui"],
    ];
    const reg = readWorkbook([sheet("Registre 2024", y2024), sheet("Registre 2025", ROWS), sheet("Référentiel", REFERENTIAL)]);
    const bad = reg.issues.filter((i) => i.severity === "warning").map((i) => i.cell);
    expect(bad).toEqual(["'Registre 2024'!A3", "'Registre 2025'!F5"]);
    // 2024: K1 yes, K3 no, K2 unknown → 1 / 2.
    expect(computeIndicators(reg, { year: 2024 }).indicators.X1).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 });
    expect(computeIndicators(reg, { year: 2025 }).indicators.X1).toMatchObject({ value: 1 / 3 });
  });

  test(`beyond ${MAX_KEPT_COLUMNS} unknown columns, those after are not kept when the Référentiel comes after the register: said at the cell; before it, read`, () => {
    const extra = Array.from({ length: MAX_KEPT_COLUMNS }, (_x, i) => `Colonne ${i + 1}`);
    const rows = ROWS.map((r, i) => [...extra.map((h) => (i === 0 ? h : "oui")), ...r]);
    const after = read(REFERENTIAL, rows);
    const errors = after.issues.filter((i) => i.sheet === "Référentiel").map((i) => i.cell);
    expect(errors).toEqual(["Référentiel!E2", "Référentiel!E3", "Référentiel!F4", "Référentiel!D5", "Référentiel!F5", "Référentiel!E6", "Référentiel!E7", "Référentiel!E8"]);
    expect(after.issues.find((i) => i.cell === "Référentiel!E2")?.message).toBe(
      `Condition : caractère 1 : la colonne « Titulaire du territoire » du registre n'est pas lue : le registre compte plus de ${MAX_KEPT_COLUMNS} colonnes non reconnues et la feuille du référentiel vient après lui ; placez la feuille « Référentiel » avant le registre dans le classeur`,
    );
    const before = read(REFERENTIAL, rows, "before");
    expect(before.issues.filter((i) => i.sheet === "Référentiel")).toEqual([]);
    expect(computeIndicators(before, { year: 2025 }).indicators.X1).toMatchObject({ value: 1 / 3 });
  });
});

describe("the kind of a column: the kind most of its filled cells read as", () => {
  test.each<[string, Cell[], string, string | null]>([
    ["oui/non words, x and booleans", ["oui", "x", true, "NON", "", null], "Atelier", "yesno"],
    ["only 0 and 1: yes/no answers (§2.6)", [0, 1, "1", 0], "Atelier", "yesno"],
    ["numbers with a few 0 and 1: numbers", [0, 1, 12, "90 k€", "1 200,50"], "Emplois", "number"],
    ["percentages written « 30 % »", ["30 %", 0.25, 40], "Taux local", "percent"],
    ["numbers under a header in (%)", [0.3, 0.25, 40], "Part (%)", "percent"],
    ["Excel serials under a header naming a date", [45800, 45801, "15/03/2025"], "Date de livraison", "date"],
    ["the same serials under another header: numbers", [45800, 45801], "Quantité", "number"],
    ["text wins when most cells are text", ["Bio", "Local", "oui", 12], "Filière", "text"],
    ["every cell blank: no kind", [null, "", "  "], "Vide", null],
  ])("%s", (_what, cells, header, kind) => {
    expect(inferKind(cells, header)).toBe(kind);
  });
});

describe("the add-in's reading of the workbook", () => {
  test("a grid as the add-in reads it (booleans, serial dates, numbers as text) gives the same figures", () => {
    const office: Cell[][] = ROWS.map((r, i) =>
      i === 0 ? r : r.map((v, c) => (c === 2 ? 45667 + i : c === 5 && v === "oui" ? true : c === 5 && v === "non" ? false : c === 8 && v instanceof Date ? 45809 : v)),
    );
    const grids: Grid[] = [sheet("Registre", office), sheet("Référentiel", REFERENTIAL)];
    const res = computeIndicators(readWorkbook(grids, ["Registre", "Référentiel"]), { year: 2025 });
    expect(res.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 3 });
    expect(res.indicators.X2).toMatchObject({ value: 340000 / 450000 });
    expect(res.indicators.X5).toMatchObject({ value: 2 });
  });
});
