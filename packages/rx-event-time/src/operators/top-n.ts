import type { OperatorFunction } from 'rxjs';
import type { WindowKey } from '../windows/window-operator-options.js';
import { TopN } from '../top-n/top-n.js';
import { resolveTopNOptions, type TopNEntry, type TopNOptions } from '../top-n/top-n-options.js';
import { operate } from './_internals/operate.js';

/** An input of the {@link topN} operator: set a key's value, or remove the key. */
export type TopNUpdate<K, V> =
  | { readonly kind: 'set'; readonly key: K; readonly value: V }
  | { readonly kind: 'delete'; readonly key: K };

/**
 * Flink SQL's Top-N with change-only output: applies each update (or each array of updates, as one
 * step) to a {@link TopN} and emits the top `size`, best first, only when it differs from the last
 * one emitted. Each subscription has its own `TopN`; completion emits nothing more.
 *
 * @example
 * counts$.pipe(
 *   map(({ key, count }) => ({ kind: 'set', key, value: count }) as const),
 *   topN({ size: 3, compare: (a: number, b: number) => b - a }),
 * );
 */
export function topN<K extends WindowKey, V>(
  options: TopNOptions<V>,
): OperatorFunction<TopNUpdate<K, V> | readonly TopNUpdate<K, V>[], TopNEntry<K, V>[]> {
  const resolved = resolveTopNOptions(options);
  return operate((subscriber) => {
    const ranking = new TopN<K, V>(resolved);
    const apply = (update: TopNUpdate<K, V>): void => {
      if (update.kind === 'delete') ranking.delete(update.key);
      else ranking.set(update.key, update.value);
    };
    return {
      next: (input) => {
        if (Array.isArray(input)) for (const update of input) apply(update);
        else apply(input as TopNUpdate<K, V>);
        const changed = ranking.changes();
        if (changed !== undefined) subscriber.next(changed);
      },
    };
  });
}
