/** A file is not a recording this package can read; `at` is the JSON path of the bad value. */
export class RecordingFormatError extends Error {
  override readonly name = 'RecordingFormatError';

  constructor(
    /** The file read, if any. */
    readonly path: string | undefined,
    /** JSON path of the offending value, e.g. `shards[2].records[17].sequenceNumber`. */
    readonly at: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`${path ?? 'recording'}: ${at}: ${reason}`, { cause });
  }
}
