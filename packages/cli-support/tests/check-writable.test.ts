import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, checkWritable } from '../src/index.js';

const dir = await mkdtemp(join(tmpdir(), 'check-writable-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('checkWritable', () => {
  it('passes writable files and folders, leaving no trace and no truncation', async () => {
    expect(await checkWritable('-', { flag: '--output' })).toBe('-');
    const fresh = join(dir, 'out.ndjson');
    await checkWritable(fresh, { flag: '--output' });
    await expect(stat(fresh)).rejects.toThrow();
    const existing = join(dir, 'keep.json');
    await writeFile(existing, 'data');
    await checkWritable(existing, { flag: '--summary' });
    expect(await readFile(existing, 'utf8')).toBe('data');
    const nested = join(dir, 'a', 'b', 'checkpoints');
    await checkWritable(nested, { flag: '--checkpoint-dir', kind: 'dir' });
    expect((await stat(nested)).isDirectory()).toBe(true);
  });

  it('lets two workers of one process check the same file and folder at once', async () => {
    const shared = join(dir, 'shared-dead-letters.ndjson');
    const folder = join(dir, 'shared-checkpoints');
    for (let round = 0; round < 20; round++) {
      await Promise.all([
        checkWritable(shared, { flag: '--dead-letter-file' }),
        checkWritable(shared, { flag: '--dead-letter-file' }),
        checkWritable(folder, { flag: '--checkpoint-dir', kind: 'dir' }),
        checkWritable(folder, { flag: '--checkpoint-dir', kind: 'dir' }),
      ]);
    }
    await expect(stat(shared)).rejects.toThrow();
  });

  it('fails fast with a UsageError naming the flag', async () => {
    const cases: [string, 'file' | 'dir', string, RegExp][] = [
      ['/proc/tripstream-checkpoints', 'dir', '--checkpoint-dir', /procfs/],
      ['/proc/self/status', 'file', '--output', /procfs/],
      ['/sys/x.json', 'file', '--summary', /sysfs/],
      [join(dir, 'missing', 'x.json'), 'file', '--dead-letter-file', /does not exist/],
      [dir, 'file', '--output', /it is a folder/],
      ['', 'file', '--output', /empty path/],
    ];
    for (const [path, kind, flag, why] of cases) {
      const err = await checkWritable(path, { flag, kind }).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(UsageError);
      expect((err as UsageError).flag).toBe(flag);
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).toContain(flag);
    }
    const file = join(dir, 'plain');
    await writeFile(file, '');
    await expect(
      checkWritable(join(file, 'sub'), { flag: '--checkpoint-dir', kind: 'dir' }),
    ).rejects.toThrow(/a folder on its path is a file/);
  });
});
