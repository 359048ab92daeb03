/**
 * Requests bounded by their size in bytes, not by a number of cells.
 *
 * Excel on the web refuses a request or a response over 5 MB ("the payload size limit for requests
 * and responses is 5 MB", RequestPayloadSizeLimitExceeded), whatever the number of cells:
 * https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
 * https://learn.microsoft.com/office/dev/add-ins/excel/performance ("keep payloads below size
 * limits by chunking"). Office.js sends the commands queued before a `context.sync()` as one JSON
 * request: each command costs its arguments (the 2-D arrays of values and formats above all) plus
 * the description of the command and of the object it applies to. The writer estimates that size
 * as it queues, and syncs before the estimate would pass MAX_REQUEST_BYTES (4 MB: a margin of 1 MB
 * under the limit for what the estimate leaves out).
 */

/** Largest request the add-in sends (estimate). */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Bytes of data wanted per response (Excel on the web refuses a response over 5 MB). */
export const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;
/** Bytes of one row's entry of get/setRowProperties ({"rowIndex":1048575,"format":{"rowHeight":15.75}} and more). */
export const ROW_PROPERTY_BYTES = 64;
/** Rows per get/setRowProperties call, so that its response or request stays well under 5 MB. */
export const ROWS_PER_PROPERTIES = Math.floor(MAX_RESPONSE_BYTES / ROW_PROPERTY_BYTES);
/** Estimated bytes of one command besides its arguments: action, ids and object path in JSON. */
export const COMMAND_BYTES = 300;

/** Bytes of a value serialized as JSON, in UTF-8 (what goes over the wire). */
export function jsonBytes(value: unknown): number {
  const s = JSON.stringify(value) ?? "";
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x80) n += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return n;
}

export interface BudgetStats {
  /** context.sync() calls made by the budget. */
  syncs: number;
  /** Estimated bytes of each request sent. */
  requests: number[];
}

/**
 * Counts the estimated bytes of the commands queued on a request context and syncs before a
 * command would make the request too big. `reserve` is called before queuing the command(s).
 */
export class RequestBudget {
  private used = 0;
  readonly stats: BudgetStats = { syncs: 0, requests: [] };

  constructor(
    private readonly sync: () => Promise<void>,
    readonly limit = MAX_REQUEST_BYTES,
    /** Queued again at the start of each request (e.g. suspending screen updating). */
    private readonly onNewRequest?: () => void,
  ) {}

  /** Bytes queued and not yet sent. */
  get pending(): number {
    return this.used;
  }

  /** Makes room for `bytes` more: sends what is queued first when they would not fit. */
  async reserve(bytes: number): Promise<void> {
    if (this.used > 0 && this.used + bytes > this.limit) await this.flush();
    if (this.used === 0) this.onNewRequest?.();
    this.used += bytes;
  }

  /** One command without a large argument. */
  command(extra = 0): Promise<void> {
    return this.reserve(COMMAND_BYTES + extra);
  }

  /** Sends what is queued (nothing when nothing is). */
  async flush(): Promise<void> {
    if (this.used === 0) return;
    const bytes = this.used;
    this.used = 0;
    await this.sync();
    this.stats.syncs++;
    this.stats.requests.push(bytes);
  }
}
