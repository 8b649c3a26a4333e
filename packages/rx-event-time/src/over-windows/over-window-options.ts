import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration, requiredFunction } from '../_internals/validate.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import type { RetractableAggregateFunction } from './retractable-aggregate-function.js';

/** Options of {@link OverWindowOperator} (and of `overWindowAggregate`, which builds one). */
export interface OverWindowOptions<T, K extends WindowKey, ACC, R> {
  /** The key of a record (Flink's `PARTITION BY`). Required. */
  readonly keySelector: (value: T) => K;
  /**
   * How far back the window reaches, ms of event time (`RANGE INTERVAL … PRECEDING`). At time `t`
   * a key's window holds its records with timestamp in `(t - range, t]`. Required, a safe integer > 0.
   */
  readonly range: number;
  /** What is computed over each key's window, incrementally. Required. */
  readonly aggregate: RetractableAggregateFunction<T, ACC, R, NoInfer<K>>;
}

/** @internal {@link OverWindowOptions} validated once. */
export interface ResolvedOverWindowOptions<T, K extends WindowKey, ACC, R> {
  readonly keySelector: (value: T) => K;
  readonly range: number;
  readonly aggregate: RetractableAggregateFunction<T, ACC, R, K>;
}

/** @internal */
export function resolveOverWindowOptions<T, K extends WindowKey, ACC, R>(
  options: OverWindowOptions<T, K, ACC, R>,
): ResolvedOverWindowOptions<T, K, ACC, R> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const aggregate = options.aggregate;
  if (aggregate === null || typeof aggregate !== 'object') {
    throw new InvalidOptionError('aggregate', aggregate, 'a RetractableAggregateFunction object');
  }
  for (const method of ['createAccumulator', 'add', 'retract', 'getResult'] as const) {
    requiredFunction(`aggregate.${method}`, aggregate[method]);
  }
  return {
    keySelector: requiredFunction('keySelector', options.keySelector),
    range: positiveDuration('range', options.range),
    aggregate,
  };
}
