/**
 * The methodology document (French Markdown, for controllers and auditors): for the referential in
 * use — the built-in one, or a workbook's `Référentiel` sheet applied on top — every indicator's
 * id, label, population, numerator or condition, value column, columns read, targets, parameters,
 * and when it is n/a. docs/methodologie.md is this text for the built-in referential and the
 * default parameters (`npm run methodologie`; a test fails when it is stale).
 *
 * Pure: no I/O. Nothing here restates a definition: the expressions come from the referential,
 * the columns each indicator needs and the n/a reasons from the engine's own accumulators (probed
 * over an empty year), the derived predicates from src/indicators/considerations.ts, the
 * parameters from src/register/parameters.ts. Only the prose around them is written here.
 */
import { ACTIVITY_COLUMNS, INSERTION_COLUMNS, normalizeHeader, REFERENTIAL_COLUMNS, REGISTER_COLUMNS, REGISTER_INDEX, type ColumnDef } from "../register/columns";
import { columnHeader, formatNumber, formatPercent, parseExpression, type Expr, type Value } from "../register/expression";
import { isOwnKey, OWN_KIND_WORDS, type OwnColumns } from "../register/own-columns";
import { DEFAULT_PARAMETERS, defaultParameters, PARAMETER_ROWS, parameterValue, type ParameterRow } from "../register/parameters";
import type { DateValue, Parameters, Register, TableSource } from "../register/types";
import { allowsNegotiation, formatDate, isFormalisee, PROCEDURE_LABEL } from "../register/values";
import { builtinDefinitions, type Definition, OTHER_SOURCES } from "../spaser/definitions";
import { actionRangeText, actionsOfObjective, axisHeading, objectiveHeading, objectivesOfAxis, unplaced } from "../spaser/plan";
import { ACTIONS, HOLDER_LABELS, INDICATOR_BY_ID, indicatorsOfAction, type IndicatorDef, labelWithParameters, TARGET_IDS } from "../spaser/referential";
import type { Acc, PresentKey, YearContext } from "./accumulators";
import { activityIndicators, insertionIndicators } from "./activities";
import { builtinAccumulators } from "./builtins";
import { compileDefinition } from "./compile";
import { CONSIDERATION_KEYS, REALISED_KEYS, SOCIAL_OTHER_KEYS } from "./considerations";
import { missingColumns } from "./engine";
import { referentialInUse, type IndicatorSpec, type ReferentialUse } from "./referential-in-use";
import type { IndicatorResult } from "./types";

export interface MethodologyOptions {
  /** One sentence saying how the document was produced (shown under the title). */
  origin?: string;
  /** Parameters the « valeur par défaut » column shows (default: the built-in defaults). */
  defaults?: Parameters;
  /** The register's own columns the workbook's `Référentiel` names (SPEC §8.1): named with their kind. */
  own?: OwnColumns | null;
}

/** The sentence under the title of docs/methodologie.md. */
export const DEFAULT_ORIGIN = "Document produit par `npm run methodologie` à partir du référentiel intégré et des paramètres par défaut : il ne se modifie pas à la main (un test vérifie qu'il est à jour).";

/** docs/methodologie.md: the methodology of the built-in referential with the default parameters. */
export function defaultMethodology(): string {
  const p = defaultParameters();
  return methodology(referentialInUse(p, null, defaultParameters()), p, { origin: DEFAULT_ORIGIN });
}

// ------------------------------------------------------------------ words

/** The year in the n/a reasons quoted here (« aucun contrat notifié en AAAA »). */
const PROBE_YEAR = 9999;
const YEAR_WORD = "AAAA";

const q = (s: string) => `« ${s} »`;
/** Markdown-escapes a text (labels, reasons) so that it shows as written, in a table cell too. */
const md = (s: string) => s.replace(/([\\`*_[\]<>|])/g, "\\$1");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);
const listFr = (items: string[], last = "et") => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${last} ${items[items.length - 1]}`);
const year = (s: string) => s.split(String(PROBE_YEAR)).join(YEAR_WORD);

const KIND_WORDS: Record<IndicatorDef["kind"], string> = {
  realisation: "Indicateur de réalisation",
  effet: "Indicateur d'effet",
  cible: "Cible de déploiement",
  valeur: "Cible en valeur",
  alerte: "Alerte loi Climat et résilience",
  repere: "Comparaison avec le constat national",
};

const UNIT_WORDS: Record<IndicatorDef["unit"], string> = {
  percent: "en %",
  count: "nombre",
  euro: "en € HT",
  hours: "en heures",
  days: "en jours",
  tco2e: "en tCO2e",
  yesno: "oui / non",
  number: "nombre",
  breakdown: "répartition (nombre par valeur, « Non renseigné » pour les valeurs inconnues)",
  text: "texte",
};

const TYPE_WORDS: Record<Definition["type"], string> = {
  taux: "taux",
  compte: "compte",
  somme: "somme",
  moyenne: "moyenne",
  "part en valeur": "part en valeur",
  intégré: "calcul intégré",
};

const OP_WORDS: Record<string, string> = { "=": "=", "≠": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥" };

/** A register column as the register writes its header; `socialDecp` is read from a DECP column. */
function colTitle(key: string): string {
  if (key === "socialDecp") return "considerationsSociales (DECP)";
  return columnHeader(key);
}

/**
 * Columns the reader counts as present through another one (src/register/read.ts): a derived
 * `Alloti`, a nature derived from the CPV code, anticipation from the date of cotation, DECP
 * considerations.
 */
const PRESENT_THROUGH: Record<string, string[]> = {
  alloti: ["nombreLots"],
  nature: ["cpv"],
  anticipe: ["dateCotation"],
  reserve: ["considerationsSociales"],
  clauseEnvironnementale: ["considerationsEnvironnementales"],
  critereEnvironnemental: ["considerationsEnvironnementales"],
};

function colRequired(key: string): string {
  const alt = (PRESENT_THROUGH[key] ?? []).map((k) => q(colTitle(k)));
  return alt.length ? `${q(colTitle(key))} (ou ${listFr(alt, "ou")})` : q(colTitle(key));
}

// ------------------------------------------------------------------ parameters

const PARAMETER_BY_NAME = new Map(PARAMETER_ROWS.map((r) => [normalizeHeader(r.name), r]));
const PARAMETER_BY_KEY = new Map(PARAMETER_ROWS.map((r) => [r.key as string, r]));

/** A parameter's value as a buyer reads it: 90 000 € HT, 12 mois, 30 %, 21/08/2026, oui. */
function formatParameter(row: ParameterRow, p: Parameters): string {
  const v = parameterValue(p, row.key);
  switch (row.kind) {
    case "euro":
      return `${formatNumber(v as number)} € HT`;
    case "months":
      return `${formatNumber(v as number)} mois`;
    case "percent":
      return formatPercent(v as number);
    case "optionalPercent":
      return v === null ? "aucune" : formatPercent(v as number);
    case "date":
      return formatDate(v as DateValue);
    case "text":
      return v === "" ? "(vide)" : String(v);
    default:
      return String(v);
  }
}

function parameterRef(key: string, p: Parameters): string {
  const row = PARAMETER_BY_KEY.get(key);
  return row ? `${q(row.name)} = ${formatParameter(row, p)}` : q(key);
}

/** Names quoted « … » in a French description: register columns and parameters. */
function quotedNames(text: string): { columns: string[]; parameters: string[] } {
  const columns: string[] = [];
  const parameters: string[] = [];
  for (const m of text.matchAll(/«\s*([^»]+?)\s*»/g)) {
    const n = normalizeHeader(m[1]);
    const par = PARAMETER_BY_NAME.get(n);
    if (par && !parameters.includes(par.key)) parameters.push(par.key);
    const col = REGISTER_INDEX.map.get(n);
    if (!par && col && !columns.includes(col.key)) columns.push(col.key);
  }
  return { columns, parameters };
}

// ------------------------------------------------------------------ expressions in words

function exprParameters(e: Expr, out: string[] = []): string[] {
  if (e.kind === "or" || e.kind === "and") e.items.forEach((x) => exprParameters(x, out));
  else if (e.kind === "not") exprParameters(e.item, out);
  else if (e.kind === "compare" && e.value.kind === "parameter" && !out.includes(e.value.key)) out.push(e.value.key);
  return out;
}

function valueWords(key: string, v: Value, p: Parameters): string {
  switch (v.kind) {
    case "number":
      return key === "montant" ? `${formatNumber(v.value)} € HT` : formatNumber(v.value);
    case "percent":
      return formatPercent(v.value);
    case "date":
      return formatDate(v.value);
    case "text":
      return `${q(v.value)} (sans tenir compte des majuscules ni des accents)`;
    case "yesno":
      return v.value ? "oui" : "non";
    case "reservation":
    case "nature":
      return q(v.value);
    case "procedureClass":
      return `une procédure ${q(v.value)}`;
    case "parameter": {
      const row = PARAMETER_BY_KEY.get(v.key);
      return row ? `${q(row.name)} (${formatParameter(row, p)})` : q(v.key);
    }
  }
}

/** What an expression means, in French words. */
function exprWords(e: Expr, p: Parameters): string {
  const inner = (x: Expr, parent: "or" | "and") => (x.kind === "or" || (x.kind === "and" && parent === "or") ? `(${exprWords(x, p)})` : exprWords(x, p));
  switch (e.kind) {
    case "or":
      return e.items.map((x) => inner(x, "or")).join(" ou ");
    case "and":
      return e.items.map((x) => inner(x, "and")).join(" et ");
    case "not": {
      const x = e.item;
      if (x.kind === "column" && x.key !== "actionsCiblees") return `${q(colTitle(x.key))} = non`;
      if (x.kind === "column") return "aucune action ciblée (« Actions ciblées » vide)";
      if (x.kind === "targeted") return `non ciblé pour l'action ${x.action}`;
      if (x.kind === "formalisee") return "issu d'une procédure non formalisée";
      if (x.kind === "consideration") return `sans considération ${x.which}`;
      return `non (${exprWords(x, p)})`;
    }
    case "column":
      if (e.key === "actionsCiblees") return "au moins une action ciblée (« Actions ciblées » non vide)";
      if (e.key === "reserve") return "« Marché réservé » = oui (quel que soit le type de réservation)";
      return `${q(colTitle(e.key))} = oui`;
    case "compare":
      if (e.key === "procedure" && e.value.kind === "procedureClass") return `${q("Procédure")} ${e.op === "≠" ? "n'est pas" : "est"} ${valueWords(e.key, e.value, p)}`;
      return `${q(colTitle(e.key))} ${OP_WORDS[e.op]} ${valueWords(e.key, e.value, p)}`;
    case "targeted":
      return `ciblé pour l'action ${e.action}`;
    case "formalisee":
      return "issu d'une procédure formalisée";
    case "consideration":
      return `avec une considération ${e.which}`;
  }
}

/** `expression` — its meaning in words; the population's empty text means all of C. */
function exprLine(text: string, p: Parameters, empty: string, own: OwnColumns | null = null): string {
  if (text.trim() === "") return empty;
  const r = parseExpression(text, own);
  return r.ok ? `${code(text)} — ${exprWords(r.expr, p)}.` : `${code(text)} (illisible : ${md(r.message)}).`;
}

// ------------------------------------------------------------------ probing the engine

/** Every register column key, and the DECP social consideration. */
const ALL_COLUMNS: ReadonlySet<string> = new Set([...REGISTER_COLUMNS.map((c) => c.key), "socialDecp"]);
/** A register whose social clauses come from a DECP export only (src/register/read.ts). */
const DECP_ONLY: ReadonlySet<string> = new Set(["socialDecp"]);

/** Columns an `intégré` indicator reads when they are present, beyond those it needs (src/indicators/builtins.ts). */
const OPTIONAL_READS: Readonly<Record<string, readonly string[]>> = {
  "A1.E1": [...new Set([...Object.values(REALISED_KEYS).flat(), "avance"])],
  "A2.R1": ["anticipe", "dateCotation"],
  "A17.R1": ["avance"],
  "A17.R2": ["avance"],
  "A17.R3": ["renonciationAvance"],
  "C7.3": ["nature"],
  "A16.E1": ["dateLancement", "dateNotification", "datePrevisionnelle"],
};

/** Columns the engine needs for A16.E1 (src/indicators/engine.ts: counted outside C). */
const A16_E1_NEEDS: PresentKey[] = ["infructueux"];

interface Probe {
  needs: readonly PresentKey[];
  needsAny: readonly (readonly PresentKey[])[];
  /** Reasons the figure is n/a over a year without contracts (none for a count). */
  empty: string[];
}

function probeAcc(acc: Acc, p: Parameters): Probe {
  const ctx: YearContext = { year: PROBE_YEAR, p, count: 0 };
  const r = acc.result(ctx);
  return { needs: acc.needs, needsAny: acc.needsAny ?? [], empty: r.value === null && r.reason ? [year(r.reason)] : [] };
}

function probeDefinition(d: Definition, p: Parameters, own: OwnColumns | null = null): Probe | string {
  // The register's own columns named are there (one absent would make the expression unreadable).
  const present = own ? new Set([...ALL_COLUMNS, ...own.named().map((c) => c.key)]) : ALL_COLUMNS;
  const c = compileDefinition(d, { present, parameters: p, detail: false, own });
  return c.ok ? probeAcc(c.make(), p) : c.reason;
}

/** n/a reasons and columns of the indicators that read the side tables, over a few empty workbooks. */
function probeSideTables(): Map<string, { sheet: string; reasons: string[] }> {
  const out = new Map<string, { sheet: string; reasons: string[] }>();
  const add = (sheet: string, values: Record<string, Partial<IndicatorResult>>) => {
    for (const [id, v] of Object.entries(values)) {
      let e = out.get(id);
      if (!e) out.set(id, (e = { sheet, reasons: [] }));
      if (v.value === null && v.reason && !e.reasons.includes(year(v.reason))) e.reasons.push(year(v.reason));
    }
  };
  const source = (sheet: string, cols: readonly ColumnDef[]): TableSource => ({ sheet, headerRow: 1, columns: Object.fromEntries(cols.map((c) => [c.key, c.header])), unknownColumns: [] });
  const bare = (sheet: string): TableSource => ({ sheet, headerRow: 1, columns: {}, unknownColumns: [] });
  add("Activités", activityIndicators(null, null, PROBE_YEAR));
  add("Activités", activityIndicators([], bare("Activités"), PROBE_YEAR));
  add("Activités", activityIndicators([], source("Activités", ACTIVITY_COLUMNS), PROBE_YEAR));
  const reg = (insertion: boolean, cols: boolean, present: ReadonlySet<string>) =>
    ({ insertion: insertion ? [] : null, insertionSource: insertion ? (cols ? source("Insertion", INSERTION_COLUMNS) : bare("Insertion")) : null, present }) as unknown as Register;
  add("Insertion", insertionIndicators(reg(false, false, new Set()), PROBE_YEAR, []));
  add("Insertion", insertionIndicators(reg(true, false, new Set()), PROBE_YEAR, []));
  add("Insertion", insertionIndicators(reg(true, true, ALL_COLUMNS), PROBE_YEAR, []));
  add("Insertion", insertionIndicators(reg(false, false, ALL_COLUMNS), PROBE_YEAR, []));
  return out;
}

// ------------------------------------------------------------------ one indicator

interface Ctx {
  ref: ReferentialUse;
  p: Parameters;
  builtin: Map<string, Definition>;
  builtinAccs: Map<string, () => Acc>;
  side: Map<string, { sheet: string; reasons: string[] }>;
  /** Parameter key → indicator ids that use it. */
  usedBy: Map<string, string[]>;
  /** The register's own columns (SPEC §8.1), for a workbook's methodology. */
  own: OwnColumns | null;
}

interface Block {
  /** Register column keys read. */
  columns: string[];
  parameters: string[];
  /** Bullet lines, Markdown. */
  lines: string[];
  /** Calcul word for the index. */
  type: string;
}

/** An engine's reason, as the user reads it. */
const reason = (s: string) => `*${md(s)}*`;

function naLines(probe: Probe, percent: boolean, extra: string[] = []): string[] {
  const out: string[] = [];
  if (probe.needs.length === 1) out.push(`colonne ${colRequired(probe.needs[0])} absente du registre`);
  else if (probe.needs.length > 1) out.push(`colonne ${listFr(probe.needs.map(colRequired), "ou")} absente du registre (la raison nomme chaque colonne manquante)`);
  for (const g of probe.needsAny) out.push(`aucune des colonnes ${listFr(g.filter((k) => k !== "socialDecp").map((k) => q(colTitle(k))), "ni")} dans le registre${g.includes("socialDecp") ? " (ni colonne DECP « considerationsSociales »)" : ""}`);
  // A register made from a DECP export: social clauses that do not tell insertion apart.
  const decp = missingColumns(probe.needs, probe.needsAny, DECP_ONLY);
  const decpPart = decp?.split(" ; ").find((s) => s.includes("DECP"));
  if (decpPart) out.push(`registre issu d'un export DECP (colonne « considerationsSociales ») sans colonne propre : ${reason(decpPart)}`);
  for (const e of probe.empty) out.push(`rien à mesurer dans l'année : ${reason(e)}${percent ? " (jamais 0 %)" : ""}`);
  return [...out, ...extra];
}

function naBullet(items: string[]): string[] {
  if (items.length === 0) return ["- **Non calculable (n/a)** : jamais (un compte vaut 0 quand aucun contrat ne répond)."];
  if (items.length === 1) return [`- **Non calculable (n/a)** : ${items[0]}.`];
  return ["- **Non calculable (n/a)** :", ...items.map((s, i) => `  - ${s}${i === items.length - 1 ? "." : " ;"}`)];
}

function columnsBullet(keys: string[], label = "Colonnes lues", own: OwnColumns | null = null): string[] {
  const name = (k: string) => {
    const o = isOwnKey(k) ? own?.get(k) : undefined;
    return o ? `${q(colTitle(k))} (colonne propre au registre, lue comme ${o.kind ? OWN_KIND_WORDS[o.kind] : "vide"})` : q(colTitle(k));
  };
  return keys.length ? [`- **${label}** : ${keys.map(name).join(", ")}.`] : [];
}

function parametersBullet(keys: string[], p: Parameters): string[] {
  return keys.length ? [`- **${plural(keys.length, "Paramètre", "Paramètres")}** (feuille « Paramètres ») : ${keys.map((k) => parameterRef(k, p)).join(" ; ")}.`] : [];
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** A definition written in the expression language (taux, compte, somme, moyenne). */
function expressionBlock(d: Definition, ctx: Ctx): Block {
  const p = ctx.p;
  const lines: string[] = [];
  const own = ctx.own;
  const pop = d.population.trim() === "" ? null : parseExpression(d.population, own);
  const cond = d.condition.trim() === "" ? null : parseExpression(d.condition, own);
  const params = uniq([...(pop?.ok ? exprParameters(pop.expr) : []), ...(cond?.ok ? exprParameters(cond.expr) : [])]);
  lines.push(`- **Calcul** : ${TYPE_WORDS[d.type]}.`);
  if (d.periode)
    lines.push(
      d.periode.kind === "ans"
        ? `- **Période** : les ${d.periode.n} années jusqu'à l'année suivie incluse (cumul des contrats notifiés pendant ces années) ; le chiffre le dit (« cumul des ${d.periode.n} années … », commentaire des tableaux de bord, \`comment\` en JSON).`
        : "- **Période** : les années de l'étape en cours (paramètres « Années étape 1 » et « Années étape 2 ») jusqu'à l'année suivie incluse, cumulées ; n/a pour une année hors de l'étape ; le chiffre le dit (« cumul de l'étape … », commentaire des tableaux de bord, `comment` en JSON).",
    );
  lines.push(`- **Population** : ${exprLine(d.population, p, d.periode ? "tous les contrats notifiés pendant la période." : "tous les contrats notifiés dans l'année (C).", own)}`);
  if (d.type === "taux") {
    lines.push(`- **Numérateur** : ${exprLine(d.condition, p, "tous les contrats de la population.", own)}`);
    lines.push("- **Dénominateur** : les contrats de la population dont l'appartenance et la condition sont connues (les autres sont écartés et comptés).");
  } else if (d.type === "compte") {
    lines.push(`- **Compté** : ${exprLine(d.condition, p, "tous les contrats de la population.", own)}`);
  } else if (d.type === "part en valeur") {
    const v = d.valeur.trim() || "Montant HT";
    lines.push(`- **Numérateur** : somme de ${q(v)} des contrats de la population qui remplissent ${exprLine(d.condition, p, "la condition (vide : tous).", own)}`);
    lines.push(`- **Dénominateur** : somme de ${q(v)} des contrats de la population ; un contrat dont l'appartenance, la condition ou la valeur est inconnue sort des deux termes et est compté parmi les écartés.`);
  } else {
    if (d.condition.trim() !== "") lines.push(`- **Filtre** : ${exprLine(d.condition, p, "", own)}`);
    lines.push(`- **Valeur** : ${d.type === "somme" ? "somme" : "moyenne"} de ${q(d.valeur)} sur les contrats retenus où elle est connue.`);
  }
  const probe = probeDefinition(d, p, own);
  let columns: string[];
  if (typeof probe === "string") {
    columns = [];
    lines.push(...naBullet([md(probe)]));
  } else {
    columns = uniq([...probe.needs, ...probe.needsAny.flat()]);
    lines.push(...columnsBullet(columns, undefined, own));
    if (probe.needsAny.length) lines.push("- Une considération dérivée se lit sur celles de ses colonnes que le registre contient (voir « Prédicats dérivés »).");
    lines.push(...parametersBullet(params, p));
    lines.push(...naBullet(naLines({ ...probe, needs: probe.needs.filter((k) => !isOwnKey(k)) }, d.type === "taux")));
  }
  return { columns, parameters: params, lines, type: TYPE_WORDS[d.type] };
}

function integratedBlock(d: Definition, ctx: Ctx, def: IndicatorDef): Block {
  const p = ctx.p;
  const id = def.id;
  const lines: string[] = [`- **Calcul** (intégré) : ${md(d.description ?? "")}.`];
  const quoted = quotedNames(d.description ?? "");
  const make = ctx.builtinAccs.get(id);
  let probe: Probe | null = make ? probeAcc(make(), p) : null;
  const extra: string[] = [];
  if (id === "A16.E1") probe = { needs: A16_E1_NEEDS, needsAny: [], empty: [] };
  const target = /^T\d\.V$/.test(id) ? id.slice(0, 2) : null;
  if (target) {
    const t = ctx.ref.byId.get(target);
    const tProbe = t?.definition && t.definition.type !== "intégré" ? probeDefinition(t.definition, p) : null;
    const tNeeds = tProbe && typeof tProbe !== "string" ? tProbe : { needs: [], needsAny: [], empty: [] };
    probe = { needs: uniq(["montant", ...tNeeds.needs]), needsAny: tNeeds.needsAny, empty: [] };
    // Reasons of src/indicators/engine.ts (valueTargets).
    extra.push(`${target} n/a : la même raison que ${target}`);
    extra.push(`aucun montant connu parmi les contrats du dénominateur : ${reason("aucun montant connu pour les contrats du dénominateur")}`);
    if (t?.definition?.type !== "taux") extra.push(`${target} n'est pas un taux (redéfini par le classeur) : ${reason(`${target} n'est pas un taux : pas de valeur pondérée par les montants`)}`);
  }
  const columns = uniq([...(probe?.needs ?? []), ...(probe?.needsAny.flat() ?? []), ...quoted.columns, ...(OPTIONAL_READS[id] ?? [])]);
  lines.push(...columnsBullet(columns));
  lines.push(...parametersBullet(quoted.parameters, p));
  lines.push(...naBullet(probe ? naLines(probe, def.unit === "percent", extra) : extra));
  return { columns, parameters: quoted.parameters, lines, type: TYPE_WORDS.intégré };
}

function sideBlock(def: IndicatorDef, ctx: Ctx): Block {
  const id = def.id;
  const text = OTHER_SOURCES[id as keyof typeof OTHER_SOURCES] ?? "";
  const side = ctx.side.get(id);
  const lines = [`- **Calcul** : ${md(text)}.`];
  const quoted = quotedNames(text);
  const sheetCols = side ? (side.sheet === "Activités" ? ACTIVITY_COLUMNS : INSERTION_COLUMNS) : [];
  const headers = sheetCols.map((c) => c.header);
  const named = uniq([...text.matchAll(/«\s*([^»]+?)\s*»/g), ...(side?.reasons ?? []).flatMap((r) => [...r.matchAll(/«\s*([^»]+?)\s*»/g)])].map((m) => m[1]));
  const sheetColumns = headers.filter((h) => named.some((n) => normalizeHeader(n) === normalizeHeader(h)));
  if (side && sheetColumns.length) lines.push(`- **Colonnes lues** (feuille ${q(side.sheet)}) : ${sheetColumns.map(q).join(", ")}${quoted.columns.length ? ` ; registre : ${quoted.columns.map((k) => q(colTitle(k))).join(", ")}` : ""}.`);
  else lines.push(...columnsBullet(quoted.columns));
  const na: string[] = (side?.reasons ?? []).map(reason);
  // The reason of src/indicators/engine.ts for A3.E1.
  if (id === "A3.E1") na.push(reason("aucune des cibles T1 à T6 n'a de valeur"));
  if (def.unit === "yesno" && side) lines.push(`- Sans activité réalisée dans l'année, la valeur est ${q(def.yesNo?.[1] ?? "Non")}.`);
  if (id === "A3.R1") lines.push("- **Non calculable (n/a)** : jamais.");
  else lines.push(...naBullet(na).map((l) => l.replace("jamais (un compte vaut 0 quand aucun contrat ne répond)", "jamais (0 quand la feuille est vide)")));
  return { columns: quoted.columns, parameters: quoted.parameters, lines, type: side ? `feuille ${q(side.sheet)}` : "intégré" };
}

function manualBlock(def: IndicatorDef): Block {
  return {
    columns: [],
    parameters: [],
    lines: [
      `- **Calcul** : aucune colonne du registre ne le donne : valeur saisie dans la feuille « Saisies » (Indicateur = ${def.id}, Année, Valeur, Commentaire), reprise telle quelle.`,
      `- **Non calculable (n/a)** : aucune ligne de « Saisies » pour cet indicateur et l'année : ${reason(`non renseigné : à saisir dans la feuille « Saisies » (indicateur ${def.id}, année ${YEAR_WORD})`)}.`,
    ],
    type: "saisie",
  };
}

function targetsText(spec: IndicatorSpec, p: Parameters): string | null {
  if (!spec.targets) return null;
  const f = (x: number | null) => (x === null ? "aucune" : spec.def.unit === "percent" ? formatPercent(x) : formatNumber(x));
  return `étape 1 (${md(p.libelleEtape[0])}) : ${f(spec.targets[0])} ; étape 2 (${md(p.libelleEtape[1])}) : ${f(spec.targets[1])}`;
}

function describe(spec: IndicatorSpec, ctx: Ctx): Block {
  const def = spec.def;
  const p = ctx.p;
  let block: Block;
  if (spec.invalid) {
    block = {
      columns: [],
      parameters: [],
      lines: [`- **Non calculable (n/a)** : la définition du classeur est inutilisable${spec.sheetRow ? ` (feuille « Référentiel », ligne ${spec.sheetRow})` : ""} : ${reason(spec.invalid)} ; l'anomalie est signalée avec sa cellule, les autres indicateurs sont calculés.`],
      type: "définition invalide",
    };
  } else if (def.sameAs) {
    const other = ctx.ref.byId.get(def.sameAs);
    block = {
      columns: [],
      parameters: [],
      lines: [`- **Calcul** : même mesure que [${def.sameAs}](#${def.sameAs})${other ? ` (${md(other.def.label)})` : ""} : mêmes contrats, mêmes colonnes, mêmes cas n/a (le SPASER la cite sous plusieurs actions).`],
      type: `comme ${def.sameAs}`,
    };
  } else if (def.manual) block = manualBlock(def);
  else if (spec.definition && spec.definition.type !== "intégré") block = expressionBlock(spec.definition, ctx);
  else if (spec.definition) block = integratedBlock(spec.definition, ctx, def);
  else block = sideBlock(def, ctx);

  const head: string[] = [];
  if (spec.sheetRow && !def.custom) head.push(`- **Modifié par le classeur** (feuille « Référentiel », ligne ${spec.sheetRow}).`);
  if (def.custom) head.push(`- **Propre à la collectivité** : ajouté par la feuille « Référentiel » du classeur${spec.sheetRow ? ` (ligne ${spec.sheetRow})` : ""}.`);
  const lines = [...head, ...block.lines];
  const t = targetsText(spec, p);
  if (t) lines.push(`- **Cibles** : ${t} ; statut « Atteint » quand la valeur atteint la cible de l'étape en cours (étape ${p.etape}), « En cours » en dessous, « Non renseigné » quand l'indicator est n/a.`.replace("l'indicator", "l'indicateur"));
  const ref = (TARGET_IDS as readonly string[]).includes(def.id) && def.id !== "T5" && def.id !== "T6" ? p.referencesNationales[def.id as "T1"] : undefined;
  if (ref !== undefined) {
    const row = PARAMETER_BY_KEY.get(`ref.${def.id}`);
    lines.push(`- **Référence nationale** : ${ref === null ? "aucune" : formatPercent(ref)}${row?.source ? ` (${md(row.source)})` : ""} — montrée pour comparaison, elle ne change jamais le statut.`);
  }
  if (def.id === "T4") {
    const flipped = builtinDefinitions({ ...p, t4InclutInsertion: !p.t4InclutInsertion }).find((d) => d.id === "T4");
    if (flipped && !spec.sheetRow) lines.push(`- Avec « T4 inclut l'insertion » = ${p.t4InclutInsertion ? "non" : "oui"}, le numérateur devient ${code(flipped.condition)}${p.t4InclutInsertion ? " : T3 et T4 mesurent alors des ensembles distincts" : ""}.`);
  }
  if (def.evolution) lines.push("- Présenté pour chaque année du registre (le SPASER le formule comme une évolution).");
  if (def.alert) lines.push("- Alerte « à vérifier », pas un constat : les contrats sont listés par leur N° marché dans les points d'attention.");
  if (def.complementary) lines.push("- Indicateur complémentaire : il ne figure pas dans le document du SPASER.");
  // What the workbook replaced.
  if (spec.sheetRow && !def.custom) {
    const b = INDICATOR_BY_ID.get(def.id);
    const label = b ? labelWithParameters(def.id, b.label, p) : null;
    if (label && label !== def.label) lines.push(`- Libellé intégré remplacé : ${md(label)}.`);
    const bd = ctx.builtin.get(def.id);
    const d = spec.definition;
    if (bd && d && JSON.stringify([bd.type, bd.population, bd.condition, bd.valeur]) !== JSON.stringify([d.type, d.population, d.condition, d.valeur])) {
      lines.push(`- Définition intégrée remplacée : ${TYPE_WORDS[bd.type]}${bd.population ? `, population ${code(bd.population)}` : ""}${bd.condition ? `, condition ${code(bd.condition)}` : ""}${bd.valeur ? `, valeur ${q(bd.valeur)}` : ""}.`);
    }
  }
  return { ...block, lines };
}

function indicatorSection(spec: IndicatorSpec, ctx: Ctx, level: string, blocks: Map<string, Block>): string[] {
  const def = spec.def;
  const b = describe(spec, ctx);
  blocks.set(def.id, b);
  return [`<a id="${def.id}"></a>`, "", `${level} ${def.id} — ${md(def.label)}`, "", `*${KIND_WORDS[def.kind]} · ${UNIT_WORDS[def.unit]}${def.unit === "yesno" && def.yesNo ? ` (${def.yesNo.join(" / ")})` : ""}*`, "", ...b.lines, ""];
}

// ------------------------------------------------------------------ sections

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`), ""];
}

function referentialSummary(ref: ReferentialUse): string {
  const i = ref.info;
  if (i.kind === "intégré") return "le référentiel intégré (celui du SPASER, sans feuille « Référentiel » dans le classeur)";
  const n = (xs: string[], one: string, many: string) => `${xs.length} ${plural(xs.length, one, many)}${xs.length ? ` (${xs.join(", ")})` : ""}`;
  const dropped = i.dropped?.length ? `, ${n(i.dropped, "retiré", "retirés")} (Type « aucun »)` : "";
  if (ref.plan.kind === "classeur") {
    const left = i.notComputed ? `, ${i.notComputed} ${plural(i.notComputed, "indicateur intégré du SPASER de la collectivité non calculé", "indicateurs intégrés du SPASER de la collectivité non calculés")}` : "";
    return `le référentiel du classeur, sur son propre plan (feuille ${q(ref.plan.sheet ?? "Plan")}) : T1 à T6 de l'outil et la feuille ${q(i.sheet ?? "Référentiel")} — ${n(i.replaced, "indicateur remplacé", "indicateurs remplacés")}, ${n(i.added, "ajouté", "ajoutés")}${dropped}${left}`;
  }
  return `le référentiel du classeur : le référentiel intégré modifié par la feuille ${q(i.sheet ?? "Référentiel")} — ${n(i.replaced, "indicateur remplacé", "indicateurs remplacés")}, ${n(i.added, "ajouté", "ajoutés")}${dropped}`;
}

const SECTIONS: [string, string][] = [
  ["principes", "1. Principes de calcul"],
  ["colonnes", "2. Colonnes du registre"],
  ["expressions", "3. Langage des expressions"],
  ["predicats", "4. Prédicats dérivés"],
  ["parametres", "5. Paramètres"],
  ["cibles", "6. Cibles de déploiement (T1 à T6)"],
  ["cibles-valeur", "7. Cibles en valeur (T1.V à T6.V)"],
  ["constat-national", "8. Comparaison avec le constat national (N.ENV, N.SOC)"],
  ["loi-climat", "9. Alertes loi Climat et résilience (C7.1 à C7.3)"],
  ["actions", "10. Indicateurs par axe, objectif et action"],
  ["propres", "11. Indicateurs propres à la collectivité"],
  ["index", "12. Index des indicateurs"],
];

function heading(anchor: string): string[] {
  const title = SECTIONS.find(([a]) => a === anchor)?.[1] ?? anchor;
  return [`<a id="${anchor}"></a>`, "", `## ${title}`, ""];
}

function principles(ref: ReferentialUse, p: Parameters): string[] {
  const unknownBlank = REGISTER_COLUMNS.filter((c) => c.type === "yesno" && c.blank === "unknown").map((c) => q(c.header));
  return [
    ...heading("principes"),
    "### Les contrats de l'année (C)",
    "",
    "- L'année étudiée est une année civile : option `--year` de la ligne de commande, choix de l'année dans le volet ; par défaut, la dernière année du registre qui a des contrats notifiés. Dans ce document, « AAAA » désigne cette année.",
    "- **C** désigne les contrats du registre dont la « Date de notification » tombe dans l'année. Un contrat sans date de notification n'est encore compté dans aucune année. Seule exception : A16.E1 (procédures infructueuses), qui date chaque procédure par sa « Date de lancement », à défaut sa « Date de notification », à défaut sa « Date prévisionnelle d'attribution » (une procédure infructueuse n'a souvent pas de notification).",
    "- Un registre tenu sur plusieurs feuilles (une par année) est lu comme un seul registre ; les lignes d'un même marché (co-titulaires d'un export DECP) forment un seul contrat.",
    "- La « Population » d'un indicateur est une partie de C (par exemple les contrats ciblés pour une action) ; vide, elle désigne tout C.",
    "- Pour un SPASER commun à plusieurs acheteurs, la colonne « Entité » permet de calculer tous les indicateurs pour un seul acheteur (`--entity` en ligne de commande, choix de l'entité dans le volet).",
    "- Les indicateurs que le SPASER formule comme une « évolution » sont donnés pour chaque année du registre.",
    "",
    "### L'unité de compte : consultations, lots, accords-cadres, concessions",
    "",
    "- **En nombre**, une ligne du registre est un contrat : un lot notifié séparément compte pour un contrat, comme le fait l'Observatoire économique de la commande publique.",
    "- **Les indicateurs qui portent sur une procédure** comptent des **consultations** : l'allotissement (A14.R2), les procédures infructueuses (A16.E1), les moyennes d'offres et de DCE retirés (A14.E1, A15.E1, A15.E2 et leurs mêmes mesures) et les alertes loi Climat C7.1 à C7.3. Une consultation réunit les contrats qui ont le même « N° consultation » ; un contrat sans ce numéro est à lui seul sa consultation. Une réponse oui/non de la consultation vaut « oui » quand tous ses lots disent oui, « non » quand l'un dit non, « inconnu » sinon ; son montant est sa « Valeur estimée du besoin », à défaut la somme des montants de ses lots ; ses nombres d'offres et de DCE retirés sont les plus grands de ses lots (un candidat à plusieurs lots est un seul candidat) ; son année est celle de son premier lot notifié.",
    "- **En valeur** (T1.V à T6.V, chaque somme, A24.E1), un montant ne compte qu'une fois : un marché subséquent (ou un bon de commande) dont l'accord-cadre est au registre n'est pas additionné — le montant de l'accord-cadre le couvre déjà — et figure parmi les écartés avec la raison ; sans son accord-cadre au registre, il compte, et le commentaire de l'indicateur le dit.",
    "- **Les concessions** sont des contrats du registre (T1 à T6 les comptent) ; elles ont leur propre seuil européen (« Seuil européen concessions (€ HT) »).",
    "",
    "### Types de calcul",
    "",
    ...table(
      ["Type", "Valeur", "Contrats retenus", "n/a quand"],
      [
        ["taux", "part des contrats de la population qui satisfont la condition (numérateur / dénominateur)", "dénominateur : contrats de la population dont l'appartenance et la condition sont connues", "la population ne retient aucun contrat (jamais 0 %)"],
        ["compte", "nombre de contrats de la population qui satisfont la condition", "contrats dont l'appartenance et la condition sont connues", "jamais (0 quand aucun contrat ne répond)"],
        ["somme", "somme de la colonne « Valeur » sur les contrats de la population qui passent le filtre", "contrats où la valeur est connue", "aucune valeur connue"],
        ["moyenne", "moyenne de la colonne « Valeur » sur les contrats de la population qui passent le filtre", "contrats où la valeur est connue", "aucune valeur connue"],
        ["part en valeur", "somme de la colonne « Valeur » (par défaut « Montant HT ») des contrats de la population qui satisfont la condition / même somme sur la population", "contrats dont l'appartenance, la condition et la valeur sont connues", "aucune valeur connue dans la population"],
        ["intégré", "calcul que le langage des expressions ne peut pas écrire, décrit en toutes lettres (couples de A1.E1, répartitions, rapports de sommes, avance bonifiée…) ; il se renomme et se recible, il ne se redéfinit pas", "selon l'indicateur", "selon l'indicateur"],
      ],
    ),
    "Les indicateurs qui ne portent pas sur les contrats lisent les feuilles facultatives du classeur : « Activités » (réunions, formations, outils, événements), « Insertion » (suivi du PLIE, une ligne par bénéficiaire et par contrat) et « Saisies » (valeurs venues d'ailleurs : Indicateur, Année, Valeur, Commentaire). Un indicateur d'effet que le registre ne peut pas donner prend la valeur saisie dans « Saisies » pour l'année.",
    "",
    "### Valeurs inconnues : une logique à trois valeurs",
    "",
    `- Une cellule vide d'une colonne oui/non vaut « non », sauf pour ${listFr(unknownBlank)}, où elle vaut « inconnu ». Une cellule vide d'une colonne de nombre, de date ou de texte vaut « inconnu ». Une cellule mal saisie vaut toujours « inconnu », et l'anomalie est signalée avec sa feuille, sa ligne, sa colonne et sa cellule.`,
    "- Une condition est donc vraie, fausse ou inconnue : NON inconnu = inconnu ; inconnu ET faux = faux ; inconnu ET vrai = inconnu ; inconnu OU vrai = vrai ; inconnu OU faux = inconnu. Une comparaison avec une valeur inconnue est inconnue.",
    "- Un contrat dont l'appartenance à la population ou la condition est inconnue **sort du dénominateur** sans être perdu : il est compté parmi les contrats écartés (`excluded`), avec la colonne inconnue nommée. Il en va de même pour les couples (contrat, action) de A1.E1.",
    "- Les sommes et les moyennes ne portent que sur les valeurs connues.",
    "",
    "### Indicateur non calculable (n/a)",
    "",
    "- Un indicateur qui n'a rien à mesurer est **n/a**, jamais 0 % : sa valeur est vide (`null` en JSON) et une raison en français dit pourquoi (champ `reason`, commentaire des tableaux de bord, volet).",
    "- **Colonne absente** : un indicateur qui lit une colonne absente du registre est n/a, et la raison nomme la colonne. Les prédicats dérivés (considération environnementale, considération sociale…) lisent celles de leurs colonnes qui sont présentes : ils ne sont n/a que si aucune ne l'est.",
    "- **Registre issu des données essentielles (DECP)** : la colonne `considerationsSociales` ne distingue pas l'insertion des autres clauses sociales ; une « Clause sociale » ou un « Critère social » DECP compte comme considération sociale mais ne renseigne ni la « Clause d'insertion », ni le « Critère d'insertion », ni les colonnes « hors insertion ». Les indicateurs qui lisent ces colonnes sont n/a tant que le registre n'a pas de colonne propre, avec la raison « les données DECP ne distinguent pas l'insertion des autres clauses sociales : ajoutez la colonne … ».",
    "- **Population vide** : aucun contrat de la population (ou aucune valeur connue pour une somme ou une moyenne) ; quand aucun contrat n'est notifié dans l'année, la raison est « aucun contrat notifié en AAAA ».",
    "- **Feuille annexe absente** : les indicateurs des feuilles « Activités » et « Insertion » sont n/a quand la feuille, ou la colonne qu'ils lisent, manque.",
    "- **Définition du classeur invalide** : une ligne fautive de la feuille « Référentiel » rend son seul indicateur n/a ; l'erreur nomme sa cellule.",
    "",
    "### Retrouver les contrats derrière chaque chiffre",
    "",
    "- Ligne de commande : `spaser indicators REGISTRE.xlsx --year AAAA --json --detail` ajoute à chaque indicateur calculé sur les contrats un objet `detail` : pour un taux, les N° marché du numérateur (`numerator`), du dénominateur (`denominator`) et des contrats écartés avec leur raison (`excluded`) ; pour un compte, une somme ou une moyenne, les contrats comptés (`counted`). Les identifiants sont ceux du registre (pour un export DECP, l'`uid`).",
    "- Tableaux de bord : la feuille « Détail des indicateurs » donne, pour chaque indicateur, ses contrats avec N° marché, Objet, Montant et rôle (numérateur, dénominateur seul, écarté et pourquoi) ; chaque ligne d'indicateur des tableaux de bord 1 et 2 y mène par un lien.",
    "- Fonction de feuille de calcul : `=SPASER.CONTRATS(id; [rôle])` (`=SPASER.CONTRACTS` en anglais) renvoie la liste des N° marché, rôle « numérateur » (par défaut), « dénominateur » ou « écartés ».",
    "- Volet : le choix d'un indicateur montre sa valeur, son numérateur, son dénominateur et ses contrats ; un clic sélectionne la ligne du contrat dans le registre.",
    "",
    "- Indicateurs des feuilles « Activités » et « Insertion » : le détail (`detail.rows` en JSON, « Détail des indicateurs », volet) donne leurs lignes, sous la forme `Insertion!12` (feuille!ligne), avec leur rôle (numérateur, dénominateur seul, écarté et pourquoi, compté).",
    "",
    "### Ce que dit chaque chiffre",
    "",
    ...figureRules(ref, p),
    "",
    "### Le référentiel du classeur (feuille « Référentiel »)",
    "",
    `- Le référentiel décrit ici est ${referentialSummary(ref)}.`,
    `- Une feuille facultative « Référentiel » (colonnes ${REFERENTIAL_COLUMNS.map((c) => q(c.header)).join(", ")}) redéfinit ou complète le référentiel intégré. Une ligne dont l'Id est celui d'un indicateur intégré (T1, A8.R1…) le remplace : libellé, définition, cibles ; un Id nouveau (X1…) ajoute un indicateur, montré sous son action dans le tableau de bord 2, ou sous « Indicateurs propres à la collectivité » quand la ligne ne donne pas d'action.`,
    "- Le type est `taux`, `compte`, `somme` ou `moyenne` ; la population et la condition s'écrivent dans le langage des expressions (section 3) ; la valeur d'une somme ou d'une moyenne est une colonne du registre. Les indicateurs de type « intégré » se renomment et se reciblent mais ne se redéfinissent pas.",
    "- Une erreur (syntaxe, colonne inconnue, type inconnu, Id en double) est signalée avec sa cellule (par exemple `Référentiel!E7`) et ne rend n/a que l'indicateur de sa ligne.",
    "- `spaser referentiel -o FICHIER.xlsx` (ou, dans le volet, « Créer un référentiel modifiable ») écrit le référentiel intégré sous la forme de cette feuille : c'est le point de départ d'une collectivité qui l'adapte, et relu tel quel il donne exactement les mêmes résultats.",
    `- Les chiffres suivent les paramètres du classeur (section 5)${p.collectivite ? `, ici ceux de ${md(p.collectivite)}` : ""}.`,
    "",
  ];
}

/**
 * The rules that make a figure say what it is (SPEC §3.x): labels, holders, the same measure shown
 * once, A17.R1's disposition, targets in their unit, the national comparison on its population.
 */
function figureRules(ref: ReferentialUse, p: Parameters): string[] {
  const same = ref.specs.filter((s) => s.def.sameAs).map((s) => `[${s.def.id}](#${s.def.id}) → [${s.def.sameAs}](#${s.def.sameAs})`);
  const holders = Object.entries(HOLDER_LABELS).map(([id, l]) => `[${id}](#${id}) : ${q(l.holders)} avec la colonne « Titulaire », ${q(l.contracts)} sans elle`);
  return [
    "- **Montants notifiés, pas dépenses** : le registre donne les montants notifiés des contrats (« Montant HT »), pas les dépenses payées ; les libellés le disent (A13.E1 « Montants notifiés en faveur du commerce équitable », A24.E1 « Part des montants notifiés en économie circulaire », A11.E1 « CA moyen par contrat », moyenne des montants notifiés par contrat).",
    `- **Titulaires ou contrats** : quand le registre a une colonne « Titulaire », les indicateurs que le SPASER formule sur les entreprises comptent des titulaires distincts (nom comparé sans majuscules, accents ni ponctuation) ; un titulaire est TPE/PME quand ses contrats de l'année qui répondent le disent ; des réponses contradictoires, comme un titulaire ou une taille inconnus, écartent ses contrats (raison donnée). Le détail liste les contrats des titulaires comptés. Sans la colonne, ils comptent des contrats et le disent : ${holders.join(" ; ")}.`,
    `- **Un chiffre montré une fois** : quand le SPASER cite la même mesure (même colonne, même population) sous plusieurs actions, le chiffre est montré sur la ligne du premier ; les autres disent « même mesure que … » (« voir … » dans les tableaux de bord, \`sameAs\` en JSON) : ${same.join(", ")}.`,
    `- **A17.R1 suit la disposition du SPASER** : avance bonifiée (au moins ${formatPercent(p.tauxAvanceBonifiee)}) pour les marchés de moins de ${formatNumber(p.seuilAvanceBonifiee)} € HT (« Seuil avance bonifiée ») ; un contrat ciblé au montant égal ou supérieur n'entre ni au numérateur ni au dénominateur ; une avance bonifiée au-dessus du seuil est signalée par une information « avance bonifiée hors dispositif du SPASER » (feuille, ligne, colonne « Montant HT »). L'avance obligatoire de l'art. R2191-3 est une obligation légale, suivie par A17.R3, jamais comptée comme l'action 17.`,
    "- **Cibles dans l'unité de l'indicateur** : la cible d'un taux est un pourcentage ; celle d'un compte, d'une somme ou d'une moyenne s'affiche dans l'unité de l'indicateur (80 000 h, jamais 8 000 000 %), dans les tableaux de bord, le volet, la ligne de commande et les fonctions. Le tableau de bord 2 montre la cible de l'étape en cours à côté de chaque statut ; les colonnes par entité du tableau de bord 1 donnent la valeur et ses effectifs (« 33,3 % (1/3) »).",
    "- **Comparer ce qui est comparable** : le constat national de l'OECP porte sur les contrats de 90 000 € HT et plus ; il est montré à côté de la part de l'acheteur sur la même population ([N.ENV](#N.ENV), [N.SOC](#N.SOC), section 8), pas à côté de T2 et T4, qui gardent les objectifs du PNAD.",
  ];
}

const VALUE_TYPE_WORDS: Record<string, string> = {
  id: "identifiant (obligatoire, unique)",
  text: "texte",
  yesno: "oui / non",
  number: "nombre",
  integer: "nombre entier",
  percent: "pourcentage (30 %, 0,3 ou 30)",
  date: "date",
  actions: "liste de numéros d'action (1 à 26)",
  procedure: "procédure",
  nature: "Travaux, Fournitures, Services, Maîtrise d'œuvre, Concession",
  reserve: "non, oui, ESS, SIAE, EA, ESAT",
  cpv: "code CPV",
  decpSocial: "DECP : liste de considérations sociales",
  decpEnv: "DECP : liste de considérations environnementales",
  contractType: "marché, accord-cadre, marché subséquent (ou bon de commande), concession ; DECP `techniques` « Accord-cadre » : accord-cadre",
  identifier: "identifiant (SIRET : 14 chiffres ; n° de TVA…)",
};

/** The type of a column as the methodology says it: the values of a closed list. */
function typeWords(c: ColumnDef): string {
  if (c.choices) return `${c.choices.map((x) => x[0]).join(", ")}${c.type === "choiceList" ? " (une ou plusieurs)" : ""}`;
  return VALUE_TYPE_WORDS[c.type] ?? c.type;
}

const BLANK_WORDS: Record<string, string> = { unknown: "inconnu", no: "non", reject: "ligne rejetée (erreur)" };

function columnsSection(): string[] {
  const blank = (c: ColumnDef) => {
    if (c.key === "alloti") return "déduit du « Nombre de lots » (2 ou plus : oui), sinon inconnu";
    if (c.key === "nature") return "déduite du « Code CPV » quand il est là, sinon inconnue";
    if (c.key === "anticipe") return "non (un contrat est aussi anticipé par sa « Date de cotation » : section 4)";
    if (c.key === "dateNotification") return "contrat pas encore notifié : hors de toute année";
    if (c.key === "actionsCiblees") return "aucune action ciblée";
    if (c.key === "consultation") return "le contrat est à lui seul sa consultation";
    if (c.key === "typeContrat") return "marché (marché subséquent quand un « N° accord-cadre » est indiqué)";
    if (c.key === "valeurEstimee") return "somme des « Montant HT » des lots de la consultation";
    if (c.key === "motifExceptionClimat") return "aucune exception déclarée";
    if (c.key === "defense") return "non (une nature ou une procédure DECP « Marché de défense ou de sécurité » vaut oui)";
    if (c.key === "datePublicationDonnees") return "la date donnée à `spaser decp --date` (par défaut : le jour de l'export)";
    if (c.key === "titulaireTypeId") return "SIRET quand l'identifiant a 14 chiffres, sinon inconnu";
    return BLANK_WORDS[c.blank];
  };
  return [
    ...heading("colonnes"),
    "Le registre est reconnu par ses en-têtes : la casse, les accents, les espaces, la ponctuation et une unité finale (`(€)`, `HT`, `(mois)`, `(%)`) ne comptent pas ; après cette mise en forme, un en-tête doit être égal à l'un des noms ci-dessous. Une colonne inconnue est gardée et ignorée. Les expressions du « Référentiel » nomment les colonnes par ces mêmes noms.",
    "",
    ...table(
      ["En-tête", "Autres noms acceptés", "Type", "Cellule vide"],
      REGISTER_COLUMNS.map((c) => [md(c.header), c.aliases.slice(1).map(md).join(", ") || "—", typeWords(c), blank(c)]),
    ),
    "Colonnes DECP : `considerationsSociales` contenant « Clause sociale » ou « Critère social » donne une considération sociale DECP (qui peut être une clause d'insertion : elle ne renseigne aucune colonne d'insertion ni « hors insertion ») ; « Marché réservé » renseigne « Marché réservé » ; `considerationsEnvironnementales` contenant « Clause environnementale » ou « Critère environnemental » renseigne ces colonnes. `attributionAvance` est l'« Avance », `tauxAvance` le « Taux d'avance ».",
    "",
    "Colonnes de publication (`spaser decp`, données essentielles au format DECP 2024) : de « SIRET acheteur » à « Subvention publique », elles ne servent à aucun indicateur ; un contrat notifié n'est publié que si le registre donne tout ce que le format exige (« Type de contrat » et les colonnes des considérations sociales et environnementales comprises), sinon il est listé avec ce qui lui manque. Un identifiant de titulaire de 14 chiffres sans type est un SIRET ; sans colonne « Titulaire », `titulaire_id` désigne aussi le titulaire. « Montant après modifications » (lu des `modifications` d'un fichier DECP) est montré dans le détail ; le montant compté reste celui de la notification.",
    "",
    `Feuilles facultatives : « Activités » (${ACTIVITY_COLUMNS.map((c) => q(c.header)).join(", ")}), « Insertion » (${INSERTION_COLUMNS.map((c) => q(c.header)).join(", ")}), « Saisies » (« Indicateur », « Année », « Valeur », « Commentaire »), « Paramètres » (« Paramètre », « Valeur »).`,
    "",
  ];
}

/** The register's own columns the workbook's Référentiel names, with the kind read from their cells (SPEC §8.1). */
function ownColumnsLines(own: OwnColumns | null): string[] {
  const cols = own ? own.named() : [];
  if (!cols.length) return [];
  const one = (c: (typeof cols)[number]) => {
    const bad = c.bad ? `, dont ${c.bad} ${plural(c.bad, "illisible signalée et lue comme inconnue", "illisibles signalées et lues comme inconnues")}` : "";
    return `${q(c.header)} : ${c.kind ? OWN_KIND_WORDS[c.kind] : "vide"} (${c.filled} ${plural(c.filled, "cellule remplie", "cellules remplies")}${bad})`;
  };
  return [
    `Colonnes propres au registre de ce classeur, nommées par son « Référentiel » : ${cols.map(one).join(" ; ")}. Une colonne propre se nomme par son en-tête ; son type (oui/non, nombre, pourcentage, date ou texte) est celui de la plupart de ses cellules remplies ; une cellule vide ou d'un autre type vaut « inconnu » (le contrat est écarté d'un taux).`,
    "",
  ];
}

function expressionSection(p: Parameters): string[] {
  const usable = PARAMETER_ROWS.filter((r) => r.kind === "euro" || r.kind === "months" || r.kind === "date" || r.key === "tauxAvanceBonifiee");
  return [
    ...heading("expressions"),
    "Les colonnes « Population » et « Condition » du référentiel s'écrivent dans un petit langage, lu une fois par calcul (rien n'y est exécuté). Mots-clés et noms de colonnes se comparent comme les en-têtes (casse et accents indifférents).",
    "",
    ...table(
      ["Forme", "Vraie quand", "Exemple"],
      [
        ["colonne oui/non", "la colonne vaut oui", code("[Clause d'insertion]")],
        ["colonne opérateur valeur", "la comparaison est vraie (opérateurs = ≠ <> < <= > >=)", code("[Montant HT] > 90 000")],
        [code("ciblé(N)"), "« Actions ciblées » contient l'action N", code("ciblé(8)")],
        [code("formalisée"), "la procédure est formalisée (section 4)", code("formalisée")],
        [code("considération environnementale"), "l'une des clauses ou l'un des critères environnementaux (section 4)", code("considération environnementale")],
        [code("considération sociale"), "l'une des considérations sociales ou éthiques, insertion comprise (section 4)", code("considération sociale")],
        [code("considération sociale hors insertion"), "une considération sociale ou éthique autre que l'insertion (section 4)", code("considération sociale hors insertion")],
        [code("NON x"), "x est fausse", code("NON [Critère environnemental]")],
        [code("x ET y"), "x et y sont vraies", code("formalisée ET [Montant HT] >= 40 000")],
        [code("x OU y"), "x ou y est vraie", code("ciblé(14) OU ciblé(16)")],
        [code("( … )"), "regroupe", code("(ciblé(8) OU ciblé(10)) ET formalisée")],
      ],
    ),
    "- Priorité : NON, puis ET, puis OU ; les parenthèses la changent.",
    "- Une colonne s'écrit telle quelle ou entre crochets : `[Montant HT]`. Les valeurs : un nombre (`90 000`, `90 000,50`, `90 k€`, `1,2 M€`), un pourcentage (`30 %`), un texte entre guillemets (`\"Voirie\"`, comparé sans tenir compte des majuscules ni des accents), une date `JJ/MM/AAAA`, ou un paramètre entre crochets (`[Seuil clause d'insertion]`), lu dans la feuille « Paramètres ».",
    "- `[Procédure] = \"MAPA\"` compare la classe de la procédure (formalisée, adaptée, sans mise en concurrence) ; `[Nature] = \"Travaux\"` une des natures ; `[Marché réservé] = \"ESAT\"` un type de réservation ; `[Actions ciblées]` seul est vrai quand au moins une action est ciblée.",
    "- Une colonne propre au registre (un en-tête qui n'est pas dans la liste des colonnes, par exemple `[Titulaire du territoire]` ou `[Produits bio (%)]`) se nomme par son en-tête, tel quel ou entre crochets. Son type (oui/non, nombre, pourcentage, date ou texte) est celui de la plupart de ses cellules remplies ; ses autres cellules sont signalées chacune par un avertissement et valent « inconnu » ; une colonne de nombres ou de pourcentages peut être la « Valeur » d'une somme, d'une moyenne ou d'une part en valeur. Un nom qui n'est ni une colonne de la liste ni un en-tête du registre est une erreur à sa cellule du référentiel.",
    "- Logique à trois valeurs : voir la section 1 ; une comparaison avec une valeur inconnue est inconnue.",
    `- Paramètres utilisables comme valeur (l'unité finale du nom peut être omise) : ${usable.map((r) => `${q(r.name)} (${formatParameter(r, p)})`).join(", ")}, ainsi que les cibles (« Cible T1 étape 1 »…) et les références nationales (section 5).`,
    "",
  ];
}

function predicatesSection(p: Parameters): string[] {
  const cols = (keys: readonly string[]) => keys.map((k) => q(colTitle(k))).join(", ");
  const formal = (Object.keys(PROCEDURE_LABEL) as (keyof typeof PROCEDURE_LABEL)[]).filter(isFormalisee).map((k) => PROCEDURE_LABEL[k]);
  const negotiable = (Object.keys(PROCEDURE_LABEL) as (keyof typeof PROCEDURE_LABEL)[]).filter(allowsNegotiation).map((k) => PROCEDURE_LABEL[k]);
  const realised = Object.entries(REALISED_KEYS).map(([n, keys]) => [String(n), Number(n) === 17 ? "avance bonifiée (« Avance », « Taux d'avance »)" : keys.map((k) => q(colTitle(k))).join(" ou ")]);
  const notContract = ACTIONS.map((a) => a.n).filter((n) => !(n in REALISED_KEYS));
  return [
    ...heading("predicats"),
    "Prédicats calculés à partir de plusieurs colonnes ; les considérations se lisent sur celles de leurs colonnes que le registre contient (elles ne sont n/a que si aucune n'est présente), vraies dès qu'une colonne vaut oui, inconnues si aucune ne vaut oui et qu'une est inconnue.",
    "",
    ...table(
      ["Prédicat", "Définition", "Colonnes lues"],
      [
        [code("formalisée"), `procédure formalisée : ${formal.join(", ")} ; inconnue quand la procédure l'est`, q("Procédure")],
        [code("considération environnementale"), "au moins une clause ou un critère environnemental", cols(CONSIDERATION_KEYS.environnementale)],
        [code("considération sociale"), "au moins une considération sociale ou éthique, insertion comprise, y compris une considération sociale DECP", cols(CONSIDERATION_KEYS.sociale)],
        [code("considération sociale hors insertion"), `au moins l'une de ${cols(SOCIAL_OTHER_KEYS)} ; un contrat dont la seule donnée sociale est une considération sociale DECP est inconnu (elle peut être une clause d'insertion)`, cols(CONSIDERATION_KEYS.socialeHorsInsertion)],
        [code("ciblé(N)"), "« Actions ciblées » contient N (cellule vide : aucune action ciblée)", q("Actions ciblées")],
        ["avance bonifiée", `faux quand « Avance » = non (cellule vide comprise : pas d'avance, donc pas d'avance bonifiée) ; sinon « Taux d'avance » ≥ « Taux avance bonifiée » (${formatPercent(p.tauxAvanceBonifiee)}) ; inconnue quand le taux l'est`, `${q("Avance")}, ${q("Taux d'avance")}`],
        ["anticipé", `« Anticipé » = oui, ou « Date de cotation » au plus tard « Anticipation cotation » (${p.anticipationCotation} mois) avant la « Date de notification »`, `${q("Anticipé")}, ${q("Date de cotation")}, ${q("Date de notification")}`],
        ["négociation possible", `procédure : ${negotiable.join(", ")}`, q("Procédure")],
      ],
    ),
    "**Réalisation d'une action sur un contrat** (A1.E1, couples contrat × action ciblée) : la disposition qui met en œuvre l'action.",
    "",
    ...table(["Action", "Réalisée quand"], realised),
    `Les actions ${listFr(notContract.map(String))} ne se mesurent pas au niveau du contrat : un couple avec l'une d'elles est laissé hors de A1.E1 (une note dit combien). Un couple dont la réalisation est inconnue est écarté ; une action dont aucune colonne n'est présente ne compte pas.`,
    "",
  ];
}

/** Built-in labels that name a parameter's value (labelWithParameters), found by changing the parameter. */
const LABEL_PARAMETERS: Readonly<Record<string, string[]>> = (() => {
  const out: Record<string, string[]> = {};
  const p = DEFAULT_PARAMETERS;
  for (const k of ["suiviDe", "suiviA", "dureeRevisionPrix"] as const) {
    const changed = { ...p, [k]: p[k] + 1 };
    const ids = [...INDICATOR_BY_ID.values()].filter((d) => labelWithParameters(d.id, d.label, p) !== labelWithParameters(d.id, d.label, changed)).map((d) => d.id);
    if (ids.length) out[k] = ids;
  }
  return out;
})();

/** Fixed uses of the parameters that no definition names (dashboards, statuses, cotation). */
const OTHER_USES: Readonly<Record<string, string>> = {
  collectivite: "titres des tableaux de bord",
  etape: "statut des indicateurs ciblés (cible de l'étape en cours)",
  libelle1: "tableaux de bord",
  libelle2: "tableaux de bord",
  horizonCotation: "cotation CAD (fenêtre des marchés à coter)",
  anticipationCotation: "cotation CAD",
  seuilOperationsEnvergure: "cotation CAD (action 26)",
  constatEnv: "tableau de bord 1 (comparaison avec N.ENV)",
  constatSocial: "tableau de bord 1 (comparaison avec N.SOC)",
  constatAnnee: "tableau de bord 1 (comparaison avec N.ENV et N.SOC)",
  constatSource: "tableau de bord 1 (comparaison avec N.ENV et N.SOC)",
};

function parametersSection(ctx: Ctx, defaults: Parameters): string[] {
  const p = ctx.p;
  // The targets of a T the referential drops (Type « aucun ») set nothing: not listed.
  const dropped = new Set(ctx.ref.info.dropped ?? []);
  const listed = PARAMETER_ROWS.filter((r) => !dropped.has(r.key.replace(/^ref\./, "").replace(/\.[12]$/, "")));
  const differs = listed.some((r) => formatParameter(r, p) !== formatParameter(r, defaults));
  const rows = listed.map((r) => {
    const uses = [...(ctx.usedBy.get(r.key) ?? [])].map((id) => `[${id}](#${id})`);
    if (r.key in LABEL_PARAMETERS) uses.push(`libellé de ${LABEL_PARAMETERS[r.key].map((id) => `[${id}](#${id})`).join(", ")}`);
    const other = OTHER_USES[r.key];
    const used = [...uses, ...(other ? [other] : [])].join(", ") || "—";
    const cells = [md(r.name), formatParameter(r, defaults)];
    if (differs) cells.push(formatParameter(r, p));
    cells.push(r.source ? md(r.source) : "—", used);
    return cells;
  });
  return [
    ...heading("parametres"),
    "Les seuils, taux, durées et cibles se règlent dans la feuille facultative « Paramètres » (colonnes « Paramètre », « Valeur ») ; sans elle, ou pour une ligne absente, la valeur par défaut s'applique. Les valeurs par défaut sont celles du SPASER de la Ville et de la Métropole, ou des réglages de l'outil ; la colonne « Source » cite la référence nationale ou légale quand il y en a une.",
    "",
    ...table(differs ? ["Paramètre", "Valeur par défaut", "Valeur retenue", "Source", "Utilisé par"] : ["Paramètre", "Valeur par défaut", "Source", "Utilisé par"], rows),
  ];
}

function targetsSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const p = ctx.p;
  const specs = ctx.ref.specs.filter((s) => s.def.kind === "cible");
  const f = (x: number | null | undefined) => (x === null || x === undefined ? "—" : formatPercent(x));
  const summary = specs.map((s) => {
    const d = s.definition;
    const ref = p.referencesNationales[s.def.id as "T1"];
    return [
      `[${s.def.id}](#${s.def.id})`,
      md(s.def.label),
      d && d.type !== "intégré" ? (d.population ? code(d.population) : "C") : "—",
      d && d.type !== "intégré" ? code(d.condition) : "—",
      f(s.targets?.[0]),
      f(s.targets?.[1]),
      ref === undefined ? "—" : f(ref),
    ];
  });
  return [
    ...heading("cibles"),
    `Les six cibles du « Déploiement échelonné », par étape. Étape en cours : ${p.etape} (${md(p.libelleEtape[p.etape - 1])}). Un indicateur ciblé est « Atteint » quand sa valeur atteint la cible de l'étape en cours, « En cours » en dessous, « Non renseigné » quand il est n/a. A3.E1 donne la part des cibles atteintes parmi celles qui ont une valeur.`,
    "",
    ...table(["Id", "Libellé", "Population", "Numérateur", "Étape 1", "Étape 2", "Référence nationale"], summary),
    ...specs.flatMap((s) => indicatorSection(s, ctx, "###", blocks)),
  ];
}

function valueTargetsSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const specs = ctx.ref.specs.filter((s) => s.def.kind === "valeur");
  return [
    ...heading("cibles-valeur"),
    "Chaque cible T1 à T6 est aussi calculée en valeur (l'article L2111-3 du code de la commande publique permet des indicateurs en nombre de contrats ou en valeur) : somme des « Montant HT » des contrats du numérateur / somme des « Montant HT » des contrats du dénominateur ; un contrat au montant inconnu sort des deux. Ces indicateurs suivent la définition de leur cible, y compris quand le classeur la redéfinit.",
    "",
    ...specs.flatMap((s) => indicatorSection(s, ctx, "###", blocks)),
  ];
}

function nationalSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const c = ctx.p.constatNational;
  const f = (x: number | null) => (x === null ? "aucun" : formatPercent(x));
  const specs = ctx.ref.specs.filter((s) => s.def.kind === "repere");
  return [
    ...heading("constat-national"),
    `L'Observatoire économique de la commande publique (OECP) recense les contrats de 90 000 € HT et plus ; son constat (paramètres « Constat national … » : ${f(c.environnemental)} des contrats avec une considération environnementale, ${f(c.social)} avec une considération sociale, contrats notifiés en ${c.annee} ; source : ${md(c.source)}) est comparé à la part de l'acheteur calculée sur la même population : les contrats de C de 90 000 € HT et plus (montant inconnu : écarté), avec au moins une considération environnementale (N.ENV) ou sociale (N.SOC). C'est un repère, jamais un statut ; la valeur, l'année et la source se mettent à jour dans « Paramètres » à chaque recensement publié. Les objectifs du PNAD restent en regard de T2 et T4.`,
    "",
    ...specs.flatMap((s) => indicatorSection(s, ctx, "###", blocks)),
  ];
}

function climateSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const p = ctx.p;
  const specs = ctx.ref.specs.filter((s) => s.def.kind === "alerte");
  return [
    ...heading("loi-climat"),
    `Pour les consultations lancées à compter de la « Date d'application loi Climat » (${formatDate(p.dateApplicationLoiClimat)}), la loi Climat et résilience (art. 35) impose des considérations environnementales dans les conditions d'exécution (art. L2112-2 du code de la commande publique), au moins un critère d'attribution environnemental (art. L2152-7) et, au-dessus des seuils européens, une considération sociale ou d'emploi dans les conditions d'exécution (art. L2112-2-1), sauf exceptions prévues par les textes. La population est celle des **consultations** dont la « Date de lancement » est à compter de cette date : notifiées dans l'année, ou lancées dans l'année et pas encore attribuées — celles-ci sont signalées « en cours : encore corrigeable » et listées en premier, car c'est alors que l'alerte sert le plus ; une consultation sans date de lancement n'en fait pas partie et est comptée parmi les écartées. Le seuil européen s'apprécie sur la valeur estimée du besoin de la consultation (à défaut la somme de ses lots) : seuil des travaux pour des travaux, seuil des concessions pour une concession, seuil des fournitures et services sinon. Sont écartés, avec leur raison : les marchés de défense ou de sécurité, les consultations qui déclarent un « Motif d'exception loi Climat » et, pour C7.1 seulement, les marchés passés sans mise en concurrence (pas de critère d'attribution) et ceux dont le « Critère unique du coût » intègre les caractéristiques environnementales (art. R2152-7 1°). C7.2 accepte toute clause environnementale d'exécution (clause environnementale, sobriété, suivi ou limitation des impacts, compensation carbone, économie circulaire). Ce sont des alertes « à vérifier » : les consultations sont listées dans les points d'attention du tableau de bord 2 et comptées sur le tableau de bord 1. C7.4 compte les groupes d'achats homogènes (entité, famille d'achat — à défaut les 5 premiers chiffres du CPV —, année de notification ; travaux et concessions exclus) passés sans procédure formalisée dont le total atteint le seuil européen des fournitures et services alors que chacun est en dessous (art. R2121-1 et suivants) : chaque groupe est listé avec ses contrats et son total.`,
    "",
    ...specs.flatMap((s) => indicatorSection(s, ctx, "###", blocks)),
  ];
}

function actionsSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const out = [...heading("actions")];
  const plan = ctx.ref.plan;
  if (plan.kind === "intégré") out.push("Le tableau de bord 1 (Déploiement du SPASER) suit les actions 1 à 7 et les cibles ; le tableau de bord 2 (Suivi des actions du SPASER) les actions 8 à 26. Les indicateurs de réalisation (R) et d'effets (E) sont ceux du SPASER.", "");
  else
    out.push(
      `Plan du classeur (feuille « ${md(plan.sheet ?? "Plan")} ») : ${plan.axes.length} axe${plan.axes.length > 1 ? "s" : ""}, ${plan.objectives.length} objectif${plan.objectives.length > 1 ? "s" : ""}, ${plan.actions.length} action${plan.actions.length > 1 ? "s" : ""} (${actionRangeText(plan)}). Il remplace celui du SPASER de la collectivité : le tableau de bord 1 suit les cibles, le tableau de bord 2 toutes les actions du plan. Sont calculés T1 à T6 (sauf ceux que la feuille « Référentiel » retire, Type « aucun ») et les indicateurs de la feuille « Référentiel », placés sous l'action qu'elle leur donne.`,
      "",
    );
  const defs = ctx.ref.specs.map((s) => s.def);
  for (const axis of plan.axes) {
    out.push(`### ${md(axisHeading(axis))}`, "");
    for (const obj of objectivesOfAxis(plan, axis.n)) {
      out.push(`#### ${md(objectiveHeading(obj))}`, "");
      for (const action of actionsOfObjective(plan, obj)) {
        out.push(`<a id="action-${action.n}"></a>`, "", `##### Action ${action.n} — ${md(action.title)}`, "", ...(action.pilot ? [`Pilote : ${md(action.pilot)}.`, ""] : []));
        const ids = indicatorsOfAction(action.n, defs).map((d) => d.id);
        if (ids.length === 0) out.push("Aucun indicateur.", "");
        for (const id of ids) out.push(...indicatorSection(ctx.ref.byId.get(id) as IndicatorSpec, ctx, "######", blocks));
      }
    }
  }
  return out;
}

function ownSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const specs = unplaced(ctx.ref.specs.map((s) => s.def), ctx.ref.plan).map((d) => ctx.ref.byId.get(d.id) as IndicatorSpec);
  return [
    ...heading("propres"),
    ...(specs.length
      ? ["Indicateurs de la feuille « Référentiel » du classeur placés sous aucune action du plan : ils sont montrés sous ce titre dans le tableau de bord 2.", "", ...specs.flatMap((s) => indicatorSection(s, ctx, "###", blocks))]
      : ["Aucun : le référentiel en usage n'ajoute pas d'indicateur hors des actions du SPASER. Une ligne de la feuille « Référentiel » dont l'Id est nouveau et qui ne donne pas d'action apparaît ici.", ""]),
  ];
}

function indexSection(ctx: Ctx, blocks: Map<string, Block>): string[] {
  const actions = new Set(ctx.ref.plan.actions.map((a) => a.n));
  const where = (d: IndicatorDef) =>
    d.kind === "cible" ? "[Cibles](#cibles)" : d.kind === "valeur" ? "[Cibles en valeur](#cibles-valeur)" : d.kind === "repere" ? "[Constat national](#constat-national)" : d.kind === "alerte" ? "[Loi Climat](#loi-climat)" : actions.has(d.action) ? `[Action ${d.action}](#action-${d.action})` : "[Propres à la collectivité](#propres)";
  return [...heading("index"), ...table(["Id", "Libellé", "Calcul", "Rubrique"], ctx.ref.specs.map((s) => [`[${s.def.id}](#${s.def.id})`, md(s.def.label), blocks.get(s.def.id)?.type ?? "—", where(s.def)]))];
}

// ------------------------------------------------------------------ the document

/** Which indicators use each parameter: named in an expression, quoted in a description, in a label, a target, a reference. */
function parameterUses(ref: ReferentialUse, p: Parameters, own: OwnColumns | null = null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, id: string) => {
    const l = out.get(key) ?? [];
    if (!l.includes(id)) l.push(id);
    out.set(key, l);
  };
  for (const s of ref.specs) {
    const id = s.def.id;
    const d = s.definition;
    if (d && d.type !== "intégré" && !s.invalid) {
      for (const text of [d.population, d.condition]) {
        const r = text.trim() ? parseExpression(text, own) : null;
        if (r?.ok) exprParameters(r.expr).forEach((k) => add(k, id));
      }
    }
    if (d?.description) quotedNames(d.description).parameters.forEach((k) => add(k, id));
    if ((TARGET_IDS as readonly string[]).includes(id)) {
      add(`${id}.1`, id);
      add(`${id}.2`, id);
      if (id in p.referencesNationales) add(`ref.${id}`, id);
    }
  }
  const t4 = builtinDefinitions({ ...p, t4InclutInsertion: !p.t4InclutInsertion }).find((d) => d.id === "T4");
  if (t4 && ref.byId.get("T4")?.definition?.condition !== t4.condition) add("t4InclutInsertion", "T4");
  return out;
}

/**
 * The methodology of the referential in use, in French Markdown: principles, columns, expression
 * language, derived predicates, parameters, then every indicator (targets, value targets, loi
 * Climat alerts, actions by axis and objective, the workbook's own indicators) and an index.
 */
export function methodology(all: ReferentialUse, p: Parameters, opts: MethodologyOptions = {}): string {
  // Measures computed only for an indicator that repeats them (« même mesure que ») are not described on their own.
  const ref: ReferentialUse = { ...all, specs: all.specs.filter((s) => !s.hidden) };
  const ctx: Ctx = {
    ref,
    p,
    builtin: new Map(builtinDefinitions(p).map((d) => [d.id, d])),
    builtinAccs: builtinAccumulators(p, ALL_COLUMNS, false, true),
    side: probeSideTables(),
    usedBy: parameterUses(ref, p, opts.own ?? null),
    own: opts.own ?? null,
  };
  const blocks = new Map<string, Block>();
  const body = [...targetsSection(ctx, blocks), ...valueTargetsSection(ctx, blocks), ...nationalSection(ctx, blocks), ...climateSection(ctx, blocks), ...actionsSection(ctx, blocks), ...ownSection(ctx, blocks)];
  const title = `# Méthodologie des indicateurs du SPASER${p.collectivite ? ` — ${md(p.collectivite)}` : ""}`;
  const count = ref.specs.length;
  const lines = [
    title,
    "",
    ...(opts.origin ? [`> ${opts.origin}`, ""] : []),
    `Ce document s'adresse aux contrôleurs, aux auditeurs et aux membres du comité annuel des achats durables. Il dit, pour chacun des ${count} indicateurs du référentiel en usage, ce qui est compté, sur quels contrats, à partir de quelles colonnes du registre, avec quelles cibles et quels paramètres, et dans quels cas l'indicateur n'est pas calculable (« n/a »). Référentiel décrit : ${referentialSummary(ref)}.`,
    "",
    "Sommaire :",
    "",
    ...SECTIONS.map(([a, t]) => `- [${t}](#${a})`),
    "",
    ...principles(ref, p),
    ...columnsSection(),
    ...ownColumnsLines(opts.own ?? null),
    ...expressionSection(p),
    ...predicatesSection(p),
    ...parametersSection(ctx, opts.defaults ?? DEFAULT_PARAMETERS),
    ...body,
    ...indexSection(ctx, blocks),
  ];
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
