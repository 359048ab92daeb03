/**
 * The lines kept per indicator in « Détail des indicateurs » (firstLines): lists as the engine sorts
 * them are walked side by side, only as far as the lines kept; any other list is counted in full.
 * Both give the lines of the rule: each id of the denominator is in the numerator as many times as
 * the numerator holds it, numerator lines first, then denominator only, then left out.
 */
import fc from "fast-check";
import { firstLines } from "../../src/dashboards/detail";
import { isSortedIds, sortedIds } from "../../src/indicators/accumulators";
import type { IndicatorDetail } from "../../src/indicators/types";

/** The rule, in full. */
function expected(d: IndicatorDetail, max: number): { id: string; role: string }[] {
  const left = new Map<string, number>();
  for (const id of d.numerator ?? []) left.set(id, (left.get(id) ?? 0) + 1);
  const num: { id: string; role: string }[] = [];
  const den: { id: string; role: string }[] = [];
  for (const id of d.denominator ?? []) {
    const n = left.get(id) ?? 0;
    if (n > 0) {
      num.push({ id, role: "numérateur" });
      left.set(id, n - 1);
    } else den.push({ id, role: "dénominateur seul" });
  }
  return [...num, ...den, ...(d.excluded ?? []).map((e) => ({ id: e.id, role: `écarté : ${e.reason}` }))].slice(0, max);
}

const ids = fc.array(fc.constantFrom("M1", "M10", "M2", "M20", "M3", "A", "b", "É", "M1 "), { maxLength: 40 });

test("sorted lists walked side by side, other lists counted: the same lines as the rule", () => {
  fc.assert(
    fc.property(ids, ids, fc.array(fc.constantFrom("M1", "M4"), { maxLength: 3 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), (num, den, out, max, sorted) => {
      const d: IndicatorDetail = sorted
        ? { numerator: sortedIds(num), denominator: sortedIds(den), excluded: out.map((id) => ({ id, reason: "« Montant HT » inconnu" })) }
        : { numerator: num, denominator: den, excluded: out.map((id) => ({ id, reason: "« Montant HT » inconnu" })) };
      expect(firstLines(d, max)).toEqual(expected(d, max));
    }),
    { numRuns: 2000 },
  );
});

test("lists sorted by the engine are known as such; a list built otherwise is not, even in order", () => {
  const list = sortedIds(["M3", "M1", "M2", "M1"]);
  expect(list).toEqual(["M1", "M1", "M2", "M3"]);
  expect(isSortedIds(list)).toBe(true);
  expect(isSortedIds(sortedIds(["M1", "M2"]))).toBe(true);
  expect(isSortedIds(["M1", "M2"])).toBe(false);
  // A list already in order is copied, never handed back.
  const inOrder = ["M1", "M2"];
  expect(sortedIds(inOrder)).not.toBe(inOrder);
});

test("a denominator of 200,000 contracts: the lines kept without reading it all", () => {
  const all = Array.from({ length: 200_000 }, (_, i) => `M${String(i).padStart(6, "0")}`);
  const d: IndicatorDetail = { numerator: sortedIds(all.filter((_, i) => i % 3 === 0)), denominator: sortedIds(all), excluded: [] };
  const lines = firstLines(d, 500);
  expect(lines).toEqual(expected(d, 500));
  expect(lines.filter((l) => l.role === "numérateur")).toHaveLength(500);
});
