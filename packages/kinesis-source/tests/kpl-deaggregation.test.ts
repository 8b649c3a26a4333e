import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisSource, type KinesisRecord, type KinesisSource } from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  putRecords,
  recordCount,
  text,
  type Put,
} from './helpers/kinesis.js';
import { aggregate } from './helpers/kpl.js';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 500,
  maxCallsPerSecondPerShard: 50,
};
const enc = (s: string) => new TextEncoder().encode(s);

describe('KPL de-aggregation', () => {
  let client: KinesisClient;
  let stream: string;
  let written: Awaited<ReturnType<typeof putRecords>>;
  const sources: KinesisSource[] = [];
  // 5 aggregates of 20 user records, plain records between them, one corrupt aggregate.
  const aggregates = Array.from({ length: 5 }, (_, a) =>
    Array.from({ length: 20 }, (_, u) => ({
      partitionKey: `user-${a}-${u % 3}`,
      data: enc(`agg${a}-u${u}`),
    })),
  );
  const corrupt = (() => {
    const good = aggregate(aggregates[0]).data;
    const bad = new Uint8Array(good);
    bad[bad.length - 1] ^= 0xff; // breaks the MD5 checksum
    return bad;
  })();
  const puts: Put[] = [];
  aggregates.forEach((users, a) => {
    puts.push(aggregate(users));
    puts.push({ partitionKey: `plain-${a}`, data: `plain-${a}` });
  });
  puts.push({ partitionKey: 'corrupt', data: corrupt });

  beforeAll(async () => {
    client = kinesisClient(inject('stack').kinesis as string);
    stream = await createStream(client, 'kpl', 1);
    written = await putRecords(client, stream, puts);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    client.destroy();
  });
  const read = async (opts: Partial<Parameters<typeof createKinesisSource>[0]>, n: number) => {
    const s = createKinesisSource({ client, streamName: stream, ...fast, ...opts });
    sources.push(s);
    const events = await collectUntil(s, (ev) => recordCount(ev) >= n);
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    const records: KinesisRecord[] = events.flatMap((e) => (e.type === 'records' ? e.records : []));
    return { source: s, events, records };
  };

  it('splits aggregated records into user records with sub-sequence numbers; passes others as they are', async () => {
    const { records } = await read({}, 106);
    expect(records).toHaveLength(106);
    let i = 0;
    aggregates.forEach((users, a) => {
      const seq = written[2 * a].sequenceNumber;
      users.forEach((u, sub) => {
        const r = records[i++];
        expect(r.sequenceNumber).toBe(seq);
        expect(r.subSequenceNumber).toBe(sub);
        expect(r.partitionKey).toBe(u.partitionKey);
        expect(text(r.data)).toBe(`agg${a}-u${sub}`);
      });
      const plain = records[i++];
      expect(plain.subSequenceNumber).toBeUndefined();
      expect(text(plain.data)).toBe(`plain-${a}`);
    });
    const last = records[i++];
    expect(last.partitionKey).toBe('corrupt');
    expect(last.subSequenceNumber).toBeUndefined();
    expect(Array.from(last.data)).toEqual(Array.from(corrupt));
  });

  it('with deaggregate: false hands over the Kinesis records unchanged', async () => {
    const { records } = await read({ deaggregate: false }, 11);
    expect(records).toHaveLength(11);
    expect(records.every((r) => r.subSequenceNumber === undefined)).toBe(true);
    expect(Array.from(records[0].data)).toEqual(Array.from(puts[0].data as Uint8Array));
  });

  it('resumes inside an aggregate after the last received user record', async () => {
    const seq = written[4].sequenceNumber; // third aggregate
    const checkpoint = {
      shards: { [written[0].shardId]: { sequenceNumber: seq, subSequenceNumber: 7 } },
      finished: [],
    };
    const { records, events } = await read({ checkpoint }, 12 + 1 + 40 + 2 + 1);
    expect(records.map((r) => text(r.data)).slice(0, 13)).toEqual([
      ...Array.from({ length: 12 }, (_, k) => `agg2-u${k + 8}`),
      'plain-2',
    ]);
    expect(records).toHaveLength(56);
    expect(events.find((e) => e.type === 'shard-started')).toMatchObject({
      startPosition: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: seq, afterSubSequenceNumber: 7 },
    });
  });
});
