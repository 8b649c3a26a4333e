import {
  DeleteStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { interleavedRuns, median, perSecond, type BenchRow } from '@tripstream/bench';
import { createStream } from '@tripstream/test-support';
import { createKinesisSource } from '../src/index.js';

const RECORDS = 30_000;
const SHARDS = 4;
const RUNS = 5;
const PAYLOAD = 'x'.repeat(180);

/**
 * Records/s read through a KinesisSource from a pre-filled kinesalite stream, against a plain
 * GetRecords loop over the same shards in the same run (alternating, medians of RUNS runs).
 * kinesalite has no read limits, so the source's per-shard limits are raised (the defaults, 5
 * calls/s and 2 MiB/s per shard, model real Kinesis and would measure the limit, not the code).
 */
export async function run(options: { kinesis: string }): Promise<BenchRow[]> {
  const client = new KinesisClient({
    endpoint: options.kinesis,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: new NodeHttpHandler(),
  });
  const stream = `bench-source-${process.pid}-${Date.now().toString(36)}`;
  try {
    await createStream(client, stream, SHARDS);
    await fill(client, stream);
    // Warm-up (JIT, sockets, kinesalite's caches) included.
    const { raw, ours } = await interleavedRuns(
      { raw: () => rawLoop(client, stream), ours: () => throughSource(client, stream) },
      RUNS,
    );
    const value = median(ours);
    const baseline = median(raw);
    return [
      {
        row: 'kinesis-source: read a pre-filled stream',
        figure: 'records/s',
        value,
        unit: 'records/s',
        baseline,
        baselineLabel: 'raw GetRecords loop per shard',
        ratio: value / baseline,
        target: '>= 0.9x',
        notes:
          `${RECORDS.toLocaleString('en-US')} records of ${PAYLOAD.length} B in ${SHARDS} kinesalite shards, ` +
          `median of ${RUNS} alternating runs; source limits raised to 1,000 calls/s and 1 GiB/s per shard ` +
          '(kinesalite has none), 10,000 records per call on both sides',
      },
    ];
  } finally {
    await client.send(new DeleteStreamCommand({ StreamName: stream })).catch(() => undefined);
    client.destroy();
  }
}

async function throughSource(client: KinesisClient, stream: string): Promise<number> {
  const source = createKinesisSource({
    client,
    streamName: stream,
    maxCallsPerSecondPerShard: 1_000,
    maxBytesPerSecondPerShard: 1024 ** 3,
    idlePollIntervalMs: 5,
    maxBufferedRecords: 20_000,
  });
  let n = 0;
  const rate = await perSecond(RECORDS, async () => {
    for await (const event of source) {
      if (event.type === 'records') n += event.records.length;
      if (n >= RECORDS) break; // breaking out stops the source
    }
  });
  if (n !== RECORDS) throw new Error(`source read ${n} records, expected ${RECORDS}`);
  return rate;
}

async function rawLoop(client: KinesisClient, stream: string): Promise<number> {
  let n = 0;
  // Timed from ListShards on, as the source's run includes its own shard listing.
  const rate = await perSecond(RECORDS, async () => {
    const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    await Promise.all(
      shards.map(async (shard) => {
        let iterator = (
          await client.send(
            new GetShardIteratorCommand({
              StreamName: stream,
              ShardId: shard.ShardId,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
          )
        ).ShardIterator;
        // Like the source: poll until every record is in, pausing 5 ms after an empty call.
        while (iterator && n < RECORDS) {
          const res = await client.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
          );
          const got = res.Records?.length ?? 0;
          n += got;
          iterator = res.NextShardIterator;
          if (got === 0) await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
  });
  if (n !== RECORDS) throw new Error(`raw loop read ${n} records, expected ${RECORDS}`);
  return rate;
}

async function fill(client: KinesisClient, stream: string): Promise<void> {
  const data = new TextEncoder().encode(PAYLOAD);
  for (let i = 0; i < RECORDS; i += 500) {
    const res = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: Array.from({ length: Math.min(500, RECORDS - i) }, (_, j) => ({
          PartitionKey: `k${(i + j) % 97}`,
          Data: data,
        })),
      }),
    );
    if (res.FailedRecordCount) throw new Error(`${res.FailedRecordCount} records failed to put`);
  }
}
