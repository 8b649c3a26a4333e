import type { Client } from '@opensearch-project/opensearch';
import {
  BULK_FILTER_PATH,
  RETRYABLE_ITEM_ERROR_TYPES,
  RETRYABLE_ITEM_STATUS_CODES,
} from '../constants.js';

/** @internal The outcome of one item of a bulk request. */
export interface ItemOutcome {
  readonly status: number;
  /** Absent when the item succeeded. */
  readonly error?: { readonly type: string; readonly reason: string };
  readonly retryable: boolean;
}

/** @internal A bulk response: one raw item per action, in order. */
export interface BulkResponse {
  /** False when every action succeeded, so the items need no walk. */
  readonly errors: boolean;
  readonly items: readonly unknown[];
}

/** @internal POSTs one NDJSON body to `_bulk` with the client's own retries off. */
export async function sendBulk(
  client: Client,
  body: Buffer,
  actions: number,
  requestTimeoutMs: number,
): Promise<BulkResponse> {
  const response = await client.transport.request(
    {
      method: 'POST',
      path: '/_bulk',
      bulkBody: body,
      querystring: { filter_path: BULK_FILTER_PATH },
    },
    { maxRetries: 0, requestTimeout: requestTimeoutMs },
  );
  const result = response.body as { errors?: boolean; items?: unknown[] } | undefined;
  const items = result?.items;
  if (!Array.isArray(items) || items.length !== actions) {
    // A truncated or foreign answer: nothing can be trusted, send the whole body again.
    throw Object.assign(
      new Error(
        `bulk response lists ${Array.isArray(items) ? items.length : 'no'} items for ${actions} actions`,
      ),
      { name: 'DeserializationError' },
    );
  }
  return { errors: result?.errors !== false, items };
}

/** @internal HTTP status of a raw bulk item. */
export function statusOf(item: unknown): number {
  const op = item !== null && typeof item === 'object' ? Object.values(item)[0] : undefined;
  const status = (op as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 0;
}

/** @internal */
export function itemOutcome(item: unknown): ItemOutcome {
  const op = item !== null && typeof item === 'object' ? Object.values(item)[0] : undefined;
  const { status, error } = (op ?? {}) as { status?: unknown; error?: unknown };
  const code = typeof status === 'number' ? status : 0;
  if (error === undefined && code >= 200 && code < 300) return { status: code, retryable: false };
  const described = describeItemError(error);
  return {
    status: code,
    error: described,
    retryable:
      RETRYABLE_ITEM_STATUS_CODES.has(code) || RETRYABLE_ITEM_ERROR_TYPES.has(described.type),
  };
}

function describeItemError(error: unknown): { type: string; reason: string } {
  if (typeof error === 'string') return { type: 'unknown', reason: error };
  if (error === null || typeof error !== 'object')
    return { type: 'unknown', reason: 'no error given' };
  const e = error as {
    type?: unknown;
    reason?: unknown;
    caused_by?: { type?: unknown; reason?: unknown };
  };
  let reason = String(e.reason ?? '');
  if (e.caused_by && typeof e.caused_by === 'object') {
    reason += ` (caused by ${String(e.caused_by.type ?? 'unknown')}: ${String(e.caused_by.reason ?? '')})`;
  }
  return { type: String(e.type ?? 'unknown'), reason };
}
