import type { StreamRecord } from '../../events/stream-event.js';
import type { AggregateFunction } from '../aggregate-function.js';
import type { TimeWindow } from '../time-window.js';
import type { WindowOutput } from '../window-result.js';
import { emitLate, type OperatorState, type WindowStore } from './operator-state.js';

/** All keys' accumulators of one window. @internal */
export interface Bucket<K, ACC> {
  readonly window: TimeWindow;
  /** Whether the on-time firing happened; always `window.end - 1 <= watermark`. */
  fired: boolean;
  /** Position of each key's accumulator: one hash lookup per record, not a get and a set. */
  readonly index: Map<K, number>;
  /** Keys in first-seen order, which is the order their results come out in. */
  readonly keys: K[];
  /** `accumulators[i]` belongs to `keys[i]`. */
  readonly accumulators: ACC[];
}

/**
 * State of the epoch-aligned assigners (tumbling, sliding). Windows are shared by all keys, so a
 * window is one bucket of per-key accumulators and the firing order is the bucket order.
 * @internal
 */
export class AlignedWindowStore<T, K, ACC, R> implements WindowStore<T, K, R> {
  /** Buckets by window start. */
  readonly buckets = new Map<number, Bucket<K, ACC>>();
  /** The same buckets sorted by end; fired-but-not-purged ones form a prefix. */
  readonly byEnd: Bucket<K, ACC>[] = [];
  /** Last bucket a record went to: consecutive records mostly share a window. */
  private recent: Bucket<K, ACC> | undefined;

  constructor(
    private readonly size: number,
    private readonly slide: number,
    private readonly offset: number,
    private readonly allowedLateness: number,
    private readonly aggregate: AggregateFunction<T, ACC, R, K>,
    private readonly state: OperatorState,
  ) {}

  add(record: StreamRecord<T>, key: K, out: WindowOutput<T, K, R>): void {
    const timestamp = record.timestamp;
    if (this.slide === this.size) {
      let bucket = this.recent;
      if (
        bucket === undefined ||
        timestamp < bucket.window.start ||
        timestamp >= bucket.window.end
      ) {
        const start = timestamp - mod(timestamp - this.offset, this.size);
        bucket = this.buckets.get(start) ?? this.open(start);
        if (bucket === undefined) return emitLate(this.state, record, key, out);
        this.recent = bucket;
      }
      this.addTo(bucket, key, record.value, out);
      return;
    }
    const size = this.size;
    const slide = this.slide;
    const lastStart = timestamp - mod(timestamp - this.offset, slide);
    let start = lastStart;
    while (start - slide > timestamp - size) start -= slide;
    let added = false;
    for (; start <= lastStart; start += slide) {
      const bucket = this.buckets.get(start) ?? this.open(start);
      if (bucket === undefined) continue;
      this.addTo(bucket, key, record.value, out);
      added = true;
    }
    if (!added) emitLate(this.state, record, key, out);
  }

  advance(out: WindowOutput<T, K, R>): void {
    const watermark = this.state.watermark;
    const byEnd = this.byEnd;
    let i = 0;
    for (; i < byEnd.length; i++) {
      const bucket = byEnd[i];
      if (bucket.window.end - 1 > watermark) break;
      if (!bucket.fired) this.fire(bucket, out);
    }
    let purge = 0;
    while (purge < i && byEnd[purge].window.end - 1 + this.allowedLateness <= watermark) {
      const bucket = byEnd[purge++];
      this.state.windowsOpen -= bucket.keys.length;
      this.buckets.delete(bucket.window.start);
      if (this.recent === bucket) this.recent = undefined;
    }
    if (purge > 0) byEnd.splice(0, purge);
  }

  /** Re-creates a bucket from a snapshot, in snapshot order; the keys must be distinct. */
  restoreBucket(window: TimeWindow, keys: K[], accumulators: ACC[]): void {
    const bucket: Bucket<K, ACC> = {
      window,
      fired: window.end - 1 <= this.state.watermark,
      index: new Map(keys.map((key, i) => [key, i])),
      keys,
      accumulators,
    };
    this.buckets.set(window.start, bucket);
    this.insertByEnd(bucket);
    this.state.windowsOpen += keys.length;
  }

  /** A new bucket for `start`, or `undefined` when that window is already past its lateness. */
  private open(start: number): Bucket<K, ACC> | undefined {
    const end = start + this.size;
    const watermark = this.state.watermark;
    if (end - 1 + this.allowedLateness <= watermark) return undefined;
    const bucket: Bucket<K, ACC> = {
      window: { start, end },
      fired: end - 1 <= watermark,
      index: new Map(),
      keys: [],
      accumulators: [],
    };
    this.buckets.set(start, bucket);
    this.insertByEnd(bucket);
    return bucket;
  }

  private insertByEnd(bucket: Bucket<K, ACC>): void {
    const byEnd = this.byEnd;
    let i = byEnd.length;
    while (i > 0 && byEnd[i - 1].window.end > bucket.window.end) i--;
    byEnd.splice(i, 0, bucket);
  }

  private addTo(bucket: Bucket<K, ACC>, key: K, value: T, out: WindowOutput<T, K, R>): void {
    const aggregate = this.aggregate;
    const accumulators = bucket.accumulators;
    let i = bucket.index.get(key);
    if (i === undefined) {
      i = accumulators.length;
      bucket.index.set(key, i);
      bucket.keys.push(key);
      accumulators.push(aggregate.createAccumulator());
      this.state.windowsOpen++;
    }
    const accumulator = (accumulators[i] = aggregate.add(value, accumulators[i]));
    if (bucket.fired) {
      this.state.lateUpdates++;
      const window = bucket.window;
      out.result({
        key,
        window,
        value: aggregate.getResult(accumulator, key, window),
        isUpdate: true,
      });
    }
  }

  private fire(bucket: Bucket<K, ACC>, out: WindowOutput<T, K, R>): void {
    bucket.fired = true;
    const { window, keys, accumulators } = bucket;
    const aggregate = this.aggregate;
    this.state.windowsFired += keys.length;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      out.result({
        key,
        window,
        value: aggregate.getResult(accumulators[i], key, window),
        isUpdate: false,
      });
    }
  }
}

/** `a mod n` in `[0, n)`, also for negative `a` (timestamps before 1970). @internal */
export function mod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}
