import { leversOf, scoreOf } from "../../src/functions/cotation";
import type { Snapshot } from "../../src/functions/source";
import { defaultParameters } from "../../src/register/parameters";
import type { Register } from "../../src/register/types";

const snap = (seuil: number): Snapshot =>
  ({ register: { parameters: { ...defaultParameters(), seuilClauseInsertion: seuil } } as unknown as Register, year: 2025, etape: 1, results: () => null, version: 1 }) as Snapshot;

describe("=SPASER.LEVIERS / =SPASER.POTENTIEL", () => {
  test("levers as text, from amount, procedure and duration", () => {
    // 120 000 € MAPA 24 months: 8 (> 90 000), 10 (clausable ≥ 12 months), 12 and 18 (every contract),
    // 14, 17 (< 215 000), 19 (> 12 months), 20 (MAPA), 21 (≥ 12 months), 22, 24
    expect(leversOf(null, 120000, "MAPA", 24)).toEqual({ value: "8; 10; 12; 14; 17; 18; 19; 20; 21; 22; 24" });
    // 50 000 € AOO 6 months: 11 (≤ 90 000), 12, 14, 17, 18, 22, 24
    expect(leversOf(null, 50000, "AOO", 6, null, null)).toEqual({ value: "11; 12; 14; 17; 18; 22; 24" });
    // Works of renovation: 23 and 25; no 17 (not below 215 000 €: the compulsory advance is a duty, not a lever)
    expect(leversOf(null, 6_000_000, "AOO", 18, "Travaux", "Rénovation de la piscine")).toEqual({ value: "8; 10; 12; 14; 18; 19; 21; 22; 23; 24; 25; 26" });
  });
  test("thresholds follow the register's Paramètres", () => {
    expect(leversOf(snap(40_000), 50000, "AOO", 6)).toEqual({ value: "8; 11; 12; 14; 17; 18; 22; 24" });
  });
  test("score: lever points plus the answers", () => {
    // 8:10 10:4 12:2 14:2 17:3 18:4 19:2 20:3 21:2 22:2 24:2 = 36 ; + ESS 15 + carbone 15 = 66
    expect(scoreOf(null, 120000, "MAPA", 24, null, null, [])).toEqual({ value: 36 });
    expect(scoreOf(null, 120000, "MAPA", 24, null, null, ["oui", "non", "oui", null])).toEqual({ value: 66 });
  });
  test("bad arguments give #VALUE! with what is valid", () => {
    const r = leversOf(null, 1000, "Enchères", 12);
    expect(r).toMatchObject({ error: { code: "invalidValue" } });
    expect(JSON.stringify(r)).toMatch(/MAPA/);
    expect(leversOf(null, -5, "MAPA", 12)).toMatchObject({ error: { code: "invalidValue" } });
    expect(scoreOf(null, 1000, "MAPA", 12, null, null, ["peut-être"])).toMatchObject({ error: { code: "invalidValue" } });
  });
});
