import { afterAll, describe, expect, it } from 'vitest';
import {
  CallbackError,
  InvalidRecordError,
  KinesisProducer,
  ProducerClosedError,
  RecordTooLargeError,
  type Acknowledgement,
  type OutOfOrderRecord,
} from '../src/index.js';
import {
  putRecordsFaults,
  seededRandom,
  startKinesisFaultProxy,
  type KinesisFaultProxy,
  type PutRecordsFaults,
  VirtualClock,
} from '@tripstream/test-support';
import { encodeWatermark, testRecord, type TestRecord } from './support/codec.js';
import {
  createStream,
  kinesisClient,
  loggingClient,
  type SendLog,
  kinesisEndpoint,
  readStream,
  uniqueStreamName,
} from './support/kinesis.js';

const direct = kinesisClient();
const proxies: KinesisFaultProxy[] = [];
const T0 = 1_700_000_000_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function proxied(plan: Omit<PutRecordsFaults, 'random'> = {}) {
  const faults = putRecordsFaults({ ...plan, random: seededRandom(42) });
  const proxy = await startKinesisFaultProxy(kinesisEndpoint(), faults);
  proxies.push(proxy);
  return { proxy, client: kinesisClient(proxy.endpoint) };
}

async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Largest sum of `weight` sent to one shard in any window of `windowMs`. */
function peakPerWindow(
  log: SendLog[],
  shardOf: (partitionKey: string) => string,
  weight: (r: SendLog['records'][number]) => number,
  windowMs: number,
): Map<string, number> {
  const peaks = new Map<string, number>();
  for (let i = 0; i < log.length; i++) {
    const sums = new Map<string, number>();
    for (let j = i; j < log.length && log[j].timeMs - log[i].timeMs < windowMs; j++) {
      for (const r of log[j].records) {
        const shard = shardOf(r.PartitionKey as string);
        sums.set(shard, (sums.get(shard) ?? 0) + weight(r));
      }
    }
    for (const [shard, sum] of sums) peaks.set(shard, Math.max(peaks.get(shard) ?? 0, sum));
  }
  return peaks;
}

afterAll(async () => {
  for (const p of proxies) await p.close();
  direct.destroy();
});

describe('pacing', () => {
  it('keeps every shard under its records/s limit, however fast records are put', async () => {
    const streamName = uniqueStreamName('paced');
    await createStream(direct, streamName, 2);
    // Pacing is judged in the producer's own (virtual) time, which stands still while a call is
    // in flight: however slow the machine, the verdict is the same.
    const calls = { inFlight: 0 };
    const clock = new VirtualClock({ autoAdvance: true, idle: () => calls.inFlight === 0 });
    const log: SendLog[] = [];
    const client = loggingClient(log, () => clock.now(), calls);
    const producer = new KinesisProducer({
      client,
      streamName,
      clock,
      pacing: { recordsPerSecondPerShard: 300, burstMs: 100 },
      batch: { lingerMs: 5 },
    });
    const started = clock.now();
    for (let id = 0; id < 1400; id++) await producer.put({ data: `r${id}` });
    await producer.close();
    const elapsed = clock.now() - started;
    // ~700 records per shard at 300/s after a 30-record burst: >= 2.2 s of clock time.
    expect(elapsed).toBeGreaterThan(2000);
    const shardOf = (k: string) => producer.predictShard({ partitionKey: k })?.shardId ?? '?';
    const peaks = peakPerWindow(log, shardOf, () => 1, 1000);
    expect(peaks.size).toBe(2);
    // A bucket of 30 plus 300/s: at most 330 in any second (watermarks off here).
    for (const [shard, peak] of peaks) expect(peak, shard).toBeLessThanOrEqual(331);
    for (const [shard, peak] of peaks) expect(peak, shard).toBeGreaterThan(250);
    expect(producer.metrics().throttles).toBe(0);
    client.destroy();
  });

  it('keeps every shard under its bytes/s limit', async () => {
    const streamName = uniqueStreamName('paced-bytes');
    await createStream(direct, streamName, 1);
    const calls = { inFlight: 0 };
    const clock = new VirtualClock({ autoAdvance: true, idle: () => calls.inFlight === 0 });
    const log: SendLog[] = [];
    const client = loggingClient(log, () => clock.now(), calls);
    const producer = new KinesisProducer({
      client,
      streamName,
      clock,
      pacing: { bytesPerSecondPerShard: 100_000, burstMs: 100 },
      batch: { lingerMs: 5 },
    });
    const started = clock.now();
    const data = new Uint8Array(5_000 - 2);
    for (let id = 0; id < 30; id++) await producer.put({ data, partitionKey: `k${id % 10}` });
    await producer.close();
    // 150 kB at 100 kB/s after a 10 kB burst: >= 1.4 s of clock time.
    expect(clock.now() - started).toBeGreaterThan(1200);
    const size = (r: SendLog['records'][number]) =>
      (r.Data?.byteLength ?? 0) + (r.PartitionKey?.length ?? 0);
    const [peak] = [...peakPerWindow(log, () => 'one', size, 1000).values()];
    // 10 kB bucket plus 100 kB/s; one 5 kB record may overdraw an almost-full bucket.
    expect(peak).toBeLessThanOrEqual(100_000 + 10_000 + 5_000);
    client.destroy();
  });
});

describe('backpressure', () => {
  it('put() waits while maxBufferedRecords are unacknowledged', async () => {
    const streamName = uniqueStreamName('backpressure');
    await createStream(direct, streamName, 1);
    let open!: () => void;
    const { client, proxy } = await proxied({ gate: new Promise<void>((r) => (open = r)) });
    const producer = new KinesisProducer({
      client,
      streamName,
      pacing: false,
      batch: { lingerMs: 0, maxBufferedRecords: 50, maxRecords: 20 },
    });
    for (let id = 0; id < 50; id++) await producer.put({ data: `r${id}` });
    let accepted = false;
    const blocked = producer.put({ data: 'r50' }).then(() => (accepted = true));
    await sleep(100);
    expect(accepted).toBe(false);
    expect(producer.metrics()).toMatchObject({ bufferedRecords: 50, waitingPuts: 1 });
    expect(proxy.stats.calls.PutRecords).toBeGreaterThan(0);
    open();
    await blocked;
    await producer.close();
    const read = await readStream(direct, streamName);
    expect([...read.values()].flat()).toHaveLength(51);
  });
});

describe('in virtual time', () => {
  it('lingers lingerMs of clock time for a fuller batch', async () => {
    const streamName = uniqueStreamName('linger');
    await createStream(direct, streamName, 2);
    const { client, proxy } = await proxied();
    const clock = new VirtualClock();
    const acks: Acknowledgement[] = [];
    const producer = new KinesisProducer({
      client,
      streamName,
      clock,
      pacing: false,
      batch: { lingerMs: 100 },
      onAcknowledge: (a) => acks.push(a),
    });
    await producer.start();
    for (let id = 0; id < 10; id++) await producer.put({ data: `r${id}` });
    await sleep(50);
    clock.advance(99);
    await sleep(50);
    expect(proxy.stats.calls.PutRecords ?? 0).toBe(0);
    clock.advance(1);
    await eventually(() => acks.length === 10, '10 acknowledgements');
    expect(proxy.stats.calls.PutRecords).toBe(1);
    await producer.close();
  });

  it('writes a watermark to every shard each intervalMs; advanceSourceTime moves it', async () => {
    const streamName = uniqueStreamName('interval');
    await createStream(direct, streamName, 2);
    const clock = new VirtualClock();
    const acks: Acknowledgement<TestRecord>[] = [];
    const producer = new KinesisProducer<TestRecord>({
      client: direct,
      streamName,
      clock,
      watermark: { encode: encodeWatermark, intervalMs: 5000 },
      onAcknowledge: (a) => acks.push(a),
    });
    const watermarks = () => acks.filter((a) => a.kind === 'watermark');
    for (let id = 0; id < 5; id++) await producer.put(testRecord(id, T0 + id * 100));
    await producer.flush();
    clock.advance(4999);
    await sleep(50);
    expect(watermarks()).toEqual([]);
    clock.advance(1);
    await eventually(() => watermarks().length === 2, 'a watermark on both shards');
    expect(watermarks().map((w) => w.kind === 'watermark' && w.watermarkMs)).toEqual([
      T0 + 399,
      T0 + 399,
    ]);
    expect(new Set(watermarks().map((w) => w.shardId)).size).toBe(2);

    producer.advanceSourceTime(T0 + 10_000);
    clock.advance(5000);
    await eventually(() => watermarks().length === 4, 'a second round');
    expect(
      watermarks()
        .slice(2)
        .map((w) => w.kind === 'watermark' && w.watermarkMs),
    ).toEqual([T0 + 9_999, T0 + 9_999]);
    await producer.close();
    expect(watermarks().filter((w) => w.kind === 'watermark' && w.final)).toHaveLength(2);
  });
});

describe('out-of-order records', () => {
  it('reports records that break maxOutOfOrdernessMs, flagging those behind a watermark', async () => {
    const streamName = uniqueStreamName('ooo');
    await createStream(direct, streamName, 1);
    const events: OutOfOrderRecord<TestRecord>[] = [];
    const producer = new KinesisProducer<TestRecord>({
      client: direct,
      streamName,
      watermark: { encode: encodeWatermark, everyRecords: 1, maxOutOfOrdernessMs: 100 },
      onOutOfOrder: (e) => events.push(e),
    });
    await producer.put(testRecord(0, 1000));
    await producer.put(testRecord(1, 1200));
    await producer.put(testRecord(2, 1150)); // within 100 ms of 1200: fine
    const before = producer.watermarkMs as number;
    await producer.put(testRecord(3, 1050)); // breaks the bound (1100)
    await producer.flush();
    await producer.put(testRecord(4, 1300)); // nothing else unacknowledged: W = 1300 - 100 - 1
    expect(producer.watermarkMs).toBe(1199);
    await producer.put(testRecord(5, 1190)); // behind W: late
    await producer.close();
    expect(events.map((e) => [e.record.id, e.boundMs, e.late])).toEqual([
      [3, 1100, 1050 <= before],
      [5, 1200, true],
    ]);
    expect(events[1].watermarkMs).toBe(1199);
    expect(producer.metrics()).toMatchObject({ outOfOrderRecords: 2 });
  });
});

describe('invalid records', () => {
  const producer = new KinesisProducer<TestRecord>({
    client: direct,
    streamName: uniqueStreamName('never-created'),
    watermark: { encode: encodeWatermark },
  });
  afterAll(() => producer.destroy());

  it('rejects a record over 1 MiB with an error naming it', async () => {
    const error = await producer
      .put({ id: 1, eventTime: 1, data: new Uint8Array(1024 * 1024 - 2), partitionKey: 'big-one' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({
      partitionKey: 'big-one',
      sizeBytes: 1024 * 1024 + 5,
      limitBytes: 1024 * 1024,
      field: 'data',
    });
    expect((error as RecordTooLargeError<TestRecord>).record.id).toBe(1);
  });

  it.each([
    [{ id: 1, eventTime: 1, data: 'x', partitionKey: '' }, 'partitionKey'],
    [{ id: 1, eventTime: 1, data: 'x', partitionKey: 'k'.repeat(257) }, 'partitionKey'],
    [{ id: 1, eventTime: 1, data: 'x', explicitHashKey: 'abc' }, 'explicitHashKey'],
    [
      { id: 1, eventTime: 1, data: 'x', explicitHashKey: (1n << 128n).toString() },
      'explicitHashKey',
    ],
    [{ id: 1, eventTime: NaN, data: 'x' }, 'eventTime'],
    [{ id: 1, eventTime: 1, data: 42 as unknown as string }, 'data'],
  ])('rejects %j (%s)', async (record, field) => {
    const error = await producer.put(record as TestRecord).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).field).toBe(field);
  });

  it('rejects put() after close()', async () => {
    const streamName = uniqueStreamName('closed');
    await createStream(direct, streamName, 1);
    const p = new KinesisProducer({ client: direct, streamName });
    await p.close();
    await expect(p.put({ data: 'x' })).rejects.toBeInstanceOf(ProducerClosedError);
  });
});

describe('answers lost in the network', () => {
  it('are retried: nothing is lost, duplicates only for entries of lost answers', async () => {
    const streamName = uniqueStreamName('lost');
    await createStream(direct, streamName, 2);
    const { client, proxy } = await proxied({ lostAnswerRate: 0.2 });
    const producer = new KinesisProducer({
      client,
      streamName,
      pacing: false,
      batch: { lingerMs: 2, maxRecords: 50 },
      retry: { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 20 },
    });
    for (let id = 0; id < 1000; id++) await producer.put({ data: String(id) });
    await producer.close();
    const counts = new Map<string, number>();
    for (const r of [...(await readStream(direct, streamName)).values()].flat()) {
      const key = r.data.toString('utf8');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(1000);
    const duplicates = [...counts.values()].reduce((s, c) => s + c - 1, 0);
    expect(proxy.stats.lostAnswers).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
    expect(duplicates).toBeLessThanOrEqual(proxy.stats.lostAnswerEntries);
  });
});

describe('lifecycle', () => {
  it('fails with a CallbackError when a callback throws, after sending what it accepted', async () => {
    const streamName = uniqueStreamName('callback');
    await createStream(direct, streamName, 1);
    const boom = new Error('boom');
    const producer = new KinesisProducer({
      client: direct,
      streamName,
      onAcknowledge: () => {
        throw boom;
      },
    });
    await producer.put({ data: 'a' });
    await producer.put({ data: 'b' });
    const error = await producer.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallbackError);
    expect(error).toMatchObject({ callback: 'onAcknowledge', cause: boom });
    expect(producer.error).toBe(error);
    expect([...(await readStream(direct, streamName)).values()].flat()).toHaveLength(2);
  });

  it('destroy() rejects waiting calls and stops every timer', async () => {
    const streamName = uniqueStreamName('destroy');
    await createStream(direct, streamName, 1);
    const clock = new VirtualClock();
    const producer = new KinesisProducer({
      client: direct,
      streamName,
      clock,
      batch: { lingerMs: 60_000, maxBufferedRecords: 1 },
      watermark: { encode: String },
      onMetrics: () => undefined,
    });
    await producer.put({ data: 'a', eventTime: 1 });
    const waiting = producer.put({ data: 'b', eventTime: 2 });
    expect(clock.pending).toBeGreaterThan(0);
    producer.destroy();
    await expect(waiting).rejects.toBeInstanceOf(ProducerClosedError);
    expect(clock.pending).toBe(0);
    await expect(producer.put({ data: 'c', eventTime: 3 })).rejects.toBeInstanceOf(
      ProducerClosedError,
    );
  });
});
