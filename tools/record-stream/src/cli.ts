import {
  UsageError,
  checkWritable,
  cliMain,
  integerArg,
  kinesisEndpointOption,
  regionOption,
  streamOption,
  tagComponent,
  type CliIo,
} from '@tripstream/cli-support';
import { Command } from 'commander';
import { formatSummary } from './_internals/format-summary.js';
import { kinesisClientFor } from './_internals/kinesis-client.js';
import { DEFAULT_GET_RECORDS_LIMIT } from './constants.js';
import { loadRecording } from './load-recording.js';
import { recordStream } from './record-stream.js';
import { saveRecording } from './save-recording.js';
import { summarizeRecording } from './summarize-recording.js';

/** Where the CLI writes: the summary JSON to `out`, the table and errors to `err`. */
export type { CliIo };

interface Flags {
  stream?: string;
  out?: string;
  kinesisEndpoint?: string;
  region: string;
  limit: number;
  inspect?: string;
}

export function buildProgram(): Command {
  return new Command('record-stream')
    .description(
      'Record every shard of a Kinesis stream (closed shards included, from TRIM_HORIZON to the end) into a gzip JSON file: shard ids, parents, hash key ranges, and per shard the records in order.',
    )
    .addOption(streamOption('Kinesis stream to record (required unless --inspect)'))
    .option('--out <file>', 'where to write the recording, e.g. fixtures/recorded/<name>.json.gz')
    .addOption(kinesisEndpointOption())
    .addOption(regionOption())
    .option(
      '--limit <n>',
      'records per GetRecords call (1..10000)',
      integerArg('--limit', 1, 10_000),
      DEFAULT_GET_RECORDS_LIMIT,
    )
    .option('--inspect <file>', 'print the counts of an existing recording instead of recording')
    .addHelpText(
      'after',
      '\nExample:\n  record-stream --kinesis-endpoint http://127.0.0.1:4567 --stream trips --out fixtures/recorded/trips.json.gz\n',
    );
}

export const main = cliMain<Flags>({
  program: buildProgram,
  moduleUrl: import.meta.url,
  run: (flags, { io }) => record(flags, io),
});

async function record(flags: Flags, io: CliIo): Promise<number> {
  const log = (line: string) => io.err.write(`${line}\n`);
  if (flags.inspect !== undefined) {
    const summary = summarizeRecording(await loadRecording(flags.inspect));
    log(formatSummary(summary));
    io.out.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  if (flags.stream === undefined || flags.out === undefined)
    throw new UsageError('--stream and --out are required (or --inspect <file>)');
  await checkWritable(flags.out, { flag: '--out' });
  const started = Date.now();
  const recording = await recordStream({
    client: tagComponent(kinesisClientFor(flags.kinesisEndpoint, flags.region), 'Kinesis'),
    stream: flags.stream,
    limit: flags.limit,
  });
  await saveRecording(recording, flags.out);
  const summary = summarizeRecording(recording);
  log(formatSummary(summary));
  log(
    `record-stream: ${summary.records} records from ${summary.shards.length} shards of "${flags.stream}" ` +
      `into ${flags.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  io.out.write(`${JSON.stringify(summary)}\n`);
  return 0;
}
