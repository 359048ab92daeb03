/**
 * SPEC §9, the invariant: adding CAD decisions to a workbook never changes a figure of a year before
 * the year of the earliest renewal they apply to (fast-check, on arbitrary small registers with and
 * without « Actions ciblées », renewals by « Marché précédent » or typed in the cotation sheet,
 * decisions on contracts of any year, on unknown contracts, waiting for their renewal).
 * The bound is worked out by the test itself from the workbook, not taken from the program.
 */
import fc from "fast-check";
import { computeIndicators } from "../../src/indicators/engine";
import type { IndicatorResult } from "../../src/indicators/types";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Register } from "../../src/register/types";
import { rowsFromRecords, sheet } from "../helpers/workbook";

interface Row {
  year: number | null;
  actions: number[];
  ins: boolean;
  env: boolean;
  besoin: boolean;
  montant: number;
  previous: number | null;
  entity: "Ville" | "Métropole";
}
interface Decision {
  on: number;
  actions: number[];
  link: number | "absent" | null;
}

const YEARS = [2022, 2023, 2024, 2025, 2026];
const ACTIONS = [1, 8, 11, 18, 19, 24];
const idOf = (i: number) => `C${i}`;

const rowArb: fc.Arbitrary<Row> = fc.record({
  year: fc.option(fc.constantFrom(...YEARS), { freq: 6 }),
  actions: fc.subarray(ACTIONS),
  ins: fc.boolean(),
  env: fc.boolean(),
  besoin: fc.boolean(),
  montant: fc.constantFrom(20_000, 80_000, 150_000, 400_000),
  previous: fc.option(fc.nat(7), { freq: 2 }),
  entity: fc.constantFrom("Ville" as const, "Métropole" as const),
});
// `on` up to 8: C8 is never in a register of at most 8 rows (C0–C7), so some decisions name no contract.
const decisionArb: fc.Arbitrary<Decision> = fc.record({
  on: fc.nat(8),
  actions: fc.subarray(ACTIONS, { minLength: 1 }),
  link: fc.oneof(fc.constant(null), fc.constant("absent" as const), fc.nat(7)),
});

function workbook(rows: Row[], withActions: boolean) {
  const headers = ["N° marché", "Date de notification", ...(withActions ? ["Actions ciblées"] : []), "Clause d'insertion", "Critère environnemental", "Questionnement du besoin", "Montant HT", "Marché précédent", "Entité"];
  const records = rows.map((r, i): Record<string, Cell> => ({
    "N° marché": idOf(i),
    "Date de notification": r.year === null ? null : `15/06/${r.year}`,
    "Actions ciblées": r.actions.join("; ") || null,
    "Clause d'insertion": r.ins ? "oui" : "non",
    "Critère environnemental": r.env ? "oui" : "non",
    "Questionnement du besoin": r.besoin ? "oui" : "non",
    "Montant HT": r.montant,
    "Marché précédent": r.previous === null ? null : idOf(r.previous),
    Entité: r.entity,
  }));
  return sheet("Registre", rowsFromRecords(headers, records));
}

function cotationSheet(decisions: Decision[]) {
  return sheet("Cotation CAD", [
    ["N° marché", "Décision CAD (actions retenues)", "Marché de renouvellement"],
    ...decisions.map((d): Cell[] => [idOf(d.on), d.actions.join("; "), d.link === null ? null : d.link === "absent" ? "Z-99" : idOf(d.link)]),
  ]);
}

/**
 * The year of the earliest renewal the decisions apply to, by SPEC §9's words: the contract typed
 * in « Marché de renouvellement » when the register holds it (a link to the contract itself is no
 * link), else the contracts whose « Marché précédent » is the contract decided on. Infinity when no
 * decision applies to a notified contract. (A later row wins for the same contract, as in the sheet.)
 */
function earliestRenewalYear(rows: Row[], decisions: Decision[]): number {
  const last = new Map<number, Decision>();
  for (const d of decisions) last.set(d.on, d);
  let min = Infinity;
  for (const d of last.values()) {
    let renewals: number[];
    if (typeof d.link === "number" && d.link !== d.on) renewals = d.link < rows.length ? [d.link] : [];
    else if (d.link === "absent") renewals = [];
    else renewals = rows.map((r, i) => (r.previous === d.on && i !== d.on ? i : -1)).filter((i) => i >= 0);
    for (const i of renewals) {
      const y = rows[i].year;
      if (y !== null && y < min) min = y;
    }
  }
  return min;
}

/** The figures of one year, with the « évolution » series cut to the years before `bound`. */
function figures(reg: Register, year: number, bound: number): { indicators: Record<string, IndicatorResult>; entities: unknown } {
  const r = computeIndicators(reg, { year });
  const indicators: Record<string, IndicatorResult> = {};
  for (const [id, ind] of Object.entries(r.indicators)) {
    const { series, ...rest } = ind;
    indicators[id] = series ? { ...rest, series: Object.fromEntries(Object.entries(series).filter(([y]) => Number(y) < bound)) } : rest;
  }
  return { indicators, entities: r.entities };
}

test("adding decisions never changes a figure of a year before the earliest renewal they apply to", () => {
  fc.assert(
    fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), fc.array(decisionArb, { maxLength: 4 }), fc.boolean(), (rows, decisions, withActions) => {
      const register = workbook(rows, withActions);
      const before = readWorkbook([register]);
      const after = readWorkbook([register, cotationSheet(decisions)]);
      const bound = earliestRenewalYear(rows, decisions);
      for (const y of YEARS) {
        if (y >= bound) continue;
        expect(figures(after, y, bound)).toEqual(figures(before, y, bound));
      }
    }),
    { numRuns: 60 },
  );
});

test("the property has teeth: a decision applied to a 2025 renewal moves A1.E1 2025 and nothing before", () => {
  // C0 2023 targets 8 (insertion clause: done); C1 2025 renews C0, targets nothing, has the clause.
  const rows: Row[] = [
    { year: 2023, actions: [8], ins: true, env: false, besoin: false, montant: 80_000, previous: null, entity: "Ville" },
    { year: 2025, actions: [], ins: true, env: false, besoin: false, montant: 80_000, previous: 0, entity: "Ville" },
  ];
  const decisions: Decision[] = [{ on: 0, actions: [8, 24], link: null }];
  expect(earliestRenewalYear(rows, decisions)).toBe(2025);
  const before = readWorkbook([workbook(rows, true)]);
  const after = readWorkbook([workbook(rows, true), cotationSheet(decisions)]);
  // 2023: C0·8 ✓ → 1 / 1, before and after.
  expect(computeIndicators(after, { year: 2023 }).indicators["A1.E1"]).toMatchObject({ numerator: 1, denominator: 1 });
  expect(figures(after, 2023, 2025)).toEqual(figures(before, 2023, 2025));
  // 2025: no pair before (n/a); after C1·8 ✓, C1·24 ✗ → 1 / 2.
  expect(computeIndicators(before, { year: 2025 }).indicators["A1.E1"].value).toBeNull();
  expect(computeIndicators(after, { year: 2025 }).indicators["A1.E1"]).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
});
