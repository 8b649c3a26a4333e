import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../src/index.js';

describe('ManualClock', () => {
  it('fires due timers in time order, ties in the order they were set', () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    const late = clock.setTimeout(() => fired.push('never'), 5);
    clock.clearTimeout(late);
    clock.advance(15);
    expect(fired).toEqual(['a@10']);
    expect(clock.now()).toBe(115);
    clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.pending).toBe(0);
  });

  it('fires a timer set by a callback within the same step when it falls due', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 10);
    }, 10);
    clock.advance(25);
    expect(at).toEqual([10, 20]);
    expect(clock.now()).toBe(25);
  });

  it('ends a sleep when time passes its end, or at once on abort', async () => {
    const clock = new ManualClock();
    let slept = false;
    const sleep = clock.sleep(50).then(() => (slept = true));
    clock.advance(49);
    await Promise.resolve();
    expect(slept).toBe(false);
    clock.advance(1);
    await sleep;
    expect(slept).toBe(true);

    const abort = new AbortController();
    const aborted = clock.sleep(1_000, abort.signal);
    abort.abort();
    await aborted;
    expect(clock.pending).toBe(0);
    await clock.sleep(1, AbortSignal.abort());
  });

  it('refuses a negative step and a non-finite start', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(/advance: ms must be >= 0, got -1/);
    expect(() => new ManualClock(Number.NaN)).toThrow(/start must be finite/);
  });
});

describe('systemClock', () => {
  it('reads ms since the epoch and never goes back', () => {
    const a = systemClock.now();
    const b = systemClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(a - Date.now())).toBeLessThan(60_000);
  });

  it('ends a sleep at once when its signal aborts', async () => {
    const abort = new AbortController();
    const sleep = systemClock.sleep(60_000, abort.signal);
    abort.abort();
    await sleep;
    const handle = systemClock.setTimeout(
      () => {
        throw new Error('cleared timers never fire');
      },
      0,
      true,
    );
    systemClock.clearTimeout(handle);
  });
});
