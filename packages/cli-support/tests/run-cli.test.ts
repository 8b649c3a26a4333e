import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  UsageError,
  endpointArg,
  integerArg,
  regionArg,
  runCli,
  tagComponent,
} from '../src/index.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: { write: (s: string) => out.push(s) }, err: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

const program = () =>
  new Command('tool')
    .requiredOption('--input <path>', 'what to read')
    .option('--n <n>', 'a count', integerArg('--n', 1), 3)
    .option('--endpoint <url>', 'a server', endpointArg('--endpoint'))
    .option('--region <region>', 'AWS region', regionArg(), 'us-east-1')
    .addOption(new Option('--mode <m>').choices(['a', 'b']));

async function run(argv: string[], body?: (flags: any) => unknown) {
  const t = io();
  const code = await runCli({
    program: program(),
    argv,
    version: '1.2.3',
    io: t.io,
    run: async (flags) => {
      await body?.(flags);
      return 0;
    },
  });
  return { code, out: t.out(), err: t.err() };
}

describe('runCli', () => {
  it('prints the version and the help with exit 0', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, out: '1.2.3\n' });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--input <path> +what to read \(required\)/);
    expect(help.out).toContain('--verbose');
  });

  it('exits 2 for every usage error, naming it in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--input', 'x', '--bogus'], /unknown option '--bogus'/],
      // the typo is named, not the required flag it hides
      [['--inptu', 'x'], /unknown option '--inptu'/],
      [[], /required option '--input <path>' not specified/],
      [['--input', 'x', '--n', '0'], /--n wants a whole number >= 1, got "0"/],
      [['--input', 'x', '--region', ''], /--region wants an AWS region/],
      [['--input', 'x', '--endpoint', 'notaurl'], /--endpoint wants an http/],
      [['--input', 'x', '--mode', 'c'], /Allowed choices are a, b/],
      [['--input', 'x', 'extra'], /too many arguments/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/^tool: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });

  it('never echoes credentials of a bad value', async () => {
    const r = await run(['--input', 'x', '--endpoint', 'ftp://admin:S3cr3t@host']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('S3cr3t');
  });

  it('a UsageError from run exits 2; any other error exits 1 in one line, stack with --verbose', async () => {
    const usage = await run(['--input', 'x'], () => {
      throw new UsageError('--a and --b exclude each other');
    });
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.err).toBe('tool: --a and --b exclude each other (see tool --help)\n');
    const boom = () => {
      throw new Error('bad thing at https://u:pw@example.com/x', { cause: new Error('root') });
    };
    const failed = await run(['--input', 'x'], boom);
    expect(failed.code).toBe(1);
    expect(failed.err).toBe('tool: failed: bad thing at https://***@example.com/x\n');
    const verbose = await run(['--input', 'x', '--verbose'], boom);
    expect(verbose.code).toBe(1);
    expect(verbose.err).toMatch(/\n\s+at /);
    expect(verbose.err).toContain('caused by: Error: root');
    expect(verbose.err).not.toContain(':pw@');
  });

  it('names the component an error was tagged with', async () => {
    const s3 = tagComponent(
      {
        async get() {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
            code: 'ECONNREFUSED',
          });
        },
      },
      'S3',
    );
    const r = await run(['--input', 'x'], () => s3.get());
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'tool: failed: S3: cannot reach the server (ECONNREFUSED); is the endpoint right and the server up?\n',
    );
  });
});
