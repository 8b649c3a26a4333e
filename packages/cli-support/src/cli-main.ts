import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { packageVersion } from './package-version.js';
import { runCli, type RunCliOptions } from './run-cli.js';

/**
 * A CLI's `main`: runs the command line `argv` (without `node script`) and resolves with the exit
 * code. `io` defaults to process.stdout and process.stderr; `signal` stops a long run.
 */
export type CliMain = (
  argv: readonly string[],
  io?: CliIo,
  signal?: AbortSignal,
) => Promise<number>;

export interface CliMainOptions<Flags> extends Omit<
  RunCliOptions<Flags>,
  'program' | 'argv' | 'io' | 'signal' | 'version'
> {
  /** Builds the program; called once per run, since commander keeps what it parsed. */
  program: () => Command;
  /** `import.meta.url` of a module of the CLI: `--version` prints its package's version. */
  moduleUrl: string;
}

/**
 * The `main` of a CLI on {@link runCli}: each call builds the program, reads the version of the
 * package `moduleUrl` is in, and hands `run` the `io` and `signal` it was called with (in its
 * context), so a CLI module only declares its flags and what it does with them.
 */
export function cliMain<Flags>(options: CliMainOptions<Flags>): CliMain {
  const { program, moduleUrl, ...rest } = options;
  return (argv, io, signal) =>
    runCli<Flags>({
      ...rest,
      program: program(),
      argv,
      io,
      signal,
      version: packageVersion(moduleUrl),
    });
}
