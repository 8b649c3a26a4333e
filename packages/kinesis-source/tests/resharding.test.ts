import { MergeShardsCommand, SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisSource, type KinesisSource, type SourceEvent } from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  numbered,
  putRecords,
  recordCount,
  shardsOf,
  text,
  waitActive,
} from './helpers/kinesis.js';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 300,
  maxCallsPerSecondPerShard: 50,
};
const MID = (2n ** 127n).toString();

/** Per partition key, the numbers of the records in the order received. */
function orderPerKey(events: readonly SourceEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'records') continue;
    for (const r of e.records) {
      const n = Number(text(r.data).split('-')[1]);
      out.set(r.partitionKey, [...(out.get(r.partitionKey) ?? []), n]);
    }
  }
  return out;
}

/** `n` records numbered from `from`, so every key's records are numbered in write order. */
const batch = (from: number, n: number) => numbered('x', from + n, 16).slice(from);

function expectParentBeforeChild(events: readonly SourceEvent[], child: string, parents: string[]) {
  const started = events.findIndex((e) => e.type === 'shard-started' && e.shardId === child);
  expect(started).toBeGreaterThanOrEqual(0);
  for (const p of parents) {
    const finished = events.findIndex((e) => e.type === 'shard-finished' && e.shardId === p);
    expect(finished).toBeGreaterThanOrEqual(0);
    expect(finished).toBeLessThan(started);
    const lastParentRecords = events.findLastIndex((e) => e.type === 'records' && e.shardId === p);
    expect(lastParentRecords).toBeLessThan(finished);
  }
  const firstChildRecords = events.findIndex((e) => e.type === 'records' && e.shardId === child);
  if (firstChildRecords >= 0) expect(firstChildRecords).toBeGreaterThan(started);
}

describe('resharding', () => {
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(() => {
    client = kinesisClient(inject('stack').kinesis as string);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    client.destroy();
  });

  it('reads a split and then a merge parent-before-child, keeping per-key order', async () => {
    const stream = await createStream(client, 'reshard', 1);
    const [root] = await shardsOf(client, stream);
    await putRecords(client, stream, batch(0, 300));
    await client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: root.ShardId,
        NewStartingHashKey: MID,
      }),
    );
    await waitActive(client, stream);
    await putRecords(client, stream, batch(300, 300));
    const children = (await shardsOf(client, stream)).filter(
      (s) => s.ParentShardId === root.ShardId,
    );
    expect(children).toHaveLength(2);
    await client.send(
      new MergeShardsCommand({
        StreamName: stream,
        ShardToMerge: children[0].ShardId,
        AdjacentShardToMerge: children[1].ShardId,
      }),
    );
    await waitActive(client, stream);
    await putRecords(client, stream, batch(600, 300));
    const merged = (await shardsOf(client, stream)).find(
      (s) => s.AdjacentParentShardId !== undefined,
    );
    expect(merged).toBeDefined();

    const source = createKinesisSource({
      client,
      streamName: stream,
      ...fast,
      maxRecordsPerCall: 70,
    });
    sources.push(source);
    const events = await collectUntil(source, (ev) => recordCount(ev) >= 900);
    await source.stop();

    const ids = [
      root.ShardId,
      children[0].ShardId,
      children[1].ShardId,
      merged?.ShardId,
    ] as string[];
    expectParentBeforeChild(events, ids[1], [ids[0]]);
    expectParentBeforeChild(events, ids[2], [ids[0]]);
    expectParentBeforeChild(events, ids[3], [ids[1], ids[2]]);
    const finishedRoot = events.find((e) => e.type === 'shard-finished' && e.shardId === ids[0]);
    expect(finishedRoot).toMatchObject({ childShardIds: [ids[1], ids[2]] });
    const startedMerged = events.find((e) => e.type === 'shard-started' && e.shardId === ids[3]);
    expect(startedMerged).toMatchObject({
      parentShardIds: [ids[1], ids[2]],
      startPosition: { type: 'TRIM_HORIZON' },
    });
    for (const [key, order] of orderPerKey(events)) {
      expect(order, key).toEqual([...order].sort((a, b) => a - b));
      expect(order.length, key).toBeGreaterThan(50);
    }
    expect(source.positions().finished).toEqual([ids[0], ids[1], ids[2]]);
    expect(Object.keys(source.positions().shards)).toEqual([ids[3]]);
  });

  it('notices a split while the parent is still being read, and reads the children after it', async () => {
    const stream = await createStream(client, 'live-split', 1);
    const [root] = await shardsOf(client, stream);
    await putRecords(client, stream, batch(0, 200));
    // Slow enough (20 records per call, 10 calls/s) that the parent has ~1 s left to read when
    // discovery lists the children.
    const source = createKinesisSource({
      client,
      streamName: stream,
      ...fast,
      maxRecordsPerCall: 20,
      maxCallsPerSecondPerShard: 10,
      shardDiscoveryIntervalMs: 100,
    });
    sources.push(source);
    const it = source[Symbol.asyncIterator]();
    const before = await collectUntil(source, (ev) => recordCount(ev) >= 1, 10_000, it);
    await client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: root.ShardId,
        NewStartingHashKey: MID,
      }),
    );
    await waitActive(client, stream);
    await putRecords(client, stream, batch(200, 200));
    const after = await collectUntil(
      source,
      (ev) => recordCount(before) + recordCount(ev) >= 400,
      15_000,
      it,
    );
    const discovered = after.findIndex((e) => e.type === 'shard-discovered');
    const parentFinished = after.findIndex((e) => e.type === 'shard-finished');
    expect(discovered).toBeGreaterThanOrEqual(0);
    // The children were listed while the parent still had records to deliver.
    expect(
      after.findIndex(
        (e, i) => i > discovered && e.type === 'records' && e.shardId === root.ShardId,
      ),
    ).toBeGreaterThan(discovered);
    expect(parentFinished).toBeGreaterThan(discovered);
    await source.stop();
    const events = [...before, ...after];
    const children = (await shardsOf(client, stream)).filter(
      (s) => s.ParentShardId === root.ShardId,
    );
    for (const c of children)
      expectParentBeforeChild(events, c.ShardId as string, [root.ShardId as string]);
    for (const [key, order] of orderPerKey(events)) {
      expect(order, key).toEqual([...order].sort((a, b) => a - b));
    }
    expect(recordCount(events)).toBe(400);
  });

  it('resumes a checkpoint taken mid-lineage: finished parents are not re-read, children start at their beginning', async () => {
    const stream = await createStream(client, 'cp-reshard', 1);
    const [root] = await shardsOf(client, stream);
    await putRecords(client, stream, batch(0, 100));
    await client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: root.ShardId,
        NewStartingHashKey: MID,
      }),
    );
    await waitActive(client, stream);
    await putRecords(client, stream, batch(100, 100));

    // LATEST skips the closed parent (recording it as finished) and starts the open children.
    const latest = createKinesisSource({
      client,
      streamName: stream,
      ...fast,
      startPosition: { type: 'LATEST' },
    });
    sources.push(latest);
    const latestEvents = await collectUntil(
      latest,
      (ev) => ev.filter((e) => e.type === 'shard-started').length >= 2,
    );
    await latest.stop();
    expect(
      latestEvents.filter((e) => e.type === 'shard-started').map((e) => e.shardId),
    ).not.toContain(root.ShardId);
    // The children's LATEST starts are kept as AT_TIMESTAMP of their start: a restart under
    // LATEST must not skip what arrives in between.
    const latestPositions = latest.positions();
    expect(latestPositions.finished).toEqual([root.ShardId]);
    expect(Object.values(latestPositions.shards)).toEqual([
      { startPosition: { type: 'AT_TIMESTAMP', timestamp: expect.any(Number) } },
      { startPosition: { type: 'AT_TIMESTAMP', timestamp: expect.any(Number) } },
    ]);

    // A first run reads the parent to its end and stops before receiving any child record.
    const first = createKinesisSource({ client, streamName: stream, ...fast });
    sources.push(first);
    const firstEvents = await collectUntil(first, (ev) =>
      ev.some((e) => e.type === 'shard-finished'),
    );
    const checkpoint = first.positions();
    await first.stop();
    expect(recordCount(firstEvents)).toBe(100);
    expect(checkpoint).toEqual({ shards: {}, finished: [root.ShardId] });

    // Another source resumes: the children (never received) start at TRIM_HORIZON, not LATEST.
    const second = createKinesisSource({
      client,
      streamName: stream,
      ...fast,
      startPosition: { type: 'LATEST' },
      checkpoint,
    });
    sources.push(second);
    const events = await collectUntil(second, (ev) => recordCount(ev) >= 100);
    await new Promise((r) => setTimeout(r, 100));
    await second.stop();
    expect(recordCount(events)).toBe(100);
    for (const e of events) {
      if (e.type === 'shard-started') expect(e.startPosition).toEqual({ type: 'TRIM_HORIZON' });
    }
  });
});
