/**
 * Where the custom functions find the add-in's indicators. The shared runtime's startup
 * (src/excel/store.ts) calls setIndicatorSource once; functions called before that wait for it.
 *
 * The slot lives on globalThis, not in this module: the task pane and the functions may be built as
 * separate bundles loaded in the same shared runtime, each with its own copy of this module.
 */
import type { IndicatorSource } from "./source";

interface Slot {
  source: IndicatorSource | null;
  waiting: ((s: IndicatorSource) => void)[];
}

const KEY = Symbol.for("spaser.functions.indicatorSource");

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  let s = g[KEY];
  if (!s) {
    s = { source: null, waiting: [] };
    g[KEY] = s;
  }
  return s;
}

/** Makes the source available to the functions, and wakes those waiting for it. */
export function setIndicatorSource(source: IndicatorSource): void {
  const s = slot();
  s.source = source;
  const waiting = s.waiting;
  s.waiting = [];
  for (const resolve of waiting) resolve(source);
}

/** The source, as soon as the add-in has set it. */
export function getIndicatorSource(): Promise<IndicatorSource> {
  const s = slot();
  if (s.source) return Promise.resolve(s.source);
  return new Promise((resolve) => s.waiting.push(resolve));
}

/** Forgets the source (tests, or a runtime that shuts down); functions called next wait again. */
export function clearIndicatorSource(): void {
  slot().source = null;
}
