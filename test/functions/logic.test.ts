/**
 * What each worksheet function answers on a small register (test/functions/fake.ts), with the
 * expected values worked out by hand from the rows, and every error a user can meet.
 */
import { contractsOf, denominatorOf, indicatorOf, numeratorOf, Outcome, rateOf, realisationId, statusOf, targetOf, yearsOf } from "../../src/functions/logic";
import { readWorkbook } from "../../src/register/read";
import { HEADERS, register, ROWS, snapshot } from "./fake";

const reg = register();
const s2025 = snapshot(reg); // dashboard year 2025, step 1 (Paramètres has no "Étape en cours")

function value<T>(o: Outcome<T>): T {
  if ("error" in o) throw new Error(`expected a value, got ${o.error.code}: ${o.error.message}`);
  return o.value;
}

function na<T>(o: Outcome<T>): string {
  if (!("error" in o)) throw new Error(`expected #N/A, got ${JSON.stringify(o.value)}`);
  expect(o.error.code).toBe("notAvailable");
  return o.error.message;
}

function invalid<T>(o: Outcome<T>): string {
  if (!("error" in o)) throw new Error(`expected #VALUE!, got ${JSON.stringify(o.value)}`);
  expect(o.error.code).toBe("invalidValue");
  return o.error.message;
}

describe("RATE(action, [year], [n])", () => {
  test("RATE(8) is A8.R1 of the dashboard year: insertion clauses among contracts targeting action 8", () => {
    // 2025, cib(8) = M1, M2, M3; with a clause: M1, M3 -> 2 / 3
    expect(value(rateOf(s2025, 8, null, null))).toBeCloseTo(2 / 3, 12);
  });

  test("n picks the n-th realisation indicator: RATE(8; ; 2) is A8.R2", () => {
    // 2025, montant > 90 000: M1 (120 000), M3 (200 000); both with a clause -> 2 / 2
    expect(value(rateOf(s2025, 8, null, 2))).toBe(1);
  });

  test("the year argument chooses another year", () => {
    // 2024, cib(8) = M5, without clause -> 0 / 1
    expect(value(rateOf(s2025, 8, 2024, null))).toBe(0);
  });

  test("the default year is the snapshot's year (the one the pane chose)", () => {
    expect(value(rateOf(snapshot(reg, { year: 2024 }), 8, null, null))).toBe(0);
  });

  test("undefined (older hosts) counts as omitted", () => {
    expect(value(rateOf(s2025, 8, undefined, undefined))).toBeCloseTo(2 / 3, 12);
  });

  test("n/a -> #N/A with the engine's French reason", () => {
    // No Activités sheet: A1.R1 (CAD réuni) cannot be told
    expect(na(rateOf(s2025, 1, null, null))).toMatch(/Activités/);
    // No contract notified in 2023
    expect(na(rateOf(s2025, 8, 2023, null))).toBe("aucun contrat notifié en 2023");
    // Column absent
    expect(na(rateOf(s2025, 10, null, null))).toBe("colonne « Critère d'insertion » absente du registre");
  });

  test("an action outside 1–26 -> #VALUE! saying what is valid", () => {
    for (const a of [0, 27, -8, 8.5]) expect(invalid(rateOf(s2025, a, null, null))).toMatch(/de 1 à 26/);
    expect(invalid(rateOf(s2025, "8", null, null))).toBe("action invalide (« 8 ») : un numéro d'action du SPASER est attendu, de 1 à 26");
    expect(invalid(rateOf(s2025, null, null, null))).toMatch(/action invalide/);
  });

  test("a rank beyond the action's realisation indicators -> #VALUE! listing them", () => {
    expect(invalid(rateOf(s2025, 8, null, 3))).toBe("rang invalide (3) : l'action 8 a 2 indicateurs de réalisation (A8.R1, A8.R2) : rang 1 à 2 attendu");
    expect(invalid(rateOf(s2025, 1, null, 2))).toBe("rang invalide (2) : l'action 1 a un seul indicateur de réalisation (A1.R1) : rang 1 attendu");
    expect(invalid(rateOf(s2025, 8, null, 0))).toMatch(/^rang invalide \(0\)/);
  });

  test("an impossible year -> #VALUE!", () => {
    for (const y of [25, 2025.5, 0, 99999]) expect(invalid(rateOf(s2025, 8, y, null))).toMatch(/^année invalide/);
  });

  test("argument errors come before data errors: RATE(99) without a register is #VALUE!", () => {
    expect(invalid(rateOf(snapshot(null), 99, null, null))).toMatch(/action invalide/);
  });
});

describe("INDICATOR(id, [year])", () => {
  test("any indicator by id, for the dashboard year or another", () => {
    // T1 2025: critère environnemental M1, M4 among M1–M4 -> 2 / 4
    expect(value(indicatorOf(s2025, "T1", null))).toBe(0.5);
    // A14.E2 2025: TPE/PME known for M1 (oui), M2 (non), M4 (oui) -> 2 / 3
    expect(value(indicatorOf(s2025, "A14.E2", null))).toBeCloseTo(2 / 3, 12);
    // A16.E2 2025: TPE/PME titulaires M1, M4 -> 2
    expect(value(indicatorOf(s2025, "A16.E2", null))).toBe(2);
    // T3 2024: formalised M5 without clause -> 0 / 1
    expect(value(indicatorOf(s2025, "T3", 2024))).toBe(0);
  });

  test("the id is read the user's way: case and spaces do not matter", () => {
    expect(value(indicatorOf(s2025, " a8.r1 ", null))).toBeCloseTo(2 / 3, 12);
    expect(value(indicatorOf(s2025, "t1", null))).toBe(0.5);
    expect(value(indicatorOf(s2025, "A8R1", null))).toBeCloseTo(2 / 3, 12);
  });

  test("n/a -> #N/A with the reason", () => {
    // T6: the only contract targeting 14/16/17 is M3, whose TPE/PME is unknown -> no denominator
    const t6 = na(indicatorOf(s2025, "T6", null));
    expect(t6).toMatch(/aucun contrat notifié en 2025 ciblé pour les actions 14, 16 ou 17/);
    expect(t6).toMatch(/1 écarté faute de valeur connue/);
    expect(na(indicatorOf(s2025, "T5", null))).toMatch(/Économie circulaire/);
  });

  test("an unknown id -> #VALUE! saying what is valid", () => {
    expect(invalid(indicatorOf(s2025, "A8.R9", null))).toBe("indicateur « A8.R9 » inconnu : l'action 8 a les indicateurs A8.R1, A8.R2, A8.E1, A8.E2, A8.E3, A8.E4, A8.E5, A8.E6");
    for (const id of ["A99.R1", "X", "", "8"]) expect(invalid(indicatorOf(s2025, id, null))).toMatch(/identifiants valides T1 à T6 et A1\.R1 à A26\.E1/);
    expect(invalid(indicatorOf(s2025, null, null))).toMatch(/identifiant d'indicateur attendu/);
  });
});

describe("NUMERATOR and DENOMINATOR", () => {
  test("a rate's numerator and denominator", () => {
    // A8.R1 2025: 2 clauses among 3 targeted contracts
    expect(value(numeratorOf(s2025, "A8.R1", null))).toBe(2);
    expect(value(denominatorOf(s2025, "A8.R1", null))).toBe(3);
    // A14.E2 2025: M3 (unknown) leaves the denominator: 2 / 3
    expect(value(numeratorOf(s2025, "A14.E2", null))).toBe(2);
    expect(value(denominatorOf(s2025, "A14.E2", null))).toBe(3);
    // T1 2024: 0 / 1
    expect(value(numeratorOf(s2025, "T1", 2024))).toBe(0);
    expect(value(denominatorOf(s2025, "T1", 2024))).toBe(1);
  });

  test("an n/a rate still has its counts: no contract targeting action 8 in 2023 is 0, not an error", () => {
    expect(value(denominatorOf(s2025, "A8.R1", 2023))).toBe(0);
  });

  test("an indicator that is not a rate has no numerator -> #N/A", () => {
    expect(na(numeratorOf(s2025, "A16.E2", null))).toBe("A16.E2 n'est pas un taux : pas de numérateur");
    expect(na(denominatorOf(s2025, "A16.E2", null))).toBe("A16.E2 n'est pas un taux : pas de dénominateur");
  });

  test("a column absent -> #N/A with the reason", () => {
    expect(na(numeratorOf(s2025, "A10.R1", null))).toBe("colonne « Critère d'insertion » absente du registre");
  });

  test("unknown id -> #VALUE!", () => {
    expect(invalid(numeratorOf(s2025, "A27.R1", null))).toMatch(/inconnu/);
    expect(invalid(denominatorOf(s2025, "A8.R1", 1800))).toMatch(/année invalide/);
  });
});

describe("TARGET(id, [step])", () => {
  test("targets come from Paramètres, defaults otherwise; step defaults to the current one", () => {
    expect(value(targetOf(s2025, "T1", null))).toBe(0.4); // "Cible T1 étape 1" = 40 %
    expect(value(targetOf(s2025, "T1", 2))).toBe(0.9); // "Cible T1 étape 2" = 0,9
    expect(value(targetOf(s2025, "T2", null))).toBe(0.5); // default step 1 of T2
    expect(value(targetOf(s2025, "t3", 2))).toBe(0.8); // default step 2 of T3
    expect(value(targetOf(snapshot(reg, { etape: 2 }), "T4", null))).toBe(0.6); // current step 2
  });

  test("errors", () => {
    expect(invalid(targetOf(s2025, "A8.R1", null))).toBe("A8.R1 n'a pas de cible : seuls les objectifs de déploiement T1 à T6 en ont");
    expect(invalid(targetOf(s2025, "T7", null))).toBe("objectif « T7 » inconnu : objectifs valides T1 à T6");
    expect(invalid(targetOf(s2025, "T1", 3))).toBe("étape invalide (3) : 1 ou 2 attendu");
    expect(invalid(targetOf(s2025, "nope", null))).toMatch(/inconnu/);
  });
});

describe("STATUS(id, [year])", () => {
  test("Atteint / En cours / Non renseigné against the current step's target", () => {
    // T1 2025 = 0,5 >= 0,4 (step 1)
    expect(value(statusOf(s2025, "T1", null))).toBe("Atteint");
    // T1 2025 = 0,5 < 0,9 (step 2)
    expect(value(statusOf(snapshot(reg, { etape: 2 }), "T1", null))).toBe("En cours");
    // T1 2024 = 0 / 1 = 0 < 0,4
    expect(value(statusOf(s2025, "T1", 2024))).toBe("En cours");
    // T5: column Économie circulaire absent
    expect(value(statusOf(s2025, "T5", null))).toBe("Non renseigné");
  });

  test("only T1–T6 have a status", () => {
    expect(invalid(statusOf(s2025, "A8.R1", null))).toMatch(/T1 à T6/);
  });
});

describe("YEARS()", () => {
  test("the years with notified contracts, ascending, as a column", () => {
    expect(value(yearsOf(s2025))).toEqual([[2024], [2025]]);
  });

  test("a register without any notification date -> #N/A", () => {
    const noDates = register([["M1", null, 1000, "AOO", null, "non", "non", "non"]]);
    expect(na(yearsOf(snapshot(noDates)))).toMatch(/aucun contrat notifié/);
  });
});

describe("no register", () => {
  const none = snapshot(null, { message: "Aucun registre des marchés trouvé dans les feuilles « Feuil1 »" });
  test("every function -> #N/A « registre introuvable » with the reason", () => {
    const expected = "registre introuvable : Aucun registre des marchés trouvé dans les feuilles « Feuil1 »";
    expect(na(rateOf(none, 8, null, null))).toBe(expected);
    expect(na(indicatorOf(none, "T1", null))).toBe(expected);
    expect(na(numeratorOf(none, "T1", null))).toBe(expected);
    expect(na(denominatorOf(none, "T1", null))).toBe(expected);
    expect(na(targetOf(none, "T1", null))).toBe(expected);
    expect(na(statusOf(none, "T1", null))).toBe(expected);
    expect(na(yearsOf(none))).toBe(expected);
  });

  test("without a reason, the message is just « registre introuvable »", () => {
    expect(na(rateOf(snapshot(null), 8, null, null))).toBe("registre introuvable");
  });
});

describe("an action without realisation indicator", () => {
  test("-> #VALUE! listing the actions that have one", () => {
    jest.isolateModules(() => {
      jest.doMock("../../src/spaser/referential", () => {
        const actual = jest.requireActual("../../src/spaser/referential");
        // As if action 3 had no realisation indicator
        return { ...actual, indicatorsOfAction: (n: number) => actual.indicatorsOfAction(n).filter((d: { kind: string }) => n !== 3 || d.kind !== "realisation") };
      });
       
      const logic = require("../../src/functions/logic") as typeof import("../../src/functions/logic");
      const r = logic.realisationId(3, null);
      expect("error" in r && r.error).toEqual({ code: "invalidValue", message: "l'action 3 n'a pas d'indicateur de réalisation : actions valides 1, 2, 4 à 26" });
    });
    // The real referential: every action has one
    for (let a = 1; a <= 26; a++) expect(realisationId(a, null)).toEqual({ value: `A${a}.R1` });
  });
});

describe("CONTRACTS(id, [role], [year], [entity])", () => {
  const col = (ids: string[]) => ids.map((x) => [x]);

  test("a rate: the numerator by default, the denominator, in English or in French, as a column", () => {
    // T1 2025: critère environnemental oui for M1 and M4, among M1–M4 notified in 2025
    expect(value(contractsOf(s2025, "T1", null, null))).toEqual(col(["M1", "M4"]));
    expect(value(contractsOf(s2025, "t1", "Numérateur", null))).toEqual(col(["M1", "M4"]));
    expect(value(contractsOf(s2025, "T1", "dénominateur", null))).toEqual(col(["M1", "M2", "M3", "M4"]));
    expect(value(contractsOf(s2025, "T1", "denominator", null))).toEqual(col(["M1", "M2", "M3", "M4"]));
    // A8.R1: insertion clause among the contracts targeting action 8: M1, M3 of M1, M2, M3
    expect(value(contractsOf(s2025, "A8.R1", "numerator", null))).toEqual(col(["M1", "M3"]));
  });

  test("the contracts left out, with « écartés »: M3's TPE/PME is blank, so A14.E2 leaves it out", () => {
    // A14.E2 2025: TPE/PME holders among contracts with a known answer: M1, M4 of M1, M2, M4; M3 blank
    expect(value(contractsOf(s2025, "A14.E2", "écartés", null))).toEqual(col(["M3"]));
    expect(value(contractsOf(s2025, "A14.E2", "excluded", null))).toEqual(col(["M3"]));
    expect(value(contractsOf(s2025, "A14.E2", null, null))).toEqual(col(["M1", "M4"]));
  });

  test("a count: the contracts counted by default (« comptés »); a rate's role is refused", () => {
    // A16.E2 2025: TPE/PME holders M1 and M4
    expect(value(contractsOf(s2025, "A16.E2", null, null))).toEqual(col(["M1", "M4"]));
    expect(value(contractsOf(s2025, "A16.E2", "comptés", null))).toEqual(col(["M1", "M4"]));
    expect(invalid(contractsOf(s2025, "A16.E2", "numérateur", null))).toBe("A16.E2 n'est pas un taux : rôle « comptés » (par défaut) ou « écartés » attendu, pas « numérateur »");
    expect(invalid(contractsOf(s2025, "T1", "comptés", null))).toBe("T1 est un taux : rôle « numérateur », « dénominateur » ou « écartés » attendu, pas « comptés »");
  });

  test("another year; an empty list is one empty cell", () => {
    // T1 2024: M5 alone, without critère environnemental
    expect(value(contractsOf(s2025, "T1", "dénominateur", 2024))).toEqual(col(["M5"]));
    expect(value(contractsOf(s2025, "T1", null, 2024))).toEqual([[""]]);
  });

  test("n/a or no list of contracts -> #N/A with the reason; the contracts that made it n/a stay available", () => {
    expect(na(contractsOf(s2025, "T5", null, null))).toBe("colonne « Économie circulaire » absente du registre");
    // T6 2025: no contract targets actions 14 or 16 with a known TPE/PME answer; M3 is left out
    expect(na(contractsOf(s2025, "T6", null, null))).toMatch(/^aucun contrat notifié en 2025 ciblé pour les actions 14, 16/);
    expect(value(contractsOf(s2025, "T6", "écartés", null))).toEqual(col(["M3"]));
    // A3.R1 (« Tableaux de bord de suivi ») is not computed from the register's rows
    expect(na(contractsOf(s2025, "A3.R1", null, null))).toMatch(/^A3\.R1 n'a pas de liste de contrats/);
  });

  test("bad arguments -> #VALUE! saying what is expected", () => {
    expect(invalid(contractsOf(s2025, "T1", "tous", null))).toBe(
      "rôle invalide (« tous ») : « numérateur » (par défaut), « dénominateur », « écartés » ou, pour un nombre, une somme ou une moyenne, « comptés » est attendu",
    );
    expect(invalid(contractsOf(s2025, "A8.R9", null, null))).toMatch(/^indicateur « A8\.R9 » inconnu/);
    expect(invalid(contractsOf(s2025, "T1", null, 25))).toMatch(/^année invalide/);
  });
});

describe("the entity argument (last of every function computed over the register)", () => {
  // M1 Ville, M2 Métropole, M3 Ville, M4 Métropole, M5 Ville
  const ENTITIES = ["Ville", "Métropole", "Ville", "Métropole", "Ville"];
  const withEntities = register(ROWS.map((r, i) => [...r, ENTITIES[i]]), [...HEADERS, "Entité"]);
  const s = snapshot(withEntities);

  test("the figures of one buyer; omitted, the whole register", () => {
    // A8.R1 2025: Ville M1 (oui), M3 (oui) → 2 / 2; Métropole M2 (non) → 0 / 1; together 2 / 3
    expect(value(rateOf(s, 8, null, null, "Ville"))).toBe(1);
    expect(value(rateOf(s, 8, null, null, "Métropole"))).toBe(0);
    expect(value(rateOf(s, 8, null, null, null))).toBe(2 / 3);
    expect(value(rateOf(s, 8, null, null, ""))).toBe(2 / 3);
    expect(value(numeratorOf(s, "A8.R1", null, "Ville"))).toBe(2);
    expect(value(denominatorOf(s, "A8.R1", null, "Métropole"))).toBe(1);
    expect(value(indicatorOf(s, "A8.R1", null, "Ville"))).toBe(1);
    expect(value(contractsOf(s, "A8.R1", "dénominateur", null, "Ville"))).toEqual([["M1"], ["M3"]]);
    // T1 step 1 target 40 %: Ville M1 oui, M3 non → 50 % → Atteint
    expect(value(statusOf(s, "T1", null, "Ville"))).toBe("Atteint");
    // Métropole has only 2025 contracts (M2, M4)
    expect(value(yearsOf(s, "Métropole"))).toEqual([[2025]]);
    expect(value(yearsOf(s, "Ville"))).toEqual([[2024], [2025]]);
  });

  test("names compared like headers: case, accents and spaces do not matter", () => {
    expect(value(rateOf(s, 8, null, null, "  METROPOLE "))).toBe(0);
  });

  test("an entity the register does not hold -> #VALUE! listing the ones found", () => {
    const expected = "entité « Département » introuvable dans le registre : entités trouvées « Ville », « Métropole »";
    expect(invalid(rateOf(s, 8, null, null, "Département"))).toBe(expected);
    expect(invalid(indicatorOf(s, "T1", null, "Département"))).toBe(expected);
    expect(invalid(contractsOf(s, "T1", null, null, "Département"))).toBe(expected);
    expect(invalid(yearsOf(s, "Département"))).toBe(expected);
    expect(invalid(rateOf(s, 8, null, null, 12))).toBe("entité invalide (12) : un nom d'entité est attendu, par exemple « Ville »");
  });
});

describe("indicators added by the workbook's Référentiel sheet", () => {
  // X1: contracts above 100 000 € HT; 2025: M1 (120 000) and M3 (200 000)
  const reg = readWorkbook([
    { sheet: "Registre", rows: [HEADERS, ...ROWS] },
    {
      sheet: "Référentiel",
      rows: [
        ["Id", "Libellé", "Type", "Population", "Condition"],
        ["X1", "Marchés de plus de 100 000 € HT", "compte", "", "[Montant HT] > 100 000"],
      ],
    },
  ]);
  const s = snapshot(reg);

  test("=SPASER.INDICATEUR(\"X1\") and its contracts, the id written any case", () => {
    expect(value(indicatorOf(s, "X1", null))).toBe(2);
    expect(value(indicatorOf(s, " x1", null))).toBe(2);
    expect(value(contractsOf(s, "X1", null, null))).toEqual([["M1"], ["M3"]]);
  });

  test("an id neither built in nor added is still unknown", () => {
    expect(invalid(indicatorOf(s, "X2", null))).toMatch(/^indicateur « X2 » inconnu/);
  });
});

describe("RATE(n) on a workbook with its own Plan sheet: n is the buyer's action", () => {
  // Plan: action 1 « Insertion » and action 2 « Environnement ». Référentiel:
  //   P1 (action 1) taux: population all, condition [Clause d'insertion]; 2025: M1, M3 of M1–M4 -> 2/4
  //   P2 (action 2) compte of the contracts with an environmental criterion: not a percentage
  //   P3 (action 2) taux: population Procédure = "formalisée" (M1, M3), condition [Critère environnemental] -> M1: 1/2
  const reg = readWorkbook([
    { sheet: "Registre", rows: [HEADERS, ...ROWS] },
    {
      sheet: "Plan",
      rows: [
        ["Axe", "Titre de l'axe", "Objectif", "Titre de l'objectif", "Action", "Titre de l'action", "Pilote"],
        [1, "Achats responsables", 1, "Clauses", 1, "Insertion", "Achats"],
        [null, null, null, null, 2, "Environnement", null],
      ],
    },
    {
      sheet: "Référentiel",
      rows: [
        ["Id", "Libellé", "Type", "Population", "Condition", "Action"],
        ["P1", "Marchés avec une clause d'insertion", "taux", "", "[Clause d'insertion]", 1],
        ["P2", "Marchés avec un critère environnemental", "compte", "", "[Critère environnemental]", 2],
        ["P3", "Marchés formalisés avec un critère environnemental", "taux", "formalisée", "[Critère environnemental]", 2],
      ],
    },
  ]);
  const s = snapshot(reg);

  test("=SPASER.TAUX(1) is P1 and =SPASER.TAUX(2) is P3, the action's first percentage", () => {
    // The register's actions are the city's (8, 14, 24): unknown to this plan, each said at its cell.
    expect(reg.issues.filter((i) => i.severity === "error" && i.sheet !== "Registre")).toEqual([]);
    expect(reg.issues.find((i) => i.cell === "Registre!E2")?.message).toBe("actions 8, 24 inconnues : les actions du plan (feuille « Plan ») sont 1, 2");
    expect(value(rateOf(s, 1, null, null))).toBe(0.5);
    expect(value(rateOf(s, 2, null, null))).toBe(0.5);
    expect(value(indicatorOf(s, "P3", null))).toBe(0.5);
    expect(value(indicatorOf(s, "P2", null))).toBe(2);
  });

  test("the city's action 8 is not an action of this plan, and the error lists the plan's actions", () => {
    expect(invalid(rateOf(s, 8, null, null))).toBe("action invalide (8) : un numéro d'action du plan (feuille « Plan ») est attendu : 1, 2");
  });

  test("a rank beyond the action's percentages names them", () => {
    expect(invalid(rateOf(s, 2, null, 2))).toBe("rang invalide (2) : l'action 2 a un seul indicateur en pourcentage (P3) : rang 1 attendu");
  });

  test("a built-in indicator of the city is n/a with the reason: only T1–T6 and the Référentiel's are computed", () => {
    expect(na(indicatorOf(s, "A8.R1", null))).toBe("A8.R1 : absent du référentiel du classeur : avec une feuille « Plan », seuls T1 à T6 et les indicateurs de la feuille « Référentiel » sont calculés");
  });
});
