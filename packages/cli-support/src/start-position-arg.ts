import { InvalidArgumentError } from 'commander';

/**
 * Where a Kinesis reader starts a shard, as `--start-position` gives it: the shape of
 * `@tripstream/kinesis-source`'s `StartPosition`, declared here so that this package needs no
 * Kinesis client.
 */
export type StartPositionFlag =
  { type: 'TRIM_HORIZON' } | { type: 'LATEST' } | { type: 'AT_TIMESTAMP'; timestamp: number };

/**
 * A commander argument parser for `--start-position`: `trim-horizon`, `latest` or
 * `at-timestamp:<instant>`. `parseInstant` reads the instant into epoch milliseconds and throws on
 * a bad one (pass `@tripstream/trip-schema`'s, so that every CLI takes the same instants); anything
 * else is a usage error naming the three forms.
 */
export function startPositionArg(parseInstant: (text: string) => number) {
  return (value: string): StartPositionFlag => {
    if (value === 'trim-horizon') return { type: 'TRIM_HORIZON' };
    if (value === 'latest') return { type: 'LATEST' };
    const m = /^at-timestamp:(.+)$/.exec(value);
    if (m) {
      try {
        return { type: 'AT_TIMESTAMP', timestamp: parseInstant(m[1]) };
      } catch {
        // falls through to the usage error
      }
    }
    throw new InvalidArgumentError(
      `--start-position wants trim-horizon, latest or at-timestamp:<ISO>, got "${value}"`,
    );
  };
}
