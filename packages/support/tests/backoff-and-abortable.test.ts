import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abortable, fullJitterBackoff, MissingDependencyError } from '../src/index.js';

describe('fullJitterBackoff', () => {
  it('draws from [0, min(max, base * 2^(attempt - 1)))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseDelayMs, maxDelayMs, r) => {
          const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const delay = fullJitterBackoff(attempt, { baseDelayMs, maxDelayMs, random: () => r });
          expect(delay).toBe(r * cap);
          expect(delay).toBeLessThan(cap === 0 ? 1 : cap + 1e-9);
        },
      ),
    );
  });

  it('treats attempt 0 as the first retry and uses Math.random by default', () => {
    expect(fullJitterBackoff(0, { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 })).toBe(
      50,
    );
    const d = fullJitterBackoff(3, { baseDelayMs: 100, maxDelayMs: 1_000 });
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThan(400);
  });
});

describe('abortable', () => {
  it('rejects with the signal reason on abort, and still observes the late outcome', async () => {
    const abort = new AbortController();
    let fail!: (e: Error) => void;
    const work = new Promise<number>((_, reject) => (fail = reject));
    const waiting = abortable(work, abort.signal);
    abort.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    fail(new Error('late')); // must not become an unhandled rejection
    await expect(abortable(Promise.resolve(1), undefined)).resolves.toBe(1);
    await expect(abortable(Promise.resolve(2), new AbortController().signal)).resolves.toBe(2);
    await expect(abortable(Promise.reject(new Error('own')), abort.signal)).rejects.toThrow('stop');
  });
});

describe('MissingDependencyError', () => {
  it('names the package to install and the option that needs it', () => {
    const cause = new Error('Cannot find package');
    const e = new MissingDependencyError('aws-kinesis-agg', 'aggregation', cause);
    expect(e.name).toBe('MissingDependencyError');
    expect(e.dependency).toBe('aws-kinesis-agg');
    expect(e.option).toBe('aggregation');
    expect(e.cause).toBe(cause);
    expect(e.message).toMatch(/npm install aws-kinesis-agg/);
  });
});
