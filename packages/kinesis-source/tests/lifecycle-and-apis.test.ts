import { SplitShardCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { filter, firstValueFrom, scan, takeWhile, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  assignShards,
  createKinesisSource,
  SourceConsumedError,
  systemClock,
  type KinesisSource,
  type KinesisSourceOptions,
  type SourceEvent,
} from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  logCalls,
  numbered,
  putRecords,
  recordCount,
  recordTexts,
  shardsOf,
  waitActive,
} from './helpers/kinesis.js';
import { VirtualClock } from '@tripstream/test-support';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 300,
  maxCallsPerSecondPerShard: 50,
};

describe('lifecycle events and the two APIs', () => {
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(() => {
    client = kinesisClient(inject('stack').kinesis as string);
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    client.destroy();
  });
  const source = (opts: Partial<KinesisSourceOptions> & { streamName: string }) => {
    const s = createKinesisSource({ client, ...fast, ...opts });
    sources.push(s);
    return s;
  };

  it('reports a shard idle after idleTimeoutMs without records, and active again before new records', async () => {
    const stream = await createStream(client, 'idle', 1);
    await putRecords(client, stream, numbered('a', 5));
    // Judged on the source's clock, which stands still while a call is in flight.
    const own = kinesisClient(inject('stack').kinesis as string);
    const clock = new VirtualClock({
      start: Date.now(),
      autoAdvance: true,
      idle: () => calls.inFlight === 0,
    });
    const calls = logCalls(own, () => clock.now());
    const s = source({ streamName: stream, idleTimeoutMs: 250, client: own, clock });
    const it = s[Symbol.asyncIterator]();
    const t0 = clock.now();
    const first = await collectUntil(
      s,
      (ev) => ev.some((e) => e.type === 'shard-idle'),
      10_000,
      it,
    );
    const idleAfter = clock.now() - t0;
    await putRecords(client, stream, numbered('b', 3));
    const second = await collectUntil(s, (ev) => recordCount(ev) >= 3, 10_000, it);
    expect(recordCount(first)).toBe(5);
    expect(idleAfter).toBeGreaterThanOrEqual(250);
    const idle = first.find((e) => e.type === 'shard-idle');
    expect(idle).toMatchObject({ shardId: 'shardId-000000000000' });
    expect(second.map((e) => e.type)).toEqual(['shard-active', 'records']);
    expect(first.filter((e) => e.type === 'shard-idle')).toHaveLength(1);
  });

  it('measures idleness on the injected clock', async () => {
    const stream = await createStream(client, 'clock', 1);
    let minutes = 0;
    // Every reading of this clock is one minute later than the previous one.
    const clock = { now: () => Date.now() + 60_000 * minutes++, sleep: systemClock.sleep };
    const s = source({ streamName: stream, idleTimeoutMs: 30 * 60_000, clock });
    // On the system clock, this would wait 30 minutes and time out.
    const events = await collectUntil(s, (ev) => ev.some((e) => e.type === 'shard-idle'), 10_000);
    expect(events.filter((e) => e.type === 'shard-idle')).toHaveLength(1);
  });

  it('ends once every shard it reads is finished, with the children filtered out', async () => {
    const stream = await createStream(client, 'end', 1);
    const [root] = await shardsOf(client, stream);
    await putRecords(client, stream, numbered('e', 50));
    await client.send(
      new SplitShardCommand({
        StreamName: stream,
        ShardToSplit: root.ShardId,
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await waitActive(client, stream);
    const s = source({
      streamName: stream,
      shardFilter: (shard) => shard.shardId === root.ShardId,
    });
    const events: SourceEvent[] = [];
    for await (const e of s) events.push(e);
    expect(recordCount(events)).toBe(50);
    expect(events.at(-1)).toMatchObject({ type: 'shard-finished', shardId: root.ShardId });
    expect(s.positions()).toEqual({ shards: {}, finished: [root.ShardId] });
    expect(s.stats().shards.map((sh) => sh.status)).toEqual(['finished', 'excluded', 'excluded']);
  });

  it('observe(): emits the same events; unsubscribing stops the source; positions count what was emitted', async () => {
    const stream = await createStream(client, 'observe', 2);
    await putRecords(client, stream, numbered('o', 400));
    const s = source({ streamName: stream, maxRecordsPerCall: 25 });
    const seen = await firstValueFrom(
      s.observe().pipe(
        filter((e) => e.type === 'records'),
        scan((n, e) => n + (e.type === 'records' ? e.records.length : 0), 0),
        takeWhile((n) => n < 200, true),
        toArray(),
      ),
    );
    expect(seen.at(-1)).toBeGreaterThanOrEqual(200);
    // firstValueFrom unsubscribed: the readers stop without stop() being called.
    const calls = () => s.stats().shards.reduce((n, sh) => n + sh.getRecordsCalls, 0);
    await new Promise((r) => setTimeout(r, 100));
    const before = calls();
    await new Promise((r) => setTimeout(r, 300));
    expect(calls()).toBe(before);
    const pos = s.positions();
    const received = Object.keys(pos.shards);
    expect(received.length).toBeGreaterThan(0);

    // Resuming from those positions yields exactly the rest.
    const rest = source({ streamName: stream, checkpoint: pos });
    const all = await firstValueFrom(
      rest.observe().pipe(
        scan((n, e) => n + (e.type === 'records' ? e.records.length : 0), seen.at(-1) as number),
        takeWhile((n) => n < 400, true),
        toArray(),
      ),
    );
    expect(all.at(-1)).toBe(400);
  });

  it('empty: a source whose filter leaves no shard completes at once', async () => {
    const stream = await createStream(client, 'empty', 2);
    const s = source({ streamName: stream, shardFilter: () => false });
    const events: SourceEvent[] = [];
    for await (const e of s) events.push(e);
    expect(events).toEqual([]);
    expect(s.positions()).toEqual({ shards: {}, finished: [] });
  });

  it('re-entrancy: stop() called from inside the subscriber completes it and delivers nothing more', async () => {
    const stream = await createStream(client, 'reentrant', 2);
    await putRecords(client, stream, numbered('r', 300));
    const s = source({ streamName: stream, maxRecordsPerCall: 10 });
    const got: SourceEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      s.observe().subscribe({
        next: (e) => {
          got.push(e);
          if (e.type === 'records') void s.stop();
        },
        error: reject,
        complete: resolve,
      });
    });
    const firstRecords = got.findIndex((e) => e.type === 'records');
    expect(firstRecords).toBe(got.length - 1);
    const last = got[firstRecords];
    expect(s.positions().shards[last.shardId]).toEqual({
      sequenceNumber: last.type === 'records' ? last.records.at(-1)?.sequenceNumber : undefined,
    });
  });

  it('has one consumer: a second iterator or subscription fails with SourceConsumedError', async () => {
    const stream = await createStream(client, 'single', 1);
    const s = source({ streamName: stream });
    const it = s[Symbol.asyncIterator]();
    expect(() => s[Symbol.asyncIterator]()).toThrow(SourceConsumedError);
    await expect(firstValueFrom(s.observe())).rejects.toBeInstanceOf(SourceConsumedError);
    await s.stop();
    await expect(it.next()).resolves.toMatchObject({ done: true });
  });

  it('assignShards: two workers read disjoint shard sets whose union is the whole stream', async () => {
    const stream = await createStream(client, 'workers', 4);
    const written = await putRecords(client, stream, numbered('w', 800, 64));
    const read = async (worker: number) => {
      const s = source({
        streamName: stream,
        shardFilter: assignShards(worker, 2),
        idleTimeoutMs: 200,
      });
      const it = s[Symbol.asyncIterator]();
      const events = await collectUntil(
        s,
        (ev) => ev.filter((e) => e.type === 'shard-started').length >= 2,
        10_000,
        it,
      );
      // Drain until the shards go idle.
      events.push(
        ...(await collectUntil(
          s,
          (ev) => ev.filter((e) => e.type === 'shard-idle').length >= 2,
          10_000,
          it,
        )),
      );
      await s.stop();
      return events;
    };
    const [a, b] = await Promise.all([read(0), read(1)]);
    const shardsA = new Set(a.filter((e) => e.type === 'shard-started').map((e) => e.shardId));
    const shardsB = new Set(b.filter((e) => e.type === 'shard-started').map((e) => e.shardId));
    expect([...shardsA].sort()).toEqual(['shardId-000000000000', 'shardId-000000000002']);
    expect([...shardsB].sort()).toEqual(['shardId-000000000001', 'shardId-000000000003']);
    expect([...recordTexts(a), ...recordTexts(b)].sort()).toEqual(
      written.map((w) => w.data).sort(),
    );
  }, 30_000);
});
