import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  kinesisEndpointOption,
  readCallsPerShardOption,
  readMibPerShardOption,
  regionOption,
  runCli,
  startPositionArg,
  startPositionOption,
  streamOption,
} from '../src/index.js';

// A stand-in for trip-schema's parseInstant: strict ISO with a zone.
const parseInstant = (text: string) => {
  if (!/T.*(Z|[+-]\d\d:\d\d)$/.test(text)) throw new Error(`not an instant: ${text}`);
  return Date.parse(text);
};

const program = () =>
  new Command('reader')
    .addOption(streamOption('the stream to read').makeOptionMandatory())
    .addOption(regionOption())
    .addOption(kinesisEndpointOption())
    .addOption(startPositionOption('where shards start', parseInstant))
    .addOption(readCallsPerShardOption())
    .addOption(readMibPerShardOption());

async function run(argv: string[]) {
  let out = '';
  let err = '';
  let flags: Record<string, unknown> = {};
  const code = await runCli({
    program: program(),
    argv,
    version: '1.0.0',
    io: { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } },
    run: (f) => {
      flags = f;
    },
  });
  return { code, out, err, flags };
}

afterEach(() => vi.unstubAllEnvs());

describe('Kinesis option factories', () => {
  it('declare the flags with their defaults in the help', async () => {
    vi.stubEnv('AWS_REGION', '');
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/--stream <name> +the stream to read \(required\)/);
    expect(out).toMatch(/--region <region> +AWS region \(default: "us-east-1"\)/);
    expect(out).toMatch(/--kinesis-endpoint <url> +Kinesis endpoint, e\.g\. a local kinesalite/);
    expect(out).toMatch(/--start-position <pos> +where shards start \(default: trim-horizon\)/);
    expect(out).toMatch(/--read-calls-per-shard <n>[\s\S]*\(default: 5\)/);
    expect(out).toMatch(/--read-mib-per-shard <n>[\s\S]*\(default: 2\)/);
  });

  it('parse values into what the Kinesis source takes', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    const defaults = await run(['--stream', 's']);
    expect(defaults.flags).toMatchObject({
      stream: 's',
      region: 'eu-west-1',
      startPosition: { type: 'TRIM_HORIZON' },
      readCallsPerShard: 5,
      readMibPerShard: 2,
    });
    expect(defaults.flags.kinesisEndpoint).toBeUndefined();
    const given = await run([
      ...['--stream', 's', '--region', 'us-west-2', '--kinesis-endpoint', 'http://127.0.0.1:4567'],
      ...['--start-position', 'at-timestamp:2016-01-01T00:00:00Z'],
      ...['--read-calls-per-shard', '50', '--read-mib-per-shard', '64'],
    ]);
    expect(given.flags).toMatchObject({
      region: 'us-west-2',
      kinesisEndpoint: 'http://127.0.0.1:4567',
      startPosition: { type: 'AT_TIMESTAMP', timestamp: Date.parse('2016-01-01T00:00:00Z') },
      readCallsPerShard: 50,
      readMibPerShard: 64,
    });
    expect((await run(['--stream', 's', '--start-position', 'latest'])).flags).toMatchObject({
      startPosition: { type: 'LATEST' },
    });
  });

  it('turn bad values into usage errors naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--region', 'Mars'], /--region wants an AWS region/],
      [['--kinesis-endpoint', 'kinesalite'], /--kinesis-endpoint wants an http/],
      [['--start-position', 'oldest'], /--start-position wants trim-horizon, latest or at-/],
      // the instant parser's verdict: no zone, no instant
      [
        ['--start-position', 'at-timestamp:2016-01-01T00:00'],
        /got "at-timestamp:2016-01-01T00:00"/,
      ],
      [['--read-calls-per-shard', '0'], /--read-calls-per-shard wants a whole number >= 1/],
      [['--read-mib-per-shard', '1.5'], /--read-mib-per-shard wants a whole number >= 1/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(['--stream', 's', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('startPositionArg reads the three forms on its own', () => {
    const parse = startPositionArg(parseInstant);
    expect(parse('trim-horizon')).toEqual({ type: 'TRIM_HORIZON' });
    expect(parse('latest')).toEqual({ type: 'LATEST' });
    expect(parse('at-timestamp:2016-01-01T00:20:35.000Z')).toEqual({
      type: 'AT_TIMESTAMP',
      timestamp: Date.UTC(2016, 0, 1, 0, 20, 35),
    });
    expect(() => parse('at-timestamp:')).toThrow(/--start-position wants/);
    expect(() => parse('TRIM_HORIZON')).toThrow(/got "TRIM_HORIZON"/);
  });
});
