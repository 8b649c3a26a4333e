import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KinesisProducer, type Acknowledgement } from '../src/index.js';
import { decode, encodeWatermark, testRecord, type TestRecord } from './support/codec.js';
import {
  createStream,
  kinesisClient,
  loggingClient,
  readStream,
  type SendLog,
  uniqueStreamName,
  type ReadRecord,
} from './support/kinesis.js';
import { notExactlyOnce, verifyStream } from './support/verify.js';

interface UserRecord {
  partitionKey: string;
  explicitPartitionKey?: string;
  data: string;
}
const { deaggregateSync } = createRequire(import.meta.url)('aws-kinesis-agg') as {
  deaggregateSync: (
    record: { data: string; partitionKey: string; sequenceNumber: string },
    computeChecksums: boolean,
    done: (error: Error | null, records?: UserRecord[]) => void,
  ) => void;
};

/** What a KCL consumer sees: aggregated records split into user records, others as they are. */
function deaggregate(records: ReadRecord[]): ReadRecord[] {
  return records.flatMap((r) => {
    let out: UserRecord[] = [];
    deaggregateSync(
      {
        data: r.data.toString('base64'),
        partitionKey: r.partitionKey,
        sequenceNumber: r.sequenceNumber,
      },
      true,
      (error, users) => {
        if (error) throw error;
        out = users ?? [];
      },
    );
    return out.map((u) => ({
      ...r,
      partitionKey: u.partitionKey,
      data: Buffer.from(u.data, 'base64'),
    }));
  });
}

const client = kinesisClient();
afterAll(() => client.destroy());

describe('KPL aggregation', () => {
  const n = 3000;
  const streamName = uniqueStreamName('agg');
  const acks: Acknowledgement<TestRecord>[] = [];
  let raw: Map<string, ReadRecord[]>;
  let producer: KinesisProducer<TestRecord>;

  beforeAll(async () => {
    await createStream(client, streamName, 4);
    producer = new KinesisProducer<TestRecord>({
      client,
      streamName,
      aggregation: { maxBytes: 4096 },
      watermark: { encode: encodeWatermark, everyRecords: 500 },
      onAcknowledge: (a) => acks.push(a),
    });
    for (let id = 0; id < n; id++)
      await producer.put(testRecord(id, 1_600_000_000_000 + id, `p${id}`));
    await producer.close();
    raw = await readStream(client, streamName);
  });

  it('writes far fewer Kinesis records than user records', () => {
    const kinesisRecords = [...raw.values()].flat().length;
    expect(kinesisRecords).toBeLessThan(n / 10);
  });

  it('deaggregates to every record exactly once, each with its own partition key, on its own shard', () => {
    const read = new Map([...raw].map(([shard, records]) => [shard, deaggregate(records)]));
    const report = verifyStream(read, acks);
    expect(notExactlyOnce(report.counts, n)).toEqual([]);
    expect(report.violations).toEqual([]);
    for (const [shard, records] of read) {
      for (const r of records) {
        const d = decode(r.data);
        if (d.kind !== 'record') continue;
        expect(r.partitionKey).toBe(`p${d.id}`);
        expect(producer.predictShard({ partitionKey: r.partitionKey })?.shardId).toBe(shard);
      }
    }
    for (const s of report.shards.values()) {
      expect(s.watermarks).toBeGreaterThanOrEqual(1);
      expect(s.lastIsFinal).toBe(true);
    }
  });

  it('acknowledges each user record with its position in the aggregate', () => {
    const records = acks.filter((a) => a.kind === 'record');
    expect(records).toHaveLength(n);
    expect(records.some((a) => a.kind === 'record' && (a.subSequenceNumber ?? 0) > 10)).toBe(true);
  });
});

describe('KPL aggregation within call limits', () => {
  it('keeps every call within batch.maxBytes and batch.maxRecords', async () => {
    const streamName = uniqueStreamName('agg-limits');
    await createStream(client, streamName, 2);
    const log: SendLog[] = [];
    const logging = loggingClient(log);
    const producer = new KinesisProducer({
      client: logging,
      streamName,
      pacing: false,
      aggregation: { maxBytes: 3_000 },
      batch: { maxBytes: 10_000, maxRecords: 5 },
    });
    const data = new Uint8Array(150);
    for (let id = 0; id < 1000; id++) await producer.put({ data, partitionKey: `key-${id}` });
    await producer.close();
    logging.destroy();
    const sizes = log.map((call) =>
      call.records.reduce(
        (sum, r) => sum + (r.Data?.byteLength ?? 0) + Buffer.byteLength(r.PartitionKey ?? ''),
        0,
      ),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10_000);
    expect(Math.max(...log.map((c) => c.records.length))).toBeLessThanOrEqual(5);
    expect(
      Math.max(...log.flatMap((c) => c.records.map((r) => r.Data?.byteLength ?? 0))),
    ).toBeLessThanOrEqual(3_000 + 20);
    const users = [...(await readStream(client, streamName)).values()].flatMap(deaggregate);
    expect(users).toHaveLength(1000);
  });
});
