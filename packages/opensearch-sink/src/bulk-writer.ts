import type { Client } from '@opensearch-project/opensearch';
import type { SchedulerAction, Subscription } from 'rxjs';
import type { BulkWriterOptions } from './bulk-writer-options.js';
import { BulkItemError, OpenSearchRequestError, WriterClosedError } from './errors.js';
import type { BulkAck, BulkWriterMetrics, IndexRequest } from './types.js';
import { DeadLetterOutputs } from './_internals/dead-letter-outputs.js';
import { abortable } from '@tripstream/support';
import { describeFailure, toPublicError } from './_internals/failure.js';
import { MetricsRecorder } from './_internals/metrics.js';
import { Queue } from './_internals/queue.js';
import {
  resolveBulkWriterOptions,
  type ResolvedBulkWriterConfig,
} from './_internals/resolve-options.js';
import { IndexBootstrap } from './_internals/index-bootstrap.js';
import { backoffDelay, sleep } from './_internals/retry.js';
import { itemOutcome, sendBulk, statusOf } from './_internals/send-bulk.js';

/** One accepted document on its way. */
interface Entry<T> {
  readonly seq: number;
  readonly request: T;
  /**
   * The NDJSON action and source lines, newline-terminated, UTF-8 encoded once: concatenating
   * buffers into a body is a memcpy, where joining a thousand strings and encoding the result on
   * the socket costs more than serialising the documents did.
   */
  readonly line: Buffer;
  readonly bytes: number;
  /** Why the writer refuses it without sending, if it does. */
  readonly invalid?: string;
  attempts: number;
  settled: boolean;
}

interface Waiter<T> {
  readonly entry: Entry<T>;
  resolve(): void;
  reject(error: Error): void;
}

interface Refusal<T> {
  readonly entry: Entry<T>;
  readonly error: BulkItemError;
}

const RESOLVED: Promise<void> = Promise.resolve();
const EMPTY = Buffer.alloc(0);

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
  private readonly deadLetters: DeadLetterOutputs<T>;
  private readonly bootstrap: IndexBootstrap;
  private readonly recorder: MetricsRecorder;

  private nextSeq = 0;
  /** Sequence numbers accepted and not yet settled, in ascending (insertion) order. */
  private readonly outstanding = new Set<number>();
  private buffer: Entry<T>[] = [];
  private bufferBytes = 0;
  private readonly waiters = new Queue<Waiter<T>>();
  private inFlight = 0;
  private inFlightDocs = 0;
  private flushThrough = -1;
  private intervalDue = false;
  private intervalTimer: Subscription | undefined;
  private metricsTimer: Subscription | undefined;
  private flushWaiters: { target: number; resolve(): void; reject(error: Error): void }[] = [];
  private idleWaiters: (() => void)[] = [];
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
    this.deadLetters = new DeadLetterOutputs(
      this.config.deadLetterFile,
      this.config.onDeadLetter,
      () => scheduler.now(),
    );
    this.bootstrap = new IndexBootstrap(
      client,
      this.config.indexTemplates,
      this.config.retry,
      this.config.requestTimeoutMs,
      () => this.recorder.requestRetries++,
    );
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
    this.outstanding.add(entry.seq);
    if (entry.invalid !== undefined) {
      void this.refuseUnsendable(entry, entry.invalid);
      return RESOLVED;
    }
    if (this.waiters.length === 0 && !this.isFull()) {
      this.enqueue(entry);
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
    if (this.lowestOutstanding() > target) return RESOLVED;
    this.flushThrough = Math.max(this.flushThrough, target);
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ target, resolve, reject });
      this.pump();
    });
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
    await new Promise<void>((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkWaiters();
    });
    this.cancelInterval();
    this.metricsTimer?.unsubscribe();
    this.metricsTimer = undefined;
    this.emitMetrics();
    if (this.ownsClient) await this.client.close().catch(() => {});
    if (this.failure !== undefined) throw this.failure;
  }

  private toEntry(request: T): Entry<T> {
    const seq = this.nextSeq++;
    const index = (request as Partial<IndexRequest> | null)?.index;
    const id = (request as Partial<IndexRequest> | null)?.id;
    const refuse = (invalid: string): Entry<T> => ({
      seq,
      request,
      line: EMPTY,
      bytes: 0,
      invalid,
      attempts: 0,
      settled: false,
    });
    if (typeof index !== 'string' || index.length === 0) {
      return refuse('index must be a non-empty string');
    }
    if (typeof id !== 'string' || id.length === 0) {
      return refuse('id must be a non-empty string (the sink never lets OpenSearch pick ids)');
    }
    if (id.length > 170 && Buffer.byteLength(id) > 512)
      return refuse('id is longer than 512 bytes');
    let source: string | undefined;
    try {
      source = JSON.stringify(request.document);
    } catch (err) {
      return refuse(`document is not serialisable to JSON: ${(err as Error).message}`);
    }
    if (source === undefined) return refuse('document serialises to nothing');
    let prefix = this.actionPrefixes.get(index);
    if (prefix === undefined) {
      if (this.actionPrefixes.size >= 1_000) this.actionPrefixes.clear();
      prefix = `{"index":{"_index":${JSON.stringify(index)},"_id":`;
      this.actionPrefixes.set(index, prefix);
    }
    const { version } = request;
    if (version !== undefined && !(Number.isSafeInteger(version) && version >= 0)) {
      return refuse(`version must be a whole number >= 0, got ${String(version)}`);
    }
    const versioned =
      version === undefined ? '' : `,"version":${version},"version_type":"external_gte"`;
    const line = Buffer.from(`${prefix}${JSON.stringify(id)}${versioned}}}\n${source}\n`);
    return { seq, request, line, bytes: line.length, attempts: 0, settled: false };
  }

  private isFull(): boolean {
    return this.buffer.length >= this.config.maxActions || this.bufferBytes >= this.config.maxBytes;
  }

  private enqueue(entry: Entry<T>): void {
    if (this.buffer.length === 0 && this.intervalTimer === undefined) {
      this.intervalTimer = this.config.scheduler.schedule(() => {
        this.intervalTimer = undefined;
        this.intervalDue = true;
        this.pump();
      }, this.config.flushIntervalMs);
    }
    this.buffer.push(entry);
    this.bufferBytes += entry.bytes;
  }

  private cancelInterval(): void {
    this.intervalTimer?.unsubscribe();
    this.intervalTimer = undefined;
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
          while (this.waiters.length > 0 && !this.isFull()) {
            const waiter = this.waiters.shift()!;
            this.enqueue(waiter.entry);
            admitted.push(waiter);
          }
          if (admitted.length > 0) {
            // Resume the writers only after the request just sent reached the socket (see below).
            setImmediate(() => {
              for (const waiter of admitted) waiter.resolve();
            });
          }
          if (this.inFlight >= this.config.concurrency || this.buffer.length === 0) break;
          const due = this.isFull() || this.intervalDue || this.buffer[0].seq <= this.flushThrough;
          if (!due) break;
          this.dispatch(this.takeBatch());
        }
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private takeBatch(): Entry<T>[] {
    const { maxActions, maxBytes } = this.config;
    let count = 0;
    let bytes = 0;
    while (count < this.buffer.length && count < maxActions) {
      const next = this.buffer[count].bytes;
      if (count > 0 && bytes + next > maxBytes) break;
      bytes += next;
      count++;
    }
    const batch = this.buffer.splice(0, count);
    this.bufferBytes -= bytes;
    if (this.buffer.length === 0) {
      this.intervalDue = false;
      this.cancelInterval();
    }
    return batch;
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
    void this.runBatch(batch).finally(() => {
      this.inFlight--;
      this.inFlightDocs -= batch.length;
      this.pump();
      this.checkWaiters();
    });
  }

  /** Sends one batch until each of its documents is indexed or dead-lettered. Never rejects. */
  private async runBatch(batch: Entry<T>[]): Promise<void> {
    const { scheduler, retry, requestTimeoutMs } = this.config;
    const started = scheduler.now();
    let pending = batch;
    let body = EMPTY;
    let bodyBytes = 0;
    let bodyFor: Entry<T>[] | undefined;
    try {
      await this.bootstrap.ready(batch.map((e) => e.request.index));
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (this.failure !== undefined) throw this.failure;
        if (bodyFor !== pending) {
          bodyBytes = pending.reduce((n, e) => n + e.bytes, 0);
          body = Buffer.concat(
            pending.map((e) => e.line),
            bodyBytes,
          );
          bodyFor = pending;
        }
        for (const e of pending) e.attempts = attempt;
        let response;
        try {
          this.recorder.requests++;
          this.recorder.bytesSent += bodyBytes;
          response = await sendBulk(this.client, body, pending.length, requestTimeoutMs);
        } catch (err) {
          if (describeFailure(err).retryable && attempt < retry.maxAttempts) {
            this.recorder.requestRetries++;
            await sleep(scheduler, backoffDelay(attempt, retry));
            continue;
          }
          throw toPublicError(err, 'POST /_bulk', attempt);
        }
        const again: Entry<T>[] = [];
        const refused: Refusal<T>[] = [];
        const acking = this.config.onAck !== undefined;
        for (let i = 0; i < pending.length; i++) {
          const entry = pending[i];
          const item = response.items[i];
          // Without errors in the batch, items are only read when someone wants the status.
          const outcome = response.errors ? itemOutcome(item) : undefined;
          if (outcome?.error === undefined) {
            this.recorder.docsIndexed++;
            this.settle(
              entry,
              acking
                ? {
                    request: entry.request,
                    outcome: 'indexed',
                    status: outcome?.status ?? statusOf(item),
                    attempts: attempt,
                  }
                : undefined,
            );
            continue;
          }
          if (outcome.status === 409 && entry.request.version !== undefined) {
            // external_gte: a newer version is indexed already; this write is obsolete, not lost.
            this.settle(
              entry,
              acking
                ? { request: entry.request, outcome: 'superseded', status: 409, attempts: attempt }
                : undefined,
            );
            continue;
          }
          this.recorder.rejectedItems++;
          if (outcome.retryable && attempt < retry.maxAttempts) {
            again.push(entry);
          } else {
            const { index, id } = entry.request;
            const { type, reason } = outcome.error;
            refused.push({
              entry,
              error: new BulkItemError(index, id, outcome.status, type, reason, attempt),
            });
          }
        }
        this.checkWaiters();
        if (refused.length > 0) await this.deadLetter(refused);
        pending = again;
        if (again.length > 0) {
          this.recorder.itemRetries += again.length;
          await sleep(scheduler, backoffDelay(attempt, retry));
        }
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const ours = this.failure === undefined;
      this.fail(error);
      await this.abandon(batch, error, ours ? 'request_failed' : 'writer_failed');
    } finally {
      this.recorder.recordFlush(scheduler.now() - started);
    }
  }

  private async refuseUnsendable(entry: Entry<T>, reason: string): Promise<void> {
    const request = entry.request as Partial<IndexRequest> | null;
    const error = new BulkItemError(
      String(request?.index ?? ''),
      String(request?.id ?? ''),
      0,
      'invalid_request',
      reason,
      0,
    );
    try {
      await this.deadLetter([{ entry, error }]);
    } catch (err) {
      this.fail(err as Error);
      this.settle(entry, undefined);
    }
    this.checkWaiters();
  }

  /**
   * Hands refused documents to the dead-letter outputs and settles them. Without any output the
   * first refusal is thrown, failing the writer: a refused document never vanishes silently.
   */
  private async deadLetter(refused: readonly Refusal<T>[]): Promise<void> {
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
    this.checkWaiters();
  }

  /**
   * Gives up on the unsettled documents of `entries` after `error`: dead-lettered with that
   * reason when an output exists (so they can be replayed), otherwise settled silently, the
   * writer's failure being their trace.
   */
  private async abandon(
    entries: readonly Entry<T>[],
    error: Error,
    type: 'request_failed' | 'writer_failed',
  ): Promise<void> {
    const open = entries.filter((e) => !e.settled);
    if (open.length === 0) return;
    const hasOutput = this.deadLetters.configured;
    const status = error instanceof OpenSearchRequestError ? error.statusCode : 0;
    if (hasOutput) {
      try {
        await this.deadLetter(
          open.map((entry) => ({
            entry,
            error: new BulkItemError(
              entry.request.index,
              entry.request.id,
              status,
              type,
              `${error.name}: ${error.message}`,
              entry.attempts,
              { cause: error },
            ),
          })),
        );
        return;
      } catch {
        // Already failed; the failure stays the trace of these documents.
      }
    }
    for (const entry of open) this.settle(entry, undefined);
    this.checkWaiters();
  }

  private settle(entry: Entry<T>, ack: BulkAck<T> | undefined): void {
    if (entry.settled) return;
    entry.settled = true;
    this.outstanding.delete(entry.seq);
    const onAck = this.config.onAck;
    if (ack === undefined || onAck === undefined) return;
    try {
      onAck(ack, entry.seq);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Fails the writer for good: pending writes and flushes reject, buffered documents are given up. */
  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.cancelInterval();
    try {
      this.config.onError?.(error);
    } catch {
      // The writer is failing already; a throwing observer changes nothing.
    }
    for (const waiter of this.waiters.drain()) {
      this.outstanding.delete(waiter.entry.seq);
      waiter.entry.settled = true;
      waiter.reject(error);
    }
    const buffered = this.buffer;
    this.buffer = [];
    this.bufferBytes = 0;
    const flushes = this.flushWaiters;
    this.flushWaiters = [];
    for (const f of flushes) f.reject(error);
    void this.abandon(buffered, error, 'writer_failed');
    this.checkWaiters();
  }

  private lowestOutstanding(): number {
    const first = this.outstanding.values().next();
    return first.done ? Number.POSITIVE_INFINITY : first.value;
  }

  private checkWaiters(): void {
    if (this.flushWaiters.length > 0) {
      const low = this.lowestOutstanding();
      const done = this.flushWaiters.filter((f) => f.target < low);
      if (done.length > 0) {
        this.flushWaiters = this.flushWaiters.filter((f) => f.target >= low);
        for (const f of done) f.resolve();
      }
    }
    if (this.idleWaiters.length > 0 && this.outstanding.size === 0 && this.inFlight === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }

  private pending(): BulkWriterMetrics['pending'] {
    return { documents: this.outstanding.size, inFlight: this.inFlightDocs };
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
