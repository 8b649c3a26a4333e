import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { nonNegativeDuration, requiredFunction } from '../_internals/validate.js';
import type { AggregateFunction } from './aggregate-function.js';
import { eventTimeSessionWindows } from './event-time-session-windows.js';
import { slidingEventTimeWindows } from './sliding-event-time-windows.js';
import { tumblingEventTimeWindows } from './tumbling-event-time-windows.js';
import type { WindowAssigner } from './window-assigner.js';

/**
 * What a key may be: compared with `===` (a `Map` key) and written into snapshots as JSON. For a
 * composite key build a string, e.g. `` `${cell}|${airport}` ``.
 */
export type WindowKey = string | number;

/** Options of {@link WindowOperator} (and of `windowAggregate`, which builds one per subscription). */
export interface WindowOperatorOptions<T, K extends WindowKey, ACC, R> {
  /** Which windows a record belongs to. Required. */
  readonly assigner: WindowAssigner;
  /** The key of a record (Flink's `keyBy`). Required. */
  readonly keySelector: (value: T) => K;
  /** Incremental aggregation per (key, window). Required. */
  readonly aggregate: AggregateFunction<T, ACC, R, NoInfer<K>>;
  /**
   * How long after its on-time firing a window is kept for late records, ms of event time: a
   * record for a window with `end - 1 + allowedLateness > watermark` updates it and re-fires it;
   * later ones go to the late output. Default `0` (Flink's default): every late record is dropped
   * to the late output.
   */
  readonly allowedLateness?: number;
}

/** @internal {@link WindowOperatorOptions} validated and normalised once. */
export interface ResolvedWindowOperatorOptions<T, K extends WindowKey, ACC, R> {
  readonly assigner: WindowAssigner;
  readonly keySelector: (value: T) => K;
  readonly aggregate: AggregateFunction<T, ACC, R, K>;
  readonly allowedLateness: number;
}

/** @internal */
export function resolveWindowOperatorOptions<T, K extends WindowKey, ACC, R>(
  options: WindowOperatorOptions<T, K, ACC, R>,
): ResolvedWindowOperatorOptions<T, K, ACC, R> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const aggregate = options.aggregate;
  if (aggregate === null || typeof aggregate !== 'object') {
    throw new InvalidOptionError('aggregate', aggregate, 'an AggregateFunction object');
  }
  for (const method of ['createAccumulator', 'add', 'getResult', 'merge'] as const) {
    requiredFunction(`aggregate.${method}`, aggregate[method]);
  }
  return {
    assigner: resolveAssigner(options.assigner),
    keySelector: requiredFunction('keySelector', options.keySelector),
    aggregate,
    allowedLateness: nonNegativeDuration('allowedLateness', options.allowedLateness, 0),
  };
}

/** Re-validates an assigner, which may be a hand-written object rather than a factory's result. */
function resolveAssigner(assigner: WindowAssigner): WindowAssigner {
  try {
    switch (assigner?.kind) {
      case 'tumbling':
        return tumblingEventTimeWindows(assigner);
      case 'sliding':
        return slidingEventTimeWindows(assigner);
      case 'session':
        return eventTimeSessionWindows(assigner);
    }
  } catch (error) {
    if (error instanceof InvalidOptionError) {
      throw new InvalidOptionError(`assigner.${error.option}`, error.value, error.expected);
    }
    throw error;
  }
  throw new InvalidOptionError('assigner', assigner, 'a tumbling, sliding or session assigner');
}
