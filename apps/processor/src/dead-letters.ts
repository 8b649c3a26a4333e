import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatInstant } from '@tripstream/trip-schema';
import type { DeadLetterEntry } from '@tripstream/reference-job';

/**
 * Appends dead letters as JSON lines, synchronously: an entry is on disk before the checkpoint
 * that covers its record is written. After a restart from a checkpoint the records after it are
 * read again, so an entry may appear twice; its (input, position) identifies it.
 */
export class DeadLetterFile {
  count = 0;
  /** Entries by their `kind` (undecodable, late...); `other` for entries without one. */
  readonly byReason: Record<string, number> = {};
  constructor(private readonly file: string | undefined) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }
  write(entry: DeadLetterEntry | Record<string, unknown>): void {
    this.count++;
    const reason = typeof entry.kind === 'string' ? entry.kind : 'other';
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    if (this.file)
      appendFileSync(
        this.file,
        `${JSON.stringify({ time: formatInstant(Date.now()), ...entry })}\n`,
      );
  }
}
