import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** A client for kinesalite (HTTP/1.1 only, hence the Node handler), without SDK retries. */
export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
}

/** Waits (bounded) until the stream is ACTIVE again after a create, split or merge. */
export async function waitForActive(
  kinesis: KinesisClient,
  stream: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (s.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`stream ${stream} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function createStream(
  kinesis: KinesisClient,
  stream: string,
  shards: number,
): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
  await waitForActive(kinesis, stream);
}

export async function listShards(kinesis: KinesisClient, stream: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await kinesis.send(
      new ListShardsCommand(token ? { NextToken: token } : { StreamName: stream }),
    );
    shards.push(...(res.Shards ?? []));
    token = res.NextToken;
    if (!token) break;
  }
  return shards;
}

export interface StoredRecord {
  shardId: string;
  sequenceNumber: string;
  data: string;
}

/** Everything in every shard of the stream right now, read from TRIM_HORIZON (bounded). */
export async function readStream(kinesis: KinesisClient, stream: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  const decoder = new TextDecoder();
  for (const shard of await listShards(kinesis, stream)) {
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: stream,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    for (let call = 0; iterator && call < 1_000; call++) {
      const res = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      for (const r of res.Records ?? []) {
        records.push({
          shardId: shard.ShardId!,
          sequenceNumber: r.SequenceNumber!,
          data: decoder.decode(r.Data),
        });
      }
      if ((res.Records ?? []).length === 0 && (res.MillisBehindLatest ?? 0) === 0) break;
      iterator = res.NextShardIterator;
    }
  }
  return records;
}
