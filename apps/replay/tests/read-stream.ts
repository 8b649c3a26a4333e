import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { decode, type WireEvent } from '@tripstream/trip-schema';

export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler(),
  });
}

export interface ShardContent {
  shard: Shard;
  events: { sequenceNumber: string; event: WireEvent }[];
}

/** Reads every shard of a stream from TRIM_HORIZON to its current end, with plain GetRecords. */
export async function readStream(
  kinesis: KinesisClient,
  StreamName: string,
): Promise<ShardContent[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName }));
  const out: ShardContent[] = [];
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const events: ShardContent['events'] = [];
    let iterator = ShardIterator;
    for (let calls = 0; iterator && calls < 10_000; calls++) {
      const res = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      for (const r of res.Records ?? []) {
        events.push({
          sequenceNumber: r.SequenceNumber!,
          event: decode(Buffer.from(r.Data!).toString('utf8')),
        });
      }
      if ((res.Records ?? []).length === 0 && (res.MillisBehindLatest ?? 0) === 0) break;
      iterator = res.NextShardIterator;
    }
    out.push({ shard, events });
  }
  return out;
}
