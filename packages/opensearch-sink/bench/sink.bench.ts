import http from 'node:http';
import { interleavedRuns, listRuns, median, perSecond, type BenchRow } from '@tripstream/bench';
import { BulkWriter, DEFAULT_CONCURRENCY, DEFAULT_MAX_ACTIONS } from '../src/index.js';

/** Options of {@link run}. */
export interface SinkBenchOptions {
  /** OpenSearch endpoint, e.g. `http://127.0.0.1:9200`. */
  opensearch: string;
  /** Documents per measured run. Default: 30000. */
  docs?: number;
  /** Measured runs per side (the median is reported). Default: 9. */
  runs?: number;
}

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const FILTER_PATH = 'errors,items.*.status,items.*.error';

/** Reference documents: pickup counts per geohash-7 cell and 10-minute window. */
function referenceDoc(i: number) {
  let cell = 'dr5r';
  for (let k = 0, x = i; k < 3; k++, x = Math.floor(x / 32)) cell += BASE32[x % 32];
  const start = Date.UTC(2016, 0, 1) + Math.floor(i / 5_000) * 600_000;
  const end = new Date(start + 600_000).toISOString();
  return {
    location: cell,
    geohash: cell,
    pickup_count: (i % 50) + 1,
    window_start: new Date(start).toISOString(),
    window_end: end,
    timestamp: end,
  };
}

const MAPPINGS = {
  properties: {
    location: { type: 'geo_point' },
    geohash: { type: 'keyword' },
    pickup_count: { type: 'long' },
    window_start: { type: 'date' },
    window_end: { type: 'date' },
    timestamp: { type: 'date' },
  },
};

async function call(base: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${path}: HTTP ${res.status}`);
}

async function count(base: string, index: string): Promise<number> {
  await call(base, 'POST', `/${index}/_refresh`);
  const res = await fetch(`${base}/${index}/_count`);
  return ((await res.json()) as { count: number }).count;
}

/** The raw baseline: POST pre-built NDJSON bodies with `workers` requests in flight. */
async function rawLoop(base: string, bodies: readonly string[], workers: number): Promise<void> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/_bulk?filter_path=${encodeURIComponent(FILTER_PATH)}`,
          headers: {
            'content-type': 'application/x-ndjson',
            'content-length': Buffer.byteLength(body),
          },
          agent,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            if (res.statusCode !== 200 || (JSON.parse(text) as { errors: boolean }).errors) {
              reject(new Error(`raw _bulk failed: HTTP ${res.statusCode}`));
            } else resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < bodies.length) await post(bodies[next++]);
    }),
  );
  agent.destroy();
}

async function sinkRun(base: string, index: string, n: number, concurrency: number): Promise<void> {
  const writer = new BulkWriter({ node: base, concurrency });
  for (let i = 0; i < n; i++)
    await writer.write({ index, id: `b:${i}`, document: referenceDoc(i) });
  await writer.close();
}

async function compare(
  base: string,
  n: number,
  runs: number,
  concurrency: number,
): Promise<{ sink: number; raw: number; sinkRuns: number[]; rawRuns: number[] }> {
  // The same NDJSON the writer produces (index action with _index and _id, then the source), in
  // batches of the writer's default size; built before the clock starts.
  const bodies = (index: string) => {
    const out: string[] = [];
    for (let s = 0; s < n; s += DEFAULT_MAX_ACTIONS) {
      let body = '';
      for (let i = s; i < Math.min(n, s + DEFAULT_MAX_ACTIONS); i++) {
        body += `{"index":{"_index":${JSON.stringify(index)},"_id":"b:${i}"}}\n${JSON.stringify(referenceDoc(i))}\n`;
      }
      out.push(body);
    }
    return out;
  };
  let runNo = 0;
  /** Docs/s of one side into a fresh index (created before and deleted after its clock). */
  const side = async (name: 'sink' | 'raw') => {
    const index = `bench-${name}-${concurrency}-${Date.now()}-${runNo++}`;
    await call(base, 'PUT', `/${index}`, {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: MAPPINGS,
    });
    const prepared = name === 'raw' ? bodies(index) : [];
    const rate = await perSecond(n, () =>
      name === 'raw' ? rawLoop(base, prepared, concurrency) : sinkRun(base, index, n, concurrency),
    );
    const indexed = await count(base, index);
    await call(base, 'DELETE', `/${index}`);
    if (indexed !== n) throw new Error(`${name} run indexed ${indexed} of ${n} documents`);
    return rate;
  };
  // One unmeasured warm-up each, then alternate sides so drift (JIT, merges, GC) hits both alike.
  const { sink: sinkRuns, raw: rawRuns } = await interleavedRuns(
    { sink: () => side('sink'), raw: () => side('raw') },
    runs,
  );
  return { sink: median(sinkRuns), raw: median(rawRuns), sinkRuns, rawRuns };
}

/** Docs/s through the sink vs a raw `_bulk` loop posting the same NDJSON batches, same run. */
export async function run(options: SinkBenchOptions): Promise<BenchRow[]> {
  const base = options.opensearch.replace(/\/$/, '');
  const n = options.docs ?? 30_000;
  const runs = options.runs ?? 9;
  const rows: BenchRow[] = [];
  for (const concurrency of [DEFAULT_CONCURRENCY, 1]) {
    const { sink, raw, sinkRuns, rawRuns } = await compare(base, n, runs, concurrency);
    rows.push({
      row:
        concurrency === DEFAULT_CONCURRENCY
          ? 'BulkWriter, default options, into local OpenSearch'
          : 'BulkWriter, concurrency 1, into local OpenSearch',
      figure: 'indexing throughput',
      value: Math.round(sink),
      unit: 'docs/s',
      baseline: Math.round(raw),
      baselineLabel: `raw _bulk loop, same NDJSON batches of ${DEFAULT_MAX_ACTIONS}, ${concurrency} in flight`,
      ratio: Number((sink / raw).toFixed(3)),
      target: '>= 0.9x',
      notes:
        `median of ${runs} runs of ${n} taxi-like docs each (sides alternated, warm-up discarded; ` +
        'the raw side posts NDJSON built before its clock starts, the sink serialises inside it); ' +
        `runs sink [${listRuns(sinkRuns)}], raw [${listRuns(rawRuns)}] docs/s`,
    });
  }
  return rows;
}
