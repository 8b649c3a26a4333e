/**
 * @internal Wait before retry number `attempt` (1-based), in ms: `initialMs * 2^(attempt-1)`
 * capped at `maxMs`, times `random()` ("full jitter", the rule of every tripstream package) so
 * shards throttled together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(Math.max(attempt - 1, 0), 52));
  return random() * base;
}
