import { Option } from 'commander';
import { integerArg } from './integer-arg.js';

/**
 * `--read-calls-per-shard <n>`: GetRecords calls per second per shard, a whole number >= 1,
 * default 5 (the Kinesis limit). For a source's `maxCallsPerSecondPerShard`.
 */
export function readCallsPerShardOption(): Option {
  return new Option(
    '--read-calls-per-shard <n>',
    'GetRecords calls per second per shard (the Kinesis limit is 5; raise it only for kinesalite)',
  )
    .argParser(integerArg('--read-calls-per-shard', 1))
    .default(5);
}
