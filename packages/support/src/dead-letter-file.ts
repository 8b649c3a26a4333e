import { appendFileSync, mkdirSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A JSON Lines file of dead letters: records a component could not process, kept with the reason
 * so that nothing is lost silently. One object per line, written as given; a value that
 * `JSON.stringify` refuses (a BigInt, a cycle — often the very reason the record was refused) is
 * written as its `String()` instead of failing the whole line. The folder is created on first use.
 *
 * `append` chains its writes, so lines never interleave and each call resolves once its lines are
 * in the file; `appendSync` is on disk when it returns (e.g. before a checkpoint that covers the
 * record is written). Use one of the two per file.
 */
export class DeadLetterFile {
  readonly path: string;
  #tail: Promise<void> = Promise.resolve();
  #folderReady: Promise<unknown> | undefined;
  #folderMade = false;
  #count = 0;

  /** @param path The file to append to (created with its folder). */
  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new TypeError(`DeadLetterFile: path must be a non-empty string, got ${String(path)}`);
    }
    this.path = path;
  }

  /** Entries written (or queued to be) so far. */
  get count(): number {
    return this.#count;
  }

  /** Appends `entries`, one line each; resolves when they are in the file. */
  append(entries: readonly object[]): Promise<void> {
    const text = entries.map((e) => `${toJsonLine(e)}\n`).join('');
    this.#count += entries.length;
    const next = this.#tail.then(async () => {
      this.#folderReady ??= mkdir(dirname(this.path), { recursive: true });
      await this.#folderReady;
      await appendFile(this.path, text, 'utf8');
    });
    // A failed append fails its own caller, not every later one.
    this.#tail = next.catch(() => {});
    return next;
  }

  /** Appends `entries` synchronously: they are in the file when this returns. */
  appendSync(entries: readonly object[]): void {
    if (!this.#folderMade) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#folderMade = true;
    }
    appendFileSync(this.path, entries.map((e) => `${toJsonLine(e)}\n`).join(''), 'utf8');
    this.#count += entries.length;
  }
}

/** One entry as a line; fields JSON refuses are kept as their `String()`. */
function toJsonLine(entry: object): string {
  try {
    return JSON.stringify(entry);
  } catch {
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      try {
        JSON.stringify(value);
        safe[key] = value;
      } catch {
        safe[key] = String(value);
      }
    }
    return JSON.stringify(safe);
  }
}
