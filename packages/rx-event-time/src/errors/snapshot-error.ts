import { preview } from '../_internals/preview.js';

/**
 * `restore()` was given a snapshot it cannot use: malformed, of another format or version, or taken
 * from an operator configured differently (e.g. another window assigner). The operator's state is
 * left untouched.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';

  constructor(
    /** Path of the offending field inside the snapshot, e.g. `windows[3].start`. */
    readonly path: string,
    /** The offending value. */
    readonly value: unknown,
    /** Why it was rejected. */
    readonly reason: string,
  ) {
    super(`snapshot ${path}: ${reason} (got ${preview(value)})`);
  }
}
