/**
 * An element of an event-time stream (Flink's `StreamRecord`): a value with its event timestamp in
 * ms since the epoch. `input` names the input it arrived on (a Kinesis shard id, a file name); it
 * matters only to the {@link WatermarkCombiner}, which treats a record without one as coming from
 * {@link DEFAULT_INPUT}.
 */
export interface StreamRecord<T> {
  readonly kind: 'record';
  readonly timestamp: number;
  readonly value: T;
  readonly input?: string;
}

/**
 * Flink's `Watermark`: a promise that no record with `timestamp <= this.timestamp` follows. A
 * record that breaks the promise is late. `Infinity` means end of stream (every window fires). With
 * `input` set it is one input's watermark (punctuated, e.g. trip-schema's watermark events); the
 * combiner's output watermarks have no `input`.
 */
export interface Watermark {
  readonly kind: 'watermark';
  readonly timestamp: number;
  readonly input?: string;
}

/**
 * Flink's `WatermarkStatus`: `idle` excludes the input from the combined watermark right away
 * (without waiting for the idleness timeout); `active` includes it again. Any record or watermark
 * from an idle input also makes it active.
 */
export interface WatermarkStatus {
  readonly kind: 'idle' | 'active';
  readonly input?: string;
}

/**
 * The input has ended for good (a closed shard, the end of a file). It no longer holds the combined
 * watermark back; when every input has ended the combiner emits its `finalWatermark`.
 */
export interface EndOfInput {
  readonly kind: 'end';
  readonly input?: string;
}

/** Everything an event-time stream can carry, tagged by `kind`. */
export type StreamEvent<T> = StreamRecord<T> | Watermark | WatermarkStatus | EndOfInput;

/** What a {@link WatermarkCombiner} emits: the records, and the combined watermarks between them. */
export type WatermarkedEvent<T> = StreamRecord<T> | Watermark;
