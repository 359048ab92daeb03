import type { Issue, Parameters, RegisterSource } from "../register/types";
import type { IndicatorKind, Unit } from "../spaser/referential";

export type Status = "Atteint" | "En cours" | "Non renseigné";

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
  /** [step 1, step 2] targets (T1–T6). */
  targets?: [number, number];
  status?: Status;
  reason?: string;
  breakdown?: Record<string, number>;
  /** Contract ids behind an alert (A17.R3). */
  ids?: string[];
  /** Value per year present in the register, for the indicators worded as "évolution". */
  series?: Record<string, number | string | null>;
  /** Where the value comes from when not computed from the register (e.g. "Saisies"). */
  source?: string;
  comment?: string;
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
  /** Notes of the computation (e.g. pairs left out of A1.E1). */
  notes: Issue[];
  /** Points d'attention: contract ids per alert. */
  alerts: {
    avanceObligatoire: string[];
    insertionSansClause: string[];
    revisionSansClause: string[];
  };
}
