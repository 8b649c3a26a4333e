/**
 * @internal The items of an async generator of arrays, one by one, as an async generator. Written
 * by hand because an `async function*` that does `yield* batch` pays a generator resumption and
 * several promise jobs per item, which on the decode path cost more than the gunzip (issue 16).
 * Here an item of a batch already in hand is one resolved promise.
 *
 * Behaves like the generator it replaces: lazy, calls in order even when not awaited, `return()`
 * and `throw()` close the source (closing the file), `next()` after the end stays done.
 */
export class FlattenBatches<T> implements AsyncGenerator<T, void, undefined> {
  readonly #source: AsyncGenerator<T[], void, undefined>;
  #batch: T[] = [];
  #index = 0;
  #done = false;
  /** The pull in flight, so that calls made meanwhile wait for it instead of racing it. */
  #pending: Promise<unknown> | undefined;

  constructor(source: AsyncGenerator<T[], void, undefined>) {
    this.#source = source;
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.#pending !== undefined) return this.#after(() => this.next());
    if (this.#index < this.#batch.length) {
      return Promise.resolve({ value: this.#batch[this.#index++], done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    const pull = this.#pull();
    this.#pending = pull;
    return pull.finally(() => {
      if (this.#pending === pull) this.#pending = undefined;
    });
  }

  return(): Promise<IteratorResult<T, void>> {
    if (this.#pending !== undefined) return this.#after(() => this.return());
    return this.#close().then(() => ({ value: undefined, done: true }));
  }

  throw(error: unknown): Promise<IteratorResult<T, void>> {
    if (this.#pending !== undefined) return this.#after(() => this.throw(error));
    return this.#close().then(() => Promise.reject(error));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  async #pull(): Promise<IteratorResult<T, void>> {
    try {
      for (;;) {
        const next = await this.#source.next();
        if (next.done === true) {
          this.#finish();
          return { value: undefined, done: true };
        }
        if (next.value.length > 0) {
          this.#batch = next.value;
          this.#index = 1;
          return { value: next.value[0], done: false };
        }
      }
    } catch (error) {
      this.#finish();
      throw error;
    }
  }

  async #close(): Promise<void> {
    if (this.#done) return;
    this.#finish();
    await this.#source.return();
  }

  #finish(): void {
    this.#done = true;
    this.#batch = [];
    this.#index = 0;
  }

  #after<R>(call: () => Promise<R>): Promise<R> {
    const pending = this.#pending as Promise<unknown>;
    return pending.then(call, call);
  }
}
