import { componentOf } from '@tripstream/cli-support';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  KinesisProducer,
  type ProducerMetrics,
  type ProducerRecord,
} from '@tripstream/kinesis-producer';
import {
  END_OF_STREAM_WATERMARK,
  decodeLines,
  encode,
  formatInstant,
  geohash,
  parseInstant,
  isWatermark,
  type SchemaError,
  type TripEvent,
} from '@tripstream/trip-schema';
import { systemClock, type Clock } from '@tripstream/support';
import { openInput } from './input.js';
import { Pacer, adaptTrip, type AdaptTime, type TimestampAttribute } from './time-adapter.js';

export type PartitionKeyMode = 'random' | 'trip_id' | 'pickup-cell';

/** What `replay` does, after flag parsing. Defaults are the CLI's (see `--help`). */
export interface ReplayConfig {
  /** A file, a folder, or `s3://bucket/prefix`. */
  input: string;
  stream: string;
  /** Event time runs this many times faster than wall time; `Infinity` sends as fast as Kinesis takes it. */
  speedup: number;
  adaptTime: AdaptTime;
  /** Skip trips whose event time is before this instant (ms). */
  seekMs?: number;
  timestampAttribute: TimestampAttribute;
  partitionKey: PartitionKeyMode;
  /** Watermark round every this many ms of wall time. */
  watermarkIntervalMs: number;
  watermarks: boolean;
  finalWatermark: boolean;
  aggregate: boolean;
  /** Bad lines tolerated; one more fails the replay. `Infinity` tolerates all (they are still reported). */
  maxBad: number;
  /** Declared out-of-orderness of the input (ms); 0 for input sorted by event time. */
  maxOutOfOrdernessMs: number;
  /** Per-shard pacing at the Kinesis write limits. */
  pacing: boolean;
}

export interface BadLine {
  source: string;
  line: number;
  field?: string;
  reason: string;
}

/** The replay's final figures (also written as JSON by `--summary`). */
export interface ReplaySummary {
  stream: string;
  input: string;
  trips: number;
  bytes: number;
  skippedBySeek: number;
  /** Watermark lines found in the input: not forwarded, the producer writes its own. */
  inputWatermarks: number;
  badLines: number;
  firstBadLines: BadLine[];
  outOfOrder: number;
  retries: number;
  throttles: number;
  watermarksWritten: number;
  shards: number;
  elapsedMs: number;
  eventsPerSecond: number;
  megabytesPerSecond: number;
  firstEventTime?: string;
  lastEventTime?: string;
  /**
   * Whether the end-of-stream watermark was written: only after every input line was read and
   * every trip acknowledged (and not with `--no-final-watermark`).
   */
  endOfStream: boolean;
  /**
   * A failed replay only: every trip with an (original) event time at or before this instant was
   * acknowledged by Kinesis. Resume with `--seek` at {@link resumeSeek}.
   */
  acknowledgedThrough?: string;
  /**
   * A failed replay only: the `--seek` value that resends everything that may be missing. Trips
   * at or after it that were already written arrive twice; the processor drops the copies.
   */
  resumeSeek?: string;
}

export interface ReplayProgress {
  trips: number;
  badLines: number;
  metrics?: ProducerMetrics;
  /** How far the replay is behind its schedule, in event time (ms). */
  lagMs: number;
  /** Event time of the latest trip sent. */
  eventTimeMs?: number;
}

/** Injected dependencies: clients and clock. */
export interface ReplayDeps {
  kinesis: KinesisClient;
  s3?: S3Client;
  /** Time and waits. Default: `systemClock` of `@tripstream/support` (tests: its `ManualClock`). */
  clock?: Pick<Clock, 'now' | 'sleep'>;
  /** Overrides `clock.now`, ms since the epoch. */
  now?: () => number;
  /** Overrides `clock.sleep`. */
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: ReplayProgress) => void;
}

/** The replay failed; `summary` holds what was done before. */
export class ReplayError extends Error {
  override name = 'ReplayError';
  constructor(
    message: string,
    readonly summary: ReplaySummary,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

interface TripRecord extends ProducerRecord {
  tripId: number;
  /** The trip's event time in the input, before `--adapt-time`: what `--seek` compares. */
  sourceMs: number;
}

const MAX_LISTED_BAD = 20;
const iso = formatInstant;

/** Replays trips from files or S3 into a Kinesis stream, paced, with watermarks in every shard. */
export async function runReplay(config: ReplayConfig, deps: ReplayDeps): Promise<ReplaySummary> {
  const clock = deps.clock ?? systemClock;
  const now = deps.now ?? (() => clock.now());
  const sleep = deps.sleep ?? ((ms: number) => clock.sleep(ms));
  const started = now();
  const summary: ReplaySummary = {
    stream: config.stream,
    input: config.input,
    trips: 0,
    bytes: 0,
    skippedBySeek: 0,
    inputWatermarks: 0,
    badLines: 0,
    firstBadLines: [],
    outOfOrder: 0,
    retries: 0,
    throttles: 0,
    watermarksWritten: 0,
    shards: 0,
    elapsedMs: 0,
    eventsPerSecond: 0,
    megabytesPerSecond: 0,
    endOfStream: false,
  };
  let lastMetrics: ProducerMetrics | undefined;
  let lagMs = 0;
  let lastEventMs: number | undefined;
  const shardsSeen = new Set<string>();
  // Source event times put but not yet acknowledged (time -> count), and the latest time read:
  // together they say from where a failed replay must be resumed.
  const unacknowledged = new Map<number, number>();
  let maxReadMs = -Infinity;
  const progress = () =>
    deps.onProgress?.({
      trips: summary.trips,
      badLines: summary.badLines,
      metrics: lastMetrics,
      lagMs,
      eventTimeMs: lastEventMs,
    });

  const producer = new KinesisProducer<TripRecord>({
    client: deps.kinesis,
    streamName: config.stream,
    pacing: config.pacing ? {} : false,
    aggregation: config.aggregate,
    watermark: config.watermarks
      ? {
          intervalMs: config.watermarkIntervalMs,
          final: config.finalWatermark,
          maxOutOfOrdernessMs: config.maxOutOfOrdernessMs,
          encode: (ms) =>
            encode(
              ms === Infinity
                ? END_OF_STREAM_WATERMARK
                : { type: 'watermark', watermark: formatInstant(ms) },
            ),
        }
      : false,
    onAcknowledge: (ack) => {
      shardsSeen.add(ack.shardId);
      if (ack.kind === 'watermark') {
        summary.watermarksWritten++;
        return;
      }
      const t = ack.record.sourceMs;
      const n = (unacknowledged.get(t) ?? 1) - 1;
      if (n > 0) unacknowledged.set(t, n);
      else unacknowledged.delete(t);
    },
    onOutOfOrder: () => {
      summary.outOfOrder++;
    },
    onMetrics: (m) => {
      lastMetrics = m;
      summary.retries = m.retries;
      summary.throttles = m.throttles;
      progress();
    },
  });

  const pacer = new Pacer(config.speedup, now, sleep);
  const finish = () => {
    summary.elapsedMs = now() - started;
    summary.shards = shardsSeen.size;
    const seconds = Math.max(summary.elapsedMs, 1) / 1000;
    summary.eventsPerSecond = Math.round(summary.trips / seconds);
    summary.megabytesPerSecond = +(summary.bytes / 1024 / 1024 / seconds).toFixed(3);
    return summary;
  };

  try {
    for await (const part of openInput(config.input, deps.s3)) {
      const onError = (err: SchemaError) => {
        summary.badLines++;
        if (summary.firstBadLines.length < MAX_LISTED_BAD) {
          summary.firstBadLines.push({
            source: part.name,
            line: err.lineNumber ?? 0,
            field: err.field,
            reason: err.reason,
          });
        }
        if (summary.badLines > config.maxBad) {
          throw new ReplayError(
            `${part.name}:${err.lineNumber}: more than --max-bad ${config.maxBad} bad lines (latest: ${err.message})`,
            finish(),
            err,
          );
        }
      };
      for await (const event of decodeLines(part.body, { onError, gzip: false })) {
        if (isWatermark(event)) {
          summary.inputWatermarks++;
          continue;
        }
        const eventMs = parseInstant(event[config.timestampAttribute]);
        if (config.seekMs !== undefined && eventMs < config.seekMs) {
          summary.skippedBySeek++;
          continue;
        }
        if (eventMs > maxReadMs) maxReadMs = eventMs;
        // While the pacer waits, the watermark may advance up to this trip (it is the next one).
        producer.advanceSourceTime(eventMs);
        lagMs = await pacer.waitFor(eventMs);
        const trip = adaptTrip(event, config.adaptTime, config.timestampAttribute, {
          firstEventMs: pacer.firstEventTimeMs!,
          startedAtMs: pacer.startedAtMs,
          nowMs: now(),
        });
        const data = encode(trip);
        const sentMs = parseInstant(trip[config.timestampAttribute]);
        unacknowledged.set(eventMs, (unacknowledged.get(eventMs) ?? 0) + 1);
        await producer.put({
          data,
          eventTime: sentMs,
          partitionKey: partitionKeyOf(trip, config.partitionKey),
          tripId: trip.trip_id,
          sourceMs: eventMs,
        });
        summary.trips++;
        summary.bytes += Buffer.byteLength(data);
        summary.firstEventTime ??= iso(sentMs);
        lastEventMs = sentMs;
      }
    }
    await producer.close();
    summary.endOfStream = config.watermarks && config.finalWatermark;
  } catch (err) {
    // A failed replay must not claim the end of the stream: settle what is in flight without
    // the final watermark, then say up to where everything was acknowledged.
    await producer.flush().catch(() => {});
    producer.destroy();
    const resume = resumePoint(unacknowledged, maxReadMs, config);
    if (resume !== undefined) {
      summary.resumeSeek = iso(resume);
      summary.acknowledgedThrough = iso(resume - 1);
    }
    if (lastEventMs !== undefined) summary.lastEventTime = iso(lastEventMs);
    if (err instanceof ReplayError) throw err;
    throw new ReplayError(explain(err, config), finish(), err);
  }
  if (lastEventMs !== undefined) summary.lastEventTime = iso(lastEventMs);
  progress();
  return finish();
}

/**
 * The earliest source event time that may not have reached Kinesis: the oldest trip still
 * unacknowledged, or a trip not read yet (no earlier than the latest read minus the declared
 * out-of-orderness). `undefined` when nothing was read at all (resume from the start).
 */
function resumePoint(
  unacknowledged: ReadonlyMap<number, number>,
  maxReadMs: number,
  config: Pick<ReplayConfig, 'maxOutOfOrdernessMs' | 'seekMs'>,
): number | undefined {
  let resume = maxReadMs - config.maxOutOfOrdernessMs;
  for (const t of unacknowledged.keys()) if (t < resume) resume = t;
  if (!Number.isFinite(resume)) return config.seekMs;
  return resume;
}

function partitionKeyOf(trip: TripEvent, mode: PartitionKeyMode): string | undefined {
  switch (mode) {
    case 'random':
      return undefined; // the producer picks a random key
    case 'trip_id':
      return String(trip.trip_id);
    case 'pickup-cell':
      // All trips of a geohash-6 cell on one shard: lets --worker i/n processors split the work.
      return geohash(trip.pickup_latitude, trip.pickup_longitude, 6);
  }
}

/** Turns SDK and network errors into a sentence that says what to do. */
export function explain(err: unknown, config: Pick<ReplayConfig, 'stream'>): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  // Our packages wrap SDK errors (e.g. ShardMapError): look through the whole cause chain.
  let text = '';
  for (let c: any = err, depth = 0; c && depth < 5; c = c.cause, depth++) {
    text += ` ${c.name ?? ''} ${c.code ?? ''} ${c.message ?? String(c)}`;
  }
  if (/ResourceNotFoundException|Stream .* not found/.test(text)) {
    return `stream "${config.stream}" does not exist (create it, or pass --create-stream --shards N for a local stream): ${e.message}`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET/.test(text)) {
    return `cannot reach ${componentOf(err) ?? 'Kinesis'} (is the endpoint right and the server up?): ${e.message}`;
  }
  if (/CredentialsProviderError|Could not load credentials/.test(text)) {
    return `no AWS credentials for ${componentOf(err) ?? 'Kinesis'}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE (${e.message})`;
  }
  return e?.message ?? String(err);
}
