/**
 * What the custom functions need from the add-in: the current register's indicators, shared with
 * the task pane (shared runtime), and a way to hear when they change. The Excel side implements
 * it (src/excel/store.ts); tests use a fake.
 */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";

/** What a computation is asked for, beyond the year. */
export interface ResultsQuery {
  /**
   * The buyer of a joint SPASER whose figures are wanted: a name (compared like headers), null for
   * the whole register, omitted for the entity chosen in the pane. An entity the register does not
   * hold throws the engine's EntityNotFoundError (French message listing the ones found).
   */
  entity?: string | null;
  /** The contracts behind every figure (IndicatorResult.detail) are needed. */
  detail?: boolean;
}

export interface Snapshot {
  /** The register found in the workbook, or null when none was found (then `message` says why). */
  register: Register | null;
  /** The year the dashboards use (latest year with notified contracts, unless the pane chose another). */
  year: number | null;
  /** Step of the deployment targets (1 or 2). */
  etape: 1 | 2;
  /** The buyer chosen in the pane (null: every entity of the register). */
  entity: string | null;
  /**
   * Results for a year (default: `year` above), computed on demand and cached until the register
   * changes. Throws EntityNotFoundError for an entity the register does not hold.
   */
  results(year?: number | null, query?: ResultsQuery): Results | null;
  /** Why there is no register, in French. */
  message?: string;
  /**
   * The last read of the workbook failed (French reason): the register above is the last one read
   * successfully ("lecture reportée"), or null when none ever was. A new read is scheduled.
   */
  readError?: string;
  /** Milliseconds until the next automatic read, when one is scheduled after a failure. */
  retryInMs?: number;
  /** Increments at every new read of the workbook. */
  version: number;
}

export interface IndicatorSource {
  /** Resolves with the current snapshot, after any read in progress (never a stale one). */
  current(): Promise<Snapshot>;
  /** Called with each new snapshot; returns a function that stops listening. */
  subscribe(listener: (s: Snapshot) => void): () => void;
}
