/**
 * Every figure auditable (SPEC §6), the amended definitions (SPEC §2.1, §3, §4 of 30 November
 * 2026), the loi Climat alerts, targets in value and per buyer (SPEC §7). Each expected value is
 * computed by hand in the comment beside it.
 */
import { computeIndicators, EntityNotFoundError } from "../../src/indicators/engine";
import { jsonOutput } from "../../src/indicators/json";
import type { Cell } from "../../src/register/types";
import { readRegister, sheet } from "../helpers/workbook";

const _ = null;

describe("drill-down: the contracts behind each figure (SPEC §6)", () => {
  // 2025: five contracts. Critère environnemental: B-2 oui, A-10 oui, C-3 non, D-4 blank (= non), E-5 "peut-être" (bad cell: unknown).
  const reg = readRegister(
    ["N° marché", "Date de notification", "Critère environnemental", "Montant HT", "Titulaire", "Commerce équitable"],
    [
      { "N° marché": "B-2", "Date de notification": "10/01/2025", "Critère environnemental": "oui", "Montant HT": 100, Titulaire: "X", "Commerce équitable": "oui" },
      { "N° marché": "A-10", "Date de notification": "11/01/2025", "Critère environnemental": "oui", "Montant HT": 300, Titulaire: "Y" },
      { "N° marché": "C-3", "Date de notification": "12/01/2025", "Critère environnemental": "non", "Montant HT": _, Titulaire: "Z", "Commerce équitable": "oui" },
      { "N° marché": "D-4", "Date de notification": "13/01/2025", "Montant HT": 50, Titulaire: "W" },
      { "N° marché": "E-5", "Date de notification": "14/01/2025", "Critère environnemental": "peut-être", "Montant HT": 70, Titulaire: "V" },
      // A co-holder of A-10 (same id, another holder): merged, listed once.
      { "N° marché": "A-10", "Date de notification": "11/01/2025", "Critère environnemental": "oui", "Montant HT": 300, Titulaire: "Y2" },
    ],
  );
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("a rate lists its numerator, its denominator and the contracts left out with the column named; ids sorted as strings, a merged contract once", () => {
    // T1 = 2 (A-10, B-2) / 4 (A-10, B-2, C-3, D-4); E-5 left out: its criterion is unknown.
    expect(res.indicators.T1).toMatchObject({ value: 2 / 4, numerator: 2, denominator: 4, excluded: 1 });
    expect(res.indicators.T1.detail).toEqual({
      numerator: ["A-10", "B-2"],
      denominator: ["A-10", "B-2", "C-3", "D-4"],
      excluded: [{ id: "E-5", reason: "« Critère environnemental » inconnu" }],
    });
  });

  test("a count, a sum and a mean list the contracts counted", () => {
    // A13.E2 count of équitables: B-2, C-3. A13.E1 Σ montant of équitables with montant known: B-2 100 (C-3 unknown).
    expect(res.indicators["A13.E2"]).toMatchObject({ value: 2, detail: { counted: ["B-2", "C-3"] } });
    expect(res.indicators["A13.E1"]).toMatchObject({ value: 100, detail: { counted: ["B-2"] } });
  });

  test("the same rate in value: amounts of the numerator over amounts of the denominator, unknown amounts left out", () => {
    // T1.V: numerator A-10 300 + B-2 100 = 400; denominator + D-4 50 = 450 (C-3's montant unknown: out).
    expect(res.indicators["T1.V"]).toMatchObject({ value: 400 / 450, numerator: 400, denominator: 450 });
    expect(res.indicators["T1.V"].detail).toEqual({
      numerator: ["A-10", "B-2"],
      denominator: ["A-10", "B-2", "D-4"],
      excluded: [
        { id: "C-3", reason: "« Montant HT » inconnu" },
        { id: "E-5", reason: "« Critère environnemental » inconnu" },
      ],
    });
  });

  test("without --detail the output is unchanged: no detail anywhere", () => {
    const plain = computeIndicators(reg, { year: 2025 });
    expect(Object.values(plain.indicators).some((r) => r.detail !== undefined)).toBe(false);
    expect(plain.indicators.T1).toMatchObject({ value: 2 / 4, numerator: 2, denominator: 4 });
    expect(JSON.stringify(jsonOutput(reg, plain))).not.toContain('"detail"');
    expect(jsonOutput(reg, res).indicators.T1.detail?.numerator).toEqual(["A-10", "B-2"]);
  });
});

describe("the bonified advance and A1.E1's pairs (SPEC §3 amendment)", () => {
  const headers = ["N° marché", "Date de notification", "Actions ciblées", "Avance", "Taux d'avance", "Clause d'insertion", "Montant HT"];
  // Every amount below the « Seuil avance bonifiée » (215 000 € HT): all four are in the SPASER's disposition.
  const reg = readRegister(headers, [
    // Avance non with a 30 % rate typed anyway: no advance, so no bonified advance.
    { "N° marché": "M1", "Date de notification": "01/02/2025", "Actions ciblées": "17", Avance: "non", "Taux d'avance": "30 %", "Montant HT": 100_000 },
    // Avance oui, 30 %: bonified.
    { "N° marché": "M2", "Date de notification": "01/02/2025", "Actions ciblées": "17", Avance: "oui", "Taux d'avance": "30 %", "Montant HT": 100_000 },
    // Avance oui, rate unknown: unknown, left out.
    { "N° marché": "M3", "Date de notification": "01/02/2025", "Actions ciblées": "17; 8", Avance: "oui", "Clause d'insertion": "oui", "Montant HT": 100_000 },
    // Blank Avance (= non): no bonified advance.
    { "N° marché": "M4", "Date de notification": "01/02/2025", "Actions ciblées": "17; 8", "Taux d'avance": 0.5, "Clause d'insertion": "non", "Montant HT": 100_000 },
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("A17.R1: Avance = non is not a bonified advance whatever the rate; an unknown rate leaves the denominator", () => {
    // cib(17) = M1..M4: M1 ✗ (no advance), M2 ✓, M3 unknown (excluded), M4 ✗ (blank Avance = non) → 1 / 3
    expect(res.indicators["A17.R1"]).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3, excluded: 1 });
    expect(res.indicators["A17.R1"].detail?.excluded).toEqual([{ id: "M3", reason: "« Taux d'avance » inconnu" }]);
  });

  test("A1.E1 counts only the pairs whose realisation is known", () => {
    // pairs: (M1,17) ✗, (M2,17) ✓, (M3,17) unknown → out, (M3,8) ✓, (M4,17) ✗, (M4,8) ✗ → 2 / 5, 1 pair left out
    expect(res.indicators["A1.E1"]).toMatchObject({ value: 2 / 5, numerator: 2, denominator: 5, excluded: 1 });
    expect(res.indicators["A1.E1"].detail?.numerator).toEqual(["M2", "M3"]);
    expect(res.indicators["A1.E1"].detail?.denominator).toEqual(["M1", "M2", "M3", "M4", "M4"]);
  });
});

describe("A17.R1 counts the SPASER's disposition only: a bonified advance below the « Seuil avance bonifiée » (SPEC §3.x)", () => {
  const headers = ["N° marché", "Date de notification", "Actions ciblées", "Avance", "Taux d'avance", "Montant HT"];
  const row = (id: string, actions: string | null, avance: string, taux: Cell, montant: Cell): Record<string, Cell> => ({
    "N° marché": id,
    "Date de notification": "01/03/2025",
    "Actions ciblées": actions,
    Avance: avance,
    "Taux d'avance": taux,
    "Montant HT": montant,
  });
  const reg = readRegister(headers, [
    row("B1", "17", "oui", "30 %", 120_000), // below 215 000, bonified: numerator
    row("B2", "17", "oui", "5 %", 214_999), // below, ordinary advance: denominator only
    row("B3", "17", "oui", "30 %", 225_000), // above, bonified: outside the disposition, in neither term, an info
    row("B4", "17", "oui", "40 %", 640_000), // above, bonified: the same
    row("B5", "17", "non", _, 215_000), // at the threshold, no advance: outside the disposition (the seed says « below »)
    row("B6", "8", "oui", "30 %", 300_000), // not targeted, above, bonified: an info too, not in A17.R1
    row("B7", "17", "oui", "30 %", _), // amount unknown: whether it is in the disposition is unknown, left out
  ]);
  const res = computeIndicators(reg, { year: 2025, detail: true });

  test("numerator: bonified and below the threshold; the contracts above count in neither term", () => {
    // population = cib(17) with montant < 215 000: B1, B2 (B3, B4, B5 ≥ 215 000 out; B7 unknown) → 1 (B1) / 2
    expect(res.indicators["A17.R1"]).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 });
    expect(res.indicators["A17.R1"].detail?.numerator).toEqual(["B1"]);
    expect(res.indicators["A17.R1"].detail?.denominator).toEqual(["B1", "B2"]);
    // The targeted bonified advances above the threshold are in the drill-down with their reason (not counted as unknown).
    expect(res.indicators["A17.R1"].detail?.excluded).toEqual([
      { id: "B3", reason: "avance bonifiée hors dispositif du SPASER (montant d'au moins 215 000 € HT)" },
      { id: "B4", reason: "avance bonifiée hors dispositif du SPASER (montant d'au moins 215 000 € HT)" },
      { id: "B7", reason: "« Montant HT » inconnu" },
    ]);
  });

  test("each bonified advance above the threshold is an info « avance bonifiée hors dispositif du SPASER » at its row", () => {
    const infos = res.notes.filter((n) => n.message.includes("hors dispositif"));
    // B3 (row 4), B4 (row 5), B6 (row 7): header on row 1
    expect(infos.map((n) => [n.severity, n.sheet, n.row, n.column])).toEqual([
      ["info", "Registre", 4, "Montant HT"],
      ["info", "Registre", 5, "Montant HT"],
      ["info", "Registre", 7, "Montant HT"],
    ]);
    expect(infos[0].message).toBe(
      "A17.R1 : avance bonifiée hors dispositif du SPASER — marché B3 notifié en 2025 (225 000 € HT, au moins le « Seuil avance bonifiée » de 215 000 € HT) : compté ni au numérateur ni au dénominateur",
    );
    expect(jsonOutput(reg, res).issues.filter((i) => i.message.includes("hors dispositif"))).toHaveLength(3);
  });

  test("the threshold follows Paramètres", () => {
    const withParam = readRegister(headers, [row("B3", "17", "oui", "30 %", 225_000)], "Registre", [sheet("Paramètres", [["Paramètre", "Valeur"], ["Seuil avance bonifiée (€ HT)", 300_000]])]);
    // 225 000 < 300 000: in the disposition, bonified → 1 / 1, no info
    const r = computeIndicators(withParam, { year: 2025 });
    expect(r.indicators["A17.R1"]).toMatchObject({ value: 1, numerator: 1, denominator: 1 });
    expect(r.notes.filter((n) => n.message.includes("hors dispositif"))).toEqual([]);
  });

  test("without a « Montant HT » column the disposition cannot be checked: n/a, saying why", () => {
    const noAmount = readRegister(["N° marché", "Date de notification", "Actions ciblées", "Avance", "Taux d'avance"], [{ "N° marché": "X", "Date de notification": "01/03/2025", "Actions ciblées": "17", Avance: "oui", "Taux d'avance": 0.3 }]);
    expect(computeIndicators(noAmount, { year: 2025 }).indicators["A17.R1"]).toMatchObject({ value: null, reason: "colonne « Montant HT » absente du registre" });
  });
});

describe("DECP social considerations may be insertion ones (SPEC §2.1 amendment)", () => {
  const decp = readRegister(
    ["uid", "dateNotification", "procedure", "considerationsSociales", "titulaire_id"],
    [
      { uid: "D1", dateNotification: "2025-03-01", procedure: "Appel d'offres ouvert", considerationsSociales: "Clause sociale", titulaire_id: "1" },
      { uid: "D2", dateNotification: "2025-03-02", procedure: "Appel d'offres ouvert", considerationsSociales: "Pas de considération sociale", titulaire_id: "2" },
      { uid: "D3", dateNotification: "2025-03-03", procedure: "Procédure adaptée", considerationsSociales: "Marché réservé", titulaire_id: "3" },
    ],
  );
  const res = computeIndicators(decp, { year: 2025 });

  test("T3, A8.R1, A8.R2 and A12.R1 are n/a on a DECP-only register, saying why", () => {
    for (const id of ["T3", "A8.R1", "A8.R2", "A12.R1"]) {
      expect(res.indicators[id].value).toBeNull();
      expect(res.indicators[id].reason).toMatch(/^les données DECP ne distinguent pas l'insertion des autres clauses sociales : ajoutez la colonne « (Clause d'insertion|Clause sociale \(hors insertion\)) »/);
    }
  });

  test("T4 counts the DECP social clause as a social consideration (insertion included by default)", () => {
    // formalisées: D1 (clause sociale ✓), D2 (none ✗) → 1 / 2
    expect(res.indicators.T4).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2 });
  });

  test("with « T4 inclut l'insertion » = non, a contract whose only social data is a DECP clause is unknown for T4", () => {
    const params = sheet("Paramètres", [["Paramètre", "Valeur"], ["T4 inclut l'insertion", "non"]]);
    const reg = readRegister(
      ["uid", "dateNotification", "procedure", "considerationsSociales", "titulaire_id"],
      [
        { uid: "D1", dateNotification: "2025-03-01", procedure: "AOO", considerationsSociales: "Clause sociale", titulaire_id: "1" },
        { uid: "D2", dateNotification: "2025-03-02", procedure: "AOO", considerationsSociales: "Pas de considération sociale", titulaire_id: "2" },
        { uid: "D4", dateNotification: "2025-03-04", procedure: "AOO", considerationsSociales: "Marché réservé", titulaire_id: "4" },
      ],
      "Registre",
      [params],
    );
    // D1 unknown (its clause may be an insertion one) → out; D2 ✗; D4 reserved ✓ → 1 / 2, 1 left out
    expect(computeIndicators(reg, { year: 2025 }).indicators.T4).toMatchObject({ value: 1 / 2, numerator: 1, denominator: 2, excluded: 1 });
  });
});

describe("T4 follows « T4 inclut l'insertion » (SPEC §4)", () => {
  const headers = ["N° marché", "Date de notification", "Procédure", "Clause d'insertion", "Critère social"];
  const records: Record<string, Cell>[] = [
    { "N° marché": "S1", "Date de notification": "01/03/2025", Procédure: "AOO", "Clause d'insertion": "oui" },
    { "N° marché": "S2", "Date de notification": "01/03/2025", Procédure: "AOO", "Critère social": "oui" },
    { "N° marché": "S3", "Date de notification": "01/03/2025", Procédure: "AOO" },
  ];
  test("oui (default): every social consideration, insertion included: 2 / 3", () => {
    expect(computeIndicators(readRegister(headers, records), { year: 2025 }).indicators.T4).toMatchObject({ value: 2 / 3, numerator: 2, denominator: 3 });
  });
  test("non: other social or ethical considerations only (S2): 1 / 3, and T3 and T4 stop measuring nested sets", () => {
    const reg = readRegister(headers, records, "Registre", [sheet("Paramètres", [["Paramètre", "Valeur"], ["T4 inclut l'insertion", "non"]])]);
    const res = computeIndicators(reg, { year: 2025, detail: true });
    expect(res.indicators.T4).toMatchObject({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(res.indicators.T4.detail?.numerator).toEqual(["S2"]);
    expect(res.indicators.T3.detail?.numerator).toEqual(["S1"]);
  });
});

describe("A16.E1 counts unsuccessful procedures by their own date (SPEC §3 amendment)", () => {
  const reg = readRegister(
    ["N° marché", "Date de notification", "Date de lancement", "Date prévisionnelle d'attribution", "Infructueux"],
    [
      // never notified, launched in 2025: counted in 2025 although outside C
      { "N° marché": "I1", "Date de lancement": "15/02/2025", Infructueux: "oui" },
      // launched in 2024, notified in 2025 after a relaunch: its procedure date is the launch (2024)
      { "N° marché": "I2", "Date de notification": "10/01/2025", "Date de lancement": "20/11/2024", Infructueux: "oui" },
      // no launch date, notified in 2025
      { "N° marché": "I3", "Date de notification": "10/06/2025", Infructueux: "oui" },
      // only a planned award date in 2025
      { "N° marché": "I4", "Date prévisionnelle d'attribution": "30/09/2025", Infructueux: "oui" },
      // successful
      { "N° marché": "I5", "Date de notification": "10/06/2025", Infructueux: "non" },
      // no date at all: in no year
      { "N° marché": "I6", Infructueux: "oui" },
    ],
  );
  test("2025: I1, I3, I4 → 3 ; 2024: I2 → 1", () => {
    const r2025 = computeIndicators(reg, { year: 2025, detail: true }).indicators["A16.E1"];
    expect(r2025).toMatchObject({ value: 3, detail: { counted: ["I1", "I3", "I4"] } });
    expect(computeIndicators(reg, { year: 2024 }).indicators["A16.E1"].value).toBe(1);
  });
});

describe("A17.R3, an alert « à vérifier » (SPEC §3 amendment)", () => {
  const headers = ["N° marché", "Date de notification", "Durée (mois)", "Montant HT", "Avance", "Renonciation à l'avance"];
  const reg = readRegister(headers, [
    { "N° marché": "V1", "Date de notification": "01/04/2025", "Durée (mois)": 6, "Montant HT": 60000, Avance: "non" },
    // the holder waived the advance: out of the alert
    { "N° marché": "V2", "Date de notification": "01/04/2025", "Durée (mois)": 6, "Montant HT": 60000, Avance: "non", "Renonciation à l'avance": "oui" },
    // exactly 2 months: not more than 2 → not subject
    { "N° marché": "V3", "Date de notification": "01/04/2025", "Durée (mois)": 2, "Montant HT": 60000, Avance: "non" },
    // exactly 50 000: not more than 50 000 → not subject
    { "N° marché": "V4", "Date de notification": "01/04/2025", "Durée (mois)": 6, "Montant HT": 50000, Avance: "non" },
    { "N° marché": "V5", "Date de notification": "01/04/2025", "Durée (mois)": 6, "Montant HT": 50001, Avance: "oui" },
  ]);
  test("lists V1 only, labelled as something to check, and flagged as an alert", () => {
    const r = computeIndicators(reg, { year: 2025 }).indicators["A17.R3"];
    expect(r).toMatchObject({ value: 1, ids: ["V1"], alert: true });
    expect(r.label).toBe("Avance obligatoire non prévue : à vérifier");
  });
});

describe("A8.E1 without an `Insertion` sheet (SPEC §3 amendment)", () => {
  test("sums the register's hours and says they are over the life of the contracts notified in the year", () => {
    const reg = readRegister(["N° marché", "Date de notification", "Heures d'insertion réalisées"], [
      { "N° marché": "H1", "Date de notification": "01/01/2025", "Heures d'insertion réalisées": 120 },
      { "N° marché": "H2", "Date de notification": "01/06/2025", "Heures d'insertion réalisées": 35 },
      { "N° marché": "H3", "Date de notification": "01/06/2024", "Heures d'insertion réalisées": 999 },
    ]);
    const r = computeIndicators(reg, { year: 2025 }).indicators["A8.E1"];
    // 120 + 35 = 155 (H3 notified in 2024)
    expect(r.value).toBe(155);
    expect(r.label).toBe("Heures d'insertion réalisées sur la durée des marchés notifiés en 2025 (pas d'onglet Insertion)");
    expect(r.comment).toMatch(/ce ne sont pas les heures de l'année 2025/);
  });
});

describe("loi Climat et résilience, art. 35 (SPEC §7.1)", () => {
  const headers = ["N° marché", "Date de notification", "Date de lancement", "Nature", "Montant HT", "Critère environnemental", "Clause environnementale", "Clause d'insertion", "Clause sociale"];
  const row = (id: string, launch: Cell, nature: string, montant: number, crit: string, clause: string, insertion: string, sociale: string): Record<string, Cell> => ({
    "N° marché": id,
    "Date de notification": "15/12/2026",
    "Date de lancement": launch,
    Nature: nature,
    "Montant HT": montant,
    "Critère environnemental": crit,
    "Clause environnementale": clause,
    "Clause d'insertion": insertion,
    "Clause sociale": sociale,
  });
  const reg = readRegister(headers, [
    // launched the day before the application date: not subject
    row("L0", "20/08/2026", "Services", 300000, "non", "non", "non", "non"),
    // launched on the application date: subject; no criterion, no clause; services 216 000 exactly (= threshold) without social clause
    row("L1", "21/08/2026", "Services", 216000, "non", "non", "non", "non"),
    // services 215 999.99: below the threshold
    row("L2", "22/08/2026", "Fournitures", 215999.99, "oui", "non", "non", "non"),
    // works 5 403 999: below the works threshold although above the supplies one
    row("L3", "01/09/2026", "Travaux", 5403999, "non", "oui", "non", "non"),
    // works 5 404 000: at the threshold, with an insertion clause: compliant
    row("L4", "01/09/2026", "Travaux", 5404000, "oui", "oui", "oui", "non"),
    // works 6 000 000 without social clause
    row("L5", "01/10/2026", "Travaux", 6000000, "oui", "oui", "non", "non"),
    // no launch date: left out, counted
    row("L6", _, "Services", 500000, "non", "non", "non", "non"),
  ]);
  const res = computeIndicators(reg, { year: 2026, detail: true });

  test("C7.1 no environmental award criterion: L1, L3 ; L6 left out", () => {
    expect(res.indicators["C7.1"]).toMatchObject({ value: 2, ids: ["L1", "L3"], excluded: 1, alert: true });
  });
  test("C7.2 no environmental execution clause: L1, L2 ; L6 left out", () => {
    expect(res.indicators["C7.2"]).toMatchObject({ value: 2, ids: ["L1", "L2"], excluded: 1 });
  });
  test("C7.3 above the European threshold of its nature without social execution consideration: L1 (services at 216 000), L5 (works)", () => {
    expect(res.indicators["C7.3"]).toMatchObject({ value: 2, ids: ["L1", "L5"], excluded: 1 });
  });
  test("the application date and the thresholds come from Paramètres", () => {
    const params = sheet("Paramètres", [
      ["Paramètre", "Valeur"],
      ["Date d'application loi Climat", "01/09/2026"],
      ["Seuil européen travaux (€ HT)", 6_500_000],
    ]);
    const rows = [
      row("L1", "21/08/2026", "Services", 216000, "non", "non", "non", "non"),
      row("L3", "01/09/2026", "Travaux", 5403999, "non", "oui", "non", "non"),
      row("L5", "01/10/2026", "Travaux", 6000000, "oui", "oui", "non", "non"),
    ];
    const r2 = computeIndicators(readRegister(headers, rows, "Registre", [params]), { year: 2026 });
    // from 01/09/2026: L3 (no criterion) counted, L1 (launched 21/08) not; C7.3: L5 6 000 000 < 6 500 000 → 0
    expect(r2.indicators["C7.1"]).toMatchObject({ value: 1, ids: ["L3"] });
    expect(r2.indicators["C7.3"]).toMatchObject({ value: 0, ids: [] });
  });
  test("without « Date de lancement »: n/a saying so, nothing else changes", () => {
    const without = readRegister(
      headers.filter((h) => h !== "Date de lancement"),
      reg.contracts.map((c) => ({ "N° marché": c.id, "Date de notification": "15/12/2026", Nature: c.nature, "Montant HT": c.montant, "Critère environnemental": c.critereEnvironnemental ? "oui" : "non", "Clause environnementale": c.clauseEnvironnementale ? "oui" : "non", "Clause d'insertion": c.clauseInsertion ? "oui" : "non", "Clause sociale": c.clauseSociale ? "oui" : "non" })),
    );
    const r = computeIndicators(without, { year: 2026 });
    for (const id of ["C7.1", "C7.2", "C7.3"]) expect(r.indicators[id]).toMatchObject({ value: null, reason: "colonne « Date de lancement » absente du registre" });
    for (const id of ["T1", "T2", "A24.R2", "A24.R3"]) expect(r.indicators[id].value).toEqual(res.indicators[id].value);
  });
});

describe("per buyer of a joint SPASER (SPEC §7.3)", () => {
  const reg = readRegister(["N° marché", "Entité", "Date de notification", "Critère environnemental"], [
    { "N° marché": "V1", Entité: "Ville", "Date de notification": "01/01/2025", "Critère environnemental": "oui" },
    { "N° marché": "V2", Entité: "ville", "Date de notification": "01/01/2025", "Critère environnemental": "non" },
    { "N° marché": "M1", Entité: "Métropole", "Date de notification": "01/01/2025", "Critère environnemental": "oui" },
    { "N° marché": "M2", Entité: "Métropole", "Date de notification": "01/01/2025", "Critère environnemental": "oui" },
    { "N° marché": "M3", Entité: "Métropole", "Date de notification": "01/01/2025", "Critère environnemental": "non" },
  ]);

  test("--entity restricts every figure; names compared like headers (case, accents)", () => {
    // Ville: V1 ✓ V2 ✗ → 1 / 2 ; Métropole (typed « METROPOLE »): 2 / 3
    expect(computeIndicators(reg, { year: 2025, entity: "Ville" }).indicators.T1).toMatchObject({ value: 1 / 2 });
    const m = computeIndicators(reg, { year: 2025, entity: "METROPOLE" });
    expect(m.entity).toBe("Métropole");
    expect(m.contractsInYear).toBe(3);
    expect(m.indicators.T1).toMatchObject({ value: 2 / 3, numerator: 2, denominator: 3 });
  });

  test("an unknown entity is a French error listing the ones found", () => {
    expect(() => computeIndicators(reg, { entity: "Département" })).toThrow(EntityNotFoundError);
    expect(() => computeIndicators(reg, { entity: "Département" })).toThrow("entité « Département » introuvable dans le registre : entités trouvées « Ville », « Métropole »");
  });

  test("without --entity, T1–T6 per entity come with the whole set", () => {
    const res = computeIndicators(reg, { year: 2025 });
    // whole register: 3 / 5
    expect(res.indicators.T1.value).toBe(3 / 5);
    expect(res.entities?.map((e) => [e.name, e.contractsInYear, e.indicators.T1.value])).toEqual([
      ["Ville", 2, 1 / 2],
      ["Métropole", 3, 2 / 3],
    ]);
    expect(res.entities?.[0].indicators.T1.status).toBe("Atteint"); // 50 % ≥ 30 % (step 1)
  });

  test("a file of many buyers (a national DECP extract) gives no per-entity columns, and says why", () => {
    const many = readRegister(
      ["N° marché", "Entité", "Date de notification", "Critère environnemental"],
      Array.from({ length: 13 }, (_, i) => ({ "N° marché": `E${i}`, Entité: `Acheteur ${i}`, "Date de notification": "01/01/2025", "Critère environnemental": "oui" })),
    );
    const res = computeIndicators(many, { year: 2025 });
    expect(res.entities).toBeUndefined();
    expect(res.notes.map((n) => n.message)).toContain("13 acheteurs différents dans le registre : les cibles par entité ne sont détaillées que jusqu'à 12 acheteurs (choisissez-en un avec --entity)");
  });
});
