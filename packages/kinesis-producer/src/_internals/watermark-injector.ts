import { MAX_RECORD_BYTES } from '../constants.js';
import { CallbackError } from '../errors/callback-error.js';
import type { OutOfOrderRecord, ProducerRecord } from '../types.js';
import type { RecordEntry, ShardState, WatermarkEntry } from './entries.js';
import type { ResolvedOptions } from './resolve-options.js';
import { WatermarkTracker } from './watermark-tracker.js';

/**
 * @internal What the producer needs to write watermarks into every shard: the tracker of the
 * watermark rule, when a round is due, the watermark records themselves, and which shards have
 * acknowledged the final one. Inert (every method a no-op) when watermarks are off.
 */
export class WatermarkInjector<R extends ProducerRecord> {
  /** Set by `close()`: only the final watermarks go out from now on. */
  finalPhase = false;
  /** Shards that acknowledged the end-of-stream watermark. */
  readonly finalAcked = new Set<string>();
  private readonly tracker: WatermarkTracker | undefined;
  private sinceRound = 0;

  constructor(private readonly options: ResolvedOptions<R>['watermark']) {
    this.tracker =
      options === undefined ? undefined : new WatermarkTracker(options.maxOutOfOrdernessMs);
  }

  get enabled(): boolean {
    return this.tracker !== undefined;
  }

  /** The latest watermark computed (ms), if any. */
  get currentMs(): number | undefined {
    return this.tracker?.currentMs;
  }

  advance(eventTimeMs: number): void {
    this.tracker?.advance(eventTimeMs);
  }

  /** A record entered the producer: what it broke, if it came later than the declared bound. */
  observe(entry: RecordEntry<R>): OutOfOrderRecord<R> | undefined {
    const tracker = this.tracker;
    if (tracker === undefined) return undefined;
    const watermarkMs = tracker.currentMs;
    const bound = tracker.observe(entry.eventTime);
    if (bound === undefined) return undefined;
    return {
      record: entry.record,
      eventTimeMs: entry.eventTime,
      boundMs: bound,
      watermarkMs,
      late: watermarkMs !== undefined && entry.eventTime <= watermarkMs,
    };
  }

  /** A record was accepted; returns whether that makes a round due (`watermark.everyRecords`). */
  accepted(): boolean {
    const every = this.options?.everyRecords;
    if (every === undefined || ++this.sinceRound < every) return false;
    this.sinceRound = 0;
    return true;
  }

  /** The watermark given the oldest unacknowledged event time; `undefined` before any. */
  next(minUnsettledEventTimeMs: number): number | undefined {
    return this.tracker?.update(minUnsettledEventTimeMs);
  }

  /**
   * Makes `watermarkMs` the next watermark of every open shard in `shards` (replacing one not yet
   * sent). Returns the `watermark.encode` failure, if any, for the producer to fail with.
   */
  offer(shards: readonly ShardState[], watermarkMs: number, final: boolean): Error | undefined {
    if (this.tracker === undefined) return undefined;
    let failure: Error | undefined;
    for (const s of shards) {
      if (s.retired) continue;
      try {
        s.pendingWatermark = this.entryFor(s, watermarkMs, final);
      } catch (error) {
        failure ??= error as Error;
      }
    }
    return failure;
  }

  /**
   * The watermark record for shard `s`, addressed to its starting hash key so it lands there.
   * @throws CallbackError when `watermark.encode` throws or returns something unusable.
   */
  private entryFor(s: ShardState, watermarkMs: number, final: boolean): WatermarkEntry {
    const wm = this.options as NonNullable<ResolvedOptions<R>['watermark']>;
    let data: Uint8Array;
    try {
      const encoded = wm.encode(watermarkMs, { shardId: s.range.shardId, final });
      data = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
      if (!(data instanceof Uint8Array)) throw new TypeError('expected a Uint8Array or a string');
      if (data.byteLength + wm.partitionKey.length > MAX_RECORD_BYTES) {
        throw new RangeError(`a watermark record of ${data.byteLength} bytes is over 1 MiB`);
      }
    } catch (error) {
      throw new CallbackError('watermark.encode', error);
    }
    return {
      kind: 'watermark',
      shard: s,
      watermarkMs,
      final,
      size: data.byteLength + Buffer.byteLength(wm.partitionKey, 'utf8'),
      attempts: 0,
      request: {
        Data: data,
        PartitionKey: wm.partitionKey,
        ExplicitHashKey: s.startingHashKey,
      },
    };
  }
}
