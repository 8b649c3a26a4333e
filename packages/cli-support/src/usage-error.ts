import { EXIT_USAGE } from './constants.js';

/**
 * The command line cannot run as given (exit 2): a bad flag value, flags that exclude each other,
 * a missing flag, a path that cannot be written. `flag` names the flag at fault when there is one.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT_USAGE;
  constructor(
    message: string,
    readonly flag?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
