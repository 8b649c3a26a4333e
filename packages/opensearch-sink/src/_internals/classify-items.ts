import { BulkItemError } from '../errors.js';
import type { BulkAck, IndexRequest } from '../types.js';
import type { Entry, Refusal } from './bulk-entry.js';
import { itemOutcome, statusOf, type BulkResponse } from './send-bulk.js';

/** What one `_bulk` response means for each document of the request. @internal */
export interface ItemsOutcome<T extends IndexRequest> {
  /** Indexed or superseded, in request order, with their ack when someone listens. */
  readonly settled: [Entry<T>, BulkAck<T> | undefined][];
  /** Refused now, retryable, attempts left: send again. */
  readonly again: Entry<T>[];
  /** Refused for good: to the dead letter. */
  readonly refused: Refusal<T>[];
  readonly indexed: number;
  /** Items refused (retryable or not), superseded ones not counted. */
  readonly rejected: number;
}

/** Sorts the documents of a sent batch by their item in the `_bulk` response. @internal */
export function classifyItems<T extends IndexRequest>(
  pending: readonly Entry<T>[],
  response: BulkResponse,
  attempt: number,
  maxAttempts: number,
  acking: boolean,
): ItemsOutcome<T> {
  const settled: [Entry<T>, BulkAck<T> | undefined][] = [];
  const again: Entry<T>[] = [];
  const refused: Refusal<T>[] = [];
  let indexed = 0;
  let rejected = 0;
  for (let i = 0; i < pending.length; i++) {
    const entry = pending[i];
    const item = response.items[i];
    // Without errors in the batch, items are only read when someone wants the status.
    const outcome = response.errors ? itemOutcome(item) : undefined;
    if (outcome?.error === undefined) {
      indexed++;
      settled.push([
        entry,
        acking
          ? {
              request: entry.request,
              outcome: 'indexed',
              status: outcome?.status ?? statusOf(item),
              attempts: attempt,
            }
          : undefined,
      ]);
      continue;
    }
    if (outcome.status === 409 && entry.request.version !== undefined) {
      // external_gte: a newer version is indexed already; this write is obsolete, not lost.
      settled.push([
        entry,
        acking
          ? { request: entry.request, outcome: 'superseded', status: 409, attempts: attempt }
          : undefined,
      ]);
      continue;
    }
    rejected++;
    if (outcome.retryable && attempt < maxAttempts) {
      again.push(entry);
    } else {
      const { index, id } = entry.request;
      const { type, reason } = outcome.error;
      refused.push({
        entry,
        error: new BulkItemError(index, id, outcome.status, type, reason, attempt),
      });
    }
  }
  return { settled, again, refused, indexed, rejected };
}
