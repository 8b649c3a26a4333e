import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { nonNegativeDuration, positiveDuration, requiredFunction } from '../_internals/validate.js';

/**
 * Flink's `WatermarkStrategy`: how each input's watermark is made, how long an input may stay
 * silent before it is idle, and (for `assignTimestampsAndWatermarks`) where a value's timestamp comes
 * from. Immutable; the `with*` methods return a new strategy.
 *
 * Watermark events carried by an input (punctuated) always count, whatever the strategy: an input's
 * watermark is the highest of what it sent and what the strategy generated.
 *
 * @example
 * WatermarkStrategy.forBoundedOutOfOrderness<Trip>(5_000)
 *   .withIdleness(60_000)
 *   .withTimestampAssigner((trip) => Date.parse(trip.dropoff_datetime));
 */
export class WatermarkStrategy<T = unknown> {
  private constructor(
    /**
     * How far behind the highest timestamp seen on an input its generated watermark stays, ms:
     * `max - maxOutOfOrderness - 1`. `undefined` when watermarks come only from the stream.
     */
    readonly maxOutOfOrderness: number | undefined,
    /** ms of processing time without a record or watermark after which an input is idle; `undefined`: never. */
    readonly idleTimeout: number | undefined,
    /** The event time of a value, ms; used by `assignTimestampsAndWatermarks`. */
    readonly timestampAssigner: ((value: T) => number) | undefined,
  ) {}

  /** Watermarks come only from the watermark events in the stream (e.g. trip-schema's). */
  static forPunctuatedWatermarks<T = unknown>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(undefined, undefined, undefined);
  }

  /**
   * Flink's `forBoundedOutOfOrderness`: records arrive at most `maxOutOfOrderness` ms behind the
   * highest timestamp seen on their input. The watermark follows that highest timestamp, and is
   * generated after each batch (the analogue of Flink's periodic emission).
   */
  static forBoundedOutOfOrderness<T = unknown>(maxOutOfOrderness: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      nonNegativeDuration('maxOutOfOrderness', maxOutOfOrderness ?? null, 0),
      undefined,
      undefined,
    );
  }

  /** Flink's `forMonotonousTimestamps`: `forBoundedOutOfOrderness(0)`. */
  static forMonotonousTimestamps<T = unknown>(): WatermarkStrategy<T> {
    return WatermarkStrategy.forBoundedOutOfOrderness<T>(0);
  }

  /**
   * An input that sends nothing (no record, no watermark) for `idleTimeout` ms of processing time
   * (the injected clock/scheduler) is idle: it stops holding the combined watermark back until it
   * sends something again.
   */
  withIdleness(idleTimeout: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      this.maxOutOfOrderness,
      positiveDuration('idleTimeout', idleTimeout),
      this.timestampAssigner,
    );
  }

  /** Where a value's event time comes from (ms), for `assignTimestampsAndWatermarks`. */
  withTimestampAssigner<U extends T>(assigner: (value: U) => number): WatermarkStrategy<U> {
    return new WatermarkStrategy<U>(
      this.maxOutOfOrderness,
      this.idleTimeout,
      requiredFunction('timestampAssigner', assigner),
    );
  }

  /** @internal Re-validates a strategy that may not come from the static factories. */
  static resolve<T>(strategy: WatermarkStrategy<T> | undefined): WatermarkStrategy<T> {
    if (strategy === undefined) return WatermarkStrategy.forPunctuatedWatermarks<T>();
    if (!(strategy instanceof WatermarkStrategy)) {
      throw new InvalidOptionError(
        'watermarkStrategy',
        strategy,
        'a WatermarkStrategy (e.g. WatermarkStrategy.forBoundedOutOfOrderness(ms))',
      );
    }
    return strategy;
  }
}
