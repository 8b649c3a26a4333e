import type { Subscription } from 'rxjs';
import type { Entry } from './bulk-entry.js';
import type { ResolvedBulkWriterConfig } from './resolve-options.js';

/**
 * @internal The documents admitted and not yet sent, in write order: whether they make a batch
 * due (`maxActions`, `maxBytes`, the `flushIntervalMs` timer armed by the first of them, or a
 * `flush()` covering the oldest), and how many of them the next `_bulk` request takes.
 */
export class BatchBuffer<T> {
  private entries: Entry<T>[] = [];
  private bytes = 0;
  private intervalDue = false;
  private intervalTimer: Subscription | undefined;

  constructor(
    private readonly config: Pick<
      ResolvedBulkWriterConfig<never>,
      'maxActions' | 'maxBytes' | 'flushIntervalMs' | 'scheduler'
    >,
    /** Called when `flushIntervalMs` has passed since the buffer stopped being empty. */
    private readonly onInterval: () => void,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  isFull(): boolean {
    return this.entries.length >= this.config.maxActions || this.bytes >= this.config.maxBytes;
  }

  add(entry: Entry<T>): void {
    if (this.entries.length === 0 && this.intervalTimer === undefined) {
      this.intervalTimer = this.config.scheduler.schedule(() => {
        this.intervalTimer = undefined;
        this.intervalDue = true;
        this.onInterval();
      }, this.config.flushIntervalMs);
    }
    this.entries.push(entry);
    this.bytes += entry.bytes;
  }

  /** Whether a batch should leave now; `flushThrough` is the last `seq` a flush waits for. */
  isDue(flushThrough: number): boolean {
    return (
      this.entries.length > 0 &&
      (this.isFull() || this.intervalDue || this.entries[0].seq <= flushThrough)
    );
  }

  /** Takes the next batch: at most `maxActions`, and within `maxBytes` unless one entry alone is over. */
  take(): Entry<T>[] {
    const { maxActions, maxBytes } = this.config;
    let count = 0;
    let bytes = 0;
    while (count < this.entries.length && count < maxActions) {
      const next = this.entries[count].bytes;
      if (count > 0 && bytes + next > maxBytes) break;
      bytes += next;
      count++;
    }
    const batch = this.entries.splice(0, count);
    this.bytes -= bytes;
    if (this.entries.length === 0) {
      this.intervalDue = false;
      this.cancelInterval();
    }
    return batch;
  }

  /** Empties the buffer and stops its timer; returns what it held, oldest first. */
  drain(): Entry<T>[] {
    this.cancelInterval();
    const out = this.entries;
    this.entries = [];
    this.bytes = 0;
    return out;
  }

  cancelInterval(): void {
    this.intervalTimer?.unsubscribe();
    this.intervalTimer = undefined;
  }
}
