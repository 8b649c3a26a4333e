import { ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';
import { ShardMap } from './shard-map.js';

/** Which stream to list: by name or by ARN (the ARN wins when both are given). */
export interface StreamRef {
  streamName?: string;
  streamARN?: string;
}

/**
 * Lists every shard of a stream (following `NextToken`) and returns the open ones as a
 * {@link ShardMap}. One attempt per page; errors propagate as the client throws them.
 */
export async function listOpenShards(client: KinesisClient, stream: StreamRef): Promise<ShardMap> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(
        nextToken !== undefined
          ? { NextToken: nextToken }
          : stream.streamARN !== undefined
            ? { StreamARN: stream.streamARN }
            : { StreamName: stream.streamName },
      ),
    );
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return ShardMap.fromListShards(shards);
}
