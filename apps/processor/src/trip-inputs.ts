import {
  assignShards,
  createKinesisSource,
  type SourcePositions,
} from '@tripstream/kinesis-source';
import type { RawRecord, TripInput } from '@tripstream/reference-job';
import type { ProcessorConfig } from './processor-config.js';
import { createReadStream } from 'node:fs';
import { readLines } from '@tripstream/support';

/** Where the processor's records come from, as the reference pipe's input items. */
export interface TripSource {
  readonly items: AsyncIterable<TripInput>;
  /** Kinesis mode: the positions of everything handed out so far (a checkpoint's `source`). */
  positions?(): SourcePositions;
  /** Kinesis mode: each shard's status, for the health endpoint. */
  shardStatus(): unknown;
  /** Ends `items` (idempotent). */
  stop(): Promise<void>;
}

/** Lines per batch in file mode: the same batching as a Kinesis GetRecords call. */
const FILE_BATCH = 1000;

/**
 * The stream's shards (or this worker's share of them), from the checkpoint's positions or
 * `startPosition`. Records become raw batches; shard discovery, idleness and ends become the
 * inputs' lifecycle events. `until()` is asked after each item: when it says so, the items end.
 */
export function kinesisTripSource(
  config: ProcessorConfig & { kinesis: NonNullable<ProcessorConfig['kinesis']> },
  checkpoint: SourcePositions | undefined,
  until: () => boolean,
): TripSource {
  const k = config.kinesis;
  const source = createKinesisSource({
    client: k.client,
    streamName: k.stream,
    startPosition: k.startPosition,
    checkpoint,
    shardFilter: k.worker ? assignShards(k.worker.index, k.worker.count) : undefined,
    idleTimeoutMs: config.idleTimeoutMs,
    maxCallsPerSecondPerShard: k.maxCallsPerSecondPerShard,
    maxBytesPerSecondPerShard: k.maxBytesPerSecondPerShard,
    idlePollIntervalMs: k.idlePollIntervalMs,
  });
  async function* items(): AsyncGenerator<TripInput> {
    for await (const event of source) {
      switch (event.type) {
        case 'records':
          yield {
            kind: 'records',
            input: event.shardId,
            records: event.records.map((r): RawRecord => ({
              data: r.data,
              position:
                r.subSequenceNumber === undefined
                  ? r.sequenceNumber
                  : `${r.sequenceNumber}/${r.subSequenceNumber}`,
            })),
          };
          break;
        case 'shard-discovered':
          yield { kind: 'active', input: event.shardId };
          break;
        case 'shard-idle':
          yield { kind: 'idle', input: event.shardId };
          break;
        case 'shard-finished':
          yield { kind: 'end', input: event.shardId };
          break;
        default:
          continue;
      }
      if (until()) return;
    }
  }
  return {
    items: items(),
    positions: () => source.positions(),
    shardStatus: () =>
      source
        .stats()
        .shards.map((s) => ({ shardId: s.shardId, status: s.status, records: s.records })),
    stop: () => source.stop(),
  };
}

/**
 * A wire JSON-lines file (plain or gzip) or stdin ('-'): batches of raw lines through the same
 * decoder as Kinesis records (positions are line numbers), then the end of every input, which
 * fires every window.
 */
export function fileTripSource(input: string): TripSource {
  const name = input === '-' ? 'stdin' : input;
  async function* items(): AsyncGenerator<TripInput> {
    let batch: RawRecord[] = [];
    let line = 0;
    // Plain or gzip (detected by its magic bytes); a line that is not UTF-8 stays bytes, so its
    // dead letter keeps it as it was.
    // 1 MiB reads, not the default 64 KiB: a sixteenth of the chunks, each one async step and one
    // UTF-8 decode through readLines.
    const stream =
      input === '-' ? process.stdin : createReadStream(input, { highWaterMark: 1 << 20 });
    for await (const lines of readLines(stream)) {
      for (const text of lines) {
        line++;
        if (text.length === 0) continue;
        batch.push({ data: text, position: `line ${line}` });
        if (batch.length >= FILE_BATCH) {
          yield { kind: 'records', input: name, records: batch };
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield { kind: 'records', input: name, records: batch };
    yield { kind: 'end' };
  }
  return { items: items(), shardStatus: () => ({}), stop: async () => {} };
}
