import { previewValue } from '../_internals/preview-value.js';

/** Thrown by `parseInstant` and `formatInstant` for a value that is not an instant they handle. */
export class InvalidInstantError extends RangeError {
  override readonly name = 'InvalidInstantError';

  constructor(
    /** The rejected text or number (as given). */
    readonly value: unknown,
    /** Why it was rejected, in words. */
    readonly reason: string,
  ) {
    super(`invalid instant ${previewValue(value)}: ${reason}`);
  }
}
