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
import { inject } from 'vitest';

/** The kinesalite endpoint the globalSetup started. */
export function kinesisEndpoint(): string {
  const endpoint = inject('stack').kinesis;
  if (!endpoint) throw new Error('no kinesis endpoint: is the kinesis globalSetup configured?');
  return endpoint;
}

/** A client for kinesalite (HTTP/1.1) without SDK retries, so the producer's retries are what runs. */
export function kinesisClient(endpoint = kinesisEndpoint()): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
}

let counter = 0;
export function uniqueStreamName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

export async function createStream(
  client: KinesisClient,
  streamName: string,
  shardCount: number,
): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  await waitActive(client, streamName);
}

export async function waitActive(client: KinesisClient, streamName: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`stream ${streamName} did not become ACTIVE`);
}

export async function allShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const out = await client.send(new ListShardsCommand({ StreamName: streamName }));
  return out.Shards ?? [];
}

export interface ReadRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  explicitHashKey?: string;
  data: Buffer;
}

/** Every record of every shard (open and closed), each shard in sequence-number order. */
export async function readStream(
  client: KinesisClient,
  streamName: string,
): Promise<Map<string, ReadRecord[]>> {
  const result = new Map<string, ReadRecord[]>();
  for (const shard of await allShards(client, streamName)) {
    const shardId = shard.ShardId as string;
    const records: ReadRecord[] = [];
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    for (let i = 0; i < 1000 && iterator; i++) {
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      for (const r of page.Records ?? []) {
        records.push({
          shardId,
          sequenceNumber: r.SequenceNumber as string,
          partitionKey: r.PartitionKey as string,
          data: Buffer.from(r.Data as Uint8Array),
        });
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
    result.set(shardId, records);
  }
  return result;
}

export interface SendLog {
  timeMs: number;
  records: { PartitionKey?: string; Data?: Uint8Array }[];
}

/** What {@link loggingClient} records besides the log. */
export interface CallTracker {
  /** Calls sent and not yet answered. */
  inFlight: number;
}

/**
 * A client that logs every PutRecords call at the moment the producer sends it, on `now` (give it
 * the producer's clock to read the log in the producer's time), and counts calls in flight.
 */
export function loggingClient(
  log: SendLog[],
  now: () => number = () => performance.now(),
  calls: CallTracker = { inFlight: 0 },
) {
  const client = kinesisClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutRecordsCommand') {
        const input = args.input as { Records: SendLog['records'] };
        log.push({ timeMs: now(), records: input.Records });
      }
      calls.inFlight++;
      try {
        return await next(args);
      } finally {
        calls.inFlight--;
      }
    },
    { step: 'initialize' },
  );
  return client;
}
