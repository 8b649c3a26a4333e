import type { RecordEntry } from './entries.js';
import type { ResolvedOptions } from './resolve-options.js';

interface PutWaiter<R> {
  entry: RecordEntry<R>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * @internal Backpressure: which records the producer holds (from `put()` until acknowledged or
 * failed, in `put()` order), how much of the buffer they take, and the `put()` calls waiting for
 * room, admitted first come first served.
 */
export class Admission<R> {
  /** Records given to `put()` and neither acknowledged nor failed, in `put()` order. */
  readonly unsettled = new Set<RecordEntry<R>>();
  bufferedRecords = 0;
  bufferedBytes = 0;
  private readonly waiters: PutWaiter<R>[] = [];

  constructor(private readonly batch: ResolvedOptions<never>['batch']) {}

  get waitingPuts(): number {
    return this.waiters.length;
  }

  /** The record holds the watermark back from now on, even while waiting for room. */
  register(entry: RecordEntry<R>): void {
    this.unsettled.add(entry);
  }

  unregister(entry: RecordEntry<R>): void {
    entry.settled = true;
    this.unsettled.delete(entry);
  }

  /** Whether `entry` may enter the buffer now, ahead of nobody. */
  mayEnter(entry: RecordEntry<R>): boolean {
    return this.waiters.length === 0 && this.hasRoom(entry);
  }

  /** Takes the record's room in the buffer. */
  take(entry: RecordEntry<R>): void {
    this.bufferedRecords++;
    this.bufferedBytes += entry.size;
  }

  /** Gives the record's room back (acknowledged or failed) and forgets it. */
  release(entry: RecordEntry<R>): void {
    this.unregister(entry);
    this.bufferedRecords--;
    this.bufferedBytes -= entry.size;
  }

  /** Resolves when {@link admit} lets the entry in. */
  wait(entry: RecordEntry<R>): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ entry, resolve, reject }));
  }

  /** Lets waiting records in, in order, while there is room; `accept` queues each one. */
  admit(accept: (entry: RecordEntry<R>) => void): void {
    while (this.waiters.length > 0 && this.hasRoom(this.waiters[0].entry)) {
      const waiter = this.waiters.shift() as PutWaiter<R>;
      accept(waiter.entry);
      waiter.resolve();
    }
  }

  /** Rejects every waiting `put()`; with `forget`, their records stop holding the watermark. */
  rejectWaiting(error: unknown, forget: boolean): void {
    for (const w of this.waiters.splice(0)) {
      if (forget) this.unregister(w.entry);
      w.reject(error);
    }
  }

  /** `Infinity` when nothing is unsettled. */
  oldestUnsettledId(): number {
    const first = this.unsettled.values().next();
    return first.done ? Infinity : first.value.id;
  }

  /** `Infinity` when nothing is unsettled. */
  minUnsettledEventTime(): number {
    let min = Infinity;
    for (const e of this.unsettled) if (e.eventTime < min) min = e.eventTime;
    return min;
  }

  private hasRoom(entry: RecordEntry<R>): boolean {
    const b = this.batch;
    return (
      this.bufferedRecords === 0 ||
      (this.bufferedRecords < b.maxBufferedRecords &&
        this.bufferedBytes + entry.size <= b.maxBufferedBytes)
    );
  }
}
