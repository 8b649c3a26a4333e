import { Option } from 'commander';
import { integerArg } from './integer-arg.js';

/** A per-shard read limit: a whole number >= 1, defaulting to the Kinesis limit. */
function readLimitOption(flag: string, description: string, kinesisLimit: number): Option {
  return new Option(`${flag} <n>`, description)
    .argParser(integerArg(flag, 1))
    .default(kinesisLimit);
}

/**
 * `--read-calls-per-shard <n>`: GetRecords calls per second per shard, default 5 (the Kinesis
 * limit). For a source's `maxCallsPerSecondPerShard`.
 */
export function readCallsPerShardOption(): Option {
  return readLimitOption(
    '--read-calls-per-shard',
    'GetRecords calls per second per shard (the Kinesis limit is 5; raise it only for kinesalite)',
    5,
  );
}

/**
 * `--read-mib-per-shard <n>`: MiB read per second per shard, default 2 (the Kinesis limit). For a
 * source's `maxBytesPerSecondPerShard`, times 1024 * 1024.
 */
export function readMibPerShardOption(): Option {
  return readLimitOption(
    '--read-mib-per-shard',
    'MiB read per second per shard (the Kinesis limit is 2; raise it only for kinesalite)',
    2,
  );
}
