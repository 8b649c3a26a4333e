import type { TopN } from '@tripstream/rx-event-time';

/** Raise the floor only once this many keys are at or above the next count (hysteresis). */
const RAISE_MARGIN = 2;

/**
 * Keeps out of a {@link TopN} the keys that cannot be in its top `size` because of their count
 * alone: the TopN holds exactly the keys whose count is >= `floor`, and at least `size` keys have a
 * count >= `floor` (or `floor` is 1 and it holds every key). Any key left out then has fewer items
 * than `size` keys inside, so it ranks below all of them whatever the tie rules, and the TopN's top
 * `size` is the true one. In query 1 almost every route has a count of 1 or 2 while the top ten
 * have more, so most window changes touch no TopN at all (a TopN update costs O(log keys) and two
 * hash lookups; the bookkeeping here is a few array writes).
 *
 * Keys are small non-negative integers (interned ids); every key of each count is in a
 * doubly-linked list, so lowering the floor can add exactly the keys at the new floor.
 * @internal
 */
export class CountFloor<V extends { readonly count: number }> {
  private floor = 1;
  private readonly counts: number[] = [];
  private readonly values: (V | undefined)[] = [];
  private readonly previous: number[] = [];
  private readonly next: number[] = [];
  /** First key with each count, -1 for none. */
  private readonly heads: number[] = [];
  /** `atLeast[c]`: keys with a count >= c (c >= 1). */
  private readonly atLeast: number[] = [];

  constructor(
    private readonly top: TopN<number, V>,
    private readonly size: number,
  ) {}

  /** A key's count and value changed (count 0: it left). */
  update(key: number, count: number, value: V): void {
    const old = this.counts[key] ?? 0;
    if (old > 0) this.unlink(key, old);
    this.counts[key] = count;
    if (count > 0) {
      this.link(key, count);
      this.values[key] = value;
    } else {
      this.values[key] = undefined;
    }
    const atLeast = this.atLeast;
    for (let c = old + 1; c <= count; c++) atLeast[c] = (atLeast[c] ?? 0) + 1;
    for (let c = count + 1; c <= old; c++) atLeast[c]--;
    if (count >= this.floor) this.top.set(key, value);
    else if (old >= this.floor) this.top.delete(key);
  }

  /** Restores the invariant after a step's updates: call before reading the TopN. */
  settle(): void {
    const atLeast = this.atLeast;
    const size = this.size;
    while (this.floor > 1 && (atLeast[this.floor] ?? 0) < size) {
      this.floor--;
      for (let k = this.heads[this.floor] ?? -1; k >= 0; k = this.next[k]) {
        this.top.set(k, this.values[k]!);
      }
    }
    while ((atLeast[this.floor + 1] ?? 0) >= size * RAISE_MARGIN) {
      for (let k = this.heads[this.floor] ?? -1; k >= 0; k = this.next[k]) this.top.delete(k);
      this.floor++;
    }
  }

  private link(key: number, count: number): void {
    const head = this.heads[count] ?? -1;
    this.previous[key] = -1;
    this.next[key] = head;
    if (head >= 0) this.previous[head] = key;
    this.heads[count] = key;
  }

  private unlink(key: number, count: number): void {
    const previous = this.previous[key];
    const next = this.next[key];
    if (previous >= 0) this.next[previous] = next;
    else this.heads[count] = next;
    if (next >= 0) this.previous[next] = previous;
  }
}
