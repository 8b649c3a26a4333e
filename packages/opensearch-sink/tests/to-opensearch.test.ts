import {
  concat,
  EMPTY,
  from,
  lastValueFrom,
  NEVER,
  Subject,
  take,
  throwError,
  toArray,
  type Observable,
} from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BulkItemError, toOpenSearch, type BulkAck, type IndexRequest } from '../src/index.js';
import { badRequest, pickupRequest } from './helpers/docs.js';
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
import { settle, until } from './helpers/wait.js';

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
});

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

function collect<T>(source: Observable<T>): Promise<{ values: T[]; error?: unknown }> {
  return new Promise((resolve) => {
    const values: T[] = [];
    source.subscribe({
      next: (v) => values.push(v),
      error: (error: unknown) => resolve({ values, error }),
      complete: () => resolve({ values }),
    });
  });
}

describe('toOpenSearch', () => {
  it('emits one ack per request in input order, even when batches finish out of order', async () => {
    const index = uniqueIndex('rx-order');
    // Delay the first bulk request so later batches are acknowledged before it.
    let n = 0;
    proxy.plan = (r) =>
      r.path.startsWith('/_bulk') && n++ === 0
        ? { kind: 'delay', ms: 500, then: { kind: 'forward' } }
        : { kind: 'forward' };
    interface Tagged extends IndexRequest {
      readonly offset: number;
    }
    const requests: Tagged[] = range(1000).map((i) => ({ ...pickupRequest(index, i), offset: i }));
    const acks = await lastValueFrom(
      from(requests).pipe(
        toOpenSearch<Tagged>({ node: proxy.endpoint, maxActions: 100, concurrency: 4 }),
        toArray(),
      ),
    );
    expect(acks.map((a) => a.request.offset)).toEqual(range(1000));
    expect(acks.every((a) => a.outcome === 'indexed' && a.attempts === 1)).toBe(true);
    expect(acks[0].request).toBe(requests[0]); // the caller's object comes back, extra fields and all
    expect((await allDocuments(os, index)).size).toBe(1000);
  });

  it('acks dead-lettered documents in their place', async () => {
    const index = uniqueIndex('rx-dlq');
    const source = from([pickupRequest(index, 0), badRequest(index, 1), pickupRequest(index, 2)]);
    const acks = await lastValueFrom(
      source.pipe(toOpenSearch({ node: proxy.endpoint, onDeadLetter: () => {} }), toArray()),
    );
    expect(acks.map((a) => [a.request.id, a.outcome, a.status])).toEqual([
      ['pickup:0', 'indexed', 201],
      ['bad:1', 'dead_lettered', 400],
      ['pickup:2', 'indexed', 201],
    ]);
    expect(acks[1].error?.type).toBe('mapper_parsing_exception');
  });

  it('empty: completes without a request', async () => {
    const result = await collect(
      EMPTY.pipe(toOpenSearch({ node: proxy.endpoint, indexTemplates: [] })),
    );
    expect(result).toEqual({ values: [] });
    expect(proxy.requests).toHaveLength(0);
  });

  it('never: emits nothing, and unsubscribing ends quietly', async () => {
    const values: unknown[] = [];
    const errors: unknown[] = [];
    const scheduler = new SteppedScheduler();
    const sub = NEVER.pipe(toOpenSearch({ node: proxy.endpoint, scheduler })).subscribe({
      next: (v) => values.push(v),
      error: (e: unknown) => errors.push(e),
    });
    // Past every interval the sink keeps (flush, metrics), then again after unsubscribing.
    scheduler.advance(60_000);
    await settle();
    sub.unsubscribe();
    scheduler.advance(60_000);
    await settle();
    expect(values).toEqual([]);
    expect(errors).toEqual([]);
    expect(proxy.requests).toHaveLength(0);
  });

  it('source error: what was written is settled first, then the error is forwarded', async () => {
    const index = uniqueIndex('rx-error');
    const boom = new Error('source broke');
    const source = concat(
      from(range(30).map((i) => pickupRequest(index, i))),
      throwError(() => boom),
    );
    const result = await collect(source.pipe(toOpenSearch({ node: proxy.endpoint })));
    expect(result.error).toBe(boom);
    expect(result.values).toHaveLength(30);
    expect((await allDocuments(os, index)).size).toBe(30);
  });

  it('writer failure errors the stream (a refused document with no dead-letter output)', async () => {
    const index = uniqueIndex('rx-fail');
    const source = from([pickupRequest(index, 0), badRequest(index, 1)]);
    const result = await collect(source.pipe(toOpenSearch({ node: proxy.endpoint })));
    expect(result.error).toBeInstanceOf(BulkItemError);
    expect(result.values.map((a) => a.request.id)).toEqual(['pickup:0']);
  });

  it('unsubscribing early still writes what was handed over', async () => {
    const index = uniqueIndex('rx-unsub');
    const acks = await lastValueFrom(
      from(range(500).map((i) => pickupRequest(index, i))).pipe(
        toOpenSearch({ node: proxy.endpoint, maxActions: 50 }),
        take(3),
        toArray(),
      ),
    );
    expect(acks.map((a) => a.request.id)).toEqual(['pickup:0', 'pickup:1', 'pickup:2']);
    await until(async () => (await allDocuments(os, index)).size === 500, 15_000);
  });

  it('re-entrancy: a downstream that writes more on each ack, synchronously', async () => {
    const index = uniqueIndex('rx-reenter');
    const input = new Subject<IndexRequest>();
    const seen: BulkAck[] = [];
    const done = new Promise<void>((resolve, reject) => {
      input.pipe(toOpenSearch({ node: proxy.endpoint, flushIntervalMs: 20 })).subscribe({
        next: (ack) => {
          seen.push(ack);
          const i = Number(ack.request.id.split(':')[1]);
          if (i < 20) input.next(pickupRequest(index, i + 10)); // feeds back while being acked
          if (seen.length === 30) input.complete();
        },
        error: reject,
        complete: resolve,
      });
    });
    for (const i of range(10)) input.next(pickupRequest(index, i));
    await done;
    expect(seen.map((a) => a.request.id)).toEqual(range(30).map((i) => `pickup:${i}`));
    expect((await allDocuments(os, index)).size).toBe(30);
  });
});
