import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a duration flag such as `--window 1h`. `parseDuration` reads the
 * text into milliseconds and throws on a bad one with a message naming the flag (pass
 * `@tripstream/rx-event-time`'s, so that every CLI takes the same durations); its message becomes
 * the usage error.
 */
export function durationArg(
  flag: string,
  parseDuration: (text: string, flag: string) => number,
): (value: string) => number {
  return (value: string): number => {
    try {
      return parseDuration(value, flag);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}
