/**
 * Value parsing (SPEC §2.6): every format a register cell may hold.
 */
import {
  cellErrorText,
  isBlank,
  isCellError,
  isFormalisee,
  allowsNegotiation,
  parseActionList,
  parseDate,
  parseNonNegative,
  parseNonNegativeInteger,
  parseNumber,
  parsePercent,
  parseProcedure,
  parseReserve,
  parseYesNo,
} from "../../src/register/values";
import type { Cell, DateValue } from "../../src/register/types";
import { readWorkbook } from "../../src/register/read";
import { sheet } from "../helpers/workbook";

function value<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(`expected a value, got the message: ${r.message}`);
  return r.value;
}

function message(r: { ok: true; value: unknown } | { ok: false; message: string }): string {
  if (r.ok) throw new Error(`expected an error, got the value ${JSON.stringify(r.value)}`);
  return r.message;
}

const ymd = (d: DateValue) => [d.y, d.m, d.d];

describe("oui/non", () => {
  test.each(["oui", "OUI", "Oui", " oui ", "o", "O", "yes", "YES", "y", "Y", "x", "X", "✓", "1", "vrai", "VRAI", "Vrai", "true", "TRUE", "True"])(
    "%p means yes",
    (text) => expect(value(parseYesNo(text))).toBe(true),
  );

  test.each(["non", "NON", "Non", "n", "N", "no", "NO", "0", "faux", "FAUX", "false", "FALSE"])("%p means no", (text) =>
    expect(value(parseYesNo(text))).toBe(false),
  );

  test("Excel booleans and the numbers 1 / 0", () => {
    expect(value(parseYesNo(true))).toBe(true);
    expect(value(parseYesNo(false))).toBe(false);
    expect(value(parseYesNo(1))).toBe(true);
    expect(value(parseYesNo(0))).toBe(false);
  });

  test.each<Cell>(["peut-être", "ouii", "2", 2, "oui/non", "N/A"])("%p is refused with a French message naming the value", (v) => {
    const m = message(parseYesNo(v));
    expect(m).toContain(String(v));
    expect(m).toMatch(/oui\/non/);
    expect(m).toMatch(/attendu/);
  });

  test("a blank cell is left to the caller: it is not a yes/no value", () => {
    expect(isBlank(null)).toBe(true);
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank("")).toBe(true);
    expect(isBlank("   ")).toBe(true);
    expect(isBlank("\u00a0")).toBe(true);
    expect(isBlank(0)).toBe(false);
    expect(isBlank(false)).toBe(false);
  });

  test("blank yes/no cells follow the column's rule in the reader (non, or unknown for TPE/PME)", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Clause d'insertion", "Titulaire TPE/PME"],
        ["M1", "", ""],
        ["M2", "oui", "non"],
      ]),
    ]);
    const [m1, m2] = reg.contracts;
    expect(m1.clauseInsertion).toBe(false); // blank means "non"
    expect(m1.titulaireTpePme).toBeNull(); // blank means unknown
    expect(m2.clauseInsertion).toBe(true);
    expect(m2.titulaireTpePme).toBe(false);
  });
});

describe("marché réservé: non / oui / ESS / SIAE / EA / ESAT (type kept)", () => {
  test.each([
    ["non", false, null],
    ["oui", true, "oui"],
    ["ESS", true, "ESS"],
    ["siae", true, "SIAE"],
    ["EA", true, "EA"],
    ["ESAT", true, "ESAT"],
  ] as const)("%p", (text, reserve, type) => {
    expect(value(parseReserve(text))).toEqual({ reserve, type });
  });

  test("anything else is refused", () => {
    expect(message(parseReserve("ESSAI"))).toMatch(/ESS, SIAE, EA ou ESAT/);
  });
});

describe("numbers and euros", () => {
  test("numbers stay as they are", () => {
    expect(value(parseNumber(90000))).toBe(90000);
    expect(value(parseNumber(0))).toBe(0);
    expect(value(parseNumber(1234.56))).toBe(1234.56);
  });

  // The three spaces a French workbook uses to group thousands.
  const spaces: [string, string][] = [
    ["U+0020", " "],
    ["U+00A0", "\u00a0"],
    ["U+202F", "\u202f"],
  ];

  test.each(spaces)("thousands grouped with %s", (_name, sp) => {
    expect(value(parseNumber(`90${sp}000`))).toBe(90000);
    // 90 000 + 50/100
    expect(value(parseNumber(`90${sp}000,50`))).toBe(90000.5);
    expect(value(parseNumber(`1${sp}234${sp}567,89`))).toBeCloseTo(1234567.89, 6);
    expect(value(parseNumber(`90${sp}000${sp}€`))).toBe(90000);
    // 1,2 × 1 000 000
    expect(value(parseNumber(`1,2${sp}M€`))).toBe(1200000);
  });

  test.each([
    ["90.000,50", 90000.5], // French: dot groups, comma decimal
    ["90,000.50", 90000.5], // English: comma groups, dot decimal
    ["90000 €", 90000],
    ["90000€", 90000],
    ["90 k€", 90000], // 90 × 1 000
    ["90k€", 90000],
    ["1,2 M€", 1200000], // 1.2 × 1 000 000
    ["2,5 k€", 2500], // 2.5 × 1 000
    ["12,5", 12.5],
    ["1.234.567", 1234567], // several dots: thousands groups
  ])("%p = %p", (text, expected) => {
    expect(value(parseNumber(text))).toBeCloseTo(expected, 9);
  });

  test.each(["abc", "12 pommes", "1,2,3,4.5.6", "--5", "€"])("%p is not a number, with a French message giving examples", (text) => {
    const m = message(parseNumber(text));
    expect(m).toMatch(/n'est pas un nombre/);
    expect(m).toMatch(/90 000/);
  });

  test("a negative amount is refused where ≥ 0 is required", () => {
    expect(value(parseNumber("-5"))).toBe(-5); // the bare number parser keeps the sign
    expect(message(parseNonNegative("-5"))).toMatch(/négatif/);
    expect(message(parseNonNegative(-1500))).toMatch(/négatif/);
    expect(message(parseNonNegative("-90 000 €"))).toMatch(/négatif/);
    expect(value(parseNonNegative(0))).toBe(0);
  });

  test("integers: a fraction is refused where a count is expected", () => {
    expect(value(parseNonNegativeInteger("12"))).toBe(12);
    expect(message(parseNonNegativeInteger("2,5"))).toMatch(/entier/);
    expect(message(parseNonNegativeInteger(-3))).toMatch(/négatif/);
  });
});

describe("percentages", () => {
  test.each<[Cell, number]>([
    ["30 %", 0.3],
    ["30%", 0.3],
    ["30\u00a0%", 0.3],
    ["0,3", 0.3],
    ["0.3", 0.3],
    ["30", 0.3], // above 1: read as a percentage, 30 / 100
    [0.3, 0.3],
    [30, 0.3],
    ["12,5 %", 0.125], // 12.5 / 100
    ["100 %", 1],
    [0, 0],
  ])("%p = %p", (v, expected) => {
    expect(value(parsePercent(v))).toBeCloseTo(expected, 12);
  });

  test("a text that is no percentage is refused", () => {
    expect(message(parsePercent("trente"))).toMatch(/pourcentage/);
    expect(message(parsePercent("%"))).toMatch(/pourcentage/);
  });
});

describe("dates", () => {
  test("Excel serial numbers: 45366 is 15/03/2024", () => {
    expect(ymd(value(parseDate(45366)))).toEqual([2024, 3, 15]);
    // 45366 + 1 = 16/03/2024; 45366 − 15 = 29/02/2024 (2024 is a leap year)
    expect(ymd(value(parseDate(45367)))).toEqual([2024, 3, 16]);
    expect(ymd(value(parseDate(45351)))).toEqual([2024, 2, 29]);
    // 45658 = 45366 + 292: 16 days to the end of March 2024, then 275 days to 31/12/2024, then 1 day
    expect(ymd(value(parseDate(45658)))).toEqual([2025, 1, 1]);
    // a serial with a time of day keeps its day
    expect(ymd(value(parseDate(45366.75)))).toEqual([2024, 3, 15]);
  });

  test("JS Date objects (as .xlsx readers give them, UTC midnight)", () => {
    expect(ymd(value(parseDate(new Date(Date.UTC(2025, 2, 15)))))).toEqual([2025, 3, 15]);
    expect(ymd(value(parseDate(new Date(Date.UTC(2024, 11, 31)))))).toEqual([2024, 12, 31]);
  });

  test.each(["15/03/2025", "15-03-2025", "15.03.2025", "2025-03-15", "2025-03-15T10:00:00", " 15/03/2025 "])("%p is 15 March 2025", (text) => {
    expect(ymd(value(parseDate(text)))).toEqual([2025, 3, 15]);
  });

  test("day before month: 05/03/2025 is 5 March", () => {
    expect(ymd(value(parseDate("05/03/2025")))).toEqual([2025, 3, 5]);
  });

  test("serials and texts of the same day agree", () => {
    // 45366 = 15/03/2024, so both must give the same day count
    expect(value(parseDate(45366)).serial).toBe(value(parseDate("15/03/2024")).serial);
  });

  test.each<Cell>(["31/02/2025", "29/02/2025", "2025-02-30", "32/01/2025", "15/13/2025", "hier", "2025", "15 mars", 0, -3, true])(
    "%p is refused",
    (v) => {
      const m = message(parseDate(v));
      expect(m).toMatch(/n'est pas une date valide/);
    },
  );

  test("29/02/2024 exists (leap year)", () => {
    expect(ymd(value(parseDate("29/02/2024")))).toEqual([2024, 2, 29]);
  });
});

describe("lists of targeted actions", () => {
  test.each<[Cell, number[]]>([
    ["8; 11; 24", [8, 11, 24]],
    ["8,11,24", [8, 11, 24]],
    ["8;11;24", [8, 11, 24]],
    ["A8 A11", [8, 11]],
    ["A8, A11, A24", [8, 11, 24]],
    ["n°8 et n°11", [8, 11]],
    ["N° 8", [8]],
    ["24; 8", [8, 24]], // sorted
    ["8; 8", [8]], // once
    [8, [8]],
    ["1", [1]],
    ["26", [26]],
  ])("%p = %p", (v, expected) => {
    expect(value(parseActionList(v))).toEqual(expected);
  });

  test.each<Cell>(["1000", 1000, "0", "8; 1000", "A1200"])("%p holds a number that is no action number", (v) => {
    expect(message(parseActionList(v))).toMatch(/1 à 999/);
  });

  // Whether 27 is an action of the plan in use is checked once the workbook is read (test/register/plan-sheet.test.ts).
  test.each<[Cell, number[]]>([["27", [27]], ["8; 30", [8, 30]]])("%p is read as numbers, checked later against the plan", (v, expected) => {
    expect(value(parseActionList(v))).toEqual(expected);
  });

  test("text that is no list of actions is refused", () => {
    expect(message(parseActionList("insertion"))).toMatch(/liste d'actions/);
  });
});

describe("procedures", () => {
  test.each([
    ["Appel d'offres ouvert", true],
    ["AOO", true],
    ["Appel d'offres restreint", true],
    ["AOR", true],
    ["Appel d'offres", true],
    ["Procédure avec négociation", true],
    ["PN", true],
    ["Procédure concurrentielle avec négociation", true],
    ["Dialogue compétitif", true],
    ["DC", true],
    ["MAPA", false],
    ["Procédure adaptée", false],
    ["Marché négocié sans publicité ni mise en concurrence", false],
    ["Marché passé sans publicité ni mise en concurrence préalable", false], // the DECP 2024 value
    ["Sans publicité ni mise en concurrence", false],
  ] as const)("%p: formalisée = %p", (text, formal) => {
    expect(isFormalisee(value(parseProcedure(text)))).toBe(formal);
  });

  test("case, accents and apostrophes do not matter", () => {
    expect(value(parseProcedure("APPEL D'OFFRES OUVERT"))).toBe(value(parseProcedure("Appel d'offres ouvert")));
    expect(value(parseProcedure("appel d’offres ouvert"))).toBe(value(parseProcedure("Appel d'offres ouvert")));
    expect(value(parseProcedure("procedure adaptee"))).toBe(value(parseProcedure("Procédure adaptée")));
    expect(value(parseProcedure("MARCHE PASSE SANS PUBLICITE NI MISE EN CONCURRENCE PREALABLE"))).toBe(
      value(parseProcedure("Sans publicité ni mise en concurrence")),
    );
  });

  test("the three kinds are told apart: adaptée is not sans mise en concurrence", () => {
    expect(value(parseProcedure("MAPA"))).not.toBe(value(parseProcedure("Sans publicité ni mise en concurrence")));
  });

  test("negotiation is possible in MAPA, procédure avec négociation and dialogue compétitif only (A20)", () => {
    expect(allowsNegotiation(value(parseProcedure("MAPA")))).toBe(true);
    expect(allowsNegotiation(value(parseProcedure("Procédure avec négociation")))).toBe(true);
    expect(allowsNegotiation(value(parseProcedure("Dialogue compétitif")))).toBe(true);
    expect(allowsNegotiation(value(parseProcedure("Appel d'offres ouvert")))).toBe(false);
    expect(allowsNegotiation(value(parseProcedure("Sans publicité ni mise en concurrence")))).toBe(false);
  });

  test("an unknown procedure is a warning in the reader, and the procedure is unknown", () => {
    expect(message(parseProcedure("Concours"))).toMatch(/non reconnue/);
    const reg = readWorkbook([sheet("Registre", [["N° marché", "Procédure"], ["M1", "Concours"], ["M2", "MAPA"]])]);
    expect(reg.contracts[0].procedure).toBeNull();
    expect(reg.contracts[1].procedure).not.toBeNull();
    const issues = reg.issues.filter((i) => i.row === 2);
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe("warning");
    expect(issues[0].cell).toBe("Registre!B2");
  });
});

describe("Excel error cells", () => {
  test("error objects (xlsx readers) and error texts (Office.js) are recognised", () => {
    expect(isCellError({ error: "#N/A" })).toBe(true);
    expect(cellErrorText({ error: "#N/A" })).toBe("#N/A");
    expect(cellErrorText("#VALUE!")).toBe("#VALUE!");
    expect(cellErrorText("#DIV/0!")).toBe("#DIV/0!");
    expect(cellErrorText("#REF!")).toBe("#REF!");
    expect(cellErrorText("N/A")).toBeNull();
    expect(cellErrorText("Appel d'offres")).toBeNull();
    expect(cellErrorText(12)).toBeNull();
  });

  test("an error cell is an error on that cell; the row is kept with the field unknown", () => {
    const reg = readWorkbook([
      sheet("Registre", [
        ["N° marché", "Montant HT", "Clause d'insertion", "Date de notification"],
        ["M1", { error: "#N/A" }, "#VALUE!", "15/03/2025"],
      ]),
    ]);
    expect(reg.contracts).toHaveLength(1);
    const c = reg.contracts[0];
    expect(c.montant).toBeNull();
    expect(c.clauseInsertion).toBeNull(); // unknown, not "non": it leaves the denominators
    expect(ymd(c.dateNotification as DateValue)).toEqual([2025, 3, 15]);
    const errors = reg.issues.filter((i) => i.severity === "error");
    expect(errors.map((e) => e.cell).sort()).toEqual(["Registre!B2", "Registre!C2"]);
    expect(errors.find((e) => e.cell === "Registre!B2")?.message).toContain("#N/A");
    expect(errors.find((e) => e.cell === "Registre!C2")?.message).toContain("#VALUE!");
  });
});

describe("formats seen in published DECP exports", () => {
  const { parseDate, parseNumber } = require("../../src/register/values") as typeof import("../../src/register/values");
  test("ISO dates with a time zone and no time: 2024-07-15+02:00", () => {
    expect(parseDate("2024-07-15+02:00")).toMatchObject({ ok: true, value: { y: 2024, m: 7, d: 15 } });
    expect(parseDate("2024-07-15Z")).toMatchObject({ ok: true, value: { y: 2024, m: 7, d: 15 } });
  });
  test("amounts in scientific notation: 1.5E+07 = 15 000 000", () => {
    expect(parseNumber("1.5E+07")).toEqual({ ok: true, value: 15_000_000 });
    expect(parseNumber("2e3")).toEqual({ ok: true, value: 2000 });
  });
});
