/**
 * The cotation's levers for a buyer's own plan (SPEC §8.1, docs/methodologie.md): an action of the
 * `Plan` sheet is a lever when an indicator of type `taux` of that action names it by ciblé(n) — the
 * buyer measures the share of contracts targeted by the action that carry a provision. A contract
 * qualifies for that lever when it would be in the indicator's population were it targeted by the
 * action (unknown counts as qualifying: the committee studies it); the lever is « en place » when
 * the contract already meets the indicator's condition. Each lever to study brings the same points.
 */
import type { Contract, Register } from "../register/types";
import { parseExpression, targetedActions, isEmptyExpression } from "../register/expression";
import { compilePredicate, type Predicate } from "./predicate";
import type { Lever } from "./cotation";
import { isSeedPlan, type Plan } from "../spaser/plan";
import type { ReferentialUse } from "./referential-in-use";

/** Points of each lever of a buyer's plan still to study (the score counts at most LEVER_POINTS_MAX). */
export const PLAN_LEVER_POINTS = 10;

export interface PlanLever {
  action: number;
  /** The action's title. */
  title: string;
  /** The `taux` indicator that names it. */
  indicator: string;
  population: Predicate | null;
  condition: Predicate;
  /** The indicator's condition as written (the provision the lever proposes). */
  conditionText: string;
  populationText: string;
}

/** The levers of the workbook's own plan; null when the plan in use is the seed's (its own rules apply). */
export function planLeverRules(reg: Register, ref: ReferentialUse): PlanLever[] | null {
  const plan: Plan | null | undefined = reg.plan;
  if (!plan || isSeedPlan(plan)) return null;
  const out: PlanLever[] = [];
  const ctx = { present: reg.present, parameters: reg.parameters };
  for (const s of ref.specs) {
    const d = s.definition;
    if (s.hidden || s.invalid || !d || d.type !== "taux") continue;
    const n = s.def.action;
    const action = plan.actions.find((a) => a.n === n);
    if (!action || out.some((l) => l.action === n)) continue;
    const pop = isEmptyExpression(d.population) ? null : parseExpression(d.population);
    const cond = parseExpression(d.condition);
    if (!cond.ok || (pop && !pop.ok)) continue;
    const names = [...(pop && pop.ok ? targetedActions(pop.expr) : []), ...targetedActions(cond.expr)];
    if (!names.includes(n)) continue;
    try {
      out.push({
        action: n,
        title: action.title,
        indicator: s.def.id,
        population: pop && pop.ok ? compilePredicate(pop.expr, ctx) : null,
        condition: compilePredicate(cond.expr, ctx),
        conditionText: d.condition,
        populationText: d.population,
      });
    } catch {
      // An expression too deep to evaluate: that indicator is n/a already; no lever from it.
    }
  }
  return out.sort((a, b) => a.action - b.action);
}

/** The contract as if it were targeted by action n too. */
function targeting(c: Contract, n: number): Contract {
  const t = Object.create(c) as Contract;
  t.actionsCiblees = [...(c.actionsCiblees ?? []), n];
  return t;
}

export function planLevers(c: Contract, rules: readonly PlanLever[]): Lever[] {
  const out: Lever[] = [];
  for (const r of rules) {
    const inPopulation = r.population ? r.population(targeting(c, r.action)) : true;
    if (inPopulation === false) continue;
    const done = r.condition(c) === true;
    out.push({
      action: r.action,
      reason: `action ${r.action} du plan (${r.title}) : indicateur ${r.indicator}, condition « ${r.conditionText} »${inPopulation === null ? " (appartenance à la population inconnue : à vérifier)" : ""}`,
      short: r.conditionText.length > 60 ? `${r.conditionText.slice(0, 57)}…` : r.conditionText,
      done,
      points: PLAN_LEVER_POINTS,
    });
  }
  return out;
}

/** The rules, for the legend of the cotation sheet. */
export function planLeverRuleTexts(rules: readonly PlanLever[]): string[] {
  if (!rules.length) return ["aucune action du plan n'est un levier : aucun indicateur de type taux de la feuille « Référentiel » ne nomme son action par ciblé(n)"];
  return rules.map((r) => `${r.action} (${r.title}) : indicateur ${r.indicator} ; proposé aux marchés de sa population (${r.populationText || "tous les marchés"}) ; en place quand la condition est remplie (${r.conditionText}) ; ${PLAN_LEVER_POINTS} points`);
}
