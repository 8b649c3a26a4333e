// Stream events
export type {
  StreamRecord,
  Watermark,
  WatermarkStatus,
  EndOfInput,
  StreamEvent,
  WatermarkedEvent,
} from './events/stream-event.js';
export type { JsonValue, JsonTimestamp } from './events/json-value.js';
export {
  DEFAULT_INPUT,
  SNAPSHOT_VERSION,
  WATERMARK_COMBINER_SNAPSHOT_FORMAT,
  WINDOW_OPERATOR_SNAPSHOT_FORMAT,
} from './constants.js';

// Watermarks
export { WatermarkStrategy } from './watermarks/watermark-strategy.js';
export { WatermarkCombiner } from './watermarks/watermark-combiner.js';
export type { Clock, WatermarkCombinerOptions } from './watermarks/watermark-combiner-options.js';
export type {
  InputStatus,
  InputWatermark,
  InputSnapshot,
  WatermarkCombinerSnapshot,
} from './watermarks/watermark-combiner-snapshot.js';

// Windows
export { maxTimestamp, type TimeWindow } from './windows/time-window.js';
export type {
  WindowAssigner,
  TumblingWindowAssigner,
  SlidingWindowAssigner,
  SessionWindowAssigner,
} from './windows/window-assigner.js';
export {
  tumblingEventTimeWindows,
  type TumblingWindowOptions,
} from './windows/tumbling-event-time-windows.js';
export {
  slidingEventTimeWindows,
  type SlidingWindowOptions,
} from './windows/sliding-event-time-windows.js';
export {
  eventTimeSessionWindows,
  type SessionWindowOptions,
} from './windows/event-time-session-windows.js';
export type { AggregateFunction } from './windows/aggregate-function.js';
export { countAggregate } from './windows/count-aggregate.js';
export { processWindowFunction } from './windows/process-window-function.js';
export type {
  WindowResult,
  LateRecord,
  LateReason,
  WindowOutput,
} from './windows/window-result.js';
export { WindowOperator } from './windows/window-operator.js';
export type { WindowKey, WindowOperatorOptions } from './windows/window-operator-options.js';
export type {
  WindowOperatorCounters,
  WindowOperatorSnapshot,
  AlignedWindowSnapshot,
  SessionSnapshot,
} from './windows/window-operator-snapshot.js';

// RxJS operators
export {
  assignTimestampsAndWatermarks,
  type AssignTimestampsOptions,
} from './operators/assign-timestamps-and-watermarks.js';
export {
  combineWatermarks,
  type CombineWatermarksOptions,
} from './operators/combine-watermarks.js';
export {
  runWatermarkCombiner,
  type RunWatermarkCombinerOptions,
} from './operators/run-watermark-combiner.js';
export { windowAggregate, type WindowAggregateOptions } from './operators/window-aggregate.js';
export { windowProcess } from './operators/window-process.js';
export {
  runWindowOperator,
  type RunWindowOperatorOptions,
} from './operators/run-window-operator.js';

// Errors
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { InvalidTimestampError } from './errors/invalid-timestamp-error.js';
export { SnapshotError } from './errors/snapshot-error.js';
export { InputEndedError } from './errors/input-ended-error.js';
export { OperatorInUseError } from './errors/operator-in-use-error.js';
export { parseDuration } from './parse-duration.js';

// Deduplication
export { DEDUPLICATOR_SNAPSHOT_FORMAT } from './constants.js';
export { Deduplicator } from './dedup/deduplicator.js';
export type { DedupKey, DeduplicatorOptions } from './dedup/deduplicator-options.js';
export type { DeduplicatorCounters, DeduplicatorSnapshot } from './dedup/deduplicator-snapshot.js';
export { deduplicate, type DeduplicateOptions } from './operators/deduplicate.js';
export { runDeduplicator, type RunDeduplicatorOptions } from './operators/run-deduplicator.js';
export type { SideOutput } from './operators/side-output.js';
export { InvalidKeyError } from './errors/invalid-key-error.js';

// Over windows, Top-N and sliding medians
export { OVER_WINDOW_SNAPSHOT_FORMAT, TOP_N_SNAPSHOT_FORMAT } from './snapshot-formats.js';
export type { RetractableAggregateFunction } from './over-windows/retractable-aggregate-function.js';
export type { OverWindowOptions } from './over-windows/over-window-options.js';
export type {
  OverWindowChange,
  OverWindowCounters,
  OverWindowLateRecord,
  OverWindowOutput,
} from './over-windows/over-window-change.js';
export type { OverWindowSnapshot } from './over-windows/over-window-snapshot.js';
export { OverWindowOperator } from './over-windows/over-window-operator.js';
export {
  overWindowAggregate,
  type OverWindowAggregateOptions,
} from './operators/over-window-aggregate.js';
export {
  runOverWindowOperator,
  type RunOverWindowOperatorOptions,
} from './operators/run-over-window-operator.js';
export { SlidingMedian } from './median/sliding-median.js';
export { medianAggregate } from './median/median-aggregate.js';
export { slidingMedian, type SlidingMedianOptions } from './operators/sliding-median.js';
export { TopN } from './top-n/top-n.js';
export type { TopNOptions, TopNEntry } from './top-n/top-n-options.js';
export type { TopNSnapshot } from './top-n/top-n-snapshot.js';
export { topN, type TopNUpdate } from './operators/top-n.js';

// Checkpoints: barriers through a pipe, and a driver with backpressure
export {
  checkpointBarrier,
  isCheckpointBarrier,
  type CheckpointBarrier,
} from './checkpoints/checkpoint-barrier.js';
export { snapshotAtBarriers, type Snapshottable } from './checkpoints/snapshot-at-barriers.js';
export { pump, type PumpOptions, type PumpResult } from './checkpoints/pump.js';
