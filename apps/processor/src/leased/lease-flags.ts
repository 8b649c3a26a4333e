import { hostname } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3StateStore, parseS3Uri } from '@tripstream/kinesis-leases/s3';
import { createOpenSearchClient } from '@tripstream/opensearch-sink';
import { parseDuration } from '@tripstream/rx-event-time';
import { durationArg, localCredentials } from '@tripstream/cli-support';
import type { Command } from 'commander';
import { runLeasedWorker } from './run-leased-worker.js';

/** The flags of the leased mode (the others are shared with the single-processor mode). */
export interface LeaseFlags {
  leaseTable?: string;
  dynamodbEndpoint?: string;
  workerId?: string;
  stateUri?: string;
  s3Endpoint?: string;
  failoverTime: number;
  takeInterval?: number;
}

/** The shared flags the leased mode reads. */
interface SharedFlags {
  stream?: string;
  region: string;
  kinesisEndpoint?: string;
  input?: string;
  opensearchEndpoint?: string;
  sigv4: boolean;
  indexPrefix: string;
  window: number;
  allowedLateness: number;
  outOfOrderness?: number;
  pickupPrecision: number;
  durationPrecision: number;
  minTrips: number;
  checkpointInterval: number;
  exitAtEnd: boolean;
  metricsPort?: number;
  metricsHost?: string;
  deadLetterFile: string;
  summary?: string;
  pollInterval?: number;
  readCallsPerShard: number;
  readMibPerShard: number;
}

const duration = (flag: string) => durationArg(flag, parseDuration);

/** Adds the leased mode's flags to the processor's command. */
export function addLeaseOptions(program: Command): Command {
  return program
    .option(
      '--lease-table <name>',
      'leased mode: share the stream with other processors through this DynamoDB lease table (the KCL protocol)',
    )
    .option('--dynamodb-endpoint <url>', 'DynamoDB endpoint, e.g. a local dynalite (default: AWS)')
    .option('--worker-id <id>', 'this worker in the lease table (default: <host>:<pid>)')
    .option(
      '--state-uri <s3://bucket/prefix>',
      "leased mode: where each shard's window state is saved with its checkpoint",
    )
    .option(
      '--s3-endpoint <url>',
      'S3 endpoint for --state-uri, e.g. a local s3rver (default: AWS)',
    )
    .option(
      '--failover-time <duration>',
      'leased mode: a lease unrenewed this long is taken over by another worker (KCL failoverTimeMillis)',
      duration('--failover-time'),
      10_000,
    )
    .option(
      '--take-interval <duration>',
      'leased mode: time between lease taker passes (default: 2 x --failover-time, as the KCL)',
      duration('--take-interval'),
    );
}

/**
 * Runs the leased mode from parsed flags; returns the exit code (2 for bad flags). The clients
 * it builds are destroyed before it returns.
 */
export async function runLeasedFromFlags(
  f: LeaseFlags & SharedFlags,
  log: (line: string) => void,
  out: { write(s: string): unknown },
  signal?: AbortSignal,
): Promise<number> {
  const usage = (msg: string) => {
    log(`processor: ${msg} (see --help)`);
    return 2;
  };
  if (!f.stream || f.input)
    return usage('--lease-table needs --stream (Kinesis mode), not --input');
  if (!f.opensearchEndpoint)
    return usage('--lease-table needs --opensearch-endpoint (parts are merged there)');
  if (!f.stateUri) return usage('--lease-table needs --state-uri s3://bucket/prefix');
  let state: { bucket: string; prefix: string };
  try {
    state = parseS3Uri(f.stateUri);
  } catch (err) {
    return usage(`--state-uri: ${(err as Error).message}`);
  }
  const kinesis = new KinesisClient({
    region: f.region,
    endpoint: f.kinesisEndpoint,
    credentials: localCredentials(f.kinesisEndpoint),
    // kinesalite speaks HTTP/1.1 only.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
  });
  const dynamodb = new DynamoDBClient({
    region: f.region,
    endpoint: f.dynamodbEndpoint,
    credentials: localCredentials(f.dynamodbEndpoint),
  });
  const s3 = new S3Client({
    region: f.region,
    endpoint: f.s3Endpoint,
    forcePathStyle: f.s3Endpoint !== undefined,
    credentials: localCredentials(f.s3Endpoint, 'S3RVER'),
  });
  const opensearch = createOpenSearchClient({
    node: f.opensearchEndpoint,
    ...(f.sigv4 ? { sigv4: { region: f.region, service: 'es' as const } } : {}),
  });
  // Lease events are about timing: stamp each line with the seconds since start.
  const t0 = Date.now();
  const stamped = (line: string) => log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
  try {
    const summary = await runLeasedWorker({
      kinesis,
      streamName: f.stream,
      dynamodb,
      leaseTable: f.leaseTable!,
      workerId: f.workerId ?? `${hostname()}:${process.pid}`,
      failoverTimeMs: f.failoverTime,
      takeIntervalMs: f.takeInterval ?? 2 * f.failoverTime,
      store: createS3StateStore({ client: s3, ...state }),
      opensearch,
      indexPrefix: f.indexPrefix,
      job: {
        windowMs: f.window,
        allowedLatenessMs: f.allowedLateness,
        pickupPrecision: f.pickupPrecision,
        durationPrecision: f.durationPrecision,
        minTripsForDuration: f.minTrips,
      },
      outOfOrdernessMs: f.outOfOrderness,
      checkpointIntervalMs: f.checkpointInterval,
      exitAtEnd: f.exitAtEnd,
      metricsPort: f.metricsPort,
      metricsHost: f.metricsHost,
      deadLetterFile: f.deadLetterFile,
      read: {
        idlePollIntervalMs: f.pollInterval,
        maxCallsPerSecondPerShard: f.readCallsPerShard,
        maxBytesPerSecondPerShard: f.readMibPerShard * 1024 * 1024,
      },
      log: stamped,
      signal,
    });
    log(
      `processor: done: worker ${summary.workerId} processed ${summary.shardsProcessed.join(', ') || 'no shard'}; ` +
        `${summary.records} records, ${summary.partsWritten} parts; leases taken ${summary.leases.taken} ` +
        `(stolen ${summary.leases.stolen}), lost ${summary.leases.lost}, released ${summary.leases.released}`,
    );
    out.write(`${JSON.stringify(summary)}\n`);
    if (f.summary) await writeFile(f.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (err) {
    log(`processor: failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    kinesis.destroy();
    dynamodb.destroy();
    s3.destroy();
    await opensearch.close().catch(() => {});
  }
}
