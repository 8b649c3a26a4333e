/**
 * @internal Spaces one shard's GetRecords calls so they stay within `callsPerSecond` and
 * `bytesPerSecond`. Bytes are paid for after the fact: a call that returned `b` bytes pushes the
 * next one `b / bytesPerSecond` seconds out, which is how Kinesis itself throttles a large read.
 */
export class ShardRateLimiter {
  #nextCallAt = -Infinity;
  #bytesFreeAt = -Infinity;

  constructor(
    private readonly callsPerSecond: number,
    private readonly bytesPerSecond: number,
  ) {}

  /** How long to wait at `now` before the next call may start, in ms. */
  delay(now: number): number {
    return Math.max(0, this.#nextCallAt - now);
  }

  /** Records a call that started at `startedAt` (ms) and returned `bytes`. */
  record(startedAt: number, bytes: number): void {
    this.#bytesFreeAt =
      Math.max(this.#bytesFreeAt, startedAt) + (bytes * 1000) / this.bytesPerSecond;
    this.#nextCallAt = Math.max(
      this.#nextCallAt,
      startedAt + 1000 / this.callsPerSecond,
      this.#bytesFreeAt,
    );
  }

  /** Holds the next call until at least `at` (ms): idle polls and backoff. */
  notBefore(at: number): void {
    this.#nextCallAt = Math.max(this.#nextCallAt, at);
  }
}
