import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisSource,
  ShardDiscoveryError,
  ShardReadError,
  ThrottledError,
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
  recordTexts,
} from './helpers/kinesis.js';
import {
  startKinesisFaultProxy,
  VirtualClock,
  type KinesisFaultProxy,
} from '@tripstream/test-support';

const fast = {
  idlePollIntervalMs: 20,
  shardDiscoveryIntervalMs: 500,
  maxCallsPerSecondPerShard: 100,
  retry: { baseDelayMs: 5, maxDelayMs: 40 },
};

describe('throttling, expired iterators and errors (through a proxy)', () => {
  let direct: KinesisClient;
  let proxy: KinesisFaultProxy;
  let client: KinesisClient;
  const sources: KinesisSource[] = [];
  beforeAll(async () => {
    const endpoint = inject('stack').kinesis as string;
    direct = kinesisClient(endpoint);
    proxy = await startKinesisFaultProxy(endpoint);
    // One attempt per call: every injected error reaches the source's own handling.
    client = kinesisClient(proxy.endpoint, 1);
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    // Aborted calls already on the wire may still arrive: let them land before clearing.
    await new Promise((r) => setTimeout(r, 150));
    proxy.plan = () => undefined;
    proxy.calls.length = 0;
  });
  afterAll(async () => {
    client.destroy();
    direct.destroy();
    await proxy.close();
  });
  const source = (opts: Partial<KinesisSourceOptions> & { streamName: string }) => {
    const s = createKinesisSource({ client, ...fast, ...opts });
    sources.push(s);
    return s;
  };
  const getRecords = () => proxy.calls.filter((c) => c.operation === 'GetRecords');

  it('backs off on ProvisionedThroughputExceededException and still reads everything once', async () => {
    const stream = await createStream(direct, 'throttle', 2);
    const written = await putRecords(direct, stream, numbered('t', 1_000));
    let n = 0;
    proxy.plan = (call) =>
      call.operation === 'GetRecords' && n++ % 3 !== 2
        ? 'ProvisionedThroughputExceededException'
        : undefined;
    const s = source({ streamName: stream, maxRecordsPerCall: 50 });
    const events = await collectUntil(s, (ev) => recordCount(ev) >= 1_000);
    await new Promise((r) => setTimeout(r, 100));
    const texts = recordTexts(events);
    expect(texts).toHaveLength(1_000);
    expect(texts.sort()).toEqual(written.map((w) => w.data).sort());
    await s.stop();
    const throttled = s.stats().shards.reduce((a, sh) => a + sh.throttled, 0);
    expect(throttled).toBeGreaterThan(20);
    // Every throttled answer was seen by the source, except at most one in flight per shard.
    const injected = getRecords().filter((c) => c.injected).length;
    expect(injected - throttled).toBeGreaterThanOrEqual(0);
    expect(injected - throttled).toBeLessThanOrEqual(2);
  });

  it('spaces calls by the backoff, doubling while throttling lasts', async () => {
    const stream = await createStream(direct, 'backoff', 1);
    await putRecords(direct, stream, numbered('b', 10));
    proxy.plan = (call, calls) =>
      call.operation === 'GetRecords' &&
      calls.filter((c) => c.operation === 'GetRecords').length <= 6
        ? 'ProvisionedThroughputExceededException'
        : undefined;
    // Gaps on the source's clock, which stands still while a call is in flight.
    const own = kinesisClient(proxy.endpoint, 1);
    const clock = new VirtualClock({
      start: Date.now(),
      autoAdvance: true,
      idle: () => log.inFlight === 0,
    });
    const log = logCalls(own, () => clock.now());
    const s = source({
      streamName: stream,
      client: own,
      clock,
      retry: { baseDelayMs: 40, maxDelayMs: 1_000 },
      // Full jitter at 0.5: half of each cap.
      random: () => 0.5,
    });
    await collectUntil(s, (ev) => recordCount(ev) >= 10);
    await s.stop();
    own.destroy();
    const at = log.calls.filter((c) => c.operation === 'GetRecords').map((c) => c.at);
    const gaps = at.slice(1, 7).map((t, i) => t - at[i]);
    // Half of each exponential cap: 20, 40, 80, 160, 320, 500 ms.
    expect(gaps).toEqual([20, 40, 80, 160, 320, 500]);
  });

  it('fails with ThrottledError once retry.maxThrottledAttempts is used up', async () => {
    const stream = await createStream(direct, 'throttle-fail', 1);
    proxy.plan = (call) =>
      call.operation === 'GetRecords' ? 'ProvisionedThroughputExceededException' : undefined;
    const s = source({ streamName: stream, retry: { ...fast.retry, maxThrottledAttempts: 4 } });
    const error = await collectUntil(s, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ attempts: 4, shardId: 'shardId-000000000000' });
    expect(getRecords()).toHaveLength(4);
  });

  it('re-acquires an expired iterator right after the last fetched record', async () => {
    const stream = await createStream(direct, 'expired', 1);
    const written = await putRecords(direct, stream, numbered('e', 300));
    proxy.plan = (call, calls) =>
      call.operation === 'GetRecords' &&
      calls.filter((c) => c.operation === 'GetRecords').length === 2
        ? 'ExpiredIteratorException'
        : undefined;
    const s = source({ streamName: stream, maxRecordsPerCall: 100 });
    const events = await collectUntil(s, (ev) => recordCount(ev) >= 300);
    await new Promise((r) => setTimeout(r, 100));
    expect(recordTexts(events)).toEqual(written.map((w) => w.data));
    expect(s.stats().shards[0].iteratorsRenewed).toBe(1);
    const iterators = proxy.calls
      .filter((c) => c.operation === 'GetShardIterator')
      .map((c) => c.input);
    expect(iterators).toHaveLength(2);
    expect(iterators[1]).toMatchObject({
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: written[99].sequenceNumber,
    });
  });

  it('re-acquires an iterator that expired before any record under LATEST at the start time', async () => {
    const stream = await createStream(direct, 'expired-latest', 1);
    proxy.plan = (call, calls) =>
      call.operation === 'GetRecords' &&
      calls.filter((c) => c.operation === 'GetRecords').length === 1
        ? 'ExpiredIteratorException'
        : undefined;
    const s = source({ streamName: stream, startPosition: { type: 'LATEST' } });
    const it = s[Symbol.asyncIterator]();
    await collectUntil(s, (ev) => ev.some((e) => e.type === 'shard-started'), 10_000, it);
    await putRecords(direct, stream, numbered('l', 5));
    const events = await collectUntil(s, (ev) => recordCount(ev) >= 5, 10_000, it);
    expect(recordTexts(events)).toEqual(numbered('l', 5).map((p) => p.data));
    const iterators = proxy.calls
      .filter((c) => c.operation === 'GetShardIterator')
      .map((c) => c.input);
    expect(iterators.map((i) => i.ShardIteratorType)).toEqual(['LATEST', 'AT_TIMESTAMP']);
  });

  it('retries transient failures, then fails with ShardReadError after retry.maxAttempts', async () => {
    const stream = await createStream(direct, 'transient', 1);
    await putRecords(direct, stream, numbered('x', 20));
    let failures = 2;
    proxy.plan = (call) =>
      call.operation === 'GetRecords' && failures-- > 0 ? 'InternalFailure' : undefined;
    const ok = source({ streamName: stream, retry: { ...fast.retry, maxAttempts: 3 } });
    await collectUntil(ok, (ev) => recordCount(ev) >= 20);
    expect(ok.stats().shards[0].retries).toBe(2);
    await ok.stop();

    proxy.plan = (call) => (call.operation === 'GetRecords' ? 'InternalFailure' : undefined);
    const failing = source({ streamName: stream, retry: { ...fast.retry, maxAttempts: 3 } });
    const error = await collectUntil(failing, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardReadError);
    expect(error).toMatchObject({ operation: 'GetRecords', attempts: 3 });
    expect((error as Error).cause).toMatchObject({ name: 'InternalFailure' });
  });

  it('retries a throttled ListShards, and fails with ShardDiscoveryError on a fatal one', async () => {
    const stream = await createStream(direct, 'discovery', 1);
    await putRecords(direct, stream, numbered('d', 10));
    let throttles = 2;
    proxy.plan = (call) =>
      call.operation === 'ListShards' && throttles-- > 0 ? 'LimitExceededException' : undefined;
    const ok = source({ streamName: stream });
    await collectUntil(ok, (ev) => recordCount(ev) >= 10);
    expect(proxy.calls.filter((c) => c.operation === 'ListShards' && c.injected)).toHaveLength(2);
    await ok.stop();

    proxy.plan = (call) =>
      call.operation === 'ListShards' ? 'ResourceNotFoundException' : undefined;
    const missing = source({ streamName: stream });
    const error = await collectUntil(missing, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardDiscoveryError);
    expect(error).toMatchObject({ stream, attempts: 1 });
  });

  it('fails at once on a non-retryable error and stops every reader', async () => {
    const stream = await createStream(direct, 'fatal', 3);
    let n = 0;
    proxy.plan = (call) =>
      call.operation === 'GetRecords' && ++n === 5 ? 'AccessDeniedException' : undefined;
    const s = source({ streamName: stream });
    const error = await collectUntil(s, () => false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardReadError);
    expect(error).toMatchObject({ attempts: 1 });
    // Calls already on the wire may still land; nothing is sent afterwards.
    const failedAt = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.calls.filter((c) => c.at > failedAt + 50)).toEqual([]);
  });
});
