import { preview } from '../_internals/preview.js';

/**
 * A stream record or watermark carried a timestamp that is not a number of ms: NaN, or an
 * infinite record timestamp. Thrown by the synchronous cores and sent downstream as an error by the
 * operators, because silently mis-windowing an element is worse than stopping.
 */
export class InvalidTimestampError extends Error {
  override readonly name = 'InvalidTimestampError';

  constructor(
    /** `'record'` or `'watermark'`. */
    readonly eventKind: 'record' | 'watermark',
    /** The offending timestamp. */
    readonly timestamp: unknown,
    /** The input (shard) the event came from, when it named one. */
    readonly input: string | undefined,
  ) {
    const from = input === undefined ? '' : ` from input ${JSON.stringify(input)}`;
    const expected = eventKind === 'record' ? 'a finite number' : 'a number, not NaN';
    super(`${eventKind} timestamp${from} must be ${expected} (ms); got ${preview(timestamp)}`);
  }
}
