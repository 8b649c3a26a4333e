import type { Clock } from './clock.js';
import type { LeaseTable } from './lease-table.js';

/** Options of {@link LeaseCoordinator}. Durations in ms. */
export interface LeaseCoordinatorOptions {
  /** The lease table shared by all workers of the application. Required. */
  readonly table: LeaseTable;
  /** This worker's id, unique among the workers sharing the table (e.g. host:pid). Required. */
  readonly workerId: string;
  /**
   * A lease whose counter nobody has seen change for this long is expired and may be taken (the
   * KCL's `failoverTimeMillis`). Default: 10000.
   */
  readonly failoverTimeMs?: number;
  /** Time between renewals of held leases. Default: failoverTimeMs / 3 (as the KCL). */
  readonly renewIntervalMs?: number;
  /**
   * Time between taker passes (scan, take, steal). Default: 2 × failoverTimeMs (as the KCL). The
   * first pass runs at `start()`.
   */
  readonly takeIntervalMs?: number;
  /** Most leases this worker holds at once (the KCL's `maxLeasesForWorker`). Default: Infinity. */
  readonly maxLeasesForWorker?: number;
  /** Most leases stolen per taker pass. Default: 1 (as the KCL). */
  readonly maxLeasesToStealAtOneTime?: number;
  /** Default: the wall clock (`performance.now`, `setTimeout`). */
  readonly clock?: Clock;
  /** Uniform random numbers in [0, 1) for shuffling candidates. Default: `Math.random`. */
  readonly random?: () => number;
  /** Aborting stops the coordinator as `stop()` does (leases handed back). Default: none. */
  readonly signal?: AbortSignal;
}
