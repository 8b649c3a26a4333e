/** The `format` field of every recording file. */
export const RECORDING_FORMAT = 'tripstream.recording';

/** The recording layout this package writes and reads. */
export const RECORDING_VERSION = 1;

/** Default `limit` of {@link RecordStreamOptions}: records per `GetRecords` call (the Kinesis maximum). */
export const DEFAULT_GET_RECORDS_LIMIT = 10_000;

/** Default `maxRetries`: throttled calls retried this many times before giving up. */
export const DEFAULT_MAX_RETRIES = 10;

/** Default `retryBaseDelayMs` (ms): the first backoff after a throttle; doubles per retry. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;

/** Default `emptyPollDelayMs` (ms): wait after an empty answer that is still behind the tip. */
export const DEFAULT_EMPTY_POLL_DELAY_MS = 200;
