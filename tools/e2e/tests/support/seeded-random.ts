export { seededRandom } from '@tripstream/test-support';

/**
 * The seed of this run: `E2E_SEED` when set, otherwise drawn from the clock. The faults a scenario
 * injects are drawn from `seededRandom(seed)`, so a failing run can be retried with the seed it
 * printed. Processes race each other, so the same seed gives the same fault plan, not the same
 * interleaving.
 */
export function scenarioSeed(): number {
  const fromEnv = Number(process.env.E2E_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (Date.now() % 2_147_483_647) + 1;
}
