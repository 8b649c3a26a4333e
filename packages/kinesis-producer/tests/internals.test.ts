import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyCallError, classifyEntryError } from '../src/_internals/classify-error.js';
import { Fifo } from '../src/_internals/fifo.js';
import { TokenBucket } from '../src/_internals/token-bucket.js';
import { WatermarkTracker } from '../src/_internals/watermark-tracker.js';

describe('TokenBucket', () => {
  it('never lets more than capacity + rate * t through in any run of t ms (plus one oversized take)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 2000 })), {
          maxLength: 300,
        }),
        (rate, capacity, steps) => {
          const bucket = new TokenBucket(rate, capacity, 0);
          let now = 0;
          let taken = 0;
          let largest = 0;
          for (const [dt, amount] of steps) {
            now += dt;
            if (bucket.tryTake(amount, now)) {
              taken += amount;
              largest = Math.max(largest, amount);
            }
          }
          const bound = capacity + (rate * now) / 1000 + Math.max(0, largest - capacity);
          expect(taken).toBeLessThanOrEqual(bound + 1e-6);
        },
      ),
    );
  });

  it('waits exactly until the tokens are there', () => {
    const bucket = new TokenBucket(1000, 100, 0);
    expect(bucket.tryTake(100, 0)).toBe(true);
    expect(bucket.msUntil(50, 0)).toBe(50);
    expect(bucket.canTake(50, 49)).toBe(false);
    expect(bucket.canTake(50, 50)).toBe(true);
    // Larger than the capacity: allowed once full, then in debt.
    expect(bucket.tryTake(500, 150)).toBe(true);
    expect(bucket.msUntil(1, 150)).toBe(401);
  });
});

describe('WatermarkTracker', () => {
  it('is non-decreasing and stays below every unacknowledged record and the bound', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(
          fc.oneof(
            fc.record({ put: fc.integer({ min: 0, max: 10_000 }) }),
            fc.record({ ack: fc.nat() }),
            fc.record({ advance: fc.integer({ min: 0, max: 10_000 }) }),
          ),
          { maxLength: 100 },
        ),
        (ooo, ops) => {
          const tracker = new WatermarkTracker(ooo);
          const unacked: number[] = [];
          let last = -Infinity;
          for (const op of ops) {
            if ('put' in op) {
              const bound = tracker.boundMs;
              const broke = tracker.observe(op.put);
              expect(broke !== undefined).toBe(op.put < bound);
              unacked.push(op.put);
            } else if ('ack' in op) {
              if (unacked.length > 0) unacked.splice(op.ack % unacked.length, 1);
            } else {
              tracker.advance(op.advance);
            }
            const w = tracker.update(Math.min(Infinity, ...unacked));
            if (w === undefined) {
              expect(tracker.sourceTimeMs).toBe(-Infinity);
              continue;
            }
            // min(unacknowledged, source - ooo) - 1, unless a late record would lower it.
            const fresh = Math.min(Infinity, ...unacked, tracker.boundMs) - 1;
            expect(w).toBe(Math.max(last, fresh));
            last = w;
          }
        },
      ),
    );
  });

  it('holds W at the oldest unacknowledged record minus 1 ms', () => {
    const t = new WatermarkTracker(0);
    expect(t.update(Infinity)).toBeUndefined();
    t.observe(100);
    t.observe(200);
    expect(t.update(100)).toBe(99);
    expect(t.update(Infinity)).toBe(199);
    t.advance(500);
    expect(t.update(Infinity)).toBe(499);
    expect(t.update(300)).toBe(499); // never decreases
  });
});

describe('error classification', () => {
  it.each([
    [
      { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } },
      true,
      true,
    ],
    [{ name: 'LimitExceededException' }, true, true],
    [
      { name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } },
      true,
      false,
    ],
    [{ name: 'Unknown', $metadata: { httpStatusCode: 503 } }, true, false],
    [{ name: 'Error', code: 'ECONNRESET', message: 'socket hang up' }, true, false],
    [{ name: 'TimeoutError' }, true, false],
    [
      { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } },
      false,
      false,
    ],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }, false, false],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, false, false],
  ])('call error %j: retryable %s, throttle %s', (error, retryable, throttle) => {
    expect(classifyCallError(error)).toMatchObject({ retryable, throttle });
  });

  it.each([
    ['ProvisionedThroughputExceededException', true, true],
    ['InternalFailure', true, false],
    ['KMSThrottlingException', true, true],
    ['KMSAccessDeniedException', false, false],
  ])('entry error %s: retryable %s, throttle %s', (code, retryable, throttle) => {
    expect(classifyEntryError(code, '')).toMatchObject({ retryable, throttle });
  });
});

describe('Fifo', () => {
  it('behaves like an array queue', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer(), { nil: undefined }), { maxLength: 3000 }),
        (ops) => {
          const fifo = new Fifo<number>();
          const model: number[] = [];
          for (const op of ops) {
            if (op === undefined) expect(fifo.shift()).toBe(model.shift());
            else {
              fifo.push(op);
              model.push(op);
            }
            expect(fifo.length).toBe(model.length);
            expect(fifo.peek()).toBe(model[0]);
          }
          expect(fifo.drain()).toEqual(model);
        },
      ),
    );
  });
});
