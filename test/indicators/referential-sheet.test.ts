/**
 * The referential as data (SPEC §8): a workbook's `Référentiel` sheet redefines, relabels,
 * retargets and adds indicators; its mistakes are reported at their cells and make only that
 * indicator n/a; the default referential written by the tool and read back changes nothing.
 */
import { renderText } from "../../src/cli/text";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { computeIndicators } from "../../src/indicators/engine";
import { jsonOutput } from "../../src/indicators/json";
import { referentialInUse } from "../../src/indicators/referential-in-use";
import { buildReferentialPlan } from "../../src/dashboards/referential";
import { defaultParameters } from "../../src/register/parameters";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Grid } from "../../src/register/types";
import { readInputFile } from "../../src/files/read-file";
import { main } from "../../src/cli/main";
import { rowsFromRecords, sheet } from "../helpers/workbook";
import { ACTIONS, AXES, OBJECTIVES } from "../../src/spaser/referential";

const _ = null;
const HEADERS = ["N° marché", "Date de notification", "Montant HT", "Procédure", "Actions ciblées", "Critère environnemental", "Clause environnementale", "Clause d'insertion", "Nombre d'offres", "Entité"];
// 2025: six contracts.
//   R1 250 000 AOO   cib 8;24  crit oui  clause env oui  insertion oui  offres 4   Ville
//   R2  30 000 MAPA  cib 24    crit non  clause env non  insertion non  offres 2   Ville
//   R3 120 000 AOO   cib 8     crit oui  clause env non  insertion oui  offres 6   Métropole
//   R4  12 000 MAPA  —         crit non  clause env oui  insertion non  offres —   Métropole
//   R5  45 000 PN    cib 24    crit blank (= non)  clause env non  insertion non  offres 3   Métropole
//   R6  90 000 Concours (procédure inconnue) cib 8  crit oui  clause env non insertion oui offres 5 Ville
const REGISTER: Cell[][] = rowsFromRecords(HEADERS, [
  { "N° marché": "R1", "Date de notification": "10/01/2025", "Montant HT": 250000, Procédure: "AOO", "Actions ciblées": "8; 24", "Critère environnemental": "oui", "Clause environnementale": "oui", "Clause d'insertion": "oui", "Nombre d'offres": 4, Entité: "Ville" },
  { "N° marché": "R2", "Date de notification": "11/01/2025", "Montant HT": 30000, Procédure: "MAPA", "Actions ciblées": "24", "Critère environnemental": "non", "Clause environnementale": "non", "Clause d'insertion": "non", "Nombre d'offres": 2, Entité: "Ville" },
  { "N° marché": "R3", "Date de notification": "12/01/2025", "Montant HT": 120000, Procédure: "AOO", "Actions ciblées": "8", "Critère environnemental": "oui", "Clause environnementale": "non", "Clause d'insertion": "oui", "Nombre d'offres": 6, Entité: "Métropole" },
  { "N° marché": "R4", "Date de notification": "13/01/2025", "Montant HT": 12000, Procédure: "MAPA", "Critère environnemental": "non", "Clause environnementale": "oui", "Clause d'insertion": "non", Entité: "Métropole" },
  { "N° marché": "R5", "Date de notification": "14/01/2025", "Montant HT": 45000, Procédure: "PN", "Actions ciblées": "24", "Clause environnementale": "non", "Clause d'insertion": "non", "Nombre d'offres": 3, Entité: "Métropole" },
  { "N° marché": "R6", "Date de notification": "15/01/2025", "Montant HT": 90000, Procédure: "Concours", "Actions ciblées": "8", "Critère environnemental": "oui", "Clause environnementale": "non", "Clause d'insertion": "oui", "Nombre d'offres": 5, Entité: "Ville" },
]);

const REF_HEADERS = ["Id", "Libellé", "Type", "Population", "Condition", "Valeur", "Cible étape 1", "Cible étape 2", "Action"];

function read(referential: Cell[][] | null, extra: Grid[] = []) {
  const grids: Grid[] = [sheet("Registre", REGISTER), ...extra];
  if (referential) grids.push(sheet("Référentiel", [REF_HEADERS, ...referential]));
  return readWorkbook(grids);
}

describe("a workbook's Référentiel sheet", () => {
  const reg = read([
    // T1 redefined: environmental criterion among the contracts of 40 000 € or more, targets 60 % / 90 %.
    ["T1", "% des marchés de 40 000 € HT ou plus avec un critère environnemental", "taux", "[Montant HT] >= 40 000", "[Critère environnemental]", _, "60 %", "90 %", _],
    // A relabelled built-in (definition kept).
    ["A15.E1", "Nombre moyen d'offres reçues", _, _, _, _, _, _, _],
    // Added: one of each type.
    ["X1", "Part des procédures formalisées avec clause environnementale", "taux", "Procédure = \"formalisée\"", "[Clause environnementale]", _, "50 %", _, 24],
    ["X2", "Marchés ciblés insertion sans clause", "compte", "ciblé(8)", "NON [Clause d'insertion]", _, _, _, 8],
    ["X3", "Montant des marchés avec considération environnementale", "somme", _, "considération environnementale", "Montant HT", _, _, _],
    ["X4", "Offres moyennes des MAPA", "moyenne", "[Procédure] = \"adaptée\"", _, "Nombre d'offres", _, _, _],
    ["X5", "Marchés de la Ville notifiés depuis le 12/01/2025", "compte", "[Entité] = \"ville\"", "[Date de notification] >= 12/01/2025", _, _, _, _],
    // Two faulty rows.
    ["X6", "Colonne mal orthographiée", "taux", _, "[Critère environnemntal]", _, _, _, _],
    ["X7", "Type inconnu", "pourcentage", _, "[Clause d'insertion]", _, _, _, _],
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("redefines T1 with its new targets: 40 000 € or more = R1 R3 R5 R6; criterion R1 R3 R6 yes, R5 no → 3 / 4 ≥ 60 %", () => {
    expect(res.indicators.T1).toMatchObject({ label: "% des marchés de 40 000 € HT ou plus avec un critère environnemental", value: 3 / 4, numerator: 3, denominator: 4, target: 0.6, targets: [0.6, 0.9], status: "Atteint" });
    expect(res.indicators.T1.detail).toEqual({ numerator: ["R1", "R3", "R6"], denominator: ["R1", "R3", "R5", "R6"], excluded: [] });
    // T1 in value follows the redefinition: (250 000 + 120 000 + 90 000) / (… + 45 000)
    expect(res.indicators["T1.V"]).toMatchObject({ value: 460000 / 505000 });
  });

  test("relabels a built-in without changing its definition: mean offers (4 + 2 + 6 + 3 + 5) / 5 = 4", () => {
    expect(res.indicators["A15.E1"]).toMatchObject({ label: "Nombre moyen d'offres reçues", value: 4, numerator: 20, denominator: 5 });
  });

  test("adds indicators of each type, with the procedure class, ciblé(n), the derived predicates, a text and a date", () => {
    // X1: formalisées = R1 (AOO) R3 (AOO) R5 (PN); R6's procedure unknown → left out; clause env: R1 ✓ → 1 / 3
    expect(res.indicators.X1).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 1, target: 0.5, status: "En cours", custom: true, action: 24 });
    // X2: cib(8) = R1 R3 R6, none without insertion clause → 0
    expect(res.indicators.X2).toMatchObject({ value: 0, action: 8 });
    // X3: env consideration (criterion or clause): R1 ✓ R3 ✓ R4 ✓ R6 ✓ (R2 and R5 ✗)
    //     250 000 + 120 000 + 12 000 + 90 000 = 472 000
    expect(res.indicators.X3).toMatchObject({ value: 472000, detail: { counted: ["R1", "R3", "R4", "R6"] } });
    // X4: adaptée = R2 (2) and R4 (unknown offers) → mean 2 over 1
    expect(res.indicators.X4).toMatchObject({ value: 2, numerator: 2, denominator: 1 });
    // X5: Ville (R1 R2 R6) notified from 12/01/2025: R6 → 1
    expect(res.indicators.X5).toMatchObject({ value: 1, detail: { counted: ["R6"] } });
  });

  test("faulty rows are errors at their cell, saying what was expected; only those indicators are n/a", () => {
    const errors = reg.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel");
    // header on row 1, X6 on row 9, X7 on row 10
    expect(errors.map((e) => e.cell)).toEqual(["Référentiel!E9", "Référentiel!C10"]);
    expect(errors[0].message).toMatch(/^Condition : caractère 1 : colonne « Critère environnemntal » inconnue.*Critère environnemental/);
    expect(errors[1].message).toBe("type « pourcentage » inconnu : taux, compte, somme, moyenne, part en valeur ou aucun (pour ne pas suivre l'indicateur) attendu");
    expect(res.indicators.X6.value).toBeNull();
    expect(res.indicators.X6.reason).toMatch(/^définition invalide dans le référentiel du classeur \(Référentiel!E9\)/);
    expect(res.indicators.X7.value).toBeNull();
    expect(res.indicators.T2.value).not.toBeNull();
  });

  test("the output says which referential the figures follow", () => {
    expect(res.referential).toEqual({ kind: "classeur", sheet: "Référentiel", replaced: ["T1", "A15.E1"], added: ["X1", "X2", "X3", "X4", "X5", "X6", "X7"] });
    expect(jsonOutput(reg, res).referential).toMatchObject({ kind: "classeur", replaced: 2, added: 7 });
    expect(res.definitions.filter((d) => d.custom).map((d) => d.id)).toEqual(["X1", "X2", "X3", "X4", "X5", "X6", "X7"]);
  });

  test("an expression naming a column absent from the register makes that indicator n/a, naming the column", () => {
    const r = computeIndicators(read([["X8", "Réservés", "compte", _, "[Marché réservé]", _, _, _, _]]), { year: 2025 });
    expect(r.indicators.X8).toMatchObject({ value: null, reason: "colonne « Marché réservé » absente du registre" });
  });

  test("a duplicate id and a built-in computed by the tool cannot be redefined: errors at the cell", () => {
    const r = read([
      ["X9", "a", "compte", _, "[Clause d'insertion]", _, _, _, _],
      ["X9", "b", "compte", _, "[Critère environnemental]", _, _, _, _],
      ["A1.E1", "Actions menées", "taux", _, "[Clause d'insertion]", _, _, _, _],
      ["A1.E1b", "ok", "", _, "", _, _, _, _],
    ]);
    const cells = r.issues.filter((i) => i.severity === "error").map((i) => `${i.cell} ${i.message}`);
    expect(cells[0]).toMatch(/^Référentiel!A3 identifiant « X9 » en double \(déjà ligne 2\)/);
    expect(cells[1]).toMatch(/^Référentiel!C4 l'indicateur A1\.E1 est calculé par l'outil \(type intégré\) : seuls son libellé et ses cibles peuvent être changés/);
    expect(cells[2]).toMatch(/^Référentiel!C5 type vide/);
    const rr = computeIndicators(r, { year: 2025 });
    expect(rr.indicators.X9.value).toBeNull();
  });
});

describe("the default referential written by the tool and read back changes nothing", () => {
  test("plan → sheet → same results for every indicator (value, numerator, denominator, detail)", () => {
    const base = read(null);
    const p = defaultParameters();
    const plan = buildReferentialPlan(referentialInUse(p, null, p), p, new Date("2026-11-30T12:00:00Z"));
    // The plan's cells as the sheet holds them.
    const rows: Cell[][] = [];
    for (const c of plan.cells) (rows[c.r] ??= [])[c.c] = c.value;
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const withSheet = readWorkbook([sheet("Registre", REGISTER), sheet("Référentiel", rows)]);
    expect(withSheet.issues.filter((i) => i.sheet === "Référentiel")).toEqual([]);
    const a = computeIndicators(base, { year: 2025, detail: true });
    const b = computeIndicators(withSheet, { year: 2025, detail: true });
    expect(b.referential).toMatchObject({ kind: "classeur", replaced: [], added: [] });
    expect(Object.keys(b.indicators)).toEqual(Object.keys(a.indicators));
    for (const id of Object.keys(a.indicators)) expect([id, b.indicators[id]]).toEqual([id, a.indicators[id]]);
  });

  test("a target relabelled: written with its value form's label, read back it is still one indicator replaced", () => {
    // T1 relabelled: T1.V follows its label (« … — en valeur (montants HT) ») and is written so; read
    // back, that label is its target's, not a relabelling of T1.V.
    const own = readWorkbook([sheet("Registre", REGISTER), sheet("Référentiel", [REF_HEADERS, ["T1", "Marchés avec un critère environnemental", _, _, _, _, _, _, _]])]);
    const first = computeIndicators(own, { year: 2025 });
    expect(first.referential.replaced).toEqual(["T1"]);
    expect(first.indicators["T1.V"].label).toBe("Marchés avec un critère environnemental — en valeur (montants HT)");
    const plan = buildReferentialPlan(referentialInUse(own.parameters, own.referentiel, defaultParameters()), own.parameters, new Date("2026-11-30T12:00:00Z"));
    const rows: Cell[][] = [];
    for (const c of plan.cells) (rows[c.r] ??= [])[c.c] = c.value;
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const again = computeIndicators(readWorkbook([sheet("Registre", REGISTER), sheet("Référentiel", rows)]), { year: 2025 });
    expect(again.referential.replaced).toEqual(["T1"]);
    expect(again.indicators["T1.V"].label).toBe("Marchés avec un critère environnemental — en valeur (montants HT)");
  });

  test("through files: spaser referentiel, then its two sheets (Plan, Référentiel) copied beside the example register", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spaser-ref-"));
    const out = path.join(dir, "referentiel.xlsx");
    const io = { out: () => undefined, err: (s: string) => void process.stderr.write(s) };
    expect(await main(["referentiel", "-o", out], io)).toBe(0);
    const example = await readInputFile(path.join(__dirname, "..", "..", "examples", "registre-exemple.xlsx"));
    const ref = await readInputFile(out);
    expect(ref.sheetNames).toEqual(["Plan", "Référentiel"]);
    const plain = readWorkbook(example.grids, example.sheetNames);
    const adapted = readWorkbook([...example.grids, ...ref.grids], [...example.sheetNames, "Plan", "Référentiel"]);
    expect(adapted.issues.filter((i) => i.sheet === "Référentiel" || i.sheet === "Plan")).toEqual([]);
    // The seed's plan read from the sheet: the same 4 axes, 8 objectives, 26 actions, word for word.
    expect(plain.plan).toBeNull();
    expect(adapted.plan?.actions).toEqual(ACTIONS);
    expect(adapted.plan?.axes).toEqual(AXES);
    expect(adapted.plan?.objectives).toEqual(OBJECTIVES);
    const a = computeIndicators(plain, { detail: true });
    const b = computeIndicators(adapted, { detail: true });
    expect(Object.keys(b.indicators)).toEqual(Object.keys(a.indicators));
    for (const id of Object.keys(a.indicators)) expect([id, b.indicators[id]]).toEqual([id, a.indicators[id]]);
    expect(b.notes).toEqual(a.notes);
    expect(b.plan.tdb1Axes).toEqual([1]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("a hostile Référentiel sheet ends in errors at its cells, every other figure computed", () => {
  const insertionOu = (k: number) => "[Clause d'insertion] OU ".repeat(k) + "[Clause d'insertion]";

  test("deep nesting, an expression longer than a cell, a name too long, an unterminated quote: only those indicators are n/a", () => {
    const reg = read([
      ["X1", "3 000 parenthèses", "taux", _, "(".repeat(3000) + "[Clause d'insertion]" + ")".repeat(3000), _, _, _, _],
      ["X2", "10 000 NON", "compte", _, "NON ".repeat(10_000) + "[Clause d'insertion]", _, _, _, _],
      ["X3", "Nom trop long", "taux", `[${"x".repeat(300)}]`, "[Clause d'insertion]", _, _, _, _],
      ["X4", "Guillemet ouvert", "compte", _, '[Objet] = "' + "x".repeat(32_000), _, _, _, _],
      ["T1", "% des marchés de 40 000 € HT ou plus avec un critère environnemental", "taux", "[Montant HT] >= 40 000", "[Critère environnemental]", _, _, _, _],
      ["X5", "100 000 OU", "compte", _, "Alloti OU ".repeat(99_999) + "Alloti", _, _, _, _],
      ["X6", "800 NON", "compte", _, "NON ".repeat(800) + "[Clause d'insertion]", _, _, _, _],
    ]);
    const errors = reg.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);
    // "NON " × 10 000 + "[Clause d'insertion]" (20) = 40 020 characters; "Alloti OU " × 99 999 + "Alloti" = 999 996.
    expect(errors).toEqual([
      "Référentiel!E2 Condition : caractère 65 : plus de 64 niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression",
      "Référentiel!E3 Condition : caractère 32 768 : expression trop longue (40 020 caractères ; 32 767 au plus, la limite d'une cellule Excel)",
      "Référentiel!D4 Population : caractère 1 : nom trop long (300 caractères ; 255 au plus) : une colonne du registre ou un paramètre est attendu",
      'Référentiel!E5 Condition : caractère 11 : guillemet fermant « " » attendu à la fin du texte',
      "Référentiel!E7 Condition : caractère 32 768 : expression trop longue (999 996 caractères ; 32 767 au plus, la limite d'une cellule Excel)",
      // the 65th NON starts at index 64 × 4 = 256
      "Référentiel!E8 Condition : caractère 257 : plus de 64 niveaux de parenthèses ou de NON imbriqués : simplifiez l'expression",
    ]);
    const res = computeIndicators(reg, { year: 2025 });
    for (const [id, cell] of [["X1", "E2"], ["X2", "E3"], ["X3", "D4"], ["X4", "E5"], ["X5", "E7"], ["X6", "E8"]]) {
      expect(res.indicators[id].value).toBeNull();
      expect(res.indicators[id].reason).toMatch(new RegExp(`^définition invalide dans le référentiel du classeur \\(Référentiel!${cell}\\)`));
    }
    // T1 as redefined: 40 000 € or more = R1 R3 R5 R6, criterion R1 R3 R6 → 3 / 4; the others computed.
    expect(res.indicators.T1).toMatchObject({ value: 3 / 4, numerator: 3, denominator: 4 });
    expect(res.indicators.T2.value).not.toBeNull();
  });

  test("a type of 30 000 characters is one error at its cell, cut in the message; the built-in it redefines is n/a", () => {
    const reg = read([["T1", "t", "x".repeat(30_000), _, "[Clause d'insertion]", _, _, _, _]]);
    const errors = reg.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);
    // The type shown: its first 57 characters and « … ».
    expect(errors).toEqual([`Référentiel!C2 type « ${"x".repeat(57)}… » inconnu : taux, compte, somme, moyenne, part en valeur ou aucun (pour ne pas suivre l'indicateur) attendu`]);
    expect(computeIndicators(reg, { year: 2025 }).indicators.T1.value).toBeNull();
  });

  test("more than 500 indicators: the rows beyond are not read, one error says so, a built-in they redefine is n/a", () => {
    // Header on row 1, X1…X600 on rows 2…601, T2 on row 602: rows 502 to 602 (101 rows) are beyond.
    const rows: Cell[][] = [];
    for (let i = 1; i <= 600; i++) rows.push([`X${i}`, `Indicateur ${i}`, "compte", _, "[Clause d'insertion]", _, _, _, _]);
    rows.push(["T2", "T2 redéfini", "taux", _, "[Clause d'insertion]", _, _, _, _]);
    const reg = read(rows);
    const errors = reg.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);
    expect(errors).toEqual([
      "Référentiel!A502 le référentiel compte plus de 500 indicateurs : les 101 lignes suivantes (lignes 502 à 602) ne sont pas lues ; les indicateurs intégrés qu'elles nomment ne sont pas calculés (T2)",
    ]);
    const res = computeIndicators(reg, { year: 2025 });
    // X500 counts the contracts with an insertion clause: R1 R3 R6 → 3.
    expect(res.indicators.X500.value).toBe(3);
    expect(res.indicators.X501).toBeUndefined();
    expect(res.indicators.T2).toMatchObject({ value: null, reason: "définition non lue : le référentiel du classeur compte plus de 500 indicateurs (Référentiel!A602)" });
    expect(res.indicators.T1.value).not.toBeNull();
  });

  test("the expressions of a sheet total at most 100 000 characters: one that does not fit is an error at its cell", () => {
    // "[Clause d'insertion] OU " is 24 characters: 1 249 × 24 + 20 = 29 996 characters per condition.
    // X1 X2 X3: 3 × 29 996 = 89 988; X4 would make 119 984 > 100 000; X5 (20 characters) still fits.
    const long = insertionOu(1249);
    expect(long.length).toBe(29_996);
    const reg = read([
      ["X1", "a", "compte", _, long, _, _, _, _],
      ["X2", "b", "compte", _, long, _, _, _, _],
      ["X3", "c", "compte", _, long, _, _, _, _],
      ["X4", "d", "compte", _, long, _, _, _, _],
      ["X5", "e", "compte", _, "[Clause d'insertion]", _, _, _, _],
    ]);
    const errors = reg.issues.filter((i) => i.severity === "error" && i.sheet === "Référentiel").map((i) => `${i.cell} ${i.message}`);
    expect(errors).toEqual([
      "Référentiel!E5 Condition : expression non lue (29 996 caractères) : les Populations et Conditions du référentiel comptent déjà 89 988 caractères, 100 000 au plus en tout",
    ]);
    const res = computeIndicators(reg, { year: 2025 });
    // Insertion clause: R1 R3 R6 → 3, whatever the number of identical terms.
    expect([res.indicators.X1.value, res.indicators.X3.value, res.indicators.X4.value, res.indicators.X5.value]).toEqual([3, 3, null, 3]);
  });
});

describe("targets as users type them", () => {
  test("a count, a sum and a mean take targets in their unit, with or without the unit written; a percentage for a mean of a percentage column", () => {
    const reg = read([
      ["X2", "Marchés ciblés insertion sans clause", "compte", "ciblé(8)", "NON [Clause d'insertion]", _, "3 marchés", "0", 8],
      ["X3", "Montant des marchés avec considération environnementale", "somme", _, "considération environnementale", "Montant HT", "400 k€", "1,2 M€", _],
      ["X4", "Offres moyennes des MAPA", "moyenne", "[Procédure] = \"adaptée\"", _, "Nombre d'offres", "4,5", "80 000 h", _],
      ["X8", "Taux moyen d'avance", "moyenne", _, _, "Taux d'avance", "25 %", "30 %", _],
      ["X9", "Cible illisible", "compte", _, _, _, "beaucoup", _, _],
    ]);
    const by = new Map(reg.referentiel?.rows.map((r) => [r.id, r]));
    expect(by.get("X2")?.cibles).toEqual([3, 0]);
    // 400 k€ = 400 000; 1,2 M€ = 1 200 000.
    expect(by.get("X3")?.cibles).toEqual([400_000, 1_200_000]);
    expect(by.get("X4")?.cibles).toEqual([4.5, 80_000]);
    // A percentage target for a mean of a percentage column is a fraction, like the column's values.
    expect(by.get("X8")?.cibles).toEqual([0.25, 0.3]);
    expect(by.get("X9")?.invalid).not.toBeNull();
    expect(reg.issues.some((i) => i.severity === "error" && /cible « beaucoup » illisible : un nombre dans l'unité de l'indicateur/.test(i.message))).toBe(true);
  });
});

describe("type « part en valeur »: a share of the amounts, not of the contracts", () => {
  const reg = read([
    // Share of the amounts of the Ville with an environmental criterion: Ville = R1 250 000, R2 30 000,
    // R6 90 000 (370 000); with the criterion: R1 and R6 (340 000) → 340 000 / 370 000, target 75 % reached.
    ["V1", "Part en valeur des marchés de la Ville avec critère environnemental", "part en valeur", "[Entité] = \"Ville\"", "[Critère environnemental]", _, "75 %", "95 %", 24],
    // Valeur named: the share of « Nombre d'offres » (R4's is unknown: left out and counted):
    // offers with an insertion clause R1 4 + R3 6 + R6 5 = 15 over 4 + 2 + 6 + 3 + 5 = 20 → 75 %.
    ["V2", "Part des offres reçues sur des marchés clausés insertion", "part en valeur", _, "[Clause d'insertion]", "Nombre d'offres", _, _, _],
    // A value column that does not exist: an error at its cell, that indicator n/a.
    ["V3", "Colonne inconnue", "part en valeur", _, "[Clause d'insertion]", "Montant TTC", _, _, _],
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });
  test("V1: Σ Montant HT meeting the condition / Σ Montant HT of the population, with its target and status", () => {
    expect(res.indicators.V1).toMatchObject({ value: 340_000 / 370_000, numerator: 340_000, denominator: 370_000, target: 0.75, status: "Atteint", unit: "percent", custom: true });
    expect(res.indicators.V1.detail).toEqual({ numerator: ["R1", "R6"], denominator: ["R1", "R2", "R6"], excluded: [] });
  });
  test("V2: the column named in Valeur, a contract whose value is unknown left out and counted", () => {
    expect(res.indicators.V2).toMatchObject({ value: 15 / 20, numerator: 15, denominator: 20, excluded: 1 });
    expect(res.indicators.V2.detail?.excluded).toEqual([{ id: "R4", reason: "« Nombre d'offres » inconnu" }]);
  });
  test("V3: an unknown value column is an error at its cell, and only V3 is n/a", () => {
    expect(res.indicators.V3.value).toBeNull();
    expect(reg.issues.some((i) => i.severity === "error" && i.cell?.startsWith("Référentiel!F") && /Montant TTC/.test(i.message))).toBe(true);
    expect(res.indicators.V1.value).not.toBeNull();
  });
  test("written back by spaser referentiel and read again, the share keeps its type and figures", () => {
    const plan = buildReferentialPlan(referentialInUse(reg.parameters, reg.referentiel, defaultParameters()), reg.parameters, new Date(2025, 0, 1));
    const rows: Cell[][] = [];
    for (const c of plan.cells) (rows[c.r] ??= [])[c.c] = c.value as Cell;
    const again = readWorkbook([sheet("Registre", REGISTER), { sheet: "Référentiel", rows: Array.from({ length: rows.length }, (_x, i) => rows[i] ?? []) }]);
    const res2 = computeIndicators(again, { year: 2025 });
    expect(res2.indicators.V1).toMatchObject({ value: 340_000 / 370_000, numerator: 340_000, denominator: 370_000, target: 0.75 });
    expect(res2.indicators.V2).toMatchObject({ value: 0.75 });
  });
});

describe("the column « Période »: an indicator over the years of the stage or over N years", () => {
  // P-2023 40 000 (critère oui), P-2024 60 000 (non), P-2025a 100 000 (oui), P-2025b 20 000 (non), P-2026 80 000 (oui).
  const registre = rowsFromRecords(["N° marché", "Date de notification", "Montant HT", "Critère environnemental"], [
    { "N° marché": "P-2023", "Date de notification": "10/03/2023", "Montant HT": 40_000, "Critère environnemental": "oui" },
    { "N° marché": "P-2024", "Date de notification": "10/03/2024", "Montant HT": 60_000, "Critère environnemental": "non" },
    { "N° marché": "P-2025a", "Date de notification": "10/03/2025", "Montant HT": 100_000, "Critère environnemental": "oui" },
    { "N° marché": "P-2025b", "Date de notification": "10/04/2025", "Montant HT": 20_000, "Critère environnemental": "non" },
    { "N° marché": "P-2026", "Date de notification": "10/03/2026", "Montant HT": 80_000, "Critère environnemental": "oui" },
  ]);
  const headers = [...REF_HEADERS, "Période"];
  const referentiel: Cell[][] = [
    headers,
    ["P1", "Marchés avec critère environnemental sur trois ans", "compte", _, "[Critère environnemental]", _, _, _, _, "3 ans"],
    ["P2", "Part en valeur avec critère, cumul de l'étape", "part en valeur", _, "[Critère environnemental]", _, _, _, _, "étape"],
    ["P3", "Période fautive", "compte", _, "[Critère environnemental]", _, _, _, _, "10 siècles"],
    ["P4", "Sur l'année", "compte", _, "[Critère environnemental]", _, _, _, _, "année"],
  ];
  const reg = readWorkbook([sheet("Registre", registre), sheet("Référentiel", referentiel)]);
  test("N ans: the contracts notified in the N years up to the year chosen", () => {
    // 2025, 3 ans = 2023–2025: with the criterion P-2023, P-2025a → 2.
    const r25 = computeIndicators(reg, { year: 2025 }).indicators.P1;
    expect(r25.value).toBe(2);
    expect(r25.comment).toContain("2023–2025");
    // 2026, 3 ans = 2024–2026: P-2025a, P-2026 → 2; the year alone (P4): P-2026 → 1.
    const res26 = computeIndicators(reg, { year: 2026 });
    expect([res26.indicators.P1.value, res26.indicators.P4.value]).toEqual([2, 1]);
  });
  test("étape: the years of the current stage up to the year chosen, cumulated (Années étape 1 = 2023-2026)", () => {
    // 2024: 2023–2024, amounts with the criterion 40 000 / all 100 000 = 40 %.
    expect(computeIndicators(reg, { year: 2024 }).indicators.P2).toMatchObject({ value: 0.4, numerator: 40_000, denominator: 100_000 });
    // 2026: 2023–2026: (40 000 + 100 000 + 80 000) / 300 000.
    expect(computeIndicators(reg, { year: 2026 }).indicators.P2).toMatchObject({ value: 220_000 / 300_000 });
  });
  test("the command line's text says each indicator's period under its figure", () => {
    const text = renderText(reg, computeIndicators(reg, { year: 2026 }));
    // P2 in 2026: 220 000 / 300 000 = 73,3 %, over the stage's years 2023–2026.
    expect(text).toMatch(/P2 +Part en valeur avec critère, cumul de l'étape\n +73,3 %.*\n +Cumul de l'étape 1, 2023–2026 \(contrats notifiés de 2023 à 2026\)\n/);
    expect(text).toMatch(/P1 +Marchés avec critère environnemental sur trois ans\n +2\n +Cumul des 3 années 2024–2026/);
    // The year alone (P4) has no note.
    expect(text).toMatch(/P4 +Sur l'année\n +1\n(?! +Cumul)/);
  });
  test("a period that cannot be read is an error at its cell; « Années étape 1 » set in Paramètres moves the stage", () => {
    expect(reg.issues.some((i) => i.severity === "error" && /^Référentiel!J/.test(i.cell ?? "") && /période « 10 siècles » inconnue/.test(i.message))).toBe(true);
    expect(computeIndicators(reg, { year: 2025 }).indicators.P3.value).toBeNull();
    const withStage = readWorkbook([sheet("Registre", registre), sheet("Référentiel", referentiel), sheet("Paramètres", [["Paramètre", "Valeur"], ["Années étape 1", "2025-2026"]])]);
    // 2026 with a stage 2025–2026: (100 000 + 80 000) / 200 000 = 90 %; 2024 is outside the stage: n/a.
    expect(computeIndicators(withStage, { year: 2026 }).indicators.P2.value).toBeCloseTo(0.9, 12);
    expect(computeIndicators(withStage, { year: 2024 }).indicators.P2.reason).toMatch(/2024 n'est pas une année de l'étape 1 \(2025–2026/);
  });
  test("spaser referentiel writes the period back: read again, the figures are the same", () => {
    const plan = buildReferentialPlan(referentialInUse(reg.parameters, reg.referentiel, defaultParameters()), reg.parameters, new Date(2026, 0, 1));
    const rows: Cell[][] = [];
    for (const c of plan.cells) (rows[c.r] ??= [])[c.c] = c.value as Cell;
    const again = readWorkbook([sheet("Registre", registre), { sheet: "Référentiel", rows: Array.from({ length: rows.length }, (_x, i) => rows[i] ?? []) }]);
    const a = computeIndicators(again, { year: 2026 });
    expect([a.indicators.P1.value, a.indicators.P2.value]).toEqual([2, 220_000 / 300_000]);
  });
});

describe("Type « aucun »: a target the buyer does not follow is dropped everywhere", () => {
  // T5 (économie circulaire) and X1 dropped; T1 kept as built in: R1, R3, R6 with a criterion over 6 → 50 %.
  const reg = read([
    ["T5", "Économie circulaire", "aucun", _, _, _, _, _, _],
    ["X1", "Un indicateur abandonné", "aucun", _, "[Critère environnemental]", _, _, _, _],
  ]);
  const res = computeIndicators(reg, { year: 2025 });

  test("no figure, no n/a: the indicator is absent from the results and listed as dropped", () => {
    expect(reg.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(res.indicators.T5).toBeUndefined();
    expect(res.indicators["T5.V"]).toBeUndefined();
    expect(res.indicators.X1).toBeUndefined();
    // T5's value form T5.V goes with it.
    expect(res.referential.dropped).toEqual(["T5", "T5.V", "X1"]);
    expect(res.indicators.T1).toMatchObject({ numerator: 3, denominator: 6 });
  });

  test("the text output shows no line for it and says how many are dropped", () => {
    const text = renderText(reg, res);
    expect(text).not.toMatch(/^ {4}T5 /m);
    expect(text).toContain("Référentiel du classeur (feuille « Référentiel ») : 0 indicateur remplacé, 0 ajouté, 3 retirés.");
  });

  test("the sheet the tool writes back keeps the row « aucun », so that a round trip keeps it dropped", () => {
    const written = buildReferentialPlan(referentialInUse(reg.parameters, reg.referentiel, defaultParameters()), reg.parameters, new Date(2026, 0, 1));
    const rows: Cell[][] = [];
    for (const c of written.cells) (rows[c.r] ??= [])[c.c] = c.value as Cell;
    const back = readWorkbook([sheet("Registre", REGISTER), { sheet: "Référentiel", rows: Array.from({ length: rows.length }, (_x, i) => rows[i] ?? []) }]);
    expect(computeIndicators(back, { year: 2025 }).referential.dropped).toEqual(expect.arrayContaining(["T5"]));
  });
});

describe("targets typed as users type them (SPEC §8.1)", () => {
  // X1–X3 rates of the register above (2025): criterion on R1, R3, R6 of 6.
  const reg = read([
    ["X1", "Taux écrit en pourcentage", "taux", _, "[Critère environnemental]", _, "75 %", "0,9", _],
    ["X2", "Taux écrit sans le signe", "taux", _, "[Critère environnemental]", _, "75", 1.5, _],
    ["X3", "Heures", "somme", _, _, "Nombre d'offres", "80 000", "80 000 h", _],
  ]);
  const res = computeIndicators(reg, { year: 2025 });

  test("« 75 % », « 0,9 », « 75 » and « 80 000 h » are read; « 75 » is 75 %", () => {
    expect(reg.referentiel?.rows.map((r) => [r.id, ...r.cibles])).toEqual([
      ["X1", 0.75, 0.9],
      ["X2", 0.75, 0.015],
      ["X3", 80_000, 80_000],
    ]);
    expect(res.indicators.X1).toMatchObject({ value: 0.5, target: 0.75, status: "En cours" });
  });

  test("a rate's target written without « % » and above 1 is a guess, said at its cell", () => {
    const infos = reg.issues.filter((i) => i.sheet === "Référentiel").map((i) => [i.severity, i.cell, i.message]);
    expect(infos).toEqual([
      ["info", "Référentiel!G3", "cible « 75 » lue comme 75 % (un taux s'écrit 75 % ou 0,75)"],
      ["info", "Référentiel!H3", "cible « 1,5 » lue comme 1,5 % (un taux s'écrit 75 % ou 0,75)"],
    ]);
  });
});

describe("the referential compiles once per register (once per workbook change)", () => {
  test("several years, buyers and drill-downs on one register: one compilation per kind; a new read compiles again", () => {
    const module = jest.requireActual("../../src/indicators/referential-in-use") as typeof import("../../src/indicators/referential-in-use");
    const spy = jest.spyOn(module, "referentialInUse");
    try {
      const reg = read([["X1", "Marchés de 100 000 € HT et plus", "compte", _, "[Montant HT] >= 100 000", _, _, _, _]]);
      const a = computeIndicators(reg, { year: 2025 });
      computeIndicators(reg, { year: 2024 });
      computeIndicators(reg, { year: 2025, entity: "Ville" });
      expect(spy).toHaveBeenCalledTimes(1);
      // The figures do not depend on what was computed before: R1 250 000, R3 120 000 → 2; the Ville alone: R1 → 1.
      expect(computeIndicators(reg, { year: 2025 }).indicators.X1.value).toBe(a.indicators.X1.value);
      expect(a.indicators.X1.value).toBe(2);
      expect(computeIndicators(reg, { year: 2025, entity: "Ville" }).indicators.X1.value).toBe(1);
      computeIndicators(reg, { year: 2025, detail: true });
      computeIndicators(reg, { year: 2024, detail: true });
      expect(spy).toHaveBeenCalledTimes(2);
      computeIndicators(read([["X1", "Autre", "compte", _, "[Montant HT] >= 1", _, _, _, _]]), { year: 2025 });
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });
});
