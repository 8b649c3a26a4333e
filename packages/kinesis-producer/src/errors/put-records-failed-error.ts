import type { FailedEntry } from '../types.js';

/**
 * Records (or watermarks) that Kinesis did not accept within the retry budget, or refused with an
 * error that no retry can fix. Nothing in `failures` was written; everything else was.
 *
 * The producer keeps one instance: failures of later calls are appended to `failures`, so the error
 * `close()` rejects with lists every record that was not written.
 */
export class PutRecordsFailedError<R = unknown> extends Error {
  override readonly name = 'PutRecordsFailedError';
  /** What was not written, with the last error code Kinesis (or the network) gave for each. */
  readonly failures: FailedEntry<R>[];

  constructor(failures: FailedEntry<R>[], options?: { cause?: unknown }) {
    const first = failures[0];
    super(
      `${failures.length} ${failures.length === 1 ? 'entry was' : 'entries were'} not written to Kinesis` +
        (first ? ` (first: ${first.errorCode}: ${first.errorMessage})` : ''),
      options,
    );
    this.failures = failures;
  }
}
