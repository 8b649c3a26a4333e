import type { KinesisClient, Shard } from '@aws-sdk/client-kinesis';
import { kinesaliteClient, readShards } from '@tripstream/test-support';
import { decode, type WireEvent } from '@tripstream/trip-schema';

/** A kinesalite client with the SDK's retries. */
export const kinesisClient = (endpoint: string) => kinesaliteClient(endpoint, 3);

export interface ShardContent {
  shard: Shard;
  events: { sequenceNumber: string; event: WireEvent }[];
}

/** Reads every shard of a stream from TRIM_HORIZON to its current end, decoded. */
export async function readStream(
  kinesis: KinesisClient,
  StreamName: string,
): Promise<ShardContent[]> {
  return (await readShards(kinesis, StreamName)).map(({ shard, records }) => ({
    shard,
    events: records.map((r) => ({
      sequenceNumber: r.SequenceNumber!,
      event: decode(Buffer.from(r.Data!).toString('utf8')),
    })),
  }));
}
