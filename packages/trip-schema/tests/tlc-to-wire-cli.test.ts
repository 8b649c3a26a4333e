import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWireFile, type WireEvent } from '../src/index.js';
import { tlcToWire } from '../src/cli/tlc-to-wire.js';
import { GREEN } from './tlc-samples.js';

const RAW = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/trips/raw/${name}`, import.meta.url));

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await tlcToWire(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('tlc-to-wire', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tlc-to-wire-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--help documents every flag with its default', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    for (const flag of [
      '--output',
      '--source-timezone',
      '--layout',
      '--dropoff-from',
      '--dropoff-to',
      '--limit',
      '--first-trip-id',
      '--end-of-stream',
      '--report',
      '--max-reported-rows',
      '--strict',
      '--quiet',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('default: America/New_York');
  });

  it.each([
    [[], 'no input file'],
    [['--bogus', 'x'], 'bogus'],
    [['--limit', 'ten', 'x'], '--limit must be a non-negative integer'],
    [['--layout', 'blue', 'x'], '--layout must be one of'],
  ])('exits 2 on bad usage %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 1 when an input cannot be read', async () => {
    const { code, stderr } = await run(join(dir, 'missing.csv'));
    expect(code).toBe(1);
    expect(stderr).toContain('ENOENT');
  });

  it('writes gzip JSON lines to --output, a report, and a summary on stderr', async () => {
    const output = join(dir, 'out.jsonl.gz');
    const report = join(dir, 'report.json');
    const { code, stdout, stderr } = await run(
      '-o',
      output,
      '--report',
      report,
      '--end-of-stream',
      RAW('flink-rides-sample.gz'),
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('flink-rides, 1000 rows, 80 converted');
    expect(stderr).toContain('NYC filter:');
    const events: WireEvent[] = [];
    for await (const event of readWireFile(output)) events.push(event);
    expect(events).toHaveLength(81);
    expect(events.at(-1)).toEqual({ type: 'watermark', watermark: '+infinity' });
    const parsed = JSON.parse(await readFile(report, 'utf8')) as { trips: number };
    expect(parsed.trips).toBe(80);
  });

  it('writes to stdout without --output, quietly with -q', async () => {
    const input = join(dir, 'green.csv');
    await writeFile(input, GREEN);
    const { code, stdout, stderr } = await run('-q', '--limit', '1', '--first-trip-id', '7', input);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'trip', trip_id: 7 });
  });

  it('writes the DEBS columns (taxi, driver, meter time, every fare column) in canonical order', async () => {
    const { code, stdout } = await run('-q', '--limit', '1', RAW('debs-2015-sample.csv'));
    expect(code).toBe(0);
    // Line 1 of the DEBS file: 07290D35...,E7750A37...,00:00:00,00:02:00,120,0.44,...,4.50
    expect(stdout).toBe(
      '{"type":"trip","trip_id":1,"medallion":"07290D3599E7A0D62097A346EFCC1FB5","hack_license":"E7750A37CAB07D0DFF0AF7E3573AC141","pickup_datetime":"2013-01-01T05:00:00.000Z","dropoff_datetime":"2013-01-01T05:02:00.000Z","trip_time_in_secs":120,"pickup_latitude":40.716976,"pickup_longitude":-73.956528,"dropoff_latitude":40.715008,"dropoff_longitude":-73.96244,"trip_distance":0.44,"fare_amount":3.5,"surcharge":0.5,"mta_tax":0.5,"tip_amount":0,"tolls_amount":0,"total_amount":4.5,"payment_type":"CSH"}\n',
    );
  });

  it('prints its version', async () => {
    const { code, stdout } = await run('--version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--strict exits 1 when rows could not be converted, after writing the rest', async () => {
    const input = join(dir, 'bad.csv');
    await writeFile(
      input,
      `${GREEN}2,2015-01-01 00:34:42,not a time,N,1,-73.9,40.7,-73.9,40.7,1,1,5,0.5,0.5,0,0,,0.3,6.3,2,1\n`,
    );
    const output = join(dir, 'bad.jsonl');
    const { code, stderr } = await run('--strict', '-o', output, input);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.csv:4: bad-datetime/);
    expect((await readFile(output, 'utf8')).trimEnd().split('\n')).toHaveLength(2);
    expect((await run('-o', output, input)).code).toBe(0);
  });
});
