import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BulkItemError,
  BulkWriter,
  WriterClosedError,
  type BulkWriterMetrics,
  type DeadLetter,
} from '../src/index.js';
import { badRequest, pickupDoc, pickupRequest } from './helpers/docs.js';
import {
  SteppedScheduler,
  startOpenSearchFaultProxy,
  type OpenSearchFaultProxy,
} from '@tripstream/test-support';
import {
  allDocuments,
  opensearchUrl,
  uniqueIndex,
  deleteOwnIndices,
} from './helpers/opensearch.js';
import { deadLetterPath, settle, tracked, until } from './helpers/wait.js';

let os: string;
let proxy: OpenSearchFaultProxy;

beforeAll(async () => {
  os = opensearchUrl();
  proxy = await startOpenSearchFaultProxy(os);
});
afterAll(async () => {
  await deleteOwnIndices(os);
  await proxy.close();
});
beforeEach(() => {
  proxy.plan = () => ({ kind: 'forward' });
  proxy.requests.length = 0;
  proxy.maxInFlightBulk = 0;
});

function expectExactly(docs: Map<string, unknown>, ids: number[]) {
  expect([...docs.keys()].sort()).toEqual(ids.map((i) => `pickup:${i}`).sort());
  for (const i of ids) expect(docs.get(`pickup:${i}`)).toEqual(pickupDoc(i));
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('BulkWriter batching', () => {
  it('sends a batch at maxActions without waiting for the interval', async () => {
    const index = uniqueIndex('actions');
    // Time stands still: only maxActions can have sent a batch.
    const scheduler = new SteppedScheduler();
    const writer = new BulkWriter({
      node: proxy.endpoint,
      maxActions: 100,
      flushIntervalMs: 60_000,
      scheduler,
    });
    for (const i of range(250)) await writer.write(pickupRequest(index, i));
    await until(() => writer.metrics().pending.inFlight === 0);
    expect(writer.metrics().pending.documents).toBe(50);
    expect(proxy.bulkRequests().map((r) => r.actions.length)).toEqual([100, 100]);
    await writer.flush();
    expect(proxy.bulkRequests().map((r) => r.actions.length)).toEqual([100, 100, 50]);
    expectExactly(await allDocuments(os, index), range(250));
    await writer.close();
  });

  it('sends a batch at maxBytes', async () => {
    const index = uniqueIndex('bytes');
    const maxBytes = 4_000;
    const writer = new BulkWriter({ node: proxy.endpoint, maxBytes, flushIntervalMs: 60_000 });
    for (const i of range(300)) await writer.write(pickupRequest(index, i));
    await writer.close();
    const sizes = proxy.bulkRequests().map((r) => r.bytes);
    const oneDoc = Math.max(...proxy.bulkRequests().map((r) => r.bytes / r.actions.length));
    expect(sizes.length).toBeGreaterThan(10);
    for (const s of sizes.slice(0, -1)) {
      expect(s).toBeLessThanOrEqual(maxBytes);
      expect(s).toBeGreaterThan(maxBytes - 2 * oneDoc);
    }
    expectExactly(await allDocuments(os, index), range(300));
  });

  it('sends a document larger than maxBytes alone', async () => {
    const index = uniqueIndex('oversized');
    const writer = new BulkWriter({
      node: proxy.endpoint,
      maxBytes: 1_000,
      flushIntervalMs: 60_000,
    });
    await writer.write(pickupRequest(index, 0));
    await writer.write({ index, id: 'big', document: { text: 'x'.repeat(5_000) } });
    await writer.write(pickupRequest(index, 1));
    await writer.close();
    expect(proxy.bulkRequests().map((r) => r.actions.map((a) => a.id))).toEqual([
      ['pickup:0'],
      ['big'],
      ['pickup:1'],
    ]);
    expect((await allDocuments(os, index)).size).toBe(3);
  });

  it('sends a partial batch once its oldest document waited flushIntervalMs', async () => {
    const index = uniqueIndex('interval');
    const scheduler = new SteppedScheduler();
    const writer = new BulkWriter({ node: proxy.endpoint, flushIntervalMs: 300, scheduler });
    for (const i of range(5)) await writer.write(pickupRequest(index, i));
    scheduler.advance(299);
    await settle();
    expect(proxy.bulkRequests()).toHaveLength(0);
    scheduler.advance(1);
    await until(() => proxy.bulkRequests().length === 1);
    expect(proxy.bulkRequests()[0].actions).toHaveLength(5);
    await writer.close();
    expect(proxy.bulkRequests()).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight and makes write() wait when full', async () => {
    const index = uniqueIndex('backpressure');
    // Bulk requests are held until the test lets them go: "in flight" does not depend on timing.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    proxy.plan = async (r) => {
      if (r.path.startsWith('/_bulk')) await held;
      return { kind: 'forward' };
    };
    const writer = new BulkWriter({
      node: proxy.endpoint,
      maxActions: 10,
      concurrency: 2,
      flushIntervalMs: 60_000,
    });
    // 10 fill a batch (sent), 10 more (sent: 2 in flight), 10 fill the buffer: all accepted at once.
    const accepted = range(30).map((i) => tracked(writer.write(pickupRequest(index, i))));
    await Promise.all(accepted.map((w) => w.promise));
    await until(() => proxy.inFlightBulk === 2);
    const blocked = tracked(writer.write(pickupRequest(index, 30)));
    await settle();
    expect(blocked.settled).toBe(false);
    expect(proxy.inFlightBulk).toBe(2);
    release();
    await blocked.promise; // a slot freed, the buffered batch left, the write got in
    for (const i of range(69, 31)) await writer.write(pickupRequest(index, i));
    await writer.close();
    expect(proxy.maxInFlightBulk).toBe(2);
    expectExactly(await allDocuments(os, index), range(100));
  });

  it('flush() resolves only once everything written before it is indexed', async () => {
    const index = uniqueIndex('flush');
    const writer = new BulkWriter({ node: proxy.endpoint, maxActions: 300, concurrency: 3 });
    for (const i of range(1234)) await writer.write(pickupRequest(index, i));
    await writer.flush();
    expect(writer.metrics().pending.documents).toBe(0);
    expectExactly(await allDocuments(os, index), range(1234));
    await writer.flush(); // nothing pending: resolves at once
    await writer.close();
  });

  it('close() is idempotent and later writes are refused', async () => {
    const index = uniqueIndex('close');
    const writer = new BulkWriter({ node: proxy.endpoint });
    await writer.write(pickupRequest(index, 1));
    const a = writer.close();
    const b = writer.close();
    expect(a).toBe(b);
    await a;
    await expect(writer.write(pickupRequest(index, 2))).rejects.toBeInstanceOf(WriterClosedError);
    expectExactly(await allDocuments(os, index), [1]);
  });
});

describe('BulkWriter refusals', () => {
  it('dead-letters documents it cannot send, without sending them', async () => {
    const index = uniqueIndex('unsendable');
    const letters: DeadLetter[] = [];
    const writer = new BulkWriter({
      node: proxy.endpoint,
      onDeadLetter: (l) => void letters.push(l),
    });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await writer.write(pickupRequest(index, 1));
    await writer.write({ index, id: '', document: pickupDoc(2) });
    await writer.write({ index, id: 'big', document: { n: 10n } });
    await writer.write({ index, id: 'loop', document: circular });
    await writer.write({ index: '', id: 'x', document: {} });
    await writer.close();
    expect(letters.map((l) => [l.request.id, l.error.type, l.error.status])).toEqual([
      ['', 'invalid_request', 0],
      ['big', 'invalid_request', 0],
      ['loop', 'invalid_request', 0],
      ['x', 'invalid_request', 0],
    ]);
    expect(proxy.bulkRequests().flatMap((r) => r.actions.map((a) => a.id))).toEqual(['pickup:1']);
    expectExactly(await allDocuments(os, index), [1]);
  });

  it('without a dead-letter output, a refused document fails the writer instead of vanishing', async () => {
    const index = uniqueIndex('no-dlq');
    const errors: Error[] = [];
    const writer = new BulkWriter({ node: proxy.endpoint, onError: (e) => errors.push(e) });
    await writer.write(pickupRequest(index, 1));
    await writer.write(badRequest(index, 2));
    const failure = await writer.flush().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BulkItemError);
    expect(failure).toMatchObject({
      index,
      id: 'bad:2',
      status: 400,
      type: 'mapper_parsing_exception',
    });
    expect(errors).toEqual([failure]);
    await expect(writer.write(pickupRequest(index, 3))).rejects.toBe(failure);
    await expect(writer.close()).rejects.toBe(failure);
  });

  it('reports metrics periodically and on close', async () => {
    const index = uniqueIndex('metrics');
    const snapshots: BulkWriterMetrics[] = [];
    const writer = new BulkWriter({
      node: proxy.endpoint,
      maxActions: 200,
      metricsIntervalMs: 100,
      onMetrics: (m) => snapshots.push(m),
      deadLetterFile: deadLetterPath(index),
    });
    for (const i of range(1000)) await writer.write(pickupRequest(index, i));
    await writer.write(badRequest(index, 0));
    // Two periodic snapshots, however long they take to come; close adds the last.
    await until(() => snapshots.length >= 2);
    await writer.close();
    const last = snapshots[snapshots.length - 1];
    expect(last.totals).toMatchObject({
      docsIndexed: 1000,
      requests: 6,
      deadLetters: 1,
      rejectedItems: 1,
    });
    expect(last.totals.bytesSent).toBe(proxy.bulkRequests().reduce((n, r) => n + r.bytes, 0));
    expect(last.pending).toEqual({ documents: 0, inFlight: 0 });
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    expect(snapshots.some((s) => s.docsPerSecond > 0 && s.bytesPerSecond > 0)).toBe(true);
    const latencies = snapshots.reduce((n, s) => n + s.flushLatencyMs.count, 0);
    expect(latencies).toBe(6);
    expect(Math.max(...snapshots.map((s) => s.flushLatencyMs.max))).toBeGreaterThan(0);
  });
});
