import { DEDUPLICATOR_SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../constants.js';
import { InvalidKeyError } from '../errors/invalid-key-error.js';
import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
import type { StreamRecord, WatermarkedEvent } from '../events/stream-event.js';
import { toJsonTimestamp } from '../_internals/json-timestamp.js';
import { isRecordTimestamp, isWatermarkTimestamp } from '../_internals/timestamps.js';
import { ExpiryHeap } from './_internals/expiry-heap.js';
import { restoreDeduplicator } from './_internals/restore-deduplicator.js';
import {
  isDedupKey,
  resolveDeduplicatorOptions,
  type DedupKey,
  type DeduplicatorOptions,
  type ResolvedDeduplicatorOptions,
} from './deduplicator-options.js';
import type { DeduplicatorCounters, DeduplicatorSnapshot } from './deduplicator-snapshot.js';

/**
 * Drops records whose key was already seen, over an event-time horizon — the synchronous core the
 * `deduplicate` operator wraps. Put it after the watermarks are combined (it reads the combined
 * watermark) and before the windows, so that a record delivered twice counts once.
 *
 * A record's key is remembered, with its timestamp, until the watermark reaches `timestamp +
 * horizonMs`; while it is remembered every further record with that key is a duplicate: left out of
 * the output and kept for {@link drainDuplicates}. Watermarks pass through unchanged and expire
 * keys as they go (a min-heap by expiry time, so a watermark costs O(expired keys · log n)).
 *
 * If the key selector throws, the exception propagates and part of the batch may have been applied:
 * restore the last snapshot before going on.
 */
export class Deduplicator<T> {
  /** @internal */
  readonly config: ResolvedDeduplicatorOptions<T>;
  /**
   * The keys remembered, in first-seen order. Their times live only in the heap (expiry =
   * timestamp + horizon), so a record costs one `Set.add`: the size tells whether it was new.
   */
  private seen = new Set<DedupKey>();
  private heap = new ExpiryHeap();
  private watermark = -Infinity;
  private records = 0;
  private duplicates = 0;
  private expired = 0;
  private pending: StreamRecord<T>[] = [];

  constructor(options: DeduplicatorOptions<T>) {
    this.config = resolveDeduplicatorOptions(options);
  }

  /** The highest watermark seen, ms: -Infinity before the first. */
  get currentWatermark(): number {
    return this.watermark;
  }

  /**
   * Processes a batch in order. Returns it without its duplicates — the batch itself when it had
   * none. Other event kinds (idle, end) pass through untouched.
   */
  processBatch(events: readonly WatermarkedEvent<T>[]): readonly WatermarkedEvent<T>[] {
    const seen = this.seen;
    const { key: keyOf, horizonMs } = this.config;
    let out: WatermarkedEvent<T>[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.kind === 'record') {
        const timestamp = event.timestamp;
        if (!isRecordTimestamp(timestamp)) {
          throw new InvalidTimestampError('record', timestamp, event.input);
        }
        const key = keyOf(event.value);
        if (!isDedupKey(key)) throw new InvalidKeyError(key, timestamp, event.input);
        this.records++;
        const size = seen.size;
        seen.add(key);
        if (seen.size === size) {
          this.duplicates++;
          this.pending.push(event);
          if (out === undefined) out = events.slice(0, i);
          continue;
        }
        // A record already past its horizon is forgotten at once, as a watermark would.
        const expiry = timestamp + horizonMs;
        if (expiry > this.watermark) this.heap.push(expiry, key);
        else seen.delete(key);
      } else if (event.kind === 'watermark') {
        this.advance(event.timestamp, event.input);
      }
      if (out !== undefined) out.push(event);
    }
    return out ?? events;
  }

  /** `processBatch([event])`. */
  processEvent(event: WatermarkedEvent<T>): readonly WatermarkedEvent<T>[] {
    return this.processBatch([event]);
  }

  /**
   * The records dropped as duplicates since the last call, in arrival order; the operator forgets
   * them, so each is returned once (dead-letter them, count them).
   */
  drainDuplicates(): StreamRecord<T>[] {
    const drained = this.pending;
    this.pending = [];
    return drained;
  }

  /** The counters, as of now. */
  counters(): DeduplicatorCounters {
    const { records, duplicates, expired, watermark } = this;
    return { records, duplicates, keys: this.seen.size, expired, watermark };
  }

  /** The whole state as plain JSON; duplicates not yet drained are not in it. */
  snapshot(): DeduplicatorSnapshot {
    const { records, duplicates, expired } = this;
    return {
      format: DEDUPLICATOR_SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      horizonMs: this.config.horizonMs,
      watermark: toJsonTimestamp(this.watermark),
      counters: { records, duplicates, expired },
      keys: this.snapshotKeys(),
    };
  }

  /** `[key, timestamp]` in first-seen order: the times come from the heap. */
  private snapshotKeys(): [DedupKey, number][] {
    const expiries = this.heap.entries();
    const horizonMs = this.config.horizonMs;
    const keys: [DedupKey, number][] = [];
    for (const key of this.seen) keys.push([key, expiries.get(key)! - horizonMs]);
    return keys;
  }

  /**
   * Replaces the whole state with a snapshot's (which may have been through JSON). This operator's
   * `horizonMs` applies: keys past it at the snapshot's watermark are forgotten at once. Throws a
   * `SnapshotError`, changing nothing, if the snapshot is malformed. Pending duplicates are kept.
   */
  restore(snapshot: DeduplicatorSnapshot): void {
    const restored = restoreDeduplicator(snapshot);
    const seen = new Set<DedupKey>();
    const heap = new ExpiryHeap();
    let expired = restored.expired;
    const horizonMs = this.config.horizonMs;
    for (const [key, timestamp] of restored.keys) {
      const expiry = timestamp + horizonMs;
      if (expiry <= restored.watermark) {
        expired++;
        continue;
      }
      seen.add(key);
      heap.push(expiry, key);
    }
    this.seen = seen;
    this.heap = heap;
    this.watermark = restored.watermark;
    this.records = restored.records;
    this.duplicates = restored.duplicates;
    this.expired = expired;
  }

  private advance(timestamp: number, input: string | undefined): void {
    if (!isWatermarkTimestamp(timestamp)) {
      throw new InvalidTimestampError('watermark', timestamp, input);
    }
    if (timestamp <= this.watermark) return;
    this.watermark = timestamp;
    if (timestamp === Infinity) {
      // The end of the stream forgets every key: at once, not one heap pop (O(log n)) each.
      this.expired += this.seen.size;
      this.seen = new Set();
      this.heap = new ExpiryHeap();
      return;
    }
    const heap = this.heap;
    while (heap.size > 0 && heap.peekTime() <= timestamp) {
      this.seen.delete(heap.pop());
      this.expired++;
    }
  }
}
