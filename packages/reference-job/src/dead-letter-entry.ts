/** Which trip field is the event time: the same choice as the replay's `--timestamp-attribute`. */
export type TimestampAttribute = 'dropoff_datetime' | 'pickup_datetime';

/** One raw record of an input (a Kinesis record, a file line). */
export interface RawRecord {
  data: Uint8Array | string;
  /** Where it was read, for dead letters: sequence number, line number... */
  position: string;
}

/** A record or event the job refused, with where it came from and why. */
export interface DeadLetterEntry {
  kind: 'undecodable' | 'out-of-range' | 'late' | 'duplicate';
  input: string;
  position?: string;
  reason: string;
  field?: string;
  /**
   * Undecodable: the raw record, `{ text }` or `{ base64 }` when it is not UTF-8. Otherwise the
   * decoded trip or watermark.
   */
  data: unknown;
  /** Out-of-range, late and duplicate records: their event time. */
  eventTime?: string;
  /** Late records: the watermark they missed. */
  watermark?: string;
}
