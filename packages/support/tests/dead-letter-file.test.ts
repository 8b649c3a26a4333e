import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetterFile } from '../src/index.js';

const folders: string[] = [];
afterEach(async () => {
  for (const f of folders.splice(0)) await rm(f, { recursive: true, force: true });
});

async function tempPath(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'dead-letters-'));
  folders.push(folder);
  return join(folder, 'nested', 'dead.jsonl');
}

describe('DeadLetterFile', () => {
  it('appends one JSON line per entry, in call order, creating the folder', async () => {
    const file = new DeadLetterFile(await tempPath());
    const writes = [];
    for (let i = 0; i < 50; i++)
      writes.push(
        file.append([
          { i, reason: 'x' },
          { i, second: true },
        ]),
      );
    await Promise.all(writes);
    const lines = (await readFile(file.path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(100);
    expect(lines.filter((l) => !l.second).map((l) => l.i)).toEqual([...Array(50).keys()]);
    expect(file.count).toBe(100);
  });

  it('keeps an entry JSON refuses, with the refused field as text', async () => {
    const file = new DeadLetterFile(await tempPath());
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    file.appendSync([{ reason: 'bigint', document: 10n }]);
    await file.append([{ reason: 'cycle', document: cycle }]);
    const lines = (await readFile(file.path, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { reason: 'bigint', document: '10' },
      { reason: 'cycle', document: '[object Object]' },
    ]);
  });

  it('fails the append that cannot write, not the later ones', async () => {
    const path = await tempPath();
    const blocked = new DeadLetterFile(join(path, 'x'));
    await new DeadLetterFile(path).append([{ a: 1 }]);
    // `path` is now a file, so it cannot be a folder.
    await expect(blocked.append([{ b: 1 }])).rejects.toThrow();
    expect(() => new DeadLetterFile('')).toThrow(/path must be a non-empty string/);
  });
});
