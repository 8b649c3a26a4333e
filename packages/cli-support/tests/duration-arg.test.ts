import { Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationArg } from '../src/index.js';

// A stand-in for rx-event-time's parseDuration: whole seconds or minutes only.
const parseDuration = (text: string, flag: string) => {
  const m = /^(\d+)(s|m)$/.exec(text);
  if (!m) throw new Error(`${flag} wants a duration such as 30s or 5m, got "${text}"`);
  return Number(m[1]) * (m[2] === 's' ? 1_000 : 60_000);
};

describe('durationArg', () => {
  it('reads a duration into milliseconds with the given parser', () => {
    expect(durationArg('--window', parseDuration)('5m')).toBe(300_000);
  });

  it("turns the parser's error into a usage error with its message, naming the flag", () => {
    const parse = durationArg('--window', parseDuration);
    expect(() => parse('soon')).toThrow(InvalidArgumentError);
    expect(() => parse('soon')).toThrow('--window wants a duration such as 30s or 5m, got "soon"');
  });

  it('as a commander option: a bad value fails the parse, a good one is in ms', () => {
    const program = () =>
      new Command('job')
        .exitOverride()
        .configureOutput({ writeErr: () => {} })
        .option(
          '--window <duration>',
          'window size',
          durationArg('--window', parseDuration),
          60_000,
        );
    expect(program().parse(['--window', '30s'], { from: 'user' }).opts().window).toBe(30_000);
    expect(program().parse([], { from: 'user' }).opts().window).toBe(60_000);
    expect(() => program().parse(['--window', '1h'], { from: 'user' })).toThrow(/--window wants/);
  });
});
