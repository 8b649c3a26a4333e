import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureIo, createStream, kinesaliteClient } from '@tripstream/test-support';
import { expectedDocs, loadTrips, produce, searchAll } from './helpers.js';
import type { TripEvent } from '@tripstream/trip-schema';

const stack = inject('stack');
const kinesis = kinesaliteClient(stack.kinesis!);
const bin = new URL('../bin/processor.mjs', import.meta.url).pathname;
let dir: string;
let medium: TripEvent[];

beforeAll(async () => {
  if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
    throw new Error(
      'apps/processor is not built: run `npx nx run processor:build` (npm test builds first)',
    );
  }
  dir = await mkdtemp(join(tmpdir(), 'processor-kinesis-'));
  medium = await loadTrips('medium');
});
afterAll(() => kinesis.destroy());

async function expectIndicesEqualBatch(prefix: string, trips: TripEvent[]) {
  const expected = expectedDocs(trips);
  const got = new Map([
    ...(await searchAll(stack.opensearch!, `${prefix}pickup_count`)),
    ...(await searchAll(stack.opensearch!, `${prefix}trip_duration`)),
  ]);
  expect(got.size).toBe(expected.size);
  for (const [id, r] of expected) expect(got.get(id), id).toEqual(r.doc);
}

const baseFlags = (stream: string, prefix: string) => [
  '--stream',
  stream,
  '--kinesis-endpoint',
  stack.kinesis!,
  '--opensearch-endpoint',
  stack.opensearch!,
  '--index-prefix',
  prefix,
  '--exit-at-end',
  '--dead-letter-file',
  join(dir, `${prefix}dl.ndjson`),
];

describe('processor, Kinesis mode, into real OpenSearch', () => {
  it('reads every shard, combines the watermarks and writes exactly the batch computation', async () => {
    await createStream(kinesis, 'proc-medium', 4);
    await produce(kinesis, 'proc-medium', medium);
    const c = captureIo();
    const code = await main(baseFlags('proc-medium', 'pm-'), c.io);
    expect(code, c.err()).toBe(0);
    const summary = JSON.parse(c.out());
    expect(summary.trips).toBe(medium.length);
    expect(summary.watermark).toBe('+infinity');
    await expectIndicesEqualBatch('pm-', medium);
  });

  it('two workers over a pickup-cell partitioned stream give the union of one processor', async () => {
    await createStream(kinesis, 'proc-workers', 4);
    await produce(kinesis, 'proc-workers', medium, { partitionKey: 'pickup-cell' });
    const runs = await Promise.all(
      ['0/2', '1/2'].map(async (w) => {
        const c = captureIo();
        const code = await main([...baseFlags('proc-workers', 'pw-'), '--worker', w], c.io);
        expect(code, c.err()).toBe(0);
        return JSON.parse(c.out());
      }),
    );
    expect(runs[0].trips + runs[1].trips).toBe(medium.length);
    expect(runs[0].trips).toBeGreaterThan(0);
    expect(runs[1].trips).toBeGreaterThan(0);
    await expectIndicesEqualBatch('pw-', medium);
  });

  it('kill -9 mid-run and restart from the checkpoint leaves exactly the documents of an uninterrupted run', async () => {
    const large = await loadTrips('large');
    await createStream(kinesis, 'proc-kill', 4);
    await produce(kinesis, 'proc-kill', large);
    const checkpointDir = join(dir, 'ckpt-kill');
    const flags = [
      ...baseFlags('proc-kill', 'pk-'),
      '--checkpoint-dir',
      checkpointDir,
      '--checkpoint-interval',
      '200ms',
    ];
    // Kill with SIGKILL at a random point after the run's first new checkpoint, three times.
    const run = (kill: boolean) =>
      new Promise<{ code: number | null; signal: string | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...flags], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let err = '';
        let timer: NodeJS.Timeout | undefined;
        child.stderr.on('data', (d) => {
          err += d;
          if (kill && timer === undefined && /checkpoint \d+ \(/.test(err)) {
            timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 800));
          }
        });
        child.stdout.resume();
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, err });
        });
      });
    let kills = 0;
    for (let i = 0; i < 3; i++) {
      const r = await run(true);
      if (r.signal === 'SIGKILL') kills++;
      else expect(r.code, r.err).toBe(0);
      if (i > 0 && r.signal === 'SIGKILL') expect(r.err).toMatch(/restored checkpoint/);
    }
    const last = await run(false);
    expect(last.code, last.err).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(last.err).toMatch(/restored checkpoint/);
    await expectIndicesEqualBatch('pk-', large);
  });

  it('refuses to continue a checkpoint of another stream (exit 2, naming the file)', async () => {
    const small = medium.slice(0, 200);
    await createStream(kinesis, 'proc-cp-a', 2);
    await createStream(kinesis, 'proc-cp-b', 2);
    await produce(kinesis, 'proc-cp-a', small);
    const checkpoints = join(dir, 'cp-other-stream');
    const first = captureIo();
    const flags = (stream: string) => [
      ...baseFlags(stream, 'pcp-'),
      '--checkpoint-dir',
      checkpoints,
    ];
    expect(await main(flags('proc-cp-a'), first.io), first.err()).toBe(0);
    const other = captureIo();
    expect(await main(flags('proc-cp-b'), other.io)).toBe(2);
    expect(other.err()).toMatch(
      new RegExp(`checkpoint ${checkpoints}/checkpoint-\\d+\\.json belongs to another source`),
    );
    expect(other.err()).toMatch(/source\.stream is "proc-cp-a", this run's is "proc-cp-b"/);
  });
});
