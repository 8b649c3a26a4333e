import { DeadLetterFile } from '@tripstream/support';
import type { BulkItemError } from '../errors.js';
import { DeadLetterError } from '../errors.js';
import type { DeadLetter, IndexRequest } from '../types.js';
import { deadLetterEntry } from './dead-letter-entry.js';

/** @internal The file and/or callback dead letters go to. */
export class DeadLetterOutputs<T extends IndexRequest> {
  private readonly file: DeadLetterFile | undefined;

  constructor(
    path: string | undefined,
    private readonly callback: ((letter: DeadLetter<T>) => void | Promise<void>) | undefined,
    private readonly now: () => number,
  ) {
    this.file = path === undefined ? undefined : new DeadLetterFile(path);
  }

  /** Whether any output exists; without one, a refused document must fail the writer. */
  get configured(): boolean {
    return this.file !== undefined || this.callback !== undefined;
  }

  /** Writes the file first, then calls the callback per letter; any failure is a DeadLetterError. */
  async emit(refused: readonly { request: T; error: BulkItemError }[]): Promise<void> {
    const time = this.now();
    const letters: DeadLetter<T>[] = refused.map(({ request, error }) => ({
      request,
      error,
      time,
    }));
    try {
      if (this.file !== undefined) await this.file.append(letters.map(deadLetterEntry));
      if (this.callback !== undefined) for (const letter of letters) await this.callback(letter);
    } catch (err) {
      throw new DeadLetterError(letters.length, { cause: err });
    }
  }
}
