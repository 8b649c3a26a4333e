import type {
  EntryFault,
  KinesisFault,
  KinesisPlan,
  PutRecordsEntry,
} from './kinesis-fault-proxy.js';

/** Whole calls and entries failing at random, the way a busy stream does. */
export interface BusyStreamFaults {
  random: () => number;
  /** The operations faults apply to. Default PutRecords and GetRecords. */
  operations?: readonly string[];
  /** Calls answered 400 ProvisionedThroughputExceededException, unforwarded. Default 0.08. */
  throttleShare?: number;
  /** Calls answered 500 InternalFailure, unforwarded. Default 0.04. */
  errorShare?: number;
  /** PutRecords calls of which some entries are refused. Default 0.15. */
  partialShare?: number;
  /** In such a call, the share of entries refused (at least one, if it has two). Default 0.25. */
  partialEntryShare?: number;
  /**
   * Faults for the first calls of an operation, before the random ones: makes sure every kind
   * happens in a run, whatever the draws. `partial` applies to PutRecords only.
   */
  script?: Partial<Record<string, ('throttle' | 'error' | 'partial' | 'none')[]>>;
}

const THROTTLE: KinesisFault = {
  kind: 'error',
  status: 400,
  type: 'ProvisionedThroughputExceededException',
  message: 'Rate exceeded',
};
const INTERNAL: KinesisFault = {
  kind: 'error',
  status: 500,
  type: 'InternalFailure',
  message: 'injected by the fault proxy',
};

/** A plan for {@link startKinesisFaultProxy}: calls throttled, failed, or partly refused. */
export function busyStreamFaults(o: BusyStreamFaults): KinesisPlan {
  const operations = new Set(o.operations ?? ['PutRecords', 'GetRecords']);
  const throttleShare = o.throttleShare ?? 0.08;
  const errorShare = o.errorShare ?? 0.04;
  const partialShare = o.partialShare ?? 0.15;
  const partialEntryShare = o.partialEntryShare ?? 0.25;
  const draw = (operation: string) => {
    const r = o.random();
    if (r < throttleShare) return 'throttle';
    if (r < throttleShare + errorShare) return 'error';
    return operation === 'PutRecords' && o.random() < partialShare ? 'partial' : 'none';
  };
  return (call) => {
    if (!operations.has(call.operation)) return undefined;
    const fault = o.script?.[call.operation]?.[call.nth - 1] ?? draw(call.operation);
    if (fault === 'throttle') return THROTTLE;
    if (fault === 'error') return INTERNAL;
    if (fault !== 'partial' || call.operation !== 'PutRecords') return undefined;
    const records = (call.input as { Records: PutRecordsEntry[] }).Records;
    const refused = records.map(() => o.random() < partialEntryShare);
    if (records.length > 1 && !refused.some(Boolean)) refused[0] = true;
    return { kind: 'put-some', entries: (_, i) => (refused[i] ? 'throttle' : undefined) };
  };
}

/**
 * Per-call and per-entry failure rates for PutRecords, drawn from `random` in a fixed order (call
 * error, call throttle, each entry, lost answer) so a seed replays the same faults.
 */
export interface PutRecordsFaults {
  random: () => number;
  /** Share of PutRecords entries answered `ProvisionedThroughputExceededException`. */
  entryThrottleRate?: number;
  /** Share of PutRecords entries answered `InternalFailure`. */
  entryInternalFailureRate?: number;
  /** Share of PutRecords calls answered HTTP 500 `InternalFailure`. */
  callErrorRate?: number;
  /** Share of PutRecords calls answered HTTP 400 `ProvisionedThroughputExceededException`. */
  callThrottleRate?: number;
  /** Share of PutRecords calls forwarded and then left without an answer (socket destroyed). */
  lostAnswerRate?: number;
  /** Entries for which this is true always fail with `ProvisionedThroughputExceededException`. */
  alwaysThrottle?: (entry: PutRecordsEntry) => boolean;
  /** Every call of these operations (e.g. `PutRecords`) is answered with this error. */
  failTargets?: Record<string, { status: number; type: string; message: string }>;
  /** PutRecords calls wait for this before being forwarded. */
  gate?: Promise<void>;
  /** Serve ListShards in pages of this many shards (kinesalite does not paginate). */
  listShardsPageSize?: number;
}

/** A plan for {@link startKinesisFaultProxy} from PutRecords failure rates. */
export function putRecordsFaults(o: PutRecordsFaults): KinesisPlan {
  return async (call) => {
    const forced = o.failTargets?.[call.operation];
    if (forced) return { kind: 'error', ...forced };
    if (call.operation === 'ListShards' && o.listShardsPageSize !== undefined) {
      return { kind: 'page-shards', pageSize: o.listShardsPageSize };
    }
    if (call.operation !== 'PutRecords') return undefined;
    if (o.gate) await o.gate;
    if (o.random() < (o.callErrorRate ?? 0)) return { ...INTERNAL, message: 'injected 500' };
    if (o.random() < (o.callThrottleRate ?? 0))
      return { ...THROTTLE, message: 'injected throttle' };
    const throttle = o.entryThrottleRate ?? 0;
    const internal = o.entryInternalFailureRate ?? 0;
    const verdicts = (call.input as { Records: PutRecordsEntry[] }).Records.map(
      (entry): EntryFault | undefined => {
        if (o.alwaysThrottle?.(entry)) return 'throttle';
        const r = o.random();
        if (r < throttle) return 'throttle';
        return r < throttle + internal ? 'internal' : undefined;
      },
    );
    const loseAnswer = o.random() < (o.lostAnswerRate ?? 0);
    return { kind: 'put-some', entries: (_, i) => verdicts[i], loseAnswer };
  };
}
