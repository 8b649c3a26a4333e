import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseLeasesToTake, type ObservedLease } from '../src/_internals/choose-leases-to-take.js';
import type { Lease } from '../src/index.js';

const lease = (leaseKey: string, leaseOwner?: string): Lease => ({
  leaseKey,
  ...(leaseOwner ? { leaseOwner } : {}),
  leaseCounter: 1,
  checkpoint: 'TRIM_HORIZON',
  checkpointSubSequenceNumber: 0,
  ownerSwitchesSinceCheckpoint: 0,
  parentShardIds: [],
  childShardIds: [],
  endOfInput: false,
});

/** Simulates taker passes in turn (every take succeeds) until nothing changes. */
function simulate(leases: number, workers: number, seed: number): Map<string, number> {
  const owner = new Map<string, string | undefined>();
  for (let i = 0; i < leases; i++) owner.set(`s${i}`, undefined);
  let random = seed;
  const rnd = () => ((random = (random * 16807) % 2147483647) - 1) / 2147483646;
  // Passes in turn until a whole round of workers changes nothing (bounded, in case it never does).
  let quiet = 0;
  for (let pass = 0; pass < 20 * leases * workers && quiet < workers; pass++) {
    const me = `w${pass % workers}`;
    const observed: ObservedLease[] = [...owner].map(([k, o]) => ({
      lease: lease(k, o),
      lastCounterChangeAt: 100,
    }));
    const d = chooseLeasesToTake({
      workerId: me,
      leases: observed,
      now: 100,
      failoverTimeMs: 10,
      veryOldMultiplier: 3,
      maxLeasesForWorker: Infinity,
      maxLeasesToStealAtOneTime: 1,
      random: rnd,
    });
    for (const l of d.toTake) owner.set(l.leaseKey, me);
    quiet = d.toTake.length === 0 ? quiet + 1 : 0;
  }
  const counts = new Map<string, number>();
  for (let w = 0; w < workers; w++) counts.set(`w${w}`, 0);
  for (const o of owner.values()) counts.set(o!, (counts.get(o!) ?? 0) + 1);
  return counts;
}

describe('chooseLeasesToTake (the KCL taker rules)', () => {
  it('any number of workers and leases ends with every lease owned and an even spread', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (leases, workers, seed) => {
          const counts = [...simulate(leases, workers, seed).values()];
          expect(counts.reduce((a, b) => a + b)).toBe(leases);
          const active = Math.min(workers, leases);
          const sorted = counts.sort((a, b) => b - a).slice(0, active);
          expect(Math.max(...sorted) - Math.min(...sorted)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes very old leases first, ignoring the target but not maxLeasesForWorker', () => {
    const observed: ObservedLease[] = [
      { lease: lease('a', 'me'), lastCounterChangeAt: 1_000 },
      { lease: lease('b', 'dead'), lastCounterChangeAt: 0 },
      { lease: lease('c', 'dead'), lastCounterChangeAt: 0 },
    ];
    const d = chooseLeasesToTake({
      workerId: 'me',
      leases: observed,
      now: 1_000,
      failoverTimeMs: 100,
      veryOldMultiplier: 3,
      maxLeasesForWorker: 2,
      maxLeasesToStealAtOneTime: 1,
      random: () => 0,
    });
    expect(d.toTake).toHaveLength(1);
    expect(d.stealing).toBe(false);
  });
});
