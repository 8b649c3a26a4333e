import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';

/** Polls `check` every 20 ms until it returns true; throws after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Lets pending I/O callbacks and promise chains run (a few turns of the event loop) without
 * waiting on the wall clock: for "this has not happened" checks, where what would happen is
 * already set in motion.
 */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Parsed lines of a JSON Lines file; none if it does not exist. */
export async function readJsonLines(path: string): Promise<any[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
}

/** Whether a promise has settled yet, without waiting for it. */
export function tracked<T>(p: Promise<T>): {
  readonly settled: boolean;
  readonly promise: Promise<T>;
} {
  const state = { settled: false, promise: p };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** A dead-letter file path for `name` under the OS temp directory. */
export function deadLetterPath(name: string): string {
  return join(tmpdir(), 'tripstream-sink-tests', `${name}.jsonl`);
}
