import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { interleavedRuns, median, perCpuSecond, type BenchRow } from '@tripstream/bench';
import { decode, decodeLineBatches, decodeLines, type TripEvent } from '../src/index.js';

/** Timed rounds; each reports its median. */
const ROUNDS = 7;
/** Trips per second asked of decode, on one core. */
const TARGET = 500_000;
/** Trips per second issue 16 asks of decodeLines on gzip, on one core. */
const GZIP_TARGET = 600_000;

/** fixtures/trips of the repository, found upwards from here (so a compiled copy works too). */
function fixturesDir(): URL {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const candidate = new URL('fixtures/trips/', dir);
    if (existsSync(new URL('large.jsonl.gz', candidate))) return candidate;
    if (dir.pathname === '/') throw new Error('fixtures/trips not found above the benchmark');
  }
}

/**
 * Items per CPU-second of each body, median over `ROUNDS` rounds after a warm-up round. CPU time
 * rather than wall time, because the benchmark machine is shared. Each round runs every body
 * once, so whatever disturbs one round disturbs baseline and candidates alike.
 */
async function rates<K extends string>(
  items: number,
  bodies: Record<K, () => unknown>,
): Promise<Record<K, number>> {
  const names = Object.keys(bodies) as K[];
  const samples = await interleavedRuns(
    Object.fromEntries(names.map((k) => [k, () => perCpuSecond(items, bodies[k])])) as Record<
      K,
      () => Promise<number>
    >,
    ROUNDS,
  );
  return Object.fromEntries(names.map((k) => [k, median(samples[k])])) as Record<K, number>;
}

/** Defeats dead-code elimination of the decoded values. */
let sink = 0;

/**
 * Decode throughput on the real fixtures, each beside `JSON.parse` alone on the same lines in the
 * same rounds: decode of text lines, of byte lines (as Kinesis records arrive), and the streaming
 * decoders over the gzip file held in memory (gunzip and line splitting included).
 */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const fixtures = fixturesDir();
  for (const name of ['large', 'medium'] as const) {
    const gz = readFileSync(fileURLToPath(new URL(`${name}.jsonl.gz`, fixtures)));
    const lines = gunzipSync(gz).toString('utf8').trimEnd().split('\n');
    const bytes = lines.map((line) => Buffer.from(line));
    const n = lines.length;
    const avgBytes = Math.round(bytes.reduce((s, b) => s + b.length, 0) / n);
    const r = await rates(n, {
      jsonParse: () => {
        for (const line of lines) sink += (JSON.parse(line) as TripEvent).trip_id;
      },
      // The other half of the gzip decoders' floor: inflating the file, nothing else.
      gunzip: () => {
        sink += gunzipSync(gz).length;
      },
      text: () => {
        for (const line of lines) sink += (decode(line) as TripEvent).trip_id;
      },
      binary: () => {
        for (const line of bytes) sink += (decode(line) as TripEvent).trip_id;
      },
      streaming: async () => {
        for await (const event of decodeLines(Readable.from([gz]))) {
          sink += (event as TripEvent).trip_id;
        }
      },
      batches: async () => {
        for await (const batch of decodeLineBatches(Readable.from([gz]))) {
          for (const event of batch) sink += (event as TripEvent).trip_id;
        }
      },
    });
    const where = `fixtures/trips/${name}.jsonl.gz, ${n} trips, ${avgBytes} B/line, median of ${ROUNDS} rounds, CPU time`;
    // Inflate then JSON.parse every line, with nothing else done, runs at most this fast: the
    // gzip decoders' floor on this machine.
    const floor = 1 / (1 / r.gunzip + 1 / r.jsonParse);
    const gzipNotes = `; gunzip alone ${Math.round(r.gunzip)} trips/s, so gunzip + JSON.parse alone (the floor, nothing validated) ${Math.round(floor)} trips/s = ${(floor / GZIP_TARGET).toFixed(2)}x the target`;
    const row = (label: string, key: keyof typeof r, notes: string, target = TARGET): BenchRow => ({
      row: `${label} ${name}`,
      figure: 'decode throughput',
      value: Math.round(r[key]),
      unit: 'trips/s',
      baseline: Math.round(r.jsonParse),
      baselineLabel: 'JSON.parse alone, same lines',
      ratio: r[key] / r.jsonParse,
      target: `>= ${target} trips/s`,
      notes: `${where}${notes}`,
    });
    rows.push(
      row('decode(string)', 'text', ''),
      row('decode(Uint8Array)', 'binary', '; includes UTF-8 decoding'),
      row(
        'decodeLines(gzip)',
        'streaming',
        `; includes gunzip, line splitting, one await per trip${gzipNotes}`,
        GZIP_TARGET,
      ),
      row(
        'decodeLineBatches(gzip)',
        'batches',
        `; includes gunzip and line splitting${gzipNotes}`,
        GZIP_TARGET,
      ),
    );
  }
  if (sink === 42) console.log('');
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await run());
}
