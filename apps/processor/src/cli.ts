import { KinesisClient } from '@aws-sdk/client-kinesis';
import { parseWorker, type StartPosition } from '@tripstream/kinesis-source';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parseDuration } from '@tripstream/rx-event-time';
import {
  UsageError,
  checkWritable,
  cliMain,
  durationArg,
  endpointArg,
  integerArg,
  isLoopbackEndpoint,
  kinesisEndpointOption,
  localCredentials,
  readCallsPerShardOption,
  readMibPerShardOption,
  regionOption,
  startPositionArg,
  startPositionOption,
  streamOption,
  tagComponent,
  type CliIo,
} from '@tripstream/cli-support';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { CheckpointMismatchError } from './checkpoint-identity.js';
import {
  DEFAULT_MAX_EVENT_TIME_AHEAD_MS,
  DEFAULT_MIN_EVENT_TIME_MS,
} from '@tripstream/reference-job';
import { parseInstant } from '@tripstream/trip-schema';
import { addLeaseOptions, runLeasedFromFlags, type LeaseFlags } from './leased/lease-flags.js';
import { runProcessor, type ProcessorConfig } from './run-processor.js';
import { NdjsonSink, OpenSearchSink, TeeSink, type DocumentSink } from './sinks.js';

const duration = (flag: string) => durationArg(flag, parseDuration);
const int = (flag: string, min: number, max?: number) => integerArg(flag, min, max);

/** Reads a `--start-position` value: trim-horizon, latest or at-timestamp:<ISO>. */
export const parseStartPosition: (v: string) => StartPosition = startPositionArg(parseInstant);

export function buildProgram(): Command {
  return new Command('processor')
    .description(
      'The reference taxi analytics job: reads every shard of a Kinesis stream (or a file), combines per-shard watermarks, computes pickups per geohash cell and trip durations to JFK/LGA per event-time window, and writes the results to OpenSearch (or a file).',
    )
    .addOption(streamOption('Kinesis stream to read (Kinesis mode)'))
    .addOption(regionOption())
    .addOption(kinesisEndpointOption())
    .addOption(
      startPositionOption(
        'where shards without a checkpoint start: trim-horizon, latest or at-timestamp:<ISO>',
        parseInstant,
      ),
    )
    .option(
      '--input <file|->',
      'file mode: read wire JSON lines (plain or gzip) from a file or stdin instead of Kinesis',
    )
    .option(
      '--output <file|->',
      'also (or instead of OpenSearch) write one line {"index","id","doc"} per document',
    )
    .option(
      '--opensearch-endpoint <url>',
      'OpenSearch endpoint to write to',
      endpointArg('--opensearch-endpoint'),
    )
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
      'serve Prometheus metrics on /metrics and health on /health (0: any free port)',
      int('--metrics-port', 0, 65535),
    )
    .option(
      '--metrics-host <host>',
      'address the metrics server listens on; 0.0.0.0 lets a scraper outside the host or container in',
      '127.0.0.1',
    )
    .option(
      '--dead-letter-file <file>',
      'JSON lines of undecodable records, late records and refused documents',
      'dead-letters.ndjson',
    )
    .option('--summary <file>', 'also write the final summary as JSON to this file')
    .addOption(readCallsPerShardOption())
    .addOption(readMibPerShardOption())
    .addOption(
      new Option(
        '--timestamp-attribute <field>',
        'the trip field that is the event time; the replay must use the same',
      )
        .choices(['dropoff_datetime', 'pickup_datetime'])
        .default('dropoff_datetime'),
    )
    .addOption(
      new Option(
        '--min-event-time <ISO>',
        'trips and watermarks dated before this are dead-lettered as out of range',
      )
        .default(DEFAULT_MIN_EVENT_TIME_MS, '2000-01-01T00:00:00.000Z')
        .argParser((v: string) => {
          try {
            return parseInstant(v);
          } catch {
            throw new InvalidArgumentError(
              `--min-event-time wants an ISO-8601 instant, got "${v}"`,
            );
          }
        }),
    )
    .addOption(
      new Option(
        '--max-event-time-ahead <duration>',
        'trips and watermarks dated further than this ahead of the wall clock are dead-lettered as out of range',
      )
        .default(DEFAULT_MAX_EVENT_TIME_AHEAD_MS, '1d')
        .argParser(duration('--max-event-time-ahead')),
    )
    .option(
      '--dedup-horizon <duration>',
      'drop trips whose trip_id was seen within this much event time (default: window + allowed lateness + out-of-orderness)',
      duration('--dedup-horizon'),
    )
    .option('--no-dedup', 'keep trips whose trip_id was already seen')
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
  metricsHost: string;
  deadLetterFile: string;
  summary?: string;
  pollInterval?: number;
  timestampAttribute: 'dropoff_datetime' | 'pickup_datetime';
  minEventTime: number;
  maxEventTimeAhead: number;
  dedupHorizon?: number;
  dedup: boolean;
  readCallsPerShard: number;
  readMibPerShard: number;
}

export type { CliIo };

/** Runs the processor CLI with `argv` (without `node script`); resolves with the exit code. */
export const main = cliMain<Flags & LeaseFlags>({
  program: () => addLeaseOptions(buildProgram()),
  moduleUrl: import.meta.url,
  run: (flags, { io, signal }) => processor(flags, io, signal),
});

async function processor(f: Flags & LeaseFlags, io: CliIo, signal?: AbortSignal): Promise<number> {
  const log = (l: string) => io.err.write(`${l}\n`);
  if (f.leaseTable) return runLeasedFromFlags(f, log, io.out, signal);
  if (!f.stream && !f.input)
    throw new UsageError('give --stream (Kinesis mode) or --input (file mode)');
  if (f.stream && f.input) throw new UsageError('--stream and --input exclude each other');
  if (!f.output && !f.opensearchEndpoint)
    throw new UsageError('give --opensearch-endpoint, --output, or both');
  if (f.output === '-' && f.input === '-')
    throw new UsageError('--input - and --output - cannot both be stdin/stdout');
  const plainHttp = f.opensearchEndpoint && new URL(f.opensearchEndpoint).protocol !== 'https:';
  if (f.sigv4 && plainHttp && !isLoopbackEndpoint(f.opensearchEndpoint))
    throw new UsageError(
      '--sigv4 over plain http:// would send the signature and session token in clear text: use https:// (or a loopback host)',
      '--sigv4',
    );
  // Every place the run writes is proven writable before anything is read or written.
  if (f.output) await checkWritable(f.output, { flag: '--output' });
  if (f.summary) await checkWritable(f.summary, { flag: '--summary' });
  await checkWritable(f.deadLetterFile, { flag: '--dead-letter-file' });
  if (f.checkpointDir)
    await checkWritable(f.checkpointDir, { flag: '--checkpoint-dir', kind: 'dir' });
  let worker: { index: number; count: number } | undefined;
  if (f.worker) {
    try {
      const w = parseWorker(f.worker);
      worker = { index: w.worker, count: w.workers };
    } catch (err) {
      throw new UsageError(`--worker: ${(err as Error).message}`, '--worker', { cause: err });
    }
  }
  const sinks: DocumentSink[] = [];
  if (f.output) sinks.push(new NdjsonSink(f.output, f.indexPrefix));
  if (f.opensearchEndpoint) {
    let sink: OpenSearchSink;
    try {
      sink = new OpenSearchSink({
        node: f.opensearchEndpoint,
        sigv4: f.sigv4 ? { region: f.region, service: 'es' } : undefined,
        indexPrefix: f.indexPrefix,
        deadLetterFile: f.deadLetterFile,
        maxAttempts: f.opensearchMaxAttempts,
      });
    } catch (err) {
      // e.g. --sigv4 over plain http:// to a non-loopback host
      throw new UsageError(
        `--opensearch-endpoint: ${(err as Error).message}`,
        '--opensearch-endpoint',
        {
          cause: err,
        },
      );
    }
    sinks.push(tagComponent(sink, 'OpenSearch'));
  }
  const sink = sinks.length === 1 ? sinks[0] : new TeeSink(sinks);
  const kinesis = f.stream
    ? tagComponent(
        new KinesisClient({
          region: f.region,
          endpoint: f.kinesisEndpoint,
          credentials: localCredentials(f.kinesisEndpoint),
          requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
        }),
        'Kinesis',
      )
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
    timestampAttribute: f.timestampAttribute,
    eventTimeRange: { minMs: f.minEventTime, maxAheadMs: f.maxEventTimeAhead },
    dedupHorizonMs: f.dedup ? f.dedupHorizon : false,
    idleTimeoutMs: f.idleTimeout,
    checkpointDir: f.checkpointDir,
    checkpointIntervalMs: f.checkpointInterval,
    exitAtEnd: f.exitAtEnd,
    metricsPort: f.metricsPort,
    metricsHost: f.metricsHost,
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
        `${summary.undecodable} undecodable, ${summary.outOfRange} out of range, ${summary.duplicates} duplicates, ${summary.late} late; ${summary.windowsFired} windows fired; documents: ` +
        `pickup_count ${summary.documentsByIndex.pickup_count}, trip_duration ${summary.documentsByIndex.trip_duration}; ` +
        `${summary.deadLetters} dead letters; ${summary.eventsPerSecond} events/s in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    );
    if (f.output !== '-') io.out.write(`${JSON.stringify(summary)}\n`);
    if (f.summary) await writeFile(f.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (err) {
    await sink.close().catch(() => {});
    // A checkpoint of another stream or job is a usage error (exit 2), named by its file.
    if (err instanceof CheckpointMismatchError) {
      log(`processor: ${err.message}`);
      return 2;
    }
    throw err; // runCli prints one line naming the component at fault, exit 1
  } finally {
    kinesis?.destroy();
  }
}
