/** Options for {@link SchemaError}. */
export interface SchemaErrorDetails {
  /** 1-based line number in the input, when known. */
  lineNumber?: number;
  /** The offending field, or `'$'` when the line as a whole is unusable (bad JSON, not an object). */
  field: string;
  /** The offending value (for `'$'`: the line text, cut to 200 characters). */
  value: unknown;
  /** Why the value was rejected, in words. */
  reason: string;
  cause?: unknown;
}

/** A line or record that is not a valid wire event. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly lineNumber: number | undefined;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;

  constructor(details: SchemaErrorDetails) {
    const where = details.lineNumber === undefined ? '' : `line ${details.lineNumber}: `;
    super(`${where}${details.field}: ${details.reason} (got ${preview(details.value)})`, {
      cause: details.cause,
    });
    this.lineNumber = details.lineNumber;
    this.field = details.field;
    this.value = details.value;
    this.reason = details.reason;
  }
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
