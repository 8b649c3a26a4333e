/**
 * A binary min-heap of timers ordered by `(time, sequence)`, so timers due at the same time pop in
 * a deterministic order that survives a snapshot (sequences are part of the state).
 * @internal
 */
export class TimerHeap<P> {
  private readonly items: { time: number; sequence: number; payload: P }[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest timer, `Infinity` when empty. */
  peekTime(): number {
    return this.items.length === 0 ? Infinity : this.items[0].time;
  }

  push(time: number, sequence: number, payload: P): void {
    const items = this.items;
    const item = { time, sequence, payload };
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  /** Removes and returns the earliest timer's payload; the heap must not be empty. */
  pop(): P {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && before(items[right], items[left]) ? right : left;
        if (!before(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top.payload;
  }

  clear(): void {
    this.items.length = 0;
  }
}

function before(
  a: { time: number; sequence: number },
  b: { time: number; sequence: number },
): boolean {
  return a.time < b.time || (a.time === b.time && a.sequence < b.sequence);
}
