/**
 * The cotation's levers on a buyer's own plan (SPEC §8.1): an action of the `Plan` sheet is a lever
 * when a `taux` indicator of the `Référentiel` names it by ciblé(n); a contract qualifies when it
 * would be in that indicator's population were it targeted (unknown: to check), and the lever is
 * « en place » when the contract meets the condition already.
 */
import { planLeverRules, planLevers, planLeverRuleTexts, PLAN_LEVER_POINTS } from "../../src/indicators/plan-levers";
import { referentialInUse } from "../../src/indicators/referential-in-use";
import { defaultParameters } from "../../src/register/parameters";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Register } from "../../src/register/types";

const PLAN: Cell[][] = [
  ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"],
  [1, "Achats responsables", 1, "Clauses", 1, "Insertion dans les marchés formalisés", "Cellule insertion"],
  [null, null, null, null, 2, "Critère environnemental", "Achats"],
  [null, null, 2, "Gouvernance", 3, "Suivi du schéma", "Achats"],
];

const REFERENTIEL: Cell[][] = [
  ["Id", "Libellé", "Type", "Population", "Condition", "Action"],
  // Action 1: a lever on formalised procedures.
  ["L1", "Marchés formalisés ciblés insertion avec une clause d'insertion", "taux", "ciblé(1) ET formalisée", "[Clause d'insertion]", 1],
  // Action 2: a lever on every contract.
  ["L2", "Marchés ciblés environnement avec un critère environnemental", "taux", "ciblé(2)", "[Critère environnemental]", 2],
  // Action 3: a rate that does not name its action by ciblé(3) is no lever; neither is a count.
  ["L3", "Marchés avec un critère environnemental", "taux", "", "[Critère environnemental]", 3],
  ["L4", "Marchés ciblés gouvernance", "compte", "", "ciblé(3)", 3],
];

/**
 *   C1 Appel d'offres ouvert   insertion oui  critère non   -> lever 1 en place, lever 2 to study
 *   C2 Procédure adaptée       insertion non  critère oui   -> lever 1 not proposed (not formalised), lever 2 en place
 *   C3 (procedure blank)       insertion non  critère blank -> lever 1 to check (population unknown), lever 2 to study
 */
function register(): Register {
  const headers = ["N° marché", "Objet", "Date de notification", "Montant HT", "Procédure", "Clause d'insertion", "Critère environnemental"];
  return readWorkbook([
    {
      sheet: "Registre",
      rows: [
        headers,
        ["C1", "Nettoyage des locaux", "15/03/2025", 300000, "Appel d'offres ouvert", "oui", "non"],
        ["C2", "Fournitures de bureau", "02/05/2025", 30000, "Procédure adaptée", "non", "oui"],
        ["C3", "Maintenance des ascenseurs", "10/06/2025", 80000, null, "non", null],
      ],
    },
    { sheet: "Plan", rows: PLAN },
    { sheet: "Référentiel", rows: REFERENTIEL },
  ]);
}

describe("the levers of a buyer's plan", () => {
  const reg = register();
  const rules = planLeverRules(reg, referentialInUse(reg.parameters, reg.referentiel, defaultParameters(), reg.plan))!;
  const leversOf = (id: string) => planLevers(reg.contracts.find((c) => c.id === id)!, rules);

  test("actions 1 and 2 are levers (a rate naming them by ciblé(n)); action 3 is not", () => {
    expect(reg.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(rules.map((r) => [r.action, r.indicator, r.title])).toEqual([
      [1, "L1", "Insertion dans les marchés formalisés"],
      [2, "L2", "Critère environnemental"],
    ]);
    expect(planLeverRuleTexts(rules)[0]).toBe(
      `1 (Insertion dans les marchés formalisés) : indicateur L1 ; proposé aux marchés de sa population (ciblé(1) ET formalisée) ; en place quand la condition est remplie ([Clause d'insertion]) ; ${PLAN_LEVER_POINTS} points`,
    );
  });

  test("a formalised contract with its insertion clause: lever 1 en place, lever 2 to study", () => {
    expect(leversOf("C1").map((l) => [l.action, l.done])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  test("an adapted procedure is outside L1's population: only lever 2, already in place", () => {
    expect(leversOf("C2").map((l) => [l.action, l.done])).toEqual([[2, true]]);
  });

  test("a contract whose procedure is blank is proposed lever 1, with « à vérifier »", () => {
    const levers = leversOf("C3");
    expect(levers.map((l) => [l.action, l.done])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(levers[0].reason).toBe("action 1 du plan (Insertion dans les marchés formalisés) : indicateur L1, condition « [Clause d'insertion] » (appartenance à la population inconnue : à vérifier)");
    expect(levers[1].reason).not.toMatch(/à vérifier/);
  });

  test("without a Plan sheet, the seed's rules apply (no plan levers)", () => {
    const seed = readWorkbook([{ sheet: "Registre", rows: [["N° marché", "Date de notification"], ["C1", "15/03/2025"]] }]);
    expect(planLeverRules(seed, referentialInUse(seed.parameters, seed.referentiel, defaultParameters(), seed.plan))).toBeNull();
  });

  test("a plan none of whose rates names its action: the legend says why there is no lever", () => {
    expect(planLeverRuleTexts([])).toEqual(["aucune action du plan n'est un levier : aucun indicateur de type taux de la feuille « Référentiel » ne nomme son action par ciblé(n)"]);
  });
});
