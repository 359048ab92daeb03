/**
 * The cotation rules (actions 1, 2 and 7): levers on both sides of every threshold, with parameters
 * other than the defaults, the « already in place » rule per lever, actions 12 and 18, the window.
 * Expected values are worked out by hand in the comments.
 */
import {
  cotationCandidates,
  DONE_KEYS,
  Lever,
  LeverInput,
  LEVER_POINTS,
  leverList,
  leverPoints,
  legalDuties,
  levers,
  nextAward,
  QUESTIONS,
  score,
  windowClause,
  windowRule,
  windowText,
} from "../../src/indicators/cotation";
import { REALISED_KEYS } from "../../src/indicators/considerations";
import { defaultParameters } from "../../src/register/parameters";
import { makeDate } from "../../src/register/values";
import type { Contract, DateValue, Parameters } from "../../src/register/types";

/** Parameters far from the defaults, so that a literal left in the code shows. */
const P: Parameters = {
  ...defaultParameters(),
  seuilClauseInsertion: 40_000,
  seuilMarchesReserves: 60_000,
  seuilAvanceBonifiee: 100_000,
  tauxAvanceBonifiee: 0.25,
  seuilAvanceObligatoire: 20_000,
  dureeAvanceObligatoire: 3,
  dureeRevisionPrix: 6,
  seuilOperationsEnvergure: 1_000_000,
  anticipationCotation: 6,
  horizonCotation: 18,
};
const base: LeverInput = { montant: 30_000, procedure: "AOO", dureeMois: 6, nature: "Fournitures", objet: "Papier", famille: null, recurrent: false };
const leversOf = (c: Partial<LeverInput>, p = P) => levers({ ...base, ...c }, p);
const actions = (c: Partial<LeverInput>, p = P) => leversOf(c, p).map((l) => l.action);
const lever = (c: Partial<LeverInput>, n: number, p = P): Lever | undefined => leversOf(c, p).find((l) => l.action === n);
const d = (y: number, m: number, day: number) => makeDate(y, m, day) as DateValue;
/** French numbers group thousands with a no-break space: compare with plain spaces. */
const norm = (s: string | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("levers, each rule on both sides of its threshold (Paramètres other than the defaults)", () => {
  test("8 insertion clause: strictly above « Seuil clause d'insertion » (40 000 here)", () => {
    expect(actions({ montant: 40_000 })).not.toContain(8);
    expect(actions({ montant: 40_000.01 })).toContain(8);
    expect(norm(lever({ montant: 45_000 }, 8)?.reason)).toMatch(/40 000 € HT/);
  });
  test("10 insertion criterion: insertion clause possible and at least a year", () => {
    expect(actions({ montant: 45_000, dureeMois: 11 })).not.toContain(10);
    expect(actions({ montant: 45_000, dureeMois: 12 })).toContain(10);
    expect(actions({ montant: 40_000, dureeMois: 24 })).not.toContain(10);
  });
  test("11 reservation: at most « Seuil marchés réservés » (60 000 here)", () => {
    expect(actions({ montant: 60_000 })).toContain(11);
    expect(actions({ montant: 60_000.01 })).not.toContain(11);
  });
  test("13 fair trade: school catering, caterer, promotional objects", () => {
    expect(actions({ objet: "Denrées pour la restauration scolaire" })).toContain(13);
    expect(actions({ objet: "Prestations de traiteur" })).toContain(13);
    expect(actions({ famille: "Objets promotionnels" })).toContain(13);
    expect(actions({ objet: "Papier" })).not.toContain(13);
  });
  test("17 advance: the SPASER's bonified advance below « Seuil avance bonifiée » (100 000) only; the compulsory advance is a legal duty, never lever 17", () => {
    expect(actions({ montant: 99_999 })).toContain(17);
    expect(norm(lever({ montant: 99_999 }, 17)?.reason)).toMatch(/< 100 000 € HT : avance bonifiée à 25 %/);
    expect(lever({ montant: 99_999, dureeMois: 4 }, 17)?.reason).not.toMatch(/obligatoire/);
    // 100 000 € for 4 months: not below the threshold, so no lever 17, though the advance is compulsory
    // (4 > 3 months and 100 000 > 20 000): a legal duty.
    expect(actions({ montant: 100_000, dureeMois: 4 })).not.toContain(17);
    expect(legalDuties({ ...base, montant: 100_000, dureeMois: 4 }, P).map(norm)).toEqual(["avance obligatoire (art. R2191-3 : durée > 3 mois et montant > 20 000 € HT)"]);
    // 20 000 is not more than 20 000; 3 months is not more than 3.
    expect(legalDuties({ ...base, montant: 20_000, dureeMois: 4 }, P)).toEqual([]);
    expect(legalDuties({ ...base, montant: 20_001, dureeMois: 3 }, P)).toEqual([]);
  });
  test("19 price revision: strictly more than « Durée révision des prix » (6 months here)", () => {
    expect(actions({ dureeMois: 6 })).not.toContain(19);
    expect(actions({ dureeMois: 7 })).toContain(19);
    expect(lever({ dureeMois: 7 }, 19)?.reason).toBe("durée 7 mois > 6 mois : clause de révision des prix");
  });
  test("20 negotiation: MAPA, PN, DC only (and a concession)", () => {
    expect(actions({ procedure: "MAPA" })).toContain(20);
    expect(actions({ procedure: "PN" })).toContain(20);
    expect(actions({ procedure: "DC" })).toContain(20);
    expect(actions({ procedure: "AOO" })).not.toContain(20);
    expect(actions({ procedure: "SANS" })).not.toContain(20);
  });
  test("21 evaluation: recurrent or at least a year", () => {
    expect(actions({ dureeMois: 11 })).not.toContain(21);
    expect(actions({ dureeMois: 12 })).toContain(21);
    expect(actions({ dureeMois: 1, recurrent: true })).toContain(21);
  });
  test("23 AMO DD and 26 carbon compensation: construction or renovation works; 26 above « Seuil opérations d'envergure »", () => {
    expect(actions({ nature: "Travaux", objet: "Rénovation de l'école", montant: 1_000_000 })).toContain(23);
    expect(actions({ nature: "Travaux", objet: "Rénovation de l'école", montant: 1_000_000 })).not.toContain(26);
    expect(actions({ nature: "Travaux", objet: "Réhabilitation du gymnase", montant: 1_000_001 })).toEqual(expect.arrayContaining([23, 26]));
    expect(actions({ nature: "Travaux", objet: "Entretien de voirie", montant: 9_000_000 })).not.toContain(23);
    expect(actions({ nature: "Services", objet: "Construction d'un site web", montant: 9_000_000 })).not.toContain(23);
  });
  test("the same contract under the default thresholds: 8, 19 and 17's mandatory advance change", () => {
    const c = { montant: 50_000, dureeMois: 10 };
    // P: 50 000 > 40 000 → 8; 10 > 6 months → 19. Defaults: 50 000 ≤ 90 000 → no 8 but 11; 10 ≤ 12 → no 19.
    expect(actions(c)).toEqual(expect.arrayContaining([8, 19]));
    expect(actions(c, defaultParameters())).not.toContain(8);
    expect(actions(c, defaultParameters())).not.toContain(19);
    expect(actions(c, defaultParameters())).toContain(11);
  });
});

describe("action 18 (« l'action fondamentale ») and action 12 on every contract", () => {
  const inputs: Partial<LeverInput>[] = [
    {},
    { montant: null, procedure: null, dureeMois: null, nature: null, objet: null },
    { nature: "Travaux", objet: "Rénovation de l'école", montant: 2_000_000 },
    { nature: "Services", objet: "Nettoyage", procedure: "MAPA", montant: 100_000 },
    { nature: "Concession", objet: "Délégation du stationnement", montant: 3_000_000 },
  ];
  test.each(inputs.map((c, i) => [i, c]))("contract %i: 12, 18, 22 and 24 are proposed", (_i, c) => {
    const a = actions(c as Partial<LeverInput>);
    expect(a).toEqual(expect.arrayContaining([12, 18, 22, 24]));
    expect(lever(c as Partial<LeverInput>, 18)?.reason).toMatch(/juste besoin/);
  });
  test("12 on a public contract: the tie-break clause, no concession clauses", () => {
    const l = lever({ nature: "Fournitures" }, 12)!;
    expect(l.reason).toMatch(/clause de départage en cas d'égalité entre soumissionnaires/);
    expect(l.reason).not.toMatch(/République|femmes-hommes/);
  });
  test("12 on a concession: tie-break, equality between women and men, and the « valeurs de la République »", () => {
    const l = lever({ nature: "Concession" }, 12)!;
    expect(l.reason).toMatch(/départage/);
    expect(l.reason).toMatch(/égalité femmes-hommes/);
    expect(l.reason).toMatch(/valeurs de la République/);
    expect(l.short).toBe("départage, égalité femmes-hommes, valeurs de la République");
  });
  test("a concession: free negotiation (20), neither the allotment (14) nor the advance (17) of public contracts", () => {
    const a = actions({ nature: "Concession", procedure: null, montant: 50_000, dureeMois: 120 });
    expect(a).toContain(20);
    expect(a).not.toContain(14);
    expect(a).not.toContain(17);
    // The same contract as a service contract has 14 and 17, and no 20 under an open call for tenders.
    const s = actions({ nature: "Services", procedure: "AOO", montant: 50_000, dureeMois: 120 });
    expect(s).toEqual(expect.arrayContaining([14, 17]));
    expect(s).not.toContain(20);
  });
});

describe("a lever already in place brings no point", () => {
  // For each lever, an input where it applies, and each register column that means « in place ».
  const qualifying: Record<number, Partial<LeverInput>> = {
    8: { montant: 50_000 },
    10: { montant: 50_000, dureeMois: 12 },
    11: { montant: 10_000 },
    12: {},
    13: { objet: "Traiteur" },
    14: {},
    18: {},
    19: { dureeMois: 7 },
    20: { procedure: "MAPA" },
    21: { recurrent: true },
    22: {},
    23: { nature: "Travaux", objet: "Rénovation de la piscine", montant: 500_000 },
    24: {},
    25: { objet: "Collecte des déchets" },
    26: { nature: "Travaux", objet: "Construction du collège", montant: 2_000_000 },
  };
  const cases = Object.entries(qualifying).flatMap(([n, c]) => DONE_KEYS[Number(n)].map((k) => [Number(n), k, c] as const));
  test.each(cases)("lever %i: « %s » = oui puts it in place, worth 0 point", (n, key, c) => {
    const open = lever(c, n)!;
    expect(open.done).toBe(false);
    expect(leverPoints([open])).toBe(LEVER_POINTS[n]);
    const done = lever({ ...c, [key]: true }, n)!;
    expect(done.done).toBe(true);
    expect(leverPoints([done])).toBe(0);
    // « non » and unknown (absent column, unreadable cell) leave it to study.
    expect(lever({ ...c, [key]: false }, n)!.done).toBe(false);
    expect(lever({ ...c, [key]: null }, n)!.done).toBe(false);
  });
  test("every lever of the score has its « in place » columns", () => {
    for (const n of Object.keys(LEVER_POINTS).map(Number)) if (n !== 17) expect(DONE_KEYS[n]?.length).toBeGreaterThan(0);
  });
  test("« in place » reads at least the columns A1.E1 reads for the action (realised(c, n))", () => {
    for (const [n, keys] of Object.entries(REALISED_KEYS)) {
      if (!(Number(n) in LEVER_POINTS)) continue;
      expect(DONE_KEYS[Number(n)]).toEqual(expect.arrayContaining([...keys]));
    }
  });
  test("17: a bonified advance (rate ≥ Taux avance bonifiée); Avance = non is none", () => {
    // P: bonified rate 25 %, threshold 100 000.
    expect(lever({ montant: 50_000, tauxAvance: 0.25 }, 17)!.done).toBe(true);
    expect(lever({ montant: 50_000, tauxAvance: 0.24 }, 17)!.done).toBe(false);
    expect(lever({ montant: 50_000, avance: false, tauxAvance: 0.3 }, 17)!.done).toBe(false);
    expect(lever({ montant: 50_000, avance: true, tauxAvance: null }, 17)!.done).toBe(false);
  });
  test("a contract with an insertion clause scores 10 points less and 8 leaves its list of levers", () => {
    // Defaults. 120 000 € MAPA 24 months, Services « Nettoyage des écoles », recurrent: 8 (10) 10 (4)
    // 12 (2) 14 (2) 17 (3) 18 (4) 19 (2) 20 (3) 21 (2) 22 (2) 24 (2) 25 (4) = 40.
    const c: LeverInput = { montant: 120_000, procedure: "MAPA", dureeMois: 24, nature: "Services", objet: "Nettoyage des écoles", recurrent: true };
    const p = defaultParameters();
    const open = levers(c, p);
    expect(leverList(open)).toBe("8; 10; 12; 14; 17; 18; 19; 20; 21; 22; 24; 25");
    expect(score(open)).toBe(40);
    const clause = levers({ ...c, clauseInsertion: true }, p);
    expect(leverList(clause)).toBe("10; 12; 14; 17; 18; 19; 20; 21; 22; 24; 25");
    expect(score(clause)).toBe(30);
    // Questioned need (18) and balanced clauses (19) in place too: 30 − 4 − 2 = 24.
    expect(score(levers({ ...c, clauseInsertion: true, questionnementBesoin: true, clausesEquilibrees: true }, p))).toBe(24);
  });
});

describe("score", () => {
  test("lever points are capped at 50 and each 'oui' adds its points, capped at 100", () => {
    // P: 2 000 000 € works « Construction du collège » (Travaux, PN, 24 months, recurrent), no lever 17
    // (not below 100 000): 8 (10) 10 (4) 12 (2) 14 (2) 18 (4) 19 (2) 20 (3) 21 (2) 22 (2) 23 (5) 24 (2)
    // 25 (4) 26 (5) = 47.
    const ls = levers({ montant: 2_000_000, procedure: "PN", dureeMois: 24, nature: "Travaux", objet: "Construction du collège", recurrent: true }, P);
    expect(ls.map((l) => l.action)).toEqual([8, 10, 12, 14, 18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(leverPoints(ls)).toBe(47);
    // One more lever (13, fair trade: 6): 53 → capped at 50.
    const more = levers({ montant: 2_000_000, procedure: "PN", dureeMois: 24, nature: "Travaux", objet: "Construction du collège et textile", recurrent: true }, P);
    expect(more.map((l) => l.action)).toContain(13);
    expect(leverPoints(more)).toBe(50);
    expect(score(ls, { ess: true, carbone: false, reemploi: true })).toBe(47 + 15 + 10);
    const all = Object.fromEntries(QUESTIONS.map((q) => [q.key, true]));
    // 47 + 50 = 97; 50 + 50 = 100 for the capped one.
    expect(score(ls, all)).toBe(97);
    expect(score(more, all)).toBe(100);
  });
  test("the questionnaire never asks what the register says: no « déjà clausé » question", () => {
    expect(QUESTIONS.map((q) => q.label).join(" ")).not.toMatch(/déjà|clausé/i);
    expect(QUESTIONS.reduce((s, q) => s + q.points, 0)).toBe(50);
  });
});

describe("the window comes from « Anticipation cotation » and « Horizon cotation »", () => {
  const contract = (id: string, next: DateValue, recurrent = true): Contract =>
    ({ id, recurrent, datePrevisionnelle: next, dateNotification: null, dureeMois: null, montant: 10_000, procedure: "MAPA", nature: "Services", objet: "x", famille: null }) as unknown as Contract;
  const ref = d(2025, 10, 1);
  test("anticipation 6, horizon 18: next award from 01/04/2026 to 01/04/2027, edges included", () => {
    const list = [
      contract("trop-tot", d(2026, 3, 31)),
      contract("j-6", d(2026, 4, 1)),
      contract("milieu", d(2026, 10, 15)),
      contract("j-18", d(2027, 4, 1)),
      contract("trop-tard", d(2027, 4, 2)),
      // In the default window (12 to 24 months) but not in this one.
      contract("j-24", d(2027, 10, 1)),
      contract("non-recurrent", d(2026, 10, 15), false),
    ];
    expect(cotationCandidates(list, P, ref, true).map((r) => r.contract.id)).toEqual(["j-6", "milieu", "j-18"]);
    // Without a Récurrent column every contract in the window is listed.
    expect(cotationCandidates(list, P, ref, false).map((r) => r.contract.id)).toEqual(["j-6", "milieu", "j-18", "non-recurrent"]);
    // The default window: 01/10/2026 to 01/10/2027.
    expect(cotationCandidates(list, defaultParameters(), ref, true).map((r) => r.contract.id)).toEqual(["milieu", "j-18", "trop-tard", "j-24"]);
  });
  test("the texts follow the parameters", () => {
    expect(windowText(ref, P)).toBe("attribution prévue entre le 01/04/2026 et le 01/04/2027");
    expect(windowRule(P)).toBe("attribution prévue dans 6 à 18 mois (travail des services dès J-18 mois, présentation au CAD au plus tard à J-6 mois)");
    expect(windowClause(P)).toBe("dont l'attribution est prévue 6 à 18 mois après la date de référence");
    expect(windowRule(defaultParameters())).toMatch(/dans 12 à 24 mois .* J-24 mois.* J-12 mois/);
  });
  test("next award: planned date when after the notification, else notification + duration", () => {
    expect(nextAward({ datePrevisionnelle: d(2027, 1, 1), dateNotification: d(2024, 1, 15), dureeMois: 12 })).toMatchObject({ y: 2027, m: 1, d: 1 });
    expect(nextAward({ datePrevisionnelle: d(2023, 12, 1), dateNotification: d(2024, 1, 15), dureeMois: 36 })).toMatchObject({ y: 2027, m: 1, d: 15 });
    expect(nextAward({ datePrevisionnelle: null, dateNotification: d(2024, 1, 31), dureeMois: 1 })).toMatchObject({ y: 2024, m: 2, d: 29 });
    expect(nextAward({ datePrevisionnelle: null, dateNotification: null, dureeMois: 12 })).toBeNull();
  });
});

describe("a contract of a possible splitting (C7.4) is never proposed a reservation on its own amount without a word", () => {
  // Three MAPA catering contracts of the Ville notified in 2024 (family « Restauration »), each
  // under the reservation threshold of 90 000 € HT: 80 000 + 75 000 + 70 000 = 225 000 € HT ≥
  // 216 000 € HT (European supplies and services threshold) → one C7.4 group. A fourth catering
  // contract of the Métropole (60 000 €) is in no group (another buyer, alone).
  const p = defaultParameters();
  const catering = (id: string, entite: string, montant: number): Contract =>
    ({
      id,
      entite,
      famille: "Restauration",
      cpv: null,
      recurrent: true,
      procedure: "MAPA",
      nature: "Fournitures",
      typeContrat: null,
      montant,
      dureeMois: 24,
      dateNotification: makeDate(2024, 3, 1),
      datePrevisionnelle: null,
      objet: "Denrées alimentaires",
    }) as unknown as Contract;
  const list = [catering("R1", "Ville", 80_000), catering("R2", "Ville", 75_000), catering("R3", "Ville", 70_000), catering("R4", "Métropole", 60_000)];
  test("the reservation lever of each contract of the group names the group and its total", () => {
    // Next award 01/03/2026 (notified 01/03/2024 + 24 months): in the window of a cotation at
    // 01/03/2025 (12 to 24 months: 01/03/2026 to 01/03/2027, edges included).
    const rows = cotationCandidates(list, p, d(2025, 3, 1), true);
    expect(rows.map((r) => r.contract.id).sort()).toEqual(["R1", "R2", "R3", "R4"]);
    const reservation = (id: string) => (rows.find((r) => r.contract.id === id) as { levers: Lever[] }).levers.find((l) => l.action === 11) as Lever;
    for (const id of ["R1", "R2", "R3"]) {
      expect(reservation(id).reason).toContain("fractionnement possible (C7.4)");
      expect(reservation(id).reason).toContain("« Restauration » de Ville en 2024, 225 000 € HT au total pour 3 marchés");
      expect(reservation(id).short).toContain("C7.4");
    }
    expect(reservation("R4").reason).not.toContain("C7.4");
  });
});
