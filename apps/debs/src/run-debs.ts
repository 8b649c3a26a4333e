import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createDebsQuery, type DebsQueryStats } from '@tripstream/debs2015';
import { createKinesisSource, type StartPosition } from '@tripstream/kinesis-source';
import {
  decode,
  decodeLineBatches,
  INFINITY_WATERMARK,
  isWatermark,
  SchemaError,
  type WireEvent,
} from '@tripstream/trip-schema';
import { LineWriter, type Writable } from './line-writer.js';

/** What {@link runDebs} runs. */
export interface DebsConfig {
  /** 1: frequent routes, 2: profitable cells. */
  query: 1 | 2;
  /** File mode: wire JSON lines (plain or gzip); `process.stdin` for `-`. */
  input?: NodeJS.ReadableStream;
  /** Kinesis mode. */
  kinesis?: {
    client: KinesisClient;
    stream: string;
    startPosition: StartPosition;
    /** Stop once every shard sent the end-of-stream watermark (or closed). */
    exitAtEnd: boolean;
    maxCallsPerSecondPerShard?: number;
    maxBytesPerSecondPerShard?: number;
    idlePollIntervalMs?: number;
  };
}

export interface DebsDeps {
  /** Where the CSV lines go. */
  output: Writable;
  /** Monotonic clock in ms for the delay column. Default `performance.now`. */
  now?: () => number;
  log?: (line: string) => void;
  /** Stops a Kinesis-mode run (e.g. on SIGTERM); file mode ends with its input. */
  signal?: AbortSignal;
}

export interface DebsSummary extends DebsQueryStats {
  mode: 'file' | 'kinesis';
  query: 1 | 2;
  /** Lines or records that are not valid wire events (each logged with its position). */
  undecodable: number;
  watermarks: number;
  elapsedMs: number;
  tripsPerSecond: number;
}

/** How many undecodable inputs are logged one by one before only the count is kept. */
const LOGGED_ERRORS = 20;

/**
 * Runs one DEBS query over a file or a Kinesis stream and writes its CSV lines, each ending with
 * the delay column: ms from the moment the triggering record was handed over (its line chunk read,
 * its GetRecords batch received) to the moment its line was written to the output buffer.
 */
export async function runDebs(config: DebsConfig, deps: DebsDeps): Promise<DebsSummary> {
  const now = deps.now ?? (() => performance.now());
  const log = deps.log ?? (() => {});
  const query = createDebsQuery(config.query);
  const writer = new LineWriter(deps.output);
  const started = now();
  let undecodable = 0;
  let watermarks = 0;
  const reportBad = (where: string, error: unknown) => {
    undecodable++;
    if (undecodable <= LOGGED_ERRORS) {
      log(`debs: skipped ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const handle = (event: WireEvent, readAt: number): boolean => {
    if (isWatermark(event)) {
      watermarks++;
      return event.watermark === INFINITY_WATERMARK;
    }
    const line = query.process(event);
    if (line !== undefined) writer.write(`${line},${formatDelay(now() - readAt)}\n`);
    return false;
  };

  if (config.kinesis) {
    const k = config.kinesis;
    const source = createKinesisSource({
      client: k.client,
      streamName: k.stream,
      startPosition: k.startPosition,
      maxCallsPerSecondPerShard: k.maxCallsPerSecondPerShard,
      maxBytesPerSecondPerShard: k.maxBytesPerSecondPerShard,
      idlePollIntervalMs: k.idlePollIntervalMs,
    });
    const onAbort = () => void source.stop();
    deps.signal?.addEventListener('abort', onAbort);
    const shards = new Set<string>();
    const ended = new Set<string>();
    try {
      for await (const event of source) {
        if (event.type === 'shard-discovered') shards.add(event.shardId);
        else if (event.type === 'shard-finished') ended.add(event.shardId);
        else if (event.type === 'records') {
          const readAt = now();
          for (const record of event.records) {
            let wire: WireEvent;
            try {
              wire = decode(record.data);
            } catch (error) {
              if (!(error instanceof SchemaError)) throw error;
              reportBad(`record ${event.shardId}/${record.sequenceNumber}`, error);
              continue;
            }
            if (handle(wire, readAt)) ended.add(event.shardId);
          }
          await writer.drain();
        }
        if (k.exitAtEnd && shards.size > 0 && ended.size >= shards.size) break;
        if (deps.signal?.aborted) break;
      }
    } finally {
      deps.signal?.removeEventListener('abort', onAbort);
      await source.stop();
    }
  } else {
    const batches = decodeLineBatches(config.input ?? process.stdin, {
      onError: (error) => reportBad(`line ${error.lineNumber}`, error),
    });
    for await (const events of batches) {
      const readAt = now();
      for (const event of events) handle(event, readAt);
      await writer.drain();
    }
  }
  await writer.end();
  const elapsedMs = now() - started;
  const stats = query.stats();
  return {
    mode: config.kinesis ? 'kinesis' : 'file',
    query: config.query,
    ...stats,
    undecodable,
    watermarks,
    elapsedMs,
    tripsPerSecond: Math.round(stats.trips / (Math.max(1, elapsedMs) / 1000)),
  };
}

/** Milliseconds with microsecond resolution: most delays are well under 1 ms. */
function formatDelay(ms: number): string {
  return (Math.round(ms * 1000) / 1000).toString();
}
