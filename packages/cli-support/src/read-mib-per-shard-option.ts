import { Option } from 'commander';
import { integerArg } from './integer-arg.js';

/**
 * `--read-mib-per-shard <n>`: MiB read per second per shard, a whole number >= 1, default 2 (the
 * Kinesis limit). For a source's `maxBytesPerSecondPerShard`, times 1024 * 1024.
 */
export function readMibPerShardOption(): Option {
  return new Option(
    '--read-mib-per-shard <n>',
    'MiB read per second per shard (the Kinesis limit is 2; raise it only for kinesalite)',
  )
    .argParser(integerArg('--read-mib-per-shard', 1))
    .default(2);
}
