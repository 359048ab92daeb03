/**
 * The one table of the custom functions' French names and descriptions. The JSDoc of functions.ts
 * carries the English ones (functions.json, default locale en-US); the build reads names.json to
 * write functions-fr.json for every French locale (scripts/functions-metadata-plugin.js), and fails
 * when a function or parameter is missing, so the two metadata files never drift.
 */
import table from "./names.json";

export interface ParameterNames {
  /** Parameter name shown by a French Excel. */
  name: string;
  description: string;
}

export interface FunctionNames {
  /** Function name shown by a French Excel (after the SPASER namespace). */
  name: string;
  description: string;
  /** By the parameter's id (its name in functions.ts and functions.json). */
  parameters: Record<string, ParameterNames>;
}

export type FunctionId = "RATE" | "INDICATOR" | "NUMERATOR" | "DENOMINATOR" | "CONTRACTS" | "TARGET" | "STATUS" | "YEARS" | "LEVERS" | "SCORE";

export const FUNCTION_IDS: readonly FunctionId[] = ["RATE", "INDICATOR", "NUMERATOR", "DENOMINATOR", "CONTRACTS", "TARGET", "STATUS", "YEARS", "LEVERS", "SCORE"];

export const FRENCH_NAMES: Readonly<Record<FunctionId, FunctionNames>> = table;
