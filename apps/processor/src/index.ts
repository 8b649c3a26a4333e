export { main, buildProgram, parseStartPosition, type CliIo } from './cli.js';
export {
  runProcessor,
  type ProcessorConfig,
  type ProcessorDeps,
  type ProcessorSummary,
} from './run-processor.js';
export {
  Pipeline,
  type PipelineOptions,
  type PipelineSnapshot,
  type DeadLetterEntry,
  type RawRecord,
} from './pipeline.js';
export {
  ReferenceJob,
  type ReferenceJobConfig,
  type VersionedRecord,
} from '@tripstream/reference-job';
export {
  NdjsonSink,
  OpenSearchSink,
  TeeSink,
  taxiIndexTemplates,
  type DocumentSink,
} from './sinks.js';
export { CheckpointStore } from './checkpoint-store.js';
