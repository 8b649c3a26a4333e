/** Reading a shard failed for good: a non-retryable error, or `retry.maxAttempts` transient ones in a row. */
export class ShardReadError extends Error {
  override readonly name = 'ShardReadError';

  constructor(
    /** The shard being read. */
    readonly shardId: string,
    /** The Kinesis operation that failed, e.g. `GetRecords`. */
    readonly operation: string,
    /** Attempts made, the failing one included. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `${operation} on ${shardId} failed after ${attempts} attempt(s): ${describeCause(cause)}`,
      {
        cause,
      },
    );
  }
}

/** @internal */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
