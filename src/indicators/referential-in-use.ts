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
}

export interface ReferentialUse {
  specs: IndicatorSpec[];
  byId: Map<string, IndicatorSpec>;
  info: ReferentialInfo;
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

export function referentialInUse(p: Parameters, sheet: ReferentialSheet | null, defaultParameters: Parameters): ReferentialUse {
  const builtin = new Map(builtinDefinitions(p).map((d) => [d.id, d]));
  const builtinDefault = new Map(builtinDefinitions(defaultParameters).map((d) => [d.id, d]));
  const specs: IndicatorSpec[] = INDICATORS.map((def) => {
    const definition = builtin.get(def.id) ?? null;
    const target = (TARGET_IDS as readonly string[]).includes(def.id) ? ([...p.cibles[def.id as "T1"]] as [number, number]) : null;
    return { def: { ...def, label: labelWithParameters(def.id, def.label, p) }, definition, targets: target };
  });
  const byId = new Map(specs.map((s) => [s.def.id, s]));
  const info: ReferentialInfo = { kind: "intégré", replaced: [], added: [] };
  if (!sheet) return { specs, byId, info };
  applySheet(sheet, specs, byId, info, builtin, builtinDefault, defaultParameters);
  // T1.V … T6.V follow the label of their target when the sheet relabels it (and not them).
  const relabelled = new Set(sheet.rows.filter((r) => r.label).map((r) => r.id));
  for (const t of TARGET_IDS) {
    const v = byId.get(`${t}.V`);
    const target = byId.get(t);
    if (v && target && relabelled.has(t) && !relabelled.has(v.def.id)) v.def = { ...v.def, label: `${target.def.label} — en valeur (montants HT)` };
  }
  return { specs, byId, info };
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
    const existing = byId.get(row.id);
    if (existing) {
      const before = JSON.stringify([existing.def.label, existing.definition, existing.targets]);
      // A label equal to the built-in one written for the default parameters (« Marchés suivis entre
      // 10 000 € HT et 40 000 € HT ») is not a relabelling: the label keeps following Paramètres.
      const defaultLabel = labelWithParameters(row.id, INDICATORS.find((d) => d.id === row.id)?.label ?? "", defaultParameters);
      if (row.label && row.label !== defaultLabel) existing.def = { ...existing.def, label: row.label };
      if (row.cibles[0] !== null || row.cibles[1] !== null) {
        const t = existing.targets ?? [null, null];
        existing.targets = [row.cibles[0] ?? t[0], row.cibles[1] ?? t[1]];
      }
      existing.sheetRow = row.row;
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
      unit: row.type === "somme" && /montant/i.test(row.valeur) ? "euro" : unit,
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
