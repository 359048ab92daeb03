/**
 * The SPASER worksheet functions (=SPASER.RATE(8), in a French Excel =SPASER.TAUX(8)).
 *
 * The namespace SPASER keeps the names apart from Excel's own RATE (French TAUX): a custom
 * function is always called as NAMESPACE.NAME, so =TAUX(…) stays Excel's and =SPASER.TAUX(…) ours.
 * https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-naming
 *
 * functions.json (English: the default locale of the manifest, en-US) is generated from the JSDoc
 * below; functions-fr.json (every French locale) from it and names.json
 * (scripts/functions-metadata-plugin.js). A test checks that both describe every function and
 * parameter.
 *
 * Every function streams: its cell gets a new value each time the add-in reads the register again,
 * without F9. The functions only read; they never write to the workbook.
 *
 * Excel passes an omitted optional argument as null: the parameters are typed `number` only so that
 * the metadata declares them as numbers; logic.ts checks every argument as `unknown`.
 *
 * The functions computed over the register take an optional last argument `entity`: the buyer of a
 * joint SPASER (Ville, Métropole…); omitted, the whole register. Arguments keep their earlier
 * order, so that formulas written before still mean the same.
 *
 * CONTRACTS returns a column of ids: a two-dimensional array of one column, which Excel spills
 * down from the cell ("To create a custom function that is a dynamic array formula, it must return
 * a two-dimensional array of values"; a streaming function may return one; cells below that already
 * hold values give #SPILL!). The metadata declares `dimensionality: matrix` for the `string[][]`.
 * https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-dynamic-arrays
 */
import { CellValue, contractsOf, denominatorOf, FunctionError, indicatorOf, numeratorOf, Outcome, rateOf, statusOf, targetOf, yearsOf } from "./logic";
import { streamTo } from "./live";
import { getIndicatorSource } from "./runtime";
import type { Snapshot } from "./source";
import { leversOf, scoreOf } from "./cotation";

/* The part of the custom functions runtime used here (Excel provides the global object). */
declare namespace CustomFunctions {
  enum ErrorCode {
    invalidValue = "#VALUE!",
    notAvailable = "#N/A",
  }
  class Error {
    constructor(code: ErrorCode, message?: string);
    code: ErrorCode;
    message?: string;
  }
  interface StreamingInvocation<ResultType> {
    setResult(value: ResultType | Error): void;
    onCanceled?: () => void;
  }
  function associate(id: string, functionObject: (...args: never[]) => unknown): void;
}

function toExcelError(e: FunctionError): CustomFunctions.Error {
  const code = e.code === "invalidValue" ? CustomFunctions.ErrorCode.invalidValue : CustomFunctions.ErrorCode.notAvailable;
  return new CustomFunctions.Error(code, e.message);
}

function stream<T>(invocation: CustomFunctions.StreamingInvocation<T>, compute: (s: Snapshot) => Outcome<T>): void {
  streamTo(invocation, compute, toExcelError, getIndicatorSource());
}

/**
 * Value of an output indicator of a SPASER action (by default the first one: for action 8, A8.R1), for the dashboard's year or the year given.
 * @customfunction RATE
 * @param action Number of the SPASER action, from 1 to 26.
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [n] Rank of the output indicator in the action (default 1: A8.R1; 2 for A8.R2).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function rate(action: number, year: number, n: number, entity: string, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => rateOf(s, action, year, n, entity));
}

/**
 * Value of a SPASER indicator given by its id (T1 to T6, A1.R1 to A26.E1, or an indicator added by the workbook's Référentiel sheet), for the dashboard's year or the year given.
 * @customfunction INDICATOR
 * @param id Id of the indicator, for example "T1", "A17.R3" or "X1".
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function indicator(id: string, year: number, entity: string, invocation: CustomFunctions.StreamingInvocation<number | string>): void {
  stream<CellValue>(invocation, (s) => indicatorOf(s, id, year, entity));
}

/**
 * Numerator of a SPASER indicator expressed as a rate (for example the number of contracts with a clause among the targeted contracts).
 * @customfunction NUMERATOR
 * @param id Id of the indicator, for example "T1" or "A8.R1".
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function numerator(id: string, year: number, entity: string, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => numeratorOf(s, id, year, entity));
}

/**
 * Denominator of a SPASER indicator expressed as a rate (for example the number of targeted contracts).
 * @customfunction DENOMINATOR
 * @param id Id of the indicator, for example "T1" or "A8.R1".
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function denominator(id: string, year: number, entity: string, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => denominatorOf(s, id, year, entity));
}

/**
 * Contract numbers (N° marché) behind a SPASER indicator, as a column that spills down: those of the numerator (default), of the denominator, those left out, or those counted.
 * @customfunction CONTRACTS
 * @param id Id of the indicator, for example "T1" or "A8.R1".
 * @param [role] Which contracts of the figure: "numerator" (default for a rate), "denominator", "excluded" (left out for an unknown value) or "counted" (default for a count, sum or mean).
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function contracts(id: string, role: string, year: number, entity: string, invocation: CustomFunctions.StreamingInvocation<string[][]>): void {
  stream(invocation, (s) => contractsOf(s, id, role, year, entity));
}

/**
 * Deployment target of an objective T1 to T6 (Paramètres sheet), for the current step or the step given.
 * @customfunction TARGET
 * @param id Id of the objective: "T1" to "T6".
 * @param [step] Deployment step: 1 or 2 (default: the current step).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function target(id: string, step: number, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => targetOf(s, id, step));
}

/**
 * Status of an objective T1 to T6 against the target of the current step: "Atteint" (reached), "En cours" (in progress) or "Non renseigné" (no data).
 * @customfunction STATUS
 * @param id Id of the objective: "T1" to "T6".
 * @param [year] Year the contracts were notified (default: the dashboard's year).
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function status(id: string, year: number, entity: string, invocation: CustomFunctions.StreamingInvocation<string>): void {
  stream<string>(invocation, (s) => statusOf(s, id, year, entity));
}

/**
 * Years present in the contract register (years the contracts were notified), as a column.
 * @customfunction YEARS
 * @param [entity] Buyer of a joint SPASER, for example "Ville" (default: every entity of the register).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function years(entity: string, invocation: CustomFunctions.StreamingInvocation<number[][]>): void {
  stream(invocation, (s) => yearsOf(s, entity));
}

/**
 * SPASER actions to consider for a contract (levers), from its amount, procedure and duration: for example "11; 12; 14; 17; 18; 22; 24" for 50,000 euros, open call for tenders, 6 months.
 * @customfunction LEVERS
 * @param amount Amount of the contract in euros excluding VAT.
 * @param procedure Procedure: MAPA, AOO, AOR, PN, DC or without publicity or competition.
 * @param duration Duration of the contract in months.
 * @param [nature] Nature: Travaux (works), Fournitures (supplies), Services, Maîtrise d'œuvre (project management) or Concession.
 * @param [object] Subject of the contract (for example "School renovation").
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function leversFn(amount: number, procedure: string, duration: number, nature: string, object: string, invocation: CustomFunctions.StreamingInvocation<string>): void {
  stream<string>(invocation, (s) => leversOf(s, amount, procedure, duration, nature, object));
}

/**
 * Sustainability potential of a contract, from 0 to 100: points of its levers and "yes" answers to the cotation questionnaire.
 * @customfunction SCORE
 * @param amount Amount of the contract in euros excluding VAT.
 * @param procedure Procedure: MAPA, AOO, AOR, PN, DC or without publicity or competition.
 * @param duration Duration of the contract in months.
 * @param [nature] Nature: Travaux (works), Fournitures (supplies), Services, Maîtrise d'œuvre (project management) or Concession.
 * @param [object] Subject of the contract.
 * @param [ess] Social economy, SIAE, EA or ESAT supplier known locally: oui (yes) or non (no).
 * @param [reuse] Reuse, rental or pooling alternative: oui (yes) or non (no).
 * @param [carbon] Significant carbon or environmental impact of the contract: oui (yes) or non (no).
 * @param [support] Willing department, with the means available to support the approach: oui (yes) or non (no).
 * @param invocation Cell kept up to date.
 * @streaming
 */
export function scoreFn(
  amount: number,
  procedure: string,
  duration: number,
  nature: string,
  object: string,
  ess: string,
  reuse: string,
  carbon: string,
  support: string,
  invocation: CustomFunctions.StreamingInvocation<number>,
): void {
  stream(invocation, (s) => scoreOf(s, amount, procedure, duration, nature, object, [ess, reuse, carbon, support]));
}

/** Function ids of functions.json -> implementations. */
export const FUNCTIONS = {
  RATE: rate,
  INDICATOR: indicator,
  NUMERATOR: numerator,
  DENOMINATOR: denominator,
  CONTRACTS: contracts,
  TARGET: target,
  STATUS: status,
  YEARS: years,
  LEVERS: leversFn,
  SCORE: scoreFn,
} as const;

/** The part of the custom functions runtime used to register the functions. */
export interface FunctionsRuntime {
  associate(id: string, functionObject: (...args: never[]) => unknown): void;
}

/**
 * Associates every id of functions.json with its implementation, once. Does nothing (and returns
 * false) where the custom functions runtime is absent: the task pane and the ribbon command share
 * this bundle and must keep working in a browser or an Excel without custom functions, where a
 * bare `CustomFunctions.associate(…)` would throw a ReferenceError.
 * https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-overview (associate)
 * https://learn.microsoft.com/office/dev/add-ins/excel/configure-your-add-in-to-use-a-shared-runtime
 */
export function registerFunctions(runtime: FunctionsRuntime | undefined = typeof CustomFunctions !== "undefined" ? CustomFunctions : undefined): boolean {
  if (!runtime || typeof runtime.associate !== "function") return false;
  let all = true;
  for (const [id, f] of Object.entries(FUNCTIONS)) {
    try {
      runtime.associate(id, f);
    } catch {
      // One refused id (e.g. metadata from an older deployment) must not stop the others nor the pane.
      all = false;
    }
  }
  return all;
}

registerFunctions();
