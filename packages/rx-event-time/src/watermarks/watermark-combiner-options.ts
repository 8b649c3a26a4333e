import type { WatermarkStrategy } from './watermark-strategy.js';

/** Processing time, ms. An RxJS `SchedulerLike` is one; so is `Date`. */
export interface Clock {
  now(): number;
}

/** Options of {@link WatermarkCombiner} (and of `combineWatermarks`). */
export interface WatermarkCombinerOptions<T = unknown> {
  /**
   * How each input's watermark is made and when an input is idle. Default
   * `WatermarkStrategy.forPunctuatedWatermarks()`: watermarks come only from the stream, and inputs
   * never become idle by themselves.
   */
  readonly watermarkStrategy?: WatermarkStrategy<T>;
  /**
   * Inputs known from the start (e.g. the shard ids). Each holds the combined watermark at
   * -Infinity until it sends a watermark, ends, or becomes idle — so a slow input cannot be
   * overtaken before it says anything. Inputs not listed join when they first send something.
   * Default `[]`.
   */
  readonly inputs?: readonly string[];
  /**
   * The watermark emitted once every input has ended (or `end()` is called, or the source of
   * `combineWatermarks` completes), ms. Default `Infinity`: every window fires, like Flink at the
   * end of a bounded input. `-Infinity` keeps the last watermark instead, leaving windows open for
   * a later restore (Flink's stop-with-savepoint without drain).
   */
  readonly finalWatermark?: number;
  /**
   * Processing-time clock for idleness. Default `Date`; pass the scheduler in virtual-time tests
   * (`combineWatermarks` passes its `scheduler`).
   */
  readonly clock?: Clock;
}
