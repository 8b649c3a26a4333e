import type { AwsCredentials } from '@tripstream/support/sigv4';
import type { BulkItemError } from './errors.js';

export type { AwsCredentials, SigV4Service } from '@tripstream/support/sigv4';

/** Returns credentials; structurally the AWS SDK v3 `AwsCredentialIdentityProvider`. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** One document to index. Extra fields ride along and come back in its {@link BulkAck}. */
export interface IndexRequest {
  /** Target index (or alias, or data stream). */
  readonly index: string;
  /**
   * The document `_id`, chosen by the caller. A deterministic id makes a resend (retry, replay,
   * restart) overwrite the same document instead of adding a duplicate.
   */
  readonly id: string;
  /** The document source; serialised with `JSON.stringify`. */
  readonly document: unknown;
  /**
   * External version (`version_type: external_gte`), a whole number >= 0. Give it when the same id
   * is written several times with growing content (e.g. late updates of a window): a write whose
   * version is below the indexed one is skipped (its ack says `superseded`), so two batches in
   * flight at once can never leave the older document in the index. Default: none (last write wins).
   */
  readonly version?: number;
}

/** One field of a mapping, as far as the sink reads it; any other key is passed through. */
export interface MappingProperty {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, MappingProperty>>;
  readonly fields?: Readonly<Record<string, MappingProperty>>;
  readonly index?: boolean;
  readonly doc_values?: boolean;
  readonly ignore_malformed?: boolean;
  readonly null_value?: unknown;
  readonly scaling_factor?: number;
  readonly enabled?: boolean;
}

/** The `mappings` of an index or template. */
export interface IndexMappings {
  readonly properties?: Readonly<Record<string, MappingProperty>>;
  readonly dynamic?: boolean | 'true' | 'false' | 'strict';
  readonly dynamic_templates?: readonly object[];
  readonly _source?: { readonly enabled?: boolean; readonly includes?: readonly string[] };
}

/** A composable index template the sink puts before its first write. */
export interface IndexTemplate {
  /** Template name, e.g. `tripstream-pickup-count`. */
  readonly name: string;
  /** Index patterns it governs, e.g. `['pickup_count*']`. `*` is the only wildcard. */
  readonly indexPatterns: readonly string[];
  readonly mappings: IndexMappings;
  /** Index settings, e.g. `{ number_of_shards: 1 }`. Default: none (cluster defaults). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Template priority; the highest matching one wins. Default: 0 (OpenSearch's default). */
  readonly priority?: number;
}

/** What became of one written document. */
export interface BulkAck<T extends IndexRequest = IndexRequest> {
  /** The request as given to `write()` (extra fields included). */
  readonly request: T;
  /**
   * `indexed`: OpenSearch holds it. `superseded`: a newer `version` of it was indexed already.
   * `dead_lettered`: refused for good, handed to the dead letter.
   */
  readonly outcome: 'indexed' | 'superseded' | 'dead_lettered';
  /** HTTP status of the item's last attempt (0 when refused before sending). */
  readonly status: number;
  /** Times the document was sent. */
  readonly attempts: number;
  /** Why it was refused, when `outcome` is `dead_lettered`. */
  readonly error?: BulkItemError;
}

/** A document that will never be indexed as is, with the reason. */
export interface DeadLetter<T extends IndexRequest = IndexRequest> {
  readonly request: T;
  readonly error: BulkItemError;
  /** When it was given up on, ms since the epoch (from the writer's scheduler). */
  readonly time: number;
}

/** A snapshot of a writer's counters; rates cover the interval since the previous snapshot. */
export interface BulkWriterMetrics {
  /** Length of the interval the rates and latencies cover, in ms. */
  readonly intervalMs: number;
  /** Documents acknowledged as indexed per second over the interval. */
  readonly docsPerSecond: number;
  /** Request body bytes sent per second over the interval, retries included. */
  readonly bytesPerSecond: number;
  /** Batch flush latency (dispatch to last item settled, retries included) over the interval, ms. */
  readonly flushLatencyMs: { readonly count: number; readonly mean: number; readonly max: number };
  /** Running totals since the writer was created. */
  readonly totals: {
    readonly docsIndexed: number;
    readonly bytesSent: number;
    readonly requests: number;
    /** Whole bulk requests sent again (connection errors, timeouts, 429, 502-504). */
    readonly requestRetries: number;
    /** Items sent again after a retryable per-item rejection (429, 503). */
    readonly itemRetries: number;
    /** Items OpenSearch rejected, retryable or not. */
    readonly rejectedItems: number;
    readonly deadLetters: number;
  };
  /** Documents accepted by `write()` and not yet acknowledged, and those among them on the wire. */
  readonly pending: { readonly documents: number; readonly inFlight: number };
}
