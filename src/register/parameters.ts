/** The `Paramètres` sheet (SPEC §2.5): two columns, Paramètre and Valeur, with the seed's defaults. */
import { normalizeHeader } from "./columns";
import type { HeaderMatch, IssueLog } from "./read";
import type { Cell, Grid, Parameters } from "./types";
import { cellErrorText, cellText, isBlank, parseNonNegative, Parsed, parsePercent, showCell } from "./values";
import { DEFAULT_TARGETS, TARGET_IDS } from "../spaser/referential";

export const DEFAULT_PARAMETERS: Readonly<Parameters> = {
  collectivite: "",
  etape: 1,
  libelleEtape: ["Étape 1", "Étape 2"],
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
  seuilOperationsEnvergure: 5_404_000,
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
  return { ...DEFAULT_PARAMETERS, libelleEtape: [...DEFAULT_PARAMETERS.libelleEtape], cibles: cloneTargets(DEFAULT_PARAMETERS.cibles) };
}

function cloneTargets(c: Parameters["cibles"]): Parameters["cibles"] {
  return { T1: [...c.T1], T2: [...c.T2], T3: [...c.T3], T4: [...c.T4], T5: [...c.T5], T6: [...c.T6] };
}

type NumericKey = Exclude<keyof Parameters, "collectivite" | "etape" | "libelleEtape" | "cibles">;

/** The parameters as the `Paramètres` sheet names them, in the order of a template. */
export const PARAMETER_ROWS: { name: string; key: NumericKey | "collectivite" | "etape" | "libelle1" | "libelle2" | `${"T1" | "T2" | "T3" | "T4" | "T5" | "T6"}.${1 | 2}`; percent?: boolean }[] = [
  { name: "Collectivité", key: "collectivite" },
  { name: "Étape en cours", key: "etape" },
  { name: "Libellé étape 1", key: "libelle1" },
  { name: "Libellé étape 2", key: "libelle2" },
  { name: "Seuil clause d'insertion (€ HT)", key: "seuilClauseInsertion" },
  { name: "Seuil marchés réservés (€ HT)", key: "seuilMarchesReserves" },
  { name: "Suivi marchés de (€ HT)", key: "suiviDe" },
  { name: "Suivi marchés à (€ HT)", key: "suiviA" },
  { name: "Seuil avance bonifiée (€ HT)", key: "seuilAvanceBonifiee" },
  { name: "Taux avance bonifiée", key: "tauxAvanceBonifiee", percent: true },
  { name: "Seuil avance obligatoire (€ HT)", key: "seuilAvanceObligatoire" },
  { name: "Durée avance obligatoire (mois)", key: "dureeAvanceObligatoire" },
  { name: "Durée révision des prix (mois)", key: "dureeRevisionPrix" },
  { name: "Anticipation cotation (mois)", key: "anticipationCotation" },
  { name: "Seuil opérations d'envergure (€ HT)", key: "seuilOperationsEnvergure" },
  ...TARGET_IDS.flatMap((t) => ([1, 2] as const).map((s) => ({ name: `Cible ${t} étape ${s}`, key: `${t}.${s}` as const, percent: true }))),
];

const BY_NAME = new Map(PARAMETER_ROWS.map((p) => [normalizeHeader(p.name), p]));
// A few other spellings
BY_NAME.set(normalizeHeader("Etape"), PARAMETER_ROWS[1]);
BY_NAME.set(normalizeHeader("Étape"), PARAMETER_ROWS[1]);
BY_NAME.set(normalizeHeader("Seuil d'insertion"), PARAMETER_ROWS[4]);

/** Parameter value as shown in a template sheet. */
export function parameterValue(p: Parameters, key: (typeof PARAMETER_ROWS)[number]["key"]): string | number {
  switch (key) {
    case "collectivite":
      return p.collectivite;
    case "etape":
      return p.etape;
    case "libelle1":
      return p.libelleEtape[0];
    case "libelle2":
      return p.libelleEtape[1];
    default:
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
      bad(`${cellErrorText(v)} : valeur d'erreur Excel`);
      continue;
    }
    const key = def.key;
    if (key === "collectivite") p.collectivite = cellText(v);
    else if (key === "libelle1") p.libelleEtape[0] = cellText(v);
    else if (key === "libelle2") p.libelleEtape[1] = cellText(v);
    else if (key === "etape") {
      const t = cellText(v).replace(/^(etape|étape)\s*/i, "");
      if (t === "1" || t === "2") p.etape = Number(t) as 1 | 2;
      else bad(`${showCell(v)} : 1 ou 2 attendu`);
    } else {
      const r2: Parsed<number> = def.percent ? parsePercent(v) : parseNonNegative(v);
      if (!r2.ok) {
        bad(r2.message);
        continue;
      }
      if (key.includes(".")) {
        const [t, s] = key.split(".") as [keyof Parameters["cibles"], string];
        p.cibles[t][Number(s) - 1] = r2.value;
      } else p[key as NumericKey] = r2.value;
    }
  }
  return p;
}
