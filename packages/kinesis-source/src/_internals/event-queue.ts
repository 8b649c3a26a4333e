/** @internal Returned by {@link EventQueue.take} once the queue is closed and drained. */
export const END: unique symbol = Symbol('end');

interface Taker<T> {
  resolve(item: T | typeof END): void;
  reject(error: unknown): void;
}

/**
 * @internal FIFO between the shard readers (many producers) and the consumer (one). It counts the
 * records it holds so readers can wait for room before fetching: that is the backpressure.
 */
export class EventQueue<T> {
  #items: T[] = [];
  #sizes: number[] = [];
  #head = 0;
  #buffered = 0;
  #takers: Taker<T>[] = [];
  #roomWaiters: Array<() => void> = [];
  #closed = false;
  #error: { error: unknown } | undefined;

  constructor(private readonly capacity: number) {}

  /** Records currently held. */
  get bufferedRecords(): number {
    return this.#buffered;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Appends `item` holding `records` records; ignored once closed. */
  push(item: T, records = 0): void {
    if (this.#closed) return;
    const taker = this.#takers.shift();
    if (taker) {
      taker.resolve(item);
      return;
    }
    this.#items.push(item);
    this.#sizes.push(records);
    this.#buffered += records;
  }

  /** Next item, waiting if there is none; `END` after `close()`; rejects after `fail()`. */
  take(): Promise<T | typeof END> {
    if (this.#error) return Promise.reject(this.#error.error);
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head];
      const size = this.#sizes[this.#head];
      this.#items[this.#head] = undefined as T;
      this.#head += 1;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#sizes = this.#sizes.slice(this.#head);
        this.#head = 0;
      }
      this.#buffered -= size;
      if (this.#buffered < this.capacity) this.#wakeRoomWaiters();
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.resolve(END);
    return new Promise((resolve, reject) => this.#takers.push({ resolve, reject }));
  }

  /** Resolves once fewer than `capacity` records are held, or when `signal` aborts. */
  waitForRoom(signal: AbortSignal): Promise<void> {
    if (this.#buffered < this.capacity || this.#closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      this.#roomWaiters.push(done);
    });
  }

  /** No more items: pending and later takes get `END` once the held items are drained. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wakeRoomWaiters();
    for (const taker of this.#takers.splice(0)) taker.resolve(END);
  }

  /** Drops what is held; pending and later takes get `END` at once. */
  clear(): void {
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#buffered = 0;
    this.close();
  }

  /** Drops what is held; pending and later takes reject with `error`. */
  fail(error: unknown): void {
    if (this.#error) return;
    this.#error = { error };
    this.#items = [];
    this.#sizes = [];
    this.#head = 0;
    this.#buffered = 0;
    this.#closed = true;
    this.#wakeRoomWaiters();
    for (const taker of this.#takers.splice(0)) taker.reject(error);
  }

  #wakeRoomWaiters(): void {
    // Iterate over a copy: a woken reader may push and wait again re-entrantly.
    for (const wake of this.#roomWaiters.splice(0)) wake();
  }
}
