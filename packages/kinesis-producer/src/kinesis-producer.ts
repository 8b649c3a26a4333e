import type { PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { CallbackError } from './errors/callback-error.js';
import { ProducerClosedError } from './errors/producer-closed-error.js';
import type { KinesisProducerOptions } from './kinesis-producer-options.js';
import type { ShardMap, ShardRange } from './shard-map.js';
import type { ProducerMetrics, ProducerRecord } from './types.js';
import { abortable } from '@tripstream/support';
import { Acknowledger } from './_internals/acknowledger.js';
import { Admission } from './_internals/admission.js';
import { BatchBuilder } from './_internals/batch-builder.js';
import { ConditionWaiters } from './_internals/condition-waiters.js';
import { Dispatcher } from './_internals/dispatcher.js';
import type { RecordEntry, ShardState, WireEntry } from './_internals/entries.js';
import { loadKplAggregator } from './_internals/kpl-aggregator.js';
import { MetricsRecorder } from './_internals/metrics-recorder.js';
import { ProducerTimers } from './_internals/producer-timers.js';
import { RecordPreparer } from './_internals/record-preparer.js';
import { resolveOptions, type ResolvedOptions } from './_internals/resolve-options.js';
import { ShardMapLoader } from './_internals/shard-map-loader.js';
import { ShardQueues } from './_internals/shard-queues.js';
import { WatermarkInjector } from './_internals/watermark-injector.js';

const RESOLVED = Promise.resolve();

/**
 * Writes records to one Kinesis stream: shard-aware batching into PutRecords, retries of exactly
 * the entries that failed, per-shard pacing, watermarks into every open shard and optional KPL
 * aggregation. See the package README for the guarantees and an example per option group.
 *
 * Delivery is at least once: a record is written once unless the network hides the answer to a
 * call that Kinesis did carry out (a reset connection, a timeout); the retry then writes it again.
 */
export class KinesisProducer<R extends ProducerRecord = ProducerRecord> {
  private readonly options: ResolvedOptions<R>;
  // The parts, each owning its state: see their files for what each decides.
  private readonly timers: ProducerTimers;
  private readonly recorder: MetricsRecorder;
  private readonly preparer: RecordPreparer<R>;
  private readonly admission: Admission<R>;
  private readonly queues: ShardQueues<R>;
  private readonly watermarks: WatermarkInjector<R>;
  private readonly shardMaps: ShardMapLoader;
  private readonly waiters: ConditionWaiters;
  private readonly acks: Acknowledger<R>;

  private startPromise: Promise<void> | undefined;
  private ready = false;
  private readonly dispatcher: Dispatcher<R>;
  private flushing = 0;
  private closing = false;
  private closePromise: Promise<void> | undefined;
  private destroyed = false;
  private failure: Error | undefined;

  constructor(options: KinesisProducerOptions<R>) {
    const o = (this.options = resolveOptions(options));
    // Fail here, not at the first flush, when aggregation is on and its dependency is missing.
    if (o.aggregation) loadKplAggregator();
    const stopped = () => this.destroyed;
    this.watermarks = new WatermarkInjector(o.watermark);
    this.recorder = new MetricsRecorder(o.clock.now());
    this.preparer = new RecordPreparer(o);
    this.timers = new ProducerTimers(o.clock, stopped);
    this.admission = new Admission(o.batch);
    this.queues = new ShardQueues(o.pacing, () => o.clock.now());
    const batches = new BatchBuilder(this.queues, o.batch, o.aggregation);
    this.shardMaps = new ShardMapLoader(o, this.timers, stopped, (map) => this.applyShardMap(map));
    this.waiters = new ConditionWaiters(
      () => this.failure,
      () => this.destroyed,
    );
    const parts = {
      queues: this.queues,
      admission: this.admission,
      timers: this.timers,
      recorder: this.recorder,
      watermarks: this.watermarks,
    };
    this.dispatcher = new Dispatcher(o, parts, batches, {
      running: () => this.ready && !this.destroyed,
      urgent: () => this.flushing > 0 || this.closing,
      fail: (error) => this.fail(error),
      settle: (entries, results, error) => this.settleCall(entries, results, error),
    });
    this.acks = new Acknowledger(o, parts, (name, fn) => this.callback(name, fn));
  }

  /** The open shards as last listed; `undefined` before the producer has started. */
  get shardMap(): ShardMap | undefined {
    return this.queues.map;
  }

  /** The latest watermark computed (ms), if any. */
  get watermarkMs(): number | undefined {
    return this.watermarks.currentMs;
  }

  /** The first error that failed the producer, if any (see `PutRecordsFailedError`). */
  get error(): Error | undefined {
    return this.failure;
  }

  /**
   * Lists the shards and starts the periodic timers. `put()` and `close()` call it when needed;
   * call it yourself to fail early on a missing stream. Rejects with `ShardMapError`.
   */
  start(): Promise<void> {
    this.startPromise ??= this.listAndStart();
    return this.startPromise;
  }

  /**
   * The open shard a record would land on, by its explicit hash key or else its partition key;
   * `undefined` before `start()` or without either key.
   */
  predictShard(record: {
    partitionKey?: string;
    explicitHashKey?: string;
  }): ShardRange | undefined {
    return this.queues.map?.predict(record);
  }

  /**
   * Accepts a record into the buffer. Resolves once it is accepted: at once while the buffer has
   * room, later (backpressure) when `batch.maxBufferedRecords`/`maxBufferedBytes` are reached.
   * Its acknowledgement goes to `onAcknowledge`; `flush()` waits for it.
   *
   * Rejects with `InvalidRecordError`/`RecordTooLargeError` for a record Kinesis would refuse,
   * with the producer's error once it has failed, and with `ProducerClosedError` after `close()`.
   */
  put(record: R): Promise<void> {
    let entry: RecordEntry<R>;
    try {
      if (this.closing || this.destroyed) throw new ProducerClosedError('put');
      if (this.failure) throw this.failure;
      entry = this.preparer.prepare(record);
    } catch (error) {
      return Promise.reject(error);
    }
    this.register(entry);
    if (this.ready && this.admission.mayEnter(entry)) {
      this.accept(entry);
      return RESOLVED;
    }
    return this.putSlowly(entry);
  }

  /**
   * Declares that the next record's event time is at least `eventTimeMs` (e.g. the replay has read
   * it and waits to send it), so watermarks can advance while nothing is put.
   */
  advanceSourceTime(eventTimeMs: number): void {
    if (typeof eventTimeMs !== 'number' || !Number.isFinite(eventTimeMs)) {
      throw new TypeError(
        `advanceSourceTime: expected a finite number, got ${String(eventTimeMs)}`,
      );
    }
    this.watermarks.advance(eventTimeMs);
  }

  /**
   * Sends everything buffered now, without lingering, and resolves when every record put before
   * the call is acknowledged. Rejects with the producer's error if a record failed. `signal`
   * stops the waiting (rejecting with its reason), not the sending: the records stay buffered.
   */
  flush(options: { signal?: AbortSignal } = {}): Promise<void> {
    return abortable(this.flushOnce(), options.signal);
  }

  private async flushOnce(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.startPromise === undefined) return;
    await this.startPromise;
    const last = this.preparer.lastId;
    this.flushing++;
    try {
      this.dispatcher.pump();
      await this.waiters.until(() => this.admission.oldestUnsettledId() > last, true);
    } finally {
      this.flushing--;
    }
  }

  /**
   * Stops accepting records, flushes, writes the end-of-stream watermark (`Infinity`) to every
   * open shard (unless `watermark.final` is false), waits for its acknowledgements and stops the
   * timers. Rejects with the producer's error (after everything in flight has settled, so a
   * `PutRecordsFailedError` lists every record that was not written). Idempotent. `signal` stops
   * the waiting (rejecting with its reason); the close goes on: call `destroy()` to stop sending.
   */
  close(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.closePromise ??= this.closeOnce();
    return abortable(this.closePromise, options.signal);
  }

  /** `await using producer = new KinesisProducer(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Stops at once: timers stop, waiting `put()`/`flush()` calls reject with `ProducerClosedError`,
   * nothing more is sent. Records not yet acknowledged may or may not have been written.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.closing = true;
    this.timers.stop();
    const error = new ProducerClosedError('wait');
    this.admission.rejectWaiting(error, false);
    this.waiters.rejectAll(error);
  }

  /** The counters now; rates are over the time since the last `onMetrics` call (or start). */
  metrics(): ProducerMetrics {
    const a = this.admission;
    return this.recorder.snapshot(this.options.clock.now(), {
      inFlightRequests: this.dispatcher.inFlightRequests,
      inFlightRecords: this.dispatcher.inFlightRecords,
      bufferedRecords: a.bufferedRecords,
      bufferedBytes: a.bufferedBytes,
      waitingPuts: a.waitingPuts,
      watermarkMs: this.watermarks.currentMs,
      openShards: this.queues.map?.size ?? 0,
    });
  }

  // ---- admission ---------------------------------------------------------------------------

  /** From here on the record holds the watermark back, even while `put()` still waits for room. */
  private register(entry: RecordEntry<R>): void {
    this.admission.register(entry);
    const outOfOrder = this.watermarks.observe(entry);
    if (outOfOrder === undefined) return;
    this.recorder.counters.outOfOrderRecords++;
    if (outOfOrder.late) this.recorder.counters.lateRecords++;
    const onOutOfOrder = this.options.onOutOfOrder;
    if (onOutOfOrder !== undefined) {
      this.callback('onOutOfOrder', () => onOutOfOrder(outOfOrder));
    }
  }

  private async putSlowly(entry: RecordEntry<R>): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.admission.unregister(entry);
      throw error;
    }
    if (this.failure || this.destroyed) {
      this.admission.unregister(entry);
      throw this.failure ?? new ProducerClosedError('put');
    }
    if (this.admission.mayEnter(entry)) {
      this.accept(entry);
      return;
    }
    const accepted = this.admission.wait(entry);
    this.dispatcher.pump(); // a blocked source makes lingering pointless
    await accepted;
  }

  private accept(entry: RecordEntry<R>): void {
    this.admission.take(entry);
    this.recorder.counters.recordsPut++;
    this.queues.enqueue(entry, false);
    if (this.watermarks.accepted()) this.watermarkRound();
    this.dispatcher.pump();
  }

  // ---- acknowledgements and retries ----------------------------------------------------------

  private settleCall(
    entries: WireEntry<R>[],
    results: PutRecordsResultEntry[] | undefined,
    error: unknown,
  ): void {
    try {
      const { retry, failed, refresh } = this.acks.settle(entries, results, error, !this.destroyed);
      if (refresh) this.shardMaps.request();
      this.dispatcher.retryLater(retry);
      const putFailure = failed.length > 0 ? this.acks.failed(failed, error) : undefined;
      if (putFailure !== undefined) this.fail(putFailure);
    } catch (internal) {
      this.fail(internal instanceof Error ? internal : new Error(String(internal)));
    }
    this.admission.admit((entry) => this.accept(entry));
    this.waiters.check();
    this.dispatcher.pump();
  }

  // ---- failure -------------------------------------------------------------------------------

  private callback(name: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(new CallbackError(name, error));
    }
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.admission.rejectWaiting(error, true);
    this.waiters.check();
  }

  // ---- shard map and watermarks --------------------------------------------------------------

  private async listAndStart(): Promise<void> {
    const map = await this.shardMaps.load();
    this.applyShardMap(map);
    this.ready = true;
    const o = this.options;
    this.timers.every(o.shardMapRefreshMs, () => this.shardMaps.request());
    if (o.watermark !== undefined) {
      this.timers.every(o.watermark.intervalMs, () => this.watermarkRound());
    }
    if (o.onMetrics !== undefined) this.timers.every(o.metricsIntervalMs, () => this.emitMetrics());
    this.admission.admit((entry) => this.accept(entry));
    this.dispatcher.pump();
  }

  private applyShardMap(map: ShardMap): void {
    const added = this.queues.apply(map);
    this.recorder.counters.shardMapRefreshes++;
    if (added && this.ready) this.watermarkRound();
    this.dispatcher.pump();
  }

  private watermarkRound(): void {
    const wm = this.watermarks;
    if (!wm.enabled || this.failure || wm.finalPhase || this.destroyed) return;
    const w = wm.next(this.admission.minUnsettledEventTime());
    if (w === undefined) return;
    this.offerWatermark(this.queues.list, w, false);
    this.dispatcher.pump();
  }

  private offerWatermark(shards: readonly ShardState[], watermarkMs: number, final: boolean): void {
    const failure = this.watermarks.offer(shards, watermarkMs, final);
    if (failure !== undefined) this.fail(failure);
  }

  private async writeFinalWatermarks(): Promise<void> {
    this.watermarks.finalPhase = true;
    const acked = this.watermarks.finalAcked;
    // A reshard while the finals travel sends some to a closed shard; list again and fill gaps.
    for (let round = 0; round < 5; round++) {
      await this.shardMaps.refresh();
      const missing = this.queues.list.filter((s) => !acked.has(s.range.shardId));
      if (missing.length === 0) return;
      this.offerWatermark(missing, Infinity, true);
      this.dispatcher.pump();
      await this.waiters.until(
        () =>
          missing.every(
            (s) => s.pendingWatermark === undefined && s.watermarkInFlight === undefined,
          ),
        true,
      );
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  private async closeOnce(): Promise<void> {
    this.closing = true;
    try {
      await this.start();
      this.dispatcher.pump();
      await this.waiters.until(() => this.admission.unsettled.size === 0, false);
      if (this.failure) throw this.acks.putFailure ?? this.failure;
      if (this.options.watermark?.final) await this.writeFinalWatermarks();
      await this.waiters.until(() => this.dispatcher.inFlightRequests === 0, false);
      if (this.failure) throw this.acks.putFailure ?? this.failure;
    } finally {
      this.timers.stop();
      if (this.options.onMetrics !== undefined) this.emitMetrics();
    }
  }

  private emitMetrics(): void {
    const onMetrics = this.options.onMetrics;
    if (onMetrics === undefined) return;
    const m = this.metrics();
    this.recorder.restartRates(m);
    this.callback('onMetrics', () => onMetrics(m));
  }
}
