import { SNAPSHOT_VERSION, WINDOW_OPERATOR_SNAPSHOT_FORMAT } from '../constants.js';
import { InvalidTimestampError } from '../errors/invalid-timestamp-error.js';
import type { StreamEvent, StreamRecord } from '../events/stream-event.js';
import { toJsonTimestamp } from '../_internals/json-timestamp.js';
import { isRecordTimestamp, isWatermarkTimestamp } from '../_internals/timestamps.js';
import { AlignedWindowStore } from './_internals/aligned-window-store.js';
import {
  accumulatorToJson,
  initialOperatorState,
  type OperatorState,
} from './_internals/operator-state.js';
import { restoreWindowOperator } from './_internals/restore-window-operator.js';
import { SessionWindowStore } from './_internals/session-window-store.js';
import {
  resolveWindowOperatorOptions,
  type ResolvedWindowOperatorOptions,
  type WindowKey,
  type WindowOperatorOptions,
} from './window-operator-options.js';
import type {
  AlignedWindowSnapshot,
  SessionSnapshot,
  WindowOperatorCounters,
  WindowOperatorSnapshot,
} from './window-operator-snapshot.js';
import type { WindowOutput } from './window-result.js';

/**
 * Keyed event-time windows with incremental aggregation, allowed lateness and a late output — the
 * synchronous core the `windowAggregate` operator wraps. Drive it directly when you need to
 * snapshot it between two batches: every method runs to completion and sends what it produces to
 * the `output` it is given, so after a call returns the state is consistent.
 *
 * Results come out in watermark order: a watermark fires windows by ascending end, and within a
 * window by key first-seen order (sessions: by creation order). A late record within the allowed
 * lateness re-fires its window at once (`isUpdate: true`).
 *
 * If a callback (key selector, aggregate) throws, the exception propagates and the operator may
 * have applied part of the call: restore the last snapshot before going on. Output callbacks must
 * not call back into the operator.
 */
export class WindowOperator<T, K extends WindowKey, ACC, R> {
  /** @internal */
  readonly config: ResolvedWindowOperatorOptions<T, K, ACC, R>;
  private state: OperatorState = initialOperatorState();
  private aligned: AlignedWindowStore<T, K, ACC, R> | undefined;
  private sessions: SessionWindowStore<T, K, ACC, R> | undefined;

  constructor(options: WindowOperatorOptions<T, K, ACC, R>) {
    this.config = resolveWindowOperatorOptions(options);
    this.reset();
  }

  /** The operator's watermark, ms: -Infinity before the first, Infinity after the end. */
  get currentWatermark(): number {
    return this.state.watermark;
  }

  /** Processes one record (Flink's `processElement`). */
  processElement(record: StreamRecord<T>, output: WindowOutput<T, K, R>): void {
    const timestamp = record.timestamp;
    if (!isRecordTimestamp(timestamp)) {
      throw new InvalidTimestampError('record', timestamp, record.input);
    }
    this.state.elementsIn++;
    const key = this.config.keySelector(record.value);
    (this.aligned ?? this.sessions!).add(record, key, output);
  }

  /**
   * Advances the watermark to `timestamp` (a lower or equal one is ignored: watermarks never go
   * back) and fires, then purges, what it has passed. `Infinity` fires everything.
   */
  processWatermark(timestamp: number, output: WindowOutput<T, K, R>): void {
    if (!isWatermarkTimestamp(timestamp)) {
      throw new InvalidTimestampError('watermark', timestamp, undefined);
    }
    if (timestamp <= this.state.watermark) return;
    this.state.watermark = timestamp;
    (this.aligned ?? this.sessions!).advance(output);
  }

  /** Processes a record or watermark; status and end events are the combiner's and are ignored. */
  processEvent(event: StreamEvent<T>, output: WindowOutput<T, K, R>): void {
    if (event.kind === 'record') this.processElement(event, output);
    else if (event.kind === 'watermark') this.processWatermark(event.timestamp, output);
  }

  /** Processes a batch in order: the same as `processEvent` on each, with less overhead. */
  processBatch(events: readonly StreamEvent<T>[], output: WindowOutput<T, K, R>): void {
    const store = this.aligned ?? this.sessions!;
    const state = this.state;
    const keySelector = this.config.keySelector;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (event.kind === 'record') {
        const timestamp = event.timestamp;
        if (!isRecordTimestamp(timestamp)) {
          throw new InvalidTimestampError('record', timestamp, event.input);
        }
        state.elementsIn++;
        store.add(event, keySelector(event.value), output);
      } else if (event.kind === 'watermark') {
        this.processWatermark(event.timestamp, output);
      }
    }
  }

  /** The counters, as of now. */
  counters(): WindowOperatorCounters {
    const { elementsIn, lateUpdates, lateDropped, windowsOpen, windowsFired, watermark } =
      this.state;
    return { elementsIn, lateUpdates, lateDropped, windowsOpen, windowsFired, watermark };
  }

  /** The whole state as plain JSON; later changes to the operator do not affect it. */
  snapshot(): WindowOperatorSnapshot {
    const { aggregate, assigner, allowedLateness } = this.config;
    const windows: AlignedWindowSnapshot[] = [];
    const sessions: SessionSnapshot[] = [];
    if (this.aligned) {
      for (const { window, keys, accumulators } of this.aligned.byEnd) {
        windows.push({
          start: window.start,
          end: window.end,
          keys: keys.slice(),
          accumulators: accumulators.map((accumulator) =>
            accumulatorToJson(aggregate, accumulator),
          ),
        });
      }
    }
    if (this.sessions) {
      for (const list of this.sessions.sessions.values()) {
        for (const session of list) {
          sessions.push({
            key: session.key,
            start: session.window.start,
            end: session.window.end,
            sequence: session.sequence,
            supersedes: session.supersedes.map((w) => [w.start, w.end] as const),
            accumulator: accumulatorToJson(aggregate, session.accumulator),
          });
        }
      }
    }
    const { elementsIn, lateUpdates, lateDropped, windowsFired, watermark } = this.state;
    return {
      format: WINDOW_OPERATOR_SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      assigner,
      allowedLateness,
      watermark: toJsonTimestamp(watermark),
      counters: { elementsIn, lateUpdates, lateDropped, windowsFired },
      windows,
      sessions,
      nextSequence: this.sessions?.nextSequence ?? 0,
    };
  }

  /**
   * Replaces the whole state with a snapshot's (which may have been through JSON). This operator's
   * `allowedLateness` applies: windows the snapshot's watermark has already taken past `end - 1 +
   * allowedLateness` are dropped at once (as Flink does), so records for them are late. Throws a
   * `SnapshotError`, leaving the state as it was, if the snapshot is malformed or was taken with
   * another assigner.
   */
  restore(snapshot: WindowOperatorSnapshot): void {
    // Validate and build into fresh stores first, so a bad snapshot changes nothing.
    const state = initialOperatorState();
    const stores = this.createStores(state);
    restoreWindowOperator(snapshot, this.config, state, stores.aligned, stores.sessions);
    // Every restored window at or before the watermark is marked fired, so this only purges.
    (stores.aligned ?? stores.sessions!).advance(purgeOnly);
    this.state = state;
    this.aligned = stores.aligned;
    this.sessions = stores.sessions;
  }

  private reset(): void {
    const stores = this.createStores(this.state);
    this.aligned = stores.aligned;
    this.sessions = stores.sessions;
  }

  private createStores(state: OperatorState): {
    aligned: AlignedWindowStore<T, K, ACC, R> | undefined;
    sessions: SessionWindowStore<T, K, ACC, R> | undefined;
  } {
    const { assigner, aggregate, allowedLateness } = this.config;
    switch (assigner.kind) {
      case 'tumbling':
        return {
          aligned: new AlignedWindowStore(
            assigner.size,
            assigner.size,
            assigner.offset,
            allowedLateness,
            aggregate,
            state,
          ),
          sessions: undefined,
        };
      case 'sliding':
        return {
          aligned: new AlignedWindowStore(
            assigner.size,
            assigner.slide,
            assigner.offset,
            allowedLateness,
            aggregate,
            state,
          ),
          sessions: undefined,
        };
      case 'session':
        return {
          aligned: undefined,
          sessions: new SessionWindowStore(
            assigner.gap,
            assigner.mergeTouching,
            allowedLateness,
            aggregate,
            state,
          ),
        };
    }
  }
}

/** The output of a purge-only advance, which must emit nothing. */
const purgeOnly: WindowOutput<never, never, never> = {
  result: () => {
    throw new Error('WindowOperator.restore: a restored window fired; this is a bug');
  },
  late: () => {
    throw new Error('WindowOperator.restore: a restored record was late; this is a bug');
  },
};
