/** An option failed validation; `field` names it and `value` is what was given. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The option's name, e.g. `indexPrefix`. */
    readonly field: string,
    /** The rejected value. */
    readonly value: unknown,
    /** Why it was rejected. */
    reason: string,
  ) {
    super(`${field}: ${reason} (got ${JSON.stringify(value)})`);
  }
}
