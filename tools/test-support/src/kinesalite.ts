import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';

/**
 * A client for kinesalite: HTTP/1.1 only (hence the Node handler), dummy credentials (kinesalite
 * wants a signature, not a valid one). `maxAttempts` 1 leaves retries to the code under test, so
 * connections are not kept alive: with keep-alive, a call made just as kinesalite closes an idle
 * socket (its server's 5 s keep-alive timeout) fails with "socket hang up" and nothing retries it
 * (seen once in CI, in a test's own setup call on a loaded machine).
 */
export function kinesaliteClient(endpoint: string, maxAttempts = 1): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }) }),
    maxAttempts,
  });
}

/** Waits (bounded) until the stream is ACTIVE, after a create, split or merge. */
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
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Creates the stream and waits until it is ACTIVE. */
export async function createStream(
  kinesis: KinesisClient,
  stream: string,
  shards: number,
): Promise<void> {
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
  await waitForActive(kinesis, stream);
}

/** Every shard of the stream, open and closed, following ListShards pages. */
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

/**
 * Everything in every shard of the stream right now, read from TRIM_HORIZON with plain
 * GetRecords until a shard is caught up (bounded), each shard in sequence-number order.
 */
export async function readShards(
  kinesis: KinesisClient,
  stream: string,
): Promise<{ shard: Shard; records: _Record[] }[]> {
  const out: { shard: Shard; records: _Record[] }[] = [];
  for (const shard of await listShards(kinesis, stream)) {
    const records: _Record[] = [];
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: stream,
          ShardId: shard.ShardId!,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    for (let call = 0; iterator && call < 10_000; call++) {
      const res = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      records.push(...(res.Records ?? []));
      if ((res.Records ?? []).length === 0 && (res.MillisBehindLatest ?? 0) === 0) break;
      iterator = res.NextShardIterator;
    }
    out.push({ shard, records });
  }
  return out;
}
