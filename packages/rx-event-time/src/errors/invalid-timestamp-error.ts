import { preview } from '../_internals/preview.js';

/**
 * A stream record or watermark carried a timestamp that is not a whole number of ms: NaN, a
 * fraction (Flink's timestamps are `long`s; `9.5` after watermark `9` would be on time here and
 * late there), or an infinite record timestamp (watermarks may be `-Infinity` or `Infinity`).
 * Thrown by the synchronous cores and sent downstream as an error by the operators, because
 * silently mis-windowing an element is worse than stopping.
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
    const expected =
      eventKind === 'record'
        ? 'a whole number of ms'
        : 'a whole number of ms, Infinity or -Infinity';
    super(`${eventKind} timestamp${from} must be ${expected}; got ${preview(timestamp)}`);
  }
}
