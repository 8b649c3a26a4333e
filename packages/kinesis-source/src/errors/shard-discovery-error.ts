import { describeCause } from './shard-read-error.js';

/**
 * ListShards failed for good (a non-retryable error, `retry.maxAttempts` transient failures or
 * `retry.maxThrottledAttempts` throttled calls in a row), so the source cannot know which shards to read.
 */
export class ShardDiscoveryError extends Error {
  override readonly name = 'ShardDiscoveryError';

  constructor(
    /** The stream name or ARN. */
    readonly stream: string,
    /** Attempts made, the failing one included. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`ListShards on ${stream} failed after ${attempts} attempt(s): ${describeCause(cause)}`, {
      cause,
    });
  }
}
