import type { ShardState } from './entries.js';
import type { ResolvedOptions } from './resolve-options.js';
import { TokenBucket } from './token-bucket.js';

type Pacing = NonNullable<ResolvedOptions<never>['pacing']>;

/** @internal A shard's two token buckets (records, bytes), full at `now`; none without pacing. */
export function pacingBuckets(
  pacing: Pacing | undefined,
  now: number,
): Pick<ShardState, 'recordBucket' | 'byteBucket'> {
  if (pacing === undefined) return { recordBucket: undefined, byteBucket: undefined };
  const bucket = (perSecond: number) =>
    new TokenBucket(perSecond, Math.max(1, (perSecond * pacing.burstMs) / 1000), now);
  return {
    recordBucket: bucket(pacing.recordsPerSecond),
    byteBucket: bucket(pacing.bytesPerSecond),
  };
}

/**
 * @internal With pacing, a shard joins a batch only once its buckets hold what it has queued (up
 * to their capacity), so a throttled-back shard sends one full burst rather than a trickle of tiny
 * calls.
 */
export function isEligible(s: ShardState, now: number): boolean {
  if (s.recordBucket === undefined || s.byteBucket === undefined) return true;
  const queued = s.queue.length + s.retries.length;
  return (
    s.recordBucket.available(now) >= Math.min(queued, s.recordBucket.capacity) &&
    s.byteBucket.available(now) >= Math.min(s.queuedBytes, s.byteBucket.capacity)
  );
}

/** @internal How long until some paced shard may send what it has queued (`Infinity`: none). */
export function msUntilSendable(shards: readonly ShardState[], now: number): number {
  let wait = Infinity;
  for (const s of shards) {
    const queued = s.queue.length + s.retries.length;
    if (queued === 0 || s.recordBucket === undefined || s.byteBucket === undefined) continue;
    wait = Math.min(
      wait,
      Math.max(s.recordBucket.msUntil(queued, now), s.byteBucket.msUntil(s.queuedBytes, now)),
    );
  }
  return wait;
}

/** @internal Kinesis saw more than the buckets allowed (another writer, a lower limit): stop bursting. */
export function onThrottled(s: ShardState, now: number): void {
  s.recordBucket?.drain(now);
  s.byteBucket?.drain(now);
}

/** @internal Charges the shard's buckets for an entry that goes into a call. */
export function charge(s: ShardState, bytes: number, now: number): void {
  s.recordBucket?.force(1, now);
  s.byteBucket?.force(bytes, now);
}
