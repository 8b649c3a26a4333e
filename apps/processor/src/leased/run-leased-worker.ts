import { systemClock } from '@tripstream/support';
import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import {
  LeaseCoordinator,
  LeaseTable,
  SHARD_END,
  syncShardLeases,
  type Lease,
  type ShardStateStore,
} from '@tripstream/kinesis-leases';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ensureIndexTemplates,
  PartialMergeWriter,
  type createOpenSearchClient,
} from '@tripstream/opensearch-sink';
import { DeadLetterFile } from '../dead-letters.js';
import { startMetricsServer } from '../metrics-server.js';
import { leaseMetrics } from './lease-metrics.js';
import type { ReferenceJobConfig } from '@tripstream/reference-job';
import { taxiIndexTemplates } from '../sinks.js';
import { runShardWorker, type ShardProgress, type ShardWorkerDeps } from './shard-worker.js';
import { taxiMergeSpecs } from './taxi-merge-specs.js';

/** A processor worker sharing a stream with others through a lease table. */
export interface LeasedWorkerConfig {
  kinesis: KinesisClient;
  streamName: string;
  dynamodb: DynamoDBClient;
  leaseTable: string;
  workerId: string;
  /** KCL failover time, ms; renewals every third of it, taker passes every `takeIntervalMs`. */
  failoverTimeMs: number;
  takeIntervalMs: number;
  store: ShardStateStore;
  opensearch: ReturnType<typeof createOpenSearchClient>;
  indexPrefix: string;
  job: ReferenceJobConfig & { minTripsForDuration: number };
  outOfOrdernessMs?: number;
  checkpointIntervalMs: number;
  exitAtEnd: boolean;
  metricsPort?: number;
  /** Address of the metrics server. Default 127.0.0.1. */
  metricsHost?: string;
  deadLetterFile?: string;
  read: ShardWorkerDeps['read'];
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** The leased worker's summary: what it processed, and its lease figures. */
export interface LeasedWorkerSummary {
  mode: 'leased';
  workerId: string;
  /** Shards this worker processed at some point, with their figures here. */
  shards: Record<string, ShardProgress>;
  shardsProcessed: string[];
  leases: { held: number; taken: number; stolen: number; lost: number; released: number };
  records: number;
  partsWritten: number;
  /** OpenSearch document writes: parts stored plus merged documents (the cost of exactness). */
  documentWrites: number;
  deadLetters: number;
  elapsedMs: number;
}

/**
 * Runs one worker of a leased processor: keeps a lease per shard in DynamoDB (created from
 * ListShards, children included), processes the shards it holds (one `runShardWorker` each), and
 * with `exitAtEnd` exits once every shard's lease shows it processed to its end (`SHARD_END`, or
 * the end-of-stream watermark) — so every surviving worker of a finished run exits by itself.
 */
export async function runLeasedWorker(config: LeasedWorkerConfig): Promise<LeasedWorkerSummary> {
  const started = Date.now();
  const { log } = config;
  const table = new LeaseTable({ client: config.dynamodb, tableName: config.leaseTable });
  await table.create();
  const specs = taxiMergeSpecs(config.indexPrefix, config.job.minTripsForDuration);
  const writer = new PartialMergeWriter({ client: config.opensearch, specs });
  await ensureIndexTemplates(config.opensearch, taxiIndexTemplates(config.indexPrefix));
  await writer.ensurePartialsIndices();
  const sync = async () => syncShardLeases(table, toShardDescriptions(await listShards(config)));
  await sync();

  const coordinator = new LeaseCoordinator({
    table,
    workerId: config.workerId,
    failoverTimeMs: config.failoverTimeMs,
    takeIntervalMs: config.takeIntervalMs,
  });
  const deadLetters = new DeadLetterFile(config.deadLetterFile);
  const deps: ShardWorkerDeps = {
    kinesis: config.kinesis,
    streamName: config.streamName,
    coordinator,
    store: config.store,
    writer,
    job: config.job,
    outOfOrdernessMs: config.outOfOrdernessMs,
    indexPrefix: config.indexPrefix,
    checkpointIntervalMs: config.checkpointIntervalMs,
    parentPollMs: 500,
    read: config.read,
    deadLetters,
    log,
  };
  const shards: Record<string, ShardProgress> = {};
  const running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let failure: unknown;
  const stopAll = new AbortController();

  coordinator.on('taken', ({ lease, previousOwner, stolen }) => {
    log(
      `processor: took ${lease.leaseKey}` +
        (previousOwner ? ` from ${previousOwner}${stolen ? ' (balancing)' : ' (expired)'}` : '') +
        ` at ${lease.checkpoint}`,
    );
    startShard(lease);
  });
  coordinator.on('lost', ({ leaseKey, reason }) => {
    log(`processor: lost ${leaseKey} (${reason})`);
    running.get(leaseKey)?.controller.abort('lost');
  });
  coordinator.on('warning', (err) => log(`processor: lease warning: ${err.message}`));

  function startShard(lease: Lease): void {
    const controller = new AbortController();
    const progress = (shards[lease.leaseKey] ??= {
      state: 'reading',
      records: 0,
      partsWritten: 0,
      partsStored: 0,
      mergedWrites: 0,
      checkpoints: 0,
      lagMs: 0,
      watermark: -Infinity,
      restored: false,
    });
    const done = runShardWorker(lease, deps, progress, controller.signal)
      .then(async (state) => {
        if (state === 'shard-end')
          await sync().catch((e: unknown) => log(`processor: shard sync failed: ${String(e)}`));
      })
      .catch((err: unknown) => {
        failure ??= err;
        stopAll.abort();
      })
      .finally(() => {
        if (running.get(lease.leaseKey)?.controller === controller) running.delete(lease.leaseKey);
      });
    running.set(lease.leaseKey, { controller, done });
  }

  // Prometheus metrics of the lease coordinator and of each shard this worker holds.
  const leaseStats = leaseMetrics({ leases: () => coordinator.stats(), shards: () => shards });
  const metrics =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer({
          port: config.metricsPort,
          host: config.metricsHost,
          metrics: async () => ({
            text: await leaseStats.text(),
            contentType: leaseStats.contentType,
          }),
          health: () => ({
            healthy: failure === undefined,
            status: { workerId: config.workerId, leases: coordinator.stats(), shards },
          }),
        });
  if (metrics) log(`processor: metrics on http://${metrics.host}:${metrics.port}/metrics`);

  const onSignal = () => stopAll.abort();
  config.signal?.addEventListener('abort', onSignal, { once: true });
  coordinator.start();
  try {
    let lastSync = Date.now();
    while (!stopAll.signal.aborted) {
      // Every worker polls the table: keep it to a scan and a ListShards every 2 s.
      await systemClock.sleep(2_000, stopAll.signal);
      if (stopAll.signal.aborted) break;
      if (Date.now() - lastSync > 10_000) {
        await sync().catch((e: unknown) => log(`processor: shard sync failed: ${String(e)}`));
        lastSync = Date.now();
      }
      if (config.exitAtEnd && (await allProcessed(table, config))) {
        log('processor: every shard is processed to its end; stopping');
        break;
      }
    }
  } finally {
    config.signal?.removeEventListener('abort', onSignal);
    // Graceful: each shard checkpoints, then every lease is handed back.
    for (const r of running.values()) r.controller.abort('shutdown');
    await Promise.all([...running.values()].map((r) => r.done));
    await coordinator.stop();
    await metrics?.close();
  }
  if (failure !== undefined) throw failure;
  const s = coordinator.stats();
  return {
    mode: 'leased',
    workerId: config.workerId,
    shards,
    shardsProcessed: Object.keys(shards).sort(),
    leases: { held: s.held, taken: s.taken, stolen: s.stolen, lost: s.lost, released: s.released },
    records: Object.values(shards).reduce((t, p) => t + p.records, 0),
    partsWritten: Object.values(shards).reduce((t, p) => t + p.partsWritten, 0),
    documentWrites: Object.values(shards).reduce((t, p) => t + p.partsStored + p.mergedWrites, 0),
    deadLetters: deadLetters.count,
    elapsedMs: Date.now() - started,
  };
}

/** Every listed shard has a lease, and every lease is at `SHARD_END` or at the end of its input. */
async function allProcessed(table: LeaseTable, config: LeasedWorkerConfig): Promise<boolean> {
  const leases = new Map((await table.listLeases()).map((l) => [l.leaseKey, l]));
  const listed = await listShards(config);
  return listed.every((s) => {
    const l = leases.get(s.ShardId!);
    return l !== undefined && (l.checkpoint === SHARD_END || l.endOfInput);
  });
}

async function listShards(
  config: Pick<LeasedWorkerConfig, 'kinesis' | 'streamName'>,
): Promise<Shard[]> {
  const shards: Shard[] = [];
  let NextToken: string | undefined;
  do {
    const page = await config.kinesis.send(
      new ListShardsCommand(NextToken ? { NextToken } : { StreamName: config.streamName }),
    );
    shards.push(...(page.Shards ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return shards;
}

function toShardDescriptions(shards: readonly Shard[]) {
  return shards.map((s) => ({
    shardId: s.ShardId!,
    parentShardIds: [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => !!p),
  }));
}
