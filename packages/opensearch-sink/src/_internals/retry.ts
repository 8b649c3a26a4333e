import type { SchedulerLike } from 'rxjs';
import { describeFailure, toPublicError } from './failure.js';

/** @internal A resolved retry policy. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random: () => number;
  readonly scheduler: SchedulerLike;
}

/**
 * @internal Full-jitter exponential backoff: a uniform draw from
 * `[0, min(maxDelayMs, baseDelayMs * 2^(attempt - 1)))`, `attempt` being the one that just failed.
 * Spreads retries of many writers instead of having them stampede a recovering cluster.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(policy.random() * cap);
}

/** @internal Resolves after `ms` on the scheduler. */
export function sleep(scheduler: SchedulerLike, ms: number): Promise<void> {
  return new Promise((resolve) => {
    scheduler.schedule(() => resolve(), ms);
  });
}

/**
 * @internal Runs `fn`, sending it again with backoff while it fails retryably and attempts
 * remain; throws the public error (`OpenSearchUnavailableError`, `OpenSearchRequestError`, ...)
 * otherwise.
 */
export async function withRetries<R>(
  operation: string,
  policy: RetryPolicy,
  fn: () => Promise<R>,
  onRetry: () => void = () => {},
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!describeFailure(err).retryable || attempt >= policy.maxAttempts) {
        throw toPublicError(err, operation, attempt);
      }
      onRetry();
      await sleep(policy.scheduler, backoffDelay(attempt, policy));
    }
  }
}
