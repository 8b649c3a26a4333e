import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createOpenSearchClient,
  mergePartials,
  PartialMergeWriter,
  type PartialDocument,
  type PartialMergeSpec,
} from '../src/index.js';
import {
  allDocuments,
  deleteOwnIndices,
  opensearchUrl,
  uniqueIndex,
} from './helpers/opensearch.js';

const os = opensearchUrl();
const client = createOpenSearchClient({ node: os });
afterAll(async () => {
  await deleteOwnIndices(os);
  await client.close();
});

const durationSpec: PartialMergeSpec = {
  sum: ['trip_count', 'sum_trip_duration'],
  ratios: [
    { field: 'avg_trip_duration', numerator: 'sum_trip_duration', denominator: 'trip_count' },
  ],
  minimum: { field: 'trip_count', value: 2 },
};

function writerFor(index: string) {
  return new PartialMergeWriter({
    client,
    specs: { [index]: durationSpec },
    partialsIndexOf: (i) => `${i}-parts`,
  });
}

const part = (
  index: string,
  id: string,
  shard: string,
  progress: string,
  count: number,
  sum: number,
): PartialDocument => ({
  index,
  id,
  part: shard,
  progress,
  document: {
    geohash: 'dr5ru7',
    airport_code: 'JFK',
    window_start: '2016-01-01T00:00:00.000Z',
    trip_count: count,
    sum_trip_duration: sum,
    avg_trip_duration: sum / count,
  },
});

describe('PartialMergeWriter (real OpenSearch)', () => {
  it('merges parts exactly, ignores replays and zombies, and applies the minimum to the total', async () => {
    const index = uniqueIndex('merge');
    const w = writerFor(index);
    await w.ensurePartialsIndices();
    await w.ensurePartialsIndices(); // idempotent
    // One trip in shard a: below the minimum of 2, so no document yet.
    let r = await w.write([part(index, 'k1', 'shard-a', '100', 1, 17)]);
    expect(r).toMatchObject({ partsStored: 1, merged: 0, belowMinimum: 1 });
    r = await w.write([
      part(index, 'k1', 'shard-b', '50', 2, 30),
      part(index, 'k2', 'shard-b', '50', 3, 9),
    ]);
    expect(r).toMatchObject({ partsStored: 2, merged: 2 });
    // A replay of the same contributions (a restart from an older checkpoint) changes nothing.
    r = await w.write([
      part(index, 'k1', 'shard-a', '100', 1, 17),
      part(index, 'k1', 'shard-b', '50', 2, 30),
    ]);
    expect(r).toMatchObject({ partsStored: 0, partsUnchanged: 2 });
    // A zombie's older contribution of shard a (progress 90 < 100) is ignored...
    r = await w.write([part(index, 'k1', 'shard-a', '90', 7, 700)]);
    expect(r.partsUnchanged).toBe(1);
    // ...and a late update of shard a (progress 120 > 100, a longer number is larger) replaces it.
    r = await w.write([part(index, 'k1', 'shard-a', '0120'.slice(1), 2, 40)]);
    expect(r.partsStored).toBe(1);
    await client.indices.refresh({ index });
    const docs = await allDocuments(os, index);
    expect(docs.get('k1')).toEqual({
      geohash: 'dr5ru7',
      airport_code: 'JFK',
      window_start: '2016-01-01T00:00:00.000Z',
      trip_count: 4,
      sum_trip_duration: 70,
      avg_trip_duration: 17.5,
    });
    expect(docs.get('k2')).toMatchObject({
      trip_count: 3,
      sum_trip_duration: 9,
      avg_trip_duration: 3,
    });
  });

  it('concurrent writers of different parts end with the merge of all parts', async () => {
    const index = uniqueIndex('race');
    const writers = [writerFor(index), writerFor(index), writerFor(index)];
    await writers[0].ensurePartialsIndices();
    const ids = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await Promise.all(
      writers.map(async (w, s) => {
        for (const id of ids)
          await w.write([part(index, id, `shard-${s}`, String(10 + s), s + 1, 10 * (s + 1))]);
      }),
    );
    await client.indices.refresh({ index });
    const docs = await allDocuments(os, index);
    expect(docs.size).toBe(ids.length);
    for (const id of ids) {
      expect(docs.get(id)).toMatchObject({
        trip_count: 6,
        sum_trip_duration: 60,
        avg_trip_duration: 10,
      });
    }
  });

  it('refuses an index without a spec and a progress that is not a decimal, naming them', async () => {
    const w = writerFor('known');
    await expect(w.write([part('other', 'x', 's', '1', 1, 1)])).rejects.toThrow(/index/);
    await expect(w.write([part('known', 'x', 's', '1e3', 1, 1)])).rejects.toThrow(/progress/);
  });
});

describe('mergePartials', () => {
  it('equals the sum over all contributions, whatever the order of the parts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.string({ minLength: 1 }),
            count: fc.nat(1_000),
            sum: fc.nat(100_000),
          }),
          { selector: (p) => p.name, minLength: 1, maxLength: 8 },
        ),
        (parts) => {
          const spec = { ...durationSpec, minimum: undefined };
          const asParts = (list: typeof parts) =>
            Object.fromEntries(
              list.map((p) => [
                p.name,
                { progress: '1', values: { trip_count: p.count, sum_trip_duration: p.sum } },
              ]),
            );
          const a = mergePartials(spec, { k: 1 }, asParts(parts));
          const b = mergePartials(spec, { k: 1 }, asParts([...parts].reverse()));
          expect(a).toEqual(b);
          const count = parts.reduce((t, p) => t + p.count, 0);
          const sum = parts.reduce((t, p) => t + p.sum, 0);
          expect(a).toEqual({
            k: 1,
            trip_count: count,
            sum_trip_duration: sum,
            avg_trip_duration: sum / count,
          });
        },
      ),
    );
  });
});
