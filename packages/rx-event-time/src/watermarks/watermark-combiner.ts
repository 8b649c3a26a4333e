import {
  DEFAULT_INPUT,
  SNAPSHOT_VERSION,
  WATERMARK_COMBINER_SNAPSHOT_FORMAT,
} from '../constants.js';
import { InputEndedError } from '../errors/input-ended-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
import type { StreamEvent, Watermark, WatermarkedEvent } from '../events/stream-event.js';
import { toJsonTimestamp } from '../_internals/json-timestamp.js';
import { isRecordTimestamp, isWatermarkTimestamp } from '../_internals/timestamps.js';
import { timestampOption } from '../_internals/validate.js';
import { restoreInputs } from './_internals/restore-inputs.js';
import type { InputState } from './_internals/input-state.js';
import type { Clock, WatermarkCombinerOptions } from './watermark-combiner-options.js';
import type { InputWatermark, WatermarkCombinerSnapshot } from './watermark-combiner-snapshot.js';
import { WatermarkStrategy } from './watermark-strategy.js';

/**
 * Combines the watermarks of several inputs (Kinesis shards, files) into one, like Flink's
 * `StatusWatermarkValve`: the output is the minimum over active inputs; an input silent for the
 * strategy's idleness timeout, or marked `idle`, is left out until it sends something again; when
 * every remaining input is idle the output advances to the highest of their watermarks (Flink's
 * flush); when every input has ended it is `finalWatermark`. The output never decreases. Unlike
 * Flink, an input that comes back from idleness behind the output holds further progress back at
 * once rather than after catching up, so its next records are less likely to be late.
 *
 * Synchronous: `processBatch` returns the batch's records (the same objects, in order) with the
 * combined watermarks inserted where they advanced; input watermarks and status events are
 * consumed. Snapshot it between two calls.
 */
export class WatermarkCombiner<T = unknown> {
  private readonly strategy: WatermarkStrategy<T>;
  private readonly clock: Clock;
  private readonly finalWatermark: number;
  /** The constructor's `inputs`: they hold the output back even if a restored snapshot lacks them. */
  private readonly declared: readonly string[];
  private inputs = new Map<string, InputState>();
  private output = -Infinity;
  private ended = false;

  constructor(options: WatermarkCombinerOptions<T> = {}) {
    this.strategy = WatermarkStrategy.resolve(options.watermarkStrategy);
    this.finalWatermark = timestampOption('finalWatermark', options.finalWatermark, Infinity);
    const clock = options.clock ?? Date;
    if (typeof clock?.now !== 'function') {
      throw new InvalidOptionError('clock', clock, 'an object with now() (e.g. a scheduler)');
    }
    this.clock = clock;
    const inputs = options.inputs ?? [];
    if (!Array.isArray(inputs) || inputs.some((input) => typeof input !== 'string')) {
      throw new InvalidOptionError('inputs', inputs, 'an array of input names (strings)');
    }
    this.declared = [...inputs];
    const now = clock.now();
    for (const input of inputs) this.inputFor(input, now, 'declaration');
  }

  /** The combined watermark emitted last, ms (-Infinity before the first). */
  get currentWatermark(): number {
    return this.output;
  }

  /** Declares an input (e.g. a shard found after resharding) before it sends anything. */
  addInput(input: string): void {
    this.inputFor(input, this.clock.now(), 'declaration');
  }

  /**
   * Processes a batch in order. Returns its records with the combined watermarks inserted where the
   * output advanced — the batch itself when it holds only records and nothing advanced.
   */
  processBatch(events: readonly StreamEvent<T>[]): readonly WatermarkedEvent<T>[] {
    const now = this.clock.now();
    let out: WatermarkedEvent<T>[] | undefined;
    const timedOut = this.markIdle(now);
    if (timedOut !== undefined) out = [timedOut];
    const bounded = this.strategy.maxOutOfOrderness !== undefined;
    let current: InputState | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const id = event.input ?? DEFAULT_INPUT;
      if (current === undefined || current.id !== id) current = this.inputFor(id, now, event.kind);
      if (event.kind === 'record') {
        if (!isRecordTimestamp(event.timestamp)) {
          throw new InvalidTimestampError('record', event.timestamp, id);
        }
        if (current.status !== 'active') this.activate(current, 'record');
        current.lastActivity = now;
        current.records++;
        if (bounded && event.timestamp > current.maxTimestamp) {
          current.maxTimestamp = event.timestamp;
        }
        if (out !== undefined) out.push(event);
        continue;
      }
      if (out === undefined) out = events.slice(0, i) as WatermarkedEvent<T>[];
      this.apply(event, current, now);
      this.advance(out);
    }
    if (bounded && this.generate()) {
      if (out === undefined) out = events.slice() as WatermarkedEvent<T>[];
      this.advance(out);
    }
    return out ?? (events as readonly WatermarkedEvent<T>[]);
  }

  /** `processBatch([event])`. */
  processEvent(event: StreamEvent<T>): readonly WatermarkedEvent<T>[] {
    return this.processBatch([event]);
  }

  /**
   * Marks inputs silent for the idleness timeout as idle; returns the new combined watermark if
   * that advanced it. Call it when {@link nextIdleDeadline} has passed (`combineWatermarks` does).
   */
  checkIdleness(): Watermark | undefined {
    return this.markIdle(this.clock.now());
  }

  /** When (clock time, ms) the next active input becomes idle if it stays silent; Infinity if never. */
  nextIdleDeadline(): number {
    const timeout = this.strategy.idleTimeout;
    if (timeout === undefined) return Infinity;
    let deadline = Infinity;
    for (const input of this.inputs.values()) {
      if (input.status === 'active') deadline = Math.min(deadline, input.lastActivity + timeout);
    }
    return deadline;
  }

  /** Ends every input: returns the final watermark if it advances the output. */
  end(): Watermark | undefined {
    this.ended = true;
    for (const input of this.inputs.values()) input.status = 'ended';
    const out: WatermarkedEvent<T>[] = [];
    this.advance(out);
    return out[0] as Watermark | undefined;
  }

  /** Each input's watermark, status and counters, in the order they became known. */
  inputWatermarks(): InputWatermark[] {
    const now = this.clock.now();
    return [...this.inputs.values()].map((input) => ({
      input: input.id,
      watermark: input.watermark,
      status: input.status,
      records: input.records,
      silentFor: now - input.lastActivity,
    }));
  }

  /** The whole state as plain JSON. */
  snapshot(): WatermarkCombinerSnapshot {
    const now = this.clock.now();
    return {
      format: WATERMARK_COMBINER_SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      watermark: toJsonTimestamp(this.output),
      ended: this.ended,
      inputs: [...this.inputs.values()].map((input) => ({
        input: input.id,
        watermark: toJsonTimestamp(input.watermark),
        maxTimestamp: toJsonTimestamp(input.maxTimestamp),
        status: input.status,
        records: input.records,
        silentFor: now - input.lastActivity,
      })),
    };
  }

  /**
   * Replaces the whole state with a snapshot's; throws a `SnapshotError` (changing nothing) if it
   * is malformed. Inputs declared in the constructor that the snapshot lacks (e.g. a shard added
   * since) are kept, active at -Infinity: they hold the output back until they speak (or go idle),
   * as they would have in a fresh combiner.
   */
  restore(snapshot: WatermarkCombinerSnapshot): void {
    const now = this.clock.now();
    const restored = restoreInputs(snapshot, now);
    for (const id of this.declared) {
      if (restored.inputs.has(id)) continue;
      restored.inputs.set(id, {
        id,
        watermark: -Infinity,
        maxTimestamp: -Infinity,
        status: restored.ended ? 'ended' : 'active',
        records: 0,
        lastActivity: now,
      });
    }
    this.inputs = restored.inputs;
    this.output = restored.watermark;
    this.ended = restored.ended;
  }

  private inputFor(id: string, now: number, kind: string): InputState {
    let input = this.inputs.get(id);
    if (input === undefined) {
      if (this.ended) throw new InputEndedError(id, kind);
      input = {
        id,
        watermark: -Infinity,
        maxTimestamp: -Infinity,
        status: 'active',
        records: 0,
        lastActivity: now,
      };
      this.inputs.set(id, input);
    }
    return input;
  }

  private activate(input: InputState, kind: string): void {
    if (input.status === 'ended') throw new InputEndedError(input.id, kind);
    input.status = 'active';
  }

  private apply(event: StreamEvent<T>, input: InputState, now: number): void {
    switch (event.kind) {
      case 'watermark': {
        const timestamp = event.timestamp;
        if (!isWatermarkTimestamp(timestamp)) {
          throw new InvalidTimestampError('watermark', timestamp, input.id);
        }
        this.activate(input, 'watermark');
        input.lastActivity = now;
        if (timestamp > input.watermark) input.watermark = timestamp;
        break;
      }
      case 'active':
        this.activate(input, 'active');
        input.lastActivity = now;
        break;
      case 'idle':
        if (input.status === 'active') input.status = 'idle';
        break;
      case 'end':
        input.status = 'ended';
        break;
    }
  }

  /** Raises each input's generated watermark; true if one rose. */
  private generate(): boolean {
    const lag = this.strategy.maxOutOfOrderness! + 1;
    let rose = false;
    for (const input of this.inputs.values()) {
      const generated = input.maxTimestamp - lag;
      if (generated > input.watermark) {
        input.watermark = generated;
        rose = true;
      }
    }
    return rose;
  }

  private markIdle(now: number): Watermark | undefined {
    const timeout = this.strategy.idleTimeout;
    if (timeout === undefined) return undefined;
    let changed = false;
    for (const input of this.inputs.values()) {
      if (input.status === 'active' && now - input.lastActivity >= timeout) {
        input.status = 'idle';
        changed = true;
      }
    }
    if (!changed) return undefined;
    const out: WatermarkedEvent<T>[] = [];
    this.advance(out);
    return out[0] as Watermark | undefined;
  }

  /** Appends the combined watermark to `out` if it advanced. */
  private advance(out: WatermarkedEvent<T>[]): void {
    const combined = this.combined();
    if (combined > this.output) {
      this.output = combined;
      out.push({ kind: 'watermark', timestamp: combined });
    }
  }

  private combined(): number {
    if (this.ended) return this.finalWatermark;
    let anyActive = false;
    let minActive = Infinity;
    let anyIdle = false;
    let maxIdle = -Infinity;
    for (const input of this.inputs.values()) {
      if (input.status === 'active') {
        anyActive = true;
        if (input.watermark < minActive) minActive = input.watermark;
      } else if (input.status === 'idle') {
        anyIdle = true;
        if (input.watermark > maxIdle) maxIdle = input.watermark;
      }
    }
    if (anyActive) return minActive;
    if (anyIdle) return maxIdle;
    return this.inputs.size > 0 ? this.finalWatermark : -Infinity;
  }
}
