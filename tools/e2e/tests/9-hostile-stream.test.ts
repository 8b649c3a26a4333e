import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { encode, eventTimeOf, type TripEvent } from '@tripstream/trip-schema';
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { expectIndicesEqualBatch } from './support/expect-indices-equal-batch.js';
import { JOB } from './support/job.js';
import { readStream } from './support/kinesis.js';
import { printFigures } from './support/print-figures.js';
import { processorFiles, readProcessorSummary } from './support/processor.js';
import {
  killReplayMidRun,
  lastWatermarks,
  scenarioFile,
  startWatchedProcessor,
  waitForMetrics,
} from './support/scenario-file.js';
import { scenarioSeed, seededRandom } from './support/seeded-random.js';

const file = scenarioFile();
const { stack, kinesis } = file;

const text = (s: string) => new TextEncoder().encode(s);

/** Records no decoder should choke on: each must come out as one `undecodable` dead letter. */
function garbage(random: () => number): Uint8Array[] {
  const trip = file.trips[0];
  return [
    text(`{"type":"trip","trip_id":1,"pickup_datetime":`),
    text('not json at all'),
    text('['.repeat(20_000) + ']'.repeat(20_000)),
    text(JSON.stringify({ ...trip, vendor_id: 'v'.repeat(600_000), pickup_latitude: 'north' })),
    Uint8Array.from({ length: 64 }, () => 0x80 + Math.floor(random() * 0x40)),
    text(JSON.stringify({ type: 'trip', trip_id: 'seven' })),
    text(JSON.stringify({ type: 'watermark', watermark: 'yesterday' })),
    text(JSON.stringify([1, 'array'])),
    text('null'),
    text(encode(trip).replace(/"pickup_latitude":[^,]+/, '"pickup_latitude":1e999')),
    text(encode(trip).replace(/"trip_id":\d+/, '"trip_id":NaN')),
  ];
}

/** Well-formed records dated where no taxi drove: each one `out-of-range` dead letter. */
function outOfRange(): Uint8Array[] {
  const trips = file.trips;
  const at = (t: TripEvent, id: number, dropoff: string): TripEvent => ({
    ...t,
    trip_id: id,
    pickup_datetime: new Date(Date.parse(dropoff) - 600_000).toISOString(),
    dropoff_datetime: dropoff,
  });
  return [
    text(encode(at(trips[1], 9_000_001, '1969-12-31T23:59:00.000Z'))),
    text(encode(at(trips[2], 9_000_002, '9999-06-01T00:00:00.000Z'))),
    text(encode({ type: 'watermark', watermark: '9999-12-31T23:59:59.999Z' })),
  ];
}

async function put(stream: string, records: Uint8Array[], random: () => number) {
  for (let i = 0; i < records.length; i += 5) {
    const res = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: records.slice(i, i + 5).map((Data) => ({ Data, PartitionKey: String(random()) })),
      }),
    );
    expect(res.FailedRecordCount ?? 0).toBe(0);
  }
}

interface DeadLetter {
  kind: string;
  input: string;
  position?: string;
  reason: string;
  data: unknown;
}

/*
 * One stream meets everything at once: a replay SIGKILLed mid-run and resumed with --seek
 * (trips sent twice), garbage of every kind, trips dated 1969 and 9999, a watermark dated 9999,
 * and a second replay after the end-of-stream watermark. One processor reads it all without a
 * restart; the indices must equal the batch computation over the fixture's trips, once each.
 */
it('9 hostile stream: garbage, duplicates, absurd dates and a replay after the end change nothing', async () => {
  const seed = scenarioSeed();
  const random = seededRandom(seed);
  const trips = file.trips;
  const windowMs = JOB.windowMs!;
  const scenario = await file.scenario('hostile');
  const { stream, prefix, dir } = scenario;
  // Shards fall silent while the replay is dead: they must not be declared idle meanwhile.
  const { processor, metricsUrl } = await startWatchedProcessor(scenario);

  // 1. A paced replay, killed at a random point once windows have fired.
  const killDelay = await killReplayMidRun(scenario, processor, {
    random,
    minMs: 2_000,
    spanMs: 9_000,
  });

  // 2. Hostile records, over random shards, before the replay resumes.
  const bad = garbage(random);
  const absurd = outOfRange();
  await put(stream, [...bad, ...absurd], random);

  // 3. Resume with --seek one window before the first window the processor had not fired: every
  //    trip from there on is sent again, so trips already written arrive twice.
  const leftover = await readStream(kinesis, stream);
  // The replay's own watermarks, not the absurd one put in step 2.
  const lastWatermark = lastWatermarks(leftover, Date.parse('9999-01-01T00:00:00Z'));
  const watermark = Math.min(...lastWatermark.values());
  const seek = Math.floor((watermark + 1) / windowMs) * windowMs - windowMs;
  const resumed = await scenario
    .replay({
      name: 'replay-resumed',
      seek: new Date(seek).toISOString(),
    })
    .finished();

  // 4. A second replay after the end-of-stream watermark: all of it is late.
  const second = await scenario
    .replay({
      name: 'replay-again',
      fixture: 'small',
    })
    .finished();

  // The processor reads to the end of the stream (bounded), then stops gracefully.
  const stored = await readStream(kinesis, stream);
  const metrics = await waitForMetrics(metricsUrl, (m) => m.records_total === stored.length, 600);
  expect(metrics.records_total).toBe(stored.length);
  processor.kill('SIGTERM');
  expect((await processor.waitForExit(60_000)).code, processor.stderr()).toBe(0);

  const files = processorFiles({ dir });
  const s = await readProcessorSummary(files.summaryFile);
  const letters = (await readFile(files.deadLetterFile, 'utf8'))
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as DeadLetter);

  // The indices hold the batch computation over the fixture's trips, each counted once.
  const docs = await expectIndicesEqualBatch(stack.opensearch!, prefix, trips);

  // Every record is accounted for exactly once.
  const invalid = Object.values(s.invalid).reduce((a, b) => a + b, 0);
  expect(s.records).toBe(stored.length);
  expect(s.records).toBe(
    s.watermarkEvents + s.kept + invalid + s.undecodable + s.late + s.duplicates + s.outOfRange,
  );
  expect(s.undecodable).toBe(bad.length);
  expect(s.outOfRange).toBe(absurd.length);
  expect(s.late).toBeGreaterThanOrEqual(second.trips);
  expect(s.duplicates).toBeGreaterThan(0);
  expect(s.kept + invalid).toBe(trips.length);

  // Each refused record is dead-lettered once, at its shard and sequence number, with a reason.
  const refused = s.undecodable + s.outOfRange + s.duplicates + s.late;
  expect(letters).toHaveLength(refused);
  expect(new Set(letters.map((l) => `${l.input}/${l.position}`)).size).toBe(refused);
  for (const l of letters) expect(l.reason.length, JSON.stringify(l)).toBeGreaterThan(0);
  const kinds = (kind: string) => letters.filter((l) => l.kind === kind).length;
  expect([kinds('undecodable'), kinds('out-of-range'), kinds('duplicate'), kinds('late')]).toEqual([
    s.undecodable,
    s.outOfRange,
    s.duplicates,
    s.late,
  ]);
  expect(
    letters.some((l) => l.kind === 'undecodable' && 'base64' in (l.data as object)),
    'non-UTF-8 bytes are kept in base64',
  ).toBe(true);
  // The late trips of the second replay are dead-lettered as such, not counted.
  const lateIds = letters
    .filter((l) => l.kind === 'late')
    .map((l) => (l.data as TripEvent).trip_id);
  expect(lateIds.length).toBeGreaterThanOrEqual(second.trips);

  const resent = trips.filter((t) => eventTimeOf(t) >= seek).length;
  expect(resumed.trips).toBe(resent);
  printFigures(
    '9 hostile stream',
    {
      trips: resumed.trips + second.trips,
      records: s.records,
      retries: resumed.retries + second.retries,
      throttles: resumed.throttles + second.throttles,
      restarts: 1,
      documents: docs.documents,
    },
    {
      seed,
      'killed after ms': killDelay,
      garbage: bad.length,
      'out of range': s.outOfRange,
      duplicates: s.duplicates,
      late: s.late,
      seek: new Date(seek).toISOString(),
    },
  );
});
