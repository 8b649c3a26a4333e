/**
 * @internal Full-jitter exponential backoff: uniform in `[0, min(maxDelayMs, baseDelayMs *
 * 2^(attempt - 1)))`, where `attempt` is the number of attempts made so far (>= 1).
 */
export function backoffDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 52));
  return random() * cap;
}
