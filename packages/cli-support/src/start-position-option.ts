import { Option } from 'commander';
import { startPositionArg, type StartPositionFlag } from './start-position-arg.js';

/**
 * `--start-position <pos>`, read by {@link startPositionArg} with `parseInstant`; default
 * `trim-horizon`. `description` says which shards it applies to.
 */
export function startPositionOption(
  description: string,
  parseInstant: (text: string) => number,
): Option {
  return new Option('--start-position <pos>', description)
    .argParser(startPositionArg(parseInstant))
    .default({ type: 'TRIM_HORIZON' } satisfies StartPositionFlag, 'trim-horizon');
}
