export { recordStream } from './record-stream.js';
export type { RecordStreamOptions } from './record-stream-options.js';
export { saveRecording } from './save-recording.js';
export { loadRecording } from './load-recording.js';
export {
  summarizeRecording,
  type RecordingSummary,
  type ShardSummary,
} from './summarize-recording.js';
export type { Recording, RecordedShard, RecordedRecord } from './types.js';
export {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  DEFAULT_GET_RECORDS_LIMIT,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_EMPTY_POLL_DELAY_MS,
} from './constants.js';
export { RecordStreamError } from './errors/record-stream-error.js';
// recordStream's options fail with the Kinesis source's class: one class for one kind of mistake.
export { InvalidOptionError } from '@tripstream/kinesis-source';
export { RecordingFormatError } from './errors/recording-format-error.js';
export { main, buildProgram, type CliIo } from './cli.js';
