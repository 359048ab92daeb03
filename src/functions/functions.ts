/**
 * The SPASER worksheet functions (=SPASER.RATE(8), in a French Excel =SPASER.TAUX(8)).
 *
 * functions.json is generated from the JSDoc below (custom-functions-metadata-plugin);
 * functions-fr.json from it and names.json (scripts/functions-fr-plugin.js). The descriptions here
 * must equal those of names.json: a test checks it.
 *
 * Every function streams: its cell gets a new value each time the add-in reads the register again,
 * without F9. The functions only read; they never write to the workbook.
 *
 * Excel passes an omitted optional argument as null: the parameters are typed `number` only so that
 * the metadata declares them as numbers; logic.ts checks every argument as `unknown`.
 */
import { CellValue, denominatorOf, FunctionError, indicatorOf, numeratorOf, Outcome, rateOf, statusOf, targetOf, yearsOf } from "./logic";
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
 * Valeur d'un indicateur de réalisation d'une action du SPASER (par défaut le premier : pour l'action 8, A8.R1), pour l'année du tableau de bord ou l'année indiquée.
 * @customfunction RATE
 * @param action Numéro de l'action du SPASER, de 1 à 26.
 * @param [year] Année de notification des contrats (par défaut : l'année du tableau de bord).
 * @param [n] Rang de l'indicateur de réalisation dans l'action (par défaut 1 : A8.R1 ; 2 pour A8.R2).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function rate(action: number, year: number, n: number, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => rateOf(s, action, year, n));
}

/**
 * Valeur d'un indicateur du SPASER désigné par son identifiant (T1 à T6, A1.R1 à A26.E1), pour l'année du tableau de bord ou l'année indiquée.
 * @customfunction INDICATOR
 * @param id Identifiant de l'indicateur, par exemple « T1 » ou « A17.R3 ».
 * @param [year] Année de notification des contrats (par défaut : l'année du tableau de bord).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function indicator(id: string, year: number, invocation: CustomFunctions.StreamingInvocation<number | string>): void {
  stream<CellValue>(invocation, (s) => indicatorOf(s, id, year));
}

/**
 * Numérateur d'un indicateur du SPASER exprimé en taux (par exemple le nombre de contrats clausés parmi les contrats ciblés).
 * @customfunction NUMERATOR
 * @param id Identifiant de l'indicateur, par exemple « T1 » ou « A8.R1 ».
 * @param [year] Année de notification des contrats (par défaut : l'année du tableau de bord).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function numerator(id: string, year: number, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => numeratorOf(s, id, year));
}

/**
 * Dénominateur d'un indicateur du SPASER exprimé en taux (par exemple le nombre de contrats ciblés).
 * @customfunction DENOMINATOR
 * @param id Identifiant de l'indicateur, par exemple « T1 » ou « A8.R1 ».
 * @param [year] Année de notification des contrats (par défaut : l'année du tableau de bord).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function denominator(id: string, year: number, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => denominatorOf(s, id, year));
}

/**
 * Cible de déploiement d'un objectif T1 à T6 (feuille Paramètres), pour l'étape en cours ou l'étape indiquée.
 * @customfunction TARGET
 * @param id Identifiant de l'objectif : « T1 » à « T6 ».
 * @param [step] Étape du déploiement : 1 ou 2 (par défaut : l'étape en cours).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function target(id: string, step: number, invocation: CustomFunctions.StreamingInvocation<number>): void {
  stream(invocation, (s) => targetOf(s, id, step));
}

/**
 * Statut d'un objectif T1 à T6 au regard de la cible de l'étape en cours : « Atteint », « En cours » ou « Non renseigné ».
 * @customfunction STATUS
 * @param id Identifiant de l'objectif : « T1 » à « T6 ».
 * @param [year] Année de notification des contrats (par défaut : l'année du tableau de bord).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function status(id: string, year: number, invocation: CustomFunctions.StreamingInvocation<string>): void {
  stream<string>(invocation, (s) => statusOf(s, id, year));
}

/**
 * Années présentes dans le registre des marchés (années de notification des contrats), en colonne.
 * @customfunction YEARS
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function years(invocation: CustomFunctions.StreamingInvocation<number[][]>): void {
  stream(invocation, yearsOf);
}

/**
 * Actions du SPASER à étudier pour un marché (leviers), d'après son montant, sa procédure et sa durée : par exemple « 8; 14; 17; 19; 20 ».
 * @customfunction LEVERS
 * @param amount Montant du marché en euros HT.
 * @param procedure Procédure : MAPA, AOO, AOR, PN, DC ou sans publicité ni mise en concurrence.
 * @param duration Durée du marché en mois.
 * @param [nature] Nature : Travaux, Fournitures, Services ou Maîtrise d'œuvre.
 * @param [object] Objet du marché (par exemple « Rénovation de l'école »).
 * @param invocation Cellule à tenir à jour.
 * @streaming
 */
export function leversFn(amount: number, procedure: string, duration: number, nature: string, object: string, invocation: CustomFunctions.StreamingInvocation<string>): void {
  stream<string>(invocation, (s) => leversOf(s, amount, procedure, duration, nature, object));
}

/**
 * Potentiel durable d'un marché, de 0 à 100 : points des leviers et réponses « oui » au questionnaire de cotation.
 * @customfunction SCORE
 * @param amount Montant du marché en euros HT.
 * @param procedure Procédure : MAPA, AOO, AOR, PN, DC ou sans publicité ni mise en concurrence.
 * @param duration Durée du marché en mois.
 * @param [nature] Nature : Travaux, Fournitures, Services ou Maîtrise d'œuvre.
 * @param [object] Objet du marché.
 * @param [ess] Offre ESS, SIAE, EA ou ESAT connue sur le territoire : oui ou non.
 * @param [reuse] Alternative de réemploi, de location ou de mutualisation : oui ou non.
 * @param [carbon] Impact carbone ou environnemental significatif du marché : oui ou non.
 * @param [clause] Marché récurrent déjà clausé : oui ou non.
 * @param invocation Cellule à tenir à jour.
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
  clause: string,
  invocation: CustomFunctions.StreamingInvocation<number>,
): void {
  stream(invocation, (s) => scoreOf(s, amount, procedure, duration, nature, object, [ess, reuse, carbon, clause]));
}

/** Function ids of functions.json -> implementations. */
export const FUNCTIONS = {
  RATE: rate,
  INDICATOR: indicator,
  NUMERATOR: numerator,
  DENOMINATOR: denominator,
  TARGET: target,
  STATUS: status,
  YEARS: years,
  LEVERS: leversFn,
  SCORE: scoreFn,
} as const;

if (typeof CustomFunctions !== "undefined") {
  for (const [id, f] of Object.entries(FUNCTIONS)) CustomFunctions.associate(id, f);
}
