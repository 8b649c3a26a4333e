import { EventEmitter } from 'node:events';
import { chooseLeasesToTake, type ObservedLease } from './_internals/choose-leases-to-take.js';
import {
  resolveCoordinatorOptions,
  type ResolvedCoordinatorOptions,
} from './_internals/resolve-coordinator-options.js';
import { SHARD_END, VERY_OLD_LEASE_MULTIPLIER } from './constants.js';
import { LeaseLostError } from './errors/lease-lost-error.js';
import type { Lease } from './lease.js';
import type { LeaseCoordinatorOptions } from './lease-coordinator-options.js';
import type { CheckpointUpdate } from './lease-table.js';

/** Why a worker stopped holding a lease it did not hand back itself. */
export type LeaseLostReason = 'refused' | 'expired';

/** Events of {@link LeaseCoordinator}. */
export interface LeaseCoordinatorEvents {
  /** This worker took a lease; `previousOwner` is set when it was expired or stolen from one. */
  taken: [event: { lease: Lease; previousOwner?: string; stolen: boolean }];
  /** This worker lost a lease: another took it (`refused`), or renewals failed too long. */
  lost: [event: { leaseKey: string; reason: LeaseLostReason }];
  /** This worker handed a lease back (graceful stop, or its shard reached `SHARD_END`). */
  released: [event: { leaseKey: string }];
  /** A renewal or taker pass failed; the coordinator keeps going. */
  warning: [error: Error];
}

/** Counters of one coordinator since it was created. */
export interface LeaseCoordinatorStats {
  readonly held: number;
  readonly taken: number;
  readonly stolen: number;
  readonly lost: number;
  readonly released: number;
}

interface Held {
  lease: Lease;
  /** Local time of the last successful write through the lease (renew, take, checkpoint). */
  renewedAt: number;
}

/**
 * One worker's side of the KCL lease protocol: renews the leases it holds, takes expired and
 * unowned ones, steals from the most loaded worker until each holds about leases / workers, writes
 * checkpoints through its leases, and hands them back on `stop()`. Create leases first with
 * {@link syncShardLeases}; listen to `taken` / `lost` to start and stop shard processing.
 */
export class LeaseCoordinator extends EventEmitter<LeaseCoordinatorEvents> {
  readonly workerId: string;
  readonly #o: ResolvedCoordinatorOptions;
  readonly #held = new Map<string, Held>();
  readonly #observed = new Map<string, ObservedLease>();
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #stop = new AbortController();
  #loops: Promise<void>[] = [];
  #stopped: Promise<void> | undefined;
  #stats = { taken: 0, stolen: 0, lost: 0, released: 0 };

  constructor(options: LeaseCoordinatorOptions) {
    super();
    this.#o = resolveCoordinatorOptions(options);
    this.workerId = this.#o.workerId;
    this.#o.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** Starts the renewal and taker loops (the first taker pass at once). Call once. */
  start(): void {
    if (this.#loops.length > 0 || this.#stop.signal.aborted) return;
    this.#loops = [
      this.#loop(this.#o.renewIntervalMs, () => this.renewLeases(), true),
      this.#loop(this.#o.takeIntervalMs, () => this.takeLeases(), false),
    ];
  }

  /** One renewal pass over the held leases; leases refused or expired here are lost. */
  async renewLeases(): Promise<void> {
    await Promise.all(
      [...this.#held.keys()].map((key) =>
        this.#withLock(key, async () => {
          const held = this.#held.get(key);
          if (!held) return;
          if (this.#expired(held)) return this.#lose(key, 'expired');
          const renewed = await this.#o.table.renewLease(held.lease, this.workerId);
          if (renewed) this.#keep(renewed);
          else this.#lose(key, 'refused');
        }),
      ),
    );
  }

  /** One taker pass: scan the table, take what the KCL's rules allow; returns the leases taken. */
  async takeLeases(): Promise<Lease[]> {
    const scan = await this.#o.table.listLeases();
    const now = this.#o.clock.now();
    const seen = new Set<string>();
    for (const lease of scan) {
      seen.add(lease.leaseKey);
      const before = this.#observed.get(lease.leaseKey);
      const changedAt =
        before === undefined
          ? lease.leaseOwner === undefined
            ? 0
            : now
          : before.lease.leaseCounter === lease.leaseCounter
            ? before.lastCounterChangeAt
            : now;
      this.#observed.set(lease.leaseKey, { lease, lastCounterChangeAt: changedAt });
    }
    for (const key of this.#observed.keys()) if (!seen.has(key)) this.#observed.delete(key);
    if (this.#stop.signal.aborted) return [];

    // A lease the table says is ours but we do not hold (a restart under the same id) is ours to
    // adopt at once, as the KCL's renewer does in `initialize()`.
    const adopt = scan.filter((l) => l.leaseOwner === this.workerId && !this.#held.has(l.leaseKey));
    const decision = chooseLeasesToTake({
      workerId: this.workerId,
      leases: [...this.#observed.values()].filter(
        (o) => o.lease.checkpoint !== SHARD_END && !adopt.includes(o.lease),
      ),
      now,
      failoverTimeMs: this.#o.failoverTimeMs,
      veryOldMultiplier: VERY_OLD_LEASE_MULTIPLIER,
      maxLeasesForWorker: this.#o.maxLeasesForWorker - adopt.length,
      maxLeasesToStealAtOneTime: this.#o.maxLeasesToStealAtOneTime,
      random: this.#o.random,
    });
    const taken: Lease[] = [];
    for (const lease of [...adopt.filter((l) => l.checkpoint !== SHARD_END), ...decision.toTake]) {
      if (this.#held.has(lease.leaseKey) || this.#stop.signal.aborted) continue;
      const got = await this.#withLock(lease.leaseKey, () =>
        this.#o.table.takeLease(lease, this.workerId),
      );
      if (!got) continue;
      this.#keep(got);
      taken.push(got);
      const previousOwner = lease.leaseOwner !== this.workerId ? lease.leaseOwner : undefined;
      this.#stats.taken++;
      if (decision.stealing && decision.toTake.includes(lease)) this.#stats.stolen++;
      this.emit('taken', {
        lease: got,
        stolen: decision.stealing && decision.toTake.includes(lease),
        ...(previousOwner !== undefined ? { previousOwner } : {}),
      });
    }
    return taken;
  }

  /** Leases held now (not expired by this worker's clock), in key order. */
  heldLeases(): Lease[] {
    return [...this.#held.values()]
      .filter((h) => !this.#expired(h))
      .map((h) => h.lease)
      .sort((a, b) => (a.leaseKey < b.leaseKey ? -1 : 1));
  }

  /** Whether this worker holds the lease on `leaseKey` now. */
  holds(leaseKey: string): boolean {
    const held = this.#held.get(leaseKey);
    return held !== undefined && !this.#expired(held);
  }

  /** Every lease as of the last taker pass (all owners), in key order. */
  knownLeases(): Lease[] {
    return [...this.#observed.values()]
      .map((o) => o.lease)
      .sort((a, b) => (a.leaseKey < b.leaseKey ? -1 : 1));
  }

  /**
   * Writes a checkpoint through a held lease (one conditional write; counts as a renewal). A
   * `SHARD_END` checkpoint also hands the lease back: a finished shard needs no owner.
   * @throws LeaseLostError if this worker does not hold the lease (nothing written).
   */
  async checkpoint(leaseKey: string, update: CheckpointUpdate): Promise<Lease> {
    const written = await this.#withLock(leaseKey, async () => {
      const held = this.#held.get(leaseKey);
      if (!held || this.#expired(held)) {
        if (held) this.#lose(leaseKey, 'expired');
        throw new LeaseLostError(leaseKey, this.workerId);
      }
      const next = await this.#o.table.checkpoint(held.lease, this.workerId, update);
      if (!next) {
        this.#lose(leaseKey, 'refused');
        const now = await this.#o.table.getLease(leaseKey).catch(() => undefined);
        throw new LeaseLostError(leaseKey, this.workerId, now?.leaseOwner);
      }
      this.#keep(next);
      return next;
    });
    if (update.checkpoint === SHARD_END) await this.release(leaseKey);
    return written;
  }

  /**
   * Whether every parent of the shard is read to its end (lease at `SHARD_END`) or gone from the
   * table (trimmed): the KCL's `BlockOnParentShardTask` condition before a child is read.
   */
  async parentsFinished(leaseKey: string): Promise<boolean> {
    const lease = this.#held.get(leaseKey)?.lease ?? (await this.#o.table.getLease(leaseKey));
    if (!lease) return true;
    for (const parent of lease.parentShardIds) {
      const p = await this.#o.table.getLease(parent);
      if (p && p.checkpoint !== SHARD_END) return false;
    }
    return true;
  }

  /** Hands one held lease back (owner removed) so another worker can take it at once. */
  async release(leaseKey: string): Promise<void> {
    await this.#withLock(leaseKey, async () => {
      const held = this.#held.get(leaseKey);
      if (!held) return;
      this.#held.delete(leaseKey);
      const evicted = await this.#o.table.evictLease(held.lease, this.workerId);
      if (evicted) {
        this.#stats.released++;
        this.emit('released', { leaseKey });
      } else {
        this.#stats.lost++;
        this.emit('lost', { leaseKey, reason: 'refused' });
      }
    });
  }

  /**
   * Stops the loops and, unless `release` is false, hands every held lease back (the KCL's
   * graceful shutdown: checkpoint first, then let go). Idempotent.
   */
  stop(options: { release?: boolean } = {}): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stop.abort();
      await Promise.all(this.#loops);
      if (options.release !== false) {
        await Promise.all(
          [...this.#held.keys()].map((k) => this.release(k).catch((e) => this.#warn(e))),
        );
      }
      this.#held.clear();
    })();
    return this.#stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  stats(): LeaseCoordinatorStats {
    return { held: this.heldLeases().length, ...this.#stats };
  }

  #keep(lease: Lease): void {
    this.#held.set(lease.leaseKey, { lease, renewedAt: this.#o.clock.now() });
    const o = this.#observed.get(lease.leaseKey);
    this.#observed.set(lease.leaseKey, { lease, lastCounterChangeAt: o ? this.#o.clock.now() : 0 });
  }

  #lose(leaseKey: string, reason: LeaseLostReason): void {
    if (!this.#held.delete(leaseKey)) return;
    this.#stats.lost++;
    this.emit('lost', { leaseKey, reason });
  }

  #expired(held: Held): boolean {
    return this.#o.clock.now() - held.renewedAt > this.#o.failoverTimeMs;
  }

  /** Serialises writes per lease: two writes expecting the same counter would refuse each other. */
  #withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.#locks.set(key, tail);
    void tail.then(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return run;
  }

  async #loop(intervalMs: number, pass: () => Promise<unknown>, waitFirst: boolean): Promise<void> {
    const signal = this.#stop.signal;
    if (waitFirst) await this.#o.clock.sleep(intervalMs, signal);
    while (!signal.aborted) {
      await pass().catch((err: unknown) => this.#warn(err));
      await this.#o.clock.sleep(intervalMs, signal);
    }
  }

  #warn(err: unknown): void {
    this.emit('warning', err instanceof Error ? err : new Error(String(err)));
  }
}
