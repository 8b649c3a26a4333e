import { renderReport } from '@tripstream/dashboards';
import { startStack, type LocalStack } from '@tripstream/local-stack';
import { readWireFile, type TripEvent } from '@tripstream/trip-schema';
import { batchReferenceJob } from '@tripstream/reference-job';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { packageVersion, redact, runCli } from '@tripstream/cli-support';
import { Command, InvalidArgumentError } from 'commander';

const root = new URL('../../..', import.meta.url).pathname;
const STREAM = 'taxi-trips';

interface Flags {
  input: string;
  shards: number;
  speedup: string;
  keep: boolean;
  out: string;
}

/** A step of the demo failed: which one, and why. */
class DemoStepError extends Error {
  override name = 'DemoStepError';
  constructor(
    readonly step: string,
    message: string,
    cause?: unknown,
  ) {
    super(`${step}: ${message}`, { cause });
  }
}

const program = new Command('demo')
  .description(
    'The main job on the embedded local stack: start kinesalite, s3rver and OpenSearch, replay the trip fixture into a 4-shard stream, run the processor into OpenSearch until the end-of-stream watermark, write the HTML report, check the documents against the batch computation, and stop.',
  )
  .option(
    '--input <file>',
    'trips to replay (wire JSON lines)',
    `${root}fixtures/trips/large.jsonl.gz`,
  )
  .option(
    '--shards <n>',
    'Kinesis shards',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new InvalidArgumentError(`--shards wants a whole number >= 1, got "${v}"`);
      return n;
    },
    4,
  )
  .option('--speedup <n|max>', 'replay speed (event time / wall time)', 'max')
  .option('--keep', 'leave the stack and the processor running and print the endpoints', false)
  .option('--out <dir>', 'where the report, summaries and dead letters go', `${root}.tmp/demo`);

function step(name: string) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  return () => console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Runs an app's bin with its output prefixed; resolves with its exit code. */
function runApp(name: string, bin: string, args: string[], onLine?: (line: string) => void) {
  const child = spawn(process.execPath, [`${root}${bin}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stderr }).on('line', (l) => {
    console.log(`  [${name}] ${l.replace(/^\w+: /, '')}`);
    onLine?.(l);
  });
  child.stdout.resume();
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  return { child, exited };
}

async function main(flags: Flags): Promise<void> {
  const started = Date.now();
  // npm runs scripts in the project folder; relative paths mean the caller's folder.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  flags.input = resolve(cwd, flags.input);
  flags.out = resolve(cwd, flags.out);
  await rm(flags.out, { recursive: true, force: true });
  await mkdir(flags.out, { recursive: true });
  let stack: LocalStack | undefined;
  let processor: ReturnType<typeof runApp> | undefined;
  const cleanup = async () => {
    processor?.child.kill('SIGTERM');
    await stack?.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    let done = step('start the local stack (kinesalite, s3rver, OpenSearch)');
    stack = await startStack({ log: (l) => console.log(`  [stack] ${l}`) }).catch((err) => {
      throw new DemoStepError('local stack', (err as Error).message, err);
    });
    const e = stack.endpoints;
    done();

    done = step(
      `replay ${flags.input} into a ${flags.shards}-shard stream while the processor reads it`,
    );
    const prefix = 'demo-';
    const startProcessor = () =>
      runApp('processor', 'apps/processor/bin/processor.mjs', [
        '--stream',
        STREAM,
        '--kinesis-endpoint',
        e.kinesis!,
        '--opensearch-endpoint',
        e.opensearch!,
        '--index-prefix',
        prefix,
        '--checkpoint-dir',
        `${flags.out}/checkpoints`,
        '--dead-letter-file',
        `${flags.out}/dead-letters.ndjson`,
        '--summary',
        `${flags.out}/processor-summary.json`,
        ...(flags.keep ? [] : ['--exit-at-end']),
      ]);
    // The processor starts as soon as the replay has created the stream, and reads while it is written.
    const replay = runApp(
      'replay',
      'apps/replay/bin/replay.mjs',
      [
        '--input',
        flags.input,
        '--stream',
        STREAM,
        '--kinesis-endpoint',
        e.kinesis!,
        '--create-stream',
        '--shards',
        String(flags.shards),
        '--speedup',
        flags.speedup,
        '--summary',
        `${flags.out}/replay-summary.json`,
      ],
      (line) => {
        if (!processor && /created stream|exists; using it/.test(line))
          processor = startProcessor();
      },
    );
    const replayCode = await replay.exited;
    processor ??= startProcessor();
    if (replayCode !== 0) throw new DemoStepError('replay', `exited with code ${replayCode}`);
    if (flags.keep) {
      done();
      console.log(`\nThe stack and the processor keep running (Ctrl-C stops them):`);
      console.log(
        `  TRIPSTREAM_KINESIS_ENDPOINT=${e.kinesis}\n  TRIPSTREAM_S3_ENDPOINT=${e.s3}\n  TRIPSTREAM_OPENSEARCH_ENDPOINT=${e.opensearch}`,
      );
      console.log(`  stream ${STREAM}, indices ${prefix}pickup_count and ${prefix}trip_duration`);
      await new Promise(() => {});
    }
    const processorCode = await processor.exited;
    if (processorCode !== 0)
      throw new DemoStepError('processor', `exited with code ${processorCode}`);
    done();

    done = step('render the HTML report from live OpenSearch queries');
    // Acknowledged documents become searchable at the next refresh (1 s): refresh before querying.
    await fetch(`${e.opensearch}/${prefix}pickup_count,${prefix}trip_duration/_refresh`, {
      method: 'POST',
    });
    const report = await renderReport({
      opensearch: e.opensearch!,
      indexPrefix: prefix,
      out: `${flags.out}/report.html`,
    }).catch((err) => {
      throw new DemoStepError('report', (err as Error).message, err);
    });
    done();

    done = step('check OpenSearch against the batch computation of the reference job');
    const trips: TripEvent[] = [];
    for await (const ev of readWireFile(flags.input))
      if (ev.type !== 'watermark') trips.push(ev as TripEvent);
    const batch = batchReferenceJob(trips);
    const mismatches: string[] = [];
    const counts: Record<string, number> = {};
    for (const index of ['pickup_count', 'trip_duration'] as const) {
      await fetch(`${e.opensearch}/${prefix}${index}/_refresh`, { method: 'POST' });
      const res = await fetch(`${e.opensearch}/${prefix}${index}/_search?size=10000`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":{"match_all":{}}}',
      });
      const hits = ((await res.json()) as { hits: { hits: { _id: string; _source: unknown }[] } })
        .hits.hits;
      counts[index] = hits.length;
      const got = new Map(hits.map((h) => [h._id, JSON.stringify(h._source)]));
      const expected = batch.records.filter((r) => r.index === index);
      if (expected.length !== hits.length)
        mismatches.push(
          `${index}: ${hits.length} documents, batch computation has ${expected.length}`,
        );
      for (const r of expected)
        if (got.get(r.id) !== JSON.stringify(r.doc)) mismatches.push(`${index}: ${r.id} differs`);
    }
    if (report.totalTrips !== batch.counts.kept) {
      mismatches.push(
        `report: ${report.totalTrips} trips on the map, batch computation kept ${batch.counts.kept}`,
      );
    }
    if (mismatches.length)
      throw new DemoStepError(
        'check',
        `OpenSearch differs from the batch computation:\n  ${mismatches.slice(0, 10).join('\n  ')}`,
      );
    done();

    const replaySummary = JSON.parse(await readFile(`${flags.out}/replay-summary.json`, 'utf8'));
    const procSummary = JSON.parse(await readFile(`${flags.out}/processor-summary.json`, 'utf8'));
    const elapsed = (Date.now() - started) / 1000;
    console.log(`
Summary
  trips replayed        ${replaySummary.trips} (${replaySummary.badLines} bad lines, ${replaySummary.eventsPerSecond} events/s, ${replaySummary.retries} retries)
  trips processed       ${procSummary.trips} (${procSummary.kept} kept by the NYC filter, ${Object.values(procSummary.invalid as Record<string, number>).reduce((a, b) => a + b, 0)} invalid, ${procSummary.undecodable} undecodable, ${procSummary.late} late)
  windows fired         ${procSummary.windowsFired}
  documents             pickup_count ${counts.pickup_count}, trip_duration ${counts.trip_duration} — equal to the batch computation
  dead letters          ${procSummary.deadLetters}
  processor             ${procSummary.eventsPerSecond} events/s
  report                ${report.path} (${report.cells} cells, ${report.series.length} duration lines, ${report.totalTrips} trips)
  elapsed               ${elapsed.toFixed(1)} s`);
  } finally {
    const done = step('stop everything');
    await cleanup();
    done();
  }
}

process.exitCode = await runCli<Flags>({
  program,
  argv: process.argv.slice(2),
  version: packageVersion(import.meta.url),
  run: async (flags) => {
    try {
      await main(flags);
      return 0;
    } catch (err) {
      if (!(err instanceof DemoStepError)) throw err; // one line, the stack with --verbose
      console.error(`\ndemo failed at ${redact(err.message)}`);
      return 1;
    }
  },
});
