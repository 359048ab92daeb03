/**
 * =SPASER.LEVIERS and =SPASER.POTENTIEL: the levers a contract qualifies for and its potentiel
 * durable, from the cell's arguments (thresholds of the register's Paramètres when one is found,
 * else the SPASER's defaults). Pure.
 */
import { LeverInput, leverList, levers, QUESTIONS, score } from "../indicators/cotation";
import { defaultParameters } from "../register/parameters";
import type { Cell, Parameters } from "../register/types";
import { parseNature, parseNonNegative, parseProcedure, parseYesNo } from "../register/values";
import type { Outcome } from "./logic";
import type { Snapshot } from "./source";

const invalid = (message: string): { error: { code: "invalidValue"; message: string } } => ({ error: { code: "invalidValue", message } });
const blank = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

function parameters(s: Snapshot | null): Parameters {
  return s?.register?.parameters ?? defaultParameters();
}

/** Reads the arguments shared by LEVERS and SCORE. */
export function leverArgs(amount: unknown, procedure: unknown, duration: unknown, nature?: unknown, object?: unknown): Outcome<LeverInput> {
  let montant: number | null = null;
  if (!blank(amount)) {
    const m = parseNonNegative(amount as Cell);
    if (!m.ok) return invalid(`montant : ${m.message}`);
    montant = m.value;
  }
  let dureeMois: number | null = null;
  if (!blank(duration)) {
    const d = parseNonNegative(duration as Cell);
    if (!d.ok) return invalid(`durée : ${d.message}`);
    dureeMois = d.value;
  }
  let proc: LeverInput["procedure"] = null;
  if (!blank(procedure)) {
    const p = parseProcedure(procedure as Cell);
    if (!p.ok) return invalid(`${p.message} ; exemples valides : MAPA, AOO, AOR, PN, DC, Sans publicité ni mise en concurrence`);
    proc = p.value;
  }
  let nat: LeverInput["nature"] = null;
  if (!blank(nature)) {
    const n = parseNature(nature as Cell);
    if (!n.ok) return invalid(n.message);
    nat = n.value;
  }
  return { value: { montant, procedure: proc, dureeMois, nature: nat, objet: blank(object) ? null : String(object), famille: null } };
}

/** "8; 14; 17; 19; 20" */
export function leversOf(s: Snapshot | null, amount: unknown, procedure: unknown, duration: unknown, nature?: unknown, object?: unknown): Outcome<string> {
  const a = leverArgs(amount, procedure, duration, nature, object);
  if ("error" in a) return a;
  return { value: leverList(levers(a.value, parameters(s))) };
}

/** Potentiel durable 0–100 from the levers and the questionnaire's answers (oui / non, blank = not answered). */
export function scoreOf(s: Snapshot | null, amount: unknown, procedure: unknown, duration: unknown, nature: unknown, object: unknown, answers: unknown[]): Outcome<number> {
  const a = leverArgs(amount, procedure, duration, nature, object);
  if ("error" in a) return a;
  const typed: Record<string, boolean> = {};
  for (let i = 0; i < QUESTIONS.length; i++) {
    const v = answers[i];
    if (blank(v)) continue;
    const yn = parseYesNo(v as Cell);
    if (!yn.ok) return invalid(`réponse « ${QUESTIONS[i].label} » : ${yn.message}`);
    typed[QUESTIONS[i].key] = yn.value;
  }
  return { value: score(levers(a.value, parameters(s)), typed) };
}
