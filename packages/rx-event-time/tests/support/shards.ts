import fc from 'fast-check';
import type { StreamEvent } from '../../src/index.js';
import { buildStream, shapeArbitrary, tripsArbitrary } from './streams.js';
import type { Trip } from './trips.js';

/** How an input's stream ends. `none`: it does not; the combiner's `end()` closes it. */
export type Terminator = 'end' | 'infinity' | 'none';

export interface ShardedStream {
  readonly trips: Trip[];
  readonly shardIds: string[];
  /** Each shard's own stream (records and punctuated watermarks), in its order. */
  readonly perShard: StreamEvent<Trip>[][];
  /** All shards' events interleaved, each shard's order kept. */
  readonly merged: StreamEvent<Trip>[];
}

/**
 * Trips spread over 1-4 shards (Kinesis-like ids); each shard has its own arrival order and
 * watermarks consistent with its own records (up to `overshoot`), and its own end; the shards are
 * interleaved arbitrarily.
 */
export function shardedArbitrary(overshoot = 0, maxLength = 150): fc.Arbitrary<ShardedStream> {
  return fc
    .record({ trips: tripsArbitrary(maxLength), shards: fc.integer({ min: 1, max: 4 }) })
    .chain(({ trips, shards }) =>
      fc
        .array(fc.nat(shards - 1), { minLength: trips.length, maxLength: trips.length })
        .chain((shardOf) => {
          const shardIds = Array.from({ length: shards }, (_, i) => `shardId-00000000000${i}`);
          const subsets = shardIds.map((_, s) => trips.filter((_, i) => shardOf[i] === s));
          return fc
            .record({
              shapes: fc.tuple(
                ...subsets.map((subset) => shapeArbitrary(subset.length, overshoot)),
              ),
              terminators: fc.array(fc.constantFrom<Terminator>('end', 'infinity', 'none'), {
                minLength: shards,
                maxLength: shards,
              }),
              picks: fc.array(fc.nat(shards - 1), { maxLength: 4 * maxLength }),
            })
            .map(({ shapes, terminators, picks }) => {
              const perShard = subsets.map((subset, s) => {
                const events = buildStream(subset, shapes[s], false, shardIds[s]);
                if (terminators[s] === 'end') events.push({ kind: 'end', input: shardIds[s] });
                if (terminators[s] === 'infinity') {
                  events.push({ kind: 'watermark', timestamp: Infinity, input: shardIds[s] });
                }
                return events;
              });
              return { trips, shardIds, perShard, merged: interleave(perShard, picks) };
            });
        }),
    );
}

/** Merges per-shard sequences, taking the next event from the shard `picks` names (round robin after). */
export function interleave<E>(streams: readonly E[][], picks: readonly number[]): E[] {
  const positions = streams.map(() => 0);
  const merged: E[] = [];
  const total = streams.reduce((n, s) => n + s.length, 0);
  let p = 0;
  while (merged.length < total) {
    let s = (picks[p++] ?? p) % streams.length;
    while (positions[s] >= streams[s].length) s = (s + 1) % streams.length;
    merged.push(streams[s][positions[s]++]);
  }
  return merged;
}
