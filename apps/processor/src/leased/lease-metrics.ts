import type { LeaseCoordinatorStats } from '@tripstream/kinesis-leases';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

const PREFIX = 'tripstream_processor_';

export interface LeaseMetricsOptions {
  /** The coordinator's counts, read at scrape time. */
  leases: () => LeaseCoordinatorStats;
  /** Per shard this worker processed: event-time lag (ms) and records read, read at scrape time. */
  shards: () => Record<string, { lagMs: number; records: number }>;
}

/** A counter whose value is read from a running total at scrape time. */
function totalCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name: `${PREFIX}${name}`,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/**
 * The leased worker's Prometheus metrics (prom-client): leases held, taken, stolen, lost and handed
 * back, and per shard the event-time lag and records read; plus Node's process metrics.
 */
export function leaseMetrics(options: LeaseMetricsOptions): {
  text(): Promise<string>;
  contentType: string;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: `${PREFIX}leases_held`,
    help: 'Leases this worker holds now.',
    registers: [registry],
    collect() {
      this.set(options.leases().held);
    },
  });
  totalCounter(
    registry,
    'leases_taken_total',
    'Leases taken (new or expired).',
    () => options.leases().taken,
  );
  totalCounter(
    registry,
    'leases_stolen_total',
    'Leases stolen from a more loaded worker.',
    () => options.leases().stolen,
  );
  totalCounter(
    registry,
    'leases_lost_total',
    'Leases lost to another worker or expiry.',
    () => options.leases().lost,
  );
  totalCounter(
    registry,
    'leases_released_total',
    'Leases handed back on shutdown.',
    () => options.leases().released,
  );
  new Gauge({
    name: `${PREFIX}shard_event_time_lag_seconds`,
    help: 'Per shard: event time of the newest record read behind the wall clock.',
    labelNames: ['shard'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [shard, s] of Object.entries(options.shards()))
        this.set({ shard }, s.lagMs / 1000);
    },
  });
  new Counter({
    name: `${PREFIX}shard_records_total`,
    help: 'Per shard: records read by this worker.',
    labelNames: ['shard'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [shard, s] of Object.entries(options.shards())) this.inc({ shard }, s.records);
    },
  });
  return { text: () => registry.metrics(), contentType: registry.contentType };
}
