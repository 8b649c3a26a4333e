import { systemClock } from '@tripstream/support';
import type { Clock } from '../clock.js';
import { DEFAULT_FAILOVER_TIME_MS, DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME } from '../constants.js';
import { LeaseOptionError } from '../errors/lease-option-error.js';
import type { LeaseCoordinatorOptions } from '../lease-coordinator-options.js';
import { LeaseTable } from '../lease-table.js';

/** @internal {@link LeaseCoordinatorOptions} validated, with every default filled in. */
export interface ResolvedCoordinatorOptions {
  readonly table: LeaseTable;
  readonly workerId: string;
  readonly failoverTimeMs: number;
  readonly renewIntervalMs: number;
  readonly takeIntervalMs: number;
  readonly maxLeasesForWorker: number;
  readonly maxLeasesToStealAtOneTime: number;
  readonly clock: Clock;
  readonly random: () => number;
  readonly signal?: AbortSignal;
}

/** @internal */
export function resolveCoordinatorOptions(o: LeaseCoordinatorOptions): ResolvedCoordinatorOptions {
  if (o === null || typeof o !== 'object')
    throw new LeaseOptionError('options', o, 'an options object');
  if (!(o.table instanceof LeaseTable))
    throw new LeaseOptionError('table', o.table, 'a LeaseTable');
  if (typeof o.workerId !== 'string' || o.workerId.length === 0) {
    throw new LeaseOptionError('workerId', o.workerId, 'a non-empty string');
  }
  const positive = (name: string, v: number | undefined, fallback: number) => {
    const value = v ?? fallback;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new LeaseOptionError(name, v, 'a number > 0');
    }
    return value;
  };
  const failoverTimeMs = positive('failoverTimeMs', o.failoverTimeMs, DEFAULT_FAILOVER_TIME_MS);
  const renewIntervalMs = positive('renewIntervalMs', o.renewIntervalMs, failoverTimeMs / 3);
  if (renewIntervalMs >= failoverTimeMs) {
    throw new LeaseOptionError(
      'renewIntervalMs',
      renewIntervalMs,
      `less than failoverTimeMs (${failoverTimeMs}), or leases expire between renewals`,
    );
  }
  const maxLeasesForWorker = positive('maxLeasesForWorker', o.maxLeasesForWorker, Infinity);
  const maxSteal = positive(
    'maxLeasesToStealAtOneTime',
    o.maxLeasesToStealAtOneTime,
    DEFAULT_MAX_LEASES_TO_STEAL_AT_ONE_TIME,
  );
  for (const [name, v] of [
    ['maxLeasesForWorker', maxLeasesForWorker],
    ['maxLeasesToStealAtOneTime', maxSteal],
  ] as const) {
    if (v !== Infinity && !Number.isInteger(v))
      throw new LeaseOptionError(name, v, 'a whole number >= 1');
  }
  return {
    table: o.table,
    workerId: o.workerId,
    failoverTimeMs,
    renewIntervalMs,
    takeIntervalMs: positive('takeIntervalMs', o.takeIntervalMs, 2 * failoverTimeMs),
    maxLeasesForWorker,
    maxLeasesToStealAtOneTime: maxSteal,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
    ...(o.signal ? { signal: o.signal } : {}),
  };
}
