import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { MAX_PARTITION_KEY_LENGTH } from '../constants.js';
import type { RecordEntry, ShardState, WireEntry } from './entries.js';
import { KPL_FRAMING_BYTES, KplAggregator } from './kpl-aggregator.js';
import { charge, isEligible } from './pacing.js';
import type { ResolvedOptions } from './resolve-options.js';
import type { ShardQueues } from './shard-queues.js';

/**
 * @internal Fills one PutRecords call from the shard queues: shards take turns at being first
 * (round robin) so none starves; per shard a pending watermark first, then retries, then new
 * records, as far as the call limits and the shard's pacing allow; optionally packed into KPL
 * aggregated records.
 */
export class BatchBuilder<R> {
  private roundRobin = 0;

  constructor(
    private readonly queues: ShardQueues<R>,
    private readonly batch: ResolvedOptions<never>['batch'],
    private readonly aggregation: ResolvedOptions<never>['aggregation'],
  ) {}

  build(now: number): WireEntry<R>[] {
    const shards = this.queues.list;
    const n = shards.length;
    const entries: WireEntry<R>[] = [];
    const b = this.batch;
    const watermarksAllowed = this.queues.retiredWatermarksInFlight === 0;
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
        charge(s, wm.size, now);
        entries.push(wm);
        bytes += wm.size;
      }
      if (s.queue.length + s.retries.length === 0 || !isEligible(s, now)) continue;
      bytes = this.aggregation
        ? this.takeAggregated(s, entries, bytes, now)
        : this.takeRecords(s, entries, bytes, now);
    }
    return entries;
  }

  private takeRecords(s: ShardState, entries: WireEntry<R>[], bytes: number, now: number): number {
    const b = this.batch;
    const queues = this.queues;
    while (entries.length < b.maxRecords) {
      const e = queues.peek(s);
      if (e === undefined) break;
      if (entries.length > 0 && bytes + e.size > b.maxBytes) break;
      if (s.recordBucket !== undefined && s.byteBucket !== undefined) {
        if (!s.recordBucket.canTake(1, now) || !s.byteBucket.canTake(e.size, now)) break;
        charge(s, e.size, now);
      }
      entries.push(queues.shift(s));
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
    const b = this.batch;
    const queues = this.queues;
    const agg = this.aggregation as { maxBytes: number; maxRecords: number };
    while (entries.length < b.maxRecords && queues.peek(s) !== undefined) {
      if (s.recordBucket !== undefined && !s.recordBucket.canTake(1, now)) break;
      const aggregator = new KplAggregator(agg.maxBytes, agg.maxRecords);
      const group: RecordEntry<R>[] = [];
      let groupBytes = 0;
      // Room left in the call for the protobuf: minus framing and the longest outer key.
      const room =
        entries.length === 0
          ? Infinity
          : b.maxBytes - bytes - KPL_FRAMING_BYTES - MAX_PARTITION_KEY_LENGTH * 4;
      for (let e = queues.peek(s); e !== undefined; e = queues.peek(s)) {
        if (s.byteBucket !== undefined && !s.byteBucket.canTake(groupBytes + e.size, now)) break;
        if (!aggregator.tryAdd(e.data, e.partitionKey, e.explicitHashKey, room)) break;
        group.push(queues.shift(s));
        groupBytes += e.size;
      }
      if (group.length === 0) {
        // Too big to aggregate (or the batch is full): send it as it is, if it fits.
        const e = queues.peek(s) as RecordEntry<R>;
        if (entries.length > 0 && bytes + e.size > b.maxBytes) break;
        if (s.byteBucket !== undefined && !s.byteBucket.canTake(e.size, now)) break;
        group.push(queues.shift(s));
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
      charge(s, entry.size, now);
      entries.push(entry);
      bytes += entry.size;
    }
    return bytes;
  }
}
