import { describe, expect, it } from 'vitest';
import { ShardRateLimiter } from '../../src/_internals/shard-rate-limiter.js';

describe('ShardRateLimiter', () => {
  it('lets the first call go at once', () => {
    expect(new ShardRateLimiter(5, 1000).delay(12_345)).toBe(0);
  });

  it('spaces calls by 1000 / callsPerSecond ms', () => {
    const l = new ShardRateLimiter(5, Infinity);
    l.record(1_000, 0);
    expect(l.delay(1_000)).toBe(200);
    expect(l.delay(1_150)).toBe(50);
    expect(l.delay(1_200)).toBe(0);
  });

  it('makes a large read wait bytes / bytesPerSecond before the next call', () => {
    const l = new ShardRateLimiter(5, 2 * 1024 * 1024);
    l.record(0, 10 * 1024 * 1024); // 10 MiB at 2 MiB/s: 5 s
    expect(l.delay(0)).toBe(5_000);
    expect(l.delay(4_000)).toBe(1_000);
  });

  it('accumulates byte debt over consecutive calls', () => {
    const l = new ShardRateLimiter(1_000, 1_000);
    l.record(0, 500); // free at 500
    l.record(500, 1_000); // free at 1500
    expect(l.delay(500)).toBe(1_000);
    l.record(5_000, 100); // debt paid long ago: free at 5100
    expect(l.delay(5_000)).toBe(100);
  });

  it('notBefore holds the next call (idle polls, backoff) and never shortens a wait', () => {
    const l = new ShardRateLimiter(5, Infinity);
    l.record(0, 0);
    l.notBefore(1_000);
    expect(l.delay(0)).toBe(1_000);
    l.notBefore(100);
    expect(l.delay(0)).toBe(1_000);
  });
});
