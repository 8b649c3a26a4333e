import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  endpointArg,
  integerArg,
  packageVersion,
  regionArg,
  runCli,
  UsageError,
  type CliIo,
} from '@tripstream/cli-support';
import type { StartPosition } from '@tripstream/kinesis-source';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Writable } from './line-writer.js';
import { runDebs, type DebsConfig } from './run-debs.js';

const VERSION = packageVersion(import.meta.url);

function parseStartPosition(v: string): StartPosition {
  if (v === 'trim-horizon') return { type: 'TRIM_HORIZON' };
  if (v === 'latest') return { type: 'LATEST' };
  const m = /^at-timestamp:(.+)$/.exec(v);
  if (m && !Number.isNaN(Date.parse(m[1]))) {
    return { type: 'AT_TIMESTAMP', timestamp: Date.parse(m[1]) };
  }
  throw new InvalidArgumentError(
    `--start-position wants trim-horizon, latest or at-timestamp:<ISO>, got "${v}"`,
  );
}

export function buildProgram(): Command {
  return new Command('debs')
    .description(
      'The ACM DEBS 2015 Grand Challenge on tripstream: query 1 (top 10 frequent routes, 30 min window, 500 m cells) or query 2 (top 10 profitable cells, 250 m cells), over wire-format trips from a file or a Kinesis stream, in input order. Writes one CSV line whenever the top 10 changes, ending with the delay in ms.',
    )
    .addOption(
      new Option('--query <n>', 'which query: 1 (frequent routes) or 2 (profitable cells)')
        .choices(['1', '2'])
        .makeOptionMandatory(),
    )
    .option('--input <file|->', 'file mode: wire JSON lines, plain or gzip, or - for stdin')
    .option('--stream <name>', 'Kinesis mode: the stream to read (all shards)')
    .option('--output <file|->', 'where the CSV lines go', '-')
    .option('--region <region>', 'AWS region', regionArg(), process.env.AWS_REGION || 'us-east-1')
    .option(
      '--kinesis-endpoint <url>',
      'Kinesis endpoint, e.g. a local kinesalite (default: AWS)',
      endpointArg('--kinesis-endpoint'),
    )
    .option(
      '--start-position <pos>',
      'trim-horizon, latest or at-timestamp:<ISO>',
      parseStartPosition,
      { type: 'TRIM_HORIZON' } as StartPosition,
    )
    .option(
      '--exit-at-end',
      'Kinesis mode: exit once every shard sent the end-of-stream watermark (a replay writes it last)',
      false,
    )
    .option(
      '--read-calls-per-shard <n>',
      'GetRecords calls per second per shard (the Kinesis limit is 5; raise it only for kinesalite)',
      integerArg('--read-calls-per-shard', 1),
      5,
    )
    .option(
      '--read-mib-per-shard <n>',
      'MiB read per second per shard (the Kinesis limit is 2; raise it only for kinesalite)',
      integerArg('--read-mib-per-shard', 1),
      2,
    );
}

interface Flags {
  query: '1' | '2';
  input?: string;
  stream?: string;
  output: string;
  region: string;
  kinesisEndpoint?: string;
  startPosition: StartPosition;
  exitAtEnd: boolean;
  readCallsPerShard: number;
  readMibPerShard: number;
}

/** The command's streams: help, version and `--output -` lines go to `out`; stdin for `--input -`. */
export interface DebsIo extends CliIo {
  out: Writable;
  in?: NodeJS.ReadableStream;
}

/**
 * Runs the command on `@tripstream/cli-support`'s `runCli`; resolves to the exit code (0 done, also
 * for `--help` and `--version`; 1 failed; 2 usage error). `signal` stops a Kinesis-mode run.
 */
export async function main(
  argv: readonly string[],
  io: DebsIo = { out: process.stdout, err: process.stderr, in: process.stdin },
  signal?: AbortSignal,
): Promise<number> {
  return runCli<Flags>({
    program: buildProgram(),
    argv,
    version: VERSION,
    io,
    run: (flags, { log }) => run(flags, io, log, signal),
  });
}

async function run(
  f: Flags,
  io: DebsIo,
  log: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<number> {
  if (!f.stream && !f.input) {
    throw new UsageError('give --input (file mode) or --stream (Kinesis mode)', '--input');
  }
  if (f.stream && f.input)
    throw new UsageError('--input and --stream exclude each other', '--input');
  if (f.input === '-' && io.in === undefined) throw new UsageError('no stdin to read', '--input');
  const local =
    f.kinesisEndpoint &&
    /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/.test(f.kinesisEndpoint);
  const kinesis = f.stream
    ? new KinesisClient({
        region: f.region,
        endpoint: f.kinesisEndpoint,
        // kinesalite takes any credentials; real AWS gets the default provider chain.
        credentials:
          local && !process.env.AWS_ACCESS_KEY_ID
            ? { accessKeyId: 'local', secretAccessKey: 'local' }
            : undefined,
        requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
      })
    : undefined;
  const config: DebsConfig = {
    query: f.query === '1' ? 1 : 2,
    input: f.input === undefined ? undefined : f.input === '-' ? io.in : createReadStream(f.input),
    kinesis: kinesis && {
      client: kinesis,
      stream: f.stream!,
      startPosition: f.startPosition,
      exitAtEnd: f.exitAtEnd,
      maxCallsPerSecondPerShard: f.readCallsPerShard,
      maxBytesPerSecondPerShard: f.readMibPerShard * 1024 * 1024,
    },
  };
  const output = f.output === '-' ? io.out : createWriteStream(f.output);
  try {
    const s = await runDebs(config, { output, log, signal });
    log(
      `debs: query ${s.query}: ${s.trips} trips, ${s.lines} lines; ignored: ${s.outsideGrid} outside the grid, ` +
        `${s.late} late, ${s.undecodable} undecodable` +
        (s.query === 2
          ? `, ${s.withoutFare} without fare, ${s.withoutMedallion} without medallion`
          : '') +
        `; ${s.tripsPerSecond} trips/s in ${(s.elapsedMs / 1000).toFixed(2)} s`,
    );
    return 0;
  } catch (err) {
    // The reader went away (`| head`): not a failure of the query.
    if ((err as { code?: string }).code === 'EPIPE') return 0;
    throw err;
  } finally {
    kinesis?.destroy();
  }
}
