import { SplitShardCommand } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinesisProducer, type Acknowledgement } from '../src/index.js';
import { encodeWatermark, testRecord, type TestRecord } from './support/codec.js';
import {
  allShards,
  createStream,
  kinesisClient,
  readStream,
  uniqueStreamName,
  waitActive,
} from './support/kinesis.js';
import { notExactlyOnce, verifyStream } from './support/verify.js';

const client = kinesisClient();
afterAll(() => client.destroy());

describe('SplitShard during production', () => {
  const n = 4000;
  const streamName = uniqueStreamName('split');
  const acks: Acknowledgement<TestRecord>[] = [];
  let report: ReturnType<typeof verifyStream>;
  let parent: string;
  let children: string[];
  let producer: KinesisProducer<TestRecord>;

  beforeAll(async () => {
    await createStream(client, streamName, 2);
    const [first] = await allShards(client, streamName);
    parent = first.ShardId as string;
    const start = BigInt(first.HashKeyRange?.StartingHashKey as string);
    const end = BigInt(first.HashKeyRange?.EndingHashKey as string);
    producer = new KinesisProducer<TestRecord>({
      client,
      streamName,
      pacing: false,
      watermark: { encode: encodeWatermark, intervalMs: 20, everyRecords: 100 },
      batch: { lingerMs: 5, maxRecords: 100 },
      onAcknowledge: (ack) => acks.push(ack),
    });
    for (let id = 0; id < n; id++) {
      if (id === n / 2) {
        await client.send(
          new SplitShardCommand({
            StreamName: streamName,
            ShardToSplit: parent,
            NewStartingHashKey: ((start + end) / 2n).toString(),
          }),
        );
        await waitActive(client, streamName);
      }
      await producer.put(testRecord(id, 1_650_000_000_000 + id));
    }
    await producer.close();
    children = (await allShards(client, streamName))
      .filter((s) => s.ParentShardId === parent)
      .map((s) => s.ShardId as string);
    report = verifyStream(await readStream(client, streamName), acks);
  });

  it('creates two children', () => {
    expect(children).toHaveLength(2);
  });

  it('loses and duplicates nothing', () => {
    expect(notExactlyOnce(report.counts, n)).toEqual([]);
  });

  it('sends records and watermarks to the child shards', () => {
    for (const child of children) {
      const s = report.shards.get(child);
      expect(s?.records, child).toBeGreaterThan(100);
      expect(s?.watermarks, child).toBeGreaterThanOrEqual(1);
      expect(s?.finals, child).toBe(1);
      expect(s?.lastIsFinal, child).toBe(true);
    }
  });

  it('keeps every watermark rule across the reshard', () => {
    expect(report.violations).toEqual([]);
  });

  it('stops writing to the closed parent and ends every open shard', () => {
    const p = report.shards.get(parent);
    expect(p?.records).toBeGreaterThan(0);
    expect(p?.finals).toBe(0);
    expect(producer.shardMap?.shards.map((s) => s.shardId).sort()).toEqual(
      [...report.shards.keys()].filter((id) => id !== parent).sort(),
    );
    expect(producer.metrics().shardMapRefreshes).toBeGreaterThanOrEqual(2);
  });
});
