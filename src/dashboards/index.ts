/** The two monitoring dashboards of action 3, as sheet plans. */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import type { SheetPlan } from "./plan";
import type { DashboardOptions } from "./rows";
import { buildTdb1 } from "./tdb1";
import { buildTdb2 } from "./tdb2";

export type { DashboardOptions } from "./rows";
export { TDB1_NAME, TDB1_TITLE } from "./tdb1";
export { TDB2_NAME, TDB2_TITLE } from "./tdb2";
export * from "./plan";

export function buildDashboardPlans(register: Register, results: Results, options: DashboardOptions): SheetPlan[] {
  return [buildTdb1(register, results, options), buildTdb2(register, results, options)];
}
