import type {
  ShardFilter,
  ShardInfo,
  ShardPosition,
  ShardStartPosition,
  ShardStatus,
} from '../types.js';
import type { ResolvedOptions } from './resolve-options.js';

/** @internal One shard as the planner tracks it. */
export interface PlannedShard {
  shard: ShardInfo;
  /** `parentShardId` and `adjacentParentShardId`, when set. */
  parentShardIds: string[];
  status: ShardStatus;
  /** Parents this source reads that must finish before this shard starts. */
  waitingFor: string[];
  /** Set for shards that will be read. */
  startPosition?: ShardStartPosition;
  /** Whether its lineage was resumed from the checkpoint (children then start at TRIM_HORIZON). */
  fromCheckpoint: boolean;
}

/**
 * @internal Decides, for every listed shard, whether and from where it is read, and releases a
 * child only once every parent this source reads is finished (parent-before-child). Pure: no I/O,
 * no clock.
 *
 * Start rules, first match wins:
 * 1. filtered out: `excluded` (never read; its children do not wait for it);
 * 2. in `checkpoint.finished`: `finished`;
 * 3. named in `checkpoint.shards`: read after that record (or from the recorded start), without
 *    waiting (a position proves its parents were done);
 * 4. an ancestor of a shard the checkpoint names: `finished` (it was read before the checkpoint);
 * 5. has a parent this source reads (or finished in the checkpoint): a child, read from its
 *    beginning (`AT_TIMESTAMP` is inherited when no checkpoint is involved);
 * 6. a root at startup: `startPosition`, except that `LATEST` skips closed shards;
 * 7. a root listed later (new, or orphaned by the filter): `TRIM_HORIZON`, so nothing written to
 *    it before it was listed is lost.
 */
export class ShardPlanner {
  readonly #nodes = new Map<string, PlannedShard>();
  #initialListingDone = false;

  constructor(
    private readonly startPosition: ResolvedOptions['startPosition'],
    private readonly checkpoint: {
      shards: ReadonlyMap<string, ShardPosition>;
      finished: ReadonlySet<string>;
    },
    private readonly filter: ShardFilter,
  ) {}

  get(shardId: string): PlannedShard | undefined {
    return this.#nodes.get(shardId);
  }

  all(): PlannedShard[] {
    return [...this.#nodes.values()];
  }

  /** Adds the shards of `listing` not seen before; returns them in parent-first order. */
  add(listing: readonly ShardInfo[]): PlannedShard[] {
    const fresh = listing.filter((s) => !this.#nodes.has(s.shardId));
    const impliedDone = this.#ancestorsOfCheckpointed(listing);
    const added: PlannedShard[] = [];
    for (const shard of parentFirst(fresh)) {
      const node = this.#plan(shard, listing, impliedDone);
      this.#nodes.set(shard.shardId, node);
      added.push(node);
    }
    this.#initialListingDone = true;
    return added;
  }

  /** Waiting shards whose parents are all finished, now marked `reading`; by shard id. */
  takeReady(): PlannedShard[] {
    const ready: PlannedShard[] = [];
    for (const node of this.#nodes.values()) {
      if (node.status !== 'waiting') continue;
      if (node.waitingFor.every((p) => this.#nodes.get(p)?.status === 'finished')) {
        node.status = 'reading';
        ready.push(node);
      }
    }
    return ready.sort((a, b) => compareIds(a.shard.shardId, b.shard.shardId));
  }

  finish(shardId: string): void {
    const node = this.#nodes.get(shardId);
    if (node) node.status = 'finished';
  }

  /** Known children of a shard, by id. */
  childrenOf(shardId: string): string[] {
    const out: string[] = [];
    for (const node of this.#nodes.values()) {
      if (node.parentShardIds.includes(shardId)) out.push(node.shard.shardId);
    }
    return out.sort(compareIds);
  }

  /** Whether no listed shard is waiting or being read. */
  allDone(): boolean {
    for (const node of this.#nodes.values()) {
      if (node.status === 'waiting' || node.status === 'reading') return false;
    }
    return true;
  }

  #plan(shard: ShardInfo, listing: readonly ShardInfo[], impliedDone: Set<string>): PlannedShard {
    const id = shard.shardId;
    const parentShardIds = [shard.parentShardId, shard.adjacentParentShardId].filter(
      (p): p is string => typeof p === 'string' && p.length > 0,
    );
    const node: PlannedShard = {
      shard,
      parentShardIds,
      status: 'waiting',
      waitingFor: [],
      fromCheckpoint: false,
    };
    if (!this.filter(shard, listing)) {
      node.status = 'excluded';
      return node;
    }
    if (this.checkpoint.finished.has(id)) {
      node.status = 'finished';
      node.fromCheckpoint = true;
      return node;
    }
    const position = this.checkpoint.shards.get(id);
    if (position) {
      node.fromCheckpoint = true;
      node.startPosition = resumeFrom(position);
      return node;
    }
    if (impliedDone.has(id)) {
      node.status = 'finished';
      node.fromCheckpoint = true;
      return node;
    }
    const readParents = parentShardIds.filter((p) => {
      const parent = this.#nodes.get(p);
      if (parent) return parent.status !== 'excluded' && parent.status !== 'skipped';
      return this.checkpoint.finished.has(p);
    });
    if (readParents.length > 0) {
      node.fromCheckpoint = readParents.some((p) => this.#nodes.get(p)?.fromCheckpoint ?? true);
      node.waitingFor = readParents.filter((p) => this.#nodes.has(p));
      node.startPosition =
        this.startPosition.type === 'AT_TIMESTAMP' && !node.fromCheckpoint
          ? this.startPosition
          : { type: 'TRIM_HORIZON' };
      return node;
    }
    if (this.#initialListingDone) {
      node.startPosition = { type: 'TRIM_HORIZON' };
      return node;
    }
    if (this.startPosition.type === 'LATEST' && shard.sequenceNumberRange.endingSequenceNumber) {
      node.status = 'skipped';
      return node;
    }
    node.startPosition = this.startPosition;
    return node;
  }

  /** Shards (listed or known) above a shard the checkpoint names, that it does not name itself. */
  #ancestorsOfCheckpointed(listing: readonly ShardInfo[]): Set<string> {
    const parentsOf = new Map<string, string[]>();
    for (const node of this.#nodes.values()) parentsOf.set(node.shard.shardId, node.parentShardIds);
    for (const s of listing) {
      parentsOf.set(
        s.shardId,
        [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => !!p),
      );
    }
    const out = new Set<string>();
    const stack = [...this.checkpoint.shards.keys(), ...this.checkpoint.finished];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const p of parentsOf.get(id) ?? []) {
        if (!this.checkpoint.shards.has(p) && !this.checkpoint.finished.has(p)) out.add(p);
        stack.push(p);
      }
    }
    return out;
  }
}

/** @internal Where to resume a shard from its checkpointed position. */
export function resumeFrom(position: ShardPosition): ShardStartPosition {
  if ('startPosition' in position) return { ...position.startPosition };
  return position.subSequenceNumber === undefined
    ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: position.sequenceNumber }
    : {
        type: 'AT_SEQUENCE_NUMBER',
        sequenceNumber: position.sequenceNumber,
        afterSubSequenceNumber: position.subSequenceNumber,
      };
}

/** Orders shards so that every parent in the list precedes its children. */
function parentFirst(shards: readonly ShardInfo[]): ShardInfo[] {
  const pending = new Map(shards.map((s) => [s.shardId, s]));
  const out: ShardInfo[] = [];
  const sorted = [...shards].sort((a, b) => compareIds(a.shardId, b.shardId));
  while (pending.size > 0) {
    let progressed = false;
    for (const s of sorted) {
      if (!pending.has(s.shardId)) continue;
      const blocked = [s.parentShardId, s.adjacentParentShardId].some(
        (p) => p !== undefined && p !== s.shardId && pending.has(p),
      );
      if (blocked) continue;
      pending.delete(s.shardId);
      out.push(s);
      progressed = true;
    }
    // A parent cycle cannot come from Kinesis; break it rather than loop forever.
    if (!progressed) {
      for (const s of sorted) if (pending.delete(s.shardId)) out.push(s);
    }
  }
  return out;
}

/** @internal Shard ids compare by their numeric suffix when both have one, else as strings. */
export function compareIds(a: string, b: string): number {
  const na = /(\d+)$/.exec(a)?.[1];
  const nb = /(\d+)$/.exec(b)?.[1];
  if (na !== undefined && nb !== undefined && a.slice(0, -na.length) === b.slice(0, -nb.length)) {
    const d = Number(na) - Number(nb);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
