/** The `Paramètres` sheet (docs/methodologie.md): two columns, Paramètre and Valeur, with the seed's defaults. */
import { normalizeHeader } from "./columns";
import type { HeaderMatch } from "./headers";
import type { IssueLog } from "./issues";
import type { Cell, DateValue, Grid, Parameters } from "./types";
import { cellErrorMessage, cellErrorText, cellText, fold, isBlank, makeDate, parseDate, parseNonNegative, Parsed, parsePercent, parseYesNo, showCell } from "./values";
import { DEFAULT_TARGETS, TARGET_IDS } from "../spaser/referential";

export const DEFAULT_PARAMETERS: Readonly<Parameters> = {
  collectivite: "",
  etape: 1,
  libelleEtape: ["Étape 1", "Étape 2"],
  anneesEtape: [
    [2023, 2026],
    [2027, 2029],
  ],
  seuilClauseInsertion: 90_000,
  seuilMarchesReserves: 90_000,
  suiviDe: 10_000,
  suiviA: 40_000,
  seuilAvanceBonifiee: 215_000,
  tauxAvanceBonifiee: 0.3,
  seuilAvanceObligatoire: 50_000,
  dureeAvanceObligatoire: 2,
  dureeRevisionPrix: 12,
  anticipationCotation: 12,
  horizonCotation: 24,
  seuilOperationsEnvergure: 5_404_000,
  t4InclutInsertion: true,
  dateApplicationLoiClimat: makeDate(2026, 8, 21) as DateValue,
  seuilEuropeenFournituresServices: 216_000,
  seuilEuropeenTravaux: 5_404_000,
  seuilEuropeenConcessions: 5_404_000,
  referencesNationales: { T1: null, T2: 1, T3: null, T4: 0.3 },
  constatNational: { environnemental: 0.292, social: 0.223, annee: 2022, source: "Observatoire économique de la commande publique (OECP), recensement 2022 : contrats de 90 000 € HT et plus notifiés en 2022" },
  cibles: {
    T1: [...DEFAULT_TARGETS.T1],
    T2: [...DEFAULT_TARGETS.T2],
    T3: [...DEFAULT_TARGETS.T3],
    T4: [...DEFAULT_TARGETS.T4],
    T5: [...DEFAULT_TARGETS.T5],
    T6: [...DEFAULT_TARGETS.T6],
  },
};

export function defaultParameters(): Parameters {
  const d = DEFAULT_PARAMETERS;
  return {
    ...d,
    libelleEtape: [...d.libelleEtape],
    anneesEtape: [[...d.anneesEtape[0]], [...d.anneesEtape[1]]],
    referencesNationales: { ...d.referencesNationales },
    constatNational: { ...d.constatNational },
    cibles: cloneTargets(d.cibles),
  };
}

function cloneTargets(c: Parameters["cibles"]): Parameters["cibles"] {
  return { T1: [...c.T1], T2: [...c.T2], T3: [...c.T3], T4: [...c.T4], T5: [...c.T5], T6: [...c.T6] };
}

type NumericKey =
  | "seuilClauseInsertion"
  | "seuilMarchesReserves"
  | "suiviDe"
  | "suiviA"
  | "seuilAvanceBonifiee"
  | "seuilAvanceObligatoire"
  | "dureeAvanceObligatoire"
  | "dureeRevisionPrix"
  | "anticipationCotation"
  | "horizonCotation"
  | "seuilOperationsEnvergure"
  | "seuilEuropeenFournituresServices"
  | "seuilEuropeenTravaux"
  | "seuilEuropeenConcessions";

type TargetKey = `${"T1" | "T2" | "T3" | "T4" | "T5" | "T6"}.${1 | 2}`;
type ReferenceKey = `ref.${"T1" | "T2" | "T3" | "T4"}`;

/** How a parameter's value is read and shown. */
export type ParameterKind = "text" | "step" | "euro" | "months" | "percent" | "optionalPercent" | "yesno" | "date" | "year" | "years";

export interface ParameterRow {
  name: string;
  key: NumericKey | "collectivite" | "etape" | "libelle1" | "libelle2" | "annees1" | "annees2" | "tauxAvanceBonifiee" | "t4InclutInsertion" | "dateApplicationLoiClimat" | "constatEnv" | "constatSocial" | "constatAnnee" | "constatSource" | TargetKey | ReferenceKey;
  kind: ParameterKind;
  /** Where the default comes from, when it is not the SPASER itself (shown in templates and legends). */
  source?: string;
}

const PNAD = "Plan national pour des achats durables (PNAD) 2022-2025, objectif 2025";
const OECP = "Observatoire économique de la commande publique (OECP), recensement : contrats de 90 000 € HT et plus (année et source : paramètres « Constat national année » et « Constat national source »)";

/** The parameters as the `Paramètres` sheet names them, in the order of a template. */
export const PARAMETER_ROWS: readonly ParameterRow[] = [
  { name: "Collectivité", key: "collectivite", kind: "text" },
  { name: "Étape en cours", key: "etape", kind: "step" },
  { name: "Libellé étape 1", key: "libelle1", kind: "text" },
  { name: "Libellé étape 2", key: "libelle2", kind: "text" },
  { name: "Années étape 1", key: "annees1", kind: "years" },
  { name: "Années étape 2", key: "annees2", kind: "years" },
  { name: "Seuil clause d'insertion (€ HT)", key: "seuilClauseInsertion", kind: "euro" },
  { name: "Seuil marchés réservés (€ HT)", key: "seuilMarchesReserves", kind: "euro" },
  { name: "Suivi marchés de (€ HT)", key: "suiviDe", kind: "euro" },
  { name: "Suivi marchés à (€ HT)", key: "suiviA", kind: "euro" },
  { name: "Seuil avance bonifiée (€ HT)", key: "seuilAvanceBonifiee", kind: "euro" },
  { name: "Taux avance bonifiée", key: "tauxAvanceBonifiee", kind: "percent" },
  { name: "Seuil avance obligatoire (€ HT)", key: "seuilAvanceObligatoire", kind: "euro" },
  { name: "Durée avance obligatoire (mois)", key: "dureeAvanceObligatoire", kind: "months" },
  { name: "Durée révision des prix (mois)", key: "dureeRevisionPrix", kind: "months" },
  { name: "Anticipation cotation (mois)", key: "anticipationCotation", kind: "months" },
  { name: "Horizon cotation (mois)", key: "horizonCotation", kind: "months" },
  { name: "Seuil opérations d'envergure (€ HT)", key: "seuilOperationsEnvergure", kind: "euro" },
  { name: "T4 inclut l'insertion", key: "t4InclutInsertion", kind: "yesno" },
  { name: "Date d'application loi Climat", key: "dateApplicationLoiClimat", kind: "date", source: "loi n° 2021-1104 du 22 août 2021, art. 35 : consultations lancées à compter du 21 août 2026" },
  { name: "Seuil européen fournitures et services (€ HT)", key: "seuilEuropeenFournituresServices", kind: "euro", source: "seuils européens 2026-2027 des collectivités territoriales" },
  { name: "Seuil européen travaux (€ HT)", key: "seuilEuropeenTravaux", kind: "euro", source: "seuils européens 2026-2027" },
  { name: "Seuil européen concessions (€ HT)", key: "seuilEuropeenConcessions", kind: "euro", source: "seuils européens 2026-2027" },
  ...(["T1", "T2", "T3", "T4"] as const).map((t): ParameterRow => ({ name: `Référence nationale ${t}`, key: `ref.${t}`, kind: "optionalPercent", source: t === "T2" || t === "T4" ? PNAD : undefined })),
  { name: "Constat national considérations environnementales", key: "constatEnv", kind: "optionalPercent", source: OECP },
  { name: "Constat national considérations sociales", key: "constatSocial", kind: "optionalPercent", source: OECP },
  { name: "Constat national année", key: "constatAnnee", kind: "year", source: "année des contrats du dernier recensement publié par l'OECP" },
  { name: "Constat national source", key: "constatSource", kind: "text" },
  ...TARGET_IDS.flatMap((t) => ([1, 2] as const).map((s): ParameterRow => ({ name: `Cible ${t} étape ${s}`, key: `${t}.${s}`, kind: "percent" }))),
];

export const PARAMETER_SOURCES = { pnad: PNAD, oecp: OECP };

const BY_NAME = new Map(PARAMETER_ROWS.map((p) => [normalizeHeader(p.name), p]));
// A few other spellings
BY_NAME.set(normalizeHeader("Etape"), PARAMETER_ROWS[1]);
BY_NAME.set(normalizeHeader("Étape"), PARAMETER_ROWS[1]);
BY_NAME.set(normalizeHeader("Seuil d'insertion"), PARAMETER_ROWS[4]);

/** Parameter value as shown in a template sheet (dates as DateValue, yes/no as « oui »/« non »). */
export function parameterValue(p: Parameters, key: ParameterRow["key"]): string | number | DateValue | null {
  switch (key) {
    case "collectivite":
      return p.collectivite;
    case "etape":
      return p.etape;
    case "libelle1":
      return p.libelleEtape[0];
    case "libelle2":
      return p.libelleEtape[1];
    case "annees1":
    case "annees2": {
      const [a, b] = p.anneesEtape[key === "annees1" ? 0 : 1];
      return `${a}-${b}`;
    }
    case "t4InclutInsertion":
      return p.t4InclutInsertion ? "oui" : "non";
    case "dateApplicationLoiClimat":
      return p.dateApplicationLoiClimat;
    case "constatEnv":
      return p.constatNational.environnemental;
    case "constatSocial":
      return p.constatNational.social;
    case "constatAnnee":
      return p.constatNational.annee;
    case "constatSource":
      return p.constatNational.source;
    case "tauxAvanceBonifiee":
      return p.tauxAvanceBonifiee;
    default:
      if (key.startsWith("ref.")) return p.referencesNationales[key.slice(4) as "T1"];
      if (key.includes(".")) {
        const [t, s] = key.split(".") as [keyof Parameters["cibles"], string];
        return p.cibles[t][Number(s) - 1];
      }
      return p[key as NumericKey];
  }
}

/**
 * Reads `Paramètres`. With a header match, the `Paramètre` and `Valeur` columns are used; without
 * one, the first two columns of the sheet hold name and value.
 */
export function readParameters(grid: Grid, m: HeaderMatch | null, log: IssueLog): Parameters {
  const p = defaultParameters();
  const nameCol = m ? (m.columns.get("parametre") as number) : 0;
  const valueCol = m ? (m.columns.get("valeur") ?? nameCol + 1) : 1;
  const start = m ? m.rowIndex + 1 : 0;
  const originRow = grid.originRow ?? 0;
  const originCol = grid.originCol ?? 0;
  const valueHeader = m ? m.headers[valueCol] ?? "Valeur" : "Valeur";
  const labelled = [false, false];
  for (let r = start; r < grid.rows.length; r++) {
    const row = grid.rows[r] ?? [];
    const nameCell = row[nameCol];
    if (isBlank(nameCell)) continue;
    const name = cellText(nameCell);
    const def = BY_NAME.get(normalizeHeader(name));
    const sheetRow = originRow + r + 1;
    if (!def) {
      if (m || r > 0) log.add("warning", grid.sheet, sheetRow, m ? m.headers[nameCol] : null, originCol + nameCol, `paramètre « ${name} » inconnu : ignoré`);
      continue;
    }
    const v: Cell = row[valueCol];
    if (isBlank(v)) continue;
    const bad = (message: string) => log.add("error", grid.sheet, sheetRow, valueHeader, originCol + valueCol, `${name} : ${message} ; valeur par défaut conservée`);
    if (cellErrorText(v)) {
      bad(cellErrorMessage(cellErrorText(v) as string, "paramètre illisible"));
      continue;
    }
    const key = def.key;
    switch (def.kind) {
      case "text":
        if (key === "collectivite") p.collectivite = cellText(v);
        else if (key === "libelle1" || key === "libelle2") {
          const i = key === "libelle1" ? 0 : 1;
          p.libelleEtape[i] = cellText(v);
          labelled[i] = true;
        }
        else if (key === "constatSource") p.constatNational.source = cellText(v);
        break;
      case "years": {
        // « 2023-2026 », « 2023 à 2026 »: the first and last years of the stage.
        const m2 = /^\s*(\d{4})\s*(?:-|–|à|a|au)\s*(\d{4})\s*$/.exec(fold(cellText(v)));
        const a = m2 ? Number(m2[1]) : NaN;
        const b = m2 ? Number(m2[2]) : NaN;
        if (m2 && a >= 2000 && b <= 2100 && a <= b) p.anneesEtape[key === "annees1" ? 0 : 1] = [a, b];
        else bad(`${showCell(v)} : les années de l'étape sont attendues (exemple : 2023-2026)`);
        break;
      }
      case "year": {
        const r2 = parseNonNegative(v);
        if (r2.ok && Number.isInteger(r2.value) && r2.value >= 2000 && r2.value <= 2100) p.constatNational.annee = r2.value;
        else bad(`${showCell(v)} : une année (de 2000 à 2100) est attendue`);
        break;
      }
      case "step": {
        const t = cellText(v).replace(/^(etape|étape)\s*/i, "");
        if (t === "1" || t === "2") p.etape = Number(t) as 1 | 2;
        else bad(`${showCell(v)} : 1 ou 2 attendu`);
        break;
      }
      case "yesno": {
        const r2 = parseYesNo(v);
        if (r2.ok) p.t4InclutInsertion = r2.value;
        else bad(r2.message);
        break;
      }
      case "date": {
        const r2 = parseDate(v);
        if (r2.ok) p.dateApplicationLoiClimat = r2.value;
        else bad(r2.message);
        break;
      }
      default: {
        if (def.kind === "optionalPercent" && /^(aucune?|neant|sans|-+|—|–|n\/a)$/.test(fold(cellText(v)))) {
          if (key === "constatEnv") p.constatNational.environnemental = null;
          else if (key === "constatSocial") p.constatNational.social = null;
          else if (key.startsWith("ref.")) p.referencesNationales[key.slice(4) as "T1"] = null;
          break;
        }
        const r2: Parsed<number> = def.kind === "percent" || def.kind === "optionalPercent" ? parsePercent(v) : parseNonNegative(v);
        if (!r2.ok) {
          bad(r2.message);
          break;
        }
        if (key === "constatEnv") p.constatNational.environnemental = r2.value;
        else if (key === "constatSocial") p.constatNational.social = r2.value;
        else if (key.startsWith("ref.")) p.referencesNationales[key.slice(4) as "T1"] = r2.value;
        else if (key.includes(".")) {
          const [t, s2] = key.split(".") as [keyof Parameters["cibles"], string];
          p.cibles[t][Number(s2) - 1] = r2.value;
        } else p[key as NumericKey | "tauxAvanceBonifiee"] = r2.value;
      }
    }
  }
  if (p.horizonCotation < p.anticipationCotation) {
    log.add("warning", grid.sheet, null, null, null, `Horizon cotation (${p.horizonCotation} mois) inférieur à l'anticipation (${p.anticipationCotation} mois) : valeurs par défaut (${DEFAULT_PARAMETERS.anticipationCotation} et ${DEFAULT_PARAMETERS.horizonCotation} mois) utilisées`);
    p.anticipationCotation = DEFAULT_PARAMETERS.anticipationCotation;
    p.horizonCotation = DEFAULT_PARAMETERS.horizonCotation;
  }
  // « Années étape 1 » given without « Libellé étape 1 »: the label shows the years (SPEC §8.1).
  for (const i of [0, 1] as const) {
    const [a, b] = p.anneesEtape[i];
    const [da, db] = DEFAULT_PARAMETERS.anneesEtape[i];
    if (!labelled[i] && (a !== da || b !== db)) p.libelleEtape[i] = `Étape ${i + 1} (${a}-${b})`;
  }
  return p;
}

/** The OECP census figure the buyer's N.ENV / N.SOC is compared with: value, year, source (SPEC §7.2.1). */
export function nationalObservation(id: string, p: Parameters): { value: number | null; year: number; source: string } | null {
  const c = p.constatNational;
  if (id === "N.ENV") return { value: c.environnemental, year: c.annee, source: c.source };
  if (id === "N.SOC") return { value: c.social, year: c.annee, source: c.source };
  return null;
}
