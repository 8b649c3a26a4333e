import type { Command, Option } from 'commander';
import type { CliIo } from './cli-io.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './constants.js';
import { describeError } from './describe-error.js';
import { formatError } from './format-error.js';
import { redact } from './redact.js';
import { UsageError } from './usage-error.js';

/** What the command does once its flags parsed. */
export interface CliContext {
  io: CliIo;
  /** Writes one line to `io.err`, redacted. */
  log(line: string): void;
  /** `--verbose` was given. */
  verbose: boolean;
  /** {@link RunCliOptions.signal}: aborted when the run should stop. */
  signal?: AbortSignal;
}

export interface RunCliOptions<Flags> {
  /** The program with its flags declared; `runCli` adds `--version`, `--verbose` and error handling. */
  program: Command;
  /** The arguments after `node script`. */
  argv: readonly string[];
  /** What `--version` prints, e.g. from `packageVersion(import.meta.url)`. */
  version: string;
  /** Default: process.stdout and process.stderr. */
  io?: CliIo;
  /** Handed to `run` in its context, for a long run to stop on (e.g. `stopOnSignals()`). */
  signal?: AbortSignal;
  /**
   * Runs the command; resolves with its exit code (default 0). Throw a {@link UsageError} for a
   * command line that cannot run (exit 2); anything else is a runtime failure (exit 1). Omit it for
   * programs whose subcommands have their own actions.
   */
  run?: (flags: Flags, context: CliContext) => Promise<number | void> | number | void;
  /** The component named in a runtime failure whose error carries none (see `tagComponent`). */
  component?: string;
  /** Errors of the CLI's own that are usage errors (exit 2), besides {@link UsageError}. */
  isUsageError?: (err: unknown) => boolean;
  /**
   * The CLI's own one-line explanation of a runtime failure, or `undefined` for the default
   * ({@link describeError}: the component, then network and credential failures made actionable).
   */
  explain?: (err: unknown) => string | undefined;
}

const isCommanderError = (err: unknown): err is { code: string; exitCode: number } =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  (err as { code: string }).code.startsWith('commander.') &&
  typeof (err as { exitCode?: unknown }).exitCode === 'number';

const allCommands = (c: Command): Command[] => [c, ...c.commands.flatMap(allCommands)];

/**
 * The one command-line harness of tripstream's CLIs. Parses `argv`, and turns every outcome into
 * an exit code instead of exiting: 0 done (and for `--help`, `--version`); 2 for a command line
 * that cannot run — unknown flag, bad value, excess argument, missing required flag (checked after
 * unknown flags, so a typo is named as such), or a {@link UsageError} from `run`; 1 for a runtime
 * failure, printed as one redacted line `<name>: failed: <component>: <why>`, with stack traces only
 * under `--verbose`.
 */
export async function runCli<Flags = Record<string, unknown>>(
  options: RunCliOptions<Flags>,
): Promise<number> {
  const { program, argv, version } = options;
  const io = options.io ?? { out: process.stdout, err: process.stderr };
  const name = program.name();
  const verbose = () => argv.includes('--verbose');
  const required = new Map<Command, Option[]>();
  program
    .version(version, '-V, --version', 'print the version and exit')
    .option('--verbose', 'print stack traces with errors', false);
  for (const cmd of allCommands(program)) {
    cmd
      .exitOverride()
      .configureOutput({
        writeOut: (s) => io.out.write(s),
        writeErr: (s) => io.err.write(redact(s)),
        outputError: (s, write) => write(`${name}: ${s.replace(/^error: /, '')}`),
      })
      .showHelpAfterError(`(see ${name} --help)`);
    // Commander checks required flags before unknown ones; take that check over so that a typo
    // such as --inptu is reported as an unknown flag, not as a missing --input.
    const mandatory = cmd.options.filter((o) => o.mandatory);
    for (const o of mandatory) {
      o.mandatory = false;
      o.description = `${o.description} (required)`;
    }
    required.set(cmd, mandatory);
  }
  if (options.run) program.action(() => {});
  program.hook('preAction', (_root, action) => {
    for (let c: Command | null = action; c; c = c.parent) {
      for (const o of required.get(c) ?? []) {
        if (c.getOptionValue(o.attributeName()) === undefined)
          throw new UsageError(`required option '${o.flags}' not specified`, o.long);
      }
    }
  });
  const log = (line: string) => io.err.write(redact(`${line}\n`));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (!options.run) return EXIT_OK;
    const code = await options.run(program.opts() as Flags, {
      io,
      log,
      verbose: Boolean(program.opts().verbose),
      signal: options.signal,
    });
    return code ?? EXIT_OK;
  } catch (err) {
    // Not `instanceof CommanderError`: the app's commander may be another copy than ours.
    if (isCommanderError(err)) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof UsageError || options.isUsageError?.(err)) {
      const message = (err as Error).message;
      io.err.write(formatError(`${name}: ${message} (see ${name} --help)`, err, verbose()));
      return EXIT_USAGE;
    }
    const line = options.explain?.(err) ?? describeError(err, options.component);
    io.err.write(formatError(`${name}: failed: ${line}`, err, verbose()));
    return EXIT_FAILURE;
  }
}
