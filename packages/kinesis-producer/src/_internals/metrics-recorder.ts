import type { ProducerMetrics, ShardMetrics } from '../types.js';

/** @internal The producer's counters as `metrics()` reports them. */
export interface ProducerCounters {
  recordsPut: number;
  recordsAcknowledged: number;
  bytesAcknowledged: number;
  calls: number;
  retries: number;
  throttles: number;
  failedCalls: number;
  failedRecords: number;
  watermarksAcknowledged: number;
  outOfOrderRecords: number;
  lateRecords: number;
  shardMapRefreshes: number;
}

/** @internal The gauges the producer's other parts own, read when metrics are taken. */
export type ProducerGauges = Pick<
  ProducerMetrics,
  | 'inFlightRequests'
  | 'inFlightRecords'
  | 'bufferedRecords'
  | 'bufferedBytes'
  | 'waitingPuts'
  | 'watermarkMs'
  | 'openShards'
>;

/** @internal Counters, per-shard counters, and the rates since the last `onMetrics` call. */
export class MetricsRecorder {
  readonly counters: ProducerCounters = {
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

  constructor(nowMs: number) {
    this.rateSince = { timeMs: nowMs, records: 0, bytes: 0 };
  }

  /** The counters of one shard, created at zero on first use. */
  shard(shardId: string): ShardMetrics {
    let c = this.shardCounters.get(shardId);
    if (c === undefined) {
      c = { records: 0, bytes: 0, throttles: 0 };
      this.shardCounters.set(shardId, c);
    }
    return c;
  }

  /** The counters now; rates are over the time since the last {@link restartRates}. */
  snapshot(now: number, gauges: ProducerGauges): ProducerMetrics {
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
      ...gauges,
      shards,
    };
  }

  /** The next rates are measured from the point of `m`. */
  restartRates(m: ProducerMetrics): void {
    this.rateSince = {
      timeMs: m.timeMs,
      records: m.recordsAcknowledged,
      bytes: m.bytesAcknowledged,
    };
  }
}
