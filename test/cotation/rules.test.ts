import { cotationCandidates, LeverInput, levers, nextAward, score, QUESTIONS, leverPoints } from "../../src/indicators/cotation";
import { defaultParameters } from "../../src/register/parameters";
import { makeDate } from "../../src/register/values";
import type { Contract, DateValue } from "../../src/register/types";

const p = defaultParameters();
const base: LeverInput = { montant: 50_000, procedure: "AOO", dureeMois: 12, nature: "Fournitures", objet: "Papier", famille: null, recurrent: false };
const actions = (c: Partial<LeverInput>) => levers({ ...base, ...c }, p).map((l) => l.action);
const d = (y: number, m: number, day: number) => makeDate(y, m, day) as DateValue;

describe("levers, each rule on both sides of its threshold", () => {
  test("8 insertion clause: strictly above 90 000 € HT", () => {
    expect(actions({ montant: 90_000 })).not.toContain(8);
    expect(actions({ montant: 90_000.01 })).toContain(8);
  });
  test("11 reservation: at most 90 000 € HT", () => {
    expect(actions({ montant: 90_000 })).toContain(11);
    expect(actions({ montant: 90_001 })).not.toContain(11);
  });
  test("13 fair trade: school catering, caterer, promotional objects", () => {
    expect(actions({ objet: "Denrées pour la restauration scolaire" })).toContain(13);
    expect(actions({ objet: "Prestations de traiteur" })).toContain(13);
    expect(actions({ famille: "Objets promotionnels" })).toContain(13);
    expect(actions({ objet: "Papier" })).not.toContain(13);
  });
  test("14, 22 and 24 always", () => {
    for (const c of [{}, { montant: null, procedure: null, dureeMois: null }]) {
      const a = actions(c);
      expect(a).toEqual(expect.arrayContaining([14, 22, 24]));
    }
  });
  test("17 advance: below 215 000 € HT; mandatory advance over 2 months and 50 000 € HT", () => {
    expect(actions({ montant: 214_999 })).toContain(17);
    expect(actions({ montant: 215_000, dureeMois: 2 })).not.toContain(17);
    // Above the bonus threshold, the mandatory advance still makes 17 relevant.
    const l = levers({ ...base, montant: 300_000, dureeMois: 3 }, p).find((x) => x.action === 17);
    expect(l?.reason).toMatch(/avance obligatoire/);
    const small = levers({ ...base, montant: 50_000, dureeMois: 3 }, p).find((x) => x.action === 17);
    expect(small?.reason).not.toMatch(/obligatoire/); // 50 000 is not above 50 000
    const mand = levers({ ...base, montant: 50_001, dureeMois: 3 }, p).find((x) => x.action === 17);
    expect(mand?.reason).toMatch(/obligatoire/);
  });
  test("19 price revision: strictly more than 12 months", () => {
    expect(actions({ dureeMois: 12 })).not.toContain(19);
    expect(actions({ dureeMois: 13 })).toContain(19);
  });
  test("20 negotiation: MAPA, PN, DC only", () => {
    expect(actions({ procedure: "MAPA" })).toContain(20);
    expect(actions({ procedure: "PN" })).toContain(20);
    expect(actions({ procedure: "DC" })).toContain(20);
    expect(actions({ procedure: "AOO" })).not.toContain(20);
    expect(actions({ procedure: "SANS" })).not.toContain(20);
  });
  test("23 AMO DD and 26 carbon compensation: construction or renovation works; 26 above 5 404 000 € HT", () => {
    expect(actions({ nature: "Travaux", objet: "Rénovation de l'école", montant: 5_404_000 })).toContain(23);
    expect(actions({ nature: "Travaux", objet: "Rénovation de l'école", montant: 5_404_000 })).not.toContain(26);
    expect(actions({ nature: "Travaux", objet: "Réhabilitation du gymnase", montant: 5_404_001 })).toEqual(expect.arrayContaining([23, 26]));
    expect(actions({ nature: "Travaux", objet: "Entretien de voirie", montant: 9_000_000 })).not.toContain(23);
    expect(actions({ nature: "Services", objet: "Construction d'un site web", montant: 9_000_000 })).not.toContain(23);
  });
  test("thresholds come from Paramètres", () => {
    const q = { ...defaultParameters(), seuilClauseInsertion: 40_000 };
    expect(levers({ ...base, montant: 50_000 }, q).map((l) => l.action)).toContain(8);
  });
});

describe("score", () => {
  test("lever points are capped at 50 and each 'oui' adds its points", () => {
    const ls = levers({ ...base, montant: 100_000, dureeMois: 24, procedure: "MAPA", objet: "Nettoyage des écoles", nature: "Services", recurrent: true }, p);
    // 8:10 10:4 12:4 14:2 17:3 19:2 20:3 21:2 22:2 24:2 25:4 = 38
    expect(ls.map((l) => l.action)).toEqual([8, 10, 12, 14, 17, 19, 20, 21, 22, 24, 25]);
    expect(leverPoints(ls)).toBe(38);
    expect(score(ls)).toBe(38);
    expect(score(ls, { ess: true, carbone: false, reemploi: true })).toBe(38 + 15 + 10);
    const all = Object.fromEntries(QUESTIONS.map((q) => [q.key, true]));
    expect(score(ls, all)).toBe(88);
  });
});

describe("the J-24..J-12 window", () => {
  const contract = (id: string, next: DateValue, recurrent = true): Contract =>
    ({ id, recurrent, datePrevisionnelle: next, dateNotification: null, dureeMois: null, montant: 10_000, procedure: "MAPA", nature: "Services", objet: "x", famille: null }) as unknown as Contract;
  const ref = d(2025, 10, 1);
  test("next award 12 to 24 months after the reference date, edges included", () => {
    const list = [
      contract("trop-tot", d(2026, 9, 30)),
      contract("j-12", d(2026, 10, 1)),
      contract("milieu", d(2027, 3, 15)),
      contract("j-24", d(2027, 10, 1)),
      contract("trop-tard", d(2027, 10, 2)),
      contract("non-recurrent", d(2027, 3, 15), false),
    ];
    expect(cotationCandidates(list, p, ref, true).map((r) => r.contract.id)).toEqual(["j-12", "milieu", "j-24"]);
    // Without a Récurrent column every contract in the window is listed.
    expect(cotationCandidates(list, p, ref, false).map((r) => r.contract.id)).toEqual(["j-12", "milieu", "j-24", "non-recurrent"]);
  });
  test("next award: planned date when after the notification, else notification + duration", () => {
    expect(nextAward({ datePrevisionnelle: d(2027, 1, 1), dateNotification: d(2024, 1, 15), dureeMois: 12 })).toMatchObject({ y: 2027, m: 1, d: 1 });
    expect(nextAward({ datePrevisionnelle: d(2023, 12, 1), dateNotification: d(2024, 1, 15), dureeMois: 36 })).toMatchObject({ y: 2027, m: 1, d: 15 });
    expect(nextAward({ datePrevisionnelle: null, dateNotification: d(2024, 1, 31), dureeMois: 1 })).toMatchObject({ y: 2024, m: 2, d: 29 });
    expect(nextAward({ datePrevisionnelle: null, dateNotification: null, dureeMois: 12 })).toBeNull();
  });
});
