import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { readShards } from '@tripstream/test-support';

export {
  createStream,
  kinesaliteClient as kinesisClient,
  listShards,
  waitForActive,
} from '@tripstream/test-support';

export interface StoredRecord {
  shardId: string;
  sequenceNumber: string;
  data: string;
}

/** Everything in every shard of the stream right now, read from TRIM_HORIZON (bounded). */
export async function readStream(kinesis: KinesisClient, stream: string): Promise<StoredRecord[]> {
  const decoder = new TextDecoder();
  return (await readShards(kinesis, stream)).flatMap(({ shard, records }) =>
    records.map((r) => ({
      shardId: shard.ShardId!,
      sequenceNumber: r.SequenceNumber!,
      data: decoder.decode(r.Data),
    })),
  );
}
