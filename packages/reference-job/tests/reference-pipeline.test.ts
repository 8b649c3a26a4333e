import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCheckpointBarrier, pump, type CheckpointBarrier } from '@tripstream/rx-event-time';
import { decode, isWatermark, type TripEvent } from '@tripstream/trip-schema';
import {
  batchReferenceJob,
  createReferencePipeline,
  type DeadLetterEntry,
  type ReferencePipelineOutput,
  type TripInput,
  type VersionedRecord,
} from '../src/index.js';

const lines = gunzipSync(
  readFileSync(new URL('../../../fixtures/trips/medium.jsonl.gz', import.meta.url)),
)
  .toString('utf8')
  .split('\n')
  .filter((line) => line.length > 0);
const trips = lines.map((l) => decode(l)).filter((e): e is TripEvent => !isWatermark(e));

/** The file as the processor reads it: batches of 500 lines on two inputs, then the end. */
function source(from = 0) {
  const items: TripInput[] = [];
  for (let i = 0; i < lines.length; i += 500) {
    items.push({
      kind: 'records',
      input: `part-${(i / 500) % 2}`,
      records: lines.slice(i, i + 500).map((data, j) => ({ data, position: `line ${i + j + 1}` })),
    });
  }
  items.push({ kind: 'end' });
  const state = { position: from };
  return {
    items: (async function* () {
      while (state.position < items.length) yield items[state.position++];
    })(),
    position: () => state.position,
  };
}

/** Documents by id, the last version of each winning: what an index holds after the run. */
function indexed(docs: readonly VersionedRecord[]): Map<string, unknown> {
  const byId = new Map<string, { version: number; doc: unknown }>();
  for (const d of docs) {
    const old = byId.get(d.id);
    if (!old || d.version >= old.version) byId.set(d.id, { version: d.version, doc: d.doc });
  }
  return new Map([...byId].map(([id, v]) => [id, v.doc]));
}

async function run(from = 0, restoreFrom?: CheckpointBarrier) {
  const deadLetters: DeadLetterEntry[] = [];
  const pipeline = createReferencePipeline({
    // A fixed wall clock: the range check must not depend on the day the test runs.
    eventTimeRange: { now: () => Date.UTC(2016, 11, 31) },
    // Two inputs take turns, so trips of one lie behind the other's watermark: allow it.
    job: { allowedLatenessMs: 0 },
    outOfOrdernessMs: 3_600_000,
    deadLetter: (e) => deadLetters.push(e),
  });
  if (restoreFrom) pipeline.restore(restoreFrom.snapshots);
  const src = source(from);
  const out: ReferencePipelineOutput[] = [];
  await pump(src.items, pipeline.operator, (o) => void out.push(o), {
    barrierIntervalMs: 0,
    sourceSnapshot: src.position,
  });
  const docs = out.filter((o): o is readonly VersionedRecord[] => !isCheckpointBarrier(o)).flat();
  return { pipeline, out, docs, deadLetters };
}

describe('createReferencePipeline', () => {
  it('streams the medium fixture into exactly the batch computation', async () => {
    const { docs, pipeline } = await run();
    const batch = batchReferenceJob(trips);
    expect(indexed(docs)).toEqual(new Map(batch.records.map((r) => [r.id, r.doc])));
    const s = pipeline.stats();
    expect(s.watermark).toBe(Infinity);
    expect(s.job.kept).toBe(batch.counts.kept);
    // Every record in exactly one place.
    expect(s.records).toBe(
      s.watermarkEvents +
        s.job.kept +
        Object.values(s.job.invalid).reduce((a, b) => a + b, 0) +
        s.undecodable +
        s.outOfRange +
        s.duplicates +
        s.late,
    );
  });

  it('restored from any barrier, reading on from its position, ends with the same documents', async () => {
    const full = await run();
    const barriers = full.out.filter(isCheckpointBarrier);
    expect(barriers.length).toBeGreaterThan(10);
    const expected = indexed(full.docs);
    for (const at of [barriers[1], barriers[Math.floor(barriers.length / 2)], barriers.at(-2)!]) {
      const before = full.out.slice(0, full.out.indexOf(at));
      const firedBefore = before
        .filter((o): o is readonly VersionedRecord[] => !isCheckpointBarrier(o))
        .flat();
      const resumed = await run(at.snapshots.source as number, JSON.parse(JSON.stringify(at)));
      expect(indexed([...firedBefore, ...resumed.docs])).toEqual(expected);
      expect(resumed.pipeline.stats().records).toBe(full.pipeline.stats().records);
    }
  });

  it('dead-letters garbage, implausible dates and copies, with where each was read', async () => {
    const letters: DeadLetterEntry[] = [];
    const pipeline = createReferencePipeline({
      eventTimeRange: { now: () => Date.UTC(2016, 11, 31) },
      deadLetter: (e) => letters.push(e),
    });
    const good = lines[1];
    const future = good.replace(/"dropoff_datetime":"\d{4}/, '"dropoff_datetime":"9999');
    expect(future).not.toBe(good);
    const out: ReferencePipelineOutput[] = [];
    await pump(
      (async function* (): AsyncGenerator<TripInput> {
        yield {
          kind: 'records',
          input: 'shard-0',
          records: [
            { data: good, position: '1' },
            { data: '{"not":"a trip"', position: '2' },
            { data: new Uint8Array([0xff, 0xfe]), position: '3' },
            { data: future, position: '4' },
            { data: good, position: '5' },
          ],
        };
        yield { kind: 'end' };
      })(),
      pipeline.operator,
      (o) => void out.push(o),
    );
    expect(letters.map((l) => [l.kind, l.position])).toEqual([
      ['undecodable', '2'],
      ['undecodable', '3'],
      ['out-of-range', '4'],
      ['duplicate', '5'],
    ]);
    expect(pipeline.stats()).toMatchObject({
      records: 5,
      undecodable: 2,
      outOfRange: 1,
      duplicates: 1,
    });
  });

  it('recognises copies of trips remembered by a checkpoint written when trip ids were strings', () => {
    const make = (letters: DeadLetterEntry[]) =>
      createReferencePipeline({
        eventTimeRange: { now: () => Date.UTC(2016, 11, 31) },
        deadLetter: (e) => letters.push(e),
      });
    const first = make([]);
    const batch = (position: string): TripInput => ({
      kind: 'records',
      input: 'shard-0',
      records: [{ data: lines[1], position }],
    });
    first.dedup!.processBatch(first.combiner.processBatch(first.decoder.process(batch('1'))));
    const snapshot = first.dedup!.snapshot();
    expect(snapshot.keys).toEqual([[trips[1].trip_id, expect.any(Number)]]);
    // The same state as an older release wrote it: the key as a decimal string.
    const old = { ...snapshot, keys: snapshot.keys.map(([k, t]) => [String(k), t] as const) };
    const letters: DeadLetterEntry[] = [];
    const second = make(letters);
    second.restore({
      decoder: first.decoder.snapshot(),
      combiner: first.combiner.snapshot(),
      dedup: old,
      job: first.job.snapshot(),
    });
    second.dedup!.processBatch(second.combiner.processBatch(second.decoder.process(batch('2'))));
    second.dedup!.drainDuplicates();
    expect(second.dedup!.counters().duplicates).toBe(1);
  });
});
