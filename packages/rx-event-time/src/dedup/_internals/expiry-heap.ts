import type { DedupKey } from '../deduplicator-options.js';

/**
 * A binary min-heap of (time, key) in two parallel arrays: no object per entry, so a remembered
 * key costs its Map entry plus two array slots. Each key is pushed once and leaves only by expiry,
 * so there is no removal of arbitrary entries.
 * @internal
 */
export class ExpiryHeap {
  private readonly times: number[] = [];
  private readonly keys: DedupKey[] = [];

  get size(): number {
    return this.times.length;
  }

  /** Earliest time, `Infinity` when empty. */
  peekTime(): number {
    return this.times.length === 0 ? Infinity : this.times[0];
  }

  push(time: number, key: DedupKey): void {
    const times = this.times;
    const keys = this.keys;
    let i = times.length;
    times.push(time);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= time) break;
      times[i] = times[parent];
      keys[i] = keys[parent];
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
  }

  /** Removes and returns the key with the earliest time; the heap must not be empty. */
  pop(): DedupKey {
    const times = this.times;
    const keys = this.keys;
    const top = keys[0];
    const lastTime = times.pop()!;
    const lastKey = keys.pop()!;
    const n = times.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && times[right] < times[left] ? right : left;
        if (times[child] >= lastTime) break;
        times[i] = times[child];
        keys[i] = keys[child];
        i = child;
      }
      times[i] = lastTime;
      keys[i] = lastKey;
    }
    return top;
  }

  /** Each key's time, in no particular order (for snapshots: O(n)). */
  entries(): Map<DedupKey, number> {
    const out = new Map<DedupKey, number>();
    for (let i = 0; i < this.keys.length; i++) out.set(this.keys[i], this.times[i]);
    return out;
  }
}
