import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  kinesisEndpointOption,
  localCredentials,
  packageVersion,
  readCallsPerShardOption,
  readMibPerShardOption,
  regionOption,
  runCli,
  startPositionOption,
  streamOption,
  UsageError,
  type CliIo,
} from '@tripstream/cli-support';
import type { StartPosition } from '@tripstream/kinesis-source';
import { parseInstant } from '@tripstream/trip-schema';
import { Command, Option } from 'commander';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Writable } from './line-writer.js';
import { runDebs, type DebsConfig } from './run-debs.js';

const VERSION = packageVersion(import.meta.url);

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
    .addOption(streamOption('Kinesis mode: the stream to read (all shards)'))
    .option('--output <file|->', 'where the CSV lines go', '-')
    .addOption(regionOption())
    .addOption(kinesisEndpointOption())
    .addOption(startPositionOption('trim-horizon, latest or at-timestamp:<ISO>', parseInstant))
    .option(
      '--exit-at-end',
      'Kinesis mode: exit once every shard sent the end-of-stream watermark (a replay writes it last)',
      false,
    )
    .addOption(readCallsPerShardOption())
    .addOption(readMibPerShardOption());
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
  const kinesis = f.stream
    ? new KinesisClient({
        region: f.region,
        endpoint: f.kinesisEndpoint,
        // kinesalite takes any credentials; real AWS gets the default provider chain.
        credentials: localCredentials(f.kinesisEndpoint),
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
