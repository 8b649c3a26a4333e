import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number in `[min, max]`; a bad value is a usage error. */
export function integerArg(flag: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `${flag} wants a whole number >= ${min}, got "${value}"`
          : `${flag} wants a whole number in [${min}, ${max}], got "${value}"`,
      );
    return n;
  };
}
