/** Flush when the buffer holds this many index actions. Unit: actions. */
export const DEFAULT_MAX_ACTIONS = 1_000;

/** Flush when the buffer's NDJSON body reaches this size. Unit: bytes (5 MiB). */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Flush a partial buffer when its oldest action has waited this long. Unit: ms. */
export const DEFAULT_FLUSH_INTERVAL_MS = 1_000;

/** Bulk requests in flight at once. Unit: requests. */
export const DEFAULT_CONCURRENCY = 2;

/** Sends per batch or item, the first one included, before giving up. Unit: attempts. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Backoff cap before the first retry; doubles per attempt (full jitter draws below it). Unit: ms. */
export const DEFAULT_BASE_DELAY_MS = 100;

/** Largest backoff cap between two attempts. Unit: ms. */
export const DEFAULT_MAX_DELAY_MS = 10_000;

/** Time a single HTTP request may take before it counts as failed (and retryable). Unit: ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Period of the `onMetrics` callback. Unit: ms. */
export const DEFAULT_METRICS_INTERVAL_MS = 10_000;

/** Credentials are refreshed this long before they expire. Unit: ms (5 min, as the AWS SDK). */
export const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * A provider that keeps returning credentials inside the refresh window is asked again at most
 * this often, so a signer never calls it once per request. Unit: ms.
 */
export const MIN_CREDENTIAL_REFRESH_INTERVAL_MS = 10_000;

/** HTTP status codes of a whole request that are worth sending again. */
export const RETRYABLE_STATUS_CODES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** HTTP status codes of one bulk item that are worth sending again. */
export const RETRYABLE_ITEM_STATUS_CODES: ReadonlySet<number> = new Set([429, 503]);

/** Bulk item error types worth sending again whatever their status. */
export const RETRYABLE_ITEM_ERROR_TYPES: ReadonlySet<string> = new Set([
  'es_rejected_execution_exception',
  'opensearch_rejected_execution_exception',
  'rejected_execution_exception',
]);

/** Only the fields of a bulk response the writer reads; keeps big responses cheap to parse. */
export const BULK_FILTER_PATH = 'errors,items.*.status,items.*.error';
