import { fullJitterBackoff } from '@tripstream/support';
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
 * @internal The shared full-jitter backoff (`fullJitterBackoff` of `@tripstream/support`) in whole
 * ms, `attempt` being the one that just failed.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  return Math.floor(fullJitterBackoff(attempt, policy));
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
