import type { BulkAck, IndexRequest } from '../types.js';
import { abandoned, unsendable, type Entry, type Refusal } from './bulk-entry.js';
import type { DeadLetterOutputs } from './dead-letter-outputs.js';
import type { MetricsRecorder } from './metrics.js';
import type { ResolvedBulkWriterConfig } from './resolve-options.js';

const RESOLVED: Promise<void> = Promise.resolve();

/** @internal What the acknowledger asks of the writer that owns it. */
export interface AcknowledgerHost {
  /** Fails the writer (an `onAck` threw, a dead letter could not be written). */
  fail(error: Error): void;
  /** `_bulk` requests in flight: `close()` also waits for them to finish. */
  inFlight(): number;
}

/**
 * @internal Settles every accepted document exactly once: indexed or superseded (acknowledged to
 * `onAck`), dead-lettered, or given up after a failure. Knows which documents are still open, by
 * `seq`, and wakes the `flush()` and `close()` calls that wait for them.
 */
export class Acknowledger<T extends IndexRequest> {
  /** Sequence numbers accepted and not yet settled, in ascending (insertion) order. */
  private readonly outstanding = new Set<number>();
  private flushWaiters: { target: number; resolve(): void; reject(error: Error): void }[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly onAck: ResolvedBulkWriterConfig<T>['onAck'],
    private readonly deadLetters: DeadLetterOutputs<T>,
    private readonly recorder: MetricsRecorder,
    private readonly host: AcknowledgerHost,
  ) {}

  /** Documents accepted and not yet settled. */
  get size(): number {
    return this.outstanding.size;
  }

  /** The document holds back `flush()` and `close()` from now until it is settled. */
  open(seq: number): void {
    this.outstanding.add(seq);
  }

  /** The lowest open `seq`; `Infinity` when none is open. */
  lowest(): number {
    const first = this.outstanding.values().next();
    return first.done ? Number.POSITIVE_INFINITY : first.value;
  }

  settle(entry: Entry<T>, ack: BulkAck<T> | undefined): void {
    if (entry.settled) return;
    entry.settled = true;
    this.outstanding.delete(entry.seq);
    const onAck = this.onAck;
    if (ack === undefined || onAck === undefined) return;
    try {
      onAck(ack, entry.seq);
    } catch (err) {
      this.host.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Dead-letters a document the writer cannot send at all (see `encodeEntry`). */
  async refuseUnsendable(entry: Entry<T>, reason: string): Promise<void> {
    try {
      await this.deadLetter([unsendable(entry, reason)]);
    } catch (err) {
      this.host.fail(err as Error);
      this.settle(entry, undefined);
    }
    this.check();
  }

  /**
   * Hands refused documents to the dead-letter outputs and settles them. Without any output the
   * first refusal is thrown, failing the writer: a refused document never vanishes silently.
   */
  async deadLetter(refused: readonly Refusal<T>[]): Promise<void> {
    if (!this.deadLetters.configured) throw refused[0].error;
    await this.deadLetters.emit(
      refused.map(({ entry, error }) => ({ request: entry.request, error })),
    );
    this.recorder.deadLetters += refused.length;
    for (const { entry, error } of refused) {
      this.settle(entry, {
        request: entry.request,
        outcome: 'dead_lettered',
        status: error.status,
        attempts: error.attempts,
        error,
      });
    }
    this.check();
  }

  /**
   * Gives up on the unsettled documents of `entries` after `error`: dead-lettered with that
   * reason when an output exists (so they can be replayed), otherwise settled silently, the
   * writer's failure being their trace.
   */
  async abandon(
    entries: readonly Entry<T>[],
    error: Error,
    type: 'request_failed' | 'writer_failed',
  ): Promise<void> {
    const open = entries.filter((e) => !e.settled);
    if (open.length === 0) return;
    if (this.deadLetters.configured) {
      try {
        await this.deadLetter(abandoned(open, error, type));
        return;
      } catch {
        // Already failed; the failure stays the trace of these documents.
      }
    }
    for (const entry of open) this.settle(entry, undefined);
    this.check();
  }

  /** Resolves once every document up to `target` (a `seq`) is settled. */
  settledThrough(target: number): Promise<void> {
    if (this.lowest() > target) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ target, resolve, reject });
    });
  }

  /** Resolves once no document is open and no request is in flight. */
  idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.check();
    });
  }

  /** Rejects every waiting `flush()`. */
  rejectFlushes(error: Error): void {
    const flushes = this.flushWaiters;
    this.flushWaiters = [];
    for (const f of flushes) f.reject(error);
  }

  /** Resolves the waits whose documents are all settled now. */
  check(): void {
    if (this.flushWaiters.length > 0) {
      const low = this.lowest();
      const done = this.flushWaiters.filter((f) => f.target < low);
      if (done.length > 0) {
        this.flushWaiters = this.flushWaiters.filter((f) => f.target >= low);
        for (const f of done) f.resolve();
      }
    }
    if (this.idleWaiters.length > 0 && this.outstanding.size === 0 && this.host.inFlight() === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }
}
