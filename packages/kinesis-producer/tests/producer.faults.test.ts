import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KinesisProducer,
  PutRecordsFailedError,
  ShardMapError,
  type Acknowledgement,
} from '../src/index.js';
import {
  putRecordsFaults,
  seededRandom,
  startKinesisFaultProxy,
  type KinesisFaultProxy,
  type PutRecordsFaults,
} from '@tripstream/test-support';
import { decode, encodeWatermark, testRecord, type TestRecord } from './support/codec.js';
import {
  createStream,
  kinesisClient,
  kinesisEndpoint,
  readStream,
  uniqueStreamName,
} from './support/kinesis.js';
import { notExactlyOnce, verifyStream } from './support/verify.js';

const direct = kinesisClient();
const proxies: KinesisFaultProxy[] = [];
const T0 = 1_700_000_000_000;

async function proxied(plan: Omit<PutRecordsFaults, 'random'>, seed = 42) {
  const faults = putRecordsFaults({ ...plan, random: seededRandom(seed) });
  const proxy = await startKinesisFaultProxy(kinesisEndpoint(), faults);
  proxies.push(proxy);
  return { proxy, client: kinesisClient(proxy.endpoint) };
}

/** Data of one test record as the proxy sees it (base64 JSON). */
function idOf(entry: { Data: string }): number {
  return (JSON.parse(Buffer.from(entry.Data, 'base64').toString('utf8')) as { id: number }).id;
}

afterAll(async () => {
  for (const p of proxies) await p.close();
  direct.destroy();
});

describe('throttling and 5xx from Kinesis', () => {
  const n = 3000;
  const streamName = uniqueStreamName('faults');
  const acks: Acknowledgement<TestRecord>[] = [];
  let proxy: KinesisFaultProxy;
  let producer: KinesisProducer<TestRecord>;

  beforeAll(async () => {
    await createStream(direct, streamName, 4);
    const p = await proxied({
      entryThrottleRate: 0.25,
      entryInternalFailureRate: 0.05,
      callErrorRate: 0.1,
      callThrottleRate: 0.05,
    });
    proxy = p.proxy;
    producer = new KinesisProducer<TestRecord>({
      client: p.client,
      streamName,
      pacing: false,
      watermark: { encode: encodeWatermark, intervalMs: 50, everyRecords: 100 },
      batch: { lingerMs: 10, maxRecords: 200 },
      retry: { maxAttempts: 40, baseDelayMs: 5, maxDelayMs: 50 },
      onAcknowledge: (ack) => acks.push(ack),
    });
    for (let id = 0; id < n; id++) await producer.put(testRecord(id, T0 + id));
    await producer.close();
  });

  it('injected the faults', () => {
    expect(proxy.stats.throttledEntries).toBeGreaterThan(500);
    expect(proxy.stats.internalFailureEntries).toBeGreaterThan(50);
    expect(proxy.stats.failedCalls).toBeGreaterThan(3);
    expect(proxy.stats.throttledCalls).toBeGreaterThan(0);
  });

  it('loses nothing and duplicates nothing', async () => {
    const report = verifyStream(await readStream(direct, streamName), acks);
    expect(notExactlyOnce(report.counts, n)).toEqual([]);
    expect(report.violations).toEqual([]);
    for (const s of report.shards.values()) expect(s.lastIsFinal).toBe(true);
  });

  it('counts retries and throttles', () => {
    const m = producer.metrics();
    expect(m.retries).toBeGreaterThan(proxy.stats.throttledEntries);
    expect(m.throttles).toBeGreaterThanOrEqual(
      proxy.stats.throttledEntries + proxy.stats.throttledCalls,
    );
    expect(m.failedCalls).toBe(proxy.stats.failedCalls + proxy.stats.throttledCalls);
    expect(m.failedRecords).toBe(0);
    expect(acks.some((a) => a.kind === 'record' && a.attempts > 2)).toBe(true);
  });
});

describe('a record being retried', () => {
  it('holds the watermark back on every shard until it is acknowledged', async () => {
    const streamName = uniqueStreamName('held');
    await createStream(direct, streamName, 2);
    let refusals = 0;
    const { client } = await proxied({
      alwaysThrottle: (e) => idOf(e) === 100 && refusals++ < 6,
    });
    const acks: Acknowledgement<TestRecord>[] = [];
    const producer = new KinesisProducer<TestRecord>({
      client,
      streamName,
      pacing: false,
      watermark: { encode: encodeWatermark, everyRecords: 20 },
      batch: { lingerMs: 1, maxRecords: 10 },
      retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 40 },
      onAcknowledge: (ack) => acks.push(ack),
    });
    for (let id = 0; id < 400; id++) {
      // Halfway, wait until 100 got through, so later rounds can pass it.
      while (id === 300 && !acks.some((a) => a.kind === 'record' && a.record.id === 100)) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await producer.put(testRecord(id, T0 + id * 10));
    }
    await producer.close();

    const held = acks.findIndex((a) => a.kind === 'record' && a.record.id === 100);
    const ack100 = acks[held] as Extract<Acknowledgement<TestRecord>, { kind: 'record' }>;
    expect(ack100.attempts).toBe(7);
    const before = acks.slice(0, held).filter((a) => a.kind === 'watermark');
    const after = acks.slice(held).filter((a) => a.kind === 'watermark' && !a.final);
    // Records after 100 were acknowledged meanwhile; the watermark still waited for 100.
    expect(acks.slice(0, held).some((a) => a.kind === 'record' && a.record.id > 150)).toBe(true);
    expect(before.length).toBeGreaterThan(0);
    for (const w of before) expect(w.kind === 'watermark' && w.watermarkMs).toBeLessThan(T0 + 1000);
    expect(after.some((w) => w.kind === 'watermark' && w.watermarkMs >= T0 + 1000)).toBe(true);
    const report = verifyStream(await readStream(direct, streamName), acks);
    expect(report.violations).toEqual([]);
    expect(notExactlyOnce(report.counts, 400)).toEqual([]);
  });
});

describe('a record Kinesis keeps refusing', () => {
  it('fails flush() and close() with the record, writes nothing past it, keeps the rest', async () => {
    const streamName = uniqueStreamName('refused');
    await createStream(direct, streamName, 2);
    const { client } = await proxied({ alwaysThrottle: (e) => idOf(e) === 7 });
    const producer = new KinesisProducer<TestRecord>({
      client,
      streamName,
      pacing: false,
      watermark: { encode: encodeWatermark, everyRecords: 5 },
      batch: { lingerMs: 1, maxRecords: 4 },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    for (let id = 0; id < 50; id++) await producer.put(testRecord(id, T0 + id));
    const flushed = await producer.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(flushed).toBeInstanceOf(PutRecordsFailedError);
    const error = flushed as PutRecordsFailedError<TestRecord>;
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]).toMatchObject({
      kind: 'record',
      errorCode: 'ProvisionedThroughputExceededException',
      attempts: 3,
    });
    expect(error.failures[0].kind === 'record' && error.failures[0].record.id).toBe(7);
    await expect(producer.put(testRecord(99, T0 + 99))).rejects.toBe(error);
    await expect(producer.close()).rejects.toBe(error);

    const read = [...(await readStream(direct, streamName)).values()]
      .flat()
      .map((r) => decode(r.data));
    const ids = read.flatMap((d) => (d.kind === 'record' ? [d.id] : []));
    expect(ids.sort((a, b) => a - b)).toEqual([...Array(50).keys()].filter((i) => i !== 7));
    const watermarks = read.flatMap((d) => (d.kind === 'watermark' ? [d.wm] : []));
    expect(watermarks.every((w) => w < T0 + 7)).toBe(true);
    expect(watermarks).not.toContain(Infinity);
  });

  it('fails at once on an error no retry can fix', async () => {
    const streamName = uniqueStreamName('denied');
    await createStream(direct, streamName, 1);
    const { client, proxy } = await proxied({
      failTargets: {
        PutRecords: { status: 400, type: 'AccessDeniedException', message: 'not allowed' },
      },
    });
    const producer = new KinesisProducer<TestRecord>({ client, streamName, pacing: false });
    await producer.put(testRecord(1, T0));
    await producer.put(testRecord(2, T0));
    const error = (await producer.close().catch((e: unknown) => e)) as PutRecordsFailedError;
    expect(error).toBeInstanceOf(PutRecordsFailedError);
    expect(error.failures.map((f) => [f.errorCode, f.attempts])).toEqual([
      ['AccessDeniedException', 1],
      ['AccessDeniedException', 1],
    ]);
    expect(proxy.stats.calls.PutRecords).toBe(1);
  });
});

describe('shard map', () => {
  it('follows ListShards pagination', async () => {
    const streamName = uniqueStreamName('pages');
    await createStream(direct, streamName, 4);
    const { client, proxy } = await proxied({ listShardsPageSize: 1 });
    const producer = new KinesisProducer({ client, streamName });
    await producer.start();
    expect(producer.shardMap?.shards.map((s) => s.shardId)).toHaveLength(4);
    expect(proxy.stats.listShardsPages).toBe(4);
    const covered = producer.shardMap?.shards.reduce(
      (sum, s) => sum + (s.endingHashKey - s.startingHashKey + 1n),
      0n,
    );
    expect(covered).toBe(1n << 128n);
    await producer.close();
  });

  it('rejects with ShardMapError for a missing stream', async () => {
    const producer = new KinesisProducer({ client: direct, streamName: uniqueStreamName('none') });
    const error = await producer.put({ data: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardMapError);
    expect((error as ShardMapError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
    producer.destroy();
  });
});
