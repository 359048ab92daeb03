/**
 * Dates and durations that registers really hold (SPEC §2.6): two-digit years read with Excel's
 * pivot, placeholder and far dates left unknown with a warning, the default year of the boards, and
 * durations written with their unit (« 36 m » is 36 months, not 36 million).
 */
import { parseDate, parseDuration } from "../../src/register/values";
import type { Cell, DateValue } from "../../src/register/types";
import { computeIndicators, defaultYear } from "../../src/indicators/engine";
import { cotationCandidates } from "../../src/indicators/cotation";
import { makeDate } from "../../src/register/values";
import { contract, issuesOf, readRegister } from "../helpers/workbook";

const ymd = (d: DateValue) => [d.y, d.m, d.d];

/** Excel serials (days since 1899-12-30), computed by hand from 25569 = 01/01/1970. */
// 01/01/1970 → 01/01/2000: 30 years × 365 + 7 leap days (1972, 76, 80, 84, 88, 92, 96) = 10 957 days.
const SERIAL_2000_01_01 = 25569 + 10957; // 36 526
// 01/01/2000 → 01/01/2101: 101 years × 365 + 25 leap days (2000, 2004 … 2096; 2100 is not) = 36 890 days.
const SERIAL_2101_01_01 = SERIAL_2000_01_01 + 36890; // 73 416
/** 31/12/9999, the largest date Excel knows (serial 2 958 465), a common « no end » placeholder. */
const SERIAL_9999_12_31 = 2958465;

describe("two-digit years: Excel's pivot, with a warning", () => {
  test.each<[string, number]>([
    ["15/06/25", 2025],
    ["15/06/00", 2000],
    ["31.12.29", 2029],
  ])("%p is read in %p, with a warning that names the year read", (text, year) => {
    const r = parseDate(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.y).toBe(year);
    expect(r.warning).toMatch(new RegExp(`année sur deux chiffres lue ${year}`));
  });

  test("« 15/06/98 » is 1998 (not 2098): before 01/01/2000, a warning and the date is unknown", () => {
    const r = parseDate("15/06/98");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.severity).toBe("warning");
    expect(r.message).toMatch(/lue 1998/);
    // 30 is the first year of the 1900s in Excel's pivot: 1930, also before 2000.
    const p30 = parseDate("01/01/30");
    expect(p30.ok).toBe(false);
    if (!p30.ok) expect(p30.message).toMatch(/lue 1930/);
  });

  test("a four-digit year gives no warning", () => {
    const r = parseDate("15/06/2025");
    expect(r.ok && r.warning === undefined && ymd(r.value)).toEqual([2025, 6, 15]);
  });
});

describe("dates outside 01/01/2000 – 31/12/2100: a warning, the field unknown", () => {
  test.each<[string, Cell]>([
    ["the placeholder 31/12/9999 as text", "31/12/9999"],
    ["the placeholder 31/12/9999 as an Excel serial", SERIAL_9999_12_31],
    ["the placeholder 31/12/9999 as a date object", new Date(Date.UTC(9999, 11, 31))],
    ["serial 60, which Excel shows as the 29/02/1900 that never was", 60],
    ["serial 1, 01/01/1900", 1],
    ["31/12/1999, the day before the range", SERIAL_2000_01_01 - 1],
    ["01/01/2101, the day after the range", SERIAL_2101_01_01],
    ["an ISO date far ahead", "2150-01-01"],
  ])("%s", (_, v) => {
    const r = parseDate(v);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.severity).toBe("warning");
    expect(r.message).toMatch(/hors de la période 01\/01\/2000 – 31\/12\/2100/);
  });

  test("the bounds themselves are dates: 01/01/2000 and 31/12/2100", () => {
    const first = parseDate(SERIAL_2000_01_01);
    const last = parseDate(SERIAL_2101_01_01 - 1);
    expect(first.ok && ymd(first.value)).toEqual([2000, 1, 1]);
    expect(last.ok && ymd(last.value)).toEqual([2100, 12, 31]);
    expect(first.ok && first.warning).toBeFalsy();
  });

  test("a year typed alone as a number (2025 = serial of 17/07/1905) says so", () => {
    const r = parseDate(2025);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/une année seule n'est pas une date/);
  });

  test("an impossible date stays an error (not a warning)", () => {
    const r = parseDate("31/02/2025");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.severity).toBeUndefined();
  });
});

describe("the register: a far date never becomes the year of the boards", () => {
  const HEADERS = ["N° marché", "Objet", "Date de notification", "Montant HT"];
  const reg = readRegister(HEADERS, [
    { "N° marché": "M1", "Date de notification": "15/03/2024" },
    { "N° marché": "M2", "Date de notification": "10/10/2025" },
    { "N° marché": "M3", "Date de notification": SERIAL_9999_12_31 },
    { "N° marché": "M4", "Date de notification": "15/06/98" },
    { "N° marché": "M5", "Date de notification": "02/05/25" },
  ]);

  test("the year is 2025: 9999 and 2098 are not years of the register", () => {
    // Notified years read: M1 2024, M2 2025, M5 2025 (two-digit, pivot); M3 and M4 unknown.
    const res = computeIndicators(reg, { today: new Date(2026, 11, 5) });
    expect(res.year).toBe(2025);
    expect(res.years).toEqual([2024, 2025]);
    expect(res.contractsInYear).toBe(2);
  });

  test("each suspicious date is a warning at its cell; the contracts are kept, their date unknown", () => {
    expect(contract(reg, "M3").dateNotification).toBeNull();
    expect(contract(reg, "M4").dateNotification).toBeNull();
    expect(contract(reg, "M5").dateNotification && ymd(contract(reg, "M5").dateNotification as DateValue)).toEqual([2025, 5, 2]);
    const warnings = issuesOf(reg, "warning");
    expect(warnings.map((i) => i.cell)).toEqual(["Registre!C4", "Registre!C5", "Registre!C6"]);
    expect(warnings.every((i) => i.column === "Date de notification")).toBe(true);
    expect(issuesOf(reg, "error")).toEqual([]);
  });
});

describe("the default year: the latest year with notified contracts, not after next year", () => {
  const reg = readRegister(
    ["N° marché", "Objet", "Date de notification"],
    [
      { "N° marché": "M1", "Date de notification": "15/03/2024" },
      { "N° marché": "M2", "Date de notification": "10/10/2025" },
      // A four-digit typo in the range: 2051 instead of 2025.
      { "N° marché": "M3", "Date de notification": "10/10/2051" },
      { "N° marché": "M4", "Date de notification": "10/01/2027" },
    ],
  );

  test("on 05/12/2026, next year is 2027: the default year is 2027, never 2051", () => {
    expect(defaultYear(reg, new Date(2026, 11, 5))).toBe(2027);
    expect(computeIndicators(reg, { today: new Date(2026, 11, 5) }).year).toBe(2027);
  });

  test("on 15/03/2025, next year is 2026: the default year is 2025", () => {
    expect(defaultYear(reg, new Date(2025, 2, 15))).toBe(2025);
  });

  test("on 01/01/2051, 2051 is this year: it is the default year", () => {
    expect(defaultYear(reg, new Date(2051, 0, 1))).toBe(2051);
  });

  test("a register whose only dates are after next year has no default year (the engine then takes this year)", () => {
    const far = readRegister(["N° marché", "Objet", "Date de notification"], [{ "N° marché": "M1", "Date de notification": "01/01/2060" }]);
    expect(defaultYear(far, new Date(2026, 11, 5))).toBeNull();
    expect(computeIndicators(far, { today: new Date(2026, 11, 5) }).year).toBe(2026);
  });
});

describe("durations (Durée (mois))", () => {
  test.each<[Cell, number]>([
    [36, 36],
    ["36", 36],
    ["36 mois", 36],
    ["36 m", 36],
    ["36 M", 36],
    ["36m", 36],
    ["3 ans", 36],
    ["3 an(s)", 36],
    ["1 an", 12],
    ["1 an et 6 mois", 18],
    ["2 ans 6 mois", 30],
    ["1,5 an", 18],
    ["0", 0],
  ])("%p is %p months", (v, months) => {
    const r = parseDuration(v);
    expect(r.ok && r.value).toBe(months);
  });

  test.each<Cell>(["36 j", "3 semaines", "trois ans", "36 M€", "36 k", "-3", -3, "1 an et", "mois", "36 000 000"])("%p is refused", (v) => {
    const r = parseDuration(v);
    expect(r.ok).toBe(false);
  });

  test("« 36 m » in a register is 36 months: the contract stays in the cotation window", () => {
    const reg = readRegister(
      ["N° marché", "Objet", "Date de notification", "Durée (mois)", "Récurrent"],
      [
        { "N° marché": "M1", "Date de notification": "01/01/2024", "Durée (mois)": "36 m", "Récurrent": "oui" },
        { "N° marché": "M2", "Date de notification": "01/01/2024", "Durée (mois)": "3 ans", "Récurrent": "oui" },
        { "N° marché": "M3", "Date de notification": "01/01/2024", "Durée (mois)": "36 jours", "Récurrent": "oui" },
      ],
    );
    expect(contract(reg, "M1").dureeMois).toBe(36);
    expect(contract(reg, "M2").dureeMois).toBe(36);
    // A duration that is not one is an error at its cell, the duration unknown.
    expect(contract(reg, "M3").dureeMois).toBeNull();
    expect(issuesOf(reg, "error").map((i) => i.cell)).toEqual(["Registre!D4"]);
    // Next award: 01/01/2024 + 36 months = 01/01/2027. Reference 01/06/2025, window
    // [+12 months, +24 months] = [01/06/2026, 01/06/2027]: both M1 and M2 are in it.
    const rows = cotationCandidates(reg.contracts, reg.parameters, makeDate(2025, 6, 1) as DateValue, true);
    expect(rows.map((r) => r.contract.id).sort()).toEqual(["M1", "M2"]);
  });
});
