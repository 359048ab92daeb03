/** The two monitoring dashboards of action 3, as sheet plans. */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import type { SheetPlan } from "./plan";
import type { DashboardOptions } from "./rows";
import { buildTdb1 } from "./tdb1";
import { buildTdb2 } from "./tdb2";
import { buildDetail } from "./detail";

export { DETAIL_NAME, MAX_ROWS_PER_INDICATOR } from "./detail";

export type { DashboardOptions } from "./rows";
export { TDB1_NAME, TDB1_TITLE } from "./tdb1";
export { TDB2_NAME, TDB2_TITLE } from "./tdb2";
export * from "./plan";

/**
 * TdB 1, TdB 2 and, when the results carry the drill-down (computed with `detail`), the sheet
 * « Détail des indicateurs » that every indicator row links to.
 */
export function buildDashboardPlans(register: Register, results: Results, options: DashboardOptions): SheetPlan[] {
  if (!results.detail) return [buildTdb1(register, results, options), buildTdb2(register, results, options)];
  const detail = buildDetail(register, results, options);
  return [buildTdb1(register, results, options, detail.anchors), buildTdb2(register, results, options, detail.anchors), detail.plan];
}
