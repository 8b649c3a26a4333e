import {
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { TimerHandle } from './clock.js';
import { MAX_PARTITION_KEY_LENGTH, MAX_RECORD_BYTES } from './constants.js';
import { CallbackError } from './errors/callback-error.js';
import { InvalidRecordError } from './errors/invalid-record-error.js';
import { ProducerClosedError } from './errors/producer-closed-error.js';
import { PutRecordsFailedError } from './errors/put-records-failed-error.js';
import { RecordTooLargeError } from './errors/record-too-large-error.js';
import { ShardMapError } from './errors/shard-map-error.js';
import { hashKeyOf, parseHashKey } from './hash-key.js';
import type { KinesisProducerOptions } from './kinesis-producer-options.js';
import { listOpenShards } from './list-open-shards.js';
import type { ShardMap, ShardRange } from './shard-map.js';
import type {
  Acknowledgement,
  FailedEntry,
  ProducerMetrics,
  ProducerRecord,
  ShardMetrics,
} from './types.js';
import { backoffDelayMs } from './_internals/backoff.js';
import {
  classifyCallError,
  classifyEntryError,
  type ErrorClass,
} from './_internals/classify-error.js';
import type { RecordEntry, ShardState, WatermarkEntry, WireEntry } from './_internals/entries.js';
import { abortable } from './_internals/abortable.js';
import { Fifo } from './_internals/fifo.js';
import {
  KPL_FRAMING_BYTES,
  KplAggregator,
  loadKplAggregator,
} from './_internals/kpl-aggregator.js';
import { resolveOptions, type ResolvedOptions } from './_internals/resolve-options.js';
import { TokenBucket } from './_internals/token-bucket.js';
import { WatermarkTracker } from './_internals/watermark-tracker.js';

interface PutWaiter<R> {
  entry: RecordEntry<R>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface ConditionWaiter {
  done: () => boolean;
  rejectOnFailure: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

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
  private readonly tracker: WatermarkTracker | undefined;

  private startPromise: Promise<void> | undefined;
  private ready = false;
  private map: ShardMap | undefined;
  private shardStates = new Map<string, ShardState>();
  private shardList: ShardState[] = [];
  private roundRobin = 0;

  private nextId = 0;
  private readonly keyPrefix: string;
  private keyCounter = 0;
  /** Records given to `put()` and neither acknowledged nor failed, in `put()` order. */
  private readonly unsettled = new Set<RecordEntry<R>>();
  private bufferedRecords = 0;
  private bufferedBytes = 0;
  private queuedRecords = 0;
  private queuedBytes = 0;
  private queuedRetries = 0;
  private inFlightRequests = 0;
  private inFlightRecords = 0;
  private retiredWatermarksInFlight = 0;
  private flushing = 0;
  private sinceWatermarkRound = 0;

  private readonly putWaiters: PutWaiter<R>[] = [];
  private conditionWaiters: ConditionWaiter[] = [];

  private closing = false;
  private closePromise: Promise<void> | undefined;
  private finalPhase = false;
  private destroyed = false;
  private failure: Error | undefined;
  private putFailure: PutRecordsFailedError<R> | undefined;
  private readonly finalAcked = new Set<string>();

  private pumping = false;
  private pumpAgain = false;
  private wakeTimer: TimerHandle | undefined;
  private wakeAt = Infinity;
  private readonly timers = new Set<TimerHandle>();
  private refreshing: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;

  private readonly counters = {
    recordsPut: 0,
    recordsAcknowledged: 0,
    bytesAcknowledged: 0,
    calls: 0,
    retries: 0,
    throttles: 0,
    failedCalls: 0,
    failedRecords: 0,
    watermarksAcknowledged: 0,
    outOfOrderRecords: 0,
    lateRecords: 0,
    shardMapRefreshes: 0,
  };
  private readonly shardCounters = new Map<string, ShardMetrics>();
  private rateSince: { timeMs: number; records: number; bytes: number };

  constructor(options: KinesisProducerOptions<R>) {
    this.options = resolveOptions(options);
    // Fail here, not at the first flush, when aggregation is on and its dependency is missing.
    if (this.options.aggregation) loadKplAggregator();
    const wm = this.options.watermark;
    this.tracker = wm === undefined ? undefined : new WatermarkTracker(wm.maxOutOfOrdernessMs);
    this.rateSince = { timeMs: this.options.clock.now(), records: 0, bytes: 0 };
    this.keyPrefix = `${Math.floor(this.options.random() * 2 ** 40).toString(36)}-`;
  }

  /** The open shards as last listed; `undefined` before the producer has started. */
  get shardMap(): ShardMap | undefined {
    return this.map;
  }

  /** The latest watermark computed (ms), if any. */
  get watermarkMs(): number | undefined {
    return this.tracker?.currentMs;
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
    return this.map?.predict(record);
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
      entry = this.prepare(record);
    } catch (error) {
      return Promise.reject(error);
    }
    this.register(entry);
    if (this.ready && this.putWaiters.length === 0 && this.hasRoom(entry)) {
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
    this.tracker?.advance(eventTimeMs);
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
    const last = this.nextId - 1;
    this.flushing++;
    try {
      this.pump();
      await this.until(() => this.oldestUnsettledId() > last, true);
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
    this.stopTimers();
    const error = new ProducerClosedError('wait');
    for (const w of this.putWaiters.splice(0)) w.reject(error);
    for (const w of this.conditionWaiters.splice(0)) w.reject(error);
  }

  /** The counters now; rates are over the time since the last `onMetrics` call (or start). */
  metrics(): ProducerMetrics {
    const now = this.options.clock.now();
    const c = this.counters;
    const intervalMs = now - this.rateSince.timeMs;
    const perSecond = (n: number) => (intervalMs > 0 ? (n * 1000) / intervalMs : 0);
    const shards: Record<string, ShardMetrics> = {};
    for (const [id, s] of this.shardCounters) shards[id] = { ...s };
    return {
      timeMs: now,
      intervalMs,
      recordsPerSecond: perSecond(c.recordsAcknowledged - this.rateSince.records),
      bytesPerSecond: perSecond(c.bytesAcknowledged - this.rateSince.bytes),
      ...c,
      inFlightRequests: this.inFlightRequests,
      inFlightRecords: this.inFlightRecords,
      bufferedRecords: this.bufferedRecords,
      bufferedBytes: this.bufferedBytes,
      waitingPuts: this.putWaiters.length,
      watermarkMs: this.tracker?.currentMs,
      openShards: this.map?.size ?? 0,
      shards,
    };
  }

  // ---- put path ----------------------------------------------------------------------------

  private prepare(record: R): RecordEntry<R> {
    if (record === null || typeof record !== 'object') {
      throw new InvalidRecordError(record, 'record', 'expected an object with `data`');
    }
    const raw = record.data as unknown;
    let data: Uint8Array;
    if (typeof raw === 'string') data = Buffer.from(raw, 'utf8');
    else if (raw instanceof Uint8Array) data = raw;
    else throw new InvalidRecordError(record, 'data', 'expected a Uint8Array or a string');

    let partitionKey = record.partitionKey;
    if (partitionKey === undefined) {
      // Distinct keys spread evenly: MD5 of a counter is as uniform as MD5 of a random string.
      partitionKey = this.keyPrefix + (this.keyCounter++).toString(36);
    } else if (
      typeof partitionKey !== 'string' ||
      partitionKey.length === 0 ||
      partitionKey.length > MAX_PARTITION_KEY_LENGTH
    ) {
      throw new InvalidRecordError(
        record,
        'partitionKey',
        `expected a string of 1-${MAX_PARTITION_KEY_LENGTH} characters, got ${JSON.stringify(partitionKey)}`,
      );
    }
    const explicitHashKey = record.explicitHashKey;
    let hashKey: bigint;
    if (explicitHashKey !== undefined) {
      const parsed =
        typeof explicitHashKey === 'string' ? parseHashKey(explicitHashKey) : undefined;
      if (parsed === undefined) {
        throw new InvalidRecordError(
          record,
          'explicitHashKey',
          `expected a decimal integer in [0, 2^128 - 1], got ${JSON.stringify(explicitHashKey)}`,
        );
      }
      hashKey = parsed;
    } else {
      hashKey = hashKeyOf(partitionKey);
    }
    const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
    if (size > MAX_RECORD_BYTES) {
      throw new RecordTooLargeError(record, partitionKey, size, MAX_RECORD_BYTES);
    }

    let eventTime = NaN;
    if (this.tracker !== undefined) {
      if (record.eventTime !== undefined) eventTime = record.eventTime;
      else if (this.options.eventTimeOf !== undefined) {
        try {
          eventTime = this.options.eventTimeOf(record);
        } catch (cause) {
          throw new InvalidRecordError(record, 'eventTime', 'eventTimeOf threw', { cause });
        }
      }
      if (typeof eventTime !== 'number' || !Number.isFinite(eventTime)) {
        throw new InvalidRecordError(
          record,
          'eventTime',
          `watermarks need a finite event time (record.eventTime or eventTimeOf), got ${String(eventTime)}`,
        );
      }
    }

    const request: PutRecordsRequestEntry = { Data: data, PartitionKey: partitionKey };
    if (explicitHashKey !== undefined) request.ExplicitHashKey = explicitHashKey;
    return {
      kind: 'record',
      id: this.nextId++,
      record,
      data,
      partitionKey,
      explicitHashKey,
      hashKey,
      size,
      eventTime,
      attempts: 0,
      queuedAt: 0,
      shard: undefined,
      settled: false,
      request,
    };
  }

  /** From here on the record holds the watermark back, even while `put()` still waits for room. */
  private register(entry: RecordEntry<R>): void {
    this.unsettled.add(entry);
    const tracker = this.tracker;
    if (tracker === undefined) return;
    const watermarkMs = tracker.currentMs;
    const bound = tracker.observe(entry.eventTime);
    if (bound === undefined) return;
    const late = watermarkMs !== undefined && entry.eventTime <= watermarkMs;
    this.counters.outOfOrderRecords++;
    if (late) this.counters.lateRecords++;
    const onOutOfOrder = this.options.onOutOfOrder;
    if (onOutOfOrder !== undefined) {
      this.callback('onOutOfOrder', () =>
        onOutOfOrder({
          record: entry.record,
          eventTimeMs: entry.eventTime,
          boundMs: bound,
          watermarkMs,
          late,
        }),
      );
    }
  }

  private unregister(entry: RecordEntry<R>): void {
    entry.settled = true;
    this.unsettled.delete(entry);
  }

  private async putSlowly(entry: RecordEntry<R>): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.unregister(entry);
      throw error;
    }
    if (this.failure || this.destroyed) {
      this.unregister(entry);
      throw this.failure ?? new ProducerClosedError('put');
    }
    if (this.putWaiters.length === 0 && this.hasRoom(entry)) {
      this.accept(entry);
      return;
    }
    const accepted = new Promise<void>((resolve, reject) =>
      this.putWaiters.push({ entry, resolve, reject }),
    );
    this.pump(); // a blocked source makes lingering pointless
    await accepted;
  }

  private hasRoom(entry: RecordEntry<R>): boolean {
    const b = this.options.batch;
    return (
      this.bufferedRecords === 0 ||
      (this.bufferedRecords < b.maxBufferedRecords &&
        this.bufferedBytes + entry.size <= b.maxBufferedBytes)
    );
  }

  private admitWaiters(): void {
    while (this.putWaiters.length > 0 && this.hasRoom(this.putWaiters[0].entry)) {
      const waiter = this.putWaiters.shift() as PutWaiter<R>;
      this.accept(waiter.entry);
      waiter.resolve();
    }
  }

  private accept(entry: RecordEntry<R>): void {
    this.bufferedRecords++;
    this.bufferedBytes += entry.size;
    this.counters.recordsPut++;
    this.enqueue(entry, false);
    const every = this.options.watermark?.everyRecords;
    if (every !== undefined && ++this.sinceWatermarkRound >= every) {
      this.sinceWatermarkRound = 0;
      this.watermarkRound();
    }
    this.pump();
  }

  private enqueue(entry: RecordEntry<R>, retry: boolean): void {
    const shard = this.route(entry.hashKey);
    entry.shard = shard;
    entry.queuedAt = this.options.clock.now();
    if (retry) {
      shard.retries.push(entry);
      this.queuedRetries++;
    } else {
      shard.queue.push(entry);
    }
    shard.queuedBytes += entry.size;
    this.queuedRecords++;
    this.queuedBytes += entry.size;
  }

  private route(hashKey: bigint): ShardState {
    const range = this.map?.shardFor(hashKey);
    // A gap can only come from an inconsistent listing; Kinesis routes by hash key anyway.
    return (range && this.shardStates.get(range.shardId)) ?? this.shardList[0];
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Sends every batch that is due and allowed; arms a timer for the next one otherwise. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    if (!this.ready || this.destroyed) return;
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.inFlightRequests < this.options.batch.maxInFlightRequests) {
          if (this.queuedRecords === 0 && !this.hasSendableWatermark()) break;
          const now = this.options.clock.now();
          const dueAt = this.dueAt();
          if (dueAt > now) {
            this.wake(dueAt, now);
            break;
          }
          const batch = this.buildBatch(now);
          if (batch.length === 0) {
            const wait = this.msUntilSendable(now);
            if (wait !== Infinity) this.wake(now + Math.max(1, wait), now);
            break;
          }
          this.send(batch);
        }
      } while (this.pumpAgain);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.pumping = false;
    }
  }

  /** A watermark waits and may go now (its shard has none in flight, no retired shard has one). */
  private hasSendableWatermark(): boolean {
    if (this.retiredWatermarksInFlight > 0) return false;
    for (const s of this.shardList) {
      if (s.pendingWatermark !== undefined && s.watermarkInFlight === undefined) return true;
    }
    return false;
  }

  /**
   * When the queued records should go: now if anything forces it (a full call, a flush, a blocked
   * `put()`, a retry, a watermark), else when the oldest has lingered `lingerMs`.
   */
  private dueAt(): number {
    const b = this.options.batch;
    if (
      this.flushing > 0 ||
      this.closing ||
      this.putWaiters.length > 0 ||
      this.queuedRetries > 0 ||
      this.queuedRecords >= b.maxRecords ||
      this.queuedBytes >= b.maxBytes ||
      this.hasSendableWatermark()
    ) {
      return -Infinity;
    }
    let oldest = Infinity;
    for (const s of this.shardList) {
      const head = s.queue.peek();
      if (head !== undefined && head.queuedAt < oldest) oldest = head.queuedAt;
    }
    return oldest + b.lingerMs;
  }

  private wake(at: number, now: number): void {
    if (this.wakeTimer !== undefined) {
      if (this.wakeAt <= at) return;
      this.options.clock.clearTimeout(this.wakeTimer);
      this.timers.delete(this.wakeTimer);
    }
    this.wakeAt = at;
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.pump();
    }, at - now);
    this.wakeTimer = timer;
    this.timers.add(timer);
  }

  private buildBatch(now: number): WireEntry<R>[] {
    const shards = this.shardList;
    const n = shards.length;
    const entries: WireEntry<R>[] = [];
    const b = this.options.batch;
    const watermarksAllowed = this.retiredWatermarksInFlight === 0;
    let bytes = 0;
    const start = this.roundRobin++ % n;
    for (let i = 0; i < n && entries.length < b.maxRecords; i++) {
      const s = shards[(start + i) % n];
      const wm = s.pendingWatermark;
      if (
        wm !== undefined &&
        s.watermarkInFlight === undefined &&
        watermarksAllowed &&
        (entries.length === 0 || bytes + wm.size <= b.maxBytes)
      ) {
        s.pendingWatermark = undefined;
        s.watermarkInFlight = wm;
        s.recordBucket?.force(1, now);
        s.byteBucket?.force(wm.size, now);
        entries.push(wm);
        bytes += wm.size;
      }
      if (s.queue.length + s.retries.length === 0 || !this.eligible(s, now)) continue;
      bytes = this.options.aggregation
        ? this.takeAggregated(s, entries, bytes, now)
        : this.takeRecords(s, entries, bytes, now);
    }
    return entries;
  }

  /**
   * With pacing, a shard joins a batch only once its buckets hold what it has queued (up to their
   * capacity), so a throttled-back shard sends one full burst rather than a trickle of tiny calls.
   */
  private eligible(s: ShardState, now: number): boolean {
    if (s.recordBucket === undefined || s.byteBucket === undefined) return true;
    const queued = s.queue.length + s.retries.length;
    return (
      s.recordBucket.available(now) >= Math.min(queued, s.recordBucket.capacity) &&
      s.byteBucket.available(now) >= Math.min(s.queuedBytes, s.byteBucket.capacity)
    );
  }

  private msUntilSendable(now: number): number {
    let wait = Infinity;
    for (const s of this.shardList) {
      const queued = s.queue.length + s.retries.length;
      if (queued === 0 || s.recordBucket === undefined || s.byteBucket === undefined) continue;
      wait = Math.min(
        wait,
        Math.max(s.recordBucket.msUntil(queued, now), s.byteBucket.msUntil(s.queuedBytes, now)),
      );
    }
    return wait;
  }

  private peekQueued(s: ShardState): RecordEntry<R> | undefined {
    return s.retries.peek() ?? s.queue.peek();
  }

  private shiftQueued(s: ShardState): RecordEntry<R> {
    let entry = s.retries.shift();
    if (entry !== undefined) this.queuedRetries--;
    else entry = s.queue.shift();
    const e = entry as RecordEntry<R>;
    s.queuedBytes -= e.size;
    this.queuedRecords--;
    this.queuedBytes -= e.size;
    return e;
  }

  private takeRecords(s: ShardState, entries: WireEntry<R>[], bytes: number, now: number): number {
    const b = this.options.batch;
    while (entries.length < b.maxRecords) {
      const e = this.peekQueued(s);
      if (e === undefined) break;
      if (entries.length > 0 && bytes + e.size > b.maxBytes) break;
      if (s.recordBucket !== undefined && s.byteBucket !== undefined) {
        if (!s.recordBucket.canTake(1, now) || !s.byteBucket.canTake(e.size, now)) break;
        s.recordBucket.force(1, now);
        s.byteBucket.force(e.size, now);
      }
      entries.push(this.shiftQueued(s));
      bytes += e.size;
    }
    return bytes;
  }

  private takeAggregated(
    s: ShardState,
    entries: WireEntry<R>[],
    bytes: number,
    now: number,
  ): number {
    const b = this.options.batch;
    const agg = this.options.aggregation as { maxBytes: number; maxRecords: number };
    while (entries.length < b.maxRecords && this.peekQueued(s) !== undefined) {
      if (s.recordBucket !== undefined && !s.recordBucket.canTake(1, now)) break;
      const aggregator = new KplAggregator(agg.maxBytes, agg.maxRecords);
      const group: RecordEntry<R>[] = [];
      let groupBytes = 0;
      // Room left in the call for the protobuf: minus framing and the longest outer key.
      const room =
        entries.length === 0
          ? Infinity
          : b.maxBytes - bytes - KPL_FRAMING_BYTES - MAX_PARTITION_KEY_LENGTH * 4;
      for (let e = this.peekQueued(s); e !== undefined; e = this.peekQueued(s)) {
        if (s.byteBucket !== undefined && !s.byteBucket.canTake(groupBytes + e.size, now)) break;
        if (!aggregator.tryAdd(e.data, e.partitionKey, e.explicitHashKey, room)) break;
        group.push(this.shiftQueued(s));
        groupBytes += e.size;
      }
      if (group.length === 0) {
        // Too big to aggregate (or the batch is full): send it as it is, if it fits.
        const e = this.peekQueued(s) as RecordEntry<R>;
        if (entries.length > 0 && bytes + e.size > b.maxBytes) break;
        if (s.byteBucket !== undefined && !s.byteBucket.canTake(e.size, now)) break;
        group.push(this.shiftQueued(s));
      }
      let entry: WireEntry<R>;
      if (group.length === 1) {
        entry = group[0];
      } else {
        const first = group[0];
        const data = aggregator.build();
        const request: PutRecordsRequestEntry = {
          Data: data,
          PartitionKey: first.partitionKey,
          ExplicitHashKey: first.hashKey.toString(),
        };
        const size = data.byteLength + Buffer.byteLength(first.partitionKey, 'utf8');
        entry = { kind: 'aggregate', records: group, shard: s, size, attempts: 0, request };
      }
      const size = entry.size;
      s.recordBucket?.force(1, now);
      s.byteBucket?.force(size, now);
      entries.push(entry);
      bytes += size;
    }
    return bytes;
  }

  private send(entries: WireEntry<R>[]): void {
    const records: PutRecordsRequestEntry[] = new Array(entries.length);
    let userRecords = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      records[i] = e.request;
      if (e.kind === 'aggregate') {
        // An aggregate is rebuilt for every attempt; its records carry the attempt count.
        let attempts = 0;
        for (const r of e.records) attempts = Math.max(attempts, ++r.attempts);
        e.attempts = attempts;
        userRecords += e.records.length;
      } else {
        e.attempts++;
        if (e.kind === 'record') userRecords++;
      }
      if (e.attempts > 1) this.counters.retries++;
    }
    this.inFlightRequests++;
    this.inFlightRecords += userRecords;
    this.counters.calls++;
    const { client, streamARN, streamName } = this.options;
    const command = new PutRecordsCommand(
      streamARN !== undefined
        ? { StreamARN: streamARN, Records: records }
        : { StreamName: streamName, Records: records },
    );
    client.send(command).then(
      (output) => this.settleCall(entries, userRecords, output.Records ?? [], undefined),
      (error: unknown) => this.settleCall(entries, userRecords, undefined, error),
    );
  }

  private settleCall(
    entries: WireEntry<R>[],
    userRecords: number,
    results: PutRecordsResultEntry[] | undefined,
    error: unknown,
  ): void {
    this.inFlightRequests--;
    this.inFlightRecords -= userRecords;
    try {
      const retry: WireEntry<R>[] = [];
      const failed: { entry: WireEntry<R>; reason: ErrorClass }[] = [];
      const maxAttempts = this.options.retry.maxAttempts;
      if (results === undefined) {
        const reason = classifyCallError(error);
        this.counters.failedCalls++;
        if (reason.throttle) this.counters.throttles++;
        for (const e of entries) {
          if (reason.retryable && e.attempts < maxAttempts && !this.destroyed) retry.push(e);
          else failed.push({ entry: e, reason });
        }
      } else {
        let refresh = false;
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i];
          const result = results[i];
          if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
            refresh = this.acknowledge(e, result.ShardId, result.SequenceNumber) || refresh;
            continue;
          }
          const reason = classifyEntryError(
            result?.ErrorCode ?? 'InternalFailure',
            result?.ErrorMessage ?? 'no result for this entry',
          );
          if (reason.throttle) this.throttled(e);
          if (reason.retryable && e.attempts < maxAttempts && !this.destroyed) retry.push(e);
          else failed.push({ entry: e, reason });
        }
        if (refresh) this.requestRefresh();
      }
      this.scheduleRetry(retry);
      if (failed.length > 0) this.failEntries(failed, error);
    } catch (internal) {
      this.fail(internal instanceof Error ? internal : new Error(String(internal)));
    }
    this.admitWaiters();
    this.checkWaiters();
    this.pump();
  }

  private throttled(e: WireEntry<R>): void {
    this.counters.throttles++;
    const shard = e.shard;
    if (shard === undefined) return;
    this.shardCounter(shard.range.shardId).throttles++;
    // Kinesis saw more than the bucket allowed (another writer, a lower limit): stop bursting.
    const now = this.options.clock.now();
    shard.recordBucket?.drain(now);
    shard.byteBucket?.drain(now);
  }

  /** Returns whether the entry landed on a shard the map did not predict (map is stale). */
  private acknowledge(e: WireEntry<R>, shardId: string, sequenceNumber: string): boolean {
    const onAck = this.options.onAcknowledge;
    if (e.kind === 'watermark') {
      this.releaseWatermarkSlot(e);
      this.counters.watermarksAcknowledged++;
      this.shardCounter(shardId).watermarkMs = e.watermarkMs;
      if (e.final) this.finalAcked.add(shardId);
      if (onAck !== undefined) {
        this.callback('onAcknowledge', () =>
          onAck({
            kind: 'watermark',
            watermarkMs: e.watermarkMs,
            final: e.final,
            shardId,
            sequenceNumber,
            attempts: e.attempts,
          }),
        );
      }
      return shardId !== e.shard.range.shardId;
    }
    const records = e.kind === 'aggregate' ? e.records : [e];
    const counter = this.shardCounter(shardId);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.settled) continue;
      this.settle(r);
      counter.records++;
      counter.bytes += r.size;
      if (onAck !== undefined) {
        const ack: Acknowledgement<R> = {
          kind: 'record',
          record: r.record,
          shardId,
          sequenceNumber,
          attempts: r.attempts,
        };
        if (e.kind === 'aggregate') ack.subSequenceNumber = i;
        this.callback('onAcknowledge', () => onAck(ack));
      }
    }
    return shardId !== e.shard?.range.shardId;
  }

  private settle(r: RecordEntry<R>): void {
    this.unregister(r);
    this.bufferedRecords--;
    this.bufferedBytes -= r.size;
    this.counters.recordsAcknowledged++;
    this.counters.bytesAcknowledged += r.size;
  }

  private scheduleRetry(entries: WireEntry<R>[]): void {
    if (entries.length === 0) return;
    let attempts = 1;
    for (const e of entries) attempts = Math.max(attempts, e.attempts);
    const { baseDelayMs, maxDelayMs } = this.options.retry;
    const delay = backoffDelayMs(attempts, baseDelayMs, maxDelayMs, this.options.random);
    const timer = this.options.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (this.destroyed) return;
      for (const e of entries) this.requeue(e);
      this.pump();
    }, delay);
    this.timers.add(timer);
  }

  private requeue(e: WireEntry<R>): void {
    if (e.kind === 'record') {
      if (!e.settled) this.enqueue(e, true);
    } else if (e.kind === 'aggregate') {
      // Unpacked and routed again: after a reshard its records may belong to different shards.
      for (const r of e.records) if (!r.settled) this.enqueue(r, true);
    } else {
      const s = e.shard;
      this.releaseWatermarkSlot(e);
      // A newer (never lower) watermark replaces this one; a retired shard's children get their own.
      if (!s.retired && s.pendingWatermark === undefined) s.pendingWatermark = e;
    }
  }

  private releaseWatermarkSlot(e: WatermarkEntry): void {
    const s = e.shard;
    if (s.watermarkInFlight !== e) return;
    s.watermarkInFlight = undefined;
    if (s.retired) this.retiredWatermarksInFlight--;
  }

  private failEntries(failed: { entry: WireEntry<R>; reason: ErrorClass }[], cause: unknown): void {
    const failures: FailedEntry<R>[] = [];
    for (const { entry: e, reason } of failed) {
      if (e.kind === 'watermark') {
        this.releaseWatermarkSlot(e);
        failures.push({
          kind: 'watermark',
          watermarkMs: e.watermarkMs,
          final: e.final,
          shardId: e.shard.range.shardId,
          errorCode: reason.code,
          errorMessage: reason.message,
          attempts: e.attempts,
        });
        continue;
      }
      for (const r of e.kind === 'aggregate' ? e.records : [e]) {
        if (r.settled) continue;
        this.unregister(r);
        this.bufferedRecords--;
        this.bufferedBytes -= r.size;
        this.counters.failedRecords++;
        failures.push({
          kind: 'record',
          record: r.record,
          errorCode: reason.code,
          errorMessage: reason.message,
          attempts: r.attempts,
        });
      }
    }
    if (this.putFailure === undefined) {
      this.putFailure = new PutRecordsFailedError(failures, cause === undefined ? {} : { cause });
      this.fail(this.putFailure);
    } else {
      this.putFailure.failures.push(...failures);
    }
  }

  // ---- failure and waiting ------------------------------------------------------------------

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
    for (const w of this.putWaiters.splice(0)) {
      this.unregister(w.entry);
      w.reject(error);
    }
    this.checkWaiters();
  }

  private until(done: () => boolean, rejectOnFailure: boolean): Promise<void> {
    if (rejectOnFailure && this.failure) return Promise.reject(this.failure);
    if (done()) return RESOLVED;
    if (this.destroyed) return Promise.reject(new ProducerClosedError('wait'));
    return new Promise((resolve, reject) =>
      this.conditionWaiters.push({ done, rejectOnFailure, resolve, reject }),
    );
  }

  private checkWaiters(): void {
    if (this.conditionWaiters.length === 0) return;
    const waiters = this.conditionWaiters;
    this.conditionWaiters = [];
    for (const w of waiters) {
      if (w.rejectOnFailure && this.failure) w.reject(this.failure);
      else if (w.done()) w.resolve();
      else this.conditionWaiters.push(w);
    }
  }

  private oldestUnsettledId(): number {
    const first = this.unsettled.values().next();
    return first.done ? Infinity : first.value.id;
  }

  // ---- shard map -----------------------------------------------------------------------------

  private async listAndStart(): Promise<void> {
    const map = await this.loadShardMap();
    this.applyShardMap(map);
    this.ready = true;
    const o = this.options;
    this.every(o.shardMapRefreshMs, () => this.requestRefresh());
    if (o.watermark !== undefined) this.every(o.watermark.intervalMs, () => this.watermarkRound());
    if (o.onMetrics !== undefined) this.every(o.metricsIntervalMs, () => this.emitMetrics());
    this.admitWaiters();
    this.pump();
  }

  private async loadShardMap(): Promise<ShardMap> {
    const { client, streamName, streamARN, stream, retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const map = await listOpenShards(client, { streamName, streamARN });
        if (map.size === 0) throw new Error('the stream has no open shards');
        return map;
      } catch (error) {
        const reason = classifyCallError(error);
        if (!reason.retryable || attempt >= retry.maxAttempts || this.destroyed) {
          throw new ShardMapError(stream, error);
        }
        await this.sleep(
          backoffDelayMs(attempt, retry.baseDelayMs, retry.maxDelayMs, this.options.random),
        );
      }
    }
  }

  /** Lists the shards again (coalescing concurrent requests); rejects with `ShardMapError`. */
  private refreshShardMap(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.refreshQueued ??= this.refreshing
        .catch(() => undefined)
        .then(() => {
          this.refreshQueued = undefined;
          return this.refreshShardMap();
        });
      return this.refreshQueued;
    }
    const refresh = this.loadShardMap()
      .then((map) => {
        if (!this.destroyed) this.applyShardMap(map);
      })
      .finally(() => {
        if (this.refreshing === refresh) this.refreshing = undefined;
      });
    this.refreshing = refresh;
    return refresh;
  }

  /** Background refresh: on failure the old map stays (Kinesis routes by hash key regardless). */
  private requestRefresh(): void {
    if (this.refreshQueued !== undefined || this.destroyed) return;
    this.refreshShardMap().catch(() => undefined);
  }

  private applyShardMap(map: ShardMap): void {
    const now = this.options.clock.now();
    const pacing = this.options.pacing;
    const next = new Map<string, ShardState>();
    let added = false;
    for (const range of map.shards) {
      let state = this.shardStates.get(range.shardId);
      if (state === undefined) {
        added = true;
        state = {
          range,
          startingHashKey: range.startingHashKey.toString(),
          queue: new Fifo(),
          retries: new Fifo(),
          queuedBytes: 0,
          recordBucket:
            pacing &&
            new TokenBucket(
              pacing.recordsPerSecond,
              Math.max(1, (pacing.recordsPerSecond * pacing.burstMs) / 1000),
              now,
            ),
          byteBucket:
            pacing &&
            new TokenBucket(
              pacing.bytesPerSecond,
              Math.max(1, (pacing.bytesPerSecond * pacing.burstMs) / 1000),
              now,
            ),
          pendingWatermark: undefined,
          watermarkInFlight: undefined,
          retired: false,
        };
      }
      next.set(range.shardId, state);
    }
    const retired: ShardState[] = [];
    for (const [id, state] of this.shardStates) {
      if (next.has(id)) continue;
      state.retired = true;
      state.pendingWatermark = undefined;
      if (state.watermarkInFlight !== undefined) this.retiredWatermarksInFlight++;
      retired.push(state);
    }
    this.map = map;
    this.shardStates = next;
    this.shardList = [...next.values()];
    this.counters.shardMapRefreshes++;
    for (const state of retired) {
      for (const e of state.retries.drain()) this.moveQueued(state, e, true);
      for (const e of state.queue.drain()) this.moveQueued(state, e, false);
    }
    if (added && this.ready) this.watermarkRound();
    this.pump();
  }

  private moveQueued(from: ShardState, e: RecordEntry<R>, retry: boolean): void {
    from.queuedBytes -= e.size;
    this.queuedRecords--;
    this.queuedBytes -= e.size;
    if (retry) this.queuedRetries--;
    const queuedAt = e.queuedAt;
    this.enqueue(e, retry);
    e.queuedAt = queuedAt;
  }

  // ---- watermarks ----------------------------------------------------------------------------

  private watermarkRound(): void {
    const tracker = this.tracker;
    if (tracker === undefined || this.failure || this.finalPhase || this.destroyed) return;
    const w = tracker.update(this.minUnsettledEventTime());
    if (w === undefined) return;
    for (const s of this.shardList) this.offerWatermark(s, w, false);
    this.pump();
  }

  private minUnsettledEventTime(): number {
    let min = Infinity;
    for (const e of this.unsettled) if (e.eventTime < min) min = e.eventTime;
    return min;
  }

  private offerWatermark(s: ShardState, watermarkMs: number, final: boolean): void {
    const wm = this.options.watermark;
    if (wm === undefined || s.retired) return;
    let data: Uint8Array;
    try {
      const encoded = wm.encode(watermarkMs, { shardId: s.range.shardId, final });
      data = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
      if (!(data instanceof Uint8Array)) throw new TypeError('expected a Uint8Array or a string');
      if (data.byteLength + wm.partitionKey.length > MAX_RECORD_BYTES) {
        throw new RangeError(`a watermark record of ${data.byteLength} bytes is over 1 MiB`);
      }
    } catch (error) {
      this.fail(new CallbackError('watermark.encode', error));
      return;
    }
    s.pendingWatermark = {
      kind: 'watermark',
      shard: s,
      watermarkMs,
      final,
      size: data.byteLength + Buffer.byteLength(wm.partitionKey, 'utf8'),
      attempts: 0,
      request: {
        Data: data,
        PartitionKey: wm.partitionKey,
        ExplicitHashKey: s.startingHashKey,
      },
    };
  }

  private async writeFinalWatermarks(): Promise<void> {
    this.finalPhase = true;
    // A reshard while the finals travel sends some to a closed shard; list again and fill gaps.
    for (let round = 0; round < 5; round++) {
      await this.refreshShardMap();
      const missing = this.shardList.filter((s) => !this.finalAcked.has(s.range.shardId));
      if (missing.length === 0) return;
      for (const s of missing) this.offerWatermark(s, Infinity, true);
      this.pump();
      await this.until(
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
      this.pump();
      await this.until(() => this.unsettled.size === 0, false);
      if (this.failure) throw this.putFailure ?? this.failure;
      if (this.options.watermark?.final) await this.writeFinalWatermarks();
      await this.until(() => this.inFlightRequests === 0, false);
      if (this.failure) throw this.putFailure ?? this.failure;
    } finally {
      this.stopTimers();
      if (this.options.onMetrics !== undefined) this.emitMetrics();
    }
  }

  private every(periodMs: number, task: () => void): void {
    const tick = () => {
      this.timers.delete(timer);
      if (this.destroyed) return;
      task();
      timer = this.options.clock.setTimeout(tick, periodMs, true);
      this.timers.add(timer);
    };
    let timer = this.options.clock.setTimeout(tick, periodMs, true);
    this.timers.add(timer);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private stopTimers(): void {
    for (const t of this.timers) this.options.clock.clearTimeout(t);
    this.timers.clear();
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
  }

  private emitMetrics(): void {
    const onMetrics = this.options.onMetrics;
    if (onMetrics === undefined) return;
    const m = this.metrics();
    this.rateSince = {
      timeMs: m.timeMs,
      records: m.recordsAcknowledged,
      bytes: m.bytesAcknowledged,
    };
    this.callback('onMetrics', () => onMetrics(m));
  }

  private shardCounter(shardId: string): ShardMetrics {
    let c = this.shardCounters.get(shardId);
    if (c === undefined) {
      c = { records: 0, bytes: 0, throttles: 0 };
      this.shardCounters.set(shardId, c);
    }
    return c;
  }
}
