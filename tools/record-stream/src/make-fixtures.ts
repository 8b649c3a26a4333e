// Makes the recordings in fixtures/recorded/: starts kinesalite, replays trip fixtures into it with
// the replay app's CLI (apps are not imported by tools: see the layering rules), records every
// shard and checks the result. Run `npx nx run record-stream:make-fixtures` from the repository
// root (it builds this project and the replay app first); `--only <name>` makes one recording.
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { spawnManaged, startKinesis } from '@tripstream/local-stack';
import { Command } from 'commander';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary } from './_internals/format-summary.js';
import { kinesisClientFor } from './_internals/kinesis-client.js';
import { recordStream } from './record-stream.js';
import { saveRecording } from './save-recording.js';
import { summarizeRecording, type RecordingSummary } from './summarize-recording.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const replayBin = join(root, 'apps/replay/bin/replay.mjs');

interface FixtureSpec {
  name: string;
  /** Trip fixture replayed, relative to the repository root. */
  input: string;
  /** Replay flags besides --input, --stream and --kinesis-endpoint. */
  replayArgs: string[];
  /** Split the first shard this long (ms of wall time) after its first record arrived. */
  splitAfterMs?: number;
}

const SPECS: FixtureSpec[] = [
  {
    name: 'large-4-shards',
    input: 'fixtures/trips/large.jsonl.gz',
    replayArgs: [
      '--create-stream',
      '--shards',
      '4',
      '--speedup',
      'max',
      '--partition-key',
      'trip_id',
      '--watermark-interval',
      '100ms',
      '--quiet',
    ],
  },
  {
    // Dropoffs 05:02 to 05:56 at 150x: about 22 s of replay, split 10 s in (event time about
    // 05:27). The trips are denser later in the hour, so the children get more than the parent.
    name: 'split-mid-replay',
    input: 'fixtures/trips/medium.jsonl.gz',
    replayArgs: [
      '--create-stream',
      '--shards',
      '2',
      '--speedup',
      '150',
      '--partition-key',
      'trip_id',
      '--watermark-interval',
      '250ms',
      '--quiet',
    ],
    splitAfterMs: 10_000,
  },
];

const program = new Command('make-fixtures')
  .description('Replay trip fixtures into kinesalite and record them into fixtures/recorded/.')
  .option('--only <name>', `make one recording: ${SPECS.map((s) => s.name).join(', ')}`)
  .option(
    '--out-dir <dir>',
    'where the recordings go (relative to the repository root)',
    'fixtures/recorded',
  )
  .parse();
const flags = program.opts<{ only?: string; outDir: string }>();
const specs = SPECS.filter((s) => flags.only === undefined || s.name === flags.only);
if (specs.length === 0) program.error(`--only: no recording named "${flags.only}"`);

const log = (line: string) => process.stderr.write(`[make-fixtures] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const kinesis = await startKinesis();
const client = kinesisClientFor(kinesis.endpoint, 'us-east-1');
const work = await mkdtemp(join(tmpdir(), 'make-fixtures-'));
try {
  for (const spec of specs) await make(spec);
} finally {
  client.destroy();
  await kinesis.stop();
  await rm(work, { recursive: true, force: true });
}

async function make(spec: FixtureSpec): Promise<void> {
  const stream = spec.name;
  const summaryFile = join(work, `${spec.name}.summary.json`);
  const args = [
    '--input',
    join(root, spec.input),
    '--stream',
    stream,
    '--kinesis-endpoint',
    kinesis.endpoint,
    '--summary',
    summaryFile,
    ...spec.replayArgs,
  ];
  log(`${spec.name}: replay ${spec.input} ${spec.replayArgs.join(' ')}`);
  const replay = spawnManaged('replay', process.execPath, [replayBin, ...args]);
  replay.child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  const exited = new Promise<number | null>((r) => replay.child.once('exit', (code) => r(code)));
  let split: Record<string, unknown> | undefined;
  if (spec.splitAfterMs !== undefined) split = await splitMidReplay(stream, spec.splitAfterMs);
  const code = await exited;
  if (code !== 0) throw new Error(`${spec.name}: replay exited with ${code}:\n${replay.output()}`);
  const replaySummary = JSON.parse(await readFile(summaryFile, 'utf8'));

  const recording = await recordStream({
    client,
    stream,
    meta: {
      madeBy: 'npx nx run record-stream:make-fixtures',
      input: spec.input,
      replay: `replay --input ${spec.input} --stream ${stream} --kinesis-endpoint <kinesalite> ${spec.replayArgs.join(' ')}`,
      replaySummary: pick(replaySummary, [
        'trips',
        'shards',
        'watermarksWritten',
        'outOfOrder',
        'retries',
        'throttles',
        'elapsedMs',
        'firstEventTime',
        'lastEventTime',
      ]),
      ...(split ? { split } : {}),
    },
  });
  const summary = summarizeRecording(recording);
  check(spec, summary, replaySummary.trips, split !== undefined);
  const out = resolve(root, flags.outDir, `${spec.name}.json.gz`);
  await saveRecording(recording, out);
  log(`${spec.name}: wrote ${relative(root, out)}\n${formatSummary(summary)}`);
}

/** Waits for the first record in the first shard, then for `afterMs`, then splits it in half. */
async function splitMidReplay(stream: string, afterMs: number): Promise<Record<string, unknown>> {
  const shardId = 'shardId-000000000000';
  for (;;) {
    try {
      const it = await client.send(
        new GetShardIteratorCommand({
          StreamName: stream,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: it.ShardIterator, Limit: 1 }),
      );
      if ((page.Records ?? []).length > 0) break;
    } catch {
      // The replay has not created the stream yet.
    }
    await sleep(100);
  }
  await sleep(afterMs);
  // Shard 0 of 2 owns [0, 2^127 - 1]; its children get [0, 2^126 - 1] and [2^126, 2^127 - 1].
  const newStartingHashKey = (2n ** 126n).toString();
  await client.send(
    new SplitShardCommand({
      StreamName: stream,
      ShardToSplit: shardId,
      NewStartingHashKey: newStartingHashKey,
    }),
  );
  const at = new Date().toISOString();
  log(`${stream}: split ${shardId} at hash key ${newStartingHashKey} (${at})`);
  return { shardId, newStartingHashKey, afterMs, at };
}

/** Fails unless the recording holds every trip and the watermarks a consumer needs. */
function check(spec: FixtureSpec, s: RecordingSummary, trips: number, split: boolean): void {
  const fail = (why: string) => {
    throw new Error(`${spec.name}: ${why}\n${formatSummary(s)}`);
  };
  if (s.trips !== trips) fail(`recorded ${s.trips} trips, the replay wrote ${trips}`);
  if (s.undecodable !== 0) fail(`${s.undecodable} records are not wire events`);
  for (const shard of s.shards) {
    if (shard.trips === 0) fail(`${shard.shardId} holds no trips`);
    if (!shard.closed && !shard.endOfStream) fail(`${shard.shardId} does not end with +infinity`);
    if (shard.closed && shard.endOfStream) fail(`closed ${shard.shardId} ends with +infinity`);
  }
  if (!split) return;
  const closed = s.shards.filter((x) => x.closed);
  if (closed.length !== 1) fail(`expected one closed shard, found ${closed.length}`);
  const children = s.shards.filter((x) => x.parents.includes(closed[0].shardId));
  if (children.length !== 2) fail(`expected two children, found ${children.length}`);
  for (const child of children) {
    // Watermarks before the final one: the split happened while the replay was still running.
    if (child.watermarks < 2) fail(`${child.shardId} got ${child.watermarks} watermarks`);
  }
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
