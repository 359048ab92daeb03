/**
 * What the custom functions need from the add-in: the current register's indicators, shared with
 * the task pane (shared runtime), and a way to hear when they change. The Excel side implements
 * it (src/excel/store.ts); tests use a fake.
 */
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";

export interface Snapshot {
  /** The register found in the workbook, or null when none was found (then `message` says why). */
  register: Register | null;
  /** The year the dashboards use (latest year with notified contracts, unless the pane chose another). */
  year: number | null;
  /** Step of the deployment targets (1 or 2). */
  etape: 1 | 2;
  /** Results for a year, computed on demand and cached until the register changes. */
  results(year?: number | null): Results | null;
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
