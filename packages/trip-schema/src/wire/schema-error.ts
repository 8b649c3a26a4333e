import { previewValue } from '../_internals/preview-value.js';

/** Options for {@link SchemaError}. */
export interface SchemaErrorDetails {
  /** 1-based line number in the input, when known. */
  lineNumber?: number;
  /**
   * The offending field, or `'$'` when the line as a whole is unusable (bad JSON, not an object).
   * An unknown field's name is cut to 100 characters.
   */
  field: string;
  /** The offending value (for `'$'`: the line text, cut to 200 characters). */
  value: unknown;
  /** Why the value was rejected, in words. */
  reason: string;
  cause?: unknown;
}

/** Longest field name kept: a record's unknown key may be megabytes long. */
const MAX_FIELD_CHARS = 100;

/**
 * A line or record that is not a valid wire event. `decode` and the line decoders throw nothing
 * else, whatever the input; the message is one line of bounded length.
 */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly lineNumber: number | undefined;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;

  constructor(details: SchemaErrorDetails) {
    const where = details.lineNumber === undefined ? '' : `line ${details.lineNumber}: `;
    const field =
      details.field.length > MAX_FIELD_CHARS
        ? `${details.field.slice(0, MAX_FIELD_CHARS - 3)}...`
        : details.field;
    super(`${where}${field}: ${details.reason} (got ${previewValue(details.value)})`, {
      cause: details.cause,
    });
    this.lineNumber = details.lineNumber;
    this.field = field;
    this.value = details.value;
    this.reason = details.reason;
  }
}
