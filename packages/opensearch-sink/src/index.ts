export { BulkWriter } from './bulk-writer.js';
export type { BulkWriterOptions, RetryOptions } from './bulk-writer-options.js';
export { toOpenSearch } from './to-opensearch.js';
export { PartialMergeWriter } from './partial-merge-writer.js';
export type { PartialMergeWriterOptions } from './partial-merge-writer.js';
export { mergePartials } from './merge-partials.js';
export type { StoredPart } from './merge-partials.js';
export type {
  PartialDocument,
  PartialMergeResult,
  PartialMergeSpec,
} from './partial-merge-types.js';
export type { ToOpenSearchOptions } from './to-opensearch.js';
export { createOpenSearchClient } from './create-opensearch-client.js';
export type { OpenSearchClientOptions } from './create-opensearch-client.js';
export { createSigV4Signer } from './create-sigv4-signer.js';
export type { SigV4Options, SigV4Signer } from './create-sigv4-signer.js';
export { signRequest } from '@tripstream/support/sigv4';
export type { SignableRequest, SignRequestOptions } from '@tripstream/support/sigv4';
export { ensureIndexTemplates } from './ensure-index-templates.js';
export type { EnsureIndexTemplatesOptions } from './ensure-index-templates.js';
export {
  AccessDeniedError,
  BulkItemError,
  CredentialsError,
  DeadLetterError,
  InvalidOptionError,
  MappingConflictError,
  OpenSearchRequestError,
  OpenSearchUnavailableError,
  WriterClosedError,
} from './errors.js';
export type { MappingConflict } from './errors.js';
export {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_FLUSH_INTERVAL_MS,
  DEFAULT_MAX_ACTIONS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './constants.js';
export type {
  AwsCredentials,
  AwsCredentialsProvider,
  BulkAck,
  BulkWriterMetrics,
  DeadLetter,
  IndexMappings,
  IndexRequest,
  IndexTemplate,
  MappingProperty,
  SigV4Service,
} from './types.js';
