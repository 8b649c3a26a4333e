import { Command, InvalidArgumentError } from 'commander';
import { formatSummary } from './_internals/format-summary.js';
import { kinesisClientFor } from './_internals/kinesis-client.js';
import { DEFAULT_GET_RECORDS_LIMIT } from './constants.js';
import { loadRecording } from './load-recording.js';
import { recordStream } from './record-stream.js';
import { saveRecording } from './save-recording.js';
import { summarizeRecording } from './summarize-recording.js';

/** Where the CLI writes: the summary JSON to `out`, the table and errors to `err`. */
export interface CliIo {
  out: { write(s: string): unknown };
  err: { write(s: string): unknown };
}

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
    .option('--stream <name>', 'Kinesis stream to record (required unless --inspect)')
    .option('--out <file>', 'where to write the recording, e.g. fixtures/recorded/<name>.json.gz')
    .option('--kinesis-endpoint <url>', 'Kinesis endpoint, e.g. a local kinesalite (default: AWS)')
    .option('--region <region>', 'AWS region', process.env.AWS_REGION ?? 'us-east-1')
    .option(
      '--limit <n>',
      'records per GetRecords call (1..10000)',
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw new InvalidArgumentError(`--limit wants a whole number in 1..10000, got "${v}"`);
        return n;
      },
      DEFAULT_GET_RECORDS_LIMIT,
    )
    .option('--inspect <file>', 'print the counts of an existing recording instead of recording')
    .addHelpText(
      'after',
      '\nExample:\n  record-stream --kinesis-endpoint http://127.0.0.1:4567 --stream trips --out fixtures/recorded/trips.json.gz\n',
    );
}

export async function main(
  argv: string[],
  io: CliIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const program = buildProgram()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    const e = err as { exitCode?: number; code?: string };
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
      ? 0
      : (e.exitCode ?? 2);
  }
  const flags = program.opts<Flags>();
  const log = (line: string) => io.err.write(`${line}\n`);
  try {
    if (flags.inspect !== undefined) {
      const summary = summarizeRecording(await loadRecording(flags.inspect));
      log(formatSummary(summary));
      io.out.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    if (flags.stream === undefined || flags.out === undefined) {
      log('record-stream: --stream and --out are required (or --inspect <file>)');
      return 2;
    }
    const started = Date.now();
    const recording = await recordStream({
      client: kinesisClientFor(flags.kinesisEndpoint, flags.region),
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
  } catch (err) {
    log(`record-stream: failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
