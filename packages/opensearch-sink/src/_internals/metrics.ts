import type { BulkWriterMetrics } from '../types.js';

/** @internal Counters behind `BulkWriterMetrics`; `snapshot` starts a new interval unless told not to. */
export class MetricsRecorder {
  docsIndexed = 0;
  bytesSent = 0;
  requests = 0;
  requestRetries = 0;
  itemRetries = 0;
  rejectedItems = 0;
  deadLetters = 0;

  private intervalStart: number;
  private docsAtStart = 0;
  private bytesAtStart = 0;
  private latencyCount = 0;
  private latencySum = 0;
  private latencyMax = 0;

  constructor(now: number) {
    this.intervalStart = now;
  }

  recordFlush(latencyMs: number): void {
    this.latencyCount++;
    this.latencySum += latencyMs;
    if (latencyMs > this.latencyMax) this.latencyMax = latencyMs;
  }

  snapshot(now: number, pending: BulkWriterMetrics['pending'], reset = true): BulkWriterMetrics {
    const intervalMs = Math.max(0, now - this.intervalStart);
    const perSecond = (n: number) => (intervalMs > 0 ? (n * 1000) / intervalMs : 0);
    const metrics: BulkWriterMetrics = {
      intervalMs,
      docsPerSecond: perSecond(this.docsIndexed - this.docsAtStart),
      bytesPerSecond: perSecond(this.bytesSent - this.bytesAtStart),
      flushLatencyMs: {
        count: this.latencyCount,
        mean: this.latencyCount > 0 ? this.latencySum / this.latencyCount : 0,
        max: this.latencyMax,
      },
      totals: {
        docsIndexed: this.docsIndexed,
        bytesSent: this.bytesSent,
        requests: this.requests,
        requestRetries: this.requestRetries,
        itemRetries: this.itemRetries,
        rejectedItems: this.rejectedItems,
        deadLetters: this.deadLetters,
      },
      pending,
    };
    if (!reset) return metrics;
    this.intervalStart = now;
    this.docsAtStart = this.docsIndexed;
    this.bytesAtStart = this.bytesSent;
    this.latencyCount = 0;
    this.latencySum = 0;
    this.latencyMax = 0;
    return metrics;
  }
}
