import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { perSecond, timeMs, type BenchRow } from '@tripstream/bench';
import { createStream, kinesaliteClient, s3rverClient } from '@tripstream/test-support';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Ctx {
  kinesis: string;
  opensearch: string;
  s3: string;
  dynamodb?: string;
}

const root = new URL('../../..', import.meta.url).pathname;
const FIXTURE = join(root, 'fixtures/trips/medium.jsonl.gz');
const PROCESSOR = join(root, 'apps/processor/bin/processor.mjs');
const REPLAY = join(root, 'apps/replay/bin/replay.mjs');

/** A child process whose stderr lines are timestamped as they arrive. */
function start(bin: string, args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: { at: number; line: string }[] = [];
  let rest = '';
  child.stderr!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString('utf8')).split('\n');
    rest = parts.pop()!;
    for (const line of parts) lines.push({ at: performance.now(), line });
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const waitFor = async (re: RegExp, timeoutMs = 120_000, after = 0) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = lines.find((l) => l.at >= after && re.test(l.line));
      if (hit) return hit;
      if (performance.now() > deadline)
        throw new Error(
          `${bin}: no ${re} in ${timeoutMs} ms:\n${lines
            .map((l) => l.line)
            .join('\n')
            .slice(-3000)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, lines, exited, waitFor };
}

async function expectExit0(p: ReturnType<typeof start>, what: string) {
  const code = await p.exited;
  if (code !== 0)
    throw new Error(
      `${what} exited ${code}:\n${p.lines
        .map((l) => l.line)
        .join('\n')
        .slice(-3000)}`,
    );
}

/**
 * Leased mode on the local stack: throughput with 1, 2 and 3 workers (replay of the medium
 * fixture with random partition keys into 4 shards, until every worker has exited at the end)
 * against one classic processor in the same run; failover time (SIGKILL of one of two workers to
 * the first batch of one of its shards read by the other); and the extra OpenSearch writes of
 * the exact partial merge against the classic processor's document writes.
 */
export async function run(ctx: Ctx): Promise<BenchRow[]> {
  if (!ctx.dynamodb)
    throw new Error('the bench needs dynalite: use the kinesis-dynamodb-s3-opensearch globalSetup');
  // Only creates the streams: the processes under test have their own clients.
  const kinesis = kinesaliteClient(ctx.kinesis);
  const s3 = s3rverClient(ctx.s3);
  await s3.send(new CreateBucketCommand({ Bucket: 'bench-leases' })).catch(() => {});
  const dir = await mkdtemp(join(tmpdir(), 'bench-leases-'));
  const newStream = async (name: string) => {
    const StreamName = `${name}-${Date.now().toString(36)}`;
    await createStream(kinesis, StreamName, 4);
    return StreamName;
  };
  const replayArgs = (stream: string, paced: boolean) => [
    ...['--input', FIXTURE, '--stream', stream, '--kinesis-endpoint', ctx.kinesis, '--quiet'],
    ...(paced ? ['--speedup', '130'] : ['--speedup', 'max', '--no-pacing']),
  ];
  const common = (stream: string, name: string) => [
    ...[
      '--stream',
      stream,
      '--kinesis-endpoint',
      ctx.kinesis,
      '--opensearch-endpoint',
      ctx.opensearch,
    ],
    ...['--index-prefix', `${stream}-`, '--exit-at-end', '--window', '10m', '--min-trips', '1'],
    ...[
      '--dead-letter-file',
      join(dir, `${stream}-${name}-dl.ndjson`),
      '--summary',
      join(dir, `${stream}-${name}.json`),
    ],
    ...['--read-calls-per-shard', '20', '--read-mib-per-shard', '64', '--poll-interval', '100ms'],
  ];
  const leased = (stream: string, name: string) => [
    ...common(stream, name),
    ...[
      '--lease-table',
      `${stream}-leases`,
      '--dynamodb-endpoint',
      ctx.dynamodb!,
      '--worker-id',
      name,
    ],
    ...['--state-uri', `s3://bench-leases/${stream}`, '--s3-endpoint', ctx.s3],
    ...['--failover-time', '10s', '--take-interval', '2s', '--checkpoint-interval', '1s'],
  ];
  const summary = async (stream: string, name: string) =>
    JSON.parse(await readFile(join(dir, `${stream}-${name}.json`), 'utf8')) as Record<string, any>;

  // Baseline: one classic processor (reads every shard, writes each document once).
  const classic = await newStream('bench-classic');
  // The trip count is known only afterwards, from the summary.
  const classicMs = await timeMs(async () => {
    const cp = start(PROCESSOR, common(classic, 'p'));
    const cr = start(REPLAY, replayArgs(classic, false));
    await expectExit0(cr, 'replay');
    await expectExit0(cp, 'classic processor');
  });
  const classicSummary = await summary(classic, 'p');
  const trips = classicSummary.trips as number;
  const classicRate = trips / (classicMs / 1000);
  const classicWrites = classicSummary.documents as number;

  const rows: BenchRow[] = [];
  let writesOf1 = 0;
  for (const workers of [1, 2, 3]) {
    const stream = await newStream(`bench-leased${workers}`);
    const names = Array.from({ length: workers }, (_, i) => `w${i}`);
    const rate = await perSecond(trips, async () => {
      const ps = names.map((n) => start(PROCESSOR, leased(stream, n)));
      const r = start(REPLAY, replayArgs(stream, false));
      await expectExit0(r, 'replay');
      await Promise.all(ps.map((p, i) => expectExit0(p, names[i])));
    });
    const sums = await Promise.all(names.map((n) => summary(stream, n)));
    if (workers === 1) writesOf1 = sums[0].documentWrites as number;
    console.log(
      `[bench] leased ${workers}: ${rate.toFixed(0)} trips/s vs classic ${classicRate.toFixed(0)}`,
    );
    rows.push({
      row: `leased processors: ${workers} worker${workers > 1 ? 's' : ''}`,
      figure: 'trips/s replay -> OpenSearch (medium fixture, 4 shards, random keys)',
      value: rate,
      unit: 'trips/s',
      baseline: classicRate,
      baselineLabel: 'one classic processor, same fixture and stream shape',
      ratio: rate / classicRate,
      target: 'report',
      notes: `one run; failover 10 s, take interval 2 s; workers processed ${sums.map((s) => s.shardsProcessed.length).join('/')} shards; processes, lease table, templates and every merge inside the measured time; all workers share this machine's 2 cores with the stack`,
    });
  }

  // Failover: two workers, a paced replay; SIGKILL one once it read its shards.
  const stream = await newStream('bench-failover');
  const a = start(PROCESSOR, leased(stream, 'a'));
  const b = start(PROCESSOR, leased(stream, 'b'));
  const r = start(REPLAY, replayArgs(stream, true));
  const firstOfB = await b.waitFor(/(shardId-\d+) first batch/);
  await new Promise((res) => setTimeout(res, 3_000));
  const shard = /(shardId-\d+)/.exec(firstOfB.line)![1];
  const killedAt = performance.now();
  b.child.kill('SIGKILL');
  const resumed = await a.waitFor(new RegExp(`${shard} first batch`), 120_000, killedAt);
  const failoverMs = resumed.at - killedAt;
  console.log(
    `[bench] failover ${failoverMs.toFixed(0)} ms; writes ${writesOf1} vs ${classicWrites}`,
  );
  await expectExit0(r, 'replay');
  await expectExit0(a, 'surviving worker');
  rows.push({
    row: 'leased processors: failover',
    figure: 'ms from SIGKILL of a worker to its shard read again by another',
    value: failoverMs,
    unit: 'ms',
    baseline: 10_000,
    baselineLabel: '--failover-time',
    ratio: failoverMs / 10_000,
    target: '<= failover time + 2 take intervals',
    notes: `2 workers, paced replay of the medium fixture; the lease is taken once unrenewed for 10 s (observer's clock), then read from the dead worker's last checkpoint (with its window state from S3), or from the start when it had none`,
  });
  rows.push({
    row: 'leased processors: extra write cost of exactness',
    figure: "OpenSearch document writes (parts + merged) vs the classic processor's writes",
    value: writesOf1,
    unit: 'writes',
    baseline: classicWrites,
    baselineLabel: 'classic processor documents written (same trips)',
    ratio: writesOf1 / classicWrites,
    target: 'report',
    notes:
      'one leased worker over 4 shards with random keys: each key and window gets up to 4 parts; every part stored costs a read (_mget) and a conditional write, every merge one versioned write',
  });
  kinesis.destroy();
  s3.destroy();
  return rows;
}
