/** An option failed validation; `field` names it and `value` is what was given. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The option's name, e.g. `maxCallsPerSecondPerShard`. */
    readonly field: string,
    /** The rejected value. */
    readonly value: unknown,
    /** Why it was rejected. */
    reason: string,
  ) {
    super(`${field}: ${reason} (got ${preview(value)})`);
  }
}

function preview(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
