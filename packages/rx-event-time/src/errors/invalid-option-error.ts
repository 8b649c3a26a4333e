import { preview } from '../_internals/preview.js';

/** An option failed validation at construction time; `option` names it, `value` is what was given. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';

  constructor(
    /** The option's path, e.g. `allowedLateness` or `assigner.size`. */
    readonly option: string,
    /** The rejected value. */
    readonly value: unknown,
    /** What the option must be, in words, e.g. `a finite integer >= 0 (ms)`. */
    readonly expected: string,
  ) {
    super(`${option} must be ${expected}; got ${preview(value)}`);
  }
}
