import type { Lease } from '../lease.js';

/** @internal A lease as the taker sees it: with the local time its counter last changed. */
export interface ObservedLease {
  readonly lease: Lease;
  /** Local clock time (ms) when this worker saw the counter change; 0 for never-owned leases. */
  readonly lastCounterChangeAt: number;
}

/** @internal Inputs of {@link chooseLeasesToTake}. */
export interface TakeInputs {
  readonly workerId: string;
  /** Leases that need an owner (finished ones already left out). */
  readonly leases: readonly ObservedLease[];
  readonly now: number;
  readonly failoverTimeMs: number;
  readonly veryOldMultiplier: number;
  readonly maxLeasesForWorker: number;
  readonly maxLeasesToStealAtOneTime: number;
  /** Uniform in [0, 1): shuffles candidates so workers do not all race for the same lease. */
  readonly random: () => number;
}

/** @internal What one taker pass decided, with the numbers behind the decision. */
export interface TakeDecision {
  readonly toTake: readonly Lease[];
  /** Leases among `toTake` that a live worker holds (stealing for balance). */
  readonly stealing: boolean;
  readonly target: number;
  readonly workers: number;
}

/**
 * The KCL's `DynamoDBLeaseTaker.computeLeasesToTake`, as a pure function: count live leases per
 * worker (this one included), aim for ceil(leases / workers) each; take very old leases first, then
 * expired or unowned ones up to the target, and only when none is available steal from the most
 * loaded worker (min(needed, its surplus), at least 1 if it sits at the target and we need > 1).
 */
export function chooseLeasesToTake(input: TakeInputs): TakeDecision {
  const { workerId, now, failoverTimeMs } = input;
  const expired = (o: ObservedLease) =>
    o.lease.leaseOwner === undefined || now - o.lastCounterChangeAt > failoverTimeMs;
  const available = input.leases.filter(expired);
  const counts = new Map<string, number>([[workerId, 0]]);
  for (const o of input.leases) {
    if (expired(o)) continue;
    const owner = o.lease.leaseOwner!;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const numLeases = input.leases.length;
  const workers = counts.size;
  if (numLeases === 0) return { toTake: [], stealing: false, target: 0, workers };
  let target = workers >= numLeases ? 1 : Math.ceil(numLeases / workers);
  target = Math.min(target, input.maxLeasesForWorker);
  const mine = counts.get(workerId)!;

  const veryOld = available.filter(
    (o) =>
      o.lease.leaseOwner !== undefined &&
      now - o.lastCounterChangeAt > input.veryOldMultiplier * failoverTimeMs,
  );
  if (veryOld.length > 0) {
    const n = Math.max(0, Math.min(input.maxLeasesForWorker - mine, veryOld.length));
    return {
      toTake: shuffle(veryOld, input.random)
        .slice(0, n)
        .map((o) => o.lease),
      stealing: false,
      target,
      workers,
    };
  }
  let needed = target - mine;
  if (needed <= 0) return { toTake: [], stealing: false, target, workers };
  if (available.length > 0) {
    const toTake = shuffle(available, input.random)
      .slice(0, needed)
      .map((o) => o.lease);
    return { toTake, stealing: false, target, workers };
  }
  let mostLoaded: [string, number] | undefined;
  for (const entry of counts) {
    if (mostLoaded === undefined || entry[1] > mostLoaded[1]) mostLoaded = entry;
  }
  const [victim, load] = mostLoaded!;
  let steal = 0;
  if (load >= target && needed > 0) {
    steal = Math.min(needed, load - target);
    if (needed > 1 && steal === 0) steal = 1;
    steal = Math.min(steal, input.maxLeasesToStealAtOneTime);
  }
  if (steal <= 0 || victim === workerId) return { toTake: [], stealing: false, target, workers };
  needed = steal;
  const candidates = input.leases.filter((o) => o.lease.leaseOwner === victim);
  return {
    toTake: shuffle(candidates, input.random)
      .slice(0, needed)
      .map((o) => o.lease),
    stealing: true,
    target,
    workers,
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
