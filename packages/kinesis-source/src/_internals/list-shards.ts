import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import type { ShardInfo } from '../types.js';

/** @internal Every shard of the stream (all ListShards pages), as {@link ShardInfo}. */
export async function listShards(
  client: KinesisClient,
  stream: { StreamName?: string; StreamARN?: string },
  signal: AbortSignal,
): Promise<ShardInfo[]> {
  const out: ShardInfo[] = [];
  let nextToken: string | undefined;
  do {
    const res = await client.send(
      new ListShardsCommand(nextToken === undefined ? { ...stream } : { NextToken: nextToken }),
      { abortSignal: signal },
    );
    for (const shard of res.Shards ?? []) out.push(toShardInfo(shard));
    nextToken = res.NextToken;
  } while (nextToken !== undefined && !signal.aborted);
  return out;
}

function toShardInfo(shard: Shard): ShardInfo {
  const info: ShardInfo = {
    shardId: shard.ShardId ?? '',
    hashKeyRange: {
      startingHashKey: shard.HashKeyRange?.StartingHashKey ?? '',
      endingHashKey: shard.HashKeyRange?.EndingHashKey ?? '',
    },
    sequenceNumberRange: {
      startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber ?? '',
    },
  };
  if (shard.ParentShardId) info.parentShardId = shard.ParentShardId;
  if (shard.AdjacentParentShardId) info.adjacentParentShardId = shard.AdjacentParentShardId;
  if (shard.SequenceNumberRange?.EndingSequenceNumber) {
    info.sequenceNumberRange.endingSequenceNumber = shard.SequenceNumberRange.EndingSequenceNumber;
  }
  return info;
}
