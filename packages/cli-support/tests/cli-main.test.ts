import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliMain, packageVersion, type CliContext } from '../src/index.js';

describe('cliMain', () => {
  it('builds the program per call and hands run the io and signal of that call', async () => {
    const seen: { flags: unknown; context: CliContext }[] = [];
    const main = cliMain<{ name: string }>({
      program: () => new Command('hello').requiredOption('--name <name>', 'who'),
      moduleUrl: import.meta.url,
      run: (flags, context) => {
        seen.push({ flags, context });
        context.io.out.write(`hello ${flags.name}\n`);
        return 3;
      },
    });
    let out = '';
    const io = { out: { write: (s: string) => (out += s) }, err: { write: () => true } };
    const signal = new AbortController().signal;
    expect(await main(['--name', 'a'], io, signal)).toBe(3);
    // a second run parses afresh: nothing of the first one's flags is left over
    expect(await main(['--name', 'b'], io)).toBe(3);
    expect(out).toBe('hello a\nhello b\n');
    expect(seen.map((s) => s.flags)).toMatchObject([{ name: 'a' }, { name: 'b' }]);
    expect(seen[0].context.signal).toBe(signal);
    expect(seen[1].context.signal).toBeUndefined();
    out = '';
    expect(await main(['--version'], io)).toBe(0);
    expect(out).toBe(`${packageVersion(import.meta.url)}\n`);
    expect(out).toMatch(/^\d+\.\d+\.\d+/);
  });
});
