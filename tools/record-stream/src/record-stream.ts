import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type Shard,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { resolveOptions, type ResolvedRecordStreamOptions } from './_internals/resolve-options.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from './constants.js';
import { RecordStreamError } from './errors/record-stream-error.js';
import type { RecordStreamOptions } from './record-stream-options.js';
import type { RecordedRecord, RecordedShard, Recording } from './types.js';

const THROTTLES = new Set(['ProvisionedThroughputExceededException', 'LimitExceededException']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every shard of a stream, closed ones included, from `TRIM_HORIZON` to its end: a closed
 * shard until Kinesis says it has no more, an open one until an empty answer that is not behind
 * the tip. Run it once the writers are done; records put while it reads may or may not be in.
 */
export async function recordStream(options: RecordStreamOptions): Promise<Recording> {
  const o = resolveOptions(options);
  const recordedAt = new Date(o.now()).toISOString();
  const shards = await listShards(o);
  const recorded: RecordedShard[] = [];
  for (const shard of shards) recorded.push(await readShard(o, shard));
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    stream: o.stream,
    recordedAt,
    ...(o.meta ? { meta: o.meta } : {}),
    shards: recorded,
  };
}

async function listShards(o: ResolvedRecordStreamOptions): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    // No ShardFilter: ListShards then returns closed shards too (within the retention period).
    const page = await call(o, undefined, () =>
      o.client.send(
        new ListShardsCommand(
          nextToken === undefined ? { StreamName: o.stream } : { NextToken: nextToken },
        ),
      ),
    );
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
}

async function readShard(o: ResolvedRecordStreamOptions, shard: Shard): Promise<RecordedShard> {
  const shardId = shard.ShardId!;
  const records: RecordedRecord[] = [];
  const start = await call(o, shardId, () =>
    o.client.send(
      new GetShardIteratorCommand({
        StreamName: o.stream,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    ),
  );
  let iterator = start.ShardIterator;
  while (iterator !== undefined) {
    const current = iterator;
    const page = await call(o, shardId, () =>
      o.client.send(new GetRecordsCommand({ ShardIterator: current, Limit: o.limit })),
    );
    for (const r of page.Records ?? []) records.push(toRecorded(o, shardId, r));
    iterator = page.NextShardIterator;
    if ((page.Records ?? []).length > 0) continue;
    // Empty and caught up: the end of an open shard. Behind: real Kinesis may answer empty
    // pages in the middle of a shard, so ask again.
    if ((page.MillisBehindLatest ?? 0) === 0) break;
    await o.sleep(o.emptyPollDelayMs);
  }
  const range = shard.SequenceNumberRange;
  return {
    shardId,
    ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
    ...(shard.AdjacentParentShardId ? { adjacentParentShardId: shard.AdjacentParentShardId } : {}),
    hashKeyRange: {
      startingHashKey: shard.HashKeyRange!.StartingHashKey!,
      endingHashKey: shard.HashKeyRange!.EndingHashKey!,
    },
    sequenceNumberRange: {
      startingSequenceNumber: range!.StartingSequenceNumber!,
      ...(range?.EndingSequenceNumber ? { endingSequenceNumber: range.EndingSequenceNumber } : {}),
    },
    records,
  };
}

function toRecorded(o: ResolvedRecordStreamOptions, shardId: string, r: _Record): RecordedRecord {
  const bytes = r.Data ?? new Uint8Array();
  let data: string;
  let base64 = false;
  try {
    data = utf8.decode(bytes);
  } catch {
    data = Buffer.from(bytes).toString('base64');
    base64 = true;
  }
  const arrival = r.ApproximateArrivalTimestamp;
  if (arrival === undefined) {
    throw new RecordStreamError(
      `record ${r.SequenceNumber} of shard ${shardId} has no ApproximateArrivalTimestamp`,
      o.stream,
      shardId,
    );
  }
  return {
    sequenceNumber: r.SequenceNumber!,
    approximateArrivalTimestamp: arrival.toISOString(),
    partitionKey: r.PartitionKey!,
    data,
    ...(base64 ? { encoding: 'base64' as const } : {}),
  };
}

/** One API call with backoff on throttling; any other error becomes a `RecordStreamError`. */
async function call<T>(
  o: ResolvedRecordStreamOptions,
  shardId: string | undefined,
  send: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      if (THROTTLES.has(name) && attempt < o.maxRetries) {
        await o.sleep(o.retryBaseDelayMs * 2 ** attempt);
        continue;
      }
      const where = shardId === undefined ? 'listing the shards' : `reading shard ${shardId}`;
      throw new RecordStreamError(
        `${where} of stream "${o.stream}" failed: ${(err as Error).message ?? String(err)}`,
        o.stream,
        shardId,
        err,
      );
    }
  }
}
