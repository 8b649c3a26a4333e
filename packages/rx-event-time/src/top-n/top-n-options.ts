import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { requiredFunction } from '../_internals/validate.js';

/** Options of {@link TopN} (and of the `topN` operator). */
export interface TopNOptions<V> {
  /** How many ranks are reported (Flink's `rownum <= N`). Required, a safe integer >= 1. */
  readonly size: number;
  /**
   * The order (Flink's `ORDER BY`): negative when `a` ranks higher than `b`, positive when lower.
   * Make it total — break ties on something like a sequence number — or entries that compare equal
   * rank by when they were last set (earlier first). Required.
   */
  readonly compare: (a: V, b: V) => number;
  /**
   * Whether a key that keeps its rank still shows the same row: when it returns false the ranking
   * counts as changed. Default: always true — only the ranked keys and their order count.
   */
  readonly equals?: (previous: V, next: V) => boolean;
}

/** One rank of a ranking: rank `i + 1` is element `i`. */
export interface TopNEntry<K, V> {
  readonly key: K;
  readonly value: V;
}

/** @internal */
export interface ResolvedTopNOptions<V> {
  readonly size: number;
  readonly compare: (a: V, b: V) => number;
  readonly equals: ((previous: V, next: V) => boolean) | undefined;
}

/** @internal */
export function resolveTopNOptions<V>(options: TopNOptions<V>): ResolvedTopNOptions<V> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const size = options.size;
  if (!(typeof size === 'number' && Number.isSafeInteger(size) && size >= 1)) {
    throw new InvalidOptionError('size', size, 'a safe integer >= 1');
  }
  return {
    size,
    compare: requiredFunction('compare', options.compare),
    equals: options.equals === undefined ? undefined : requiredFunction('equals', options.equals),
  };
}
