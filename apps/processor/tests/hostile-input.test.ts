import { airportOf, encode, eventTimeOf, type TripEvent } from '@tripstream/trip-schema';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { Pipeline, type DeadLetterEntry } from '../src/pipeline.js';
import { captureIo } from '@tripstream/test-support';
import { expectedDocs, loadTrips } from './helpers.js';

let dir: string;
let trips: TripEvent[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'processor-hostile-'));
  trips = (await loadTrips('small')).sort((a, b) => eventTimeOf(a) - eventTimeOf(b));
});

const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function run(file: string, extra: string[] = []) {
  const id = Math.random().toString(36).slice(2);
  const out = join(dir, `out-${id}.ndjson`);
  const dl = join(dir, `dl-${id}.ndjson`);
  const c = captureIo();
  const code = await main(
    ['--input', file, '--output', out, '--dead-letter-file', dl, ...extra],
    c.io,
  );
  return {
    code,
    err: c.err(),
    summary: code === 0 ? JSON.parse(c.out()) : undefined,
    docs: code === 0 ? lines(await readFile(out, 'utf8')) : [],
    deadLetters: lines(await readFile(dl, 'utf8').catch(() => '')) as DeadLetterEntry[],
  };
}

const shifted = (t: TripEvent, tripId: number, dropoff: string): TripEvent => ({
  ...t,
  trip_id: tripId,
  pickup_datetime: new Date(Date.parse(dropoff) - 600_000).toISOString(),
  dropoff_datetime: dropoff,
});

describe('processor on hostile input', () => {
  it('dead-letters every bad record once, with its reason, and computes the rest exactly', async () => {
    const garbage = [
      '['.repeat(20_000) + ']'.repeat(20_000),
      JSON.stringify({ ...trips[0], trip_id: 900_001, vendor_id: 'x'.repeat(1_000_000) }).replace(
        '"pickup_latitude":',
        '"pickup_latitude":"',
      ),
      'not json',
      JSON.stringify({ type: 'trip', trip_id: 'seven' }),
      JSON.stringify({ type: 'watermark', watermark: 'yesterday' }),
      '{"type":"trip","trip_id":5,"pickup_latitude":1e999}',
      'null',
    ];
    const outOfRange = [
      encode(shifted(trips[1], 900_002, '1969-12-31T23:00:00.000Z')),
      encode(shifted(trips[2], 900_003, '9999-01-01T00:00:00.000Z')),
      encode({ type: 'watermark', watermark: '9999-12-31T00:00:00.000Z' }),
    ];
    const duplicates = trips.slice(10, 15).map((t) => encode(t));
    // After the end-of-stream watermark: late, whatever they are (airport trips included).
    const afterEnd = [
      ...trips.filter((t) => airportOf(t.dropoff_latitude, t.dropoff_longitude)).slice(0, 2),
      ...trips.slice(0, 3),
    ];
    const body = trips.map((t) => encode(t));
    body.splice(50, 0, ...garbage);
    body.splice(100, 0, ...outOfRange);
    body.splice(200, 0, ...duplicates);
    body.push(encode({ type: 'watermark', watermark: '+infinity' }), ...afterEnd.map(encode));
    const file = join(dir, 'hostile.jsonl');
    await writeFile(file, `${body.join('\n')}\n`);

    const r = await run(file);
    expect(r.code, r.err).toBe(0);
    const expected = expectedDocs(trips);
    expect(r.docs).toHaveLength(expected.size);
    for (const d of r.docs) expect(d.doc).toEqual(expected.get(d.id)?.doc);

    const s = r.summary;
    expect(s.undecodable).toBe(garbage.length);
    expect(s.outOfRange).toBe(outOfRange.length);
    expect(s.duplicates).toBe(duplicates.length);
    expect(s.late).toBe(afterEnd.length);
    const invalid = Object.values(s.invalid as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(s.records).toBe(
      s.watermarkEvents + s.kept + invalid + s.undecodable + s.late + s.duplicates + s.outOfRange,
    );
    // Each refused record is dead-lettered once, at its line, with a reason.
    const refused = s.undecodable + s.outOfRange + s.duplicates + s.late;
    expect(r.deadLetters).toHaveLength(refused);
    expect(new Set(r.deadLetters.map((d) => d.position)).size).toBe(refused);
    for (const d of r.deadLetters) expect(d.reason.length).toBeGreaterThan(0);
    const late = r.deadLetters.filter((d) => d.kind === 'late');
    expect(late.map((d) => (d.data as TripEvent).trip_id)).toEqual(afterEnd.map((t) => t.trip_id));
    for (const d of late) {
      expect(d.watermark).toBe('+infinity');
      expect(d.eventTime).toBe((d.data as TripEvent).dropoff_datetime);
    }
    const ranged = r.deadLetters.filter((d) => d.kind === 'out-of-range');
    expect(ranged.map((d) => d.eventTime)).toEqual([
      '1969-12-31T23:00:00.000Z',
      '9999-01-01T00:00:00.000Z',
      '9999-12-31T00:00:00.000Z',
    ]);
  });

  it('a copy of a trip after its window closed is late once, valid or not (--no-dedup)', async () => {
    const invalidTrip = {
      ...trips[5],
      trip_id: 8_000_001,
      pickup_latitude: 0,
      pickup_longitude: 0,
    };
    const last = Date.parse(trips.at(-1)!.dropoff_datetime);
    const body = [
      ...trips.slice(0, 10).map((t) => encode(t)),
      encode(invalidTrip),
      ...trips.slice(10).map((t) => encode(t)),
      encode({ type: 'watermark', watermark: new Date(last + 7_200_000).toISOString() }),
      encode(invalidTrip),
      encode(trips[5]),
    ];
    const file = join(dir, 'late-copies.jsonl');
    await writeFile(file, `${body.join('\n')}\n`);
    const r = await run(file, ['--no-dedup']);
    expect(r.code, r.err).toBe(0);
    expect(r.summary.late).toBe(2);
    // The same input without the two copies counts the same invalid trips.
    const original = join(dir, 'without-copies.jsonl');
    await writeFile(original, `${body.slice(0, -2).join('\n')}\n`);
    const baseline = await run(original, ['--no-dedup']);
    expect(r.summary.invalid).toEqual(baseline.summary.invalid);
    expect(r.summary.kept).toBe(baseline.summary.kept);
    expect(
      r.deadLetters.filter((d) => d.kind === 'late').map((d) => (d.data as TripEvent).trip_id),
    ).toEqual([8_000_001, trips[5].trip_id]);
  });

  it('keeps the raw bytes of a record that is not UTF-8, in base64', () => {
    const dead: DeadLetterEntry[] = [];
    const pipeline = new Pipeline({ deadLetter: (e) => dead.push(e) });
    const bytes = Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);
    pipeline.processRecords('shard-0', [{ data: bytes, position: '42' }]);
    expect(dead).toEqual([
      expect.objectContaining({
        kind: 'undecodable',
        input: 'shard-0',
        position: '42',
        data: { base64: Buffer.from(bytes).toString('base64') },
      }),
    ]);
  });

  it('--no-dedup keeps copies; --timestamp-attribute pickup_datetime windows by pickup', async () => {
    const file = join(dir, 'copies.jsonl');
    await writeFile(file, `${[...trips, ...trips.slice(0, 5)].map((t) => encode(t)).join('\n')}\n`);
    const kept = await run(file, ['--no-dedup']);
    expect(kept.code, kept.err).toBe(0);
    expect(kept.summary.duplicates).toBe(0);
    expect(kept.summary.dedupHorizonMs).toBe(false);
    const byPickup = await run(file, ['--timestamp-attribute', 'pickup_datetime']);
    expect(byPickup.code, byPickup.err).toBe(0);
    expect(byPickup.summary.duplicates).toBe(5);
    expect(byPickup.summary.timestampAttribute).toBe('pickup_datetime');
    expect(byPickup.summary.dedupHorizonMs).toBe(3_600_000);
  });

  it('refuses a checkpoint of another input or job (exit 2, naming the file); skips a corrupt one', async () => {
    const input = join(dir, 'cp-input.jsonl');
    await writeFile(input, `${trips.map((t) => encode(t)).join('\n')}\n`);
    const cp = join(dir, 'checkpoints');
    expect((await run(input, ['--checkpoint-dir', cp])).code).toBe(0);
    const [first] = await readdir(cp);
    const other = join(dir, 'cp-other.jsonl');
    await writeFile(other, `${encode(trips[0])}\n`);
    const wrongInput = await run(other, ['--checkpoint-dir', cp]);
    expect(wrongInput.code).toBe(2);
    expect(wrongInput.err).toContain(join(cp, first));
    expect(wrongInput.err).toMatch(/source\.input/);
    const wrongWindow = await run(input, ['--checkpoint-dir', cp, '--window', '30m']);
    expect(wrongWindow.code).toBe(2);
    expect(wrongWindow.err).toMatch(/job\.windowMs is 3600000, this run's is 1800000/);

    // A newer checkpoint that parses but does not restore: a warning naming it, then the older one.
    const saved = JSON.parse(await readFile(join(cp, first), 'utf8'));
    const corrupt = join(cp, 'checkpoint-99.json');
    await writeFile(corrupt, JSON.stringify({ ...saved, pipeline: { job: {} } }));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const resumed = await run(input, ['--checkpoint-dir', cp]);
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.summary.restoredFrom).toBe(Number(/\d+/.exec(first)![0]));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.join('\n')).toContain(`checkpoint ${corrupt} is corrupt`);
  });

  it('refuses --sigv4 over plain http to a remote host, and never echoes endpoint credentials', async () => {
    const input = join(dir, 'one.jsonl');
    await writeFile(input, `${encode(trips[0])}\n`);
    const insecure = captureIo();
    expect(
      await main(
        ['--input', input, '--opensearch-endpoint', 'http://search.example.com', '--sigv4'],
        insecure.io,
      ),
    ).toBe(2);
    expect(insecure.err()).toMatch(/--sigv4 over plain http:\/\/ would send the signature/);
    const leaky = captureIo();
    expect(
      await main(['--input', input, '--opensearch-endpoint', 'ftp://admin:PW123@host'], leaky.io),
    ).toBe(2);
    expect(leaky.err()).not.toContain('PW123');
  });
});
