/**
 * The referential the figures follow: the built-in one (src/spaser), with the workbook's
 * `Référentiel` sheet applied on top — built-in indicators redefined, relabelled or retargeted,
 * new ones added (docs/methodologie.md). One mechanism for both: every indicator computed over contracts is a
 * Definition in the same form as a row of that sheet.
 */
import type { Parameters, ReferentialSheet } from "../register/types";
import { builtinDefinitions, Definition } from "../spaser/definitions";
import { INDICATORS, IndicatorDef, labelWithParameters, TARGET_IDS } from "../spaser/referential";
import type { ReferentialInfo } from "./types";
import { DEFAULT_PLAN, type Plan } from "../spaser/plan";
import { isEmptyExpression, parseExpression, targetedActions } from "../register/expression";
import { fold } from "../register/values";

export interface IndicatorSpec {
  def: IndicatorDef;
  /** How it is computed over contracts; null for indicators read from side tables or typed in. */
  definition: Definition | null;
  /** [step 1, step 2] targets, when it has any. */
  targets: [number | null, number | null] | null;
  /** Set when the workbook's definition cannot be used: the indicator is n/a with this reason. */
  invalid?: string;
  /** Where the workbook's sheet defines it (for messages and the methodology). */
  sheetRow?: number;
  /**
   * Computed for another indicator only (the measure a kept indicator repeats, « même mesure
   * que »): absent from the results and the boards.
   */
  hidden?: boolean;
}

export interface ReferentialUse {
  specs: IndicatorSpec[];
  byId: Map<string, IndicatorSpec>;
  info: ReferentialInfo;
  /** The plan the indicators are placed in (the seed's, or the workbook's `Plan` sheet). */
  plan: Plan;
}

const sameDefinition = (a: Definition, b: Pick<Definition, "type" | "population" | "condition" | "valeur">) =>
  a.type === b.type && norm(a.population) === norm(b.population) && norm(a.condition) === norm(b.condition) && norm(a.valeur) === norm(b.valeur);
const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, " ").trim().toLowerCase();

/** Built-in definitions for the default parameters and for the workbook's: a sheet row equal to either redefines nothing. */
function isBuiltinText(id: string, row: Pick<Definition, "type" | "population" | "condition" | "valeur">, forWorkbook: Map<string, Definition>, forDefault: Map<string, Definition>): boolean {
  const a = forWorkbook.get(id);
  const b = forDefault.get(id);
  return (!!a && sameDefinition(a, row)) || (!!b && sameDefinition(b, row));
}

export function referentialInUse(p: Parameters, sheet: ReferentialSheet | null, defaultParameters: Parameters, ownPlan: Plan | null = null): ReferentialUse {
  const plan = ownPlan ?? DEFAULT_PLAN;
  const builtin = new Map(builtinDefinitions(p).map((d) => [d.id, d]));
  const builtinDefault = new Map(builtinDefinitions(defaultParameters).map((d) => [d.id, d]));
  let specs: IndicatorSpec[] = INDICATORS.map((def) => {
    const definition = builtin.get(def.id) ?? null;
    const target = (TARGET_IDS as readonly string[]).includes(def.id) ? ([...p.cibles[def.id as "T1"]] as [number, number]) : null;
    return { def: { ...def, label: labelWithParameters(def.id, def.label, p) }, definition, targets: target };
  });
  const info: ReferentialInfo = { kind: "intégré", replaced: [], added: [] };
  if (ownPlan) {
    // A buyer's plan (SPEC §8.1): T1–T6 (and their value forms) and the built-ins its Référentiel names.
    const named = new Set((sheet?.rows ?? []).map((r) => r.id));
    const keep = (id: string) => (TARGET_IDS as readonly string[]).includes(id) || (TARGET_IDS as readonly string[]).includes(id.replace(/\.V$/, "")) || named.has(id);
    const kept = specs.filter((s) => keep(s.def.id));
    // The measure a kept indicator repeats is computed, not shown.
    for (const s of kept) {
      const other = s.def.sameAs;
      if (other && !kept.some((k) => k.def.id === other)) {
        const o = specs.find((x) => x.def.id === other);
        if (o) kept.push({ ...o, hidden: true });
      }
    }
    info.notComputed = specs.length - kept.filter((s) => !s.hidden).length;
    specs = kept;
    for (const s of specs) if (!(TARGET_IDS as readonly string[]).includes(s.def.id.replace(/\.V$/, ""))) s.def = { ...s.def, action: 0 };
    info.plan = { sheet: ownPlan.sheet ?? "Plan", axes: ownPlan.axes.length, objectives: ownPlan.objectives.length, actions: ownPlan.actions.length };
  }
  const byId = new Map(specs.map((s) => [s.def.id, s]));
  if (sheet) {
    applySheet(sheet, specs, byId, info, builtin, builtinDefault, defaultParameters);
    // T1.V … T6.V follow the label of their target when the sheet relabels it (and not them).
    const relabelled = new Set(sheet.rows.filter((r) => r.label && !followsTarget(r, sheet)).map((r) => r.id));
    for (const t of TARGET_IDS) {
      const v = byId.get(`${t}.V`);
      const target = byId.get(t);
      if (v && target && relabelled.has(t) && !relabelled.has(v.def.id)) v.def = { ...v.def, label: `${target.def.label} — en valeur (montants HT)` };
    }
    // `Type` = `aucun`: dropped (a target drops its value form with it).
    const dropped = new Set<string>();
    for (const r of sheet.rows) if (r.drop) {
      dropped.add(r.id);
      if ((TARGET_IDS as readonly string[]).includes(r.id)) dropped.add(`${r.id}.V`);
    }
    if (dropped.size) {
      const shown = specs.filter((s) => !dropped.has(s.def.id));
      for (const s of shown) {
        const other = s.def.sameAs;
        if (other && dropped.has(other)) {
          const i = specs.findIndex((x) => x.def.id === other);
          if (i >= 0) specs[i] = { ...specs[i], hidden: true };
        }
      }
      specs = specs.filter((s) => !dropped.has(s.def.id) || s.hidden);
      for (const id of dropped) if (!specs.some((s) => s.def.id === id)) byId.delete(id);
      info.dropped = [...dropped].filter((id) => INDICATOR_BY_ID_SET.has(id) || sheet.rows.some((r) => r.id === id));
    }
  }
  // A built-in kept with a buyer's plan whose definition names an action of the city's SPASER (T5:
  // ciblé(24)) that the plan does not have, or has under another title: the buyer's action 24 is not
  // the city's, so the figure would count other contracts without a word. Only the seed's action of
  // the same number and title (a Plan written by « spaser referentiel ») counts as the same action.
  if (ownPlan) {
    const seedTitle = new Map(DEFAULT_PLAN.actions.map((a) => [a.n, fold(a.title).replace(/\s+/g, " ").trim()]));
    const same = new Set(plan.actions.filter((a) => seedTitle.get(a.n) === fold(a.title).replace(/\s+/g, " ").trim()).map((a) => a.n));
    const titleOf = new Map(plan.actions.map((a) => [a.n, a.title]));
    for (const s of specs) {
      if (s.invalid || !s.definition || s.definition.type === "intégré" || s.definition !== builtin.get(s.def.id)) continue;
      const wrong: number[] = [];
      for (const text of [s.definition.population, s.definition.condition]) {
        if (isEmptyExpression(text)) continue;
        const parsed = parseExpression(text);
        if (parsed.ok) for (const n of targetedActions(parsed.expr)) if (!same.has(n) && !wrong.includes(n)) wrong.push(n);
      }
      if (!wrong.length) continue;
      const many = wrong.length > 1;
      const other = wrong.filter((n) => titleOf.has(n));
      const why = other.length
        ? `l'action ${other.map((n) => `${n} du plan du classeur (feuille « ${plan.sheet} ») est « ${clipTitle(titleOf.get(n) ?? "")} »`).join(", l'action ")}${other.length < wrong.length ? ` et ce plan n'a pas l'action ${wrong.filter((n) => !titleOf.has(n)).join(", ")}` : ""}`
        : `le plan du classeur (feuille « ${plan.sheet} ») n'a pas ${many ? "ces actions" : "cette action"}`;
      s.invalid = `${s.def.id} compte les contrats ciblés par ${many ? "les actions" : "l'action"} ${wrong.join(", ")} du SPASER de la collectivité ; ${why} : redéfinissez ${s.def.id} dans la feuille « Référentiel » ou retirez-le (Type « aucun »)`;
    }
  }

  return { specs, byId: new Map(specs.map((s) => [s.def.id, s])), info, plan };
}

const INDICATOR_BY_ID_SET = new Set(INDICATORS.map((d) => d.id));

/**
 * A row of T1.V … T6.V whose label is the one it takes from its target relabelled by the sheet
 * (« … — en valeur (montants HT) », as `spaser referentiel` writes it): not a relabelling of its own.
 */
function followsTarget(row: ReferentialSheet["rows"][number], sheet: ReferentialSheet): boolean {
  const m = /^(T[1-6])\.V$/.exec(row.id);
  if (!m || !row.label) return false;
  const target = sheet.rows.find((r) => r.id === m[1] && !r.drop);
  return !!target?.label && row.label === `${target.label} — en valeur (montants HT)`;
}

function applySheet(
  sheet: ReferentialSheet,
  specs: IndicatorSpec[],
  byId: Map<string, IndicatorSpec>,
  info: ReferentialInfo,
  builtin: Map<string, Definition>,
  builtinDefault: Map<string, Definition>,
  defaultParameters: Parameters,
): void {
  info.kind = "classeur";
  info.sheet = sheet.sheet;
  for (const row of sheet.rows) {
    if (row.drop) continue;
    const existing = byId.get(row.id);
    if (existing) {
      const before = JSON.stringify([existing.def.label, existing.definition, existing.targets]);
      // A label equal to the built-in one written for the default parameters (« Marchés suivis entre
      // 10 000 € HT et 40 000 € HT ») is not a relabelling: the label keeps following Paramètres.
      const defaultLabel = labelWithParameters(row.id, INDICATORS.find((d) => d.id === row.id)?.label ?? "", defaultParameters);
      if (row.label && row.label !== defaultLabel && !followsTarget(row, sheet)) existing.def = { ...existing.def, label: row.label };
      if (row.cibles[0] !== null || row.cibles[1] !== null) {
        const t = existing.targets ?? [null, null];
        existing.targets = [row.cibles[0] ?? t[0], row.cibles[1] ?? t[1]];
      }
      existing.sheetRow = row.row;
      if (row.action !== null && existing.def.action !== row.action) existing.def = { ...existing.def, action: row.action };
      if (row.invalid) existing.invalid = row.invalid;
      else if (row.type && row.type !== "intégré" && !isBuiltinText(row.id, row as Definition, builtin, builtinDefault)) {
        existing.definition = { id: row.id, type: row.type, population: row.population, condition: row.condition, valeur: row.valeur, ...(row.periode ? { periode: row.periode } : {}) };
      }
      if (row.invalid || JSON.stringify([existing.def.label, existing.definition, existing.targets]) !== before) info.replaced.push(row.id);
      continue;
    }
    const unit = row.type === "taux" || row.type === "part en valeur" ? "percent" : row.type === "compte" ? "count" : "number";
    const def: IndicatorDef = {
      id: row.id,
      label: row.label ?? row.id,
      unit: valueUnit(row.type, row.valeur) ?? unit,
      kind: "effet",
      action: row.action ?? 0,
      custom: true,
    };
    const spec: IndicatorSpec = {
      def,
      definition: row.type && row.type !== "intégré" ? { id: row.id, type: row.type, population: row.population, condition: row.condition, valeur: row.valeur, ...(row.periode ? { periode: row.periode } : {}) } : null,
      targets: row.cibles[0] !== null || row.cibles[1] !== null ? [...row.cibles] : null,
      sheetRow: row.row,
      ...(row.invalid ? { invalid: row.invalid } : {}),
    };
    if (!spec.definition && !spec.invalid) spec.invalid = "définition absente du référentiel du classeur";
    specs.push(spec);
    byId.set(row.id, spec);
    info.added.push(row.id);
  }
}

/**
 * The unit of an added sum or mean, from the column it adds up: amounts in euros (« Montant HT »),
 * hours (« Heures d'insertion », « Volume (h) »), shown as such on the boards and in the text.
 */
function valueUnit(type: string | null, valeur: string): "euro" | "hours" | null {
  if (type !== "somme" && type !== "moyenne") return null;
  if (/montant/i.test(valeur)) return "euro";
  if (/\bheures?\b|\(\s*h\s*\)/i.test(valeur)) return "hours";
  return null;
}

/** An action's title in a message: at most 60 characters. */
function clipTitle(t: string): string {
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
