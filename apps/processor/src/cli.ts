import { KinesisClient } from '@aws-sdk/client-kinesis';
import { parseWorker, type StartPosition } from '@tripstream/kinesis-source';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parseDuration } from '@tripstream/rx-event-time';
import { Command, InvalidArgumentError } from 'commander';
import { writeFile } from 'node:fs/promises';
import { addLeaseOptions, runLeasedFromFlags, type LeaseFlags } from './leased/lease-flags.js';
import { runProcessor, type ProcessorConfig } from './run-processor.js';
import { NdjsonSink, OpenSearchSink, TeeSink, type DocumentSink } from './sinks.js';

const duration = (flag: string) => (v: string) => {
  try {
    return parseDuration(v, flag);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};
const int =
  (flag: string, min: number, max = Infinity) =>
  (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        `${flag} wants a whole number in [${min}, ${max}], got "${v}"`,
      );
    return n;
  };

export function parseStartPosition(v: string): StartPosition {
  if (v === 'trim-horizon') return { type: 'TRIM_HORIZON' };
  if (v === 'latest') return { type: 'LATEST' };
  const m = /^at-timestamp:(.+)$/.exec(v);
  if (m && !Number.isNaN(Date.parse(m[1])))
    return { type: 'AT_TIMESTAMP', timestamp: Date.parse(m[1]) };
  throw new InvalidArgumentError(
    `--start-position wants trim-horizon, latest or at-timestamp:<ISO>, got "${v}"`,
  );
}

export function buildProgram(): Command {
  return new Command('processor')
    .description(
      'The reference taxi analytics job: reads every shard of a Kinesis stream (or a file), combines per-shard watermarks, computes pickups per geohash cell and trip durations to JFK/LGA per event-time window, and writes the results to OpenSearch (or a file).',
    )
    .option('--stream <name>', 'Kinesis stream to read (Kinesis mode)')
    .option('--region <region>', 'AWS region', process.env.AWS_REGION ?? 'us-east-1')
    .option('--kinesis-endpoint <url>', 'Kinesis endpoint, e.g. a local kinesalite (default: AWS)')
    .option(
      '--start-position <pos>',
      'where shards without a checkpoint start: trim-horizon, latest or at-timestamp:<ISO>',
      parseStartPosition,
      { type: 'TRIM_HORIZON' } as StartPosition,
    )
    .option(
      '--input <file|->',
      'file mode: read wire JSON lines (plain or gzip) from a file or stdin instead of Kinesis',
    )
    .option(
      '--output <file|->',
      'also (or instead of OpenSearch) write one line {"index","id","doc"} per document',
    )
    .option('--opensearch-endpoint <url>', 'OpenSearch endpoint to write to')
    .option(
      '--sigv4',
      'sign OpenSearch requests with SigV4 (Amazon OpenSearch Service, service es)',
      false,
    )
    .option(
      '--opensearch-max-attempts <n>',
      'sends per bulk request or document before the processor gives up (backoff up to 10 s each)',
      int('--opensearch-max-attempts', 1),
      20,
    )
    .option(
      '--index-prefix <prefix>',
      'prepended to the index names pickup_count and trip_duration',
      '',
    )
    .option('--window <duration>', 'tumbling window size', duration('--window'), 3_600_000)
    .option(
      '--allowed-lateness <duration>',
      'how long after firing a window still takes late trips (re-fired as an update)',
      duration('--allowed-lateness'),
      0,
    )
    .option(
      '--out-of-orderness <duration>',
      'bounded out-of-orderness watermarks, for streams that carry no watermark events (default: use the watermark events)',
      duration('--out-of-orderness'),
    )
    .option(
      '--idle-timeout <duration>',
      'a shard silent this long stops holding the watermark back',
      duration('--idle-timeout'),
      30_000,
    )
    .option(
      '--pickup-precision <n>',
      'geohash precision of pickup_count cells',
      int('--pickup-precision', 1, 12),
      7,
    )
    .option(
      '--duration-precision <n>',
      'geohash precision of trip_duration cells',
      int('--duration-precision', 1, 12),
      6,
    )
    .option(
      '--min-trips <n>',
      'trip_duration documents need at least this many trips in the window',
      int('--min-trips', 1),
      2,
    )
    .option('--checkpoint-dir <dir>', 'write checkpoints here and resume from the newest on start')
    .option(
      '--checkpoint-interval <duration>',
      'time between checkpoints',
      duration('--checkpoint-interval'),
      10_000,
    )
    .option(
      '--exit-at-end',
      'exit 0 once the end-of-stream watermark arrived on every shard and the sink has flushed',
      false,
    )
    .option(
      '--worker <i/n>',
      'read only the shards assigned to worker i of n (0-based); needs a replay with --partition-key pickup-cell',
    )
    .option(
      '--metrics-port <port>',
      'serve Prometheus metrics on /metrics and health on /health (127.0.0.1)',
      int('--metrics-port', 0, 65535),
    )
    .option(
      '--dead-letter-file <file>',
      'JSON lines of undecodable records, late records and refused documents',
      'dead-letters.ndjson',
    )
    .option('--summary <file>', 'also write the final summary as JSON to this file')
    .option(
      '--read-calls-per-shard <n>',
      'GetRecords calls per second per shard (the Kinesis limit is 5; raise it only for kinesalite)',
      int('--read-calls-per-shard', 1),
      5,
    )
    .option(
      '--read-mib-per-shard <n>',
      'MiB read per second per shard (the Kinesis limit is 2; raise it only for kinesalite)',
      int('--read-mib-per-shard', 1),
      2,
    )
    .option(
      '--poll-interval <duration>',
      'wait between GetRecords calls on a shard that has caught up (5 calls/s per shard is the Kinesis limit)',
      duration('--poll-interval'),
      200,
    );
}

interface Flags {
  stream?: string;
  region: string;
  kinesisEndpoint?: string;
  startPosition: StartPosition;
  input?: string;
  output?: string;
  opensearchEndpoint?: string;
  opensearchMaxAttempts: number;
  sigv4: boolean;
  indexPrefix: string;
  window: number;
  allowedLateness: number;
  outOfOrderness?: number;
  idleTimeout: number;
  pickupPrecision: number;
  durationPrecision: number;
  minTrips: number;
  checkpointDir?: string;
  checkpointInterval: number;
  exitAtEnd: boolean;
  worker?: string;
  metricsPort?: number;
  deadLetterFile: string;
  summary?: string;
  pollInterval?: number;
  readCallsPerShard: number;
  readMibPerShard: number;
}

export interface CliIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
}

export async function main(
  argv: string[],
  io: CliIo = { out: process.stdout, err: process.stderr },
  signal?: AbortSignal,
): Promise<number> {
  const program = addLeaseOptions(buildProgram())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    const e = err as { exitCode?: number; code?: string };
    return e.code === 'commander.helpDisplayed' ? 0 : (e.exitCode ?? 2);
  }
  const f = program.opts<Flags & LeaseFlags>();
  const log = (l: string) => io.err.write(`${l}\n`);
  const usage = (msg: string) => {
    log(`processor: ${msg} (see --help)`);
    return 2;
  };
  if (f.leaseTable) return runLeasedFromFlags(f, log, io.out, signal);
  if (!f.stream && !f.input) return usage('give --stream (Kinesis mode) or --input (file mode)');
  if (f.stream && f.input) return usage('--stream and --input exclude each other');
  if (!f.output && !f.opensearchEndpoint)
    return usage('give --opensearch-endpoint, --output, or both');
  if (f.output === '-' && f.input === '-')
    return usage('--input - and --output - cannot both be stdin/stdout');
  let worker: { index: number; count: number } | undefined;
  if (f.worker) {
    try {
      const w = parseWorker(f.worker);
      worker = { index: w.worker, count: w.workers };
    } catch (err) {
      return usage(`--worker: ${(err as Error).message}`);
    }
  }
  const sinks: DocumentSink[] = [];
  if (f.output) sinks.push(new NdjsonSink(f.output, f.indexPrefix));
  if (f.opensearchEndpoint) {
    sinks.push(
      new OpenSearchSink({
        node: f.opensearchEndpoint,
        sigv4: f.sigv4 ? { region: f.region, service: 'es' } : undefined,
        indexPrefix: f.indexPrefix,
        deadLetterFile: f.deadLetterFile,
        maxAttempts: f.opensearchMaxAttempts,
      }),
    );
  }
  const sink = sinks.length === 1 ? sinks[0] : new TeeSink(sinks);
  const local =
    f.kinesisEndpoint &&
    /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/.test(f.kinesisEndpoint);
  const kinesis = f.stream
    ? new KinesisClient({
        region: f.region,
        endpoint: f.kinesisEndpoint,
        credentials:
          local && !process.env.AWS_ACCESS_KEY_ID
            ? { accessKeyId: 'local', secretAccessKey: 'local' }
            : undefined,
        requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
      })
    : undefined;
  const config: ProcessorConfig = {
    job: {
      windowMs: f.window,
      allowedLatenessMs: f.allowedLateness,
      pickupPrecision: f.pickupPrecision,
      durationPrecision: f.durationPrecision,
      minTripsForDuration: f.minTrips,
    },
    outOfOrdernessMs: f.outOfOrderness,
    idleTimeoutMs: f.idleTimeout,
    checkpointDir: f.checkpointDir,
    checkpointIntervalMs: f.checkpointInterval,
    exitAtEnd: f.exitAtEnd,
    metricsPort: f.metricsPort,
    deadLetterFile: f.deadLetterFile,
    input: f.input,
    kinesis: kinesis
      ? {
          client: kinesis,
          stream: f.stream!,
          startPosition: f.startPosition,
          worker,
          idlePollIntervalMs: f.pollInterval,
          maxCallsPerSecondPerShard: f.readCallsPerShard,
          maxBytesPerSecondPerShard: f.readMibPerShard * 1024 * 1024,
        }
      : undefined,
  };
  try {
    const summary = await runProcessor(config, { sink, log, signal });
    await sink.close();
    log(
      `processor: done: ${summary.records} records, ${summary.kept} trips kept, ${Object.values(summary.invalid).reduce((a, b) => a + b, 0)} invalid, ` +
        `${summary.undecodable} undecodable, ${summary.late} late; ${summary.windowsFired} windows fired; documents: ` +
        `pickup_count ${summary.documentsByIndex.pickup_count}, trip_duration ${summary.documentsByIndex.trip_duration}; ` +
        `${summary.deadLetters} dead letters; ${summary.eventsPerSecond} events/s in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    );
    if (f.output !== '-') io.out.write(`${JSON.stringify(summary)}\n`);
    if (f.summary) await writeFile(f.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (err) {
    log(`processor: failed: ${err instanceof Error ? err.message : String(err)}`);
    await sink.close().catch(() => {});
    return 1;
  } finally {
    kinesis?.destroy();
  }
}
