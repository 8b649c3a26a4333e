// The processor's pipeline on 1,000,000 trips (the large fixture repeated with shifted times):
// - the whole processor in file mode (its CLI in a child process: read, decode, watermarks, dedup,
//   both window operators, NDJSON out) against a plain loop that JSON.parses each line and counts
//   per key in a Map, in this process;
// - the RxJS composition (createReferencePipeline's pipe) against driving the same cores by hand;
// - the processor's peak memory (max RSS of the child).
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { Subject } from 'rxjs';
import { decode, formatInstant, isWatermark, parseInstant } from '@tripstream/trip-schema';
import {
  createReferencePipeline,
  type RawRecord,
  type ReferencePipeline,
  type TripInput,
} from '@tripstream/reference-job';
import { interleavedRuns, listRuns, median, pairedRatio, type BenchRow } from '@tripstream/bench';

const root = new URL('../../..', import.meta.url).pathname;
const TRIPS = Number(process.env.BENCH_PROCESSOR_TRIPS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_PROCESSOR_RUNS ?? 3);
/** Runs of the pipe-vs-by-hand pair: their difference is small beside a noisy machine's drift. */
const PIPE_RUNS = RUNS * 3;
const HOUR = 3_600_000;
const BATCH = 1000;

/** The large fixture's trips repeated, each copy shifted by whole days past the last, new ids. */
function buildLines(): string[] {
  const text = gunzipSync(readFileSync(join(root, 'fixtures/trips/large.jsonl.gz'))).toString(
    'utf8',
  );
  const base = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => decode(l))
    .filter((e) => !isWatermark(e));
  let min = Infinity;
  let max = -Infinity;
  for (const t of base) {
    if (isWatermark(t)) continue;
    min = Math.min(min, parseInstant(t.pickup_datetime));
    max = Math.max(max, parseInstant(t.dropoff_datetime));
  }
  const shift = Math.ceil((max - min + HOUR) / (24 * HOUR)) * 24 * HOUR;
  const lines: string[] = [];
  for (let copy = 0; lines.length < TRIPS; copy++) {
    for (const t of base) {
      if (lines.length >= TRIPS || isWatermark(t)) break;
      lines.push(
        JSON.stringify({
          ...t,
          trip_id: copy * 10_000_000 + Number(t.trip_id),
          pickup_datetime: formatInstant(parseInstant(t.pickup_datetime) + copy * shift),
          dropoff_datetime: formatInstant(parseInstant(t.dropoff_datetime) + copy * shift),
        }),
      );
    }
  }
  return lines;
}

async function writeLines(file: string, lines: readonly string[]): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < lines.length; i += 10_000) {
    if (!out.write(`${lines.slice(i, i + 10_000).join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The baseline: read the same file, JSON.parse each line, count per (hour, pickup point). */
async function plainLoop(file: string): Promise<{ ms: number; keys: number }> {
  const t0 = performance.now();
  const counts = new Map<string, number>();
  for await (const line of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    if (line.length === 0) continue;
    const t = JSON.parse(line) as {
      dropoff_datetime: string;
      pickup_latitude: number;
      pickup_longitude: number;
    };
    const key = `${Math.floor(Date.parse(t.dropoff_datetime) / HOUR)}|${t.pickup_latitude.toFixed(3)},${t.pickup_longitude.toFixed(3)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { ms: performance.now() - t0, keys: counts.size };
}

/** The processor CLI on the file, output to /dev/null; its own elapsed time and peak RSS. */
async function processorRun(
  file: string,
  dir: string,
): Promise<{ ms: number; records: number; documents: number; maxRssMiB: number }> {
  const summary = join(dir, 'summary.json');
  const rss = join(dir, 'rss.json');
  const child = spawn(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(
        `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rss)}, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS })));`,
      )}`,
      join(root, 'apps/processor/dist/main.js'),
      '--input',
      file,
      '--output',
      '/dev/null',
      '--summary',
      summary,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`processor exited ${code}: ${stderr.slice(-2000)}`);
  const s = JSON.parse(await readFile(summary, 'utf8')) as {
    elapsedMs: number;
    records: number;
    documents: number;
  };
  const { maxRSS } = JSON.parse(await readFile(rss, 'utf8')) as { maxRSS: number };
  return { ms: s.elapsedMs, records: s.records, documents: s.documents, maxRssMiB: maxRSS / 1024 };
}

function batches(lines: readonly string[]): TripInput[] {
  const out: TripInput[] = [];
  for (let i = 0; i < lines.length; i += BATCH) {
    const records: RawRecord[] = lines
      .slice(i, i + BATCH)
      .map((data, j) => ({ data, position: `line ${i + j + 1}` }));
    out.push({ kind: 'records', input: 'file', records });
  }
  out.push({ kind: 'end' });
  return out;
}

const newPipeline = (): ReferencePipeline =>
  createReferencePipeline({
    deadLetter: () => {},
    eventTimeRange: { now: () => Date.UTC(2030, 0) },
  });

/** The pipe, pushed synchronously (what pump does between two awaits). */
function composed(items: readonly TripInput[]): { ms: number; documents: number } {
  const p = newPipeline();
  const input = new Subject<TripInput>();
  let documents = 0;
  p.operator(input).subscribe((o) => {
    if (Array.isArray(o)) documents += o.length;
  });
  const t0 = performance.now();
  for (const item of items) input.next(item);
  input.complete();
  return { ms: performance.now() - t0, documents };
}

/** The same cores, called by hand in the same order. */
function byHand(items: readonly TripInput[]): { ms: number; documents: number } {
  const p = newPipeline();
  let documents = 0;
  const t0 = performance.now();
  for (const item of items) {
    const events = p.decoder.process(item);
    if (events.length === 0) continue;
    const watermarked = p.combiner.processBatch(events);
    const unique = p.dedup ? p.dedup.processBatch(watermarked) : watermarked;
    p.dedup?.drainDuplicates();
    documents += p.job.process(unique).length;
    p.job.drainLate();
  }
  return { ms: performance.now() - t0, documents };
}

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tripstream-processor-bench-'));
  try {
    const lines = buildLines();
    const file = join(dir, 'trips.jsonl');
    await writeLines(file, lines);
    const items = batches(lines);
    const loop: number[] = [];
    const proc: number[] = [];
    const rss: number[] = [];
    let documents = 0;
    for (let r = 0; r < RUNS; r++) {
      loop.push((await plainLoop(file)).ms);
      const p = await processorRun(file, dir);
      if (p.records !== lines.length)
        throw new Error(`processor read ${p.records} of ${lines.length}`);
      proc.push(p.ms);
      rss.push(p.maxRssMiB);
      documents = p.documents;
    }
    // Interleaved, the order rotating each run, one warm-up each, a full GC before each run:
    // whichever ran second would otherwise pay for collecting the first one's million trip ids.
    let documentsRx = -1;
    let documentsHand = -2;
    const timed = await interleavedRuns(
      {
        pipe: async () => {
          const r = composed(items);
          documentsRx = r.documents;
          return r.ms;
        },
        hand: async () => {
          const r = byHand(items);
          documentsHand = r.documents;
          return r.ms;
        },
      },
      PIPE_RUNS,
      undefined,
      { collectGarbage: true },
    );
    if (documentsRx !== documentsHand) {
      throw new Error(`pipe ${documentsRx} vs by hand ${documentsHand} documents`);
    }
    const rx = timed.pipe;
    const hand = timed.hand;
    const perSec = (ms: number) => lines.length / (ms / 1000);
    const procRate = perSec(median(proc));
    const loopRate = perSec(median(loop));
    return [
      {
        row: 'processor file mode, 1M trips',
        figure:
          'trips/s, the CLI end to end (read, decode, watermarks, dedup, both windows, NDJSON out)',
        value: procRate,
        unit: 'trips/s',
        baseline: loopRate,
        baselineLabel: 'plain loop: readline + JSON.parse + count per key in a Map, same file',
        ratio: procRate / loopRate,
        target: '>= 0.8x',
        notes: `${lines.length} trips (fixtures/trips/large.jsonl.gz repeated, shifted by whole days), ${documents} documents, median of ${RUNS}; processor time is its summary's elapsedMs (process start-up excluded); runs ${proc.map((m) => Math.round(perSec(m))).join(', ')} vs ${loop.map((m) => Math.round(perSec(m))).join(', ')}`,
      },
      {
        row: 'processor pipe: RxJS composition vs cores by hand',
        figure: 'ms for 1M trips, createReferencePipeline pipe vs the same cores called in a loop',
        value: median(rx),
        unit: 'ms',
        baseline: median(hand),
        baselineLabel: 'TripDecoder, WatermarkCombiner, Deduplicator, ReferenceJob called by hand',
        ratio: pairedRatio(rx, hand),
        target: '<= 1.10x',
        notes: `ratio = median of per-run pipe time / hand time; batches of ${BATCH} raw lines in memory, runs interleaved in rotating order after a warm-up, a full GC before each, median of ${PIPE_RUNS}; pipe ${listRuns(rx)} ms vs hand ${listRuns(hand)} ms`,
      },
      {
        row: 'processor peak memory, 1M trips',
        figure: 'max RSS of the processor CLI in file mode',
        value: median(rss),
        unit: 'MiB',
        baseline: lines.reduce((n, l) => n + l.length + 1, 0) / 2 ** 20,
        baselineLabel: 'size of the input file, MiB',
        ratio: median(rss) / (lines.reduce((n, l) => n + l.length + 1, 0) / 2 ** 20),
        target: 'report',
        notes:
          'the input is streamed, not held: memory is the open windows, the dedup horizon and the runtime',
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
