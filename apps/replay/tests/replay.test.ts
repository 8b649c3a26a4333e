import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  readWireFile,
  watermarkTimeOf,
  eventTimeOf,
  type TripEvent,
} from '@tripstream/trip-schema';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureIo, s3rverClient } from '@tripstream/test-support';
import { main } from '../src/cli.js';
import { kinesisClient, readStream, type ShardContent } from './read-stream.js';

const stack = inject('stack');
const SMALL = new URL('../../../fixtures/trips/small.jsonl.gz', import.meta.url).pathname;
const kinesis = kinesisClient(stack.kinesis!);
let fixture: TripEvent[];
let dir: string;

beforeAll(async () => {
  fixture = [];
  for await (const e of readWireFile(SMALL))
    if (e.type !== 'watermark') fixture.push(e as TripEvent);
  dir = await mkdtemp(join(tmpdir(), 'replay-test-'));
});
afterAll(() => kinesis.destroy());

function trips(content: ShardContent[]) {
  return content.flatMap((s) =>
    s.events.flatMap((e) => (e.event.type === 'watermark' ? [] : [e.event as TripEvent])),
  );
}

/** Checks the per-shard watermark contract against what was read back. */
function checkWatermarks(content: ShardContent[]) {
  const allTrips = trips(content);
  for (const { shard, events } of content) {
    const marks = events
      .filter((e) => e.event.type === 'watermark')
      .map((e) => watermarkTimeOf(e.event as never));
    expect(marks.length, `watermarks in ${shard.ShardId}`).toBeGreaterThanOrEqual(1);
    expect(marks.at(-1), `final watermark in ${shard.ShardId}`).toBe(Infinity);
    for (let i = 1; i < marks.length; i++) expect(marks[i]).toBeGreaterThanOrEqual(marks[i - 1]);
    // A watermark W promises no trip with event time <= W follows: with an ordered source, no
    // trip written after it anywhere has a smaller event time. Within its own shard that is
    // visible in sequence order.
    let maxMark = -Infinity;
    for (const e of events) {
      if (e.event.type === 'watermark') maxMark = Math.max(maxMark, watermarkTimeOf(e.event));
      else expect(eventTimeOf(e.event as TripEvent)).toBeGreaterThan(maxMark);
    }
  }
  return allTrips;
}

describe('replay app on kinesalite', () => {
  it('replays a fixture into a 4-shard stream: every trip exactly once, watermarks in every shard', async () => {
    const c = captureIo();
    const summaryFile = join(dir, 'summary.json');
    const code = await main(
      [
        '--input',
        SMALL,
        '--stream',
        'replay-small',
        '--kinesis-endpoint',
        stack.kinesis!,
        '--create-stream',
        '--shards',
        '4',
        '--speedup',
        'max',
        '--watermark-interval',
        '50ms',
        '--summary',
        summaryFile,
      ],
      c.io,
    );
    expect(code, c.err()).toBe(0);
    const content = await readStream(kinesis, 'replay-small');
    expect(content).toHaveLength(4);
    const got = checkWatermarks(content);
    expect(got.map((t) => t.trip_id).sort((a, b) => a - b)).toEqual(
      fixture.map((t) => t.trip_id).sort((a, b) => a - b),
    );
    expect(new Set(got.map((t) => JSON.stringify(t)))).toEqual(
      new Set(fixture.map((t) => JSON.stringify({ type: 'trip', ...t }))),
    );
    const summary = JSON.parse(await readFile(summaryFile, 'utf8'));
    expect(summary.trips).toBe(fixture.length);
    expect(summary.badLines).toBe(0);
    expect(JSON.parse(c.out())).toEqual(summary);
  });

  it('reads s3://bucket/prefix across more than 1,000 objects, in key order', async () => {
    const s3 = s3rverClient(stack.s3);
    const Bucket = 'replay-input';
    await s3.send(new CreateBucketCommand({ Bucket }));
    // 1,010 objects of a few trips each, gzip and plain mixed.
    const lines = (await import('node:zlib'))
      .gunzipSync(await readFile(SMALL))
      .toString('utf8')
      .trim()
      .split('\n');
    const objects = 1_010;
    const keys: string[] = [];
    for (let i = 0; i < objects; i++) {
      const part = lines.filter((_, j) => j % objects === i);
      if (part.length === 0) continue;
      const body = `${part.join('\n')}\n`;
      const gz = i % 2 === 0;
      keys.push(`trips/part-${String(i).padStart(5, '0')}.jsonl${gz ? '.gz' : ''}`);
      await s3.send(
        new PutObjectCommand({ Bucket, Key: keys.at(-1), Body: gz ? gzipSync(body) : body }),
      );
    }
    s3.destroy();
    const c = captureIo();
    const code = await main(
      [
        '--input',
        `s3://${Bucket}/trips/`,
        '--s3-endpoint',
        stack.s3!,
        '--stream',
        'replay-s3',
        '--kinesis-endpoint',
        stack.kinesis!,
        '--create-stream',
        '--shards',
        '2',
        '--speedup',
        'max',
        '--max-out-of-orderness',
        '1d',
      ],
      c.io,
    );
    expect(code, c.err()).toBe(0);
    const content = await readStream(kinesis, 'replay-s3');
    const got = trips(content);
    expect(got.map((t) => t.trip_id).sort((a, b) => a - b)).toEqual(
      fixture.map((t) => t.trip_id).sort((a, b) => a - b),
    );
    expect(JSON.parse(c.out()).trips).toBe(fixture.length);
  });

  it('reports bad lines with their position, sends none of them, and fails past --max-bad', async () => {
    const good = (await import('node:zlib'))
      .gunzipSync(await readFile(SMALL))
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(0, 50);
    const withBad = [
      ...good.slice(0, 10),
      '{"type":"trip","trip_id":"x"}',
      ...good.slice(10, 20),
      'not json',
      ...good.slice(20),
    ];
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, `${withBad.join('\n')}\n`);
    const ok = captureIo();
    expect(
      await main(
        [
          '--input',
          file,
          '--stream',
          'replay-bad',
          '--kinesis-endpoint',
          stack.kinesis!,
          '--create-stream',
          '--shards',
          '1',
          '--speedup',
          'max',
        ],
        ok.io,
      ),
      ok.err(),
    ).toBe(0);
    const summary = JSON.parse(ok.out());
    expect(summary.trips).toBe(50);
    expect(summary.badLines).toBe(2);
    expect(summary.firstBadLines.map((b: { line: number }) => b.line)).toEqual([11, 22]);
    expect(ok.err()).toMatch(/bad line .*bad\.jsonl:11/);
    expect(trips(await readStream(kinesis, 'replay-bad'))).toHaveLength(50);

    const strict = captureIo();
    expect(
      await main(
        [
          '--input',
          file,
          '--stream',
          'replay-bad',
          '--kinesis-endpoint',
          stack.kinesis!,
          '--speedup',
          'max',
          '--max-bad',
          '1',
        ],
        strict.io,
      ),
    ).toBe(1);
    expect(strict.err()).toMatch(/more than --max-bad 1 bad lines/);
  });

  it('--seek skips earlier trips; a missing stream and bad flags fail with clear messages', async () => {
    const sorted = [...fixture].sort((a, b) => eventTimeOf(a) - eventTimeOf(b));
    const seek = sorted[Math.floor(sorted.length / 2)].dropoff_datetime;
    const c = captureIo();
    expect(
      await main(
        [
          '--input',
          SMALL,
          '--stream',
          'replay-seek',
          '--kinesis-endpoint',
          stack.kinesis!,
          '--create-stream',
          '--shards',
          '1',
          '--speedup',
          'max',
          '--seek',
          seek,
        ],
        c.io,
      ),
      c.err(),
    ).toBe(0);
    const got = trips(await readStream(kinesis, 'replay-seek'));
    expect(got).toHaveLength(sorted.filter((t) => eventTimeOf(t) >= Date.parse(seek)).length);
    expect(Math.min(...got.map(eventTimeOf))).toBeGreaterThanOrEqual(Date.parse(seek));

    const missing = captureIo();
    expect(
      await main(
        ['--input', SMALL, '--stream', 'no-such-stream', '--kinesis-endpoint', stack.kinesis!],
        missing.io,
      ),
    ).toBe(1);
    expect(missing.err()).toMatch(/stream "no-such-stream" does not exist/);

    const flags = captureIo();
    expect(await main(['--input', SMALL, '--stream', 's', '--speedup', 'fast'], flags.io)).toBe(2);
  });

  it('exit codes of the README table: 2 for usage errors, 1 naming S3 or Kinesis', async () => {
    const usage: [string[], RegExp][] = [
      [['--input', SMALL, '--stream', 's', '--bogus'], /unknown option '--bogus'/],
      [['--inptu', SMALL, '--stream', 's'], /unknown option '--inptu'/],
      [['--stream', 's'], /required option '--input/],
      [['--input', SMALL, '--stream', 's', '--region', ''], /--region wants an AWS region/],
      [['--input', SMALL, '--stream', 's', '--kinesis-endpoint', 'notaurl'], /http:\/\//],
      [['--input', SMALL, '--stream', 's', '--summary', '/proc/self/x.json'], /--summary .*procfs/],
    ];
    for (const [argv, message] of usage) {
      const c = captureIo();
      expect(await main(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.err()).not.toMatch(/replay: \d+ trips/);
    }
    const s3 = captureIo();
    const closed = 'http://127.0.0.1:9';
    expect(
      await main(
        [
          '--input',
          's3://b/p',
          '--s3-endpoint',
          closed,
          '--stream',
          's',
          '--kinesis-endpoint',
          stack.kinesis!,
        ],
        s3.io,
      ),
    ).toBe(1);
    expect(s3.err()).toMatch(/^replay: failed: S3: cannot reach the server/m);
    const kinesisDown = captureIo();
    expect(
      await main(['--input', SMALL, '--stream', 's', '--kinesis-endpoint', closed], kinesisDown.io),
    ).toBe(1);
    expect(kinesisDown.err()).toMatch(/^replay: failed: Kinesis: cannot reach the server/m);
    const version = captureIo();
    expect(await main(['--version'], version.io)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a failed replay writes no end-of-stream watermark and says where to resume with --seek', async () => {
    // A gzip file cut in the middle: the replay reads and sends part of it, then the input fails.
    const whole = await readFile(SMALL);
    const cut = join(dir, 'truncated.jsonl.gz');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const args = (input: string, more: string[] = []) => [
      '--input',
      input,
      '--stream',
      'replay-failed',
      '--kinesis-endpoint',
      stack.kinesis!,
      '--speedup',
      'max',
      '--watermark-interval',
      '50ms',
      ...more,
    ];
    const failed = captureIo();
    const summaryFile = join(dir, 'failed-summary.json');
    expect(
      await main(
        args(cut, ['--create-stream', '--shards', '2', '--summary', summaryFile]),
        failed.io,
      ),
      failed.err(),
    ).toBe(1);
    const summary = JSON.parse(await readFile(summaryFile, 'utf8'));
    expect(summary.endOfStream).toBe(false);
    expect(summary.trips).toBeGreaterThan(0);
    expect(summary.trips).toBeLessThan(fixture.length);
    expect(Date.parse(summary.acknowledgedThrough)).toBe(Date.parse(summary.resumeSeek) - 1);
    expect(failed.err()).toContain(`--seek ${summary.resumeSeek}`);
    const afterFailure = await readStream(kinesis, 'replay-failed');
    for (const { events } of afterFailure) {
      for (const e of events)
        if (e.event.type === 'watermark') expect(watermarkTimeOf(e.event)).not.toBe(Infinity);
    }
    // Every trip at or before acknowledgedThrough is in the stream.
    const sent = new Set(trips(afterFailure).map((t) => t.trip_id));
    const through = Date.parse(summary.acknowledgedThrough);
    for (const t of fixture.filter((t) => eventTimeOf(t) <= through))
      expect(sent).toContain(t.trip_id);

    // Resuming at resumeSeek completes the stream: every trip at least once, then the end.
    const resumed = captureIo();
    expect(await main(args(SMALL, ['--seek', summary.resumeSeek]), resumed.io), resumed.err()).toBe(
      0,
    );
    expect(JSON.parse(resumed.out()).endOfStream).toBe(true);
    const content = await readStream(kinesis, 'replay-failed');
    expect(new Set(trips(content).map((t) => t.trip_id)).size).toBe(fixture.length);
    for (const { events } of content) {
      const last = events.at(-1)!.event;
      expect(last.type === 'watermark' && watermarkTimeOf(last)).toBe(Infinity);
    }
  });

  it('paces by --speedup: 1 s of event time at speedup 100 takes about 10 ms per second', async () => {
    const { Pacer } = await import('../src/time-adapter.js');
    let now = 0;
    const slept: number[] = [];
    const pacer = new Pacer(
      100,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    await pacer.waitFor(1_000_000);
    await pacer.waitFor(1_000_000 + 60_000); // one minute of event time later
    expect(slept).toEqual([600]);
    // An event already due is sent at once; the replay is then 30 s of event time behind.
    expect(await pacer.waitFor(1_000_000 + 30_000)).toBe(30_000);
    expect(slept).toEqual([600]);
  });
});
