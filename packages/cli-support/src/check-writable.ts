import { mkdir, open, stat, statfs, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** What {@link checkWritable} checks. */
export interface CheckWritableOptions {
  /** The flag that named the path, for the message, e.g. `"--output"`. */
  flag: string;
  /**
   * `file`: the path is (or will be) a file; its folder must exist. `dir`: the path is a folder,
   * created (with its missing parents) if needed. Default `file`.
   */
  kind?: 'file' | 'dir';
}

// Pseudo file systems accept open() for writing, even as root, and fail (or hang: Node's
// recursive mkdir loops on /proc) only later.
const PSEUDO_FS: Record<number, string> = { 0x9fa0: 'procfs', 0x62656572: 'sysfs' };

const code = (err: unknown) => (err as NodeJS.ErrnoException)?.code;

/**
 * Fails fast, with a {@link UsageError} naming the flag, when `path` cannot be written: checked
 * before a CLI reads or writes anything, so a bad `--output` is found in milliseconds, not after
 * the first documents went out. A file that did not exist is created for the check and removed;
 * `-` (stdout) always passes. Resolves with the absolute path.
 */
export async function checkWritable(path: string, options: CheckWritableOptions): Promise<string> {
  const { flag, kind = 'file' } = options;
  if (kind === 'file' && path === '-') return path;
  const absolute = resolve(path);
  const fail = (why: string, cause?: unknown): never => {
    throw new UsageError(`${flag} ${path}: cannot write there (${why})`, flag, { cause });
  };
  if (path.trim() === '') fail('empty path');
  // The nearest existing ancestor decides what kind of file system we are on.
  let existing = kind === 'dir' ? absolute : dirname(absolute);
  const missing: string[] = [];
  for (;;) {
    try {
      const s = await stat(existing);
      if (!s.isDirectory()) fail(`${existing} is not a folder`);
      break;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      if (code(err) === 'ENOTDIR') fail('a folder on its path is a file', err);
      if (code(err) !== 'ENOENT') fail(code(err) ?? String(err), err);
      if (kind === 'file') fail(`folder ${dirname(absolute)} does not exist`, err);
      missing.unshift(existing);
      const parent = dirname(existing);
      if (parent === existing) fail('no existing parent folder');
      existing = parent;
    }
  }
  const fs = PSEUDO_FS[Number((await statfs(existing)).type)];
  if (fs) fail(`${existing} is on ${fs}, which holds no files`);
  // One level at a time: each mkdir fails fast on its own.
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (err) {
      if (code(err) !== 'EEXIST') fail(code(err) ?? String(err), err);
    }
  }
  if (kind === 'dir') {
    // Unique per call: two workers of one process may check the same folder at once.
    const probe = join(absolute, `.write-check-${process.pid}-${randomUUID()}`);
    try {
      await (await open(probe, 'wx')).close();
      await unlink(probe);
    } catch (err) {
      fail(code(err) ?? String(err), err);
    }
    return absolute;
  }
  let existed = true;
  try {
    const s = await stat(absolute);
    if (s.isDirectory()) fail('it is a folder');
    // A FIFO or a device (e.g. /dev/stdout): opening it could block; it is written as a stream.
    if (!s.isFile()) return absolute;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    existed = false;
  }
  try {
    // Append mode: checking must not truncate what is there.
    await (await open(absolute, 'a')).close();
    // Another check of the same path (a second worker) may have removed it already: that is fine.
    if (!existed)
      await unlink(absolute).catch((err: unknown) => {
        if (code(err) !== 'ENOENT') throw err;
      });
  } catch (err) {
    fail(code(err) ?? String(err), err);
  }
  return absolute;
}
