import { DeadLetterFile as JsonLinesFile } from '@tripstream/support';
import type { DeadLetterEntry } from '@tripstream/reference-job';
import { formatInstant } from '@tripstream/trip-schema';

/**
 * The processor's dead letters, counted by kind, appended synchronously to `--dead-letter-file`
 * (the shared JSON Lines writer): an entry is on disk before the checkpoint that covers its record
 * is written. After a restart from a checkpoint the records after it are read again, so an entry
 * may appear twice; its (input, position) identifies it.
 */
export class DeadLetterFile {
  count = 0;
  /** Entries by their `kind` (undecodable, late...); `other` for entries without one. */
  readonly byReason: Record<string, number> = {};
  private readonly file: JsonLinesFile | undefined;

  constructor(file: string | undefined) {
    this.file = file ? new JsonLinesFile(file) : undefined;
  }

  write(entry: DeadLetterEntry | Record<string, unknown>): void {
    this.count++;
    const reason = typeof entry.kind === 'string' ? entry.kind : 'other';
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    this.file?.appendSync([{ time: formatInstant(Date.now()), ...entry }]);
  }
}
