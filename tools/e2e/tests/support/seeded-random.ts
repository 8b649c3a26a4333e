/**
 * A seeded PRNG (mulberry32): the faults a scenario injects are drawn from it, so a failing run
 * can be retried with the seed it printed (`E2E_SEED=<seed>`). Processes race each other, so the
 * same seed gives the same fault plan, not the same interleaving.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: `E2E_SEED` when set, otherwise drawn from the clock. */
export function scenarioSeed(): number {
  const fromEnv = Number(process.env.E2E_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (Date.now() % 2_147_483_647) + 1;
}
