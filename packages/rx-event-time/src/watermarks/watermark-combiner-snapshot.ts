import type { SNAPSHOT_VERSION, WATERMARK_COMBINER_SNAPSHOT_FORMAT } from '../constants.js';
import type { JsonTimestamp } from '../events/json-value.js';

/** Whether an input holds the combined watermark back. */
export type InputStatus = 'active' | 'idle' | 'ended';

/** One input as the combiner sees it now (its counters). */
export interface InputWatermark {
  readonly input: string;
  /** The input's own watermark, ms. */
  readonly watermark: number;
  readonly status: InputStatus;
  /** Records received from it. */
  readonly records: number;
  /** ms of processing time since it last sent anything. */
  readonly silentFor: number;
}

/** One input inside a {@link WatermarkCombinerSnapshot}. */
export interface InputSnapshot {
  readonly input: string;
  readonly watermark: JsonTimestamp;
  /** Highest record timestamp seen (for generated watermarks). */
  readonly maxTimestamp: JsonTimestamp;
  readonly status: InputStatus;
  readonly records: number;
  /**
   * ms of processing time it had been silent at the snapshot. Relative on purpose: after a restart
   * the idleness clock resumes where it stopped, instead of counting the downtime as silence.
   */
  readonly silentFor: number;
}

/** The whole state of a {@link WatermarkCombiner} as plain JSON. */
export interface WatermarkCombinerSnapshot {
  readonly format: typeof WATERMARK_COMBINER_SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** The combined watermark emitted last. */
  readonly watermark: JsonTimestamp;
  /** Whether `end()` was called. */
  readonly ended: boolean;
  /** In the order the inputs became known. */
  readonly inputs: readonly InputSnapshot[];
}
