import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  checkWritable,
  cliMain,
  durationArg,
  endpointArg,
  integerArg,
  kinesisEndpointOption,
  localCredentials,
  redact,
  regionOption,
  streamOption,
  tagComponent,
  type CliIo,
} from '@tripstream/cli-support';
import { parseDuration } from '@tripstream/rx-event-time';
import { formatInstant, parseInstant } from '@tripstream/trip-schema';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import {
  ReplayError,
  explain,
  runReplay,
  type ReplayConfig,
  type ReplayProgress,
} from './replay.js';

const int = (flag: string, min = 0) => integerArg(flag, min);
const duration = (flag: string) => durationArg(flag, parseDuration);

export function buildProgram(): Command {
  return new Command('replay')
    .description(
      'Replay NYC taxi trips (wire JSON lines) from a file, a folder or S3 into a Kinesis stream, as if they were happening now, with watermarks in every shard.',
    )
    .requiredOption(
      '--input <path|s3://bucket/prefix>',
      'a .jsonl/.jsonl.gz/.lz4 file, a folder of them (name order), or s3://bucket/prefix (key order)',
    )
    .addOption(streamOption('Kinesis stream name').makeOptionMandatory())
    .addOption(regionOption())
    .addOption(kinesisEndpointOption())
    .option(
      '--s3-endpoint <url>',
      'S3 endpoint for s3:// input, e.g. a local s3rver (path-style)',
      endpointArg('--s3-endpoint'),
    )
    .option('--create-stream', 'create the stream if it does not exist (for local use)', false)
    .option('--shards <n>', 'shard count for --create-stream', int('--shards', 1), 4)
    .addOption(
      new Option(
        '--speedup <n|max>',
        'event time runs n times faster than wall time; max = as fast as Kinesis takes it',
      )
        .default(3600)
        .argParser((v) => {
          if (v === 'max') return Infinity;
          const n = Number(v);
          if (!(n > 0))
            throw new InvalidArgumentError(
              `--speedup wants a positive number or "max", got "${v}"`,
            );
          return n;
        }),
    )
    .addOption(
      new Option(
        '--adapt-time <mode>',
        'rewrite event times: keep them (original), shift them to start now (invocation), or stamp them when sent (ingestion)',
      )
        .choices(['original', 'invocation', 'ingestion'])
        .default('original'),
    )
    .option('--seek <ISO>', 'skip trips with event time before this instant', (v) => {
      try {
        return parseInstant(v);
      } catch {
        throw new InvalidArgumentError(`--seek wants an ISO-8601 instant, got "${v}"`);
      }
    })
    .addOption(
      new Option('--timestamp-attribute <field>', 'the trip field that is the event time')
        .choices(['dropoff_datetime', 'pickup_datetime'])
        .default('dropoff_datetime'),
    )
    .addOption(
      new Option(
        '--partition-key <mode>',
        'random spreads evenly; trip_id; pickup-cell keeps each geohash-6 pickup cell on one shard (needed by processor --worker i/n)',
      )
        .choices(['random', 'trip_id', 'pickup-cell'])
        .default('random'),
    )
    .option(
      '--watermark-interval <duration>',
      'wall time between watermark rounds',
      duration('--watermark-interval'),
      5000,
    )
    .option('--no-watermarks', 'write no watermark events')
    .option(
      '--no-final-watermark',
      'do not write the end-of-stream watermark (+infinity) at the end',
    )
    .option(
      '--max-out-of-orderness <duration>',
      'declared out-of-orderness of the input; 0 = sorted by event time',
      duration('--max-out-of-orderness'),
      0,
    )
    .option('--aggregate', 'KPL-compatible record aggregation', false)
    .option(
      '--no-pacing',
      'do not pace per shard at the Kinesis write limits (rely on throttling and retries)',
    )
    .option(
      '--max-bad <n>',
      'bad input lines tolerated (reported either way); one more fails the replay',
      int('--max-bad'),
    )
    .option('--summary <file>', 'also write the final summary as JSON to this file')
    .option('--quiet', 'no progress output', false);
}

interface Flags {
  input: string;
  stream: string;
  region: string;
  kinesisEndpoint?: string;
  s3Endpoint?: string;
  createStream: boolean;
  shards: number;
  speedup: number;
  adaptTime: ReplayConfig['adaptTime'];
  seek?: number;
  timestampAttribute: ReplayConfig['timestampAttribute'];
  partitionKey: ReplayConfig['partitionKey'];
  watermarkInterval: number;
  watermarks: boolean;
  finalWatermark: boolean;
  maxOutOfOrderness: number;
  aggregate: boolean;
  pacing: boolean;
  maxBad?: number;
  summary?: string;
  quiet: boolean;
}

export type { CliIo };

/** Runs the replay CLI with `argv` (without `node script`); resolves with the exit code. */
export const main = cliMain<Flags>({
  program: buildProgram,
  moduleUrl: import.meta.url,
  run: (flags, { io }) => replay(flags, io),
});

async function replay(flags: Flags, io: CliIo): Promise<number> {
  // Before anything is read or sent: a summary that cannot be written is a bad flag.
  if (flags.summary) await checkWritable(flags.summary, { flag: '--summary' });
  const kinesis = tagComponent(
    new KinesisClient({
      region: flags.region,
      endpoint: flags.kinesisEndpoint,
      // Local endpoints get dummy credentials, so a fresh machine needs no AWS set-up.
      credentials: localCredentials(flags.kinesisEndpoint),
      // One attempt per call: the producer retries per entry with its own backoff.
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
    }),
    'Kinesis',
  );
  const s3 = flags.input.startsWith('s3://')
    ? tagComponent(
        new S3Client({
          region: flags.region,
          endpoint: flags.s3Endpoint,
          forcePathStyle: Boolean(flags.s3Endpoint),
          credentials:
            flags.s3Endpoint && !process.env.AWS_ACCESS_KEY_ID
              ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
              : undefined,
        }),
        'S3',
      )
    : undefined;
  const log = (line: string) => io.err.write(`${line}\n`);
  try {
    if (flags.createStream) await createStream(kinesis, flags.stream, flags.shards, log);
    const tty = Boolean(io.err.isTTY);
    let lastLog = 0;
    const onProgress = (p: ReplayProgress) => {
      if (flags.quiet) return;
      const m = p.metrics;
      const line =
        `replay: ${p.trips} trips, ${m ? Math.round(m.recordsPerSecond) : 0} ev/s, ` +
        `${m ? (m.bytesPerSecond / 1024 / 1024).toFixed(2) : '0.00'} MB/s, lag ${(p.lagMs / 1000).toFixed(1)} s, ` +
        `retries ${m?.retries ?? 0}, throttles ${m?.throttles ?? 0}, in flight ${m?.inFlightRecords ?? 0}, bad ${p.badLines}` +
        (p.eventTimeMs ? `, at ${formatInstant(p.eventTimeMs)}` : '');
      if (tty) io.err.write(`\r${line}\x1b[K`);
      // In a log, a line of zeros before the first trip says nothing (and hid errors after it).
      else if (p.trips + p.badLines > 0 && Date.now() - lastLog >= 5_000) {
        lastLog = Date.now();
        log(line);
      }
    };
    const summary = await runReplay(
      {
        input: flags.input,
        stream: flags.stream,
        speedup: flags.speedup,
        adaptTime: flags.adaptTime,
        seekMs: flags.seek,
        timestampAttribute: flags.timestampAttribute,
        partitionKey: flags.partitionKey,
        watermarkIntervalMs: flags.watermarkInterval,
        watermarks: flags.watermarks,
        finalWatermark: flags.finalWatermark,
        aggregate: flags.aggregate,
        maxBad: flags.maxBad ?? Infinity,
        maxOutOfOrdernessMs: flags.maxOutOfOrderness,
        pacing: flags.pacing,
      },
      { kinesis, s3, onProgress },
    );
    if (tty && !flags.quiet) io.err.write('\n');
    for (const b of summary.firstBadLines)
      log(`bad line ${b.source}:${b.line}: ${b.field ? `${b.field}: ` : ''}${b.reason}`);
    log(
      `replay: done: ${summary.trips} trips (${summary.skippedBySeek} skipped by --seek, ${summary.badLines} bad lines, ${summary.outOfOrder} out of order) ` +
        `into ${summary.shards} shards in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${summary.eventsPerSecond} ev/s, ${summary.megabytesPerSecond} MB/s, ` +
        `${summary.retries} retries, ${summary.throttles} throttles, ${summary.watermarksWritten} watermarks`,
    );
    io.out.write(`${JSON.stringify(summary)}\n`);
    if (flags.summary) await writeFile(flags.summary, `${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (err) {
    const summary = err instanceof ReplayError ? err.summary : undefined;
    if (summary?.resumeSeek)
      log(
        `replay: every trip up to ${summary.acknowledgedThrough} was acknowledged; resume with --seek ${summary.resumeSeek}`,
      );
    if (summary && flags.summary)
      await writeFile(
        flags.summary,
        `${JSON.stringify({ ...summary, error: redact((err as Error).message) }, null, 2)}\n`,
      );
    // runCli prints one line naming the component (tagged clients), exit 1.
    throw err instanceof ReplayError ? err : new ReplayErrorLike(explain(err, flags), err);
  } finally {
    kinesis.destroy();
    s3?.destroy();
  }
}

/** A failure outside `runReplay` (e.g. creating the stream), explained the same way. */
class ReplayErrorLike extends Error {
  override name = 'ReplayFailure';
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

async function createStream(
  kinesis: KinesisClient,
  stream: string,
  shards: number,
  log: (l: string) => void,
) {
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
    log(`replay: created stream ${stream} with ${shards} shards`);
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
    log(`replay: stream ${stream} exists; using it`);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { StreamDescriptionSummary: s } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: stream }),
    );
    if (s?.StreamStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`stream ${stream} is still ${s?.StreamStatus} after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
