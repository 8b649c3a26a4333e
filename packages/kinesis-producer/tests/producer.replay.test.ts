import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinesisProducer, type Acknowledgement } from '../src/index.js';
import { encodeWatermark, testRecord, type TestRecord } from './support/codec.js';
import { createStream, kinesisClient, readStream, uniqueStreamName } from './support/kinesis.js';
import { notExactlyOnce, verifyStream } from './support/verify.js';

const client = kinesisClient();

afterAll(() => client.destroy());

describe('replay into a 4-shard stream, read every shard back', () => {
  const n = 6000;
  const streamName = uniqueStreamName('replay');
  const acks: Acknowledgement<TestRecord>[] = [];
  let producer: KinesisProducer<TestRecord>;
  let report: ReturnType<typeof verifyStream>;

  beforeAll(async () => {
    await createStream(client, streamName, 4);
    producer = new KinesisProducer<TestRecord>({
      client,
      streamName,
      watermark: { encode: encodeWatermark, intervalMs: 100, everyRecords: 400 },
      pacing: { recordsPerSecondPerShard: 5000 },
      batch: { lingerMs: 20 },
      onAcknowledge: (ack) => acks.push(ack),
    });
    // Event time ordered, with ties (several trips end in the same ms).
    for (let id = 0; id < n; id++) {
      // Even ids carry a partition key; odd ones get the producer's random key.
      const key = id % 2 === 0 ? `trip-${id}` : undefined;
      await producer.put(testRecord(id, 1_600_000_000_000 + Math.floor(id / 3) * 7, key));
    }
    await producer.close();
    report = verifyStream(await readStream(client, streamName), acks);
  });

  it('reads every record back exactly once', () => {
    expect(notExactlyOnce(report.counts, n)).toEqual([]);
  });

  it('writes watermarks to every shard: non-decreasing, never ahead of an unacknowledged record', () => {
    expect(report.violations).toEqual([]);
    expect(report.shards.size).toBe(4);
    for (const [shardId, s] of report.shards) {
      expect(s.records, shardId).toBeGreaterThan(0);
      expect(s.watermarks, shardId).toBeGreaterThanOrEqual(1);
    }
  });

  it('ends every shard with exactly one end-of-stream watermark', () => {
    for (const [shardId, s] of report.shards) {
      expect(s.finals, shardId).toBe(1);
      expect(s.lastIsFinal, shardId).toBe(true);
    }
  });

  it('predicts the shard of every record from the MD5 of its partition key', () => {
    const keyed = acks.flatMap((a) =>
      a.kind === 'record' && a.record.partitionKey !== undefined ? [a] : [],
    );
    expect(keyed).toHaveLength(n / 2);
    const mismatches = keyed.filter(
      (a) => producer.predictShard({ partitionKey: a.record.partitionKey })?.shardId !== a.shardId,
    );
    expect(mismatches).toEqual([]);
  });

  it('reports metrics', () => {
    const m = producer.metrics();
    expect(m.recordsPut).toBe(n);
    expect(m.recordsAcknowledged).toBe(n);
    expect(m.bufferedRecords).toBe(0);
    expect(m.inFlightRequests).toBe(0);
    expect(Object.keys(m.shards)).toHaveLength(4);
    expect(Object.values(m.shards).reduce((s, x) => s + x.records, 0)).toBe(n);
    expect(m.watermarksAcknowledged).toBeGreaterThanOrEqual(8);
  });
});
