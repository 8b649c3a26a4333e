export { main, buildProgram, type CliIo } from './cli.js';
export { runReplay, ReplayError, explain } from './replay.js';
export type {
  ReplayConfig,
  ReplayDeps,
  ReplayProgress,
  ReplaySummary,
  BadLine,
  PartitionKeyMode,
} from './replay.js';
export { openInput, decompress, type InputPart } from './input.js';
export { Pacer, adaptTrip, type AdaptTime, type TimestampAttribute } from './time-adapter.js';
