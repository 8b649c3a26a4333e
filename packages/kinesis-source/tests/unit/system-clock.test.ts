import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/index.js';

describe('systemClock', () => {
  it('sleeps about the given time', async () => {
    const t0 = Date.now();
    await systemClock.sleep(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(5);
  });

  it('wakes early, without rejecting, when the signal aborts (or already did)', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const sleeping = systemClock.sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(), 10);
    await expect(sleeping).resolves.toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(1_000);
    await expect(systemClock.sleep(10_000, ac.signal)).resolves.toBeUndefined();
  });
});
