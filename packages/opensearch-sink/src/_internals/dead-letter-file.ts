import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetter, IndexRequest } from '../types.js';

/**
 * @internal Appends dead letters to a JSON Lines file, one object per document:
 * `{ time, index, id, status, type, reason, attempts, document }`. Appends are chained, so lines
 * never interleave and each `write` resolves once its lines are in the file.
 */
export class DeadLetterFile {
  private tail: Promise<void> = Promise.resolve();
  private directoryReady: Promise<unknown> | undefined;

  constructor(private readonly path: string) {}

  write(letters: readonly DeadLetter<IndexRequest>[]): Promise<void> {
    const text = letters.map((l) => `${toLine(l)}\n`).join('');
    const next = this.tail.then(async () => {
      this.directoryReady ??= mkdir(dirname(this.path), { recursive: true });
      await this.directoryReady;
      await appendFile(this.path, text, 'utf8');
    });
    // A failed append fails its own writer call, not every later one.
    this.tail = next.catch(() => {});
    return next;
  }
}

function toLine(letter: DeadLetter<IndexRequest>): string {
  const { request, error, time } = letter;
  const fields = {
    time: new Date(time).toISOString(),
    index: request.index,
    id: request.id,
    status: error.status,
    type: error.type,
    reason: error.reason,
    attempts: error.attempts,
  };
  try {
    return JSON.stringify({ ...fields, document: request.document });
  } catch {
    // The document itself is why it was refused (e.g. a BigInt or a cycle): keep what can be kept.
    return JSON.stringify({ ...fields, document: String(request.document) });
  }
}
