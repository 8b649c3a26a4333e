import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisSource, type KinesisSource, type SourceEvent } from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  numbered,
  putRecords,
  recordCount,
  recordTexts,
  text,
} from './helpers/kinesis.js';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 500,
  maxCallsPerSecondPerShard: 50,
};

describe('reading every shard', () => {
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(() => {
    client = kinesisClient(inject('stack').kinesis as string);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    client.destroy();
  });
  const track = (s: KinesisSource) => (sources.push(s), s);

  it('delivers every record of every shard once, in shard order, with its fields', async () => {
    const stream = await createStream(client, 'all', 4);
    const written = await putRecords(client, stream, numbered('r', 2_000, 64));
    const source = track(createKinesisSource({ client, streamName: stream, ...fast }));
    const events = await collectUntil(source, (ev) => recordCount(ev) >= 2_000);
    await source.stop();

    expect(recordTexts(events).sort()).toEqual(written.map((w) => w.data).sort());
    const bySeq = new Map(written.map((w) => [w.sequenceNumber, w]));
    const perShard = new Map<string, string[]>();
    for (const e of events) {
      if (e.type !== 'records') continue;
      expect(e.records.length).toBeGreaterThan(0);
      for (const r of e.records) {
        const w = bySeq.get(r.sequenceNumber);
        expect(w).toBeDefined();
        expect(r.shardId).toBe(w?.shardId);
        expect(r.shardId).toBe(e.shardId);
        expect(r.partitionKey).toBe(w?.partitionKey);
        expect(text(r.data)).toBe(w?.data);
        expect(r.subSequenceNumber).toBeUndefined();
        expect(Math.abs(r.approximateArrivalTimestamp - Date.now())).toBeLessThan(60_000);
        perShard.set(r.shardId, [...(perShard.get(r.shardId) ?? []), r.sequenceNumber]);
      }
    }
    expect(perShard.size).toBe(4);
    for (const [shardId, seqs] of perShard) {
      const expected = written.filter((w) => w.shardId === shardId).map((w) => w.sequenceNumber);
      expect(seqs).toEqual(expected);
    }
    const kinds = (t: SourceEvent['type']) => events.filter((e) => e.type === t).length;
    expect(kinds('shard-discovered')).toBe(4);
    expect(kinds('shard-started')).toBe(4);
    // Discovery comes before a shard's start, which comes before its records.
    for (const shardId of perShard.keys()) {
      const idx = (t: string) => events.findIndex((e) => e.type === t && e.shardId === shardId);
      expect(idx('shard-discovered')).toBeLessThan(idx('shard-started'));
      expect(idx('shard-started')).toBeLessThan(idx('records'));
    }
  });
});
