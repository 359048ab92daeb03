import type { Issue, Parameters, RegisterSource } from "../register/types";
import type { IndicatorDef, IndicatorKind, Unit } from "../spaser/referential";
import type { Plan } from "../spaser/plan";

export type Status = "Atteint" | "En cours" | "Non renseigné";

/**
 * The contracts behind a figure (docs/methodologie.md): for a rate, the ids of its numerator and denominator and
 * the contracts left out for an unknown value (with the column named); for a count, a sum, a mean
 * or a breakdown, the contracts counted. Ids as read, sorted as strings.
 */
export interface IndicatorDetail {
  numerator?: string[];
  denominator?: string[];
  excluded?: { id: string; reason: string }[];
  counted?: string[];
  /**
   * For the indicators over the `Insertion` and `Activités` sheets: the rows behind the figure
   * (`Insertion!12`) and their role (numérateur, dénominateur seul, écarté : raison, compté).
   */
  rows?: SideRow[];
}

/** A row of a side table behind a figure. */
export interface SideRow {
  ref: string;
  role: string;
}

export interface IndicatorResult {
  id: string;
  label: string;
  unit: Unit;
  kind: IndicatorKind;
  action: number;
  /** null exactly when the indicator is n/a (then `reason` says why). Text for some manual inputs. */
  value: number | string | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Contracts left out of the denominator because a value they need is unknown. */
  excluded?: number;
  target?: number;
  /** [step 1, step 2] targets (T1–T6, and indicators the `Référentiel` sheet gives targets to). */
  targets?: [number | null, number | null];
  status?: Status;
  reason?: string;
  breakdown?: Record<string, number>;
  /** Contract ids behind an alert (A17.R3, C7.1–C7.4), always given (consultation numbers for C7.1–C7.3). */
  ids?: string[];
  /** C7.1–C7.3: the consultations of `ids` launched and not notified yet (« en cours : encore corrigeable »). */
  inProgress?: string[];
  /** C7.1–C7.3: consultations left out by law (defence, declared exception, …), with the reason; always given. */
  exclusions?: { id: string; reason: string }[];
  /** C7.1–C7.3: the lots of each consultation of `ids` that has several (consultation number -> N° marché). */
  lots?: Record<string, string[]>;
  /** C7.4: the groups of a possible splitting of a need. */
  groups?: SplitGroup[];
  /** The drill-down, when asked for (`--detail`, the « Détail des indicateurs » sheet). */
  detail?: IndicatorDetail;
  /** An alert « à vérifier »: contracts to look at, not a finding. */
  alert?: boolean;
  /** Added by the workbook's `Référentiel` sheet. */
  custom?: boolean;
  /** Value per year present in the register, for the indicators worded as "évolution". */
  series?: Record<string, number | string | null>;
  /** Where the value comes from when not computed from the register (e.g. "Saisies"). */
  source?: string;
  comment?: string;
}

/** A group of homogeneous purchases passed without formal procedure (C7.4, docs/methodologie.md). */
export interface SplitGroup {
  entite: string;
  /** « Famille d'achat », else « CPV 12345 » (the CPV's first 5 digits). */
  famille: string;
  annee: number;
  /** Σ Montant HT of its contracts. */
  total: number;
  /** N° marché of its contracts, sorted. */
  ids: string[];
}

/** Which referential the figures follow (docs/methodologie.md). */
export interface ReferentialInfo {
  kind: "intégré" | "classeur";
  /** Built-in indicators the workbook's `Référentiel` sheet redefines, relabels or retargets. */
  replaced: string[];
  /** Indicators the sheet adds. */
  added: string[];
  /** Sheet it was read from. */
  sheet?: string;
  /** Indicators the sheet drops (`Type` = `aucun`). */
  dropped?: string[];
  /** With a workbook's `Plan` sheet: built-in indicators not computed (only T1–T6 and those the `Référentiel` names are). */
  notComputed?: number;
  /** The workbook's `Plan` sheet, when it has one. */
  plan?: { sheet: string; axes: number; objectives: number; actions: number };
}

/** T1–T6 for one buyer of a joint SPASER (docs/methodologie.md). */
export interface EntityTargets {
  /** The entity as written in the register (first spelling met). */
  name: string;
  contractsInYear: number;
  indicators: Record<string, IndicatorResult>;
}

export interface Results {
  year: number;
  /** Years present in the register (years with notified contracts), ascending. */
  years: number[];
  etape: 1 | 2;
  parameters: Parameters;
  register: RegisterSource;
  /** Contracts notified in the year. */
  contractsInYear: number;
  indicators: Record<string, IndicatorResult>;
  /** The indicators in use, in the order of the dashboards (built-in, relabelled, added). */
  definitions: IndicatorDef[];
  referential: ReferentialInfo;
  /** The plan in use: the seed's axes, objectives and actions, or the workbook's `Plan` sheet. */
  plan: Plan;
  /** The buyer the figures are restricted to (--entity), as written in the register. */
  entity?: string;
  /** T1–T6 per buyer, when the register holds several and no entity was chosen. */
  entities?: EntityTargets[];
  /** Notes of the computation (e.g. pairs left out of A1.E1). */
  notes: Issue[];
  /**
   * C7.4 groups of every year of the register (a contract renewed later may belong to one): the
   * groups, and for each N° marché in a group the group's index.
   */
  splitting: { groups: SplitGroup[]; byContract: Record<string, number> };
  /** Points d'attention: contract ids per alert. */
  alerts: {
    avanceObligatoire: string[];
    insertionSansClause: string[];
    revisionSansClause: string[];
  };
  /** Whether the detail (drill-down) was computed. */
  detail: boolean;
  /**
   * The register's own columns (SPEC §8.1) each indicator reads, by id (keys of Register.ownColumns):
   * the drill-down shows their values. Absent when no indicator reads one.
   */
  ownColumns?: Record<string, string[]>;
}
