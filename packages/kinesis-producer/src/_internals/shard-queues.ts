import type { ShardMap } from '../shard-map.js';
import type { RecordEntry, ShardState, WatermarkEntry, WireEntry } from './entries.js';
import { Fifo } from './fifo.js';
import { pacingBuckets } from './pacing.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * @internal The shard map and one queue per open shard: records are routed by hash key, retries
 * go before new records, and when a reshard retires a shard its queued records move to the
 * shards that now own their hash keys. Keeps the totals the batching decisions need.
 */
export class ShardQueues<R> {
  map: ShardMap | undefined;
  /** The open shards, in map order. */
  list: ShardState[] = [];
  queuedRecords = 0;
  queuedBytes = 0;
  queuedRetries = 0;
  /** Watermarks still travelling to retired shards: no new watermark goes out until they land. */
  retiredWatermarksInFlight = 0;
  private states = new Map<string, ShardState>();

  constructor(
    private readonly pacing: ResolvedOptions<never>['pacing'],
    private readonly now: () => number,
  ) {}

  /** Queues an entry on the shard owning its hash key (a retry goes before new records). */
  enqueue(entry: RecordEntry<R>, retry: boolean): void {
    const shard = this.route(entry.hashKey);
    entry.shard = shard;
    entry.queuedAt = this.now();
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

  peek(s: ShardState): RecordEntry<R> | undefined {
    return s.retries.peek() ?? s.queue.peek();
  }

  shift(s: ShardState): RecordEntry<R> {
    let entry = s.retries.shift();
    if (entry !== undefined) this.queuedRetries--;
    else entry = s.queue.shift();
    const e = entry as RecordEntry<R>;
    s.queuedBytes -= e.size;
    this.queuedRecords--;
    this.queuedBytes -= e.size;
    return e;
  }

  /** Clock time the oldest new (not retried) record was queued; `Infinity` if none. */
  oldestQueuedAt(): number {
    let oldest = Infinity;
    for (const s of this.list) {
      const head = s.queue.peek();
      if (head !== undefined && head.queuedAt < oldest) oldest = head.queuedAt;
    }
    return oldest;
  }

  /** A watermark waits and may go now (its shard has none in flight, no retired shard has one). */
  hasSendableWatermark(): boolean {
    if (this.retiredWatermarksInFlight > 0) return false;
    for (const s of this.list) {
      if (s.pendingWatermark !== undefined && s.watermarkInFlight === undefined) return true;
    }
    return false;
  }

  /** The watermark landed or failed: its shard may send the next one. */
  releaseWatermarkSlot(e: WatermarkEntry): void {
    const s = e.shard;
    if (s.watermarkInFlight !== e) return;
    s.watermarkInFlight = undefined;
    if (s.retired) this.retiredWatermarksInFlight--;
  }

  /** An entry's retry is due: its records queue again, its watermark waits for its shard's turn. */
  requeue(e: WireEntry<R>): void {
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

  /** Installs a new listing; returns whether it has shards the previous one lacked. */
  apply(map: ShardMap): boolean {
    const now = this.now();
    const next = new Map<string, ShardState>();
    let added = false;
    for (const range of map.shards) {
      let state = this.states.get(range.shardId);
      if (state === undefined) {
        added = true;
        state = {
          range,
          startingHashKey: range.startingHashKey.toString(),
          queue: new Fifo(),
          retries: new Fifo(),
          queuedBytes: 0,
          ...pacingBuckets(this.pacing, now),
          pendingWatermark: undefined,
          watermarkInFlight: undefined,
          retired: false,
        };
      }
      next.set(range.shardId, state);
    }
    const retired: ShardState[] = [];
    for (const [id, state] of this.states) {
      if (next.has(id)) continue;
      state.retired = true;
      state.pendingWatermark = undefined;
      if (state.watermarkInFlight !== undefined) this.retiredWatermarksInFlight++;
      retired.push(state);
    }
    this.map = map;
    this.states = next;
    this.list = [...next.values()];
    for (const state of retired) {
      for (const e of state.retries.drain()) this.move(state, e, true);
      for (const e of state.queue.drain()) this.move(state, e, false);
    }
    return added;
  }

  private route(hashKey: bigint): ShardState {
    const range = this.map?.shardFor(hashKey);
    // A gap can only come from an inconsistent listing; Kinesis routes by hash key anyway.
    return (range && this.states.get(range.shardId)) ?? this.list[0];
  }

  /** Re-routes a record of a retired shard, keeping its linger start. */
  private move(from: ShardState, e: RecordEntry<R>, retry: boolean): void {
    from.queuedBytes -= e.size;
    this.queuedRecords--;
    this.queuedBytes -= e.size;
    if (retry) this.queuedRetries--;
    const queuedAt = e.queuedAt;
    this.enqueue(e, retry);
    e.queuedAt = queuedAt;
  }
}
