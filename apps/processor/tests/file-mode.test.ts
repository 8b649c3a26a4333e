import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchReferenceJob } from '@tripstream/reference-job';
import { main } from '../src/cli.js';
import { captureIo } from '@tripstream/test-support';
import { expectedDocs, fixture, loadTrips } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'processor-file-'));
});

async function runFile(input: string, extra: string[] = []) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.ndjson`);
  const dl = join(dir, `dl-${Math.random().toString(36).slice(2)}.ndjson`);
  const c = captureIo();
  const code = await main(
    ['--input', input, '--output', out, '--dead-letter-file', dl, ...extra],
    c.io,
  );
  expect(code, c.err()).toBe(0);
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const deadLetters = await readFile(dl, 'utf8').then(
    (t) =>
      t
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    () => [],
  );
  return { lines, summary: JSON.parse(c.out()), deadLetters };
}

describe('processor file mode', () => {
  it.each(['small', 'medium', 'large'])(
    'reproduces the batch computation on the %s fixture',
    async (name) => {
      const trips = await loadTrips(name);
      const expected = expectedDocs(trips);
      const { lines, summary } = await runFile(fixture(name));
      // Without allowed lateness every (key, window) fires once: no id twice.
      expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
      expect(lines).toHaveLength(expected.size);
      for (const l of lines) {
        expect(expected.get(l.id), l.id).toBeDefined();
        expect(l.index).toBe(expected.get(l.id)!.index);
        expect(l.doc).toEqual(expected.get(l.id)!.doc);
      }
      expect(
        summary.kept +
          Object.values(summary.invalid as Record<string, number>).reduce((a, b) => a + b, 0),
      ).toBe(trips.length);
      expect(summary.undecodable).toBe(0);
    },
  );

  it('dead-letters undecodable lines with their line number and computes the rest exactly', async () => {
    const text = gunzipSync(await readFile(fixture('small')))
      .toString('utf8')
      .trim()
      .split('\n');
    const broken = [...text];
    broken.splice(5, 0, '{"type":"trip","trip_id":1,"pickup_datetime":"yesterday"}');
    broken.splice(50, 0, '\u0000garbage');
    const file = join(dir, 'broken.jsonl');
    await writeFile(file, `${broken.join('\n')}\n`);
    const { lines, deadLetters, summary } = await runFile(file);
    const expected = expectedDocs(await loadTrips('small'));
    expect(lines).toHaveLength(expected.size);
    expect(summary.undecodable).toBe(2);
    expect(deadLetters.map((d) => [d.kind, d.position])).toEqual([
      ['undecodable', 'line 6'],
      ['undecodable', 'line 51'],
    ]);
    expect(deadLetters[0].field).toBe('pickup_datetime');
  });

  it('honours --index-prefix, --window and --min-trips', async () => {
    const trips = await loadTrips('small');
    const { lines } = await runFile(fixture('small'), [
      '--index-prefix',
      'demo-',
      '--window',
      '30m',
      '--min-trips',
      '1',
    ]);
    const expected = batchReferenceJob(trips, {
      windowMs: 1_800_000,
      minTripsForDuration: 1,
    }).records;
    expect(lines).toHaveLength(expected.length);
    expect(new Set(lines.map((l) => l.index))).toEqual(
      new Set(['demo-pickup_count', 'demo-trip_duration']),
    );
  });

  it('rejects contradictory or missing flags with exit code 2', async () => {
    const c = captureIo();
    expect(await main(['--output', '-'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--stream .* or --input/);
    expect(await main(['--input', 'x', '--stream', 's', '--output', '-'], c.io)).toBe(2);
    expect(await main(['--input', 'x', '--output', '-', '--window', 'soon'], c.io)).not.toBe(0);
    expect(c.err()).toMatch(/--window must be a duration/);
  });
});
