/**
 * The add-in's view of the register, shared by the task pane, the ribbon command and the custom
 * functions (shared runtime). It reads the workbook through the port, keeps the register, computes
 * the indicators on demand with a cache per (year, step), and reads again after the workbook
 * changes (debounced: a burst of edits gives one read, and the next request one engine pass).
 *
 * The drill-down (the contracts behind every figure, for =SPASER.CONTRATS, the pane's list and the
 * « Détail des indicateurs » sheet) costs about as much again as the figures alone: on the bench's
 * register of 100 000 contracts (npm run bench, section 3), 448 ms with it against 213 ms without,
 * and 1.6 million ids (about 11 MB) kept. It is therefore computed only when something asks for
 * it, and kept for the next registers read as long as something went on asking: a workbook with
 * =SPASER.CONTRATS cells gets one engine pass per change (with the drill-down), a workbook without
 * them one lighter pass.
 *
 * A read that fails keeps the last register read successfully: the functions go on answering from
 * it and the pane says "lecture reportée" with the reason, while a new read is tried after 1, 2,
 * 5, 10 then every 30 seconds. (Reads wait while a cell is being edited, see run.ts; what can still
 * fail is e.g. a workbook busy with a co-author's change or a lost connection.) Registering the
 * change events is retried the same way: a failure never leaves the session without them.
 */
import type { IndicatorSource, ResultsQuery, Snapshot } from "../functions/source";
import type { Register } from "../register/types";
import type { Results } from "../indicators/types";
import { readWorkbook } from "../register/read";
import { computeIndicators, defaultYear, EngineOptions, EntityNotFoundError } from "../indicators/engine";
import { normalizeHeader } from "../register/columns";
import type { WorkbookPort } from "./port";

export type Compute = (register: Register, options: EngineOptions) => Results;

export interface StoreOptions {
  /** Wait after the last change before reading again (ms). */
  debounceMs?: number;
  compute?: Compute;
  /** Delays before each new attempt after a failure (ms); the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** Resolves when no write is running: background reads wait for it (lock.ts). */
  idle?: () => Promise<void>;
}

export const DEFAULT_DEBOUNCE_MS = 800;
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

export class SpaserStore implements IndicatorSource {
  private register: Register | null = null;
  private message: string | undefined = "Le classeur n'a pas encore été lu.";
  private readError: string | undefined;
  private version = 0;
  private chosenYear: number | null = null;
  private chosenEtape: 1 | 2 | null = null;
  private chosenEntity: string | null = null;
  /** Results per year, step and entity; `detail` says whether they carry the drill-down. */
  private cache = new Map<string, { results: Results; detail: boolean } | { error: unknown }>();
  /** The drill-down was asked for on the current register / on the one before. */
  private detailAsked = false;
  private detailWanted = false;
  private reading: Promise<void> | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDue: number | null = null;
  private readFailures = 0;
  private watchTimer: ReturnType<typeof setTimeout> | null = null;
  private watchFailures = 0;
  private listeners = new Set<(s: Snapshot) => void>();
  private snapshot: Snapshot | null = null;
  private stopWatching: (() => void) | null = null;
  private stopped = false;
  private readonly debounceMs: number;
  private readonly compute: Compute;
  private readonly retryDelays: readonly number[];
  private readonly idle: () => Promise<void>;
  /** Engine passes so far (each one a full computeIndicators). */
  enginePasses = 0;
  /** Of which with the drill-down. */
  detailPasses = 0;
  /** Workbook reads so far. */
  reads = 0;

  constructor(
    private readonly port: Pick<WorkbookPort, "readGrids" | "onChange">,
    options: StoreOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.compute = options.compute ?? computeIndicators;
    this.retryDelays = options.retryDelaysMs?.length ? options.retryDelaysMs : RETRY_DELAYS_MS;
    this.idle = options.idle ?? (() => Promise.resolve());
  }

  /** Whether the workbook's change events are being listened to. */
  get watching(): boolean {
    return this.stopWatching !== null;
  }

  /** Listens to the workbook's changes and reads it a first time. */
  async start(): Promise<Snapshot> {
    this.stopped = false;
    await this.watch();
    return this.reload();
  }

  stop(): void {
    this.stopped = true;
    this.stopWatching?.();
    this.stopWatching = null;
    for (const t of [this.timer, this.retryTimer, this.watchTimer]) if (t) clearTimeout(t);
    this.timer = this.retryTimer = this.watchTimer = null;
  }

  private delay(failures: number): number {
    return this.retryDelays[Math.min(failures - 1, this.retryDelays.length - 1)];
  }

  /** Registers the change events; on failure, tries again later (never gives up). */
  private async watch(): Promise<void> {
    if (this.stopWatching || this.stopped) return;
    try {
      this.stopWatching = await this.port.onChange(() => this.invalidate());
      this.watchFailures = 0;
    } catch {
      this.watchFailures++;
      if (this.watchTimer) clearTimeout(this.watchTimer);
      this.watchTimer = setTimeout(() => {
        this.watchTimer = null;
        void this.watch();
      }, this.delay(this.watchFailures));
    }
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

  /** The workbook changed: read it again after a pause (and after any write in progress). */
  invalidate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.idle().then(() => {
        if (!this.timer) return;
        this.timer = null;
        void this.reload();
      });
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

  /** Buyer chosen in the pane (null: every entity of the register). */
  setEntity(entity: string | null): void {
    if (entity === this.chosenEntity) return;
    this.chosenEntity = entity;
    this.publish();
  }

  private async readLoop(): Promise<void> {
    do {
      this.dirty = false;
      this.reads++;
      try {
        const { grids, sheetNames } = await this.port.readGrids();
        this.readError = undefined;
        this.readFailures = 0;
        this.cancelRetry();
        this.cache.clear();
        // Computed with the drill-down from the start when the previous register was asked for it.
        this.detailWanted = this.detailAsked;
        this.detailAsked = false;
        try {
          this.register = readWorkbook(grids, sheetNames);
          this.message = undefined;
        } catch (e) {
          // The workbook was read and holds no register: nothing to retry until it changes.
          this.register = null;
          this.message = e instanceof Error ? e.message : String(e);
        }
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        // The last good register stays: formulas keep their values, the pane says why.
        this.readError = why;
        if (!this.register) this.message = why;
        this.readFailures++;
        this.scheduleRetry();
      }
    } while (this.dirty);
    this.publish();
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryDue = null;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.cancelRetry();
    const wait = this.delay(this.readFailures);
    this.retryDue = Date.now() + wait;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryDue = null;
      void this.idle().then(() => this.reload());
    }, wait);
  }

  private results(reg: Register | null, year: number | null | undefined, etape: 1 | 2, entity: string | null, detail: boolean): Results | null {
    if (!reg) return null;
    const options = (y: number | undefined, withDetail: boolean): EngineOptions => ({
      ...(y !== undefined ? { year: y } : {}),
      etape,
      ...(entity !== null ? { entity } : {}),
      ...(withDetail ? { detail: true } : {}),
    });
    // A snapshot older than the last read computes without the cache (which is for the current register).
    if (reg !== this.register) return this.compute(reg, options(year ?? undefined, detail));
    if (detail) this.detailAsked = true;
    const y = year ?? defaultYear(reg) ?? undefined;
    const key = `${y ?? "-"}|${etape}|${entity === null ? "" : normalizeHeader(entity)}`;
    const hit = this.cache.get(key);
    // An entity the register does not hold fails once per register, not once per cell.
    if (hit && "error" in hit) throw hit.error;
    // Results with the drill-down answer a question without it too.
    if (hit && (hit.detail || !detail)) return hit.results;
    const withDetail = detail || this.detailWanted;
    this.enginePasses++;
    if (withDetail) this.detailPasses++;
    let r: Results;
    try {
      r = this.compute(reg, options(y, withDetail));
    } catch (e) {
      if (e instanceof EntityNotFoundError) this.cache.set(key, { error: e });
      throw e;
    }
    this.cache.set(key, { results: r, detail: withDetail });
    return r;
  }

  private publish(): void {
    this.version++;
    const reg = this.register;
    const etape: 1 | 2 = this.chosenEtape ?? reg?.parameters.etape ?? 1;
    const year = reg ? (this.chosenYear ?? defaultYear(reg)) : null;
    const entity = this.chosenEntity;
    const snap: Snapshot = {
      register: reg,
      year,
      etape,
      entity,
      version: this.version,
      results: (y?: number | null, q: ResultsQuery = {}) => this.results(reg, y === undefined || y === null ? year : y, etape, q.entity === undefined ? entity : q.entity, !!q.detail),
      ...(this.message !== undefined && !reg ? { message: this.message } : {}),
      ...(this.readError !== undefined ? { readError: this.readError } : {}),
      ...(this.retryDue !== null ? { retryInMs: Math.max(0, this.retryDue - Date.now()) } : {}),
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
