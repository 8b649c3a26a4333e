import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisSource,
  type KinesisSource,
  type ShardPosition,
  type SourceEvent,
} from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  numbered,
  putRecords,
  recordCount,
  recordTexts,
} from './helpers/kinesis.js';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 500,
  maxCallsPerSecondPerShard: 50,
};
const started = (n: number) => (ev: readonly SourceEvent[]) =>
  ev.filter((e) => e.type === 'shard-started').length >= n;

describe('where reading starts', () => {
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(() => {
    client = kinesisClient(inject('stack').kinesis as string);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    client.destroy();
  });
  const source = (opts: Omit<Parameters<typeof createKinesisSource>[0], 'client'>) => {
    const s = createKinesisSource({ client, ...fast, ...opts });
    sources.push(s);
    return s;
  };

  it('LATEST reads only what was written after the shards started', async () => {
    const stream = await createStream(client, 'latest', 2);
    await putRecords(client, stream, numbered('old', 100));
    const s = source({ streamName: stream, startPosition: { type: 'LATEST' } });
    const it = s[Symbol.asyncIterator]();
    const first = await collectUntil(s, started(2), 10_000, it);
    await putRecords(client, stream, numbered('new', 50));
    const rest = await collectUntil(s, (ev) => recordCount(ev) >= 50, 10_000, it);
    await new Promise((r) => setTimeout(r, 200));
    await s.stop();
    expect(recordCount(first)).toBe(0);
    expect(recordTexts(rest).sort()).toEqual(
      numbered('new', 50)
        .map((p) => p.data)
        .sort(),
    );
    const startedEvents = first.filter((e) => e.type === 'shard-started');
    expect(startedEvents.map((e) => e.type === 'shard-started' && e.startPosition.type)).toEqual([
      'LATEST',
      'LATEST',
    ]);
  });

  it('a LATEST shard checkpointed before its first record resumes from when it started', async () => {
    const stream = await createStream(client, 'latest-cp', 1);
    await putRecords(client, stream, numbered('old', 20));
    const first = source({ streamName: stream, startPosition: { type: 'LATEST' } });
    await collectUntil(first, started(1));
    const checkpoint = first.positions();
    await first.stop();
    // Written while no process was reading: a plain LATEST restart would skip these.
    await putRecords(client, stream, numbered('gap', 30));
    const second = source({ streamName: stream, startPosition: { type: 'LATEST' }, checkpoint });
    const events = await collectUntil(second, (ev) => recordCount(ev) >= 30);
    await new Promise((r) => setTimeout(r, 100));
    await second.stop();
    expect(recordTexts(events)).toEqual(numbered('gap', 30).map((p) => p.data));
  });

  it('AT_TIMESTAMP reads from the first record that arrived at or after the timestamp', async () => {
    const stream = await createStream(client, 'at-ts', 2);
    await putRecords(client, stream, numbered('before', 80));
    await new Promise((r) => setTimeout(r, 30));
    const timestamp = new Date();
    await new Promise((r) => setTimeout(r, 30));
    await putRecords(client, stream, numbered('after', 60));
    const s = source({ streamName: stream, startPosition: { type: 'AT_TIMESTAMP', timestamp } });
    const events = await collectUntil(s, (ev) => recordCount(ev) >= 60);
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
    expect(recordTexts(events).sort()).toEqual(
      numbered('after', 60)
        .map((p) => p.data)
        .sort(),
    );
    for (const e of events) {
      if (e.type === 'records') {
        for (const r of e.records)
          expect(r.approximateArrivalTimestamp).toBeGreaterThanOrEqual(timestamp.getTime());
      }
    }
  });

  it('positions count exactly the records handed over, and a checkpoint resumes right after them', async () => {
    const stream = await createStream(client, 'resume', 2);
    const written = await putRecords(client, stream, numbered('a', 3_000));
    const first = source({ streamName: stream, maxRecordsPerCall: 100, maxBufferedRecords: 300 });
    const it = first[Symbol.asyncIterator]();
    const received: string[] = [];
    const expected: Record<string, ShardPosition> = {};
    while (received.length < 1_000) {
      const next = await it.next();
      if (next.done) throw new Error('ended early');
      const e = next.value;
      if (e.type === 'shard-started')
        expected[e.shardId] = { startPosition: { type: 'TRIM_HORIZON' } };
      if (e.type === 'records') {
        for (const r of e.records) received.push(r.sequenceNumber);
        expected[e.shardId] = { sequenceNumber: e.records[e.records.length - 1].sequenceNumber };
      }
      // positions() reflects exactly what was received, never the buffer ahead of it.
      expect(first.positions()).toEqual({ shards: expected, finished: [] });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(first.stats().bufferedRecords).toBeGreaterThan(0);
    const checkpoint = first.positions();
    await first.stop();
    expect(first.positions()).toEqual(checkpoint);

    const more = await putRecords(client, stream, numbered('b', 500));
    const second = source({
      streamName: stream,
      checkpoint: JSON.parse(JSON.stringify(checkpoint)),
    });
    const rest = await collectUntil(second, (ev) => received.length + recordCount(ev) >= 3_500);
    await new Promise((r) => setTimeout(r, 200));
    await second.stop();
    const resumed = rest.flatMap((e) =>
      e.type === 'records' ? e.records.map((r) => r.sequenceNumber) : [],
    );
    const all = [...received, ...resumed];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...written, ...more].map((w) => w.sequenceNumber).sort());
    for (const e of rest) {
      if (e.type === 'shard-started') {
        expect(e.startPosition).toEqual({
          type: 'AFTER_SEQUENCE_NUMBER',
          sequenceNumber: (checkpoint.shards[e.shardId] as { sequenceNumber: string })
            .sequenceNumber,
        });
      }
    }
  });
});
