/**
 * The workbook's `Plan` sheet (SPEC §8.1): the buyer's own axes, objectives and actions replace the
 * seed's plan; titles written once are carried down (as in a sheet whose axis cells are merged);
 * every mistake is an error naming its cell, the row that cannot be placed is left out and the
 * others are read; a sheet with nothing readable falls back to the city's plan, and says so.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { DEFAULT_PLAN } from "../../src/spaser/plan";
import type { Cell } from "../../src/register/types";
import { issuesOf, readRegister, sheet } from "../helpers/workbook";

const PLAN_HEADER: Cell[] = ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"];

/** A GHT-like plan: 2 axes, 3 objectives, 4 actions; axis and objective titles written once. */
const GOOD_PLAN: Cell[][] = [
  PLAN_HEADER,
  [1, "Des achats de santé responsables", 1, "Réduire l'empreinte des produits de santé", 1, "Critère environnemental dans les marchés de dispositifs médicaux", "Direction des achats"],
  [null, null, null, null, 2, "Réemploi des équipements biomédicaux", null],
  [null, null, 2, "Restauration hospitalière durable", 3, "Produits durables et de qualité en restauration", "Direction de la restauration"],
  ["Axe 2", "Insertion et emploi", "2.1", "Clauses d'insertion", "Action 4", "Clause d'insertion dans les marchés de nettoyage", "Cellule insertion"],
];

function register(actions: Cell[], plan: Cell[][] | null) {
  const records = actions.map((a, i) => ({ "N° marché": `M${i + 1}`, "Objet": `Marché ${i + 1}`, "Date de notification": "15/03/2025", "Actions ciblées": a }));
  return readRegister(["N° marché", "Objet", "Date de notification", "Actions ciblées"], records, "Registre", plan ? [sheet("Plan", plan)] : []);
}

describe("a readable Plan sheet replaces the city's plan", () => {
  test("axes, objectives and actions with their titles, carried down; pilots carried down within the sheet", () => {
    const reg = register([1], GOOD_PLAN);
    expect(issuesOf(reg, "error")).toEqual([]);
    const plan = reg.plan!;
    expect(plan.kind).toBe("classeur");
    expect(plan.sheet).toBe("Plan");
    expect(plan.axes).toEqual([
      { n: 1, title: "Des achats de santé responsables" },
      { n: 2, title: "Insertion et emploi" },
    ]);
    expect(plan.objectives.map((o) => [o.axis, o.n, o.title])).toEqual([
      [1, 1, "Réduire l'empreinte des produits de santé"],
      [1, 2, "Restauration hospitalière durable"],
      [2, 1, "Clauses d'insertion"],
    ]);
    expect(plan.actions.map((a) => [a.n, a.axis, a.objective, a.title, a.pilot])).toEqual([
      [1, 1, 1, "Critère environnemental dans les marchés de dispositifs médicaux", "Direction des achats"],
      [2, 1, 1, "Réemploi des équipements biomédicaux", "Direction des achats"],
      [3, 1, 2, "Produits durables et de qualité en restauration", "Direction de la restauration"],
      [4, 2, 1, "Clause d'insertion dans les marchés de nettoyage", "Cellule insertion"],
    ]);
  });

  test("the results carry the buyer's plan: the city's action 8 is unknown there", () => {
    const reg = register([4, 8], GOOD_PLAN);
    const res = computeIndicators(reg, { year: 2025 });
    expect(res.plan?.actions.map((a) => a.n)).toEqual([1, 2, 3, 4]);
    // M2 targets action 8, which the buyer's plan does not hold: an error at its cell, its list dropped.
    const err = issuesOf(reg, "error");
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ sheet: "Registre", row: 3, column: "Actions ciblées", cell: "Registre!D3" });
    expect(err[0].message).toBe("action 8 inconnue : les actions du plan (feuille « Plan ») sont 1 à 4");
    expect(reg.contracts.find((c) => c.id === "M2")?.actionsCiblees).toBeNull();
    expect(reg.contracts.find((c) => c.id === "M1")?.actionsCiblees).toEqual([4]);
  });

  test("without a Plan sheet, action 27 is checked against the city's 26 actions", () => {
    const reg = register([27], null);
    expect(reg.plan).toBeNull();
    expect(DEFAULT_PLAN.actions).toHaveLength(26);
    expect(issuesOf(reg, "error").map((i) => [i.cell, i.message])).toEqual([["Registre!D2", "action 27 inconnue : les actions du SPASER vont de 1 à 26"]]);
  });
});

describe("mistakes in the Plan sheet are errors at their cell; the other rows are read", () => {
  test("an unreadable action number, a duplicate action and a second title for the same axis", () => {
    const rows: Cell[][] = [
      ...GOOD_PLAN,
      [null, null, null, null, "douze", "Une action au numéro illisible", null],
      [null, null, null, null, 3, "Une deuxième action 3", null],
      [2, "Insertion, emploi et handicap", 1, null, 5, "Achats auprès des ESAT et EA", null],
    ];
    const reg = register([], rows);
    const err = issuesOf(reg, "error").map((i) => [i.cell, i.message]);
    expect(err).toEqual([
      ["Plan!E6", "action « douze » illisible : un numéro de 1 à 999 est attendu (exemple : 3) ; ligne ignorée"],
      ["Plan!E7", "action 3 en double (déjà ligne 4) : cette ligne est ignorée"],
      ["Plan!B8", "titre de l'axe 2 différent de celui écrit plus haut (« Insertion et emploi ») : le premier est gardé"],
    ]);
    // Rows 6 and 7 are left out; row 8 is read, under the first title of axis 2.
    expect(reg.plan!.actions.map((a) => a.n)).toEqual([1, 2, 3, 4, 5]);
    expect(reg.plan!.actions.find((a) => a.n === 3)?.title).toBe("Produits durables et de qualité en restauration");
    expect(reg.plan!.axes.find((a) => a.n === 2)?.title).toBe("Insertion et emploi");
  });

  test("an action without a title is shown as « Action n », and said", () => {
    const reg = register([], [...GOOD_PLAN, [null, null, null, null, 6, null, null]]);
    expect(issuesOf(reg, "error").map((i) => [i.cell, i.message])).toEqual([["Plan!F6", "titre de l'action 6 vide : l'action est montrée sous « Action 6 »"]]);
    expect(reg.plan!.actions.find((a) => a.n === 6)?.title).toBe("Action 6");
  });

  test("a cell in error (#N/A) in a number column: the row is left out with the error's words", () => {
    const reg = register([], [...GOOD_PLAN, [null, null, null, null, "#N/A", "Action en erreur", null]]);
    const err = issuesOf(reg, "error");
    expect(err).toHaveLength(1);
    expect(err[0].cell).toBe("Plan!E6");
    expect(err[0].message).toMatch(/#N\/A/);
    expect(reg.plan!.actions).toHaveLength(4);
  });

  test("a first row without an axis number cannot be placed", () => {
    const reg = register([], [PLAN_HEADER, [null, null, 1, "Objectif orphelin", 1, "Action orpheline", null], ...GOOD_PLAN.slice(1)]);
    expect(issuesOf(reg, "error").map((i) => [i.cell, i.message])).toEqual([["Plan!A2", "numéro d'axe vide (et pas d'axe plus haut) : ligne ignorée"]]);
    expect(reg.plan!.actions.map((a) => a.n)).toEqual([1, 2, 3, 4]);
  });
});

describe("a Plan sheet that cannot be used falls back to the city's plan, and says so", () => {
  test("a missing column « Titre de l'action »", () => {
    const rows = GOOD_PLAN.map((r) => r.filter((_, i) => i !== 5));
    const reg = register([8], rows);
    expect(reg.plan).toBeNull();
    const err = issuesOf(reg, "error").filter((i) => i.sheet === "Plan");
    expect(err).toHaveLength(1);
    expect(err[0].message).toMatch(/^colonne « Titre de l'action » introuvable : la feuille du plan est ignorée, le plan du SPASER de la collectivité est utilisé/);
    // Action 8 is then one of the city's: no error on the register.
    expect(issuesOf(reg, "error").filter((i) => i.sheet === "Registre")).toEqual([]);
  });

  test("a sheet with headers and no readable action", () => {
    const reg = register([], [PLAN_HEADER, [1, "Axe seul", null, null, null, null, null]]);
    expect(reg.plan).toBeNull();
    expect(issuesOf(reg, "error").map((i) => i.message)).toEqual(["aucune action lisible dans la feuille « Plan » : le plan du SPASER de la collectivité est utilisé"]);
  });
});

describe("a plan written with each number and its title in one cell", () => {
  test("« Axe 1 — … », « 1.2 : … », « Action 3 - … »: numbers and titles read, no title column needed", () => {
    const rows: Cell[][] = [
      ["Axe", "Objectif", "Action", "Pilote"],
      ["Axe I — Une commande publique sociale", "1.1 : Augmenter les heures d'insertion", "Action 1 - Clause d'insertion dans les travaux", "Insertion"],
      [null, null, "Action 2 – Marchés réservés", null],
      ["Axe II — Des achats sobres", "2.1 : Restauration durable", "Fiche action 3 : Produits durables dans les collèges", "Restauration"],
    ];
    const reg = register([3], rows);
    expect(issuesOf(reg, "error")).toEqual([]);
    expect(reg.plan!.axes).toEqual([
      { n: 1, title: "Une commande publique sociale" },
      { n: 2, title: "Des achats sobres" },
    ]);
    expect(reg.plan!.objectives.map((o) => [o.axis, o.n, o.title])).toEqual([
      [1, 1, "Augmenter les heures d'insertion"],
      [2, 1, "Restauration durable"],
    ]);
    expect(reg.plan!.actions.map((a) => [a.n, a.title, a.pilot])).toEqual([
      [1, "Clause d'insertion dans les travaux", "Insertion"],
      [2, "Marchés réservés", "Insertion"],
      [3, "Produits durables dans les collèges", "Restauration"],
    ]);
  });

  test("a title column, when there is one, wins over the title written beside the number", () => {
    const rows: Cell[][] = [PLAN_HEADER, [1, "Axe écrit à part", 1, "Objectif écrit à part", "Action 1 — titre dans la cellule du numéro", "Titre de la colonne", null]];
    expect(register([], rows).plan!.actions[0].title).toBe("Titre de la colonne");
  });

  test("words without a number are still refused at their cell", () => {
    const rows: Cell[][] = [["Axe", "Objectif", "Action"], ["Développer", "1 : Clauses", "Action 1 — Insertion"]];
    const reg = register([], rows);
    expect(issuesOf(reg, "error").map((i) => [i.cell, i.message])).toEqual([
      ["Plan!A2", "axe « Développer » illisible : un numéro de 1 à 999 est attendu (exemple : 3) ; ligne ignorée"],
      [null, "aucune action lisible dans la feuille « Plan » : le plan du SPASER de la collectivité est utilisé"],
    ]);
  });
});

describe("T5 and T6 as built in count the city's actions: on a buyer's plan without them they are n/a and say what to do", () => {
  const reg = register([1, 2], GOOD_PLAN);
  const res = computeIndicators(reg, { year: 2025 });

  test("T5 (the city's action 24) and T6 (actions 14, 16, 17): n/a with the way out", () => {
    expect(res.indicators.T5.value).toBeNull();
    expect(res.indicators.T5.reason).toBe(
      "T5 compte les contrats ciblés par l'action 24 du SPASER de la collectivité ; le plan du classeur (feuille « Plan ») n'a pas cette action : redéfinissez T5 dans la feuille « Référentiel » ou retirez-le (Type « aucun »)",
    );
    expect(res.indicators.T6.reason).toMatch(/^T6 compte les contrats ciblés par les actions 14, 16, 17 du SPASER de la collectivité ; le plan du classeur \(feuille « Plan »\) n'a pas ces actions : /);
  });

  test("the city's other built-ins are not computed, and one note says how many", () => {
    expect(res.indicators["A8.R1"]).toBeUndefined();
    const note = res.notes.find((n) => n.sheet === "Plan");
    expect(note?.message).toMatch(/^plan du classeur \(feuille « Plan », 4 actions\) : \d+ indicateurs intégrés du SPASER de la collectivité ne sont pas calculés ; seuls T1 à T6 et les indicateurs de la feuille « Référentiel » le sont$/);
  });
});

describe("the city's action 24 is not the buyer's action 24", () => {
  // A register targeting action 24 twice in 2025: M1 with the circular economy, M2 without.
  const records = [
    { "N° marché": "M1", "Date de notification": "15/03/2025", "Actions ciblées": 24, "Économie circulaire": "oui" },
    { "N° marché": "M2", "Date de notification": "16/03/2025", "Actions ciblées": 24, "Économie circulaire": "non" },
  ];
  const headers = ["N° marché", "Date de notification", "Actions ciblées", "Économie circulaire"];
  const planWith24 = (title: string): Cell[][] => [PLAN_HEADER, [1, "Axe", 1, "Objectif", 24, title, "Achats"]];

  test("a buyer's action 24 of another title: T5 is n/a and names both titles' owner, never counted on the buyer's action", () => {
    const reg = readRegister(headers, records, "Registre", [sheet("Plan", planWith24("Véhicules propres"))]);
    const t5 = computeIndicators(reg, { year: 2025 }).indicators.T5;
    expect(t5.value).toBeNull();
    expect(t5.reason).toBe(
      "T5 compte les contrats ciblés par l'action 24 du SPASER de la collectivité ; l'action 24 du plan du classeur (feuille « Plan ») est « Véhicules propres » : redéfinissez T5 dans la feuille « Référentiel » ou retirez-le (Type « aucun »)",
    );
  });

  test("the city's own action 24, same number and title (a Plan written by spaser referentiel): T5 is computed, 1/2", () => {
    const seed24 = DEFAULT_PLAN.actions.find((a) => a.n === 24)!;
    const reg = readRegister(headers, records, "Registre", [sheet("Plan", planWith24(seed24.title))]);
    expect(computeIndicators(reg, { year: 2025 }).indicators.T5).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
  });
});
