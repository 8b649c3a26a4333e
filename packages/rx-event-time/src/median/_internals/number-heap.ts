/**
 * A binary heap of numbers; `max` picks a max-heap. Kept separate from the timer heap because the
 * median's hot path compares plain numbers, not `(time, sequence)` pairs.
 * @internal
 */
export class NumberHeap {
  readonly items: number[] = [];

  constructor(private readonly max: boolean) {}

  get size(): number {
    return this.items.length;
  }

  /** The top value; the heap must not be empty. */
  peek(): number {
    return this.items[0];
  }

  push(value: number): void {
    const items = this.items;
    const max = this.max;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (max ? p >= value : p <= value) break;
      items[i] = p;
      i = parent;
    }
    items[i] = value;
  }

  /** Removes and returns the top value; the heap must not be empty. */
  pop(): number {
    const items = this.items;
    const max = this.max;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        let child = left;
        if (right < n && (max ? items[right] > items[left] : items[right] < items[left])) {
          child = right;
        }
        const c = items[child];
        if (max ? c <= last : c >= last) break;
        items[i] = c;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}
