import type { PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { fullJitterBackoff } from '@tripstream/support';
import { classifyCallError, classifyEntryError, type ErrorClass } from './classify-error.js';
import type { WireEntry } from './entries.js';
import type { ResolvedOptions } from './resolve-options.js';

/** @internal One entry of a call that Kinesis wrote. */
export interface LandedEntry<R> {
  entry: WireEntry<R>;
  shardId: string;
  sequenceNumber: string;
}

/** @internal One entry of a call that will not be retried. */
export interface FailedWireEntry<R> {
  entry: WireEntry<R>;
  reason: ErrorClass;
}

/** @internal A PutRecords call's answer, sorted entry by entry. */
export interface PutOutcome<R> {
  landed: LandedEntry<R>[];
  /** Retryable failures with attempts left. */
  retry: WireEntry<R>[];
  failed: FailedWireEntry<R>[];
  /** Entries refused with a throttling error. */
  throttled: WireEntry<R>[];
  /** Set when the whole call failed (no per-entry results). */
  callError: ErrorClass | undefined;
}

/**
 * @internal Sorts a call's entries into landed, to retry and failed: an entry is retried when its
 * error is retryable, it has attempts left and the producer still runs (`retryAllowed`).
 */
export function sortPutOutcome<R>(
  entries: readonly WireEntry<R>[],
  results: readonly PutRecordsResultEntry[] | undefined,
  error: unknown,
  maxAttempts: number,
  retryAllowed: boolean,
): PutOutcome<R> {
  const outcome: PutOutcome<R> = {
    landed: [],
    retry: [],
    failed: [],
    throttled: [],
    callError: undefined,
  };
  const sortFailure = (e: WireEntry<R>, reason: ErrorClass) => {
    if (reason.retryable && e.attempts < maxAttempts && retryAllowed) outcome.retry.push(e);
    else outcome.failed.push({ entry: e, reason });
  };
  if (results === undefined) {
    const reason = classifyCallError(error);
    outcome.callError = reason;
    for (const e of entries) sortFailure(e, reason);
    return outcome;
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const result = results[i];
    if (result?.SequenceNumber !== undefined && result.ShardId !== undefined) {
      outcome.landed.push({
        entry: e,
        shardId: result.ShardId,
        sequenceNumber: result.SequenceNumber,
      });
      continue;
    }
    const reason = classifyEntryError(
      result?.ErrorCode ?? 'InternalFailure',
      result?.ErrorMessage ?? 'no result for this entry',
    );
    if (reason.throttle) outcome.throttled.push(e);
    sortFailure(e, reason);
  }
  return outcome;
}

/** @internal The backoff before retrying `entries` together, from the most-tried of them. */
export function retryDelayMs<R>(
  entries: readonly WireEntry<R>[],
  retry: ResolvedOptions<never>['retry'],
  random: () => number,
): number {
  let attempts = 1;
  for (const e of entries) attempts = Math.max(attempts, e.attempts);
  return fullJitterBackoff(attempts, { ...retry, random });
}
