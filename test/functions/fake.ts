/**
 * A small register read from hand-made grids, and a fake of the add-in's indicator source: a
 * snapshot caches the engine's results per year, as the store does, and counts the engine passes.
 */
import { computeIndicators } from "../../src/indicators/engine";
import type { Results } from "../../src/indicators/types";
import type { IndicatorSource, ResultsQuery, Snapshot } from "../../src/functions/source";
import { readWorkbook } from "../../src/register/read";
import type { Cell, Register } from "../../src/register/types";

export const HEADERS = ["N° marché", "Date de notification", "Montant HT", "Procédure", "Actions ciblées", "Clause d'insertion", "Critère environnemental", "Titulaire TPE/PME"];

/**
 * 2025: M1–M4; 2024: M5.
 *   M1 15/03/2025 120 000 AOO  actions 8; 24  insertion oui  critère env. oui  TPE/PME oui
 *   M2 02/05/2025  50 000 MAPA actions 8      insertion non  critère env. non  TPE/PME non
 *   M3 10/06/2025 200 000 AOO  actions 8; 14  insertion oui  critère env. non  TPE/PME (blank: unknown)
 *   M4 01/09/2025  30 000 MAPA (none)         insertion non  critère env. oui  TPE/PME oui
 *   M5 12/11/2024  95 000 AOO  actions 8      insertion non  critère env. non  TPE/PME non
 */
export const ROWS: Cell[][] = [
  ["M1", "15/03/2025", 120000, "AOO", "8; 24", "oui", "oui", "oui"],
  ["M2", "02/05/2025", 50000, "MAPA", "8", "non", "non", "non"],
  ["M3", "10/06/2025", 200000, "AOO", "8; 14", "oui", "non", null],
  ["M4", "01/09/2025", 30000, "MAPA", null, "non", "oui", "oui"],
  ["M5", "12/11/2024", 95000, "AOO", "8", "non", "non", "non"],
];

/** Paramètres: T1 targets 40 % (step 1) and 90 % (step 2); the other targets keep their defaults. */
export const PARAMETERS: Cell[][] = [
  ["Paramètre", "Valeur"],
  ["Cible T1 étape 1", "40 %"],
  ["Cible T1 étape 2", 0.9],
];

export function register(rows: Cell[][] = ROWS, headers: Cell[] = HEADERS): Register {
  return readWorkbook([
    { sheet: "Registre", rows: [headers, ...rows] },
    { sheet: "Paramètres", rows: PARAMETERS },
  ]);
}

export interface Counter {
  passes: number;
}

/**
 * A snapshot as the store gives it: results computed on demand, once per year, entity and
 * drill-down, then cached (the store's own cache is tested in test/excel/store.test.ts).
 */
export function snapshot(reg: Register | null, options: { year?: number | null; etape?: 1 | 2; entity?: string | null; version?: number; message?: string; counter?: Counter } = {}): Snapshot {
  const year = options.year !== undefined ? options.year : reg ? 2025 : null;
  const etape = options.etape ?? reg?.parameters.etape ?? 1;
  const chosen = options.entity ?? null;
  const cache = new Map<string, Results>();
  return {
    register: reg,
    year,
    etape,
    entity: chosen,
    version: options.version ?? 1,
    ...(options.message !== undefined ? { message: options.message } : {}),
    results(y?: number | null, q: ResultsQuery = {}) {
      if (!reg) return null;
      const at = y ?? year;
      if (at === null) return null;
      const entity = q.entity === undefined ? chosen : q.entity;
      const key = `${at}|${entity ?? ""}|${q.detail ? 1 : 0}`;
      let r = cache.get(key);
      if (!r) {
        if (options.counter) options.counter.passes++;
        r = computeIndicators(reg, { year: at, etape, ...(entity !== null ? { entity } : {}), ...(q.detail ? { detail: true } : {}) });
        cache.set(key, r);
      }
      return r;
    },
  };
}

/** The add-in's source, driven by the test: publish() is what the store does after a read. */
export class FakeSource implements IndicatorSource {
  readonly listeners = new Set<(s: Snapshot) => void>();
  currentCalls = 0;
  private pending: Promise<Snapshot> | null = null;

  constructor(public snapshot: Snapshot) {}

  current(): Promise<Snapshot> {
    this.currentCalls++;
    return this.pending ?? Promise.resolve(this.snapshot);
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A read starts: current() resolves only when finish() publishes its snapshot. */
  startRead(): (s: Snapshot) => void {
    let resolve!: (s: Snapshot) => void;
    this.pending = new Promise((r) => (resolve = r));
    return (s: Snapshot) => {
      this.pending = null;
      this.publish(s);
      resolve(s);
    };
  }

  publish(s: Snapshot): void {
    this.snapshot = s;
    for (const l of [...this.listeners]) l(s);
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
