/**
 * The parameters of a SPASER (thresholds, stages, targets, national references): their defaults are
 * the seed's, and a workbook's `Paramètres` sheet overrides them (read in src/register/parameters.ts).
 */

/** A calendar date without time zone. `serial` counts days from 1970-01-01. */
export interface DateValue {
  y: number;
  m: number;
  d: number;
  serial: number;
}

export interface Parameters {
  collectivite: string;
  etape: 1 | 2;
  libelleEtape: [string, string];
  /** The years of each stage, [first, last] (« Années étape 1 » 2023-2026, « Années étape 2 » 2027-2029): the period `étape`. */
  anneesEtape: [[number, number], [number, number]];
  seuilClauseInsertion: number;
  seuilMarchesReserves: number;
  suiviDe: number;
  suiviA: number;
  seuilAvanceBonifiee: number;
  tauxAvanceBonifiee: number;
  seuilAvanceObligatoire: number;
  dureeAvanceObligatoire: number;
  dureeRevisionPrix: number;
  anticipationCotation: number;
  /** The cotation window is [date + anticipation, date + horizon] (months). */
  horizonCotation: number;
  seuilOperationsEnvergure: number;
  /** T4 counts insertion among social considerations (national PNAD indicator); false: other social or ethical considerations only. */
  t4InclutInsertion: boolean;
  /** Consultations launched on or after this date are subject to the loi Climat et résilience (art. 35). */
  dateApplicationLoiClimat: DateValue;
  seuilEuropeenFournituresServices: number;
  seuilEuropeenTravaux: number;
  /** European threshold of concession contracts (docs/methodologie.md, loi Climat). */
  seuilEuropeenConcessions: number;
  /** National reference lines beside T1–T4 (a value for comparison, never a status). */
  referencesNationales: Record<"T1" | "T2" | "T3" | "T4", number | null>;
  /**
   * Observed national figures (OECP census, contracts of 90 000 € HT and more): share of contracts
   * with environmental / social considerations, the year of the contracts counted and the source.
   */
  constatNational: { environnemental: number | null; social: number | null; annee: number; source: string };
  /** [step 1, step 2] per target. */
  cibles: Record<"T1" | "T2" | "T3" | "T4" | "T5" | "T6", [number, number]>;
}
