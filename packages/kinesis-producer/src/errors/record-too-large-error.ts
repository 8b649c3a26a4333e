import { InvalidRecordError } from './invalid-record-error.js';

/** A record whose data plus partition key exceed the Kinesis record limit (1 MiB). */
export class RecordTooLargeError<R = unknown> extends InvalidRecordError<R> {
  override name = 'RecordTooLargeError';
  /** Data plus partition key, in bytes. */
  readonly sizeBytes: number;
  /** The limit, in bytes. */
  readonly limitBytes: number;
  /** The record's partition key, to find it in the source. */
  readonly partitionKey: string;

  constructor(record: R, partitionKey: string, sizeBytes: number, limitBytes: number) {
    super(
      record,
      'data',
      `record with partition key ${JSON.stringify(partitionKey)} is ${sizeBytes} bytes, over the ${limitBytes}-byte limit`,
    );
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
    this.partitionKey = partitionKey;
  }
}
