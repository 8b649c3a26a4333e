/** A shard stayed throttled for `retry.maxThrottledAttempts` calls in a row. */
export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';

  constructor(
    /** The throttled shard. */
    readonly shardId: string,
    /** Throttled calls in a row. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${shardId} was throttled ${attempts} time(s) in a row`, { cause });
  }
}
