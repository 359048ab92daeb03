/** T1–T6 and T1.V–T6.V of every year of the register, for the report's charts (SPEC §10). */
import type { Results } from "../indicators/types";
import { TARGET_IDS } from "../spaser/referential";
import type { YearSeries } from "./html";

/** `resultsOf(y)`: the figures of year y (same step and entity as the report), null when none. */
export function targetSeries(years: readonly number[], resultsOf: (year: number) => Results | null): YearSeries {
  const ids = [...TARGET_IDS, ...TARGET_IDS.map((t) => `${t}.V`)];
  const values: Record<string, (number | null)[]> = {};
  for (const id of ids) values[id] = [];
  for (const y of years) {
    const r = resultsOf(y);
    for (const id of ids) {
      const v = r?.indicators[id]?.value;
      values[id].push(typeof v === "number" ? v : null);
    }
  }
  return { years: [...years], values };
}
