import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisSource,
  type KinesisSource,
  type KinesisSourceOptions,
} from '../src/index.js';
import {
  collectUntil,
  createStream,
  kinesisClient,
  logCalls,
  numbered,
  putRecords,
  recordCount,
} from './helpers/kinesis.js';
import {
  startKinesisFaultProxy,
  VirtualClock,
  type KinesisFaultProxy,
} from '@tripstream/test-support';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('per-shard limits and backpressure (measured at a proxy)', () => {
  let direct: KinesisClient;
  let proxy: KinesisFaultProxy;
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(async () => {
    const endpoint = inject('stack').kinesis as string;
    direct = kinesisClient(endpoint);
    proxy = await startKinesisFaultProxy(endpoint);
    client = kinesisClient(proxy.endpoint, 1);
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    // Aborted calls already on the wire may still arrive: let them land before clearing.
    await sleep(150);
    proxy.calls.length = 0;
  });
  afterAll(async () => {
    client.destroy();
    direct.destroy();
    await proxy.close();
  });
  const source = (opts: Partial<KinesisSourceOptions> & { streamName: string }) => {
    const s = createKinesisSource({ client, shardDiscoveryIntervalMs: 500, ...opts });
    sources.push(s);
    return s;
  };
  const getRecordsTimes = () =>
    proxy.calls.filter((c) => c.operation === 'GetRecords').map((c) => c.at);
  /**
   * A client of its own and a virtual clock that stands still while one of its calls is in
   * flight: limits are judged in the source's time, whatever the machine's load.
   */
  const virtualTime = () => {
    const own = kinesisClient(inject('stack').kinesis as string, 1);
    const clock = new VirtualClock({
      start: Date.now(),
      autoAdvance: true,
      idle: () => log.inFlight === 0,
    });
    const log = logCalls(own, () => clock.now());
    const getRecordsAt = () =>
      log.calls.filter((c) => c.operation === 'GetRecords').map((c) => c.at);
    return { client: own, clock, getRecordsAt };
  };

  it('keeps GetRecords calls of a shard within maxCallsPerSecondPerShard, even when idle polling is 0', async () => {
    const stream = await createStream(direct, 'calls', 1);
    await putRecords(direct, stream, numbered('c', 100));
    const vt = virtualTime();
    const s = source({
      streamName: stream,
      client: vt.client,
      clock: vt.clock,
      maxCallsPerSecondPerShard: 10,
      idlePollIntervalMs: 0,
      maxRecordsPerCall: 10,
    });
    const it = s[Symbol.asyncIterator]();
    const started = vt.clock.now();
    await collectUntil(s, (ev) => recordCount(ev) >= 100, 10_000, it);
    // Then idle polling for the rest of 1.5 s of the source's time.
    while (vt.clock.now() - started < 1_500) await sleep(5);
    await s.stop();
    vt.client.destroy();
    const at = vt.getRecordsAt();
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(at.length).toBeGreaterThanOrEqual(10);
    expect(at.length).toBeLessThanOrEqual(1 + Math.ceil((at[at.length - 1] - at[0]) / 100));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it('keeps bytes read from a shard within maxBytesPerSecondPerShard', async () => {
    const stream = await createStream(direct, 'bytes', 1);
    const payload = 'x'.repeat(998); // + 2-character partition key = 1000 bytes per record
    await putRecords(
      direct,
      stream,
      Array.from({ length: 60 }, (_, i) => ({ partitionKey: `k${i % 10}`, data: payload })),
    );
    const vt = virtualTime();
    const s = source({
      streamName: stream,
      client: vt.client,
      clock: vt.clock,
      maxBytesPerSecondPerShard: 40_000,
      maxRecordsPerCall: 10,
      maxCallsPerSecondPerShard: 1_000,
      idlePollIntervalMs: 10,
    });
    await collectUntil(s, (ev) => recordCount(ev) >= 60);
    await s.stop();
    vt.client.destroy();
    const at = vt.getRecordsAt().slice(0, 6);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // 10 000 bytes per call at 40 000 bytes/s: a call every 250 ms of the source's time.
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(250);
    expect(at[5] - at[0]).toBeGreaterThanOrEqual(1_250);
  });

  it('fetches no further than maxBufferedRecords ahead of a consumer that stopped pulling', async () => {
    const stream = await createStream(direct, 'backpressure', 1);
    await putRecords(direct, stream, numbered('p', 1_000));
    const s = source({
      streamName: stream,
      maxBufferedRecords: 100,
      maxRecordsPerCall: 50,
      maxCallsPerSecondPerShard: 1_000,
      idlePollIntervalMs: 10,
    });
    const it = s[Symbol.asyncIterator]();
    const first = await collectUntil(s, (ev) => recordCount(ev) >= 1, 10_000, it);
    for (let i = 0; i < 100 && s.stats().bufferedRecords < 100; i++) await sleep(50);
    await sleep(300);
    const calls = getRecordsTimes().length;
    // One batch delivered, at most 100 buffered (+ one call's overshoot), then the reader waits.
    expect(calls).toBeLessThanOrEqual(4);
    expect(s.stats().bufferedRecords).toBeLessThanOrEqual(150);
    expect(s.stats().bufferedRecords).toBeGreaterThanOrEqual(100);
    await sleep(300);
    expect(getRecordsTimes().length).toBe(calls);
    const rest = await collectUntil(
      s,
      (ev) => recordCount(first) + recordCount(ev) >= 1_000,
      20_000,
      it,
    );
    expect(recordCount(first) + recordCount(rest)).toBe(1_000);
  });

  it('stop() ends the iteration, aborts in-flight calls and sends nothing afterwards', async () => {
    const stream = await createStream(direct, 'stop', 2);
    await putRecords(direct, stream, numbered('s', 500));
    const s = source({
      streamName: stream,
      maxRecordsPerCall: 20,
      maxBufferedRecords: 40,
      idlePollIntervalMs: 10,
    });
    const it = s[Symbol.asyncIterator]();
    await collectUntil(s, (ev) => recordCount(ev) >= 100, 10_000, it);
    const positions = s.positions();
    const pending = it.next();
    await s.stop();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await expect(it.next()).resolves.toEqual({ done: true, value: undefined });
    const stoppedAt = Date.now();
    await sleep(300);
    // Calls aborted on the wire may still land just after; nothing is sent afterwards.
    expect(proxy.calls.filter((c) => c.at > stoppedAt + 50)).toEqual([]);
    // The dropped buffer was never received, so positions did not move.
    expect(s.positions()).toEqual(positions);
    await s.stop(); // idempotent
  });
});
