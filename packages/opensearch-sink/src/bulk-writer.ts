import type { Client } from '@opensearch-project/opensearch';
import type { SchedulerAction, Subscription } from 'rxjs';
import type { BulkWriterOptions } from './bulk-writer-options.js';
import { WriterClosedError } from './errors.js';
import type { BulkWriterMetrics, IndexRequest } from './types.js';
import { Acknowledger } from './_internals/acknowledger.js';
import { BatchBuffer } from './_internals/batch-buffer.js';
import { BatchRunner } from './_internals/batch-runner.js';
import { encodeEntry, type Entry, type Waiter } from './_internals/bulk-entry.js';
import { DeadLetterOutputs } from './_internals/dead-letter-outputs.js';
import { abortable } from '@tripstream/support';
import { MetricsRecorder } from './_internals/metrics.js';
import { Queue } from './_internals/queue.js';
import {
  resolveBulkWriterOptions,
  type ResolvedBulkWriterConfig,
} from './_internals/resolve-options.js';

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Buffers index actions and sends them to `_bulk`: a batch leaves at `maxActions`, `maxBytes` or
 * `flushIntervalMs`, whichever comes first, with at most `concurrency` requests in flight.
 * Whole-request failures are retried with full-jitter backoff; of a partly failed batch only the
 * retryable items are sent again; documents refused for good go to the dead letter. `write()`
 * waits while the buffer is full and every request slot is busy; `flush()` and `close()` resolve
 * once every document written before them is indexed or dead-lettered.
 *
 * @example
 * const writer = new BulkWriter({ node: 'http://127.0.0.1:9200', deadLetterFile: 'dead.jsonl' });
 * await writer.write({ index: 'rides', id: 'ride-1', document: { fare: 12.5 } });
 * await writer.close();
 */
export class BulkWriter<T extends IndexRequest = IndexRequest> {
  private readonly config: ResolvedBulkWriterConfig<T>;
  private readonly client: Client;
  private readonly ownsClient: boolean;
  private readonly recorder: MetricsRecorder;
  private readonly acks: Acknowledger<T>;
  private readonly buffer: BatchBuffer<T>;
  private readonly runner: BatchRunner<T>;

  private nextSeq = 0;
  private readonly waiters = new Queue<Waiter<T>>();
  private inFlight = 0;
  private inFlightDocs = 0;
  /** The last `seq` a `flush()` (or `close()`) waits for: everything up to it is due. */
  private flushThrough = -1;
  private metricsTimer: Subscription | undefined;
  private pumping = false;
  private pumpAgain = false;
  private dispatchedSinceYield = false;
  private closing = false;
  private closed: Promise<void> | undefined;
  private failure: Error | undefined;
  /** `{"index":{"_index":"<index>","_id":` per index, so the index is escaped once, not per document. */
  private readonly actionPrefixes = new Map<string, string>();

  constructor(options: BulkWriterOptions<T>) {
    this.config = resolveBulkWriterOptions(options);
    const { client, owned } = this.config.connect();
    this.client = client;
    this.ownsClient = owned;
    const { scheduler } = this.config;
    this.recorder = new MetricsRecorder(scheduler.now());
    const deadLetters = new DeadLetterOutputs(
      this.config.deadLetterFile,
      this.config.onDeadLetter,
      () => scheduler.now(),
    );
    this.acks = new Acknowledger(this.config.onAck, deadLetters, this.recorder, {
      fail: (error) => this.fail(error),
      inFlight: () => this.inFlight,
    });
    this.buffer = new BatchBuffer(this.config, () => this.pump());
    this.runner = new BatchRunner(this.config, client, this.recorder, this.acks, {
      failure: () => this.failure,
      fail: (error) => this.fail(error),
    });
    if (this.config.onMetrics !== undefined) {
      const emit = () => this.emitMetrics();
      const period = this.config.metricsIntervalMs;
      this.metricsTimer = this.config.scheduler.schedule(function (this: SchedulerAction<unknown>) {
        emit();
        this.schedule(undefined, period);
      }, period);
    }
  }

  /**
   * Accepts one document. Resolves at once while there is room, otherwise once a batch has left
   * to make room (backpressure: await it). Rejects after `close()` (`WriterClosedError`) or once
   * the writer failed (with that error). A document the writer cannot send at all (no string
   * `index`/`id`, not serialisable) is dead-lettered, not rejected.
   */
  write(request: T): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new WriterClosedError());
    const entry = this.toEntry(request);
    this.acks.open(entry.seq);
    if (entry.invalid !== undefined) {
      void this.acks.refuseUnsendable(entry, entry.invalid);
      return RESOLVED;
    }
    if (this.waiters.length === 0 && !this.buffer.isFull()) {
      this.buffer.add(entry);
      this.pump();
      return this.yieldAfterDispatch();
    }
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ entry, resolve, reject });
      this.pump();
    });
  }

  /**
   * Sends what is buffered now; resolves once every earlier `write()` is settled. `signal` stops
   * the waiting (rejecting with its reason), not the sending.
   */
  flush(options: { signal?: AbortSignal } = {}): Promise<void> {
    return abortable(this.flushOnce(), options.signal);
  }

  private flushOnce(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const target = this.nextSeq - 1;
    if (this.acks.lowest() > target) return RESOLVED;
    this.flushThrough = Math.max(this.flushThrough, target);
    const flushed = this.acks.settledThrough(target);
    this.pump();
    return flushed;
  }

  /**
   * Refuses further writes, flushes everything, stops timers and closes the client if the writer
   * built it. Resolves when all is settled; rejects with the failure if the writer failed.
   * Idempotent. `signal` stops the waiting (rejecting with its reason); the close goes on.
   */
  close(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.closed ??= this.shutdown();
    return abortable(this.closed, options.signal);
  }

  /** `await using writer = new BulkWriter(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Current counters; rates cover the time since the last `onMetrics` call. */
  metrics(): BulkWriterMetrics {
    return this.recorder.snapshot(this.config.scheduler.now(), this.pending(), false);
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    this.flushThrough = Number.POSITIVE_INFINITY;
    this.pump();
    await this.acks.idle();
    this.buffer.cancelInterval();
    this.metricsTimer?.unsubscribe();
    this.metricsTimer = undefined;
    this.emitMetrics();
    if (this.ownsClient) await this.client.close().catch(() => {});
    if (this.failure !== undefined) throw this.failure;
  }

  private toEntry(request: T): Entry<T> {
    return encodeEntry(this.nextSeq++, request, this.actionPrefixes);
  }

  /** Admits waiting writes while there is room and sends every batch that is due and has a slot. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.failure === undefined) {
          const admitted: Waiter<T>[] = [];
          while (this.waiters.length > 0 && !this.buffer.isFull()) {
            const waiter = this.waiters.shift()!;
            this.buffer.add(waiter.entry);
            admitted.push(waiter);
          }
          if (admitted.length > 0) {
            // Resume the writers only after the request just sent reached the socket (see below).
            setImmediate(() => {
              for (const waiter of admitted) waiter.resolve();
            });
          }
          if (this.inFlight >= this.config.concurrency) break;
          if (!this.buffer.isDue(this.flushThrough)) break;
          this.dispatch(this.buffer.take());
        }
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  /**
   * A caller looping on `await write()` over resolved promises runs in one long microtask chain,
   * which starves the I/O phase: the request just handed to the HTTP agent would not reach the
   * socket until the caller blocks, a batch later. After a dispatch, `write()` therefore resolves
   * on the next macrotask instead (once per batch, not per document).
   */
  private yieldAfterDispatch(): Promise<void> {
    if (!this.dispatchedSinceYield) return RESOLVED;
    this.dispatchedSinceYield = false;
    return new Promise((resolve) => setImmediate(resolve));
  }

  private dispatch(batch: Entry<T>[]): void {
    this.dispatchedSinceYield = true;
    this.inFlight++;
    this.inFlightDocs += batch.length;
    void this.runner.run(batch).finally(() => {
      this.inFlight--;
      this.inFlightDocs -= batch.length;
      this.pump();
      this.acks.check();
    });
  }

  /** Fails the writer for good: pending writes and flushes reject, buffered documents are given up. */
  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    const buffered = this.buffer.drain();
    try {
      this.config.onError?.(error);
    } catch {
      // The writer is failing already; a throwing observer changes nothing.
    }
    for (const waiter of this.waiters.drain()) {
      this.acks.settle(waiter.entry, undefined);
      waiter.reject(error);
    }
    this.acks.rejectFlushes(error);
    void this.acks.abandon(buffered, error, 'writer_failed');
    this.acks.check();
  }

  private pending(): BulkWriterMetrics['pending'] {
    return { documents: this.acks.size, inFlight: this.inFlightDocs };
  }

  private emitMetrics(): void {
    const onMetrics = this.config.onMetrics;
    if (onMetrics === undefined) return;
    try {
      onMetrics(this.recorder.snapshot(this.config.scheduler.now(), this.pending()));
    } catch {
      // Metrics are advisory: a throwing callback must not stop the writes.
    }
  }
}
