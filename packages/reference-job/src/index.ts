// The reference taxi analytics job: the streaming form on rx-event-time, the documents it writes,
// their OpenSearch mappings, and the batch computation a streaming run must reproduce. The trip
// wire format, geo helpers and the NYC filter it builds on are `@tripstream/trip-schema`.

// Streaming job
export {
  ReferenceJob,
  type ReferenceJobConfig,
  type ReferenceJobSnapshot,
  type VersionedRecord,
} from './reference-job.js';
export {
  DEFAULT_WINDOW_MS,
  resolveReferenceJobOptions,
  type ReferenceJobOptions,
  type ResolvedReferenceJobOptions,
} from './reference-job-options.js';

// The job as a pipe: raw records in, documents out, checkpointed by barriers
export {
  createReferencePipeline,
  type ReferencePipeline,
  type ReferencePipelineOptions,
  type ReferencePipelineOutput,
  type ReferencePipelineSnapshots,
  type ReferencePipelineStats,
} from './reference-pipeline.js';
export {
  TripDecoder,
  type TripDecoderCounters,
  type TripDecoderOptions,
  type TripDecoderSnapshot,
} from './trip-decoder.js';
export { decodeTrips } from './decode-trips.js';
export { runReferenceJob, type RunReferenceJobOptions } from './run-reference-job.js';
export type { RawBatch, TripInput } from './trip-input.js';
export type { DeadLetterEntry, RawRecord, TimestampAttribute } from './dead-letter-entry.js';
export {
  DEFAULT_MAX_EVENT_TIME_AHEAD_MS,
  DEFAULT_MIN_EVENT_TIME_MS,
  eventTimeRangeCheck,
  type EventTimeRange,
} from './event-time-range.js';

// Documents and their indices
export {
  type TaxiIndex,
  type PickupCountDoc,
  type TripDurationDoc,
  type OutputRecord,
  type PickupCountRecord,
  type TripDurationRecord,
} from './types.js';
export { isTripDurationRecord } from './is-trip-duration-record.js';
export { documentId } from './document-id.js';
export { pickupCountDoc } from './pickup-count-doc.js';
export { tripDurationDoc } from './trip-duration-doc.js';
export { tumblingWindowStart } from './tumbling-window-start.js';
export {
  TAXI_INDEX_MAPPINGS,
  type FieldMapping,
  type IndexMapping,
} from './taxi-index-mappings.js';

// Batch computation
export { batchReferenceJob, type BatchReferenceJobResult } from './batch-reference-job.js';
