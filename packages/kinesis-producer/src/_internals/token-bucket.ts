/**
 * @internal A token bucket refilled at `ratePerSecond` up to `capacity`. A take larger than the
 * capacity is allowed once the bucket is full and leaves it in debt, so the long-run rate still
 * holds for items bigger than a burst.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Tokens available at `now` (negative while in debt). */
  available(now: number): number {
    if (now > this.updatedAt) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000,
      );
      this.updatedAt = now;
    }
    return this.tokens;
  }

  /** Whether `amount` may be taken at `now`. */
  canTake(amount: number, now: number): boolean {
    return this.available(now) >= Math.min(amount, this.capacity);
  }

  /** Takes `amount` if allowed; returns whether it did. */
  tryTake(amount: number, now: number): boolean {
    if (!this.canTake(amount, now)) return false;
    this.tokens -= amount;
    return true;
  }

  /** Takes `amount` whether or not it is there (for entries that must not wait). */
  force(amount: number, now: number): void {
    this.available(now);
    this.tokens -= amount;
  }

  /** Empties the bucket (e.g. after Kinesis throttled the shard anyway). */
  drain(now: number): void {
    this.available(now);
    if (this.tokens > 0) this.tokens = 0;
  }

  /** ms from `now` until `amount` (capped at the capacity) may be taken; 0 if it may now. */
  msUntil(amount: number, now: number): number {
    const missing = Math.min(amount, this.capacity) - this.available(now);
    return missing <= 0 ? 0 : (missing * 1000) / this.ratePerSecond;
  }
}
