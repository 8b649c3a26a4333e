/** The retry policy shared by tripstream's clients; units are ms. */
export interface BackoffPolicy {
  /** The cap of the first retry's delay. Unit: ms. */
  readonly baseDelayMs: number;
  /** No delay exceeds this. Unit: ms. */
  readonly maxDelayMs: number;
  /** Uniform in `[0, 1)`. Default: `Math.random`; inject a seeded one for repeatable tests. */
  readonly random?: () => number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry, after one failed attempt):
 * "full jitter", a uniform draw from `[0, min(maxDelayMs, baseDelayMs * 2^(attempt - 1)))`. The
 * jitter spreads the retries of many clients throttled at once instead of having them return
 * together and be throttled again.
 */
export function fullJitterBackoff(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return (policy.random ?? Math.random)() * cap;
}
