import { preview } from '../_internals/preview.js';

/**
 * A key selector returned something that cannot be a key: the `Deduplicator` needs a string or a
 * safe integer, so that keys compare by value and survive a snapshot as JSON. Sent downstream as an error by the
 * operators, because guessing an identity could drop records that are not duplicates.
 */
export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';

  constructor(
    /** The value returned by the key selector. */
    readonly key: unknown,
    /** The record's timestamp, ms. */
    readonly timestamp: number,
    /** The input (shard) the record came from, when it named one. */
    readonly input: string | undefined,
  ) {
    const from = input === undefined ? '' : ` from input ${JSON.stringify(input)}`;
    super(
      `key of the record at ${timestamp}${from} must be a string or a safe integer; got ${preview(key)}`,
    );
  }
}
