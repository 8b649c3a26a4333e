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
