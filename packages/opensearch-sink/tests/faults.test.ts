import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BulkWriter,
  OpenSearchUnavailableError,
  type BulkWriterMetrics,
  type BulkWriterOptions,
} from '../src/index.js';
import { badRequest, pickupDoc, pickupRequest, pickupTemplate } from './helpers/docs.js';
import { startOpenSearchFaultProxy, type OpenSearchFaultProxy } from '@tripstream/test-support';
import {
  allDocuments,
  deleteTemplate,
  opensearchUrl,
  uniqueIndex,
  deleteOwnIndices,
} from './helpers/opensearch.js';
import { deadLetterPath, readJsonLines, until } from './helpers/wait.js';

/**
 * Every case runs a real OpenSearch behind a fault-injecting proxy and checks the two things that
 * matter: the index ends up holding exactly the expected documents (none lost, none duplicated,
 * none altered), and the dead letter holds exactly the documents OpenSearch refuses for good.
 */
let os: string;
let proxy: OpenSearchFaultProxy;
const templates: string[] = [];

beforeAll(async () => {
  os = opensearchUrl();
  proxy = await startOpenSearchFaultProxy(os);
});
afterAll(async () => {
  await deleteOwnIndices(os);
  await proxy.close();
  for (const t of templates) await deleteTemplate(os, t);
});
beforeEach(() => {
  proxy.plan = () => ({ kind: 'forward' });
  proxy.requests.length = 0;
});

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const isBulk = (path: string) => path.startsWith('/_bulk');

interface Run {
  index: string;
  good: number[];
  bad: number[];
  metrics: BulkWriterMetrics;
  deadLetters: any[];
}

/** What a run shows while it goes, for a fault plan that reacts to it. */
interface Progress {
  writer?: BulkWriter;
  /** The writer's request retries when the write() now waiting began; none if none waits. */
  writeWaitingSinceRetries?: number;
}

/** Writes good docs (and bad ones every `badEvery`) through the proxy and returns what happened. */
async function run(
  name: string,
  options: Partial<BulkWriterOptions> & {
    count: number;
    badEvery?: number;
    paceEvery?: number;
    paceMs?: number;
    progress?: Progress;
  },
): Promise<Run> {
  const index = uniqueIndex(name);
  const template = `t-${index}`;
  templates.push(template);
  const deadLetterFile = deadLetterPath(index);
  let metrics: BulkWriterMetrics | undefined;
  const writer = new BulkWriter({
    node: proxy.endpoint,
    maxActions: 250,
    flushIntervalMs: 100,
    retry: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 500 },
    indexTemplates: [pickupTemplate(template, `${index}*`)],
    deadLetterFile,
    onMetrics: (m) => (metrics = m),
    ...options,
  });
  const good: number[] = [];
  const bad: number[] = [];
  const progress = options.progress ?? {};
  progress.writer = writer;
  for (const i of range(options.count)) {
    progress.writeWaitingSinceRetries = writer.metrics().totals.requestRetries;
    if (options.badEvery !== undefined && i % options.badEvery === 0) {
      bad.push(i);
      await writer.write(badRequest(index, i));
    } else {
      good.push(i);
      await writer.write(pickupRequest(index, i));
    }
    progress.writeWaitingSinceRetries = undefined;
    if (options.paceEvery !== undefined && i % options.paceEvery === 0) {
      await new Promise((r) => setTimeout(r, options.paceMs ?? 10));
    }
  }
  await writer.close();
  return {
    index,
    good,
    bad,
    metrics: metrics!,
    deadLetters: await readJsonLines(deadLetterFile),
  };
}

async function expectExactly({ index, good, bad, deadLetters }: Run): Promise<void> {
  const docs = await allDocuments(os, index);
  expect(docs.size).toBe(good.length);
  expect([...docs.keys()].sort()).toEqual(good.map((i) => `pickup:${i}`).sort());
  for (const i of good) expect(docs.get(`pickup:${i}`)).toEqual(pickupDoc(i));
  expect(deadLetters.map((d) => d.id).sort()).toEqual(bad.map((i) => `bad:${i}`).sort());
  for (const d of deadLetters) {
    const i = Number(d.id.slice(4));
    expect(d).toMatchObject({ index, status: 400, type: 'mapper_parsing_exception' });
    expect(d.document).toEqual(badRequest(index, i).document);
  }
}

/** How many times each id was sent in bulk bodies. */
function sends(): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of proxy.bulkRequests())
    for (const a of r.actions) out.set(a.id, (out.get(a.id) ?? 0) + 1);
  return out;
}

describe('faults between the writer and a real OpenSearch', () => {
  it('429 on whole requests: backs off and resends', async () => {
    let rejected = 0;
    proxy.plan = (r) =>
      isBulk(r.path) && rejected++ < 4 ? { kind: 'status', status: 429 } : { kind: 'forward' };
    const result = await run('whole429', { count: 2000, badEvery: 97 });
    await expectExactly(result);
    expect(result.metrics.totals.requestRetries).toBe(4);
    expect(result.metrics.totals.deadLetters).toBe(result.bad.length);
  });

  it('partial bulk failures: resends only the 429 items, dead-letters the 400 ones', async () => {
    const seen = new Set<string>();
    proxy.plan = (r) =>
      isBulk(r.path)
        ? {
            kind: 'reject-items',
            // Every 7th document is rejected the first two times it is seen.
            reject: (a) => {
              const key = a.id;
              const n = Number(key.split(':')[1]);
              if (n % 7 !== 0 || key.startsWith('bad')) return undefined;
              const tries = seen.has(`${key}#2`) ? 2 : seen.has(key) ? 1 : 0;
              if (tries >= 2) return undefined;
              seen.add(tries === 0 ? key : `${key}#2`);
              return { status: 429, type: 'es_rejected_execution_exception' };
            },
          }
        : { kind: 'forward' };
    const result = await run('partial', { count: 3000, badEvery: 50 });
    await expectExactly(result);
    // The rest of a batch is never resent: good documents go once, bad ones once, 429'd ones thrice.
    const counts = sends();
    for (const i of result.good) expect(counts.get(`pickup:${i}`)).toBe(i % 7 === 0 ? 3 : 1);
    for (const i of result.bad) expect(counts.get(`bad:${i}`)).toBe(1);
    const rejected429 = result.good.filter((i) => i % 7 === 0).length;
    expect(result.metrics.totals.itemRetries).toBe(2 * rejected429);
    expect(result.metrics.totals.rejectedItems).toBe(2 * rejected429 + result.bad.length);
  });

  it('503 on whole requests and on items', async () => {
    let n = 0;
    const itemSeen = new Set<string>();
    proxy.plan = (r) => {
      if (!isBulk(r.path)) return { kind: 'forward' };
      if (n++ % 3 === 1) return { kind: 'status', status: 503 };
      return {
        kind: 'reject-items',
        reject: (a) => {
          if (!a.id.endsWith('3') || itemSeen.has(a.id)) return undefined;
          itemSeen.add(a.id);
          return { status: 503, type: 'unavailable_shards_exception' };
        },
      };
    };
    const result = await run('s503', { count: 2000, badEvery: 101 });
    await expectExactly(result);
    expect(result.metrics.totals.requestRetries).toBeGreaterThan(0);
    expect(result.metrics.totals.itemRetries).toBe(itemSeen.size);
  });

  it('connection reset before and after OpenSearch processed the request', async () => {
    let n = 0;
    proxy.plan = (r) => {
      if (!isBulk(r.path)) return { kind: 'forward' };
      n++;
      if (n === 1 || n === 5) return { kind: 'reset-before' };
      if (n === 3 || n === 7) return { kind: 'reset-after' }; // indexed, answer lost: resent, same ids
      return { kind: 'forward' };
    };
    const result = await run('reset', { count: 2500, badEvery: 89 });
    await expectExactly(result);
    expect(result.metrics.totals.requestRetries).toBe(4);
    // Resent after reset-after: the deterministic ids made the resend overwrite, not duplicate.
    expect([...sends().values()].some((c) => c > 1)).toBe(true);
  });

  it('gives up after maxAttempts with OpenSearchUnavailableError and dead-letters the batch', async () => {
    proxy.plan = (r) => (isBulk(r.path) ? { kind: 'status', status: 503 } : { kind: 'forward' });
    const index = uniqueIndex('exhausted');
    const file = deadLetterPath(index);
    const writer = new BulkWriter({
      node: proxy.endpoint,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      deadLetterFile: file,
    });
    for (const i of range(10)) await writer.write(pickupRequest(index, i));
    const err = await writer.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenSearchUnavailableError);
    expect(err).toMatchObject({ attempts: 3, statusCode: 503, operation: 'POST /_bulk' });
    await expect(writer.close()).rejects.toBe(err);
    expect(proxy.bulkRequests()).toHaveLength(3);
    const letters = await readJsonLines(file);
    expect(letters.map((l) => l.id).sort()).toEqual(
      range(10)
        .map((i) => `pickup:${i}`)
        .sort(),
    );
    expect(letters[0]).toMatchObject({ type: 'request_failed', attempts: 3 });
    expect(letters[0].reason).toContain('OpenSearchUnavailableError');
  });

  it('OpenSearch unreachable mid-run (connections reset, then refused), then back', async () => {
    // The outage lasts until the writer has shown what it must do, not for a stretch of wall
    // time: retry several times, and (both request slots stuck, buffer full) make write() wait
    // through two rounds of retries.
    const progress: Progress = {};
    let outage: Promise<void> | undefined;
    let writeWaited = false;
    const writerGaveWay = () => {
      const retries = progress.writer?.metrics().totals.requestRetries ?? 0;
      const since = progress.writeWaitingSinceRetries;
      if (since !== undefined && retries >= since + 2) writeWaited = true;
      return writeWaited && retries > 3;
    };
    proxy.plan = (r) => {
      // Once ~1/4 of the documents went through, take the endpoint down.
      if (outage === undefined && isBulk(r.path) && r.n > 6) {
        outage = (async () => {
          await proxy.down();
          await until(writerGaveWay, 60_000);
          await proxy.up();
        })();
        return { kind: 'reset-before' };
      }
      return { kind: 'forward' };
    };
    const result = await run('outage', {
      count: 6000,
      badEvery: 151,
      maxActions: 200,
      paceEvery: 100,
      paceMs: 5,
      retry: { maxAttempts: 40, baseDelayMs: 100, maxDelayMs: 2_000 },
      progress,
    });
    await outage;
    expect(writeWaited).toBe(true);
    await expectExactly(result);
    expect(result.metrics.totals.requestRetries).toBeGreaterThan(3);
  }, 120_000);
});
