import type { LeaseCoordinatorStats } from '@tripstream/kinesis-leases';
import type { ShardProgress } from './shard-worker.js';

/** Prometheus text of a leased worker: its lease counters and per-shard lag and records. */
export function leaseMetricsText(
  workerId: string,
  leases: LeaseCoordinatorStats,
  shards: Readonly<Record<string, ShardProgress>>,
): string {
  const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const worker = `worker="${label(workerId)}"`;
  const lines: string[] = [];
  const gauge = (
    name: string,
    help: string,
    type: 'gauge' | 'counter',
    values: [string, number][],
  ) => {
    lines.push(
      `# HELP tripstream_processor_${name} ${help}`,
      `# TYPE tripstream_processor_${name} ${type}`,
    );
    for (const [labels, v] of values) lines.push(`tripstream_processor_${name}{${labels}} ${v}`);
  };
  gauge('leases_held', 'Leases this worker holds now.', 'gauge', [[worker, leases.held]]);
  gauge('leases_taken_total', 'Leases taken (expired, unowned or stolen).', 'counter', [
    [worker, leases.taken],
  ]);
  gauge('leases_stolen_total', 'Leases taken from a live worker for balance.', 'counter', [
    [worker, leases.stolen],
  ]);
  gauge('leases_lost_total', 'Leases lost to another worker or to expiry.', 'counter', [
    [worker, leases.lost],
  ]);
  gauge('leases_released_total', 'Leases handed back (shutdown, SHARD_END).', 'counter', [
    [worker, leases.released],
  ]);
  const perShard = (pick: (p: ShardProgress) => number) =>
    Object.entries(shards).map(
      ([id, p]) => [`${worker},shard="${label(id)}"`, pick(p)] as [string, number],
    );
  gauge(
    'shard_lag_ms',
    'MillisBehindLatest of the last GetRecords call per shard.',
    'gauge',
    perShard((p) => p.lagMs),
  );
  gauge(
    'shard_records_total',
    'Records read per shard by this worker.',
    'counter',
    perShard((p) => p.records),
  );
  return `${lines.join('\n')}\n`;
}
