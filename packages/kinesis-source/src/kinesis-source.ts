import { Observable } from 'rxjs';
import { ShardDiscoveryError } from './errors/shard-discovery-error.js';
import { SourceConsumedError } from './errors/source-consumed-error.js';
import { fullJitterBackoff } from '@tripstream/support';
import { classifyError } from './_internals/classify-error.js';
import { END, EventQueue } from './_internals/event-queue.js';
import { listShards } from './_internals/list-shards.js';
import { readShard } from './_internals/read-shard.js';
import { resolveOptions, type ResolvedOptions } from './_internals/resolve-options.js';
import { compareIds, ShardPlanner, type PlannedShard } from './_internals/shard-planner.js';
import type { KinesisSourceOptions } from './kinesis-source-options.js';
import type {
  ShardInfo,
  ShardPosition,
  ShardStartPosition,
  ShardStats,
  SourceEvent,
  SourcePositions,
  SourceStats,
} from './types.js';

type State = 'new' | 'running' | 'ended' | 'stopped' | 'failed';

/**
 * Reads every shard of a Kinesis stream (see {@link KinesisSourceOptions}) and hands the consumer
 * one ordered stream of {@link SourceEvent}s: record batches, one per GetRecords call, and shard
 * lifecycle events. Per shard, records arrive in sequence order, and a child shard's records only
 * after its parents' `shard-finished`.
 *
 * A source is read once, by one consumer: iterate it (`for await`) or subscribe to
 * {@link KinesisSource.observe}. Reading starts then, and ends with the stream (every shard
 * finished), with {@link KinesisSource.stop}, or with an error.
 *
 * **Positions.** {@link KinesisSource.positions} counts an event as processed as soon as it has been
 * handed to the consumer: returned by the iterator's `next()`, or passed to the subscriber's
 * `next`. It is therefore safe to checkpoint `positions()` together with any state derived from
 * the events received so far, e.g. between two iterations of a `for await` body or inside the
 * subscriber's `next` after handling the event. Fetched events still in the buffer are never
 * counted; a restart from the checkpoint reads them again.
 */
export class KinesisSource implements AsyncIterable<SourceEvent> {
  readonly #o: ResolvedOptions;
  readonly #queue: EventQueue<SourceEvent>;
  readonly #planner: ShardPlanner;
  readonly #abort = new AbortController();
  readonly #readers = new Set<Promise<void>>();
  readonly #stats = new Map<string, ShardStats>();
  readonly #positions = new Map<string, ShardPosition>();
  readonly #finished = new Set<string>();
  #state: State = 'new';
  #claimed = false;
  #listed = false;
  #discoveryChain: Promise<void> = Promise.resolve();
  #pendingDiscovery: Promise<void> | undefined;
  #loop: Promise<void> = Promise.resolve();

  constructor(options: KinesisSourceOptions) {
    this.#o = resolveOptions(options);
    this.#queue = new EventQueue(this.#o.maxBufferedRecords);
    this.#planner = new ShardPlanner(
      this.#o.startPosition,
      this.#o.checkpoint,
      this.#o.shardFilter,
    );
    for (const [id, pos] of this.#o.checkpoint.shards) this.#positions.set(id, { ...pos });
    for (const id of this.#o.checkpoint.finished) this.#finished.add(id);
    const signal = options.signal;
    if (signal?.aborted) void this.stop();
    else signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /**
   * What the consumer has received: per shard the last record, and the finished shards. Starts as
   * the `checkpoint` option. A plain JSON value; pass it as `checkpoint` to resume after it.
   */
  positions(): SourcePositions {
    const shards: Record<string, ShardPosition> = {};
    for (const id of [...this.#positions.keys()].sort(compareIds)) {
      shards[id] = structuredClone(this.#positions.get(id) as ShardPosition);
    }
    return { shards, finished: [...this.#finished].sort(compareIds) };
  }

  /** Counters per listed shard, and the records waiting in the buffer. */
  stats(): SourceStats {
    const shards = [...this.#stats.values()]
      .map((s) => ({ ...s, status: this.#planner.get(s.shardId)?.status ?? s.status }))
      .sort((a, b) => compareIds(a.shardId, b.shardId));
    return { shards, bufferedRecords: this.#queue.bufferedRecords };
  }

  /**
   * Stops reading: in-flight calls are aborted, buffered events dropped (they were not received,
   * so `positions()` does not count them), and the consumer's iteration or subscription
   * completes. Resolves once every call has settled. Idempotent.
   */
  async stop(): Promise<void> {
    if (this.#state === 'new' || this.#state === 'running') this.#state = 'stopped';
    this.#abort.abort();
    this.#queue.clear();
    await Promise.allSettled([...this.#readers, this.#discoveryChain, this.#loop]);
  }

  /** `await using source = createKinesisSource(...)` stops it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /**
   * The pull API: the buffer refills only as events are taken, so a slow consumer slows the
   * readers down. Breaking out of `for await` stops the source.
   */
  [Symbol.asyncIterator](): AsyncIterator<SourceEvent, undefined> {
    this.#claim();
    return {
      next: async () => {
        const item = await this.#queue.take();
        if (item === END) return { done: true, value: undefined };
        this.#deliver(item);
        return { done: false, value: item };
      },
      return: async () => {
        await this.stop();
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * The push API. Events are passed to the subscriber one at a time, each after the previous
   * `next` returned: a subscriber that handles events synchronously holds the readers back through
   * the bounded buffer. A subscriber that hands work off asynchronously gets no backpressure:
   * use the async iterator for that. Unsubscribing stops the source; a second subscription errors
   * with {@link SourceConsumedError}.
   */
  observe(): Observable<SourceEvent> {
    return new Observable<SourceEvent>((subscriber) => {
      try {
        this.#claim();
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      let active = true;
      const pump = async () => {
        while (active) {
          const item = await this.#queue.take();
          // Taken after unsubscribing: never delivered, so never counted in positions().
          if (!active) return;
          if (item === END) {
            subscriber.complete();
            return;
          }
          this.#deliver(item);
          subscriber.next(item);
        }
      };
      pump().catch((error: unknown) => {
        if (active) subscriber.error(error);
      });
      return () => {
        active = false;
        void this.stop();
      };
    });
  }

  #claim(): void {
    if (this.#claimed) throw new SourceConsumedError();
    this.#claimed = true;
    if (this.#state !== 'new') {
      this.#queue.clear();
      return;
    }
    this.#state = 'running';
    void this.#requestDiscovery();
    this.#loop = this.#discoveryLoop();
  }

  #deliver(event: SourceEvent): void {
    if (event.type === 'records') {
      const last = event.records[event.records.length - 1];
      this.#positions.set(
        event.shardId,
        last.subSequenceNumber === undefined
          ? { sequenceNumber: last.sequenceNumber }
          : { sequenceNumber: last.sequenceNumber, subSequenceNumber: last.subSequenceNumber },
      );
    } else if (event.type === 'shard-started') {
      if (!this.#positions.has(event.shardId)) {
        this.#positions.set(event.shardId, positionOfStart(event.startPosition, event.startedAt));
      }
    } else if (event.type === 'shard-finished') {
      this.#positions.delete(event.shardId);
      this.#finished.add(event.shardId);
    }
  }

  async #discoveryLoop(): Promise<void> {
    const { clock, shardDiscoveryIntervalMs } = this.#o;
    const signal = this.#abort.signal;
    if (!Number.isFinite(shardDiscoveryIntervalMs)) return;
    while (!signal.aborted) {
      await clock.sleep(shardDiscoveryIntervalMs, signal);
      if (signal.aborted) return;
      await this.#requestDiscovery();
    }
  }

  /** Lists the stream (after any listing in progress); resolves when that listing is planned. */
  #requestDiscovery(): Promise<void> {
    if (this.#pendingDiscovery === undefined) {
      const run = this.#discoveryChain.then(() => {
        this.#pendingDiscovery = undefined;
        return this.#discover();
      });
      this.#pendingDiscovery = run;
      this.#discoveryChain = run
        .catch((error: unknown) => this.#fail(error))
        .then(() => this.#checkEnd());
    }
    return this.#discoveryChain;
  }

  async #discover(): Promise<void> {
    if (this.#abort.signal.aborted) return;
    const listing = await this.#listWithRetries();
    if (listing === undefined || this.#abort.signal.aborted) return;
    for (const node of this.#planner.add(listing)) {
      const id = node.shard.shardId;
      this.#stats.set(id, {
        shardId: id,
        status: node.status,
        getRecordsCalls: 0,
        records: 0,
        bytes: 0,
        throttled: 0,
        retries: 0,
        iteratorsRenewed: 0,
      });
      if (node.status === 'waiting') {
        this.#queue.push({
          type: 'shard-discovered',
          shardId: id,
          parentShardIds: [...node.parentShardIds],
          waitingFor: [...node.waitingFor],
        });
      } else if (node.status === 'finished' || node.status === 'skipped') {
        this.#positions.delete(id);
        this.#finished.add(id);
      }
    }
    this.#listed = true;
    this.#startReady();
  }

  async #listWithRetries(): Promise<ShardInfo[] | undefined> {
    const o = this.#o;
    const signal = this.#abort.signal;
    let throttled = 0;
    let failures = 0;
    for (;;) {
      try {
        return await listShards(o.client, o.stream, signal);
      } catch (error) {
        if (signal.aborted) return undefined;
        const kind = classifyError(error);
        let attempt: number;
        if (kind === 'throttled') {
          attempt = ++throttled;
          if (throttled > o.maxThrottledRetries) {
            throw new ShardDiscoveryError(o.streamLabel, throttled, error);
          }
        } else if (kind === 'transient') {
          attempt = ++failures;
          if (failures > o.maxRetries)
            throw new ShardDiscoveryError(o.streamLabel, failures, error);
        } else {
          throw new ShardDiscoveryError(o.streamLabel, failures + 1, error);
        }
        await o.clock.sleep(
          fullJitterBackoff(attempt, {
            baseDelayMs: o.backoffInitialMs,
            maxDelayMs: o.backoffMaxMs,
            random: o.random,
          }),
          signal,
        );
      }
    }
  }

  #startReady(): void {
    if (this.#state !== 'running') return;
    for (const node of this.#planner.takeReady()) this.#startReader(node);
  }

  #startReader(node: PlannedShard): void {
    const id = node.shard.shardId;
    const stats = this.#stats.get(id) as ShardStats;
    const reader = readShard(node, {
      options: this.#o,
      signal: this.#abort.signal,
      queue: this.#queue,
      stats,
      childrenOf: async (shardId, reported) => {
        await this.#requestDiscovery();
        return [...new Set([...this.#planner.childrenOf(shardId), ...reported])].sort(compareIds);
      },
    });
    const tracked: Promise<void> = reader.then(
      () => {
        this.#readers.delete(tracked);
        if (this.#abort.signal.aborted) return;
        // Children become ready only now, after the parent's shard-finished is queued.
        this.#planner.finish(id);
        this.#startReady();
        this.#checkEnd();
      },
      (error: unknown) => {
        this.#readers.delete(tracked);
        this.#fail(error);
      },
    );
    this.#readers.add(tracked);
  }

  #checkEnd(): void {
    if (this.#state !== 'running' || !this.#listed) return;
    if (this.#readers.size > 0 || this.#pendingDiscovery !== undefined) return;
    if (!this.#planner.allDone()) return;
    this.#state = 'ended';
    this.#abort.abort();
    this.#queue.close();
  }

  #fail(error: unknown): void {
    if (this.#state !== 'running') return;
    this.#state = 'failed';
    this.#abort.abort();
    this.#queue.fail(error);
  }
}

/** The position that resumes a shard started at `start` before any record was received. */
function positionOfStart(start: ShardStartPosition, startedAt: number): ShardPosition {
  switch (start.type) {
    case 'TRIM_HORIZON':
      return { startPosition: { type: 'TRIM_HORIZON' } };
    case 'LATEST':
      return { startPosition: { type: 'AT_TIMESTAMP', timestamp: startedAt } };
    case 'AT_TIMESTAMP':
      return { startPosition: { type: 'AT_TIMESTAMP', timestamp: start.timestamp } };
    case 'AFTER_SEQUENCE_NUMBER':
      return { sequenceNumber: start.sequenceNumber };
    case 'AT_SEQUENCE_NUMBER':
      return {
        sequenceNumber: start.sequenceNumber,
        subSequenceNumber: start.afterSubSequenceNumber,
      };
  }
}

/** Creates a {@link KinesisSource}; validates `options` at once (throws `InvalidOptionError`). */
export function createKinesisSource(options: KinesisSourceOptions): KinesisSource {
  return new KinesisSource(options);
}
