/**
 * One writer at a time. The ribbon command, the task pane and the events share one runtime (the
 * manifest's shared runtime), hence one instance of this queue: a refresh started while another
 * runs waits for it instead of racing it through the same workbook.
 * https://learn.microsoft.com/office/dev/add-ins/excel/configure-your-add-in-to-use-a-shared-runtime
 */

export interface Busy {
  /** What is running, in French ("actualisation des tableaux de bord"…). */
  label: string;
  /** Who started it ("ruban", "volet"…), when known. */
  origin?: string;
}

export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();
  private running: Busy | null = null;
  private waiting = 0;
  private listeners = new Set<(b: Busy | null) => void>();

  /** What runs now (null when idle). */
  get current(): Busy | null {
    return this.running;
  }

  /** Tasks queued behind the one running. */
  get queued(): number {
    return this.waiting;
  }

  /** Runs `task` after every task queued before it; its failure does not stop the next ones. */
  run<T>(busy: Busy, task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(async () => {
      this.waiting--;
      this.set(busy);
      try {
        return await task();
      } finally {
        this.set(null);
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when nothing runs nor waits. */
  async idle(): Promise<void> {
    while (this.running || this.waiting) await this.tail;
  }

  subscribe(listener: (b: Busy | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(b: Busy | null): void {
    this.running = b;
    for (const l of [...this.listeners]) {
      try {
        l(b);
      } catch {
        // A listener's failure must not stop the queue.
      }
    }
  }
}
