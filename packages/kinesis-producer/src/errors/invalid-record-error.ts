/** `put()` was given a record Kinesis would refuse, or whose event time cannot be read. */
export class InvalidRecordError<R = unknown> extends Error {
  override name: string = 'InvalidRecordError';
  /** The record as given to `put()`. */
  readonly record: R;
  /** Which part of the record is wrong: `data`, `partitionKey`, `explicitHashKey` or `eventTime`. */
  readonly field: string;

  constructor(record: R, field: string, reason: string, options?: { cause?: unknown }) {
    super(`Invalid record ${field}: ${reason}`, options);
    this.record = record;
    this.field = field;
  }
}
