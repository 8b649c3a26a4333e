/**
 * A `WindowOperator` or `WatermarkCombiner` instance was driven by a second subscription while a
 * first one was still active. One instance holds one stream's state; create one per subscription
 * (or use `windowAggregate` / `combineWatermarks`, which do).
 */
export class OperatorInUseError extends Error {
  override readonly name = 'OperatorInUseError';

  constructor(
    /** The class of the shared instance. */
    readonly operator: string,
  ) {
    super(`this ${operator} is already driven by another subscription`);
  }
}
