/**
 * The « Cotation CAD » sheet plan under a `Paramètres` sheet far from the defaults: every number of
 * the window, thresholds and durations in the sheet's texts comes from it, and the levers already
 * in place in the current contract are shown « en place » with no point.
 */
import { prepareCotation, SCORE_HEADER } from "../../src/dashboards/cotation";
import type { SheetPlan } from "../../src/dashboards/plan";
import { makeDate } from "../../src/register/values";
import type { DateValue } from "../../src/register/types";
import { readRegister, sheet } from "../helpers/workbook";

const PARAMS = sheet("Paramètres", [
  ["Paramètre", "Valeur"],
  ["Anticipation cotation (mois)", 6],
  ["Horizon cotation (mois)", 18],
  ["Seuil clause d'insertion (€ HT)", 40_000],
  ["Seuil marchés réservés (€ HT)", 60_000],
  ["Seuil avance bonifiée (€ HT)", 100_000],
  ["Taux avance bonifiée", "25 %"],
  ["Seuil avance obligatoire (€ HT)", 20_000],
  ["Durée avance obligatoire (mois)", 3],
  ["Durée révision des prix (mois)", 6],
  ["Seuil opérations d'envergure (€ HT)", 1_000_000],
]);
const HEADERS = ["N° marché", "Objet", "Nature", "Procédure", "Montant HT", "Durée (mois)", "Date de notification", "Récurrent", "Clause d'insertion"];
// Reference 01/10/2025, window 01/04/2026 – 01/04/2027 (6 to 18 months).
// C-1: notified 15/10/2024 for 30 months → 15/04/2027: out (after 01/04/2027).
// C-2: notified 15/09/2024 for 30 months → 15/03/2027: in. C-3: 15/01/2025 + 30 → 15/07/2027: out.
const REG = readRegister(
  HEADERS,
  [
    { "N° marché": "C-1", Objet: "Papier", Nature: "Fournitures", Procédure: "AOO", "Montant HT": 70_000, "Durée (mois)": 30, "Date de notification": "15/10/2024", Récurrent: "oui" },
    { "N° marché": "C-2", Objet: "Nettoyage des écoles", Nature: "Services", Procédure: "MAPA", "Montant HT": 50_000, "Durée (mois)": 30, "Date de notification": "15/09/2024", Récurrent: "oui", "Clause d'insertion": "oui" },
    { "N° marché": "C-3", Objet: "Voirie", Nature: "Travaux", Procédure: "AOO", "Montant HT": 70_000, "Durée (mois)": 30, "Date de notification": "15/01/2025", Récurrent: "oui" },
  ],
  "Registre",
  [PARAMS],
);
const REF = makeDate(2025, 10, 1) as DateValue;
const NOW = new Date(2025, 9, 1, 9, 0);

const texts = (plan: SheetPlan) => plan.cells.filter((c) => typeof c.value === "string").map((c) => String(c.value).replace(/[\u00a0\u202f]/g, " "));
const rowOf = (plan: SheetPlan, id: string) => {
  const r = plan.cells.find((c) => c.c === 0 && c.value === id)?.r;
  if (r === undefined) throw new Error(`no row for ${id}`);
  return r;
};
const headerCol = (plan: SheetPlan, title: string) => {
  const c = plan.cells.find((x) => x.value === title)?.c;
  if (c === undefined) throw new Error(`no column ${title}`);
  return c;
};
const at = (plan: SheetPlan, r: number, c: number) => plan.cells.find((x) => x.r === r && x.c === c)?.value;

test("the Paramètres were read (the test relies on them)", () => {
  expect(REG.issues.filter((i) => i.severity !== "info")).toEqual([]);
  expect(REG.parameters).toMatchObject({ anticipationCotation: 6, horizonCotation: 18, seuilClauseInsertion: 40_000, dureeRevisionPrix: 6 });
});

describe("with « Anticipation cotation » 6 and « Horizon cotation » 18", () => {
  const run = prepareCotation(REG, [], { now: NOW, reference: REF });
  const all = texts(run.plan);

  test("only the contract whose next award falls in the window is listed", () => {
    expect(run.rows.map((r) => r.contract.id)).toEqual(["C-2"]);
    expect(all.join("\n")).toMatch(/attribution prévue entre le 01\/04\/2026 et le 01\/04\/2027/);
  });

  test("no J-12 / J-14 / J-24 and every « N mois » of the sheet's texts is a parameter", () => {
    const joined = all.join("\n");
    expect(joined).not.toMatch(/J-(12|14|24)\b/);
    expect(joined).toMatch(/J-18 mois/);
    expect(joined).toMatch(/J-6 mois/);
    const durations = new Set([...joined.matchAll(/(\d+) mois/g)].map((m) => Number(m[1])));
    // 6 (anticipation, price revision), 18 (horizon), 3 (mandatory advance); the sheet's reasons are
    // short, without the contract's own duration (a number cell).
    expect([...durations].sort((a, b) => a - b)).toEqual([3, 6, 18]);
  });

  test("every amount in € HT of the sheet's texts is a threshold of Paramètres, the rate too", () => {
    const joined = all.join("\n");
    const amounts = new Set([...joined.matchAll(/(\d[\d ]*) € HT/g)].map((m) => Number(m[1].replace(/ /g, ""))));
    expect([...amounts].sort((a, b) => a - b)).toEqual([20_000, 40_000, 60_000, 100_000, 1_000_000]);
    expect(joined).toMatch(/25 %/);
    expect(joined).not.toMatch(/30 %|50 000|90 000|215 000/);
  });

  test("the insertion clause already in the contract: lever 8 « en place », 0 point", () => {
    const plan = run.plan;
    const r = rowOf(plan, "C-2");
    // C-2 (50 000 €, MAPA, 30 months, Services « Nettoyage des écoles », recurrent, insertion clause):
    // 8 in place (0); 10 (30 ≥ 12 months: 4) 11 (≤ 60 000: 8) 12 (2) 14 (2) 17 (< 100 000: 3) 18 (4)
    // 19 (30 > 6: 2) 20 (MAPA: 3) 21 (2) 22 (2) 24 (2) 25 (nettoyage: 4) = 38.
    expect(at(plan, r, headerCol(plan, "Leviers (actions)"))).toBe("10; 11; 12; 14; 17; 18; 19; 20; 21; 22; 24; 25");
    expect(at(plan, r, headerCol(plan, "Points leviers"))).toBe(38);
    expect(at(plan, r, headerCol(plan, SCORE_HEADER))).toBe(38);
    expect(String(at(plan, r, headerCol(plan, "Motifs")))).toMatch(/ ; en place \(0 point\) : 8$/);
  });

  test("the legend explains the window, the weighting and what « en place » reads", () => {
    const joined = all.join("\n");
    expect(joined).toMatch(/« Anticipation cotation \(mois\) » et « Horizon cotation \(mois\) »/);
    expect(joined).toMatch(/entre 6 et 18 mois après la date de référence/);
    expect(joined).toMatch(/8 → 10, 10 → 4, 11 → 8, 12 → 2, 13 → 6, 14 → 2, 17 → 3, 18 → 4/);
    expect(joined).toMatch(/un levier en place ou obligatoire : 0/);
    expect(joined).toMatch(/8 « Clause d'insertion » ; 10 « Critère d'insertion »/);
    expect(joined).toMatch(/19 « Clauses équilibrées » ou « Révision des prix »/);
    expect(joined).toMatch(/A1\.E1/);
  });
});

test("answers to the retired « déjà clausé » question are not carried over, and the user is told", () => {
  const old = sheet("Cotation CAD", [
    ["N° marché", "Marché récurrent déjà clausé (clause ou critère responsable) ?", "Offre ESS / SIAE / EA / ESAT connue sur le territoire ?", "Décision CAD (actions retenues)"],
    ["C-2", "oui", "oui", "11"],
  ]);
  const run = prepareCotation(REG, [old], { now: NOW, reference: REF });
  expect(run.issues).toEqual([
    expect.objectContaining({ severity: "info", row: 1, cell: "'Cotation CAD'!B1", message: expect.stringMatching(/retirée du questionnaire .* réponses non reprises/) }),
  ]);
  const plan = run.plan;
  const r = rowOf(plan, "C-2");
  // 38 lever points (above) + ESS 15 = 53; the retired « oui » brings nothing.
  expect(at(plan, r, headerCol(plan, SCORE_HEADER))).toBe(53);
  expect(at(plan, r, headerCol(plan, "Décision CAD (actions retenues)"))).toBe("11");
});
