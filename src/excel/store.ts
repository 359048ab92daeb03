/**
 * The add-in's view of the register, shared by the task pane, the ribbon command and the custom
 * functions (shared runtime). It reads the workbook through the port, keeps the register, computes
 * the indicators on demand with a cache per (year, step), and reads again after the workbook
 * changes (debounced: a burst of edits gives one read, and the next request one engine pass).
 */
import type { IndicatorSource, Snapshot } from "../functions/source";
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { readWorkbook } from "../register/read";
import { computeIndicators, defaultYear, EngineOptions } from "../indicators/engine";
import type { WorkbookPort } from "./port";

export type Compute = (register: Register, options: EngineOptions) => Results;

export interface StoreOptions {
  /** Wait after the last change before reading again (ms). */
  debounceMs?: number;
  compute?: Compute;
}

export const DEFAULT_DEBOUNCE_MS = 800;

export class SpaserStore implements IndicatorSource {
  private register: Register | null = null;
  private message: string | undefined = "Le classeur n'a pas encore été lu.";
  private version = 0;
  private chosenYear: number | null = null;
  private chosenEtape: 1 | 2 | null = null;
  private cache = new Map<string, Results>();
  private reading: Promise<void> | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(s: Snapshot) => void>();
  private snapshot: Snapshot | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly debounceMs: number;
  private readonly compute: Compute;
  /** Engine passes so far (each one a full computeIndicators). */
  enginePasses = 0;
  /** Workbook reads so far. */
  reads = 0;

  constructor(
    private readonly port: Pick<WorkbookPort, "readGrids" | "onChange">,
    options: StoreOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.compute = options.compute ?? computeIndicators;
  }

  /** Listens to the workbook's changes and reads it a first time. */
  async start(): Promise<Snapshot> {
    if (!this.stopWatching) {
      try {
        this.stopWatching = await this.port.onChange(() => this.invalidate());
      } catch {
        // Hosts without change events: the pane's refresh still reads the workbook again.
        this.stopWatching = () => undefined;
      }
    }
    return this.reload();
  }

  stop(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async current(): Promise<Snapshot> {
    if (this.timer || !this.snapshot) return this.reload();
    while (this.reading) await this.reading;
    return this.snapshot;
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The workbook changed: read it again after a pause. */
  invalidate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, this.debounceMs);
  }

  /** Reads the workbook now (after the read in progress, if any). */
  async reload(): Promise<Snapshot> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.reading) {
      this.dirty = true;
      while (this.reading) await this.reading;
      return this.snapshot as Snapshot;
    }
    this.reading = this.readLoop().finally(() => {
      this.reading = null;
    });
    await this.reading;
    return this.snapshot as Snapshot;
  }

  /** Year chosen in the pane (null: the latest year with notified contracts). */
  setYear(year: number | null): void {
    if (year === this.chosenYear) return;
    this.chosenYear = year;
    this.publish();
  }

  /** Step chosen in the pane (null: `Étape en cours` of Paramètres). */
  setEtape(etape: 1 | 2 | null): void {
    if (etape === this.chosenEtape) return;
    this.chosenEtape = etape;
    this.publish();
  }

  private async readLoop(): Promise<void> {
    do {
      this.dirty = false;
      this.reads++;
      try {
        const { grids, sheetNames } = await this.port.readGrids();
        this.register = readWorkbook(grids, sheetNames);
        this.message = undefined;
      } catch (e) {
        this.register = null;
        this.message = e instanceof Error ? e.message : String(e);
      }
      this.cache.clear();
    } while (this.dirty);
    this.publish();
  }

  private results(reg: Register | null, year: number | null | undefined, etape: 1 | 2): Results | null {
    if (!reg) return null;
    // A snapshot older than the last read computes without the cache (which is for the current register).
    if (reg !== this.register) return this.compute(reg, { ...(year != null ? { year } : {}), etape });
    const y = year ?? defaultYear(reg) ?? undefined;
    const key = `${y ?? "-"}|${etape}`;
    let r = this.cache.get(key);
    if (!r) {
      this.enginePasses++;
      r = this.compute(reg, { ...(y !== undefined ? { year: y } : {}), etape });
      this.cache.set(key, r);
    }
    return r;
  }

  private publish(): void {
    this.version++;
    const reg = this.register;
    const etape: 1 | 2 = this.chosenEtape ?? reg?.parameters.etape ?? 1;
    const year = reg ? (this.chosenYear ?? defaultYear(reg)) : null;
    const snap: Snapshot = {
      register: reg,
      year,
      etape,
      version: this.version,
      results: (y?: number | null) => this.results(reg, y === undefined || y === null ? year : y, etape),
      ...(this.message !== undefined ? { message: this.message } : {}),
    };
    this.snapshot = snap;
    for (const l of [...this.listeners]) {
      try {
        l(snap);
      } catch {
        // A listener's failure must not stop the others.
      }
    }
  }
}
