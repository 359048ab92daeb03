/**
 * The unit of account and the loi Climat as a lawyer reads it (docs/methodologie.md): consultations
 * for the procedure-level indicators, a contract counted once in value, concessions with their own
 * threshold, C7.1–C7.3 per consultation with exclusions and consultations in progress, C7.4.
 * Every expected value is computed by hand in the comments.
 */
import { computeIndicators } from "../../src/indicators/engine";
import { buildDashboardPlans } from "../../src/dashboards";
import type { Cell } from "../../src/register/types";
import { readRegister } from "../helpers/workbook";

const H = [
  "N° marché", "N° consultation", "N° lot", "Type de contrat", "N° accord-cadre", "Entité", "Famille d'achat", "Nature", "Procédure", "Montant HT",
  "Valeur estimée du besoin", "Date de notification", "Date de lancement", "Alloti", "Nombre d'offres", "Offres de TPE/PME", "Infructueux",
  "Critère environnemental", "Clause environnementale", "Clause de sobriété", "Clause d'insertion", "Clause sociale", "Défense ou sécurité",
  "Motif d'exception loi Climat", "Critère unique du coût", "Commerce équitable",
];
type R = Record<string, Cell>;
const row = (id: string, extra: R): R => ({ "N° marché": id, "Date de notification": "01/03/2027", Procédure: "AOO", Nature: "Services", ...extra });

describe("procedure-level indicators count consultations", () => {
  // Consultation K1: three lots, all « Alloti » = oui; K2: two lots, one « non »; M9 alone, non.
  // A14.R2 over consultations: K1 oui, K2 non (one lot says non), M9 non → 1/3 (lots would give 3/6).
  const reg = readRegister(H, [
    row("K1-1", { "N° consultation": "K1", Alloti: "oui", "Nombre d'offres": 4, "Offres de TPE/PME": 2 }),
    row("K1-2", { "N° consultation": "K1", Alloti: "oui", "Nombre d'offres": 6, "Offres de TPE/PME": 3 }),
    row("K1-3", { "N° consultation": "K1", Alloti: "oui", "Nombre d'offres": 2, "Offres de TPE/PME": 2 }),
    row("K2-1", { "N° consultation": "K2", Alloti: "oui", "Nombre d'offres": 3, "Offres de TPE/PME": 0 }),
    row("K2-2", { "N° consultation": "K2", Alloti: "non", "Nombre d'offres": 1, "Offres de TPE/PME": 1 }),
    row("M9", { Alloti: "non", "Nombre d'offres": 2, "Offres de TPE/PME": 1 }),
    // Unsuccessful: K3's two lots both oui → one procedure; K4 one lot of two → not unsuccessful; M10 alone → one.
    row("K3-1", { "N° consultation": "K3", Infructueux: "oui", "Date de notification": null, "Date de lancement": "01/02/2027" }),
    row("K3-2", { "N° consultation": "K3", Infructueux: "oui", "Date de notification": null, "Date de lancement": "01/02/2027" }),
    row("K4-1", { "N° consultation": "K4", Infructueux: "oui" }),
    row("K4-2", { "N° consultation": "K4", Infructueux: "non" }),
    row("M10", { Infructueux: "oui" }),
  ]);
  const res = computeIndicators(reg, { year: 2027, detail: true });

  test("A14.R2: 1 allotted consultation out of 3 (K1; K2 has a lot « non »; M9)", () => {
    // Consultations notified in 2027: K1 (oui), K2 (non), M9 (non), K4 and M10 (« Alloti » blank: unknown, left out);
    // K3 is not notified. → 1 / 3.
    expect(res.indicators["A14.R2"]).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(res.indicators["A14.R2"].detail?.numerator).toEqual(["K1"]);
  });

  test("A15.E1: offers per consultation are the largest of its lots: K1 6, K2 3, M9 2 → mean 11/3", () => {
    expect(res.indicators["A15.E1"].value).toBeCloseTo(11 / 3, 10);
    expect(res.indicators["A17.E1"].value).toBeCloseTo(11 / 3, 10);
  });

  test("A14.E1: TPE/PME offers over offers, per consultation: (3 + 1 + 1) / (6 + 3 + 2) = 5/11", () => {
    // K1: max TPE 3, max offers 6; K2: max TPE 1, max offers 3; M9: 1 / 2.
    expect(res.indicators["A14.E1"]).toMatchObject({ numerator: 5, denominator: 11 });
  });

  test("A16.E1: unsuccessful procedures K3 (both lots) and M10; K4 has a successful lot → 2", () => {
    expect(res.indicators["A16.E1"].value).toBe(2);
    expect(res.indicators["A16.E1"].detail?.counted).toEqual(["K3", "M10"]);
  });
});

describe("value sums count a contract once", () => {
  // AC1 framework agreement 500 000 (critère env. oui); its subsequent contracts S1 100 000 and S2 50 000
  // (no criterion); S3 30 000 names an agreement absent from the register; M1 20 000 (no criterion).
  const reg = readRegister(H, [
    row("AC1", { "Type de contrat": "accord-cadre", "Montant HT": 500_000, "Critère environnemental": "oui", "Commerce équitable": "oui" }),
    row("S1", { "Type de contrat": "marché subséquent", "N° accord-cadre": "AC1", "Montant HT": 100_000, "Commerce équitable": "oui" }),
    row("S2", { "N° accord-cadre": "AC1", "Montant HT": 50_000 }),
    row("S3", { "N° accord-cadre": "AC-ABSENT", "Montant HT": 30_000, "Commerce équitable": "oui" }),
    row("M1", { "Montant HT": 20_000 }),
  ]);
  const res = computeIndicators(reg, { year: 2027, detail: true });

  test("T1 in number counts every contract: 1/5; T1.V leaves S1 and S2 to AC1: 500 000 / (500 000 + 30 000 + 20 000)", () => {
    expect(res.indicators.T1).toMatchObject({ numerator: 1, denominator: 5 });
    // 500 000 / 550 000 = 0.90909…
    expect(res.indicators["T1.V"]).toMatchObject({ numerator: 500_000, denominator: 550_000 });
    expect(res.indicators["T1.V"].detail?.excluded).toEqual([
      { id: "S1", reason: "marché subséquent compté sur son accord-cadre « AC1 »" },
      { id: "S2", reason: "marché subséquent compté sur son accord-cadre « AC1 »" },
    ]);
    expect(res.indicators["T1.V"].comment).toMatch(/S3/);
  });

  test("A13.E1 (a sum): AC1 500 000 + S3 30 000 = 530 000 (S1 is counted on AC1), and it says S3 counts without its agreement", () => {
    expect(res.indicators["A13.E1"].value).toBe(530_000);
    expect(res.indicators["A13.E1"].comment).toBe("1 marché subséquent compté sur son accord-cadre (non additionné) ; 1 marché subséquent compté sans son accord-cadre, absent du registre : S3");
  });
});

describe("loi Climat per consultation (C7.1–C7.3)", () => {
  const launched = "01/10/2026";
  const reg = readRegister(H, [
    // K1: two lots of 150 000 each (no estimate) → 300 000 ≥ 216 000, services, no social clause → C7.3.
    //     Lot 1 has the criterion, lot 2 not → consultation « non » → C7.1. Lot 2 has a sobriety clause only,
    //     lot 1 nothing → consultation execution clause: lot 1 non → C7.2.
    row("K1-1", { "N° consultation": "K1", "Montant HT": 150_000, "Date de lancement": launched, "Critère environnemental": "oui", "Clause environnementale": "non", "Clause de sobriété": "non" }),
    row("K1-2", { "N° consultation": "K1", "Montant HT": 150_000, "Date de lancement": launched, "Critère environnemental": "non", "Clause de sobriété": "oui" }),
    // K2: lots of 100 000 and 80 000 but an estimated value of 250 000 → above 216 000; sobriety clause on both → no C7.2.
    row("K2-1", { "N° consultation": "K2", "Montant HT": 100_000, "Valeur estimée du besoin": 250_000, "Date de lancement": launched, "Critère environnemental": "oui", "Clause de sobriété": "oui" }),
    row("K2-2", { "N° consultation": "K2", "Montant HT": 80_000, "Valeur estimée du besoin": 250_000, "Date de lancement": launched, "Critère environnemental": "oui", "Clause de sobriété": "oui" }),
    // CONC: a concession of 4 200 000 < 5 404 000 → not C7.3 (the supplies threshold would flag it).
    row("CONC", { "Type de contrat": "concession", "Montant HT": 4_200_000, "Date de lancement": launched, "Critère environnemental": "oui", "Clause environnementale": "oui" }),
    // DEF: defence → excluded from all three. EXC: declared exception → excluded from all three.
    row("DEF", { "Défense ou sécurité": "oui", "Montant HT": 900_000, "Date de lancement": launched }),
    row("EXC", { "Motif d'exception loi Climat": "urgence impérieuse", "Montant HT": 900_000, "Date de lancement": launched }),
    // SANS: no competition → excluded from C7.1 only; counted by C7.2 (no clause); 50 000 < threshold.
    row("SANS", { Procédure: "Marché négocié sans publicité ni mise en concurrence", "Montant HT": 50_000, "Date de lancement": launched }),
    // CUC: single cost criterion → excluded from C7.1; clause env. oui → not C7.2.
    row("CUC", { "Critère unique du coût": "oui", "Montant HT": 60_000, "Date de lancement": launched, "Clause environnementale": "oui" }),
    // ENC: in progress (launched 15/01/2027, not notified), no criterion, no clause → C7.1 and C7.2, « en cours ».
    row("ENC", { "Date de notification": null, "Montant HT": 70_000, "Date de lancement": "15/01/2027" }),
    // OLD: launched before 21/08/2026 → outside the law.
    row("OLD", { "Montant HT": 900_000, "Date de lancement": "01/06/2026" }),
  ]);
  const res = computeIndicators(reg, { year: 2027, detail: true });

  test("C7.1: K1 (a lot without criterion) and ENC (in progress); DEF, EXC, SANS, CUC excluded with their reason", () => {
    // Launched on/after 21/08/2026: K1, K2, CONC, DEF, EXC, SANS, CUC, ENC. Without criterion: K1, DEF, EXC, SANS, CUC, ENC.
    // Minus the exclusions DEF, EXC, SANS, CUC → K1, ENC = 2.
    expect(res.indicators["C7.1"]).toMatchObject({ value: 2, ids: ["ENC", "K1"], inProgress: ["ENC"], lots: { K1: ["K1-1", "K1-2"] } });
    expect(res.indicators["C7.1"].exclusions).toEqual([
      { id: "CUC", reason: "critère unique du coût intégrant les caractéristiques environnementales (art. R2152-7 1°)" },
      { id: "DEF", reason: "marché de défense ou de sécurité" },
      { id: "EXC", reason: "exception déclarée : urgence impérieuse" },
      { id: "SANS", reason: "sans mise en concurrence : pas de critère d'attribution" },
    ]);
  });

  test("C7.2: any execution clause counts; K1 (lot 1 has none), SANS, ENC", () => {
    // Without any environmental execution clause (not excluded): K1 (lot 1 non on all), SANS, ENC; K2 sobriety, CONC and CUC clause.
    expect(res.indicators["C7.2"]).toMatchObject({ value: 3, ids: ["ENC", "K1", "SANS"], inProgress: ["ENC"] });
  });

  test("C7.3: on the estimated value of the need, concessions at 5 404 000: K1 (300 000) and K2 (estimate 250 000)", () => {
    // K1: 150 000 + 150 000 = 300 000 ≥ 216 000; K2: 250 000 ≥ 216 000 (its lots 100 000 and 80 000 are each below);
    // CONC 4 200 000 < 5 404 000; DEF, EXC excluded; SANS 50 000, CUC 60 000, ENC 70 000 below.
    expect(res.indicators["C7.3"]).toMatchObject({ value: 2, ids: ["K1", "K2"] });
  });

  test("TdB 2 lists ENC first, its number alone in bold on the « En cours » colour, and the summary says so", () => {
    const tdb2 = buildDashboardPlans(reg, res, { now: new Date("2027-03-01T08:00:00Z") }).find((p) => p.kind === "tdb2")!;
    const label = tdb2.cells.find((c) => typeof c.value === "string" && c.value.includes("(C7.1)"))!;
    const summary = tdb2.cells.find((c) => c.r === label.r && c !== label && c.value !== null)!;
    expect(summary.value).toBe("2 marchés, dont 1 en cours, encore corrigeable (en tête, en gras) :");
    const ids = tdb2.cells.filter((c) => c.r === label.r + 1).sort((a, b) => a.c - b.c);
    expect(ids.filter((c) => c.value !== null).map((c) => [c.value, c.style])).toEqual([
      ["ENC", "alertIdInProgress"],
      ["K1", "alertId"],
    ]);
    expect(tdb2.styles.alertIdInProgress).toMatchObject({ bold: true });
  });
});

describe("C7.4 possible splitting", () => {
  // Ville / Restauration 2024, MAPA: 80 000 + 70 000 + 60 000 = 210 000 < 216 000: not a group.
  // Add 10 000 → 220 000 ≥ 216 000: a group of four. Travaux and a formal procedure stay out.
  const mk = (id: string, montant: number, extra: R = {}): R => ({ "N° marché": id, Entité: "Ville", "Famille d'achat": "Restauration", Procédure: "MAPA", Nature: "Services", "Montant HT": montant, "Date de notification": "01/06/2024", ...extra });
  const reg = readRegister(H, [
    mk("R1", 80_000), mk("R2", 70_000), mk("R3", 60_000), mk("R4", 10_000),
    mk("R5", 300_000, { Procédure: "AOO" }),
    mk("T1", 200_000, { Nature: "Travaux" }),
    mk("R6", 250_000),
    mk("V1", 150_000, { "Famille d'achat": "Voirie" }),
  ]);
  const res = computeIndicators(reg, { year: 2024, detail: true });
  test("one group of four contracts totalling 220 000 € (R5 formal, T1 works, R6 above the threshold are out)", () => {
    expect(res.indicators["C7.4"]).toMatchObject({ value: 1, ids: ["R1", "R2", "R3", "R4"] });
    expect(res.indicators["C7.4"].groups).toEqual([{ entite: "Ville", famille: "Restauration", annee: 2024, total: 220_000, ids: ["R1", "R2", "R3", "R4"] }]);
    expect(res.splitting.byContract).toEqual({ R1: 0, R2: 0, R3: 0, R4: 0 });
  });
});
