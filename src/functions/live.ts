/**
 * Keeps a cell up to date with the register: the first answer once the source has a snapshot
 * (after any read in progress), then a new answer at each new snapshot, until Excel cancels the
 * cell. Independent of Office.js: functions.ts supplies how a result and an error are written.
 */
import { FunctionError, isError, Outcome } from "./logic";
import type { IndicatorSource, Snapshot } from "./source";

/**
 * Calls `onSnapshot` with the source's current snapshot, then with each new one; never with one
 * older than a snapshot already seen (a read that resolves late does not overwrite a newer one).
 * Returns the function that stops following.
 */
export function follow(source: Promise<IndicatorSource>, onSnapshot: (s: Snapshot) => void, onFailure: (message: string) => void): () => void {
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  let seen: Snapshot | null = null;
  const deliver = (s: Snapshot) => {
    if (stopped || s === seen) return;
    if (seen && s.version < seen.version) return;
    seen = s;
    onSnapshot(s);
  };
  source.then(
    (src) => {
      if (stopped) return;
      // Subscribe before asking for the current snapshot, so that no change falls in between.
      unsubscribe = src.subscribe(deliver);
      src.current().then(deliver, (e: unknown) => {
        if (!stopped && !seen) onFailure(`lecture du classeur impossible : ${e instanceof Error ? e.message : String(e)}`);
      });
    },
    (e: unknown) => {
      if (!stopped) onFailure(`indicateurs indisponibles : ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return () => {
    stopped = true;
    if (unsubscribe) unsubscribe();
    unsubscribe = null;
  };
}

/** The part of Excel's StreamingInvocation the functions use. */
export interface ResultSink<T, E> {
  setResult(value: T | E): void;
  onCanceled?: () => void;
}

/**
 * Streams `compute(snapshot)` to a cell: a value, or `toError(error)`. An answer equal to the one
 * the cell already shows is not written again. A failure of `compute` shows #N/A, never a number.
 */
export function streamTo<T, E>(sink: ResultSink<T, E>, compute: (s: Snapshot) => Outcome<T>, toError: (e: FunctionError) => E, source: Promise<IndicatorSource>): void {
  let shown: string | undefined;
  const write = (o: Outcome<T>) => {
    const key = JSON.stringify(o);
    if (key === shown) return;
    shown = key;
    sink.setResult(isError(o) ? toError(o.error) : o.value);
  };
  const stop = follow(
    source,
    (s) => {
      let o: Outcome<T>;
      try {
        o = compute(s);
      } catch (e) {
        o = { error: { code: "notAvailable", message: `calcul impossible : ${e instanceof Error ? e.message : String(e)}` } };
      }
      write(o);
    },
    (message) => write({ error: { code: "notAvailable", message } }),
  );
  sink.onCanceled = stop;
}
