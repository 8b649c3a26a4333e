import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { NumberHeap } from './_internals/number-heap.js';

/**
 * A multiset of numbers that answers its median after every `add` and `remove` in O(log n): the
 * lower half in a max-heap, the upper half in a min-heap, and removals applied lazily (a removed
 * value stays in its heap, counted in a pending map, until it reaches the top). The median of an
 * even count is the mean of the two middle values. The core of `medianAggregate` and
 * `slidingMedian`; use it directly for any sliding median whose window you manage yourself.
 *
 * @example
 * const m = new SlidingMedian();
 * m.add(3); m.add(1); m.add(10);
 * m.median(); // 3
 * m.remove(10);
 * m.median(); // 2
 */
export class SlidingMedian {
  private readonly low = new NumberHeap(true);
  private readonly high = new NumberHeap(false);
  /** Values removed but still physically in a heap, with their multiplicity. */
  private readonly pending = new Map<number, number>();
  /** Live multiplicity of every value, so `remove` of an absent value is an error, not a corruption. */
  private readonly counts = new Map<number, number>();
  private lowSize = 0;
  private highSize = 0;

  /** How many values it holds. */
  get size(): number {
    return this.lowSize + this.highSize;
  }

  /** Adds a value; NaN is refused (it has no place in an order). */
  add(value: number): void {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new InvalidOptionError('value', value, 'a number, not NaN');
    }
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (this.lowSize === 0 || value <= this.low.peek()) {
      this.low.push(value);
      this.lowSize++;
    } else {
      this.high.push(value);
      this.highSize++;
    }
    this.rebalance();
  }

  /** Removes one occurrence of a value it holds; throws if it holds none. */
  remove(value: number): void {
    const count = this.counts.get(value);
    if (count === undefined) {
      throw new InvalidOptionError('value', value, 'a value the median holds');
    }
    if (count === 1) this.counts.delete(value);
    else this.counts.set(value, count - 1);
    this.pending.set(value, (this.pending.get(value) ?? 0) + 1);
    // Every live value <= low's top is in low, every greater one in high (the tops are live).
    if (value <= this.low.peek()) {
      this.lowSize--;
      if (value === this.low.peek()) this.prune(this.low);
    } else {
      this.highSize--;
      if (value === this.high.peek()) this.prune(this.high);
    }
    this.rebalance();
  }

  /** The median, or `undefined` when empty. */
  median(): number | undefined {
    if (this.lowSize === 0) return undefined;
    if (this.lowSize > this.highSize) return this.low.peek();
    return (this.low.peek() + this.high.peek()) / 2;
  }

  /** The live values in ascending order (for snapshots and tests): O(n log n). */
  values(): number[] {
    const out: number[] = [];
    for (const [value, count] of this.counts) for (let i = 0; i < count; i++) out.push(value);
    return out.sort((a, b) => a - b);
  }

  clear(): void {
    this.low.clear();
    this.high.clear();
    this.pending.clear();
    this.counts.clear();
    this.lowSize = 0;
    this.highSize = 0;
  }

  /** Keeps lowSize == highSize or highSize + 1, with both tops live. */
  private rebalance(): void {
    if (this.lowSize > this.highSize + 1) {
      this.high.push(this.low.pop());
      this.lowSize--;
      this.highSize++;
      this.prune(this.low);
    } else if (this.lowSize < this.highSize) {
      this.low.push(this.high.pop());
      this.lowSize++;
      this.highSize--;
      this.prune(this.high);
    }
  }

  /** Drops removed values from the top of a heap. */
  private prune(heap: NumberHeap): void {
    const pending = this.pending;
    while (heap.size > 0) {
      const top = heap.peek();
      const n = pending.get(top);
      if (n === undefined) return;
      if (n === 1) pending.delete(top);
      else pending.set(top, n - 1);
      heap.pop();
    }
  }
}
