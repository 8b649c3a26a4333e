import { SNAPSHOT_VERSION } from '../constants.js';
import { SnapshotError } from '../errors/snapshot-error.js';
import type { JsonValue } from '../events/json-value.js';
import { TOP_N_SNAPSHOT_FORMAT } from '../snapshot-formats.js';
import type { WindowKey } from '../windows/window-operator-options.js';
import { SortedBlocks, type RankedEntry } from './_internals/sorted-blocks.js';
import {
  resolveTopNOptions,
  type ResolvedTopNOptions,
  type TopNEntry,
  type TopNOptions,
} from './top-n-options.js';
import type { TopNSnapshot } from './top-n-snapshot.js';

/**
 * Flink SQL's Top-N (`ROW_NUMBER() OVER (ORDER BY …) <= size`) as a synchronous core with
 * change-only output: keep every key's current value with `set` / `delete`, and call `changes()`
 * after each step (an event, a batch) — it returns the new top `size` only when it differs from the
 * one it returned last. All keys are kept in order (sorted blocks), so an update costs O(log n) and
 * a change check O(size), however many keys there are. The core of the `topN` operator.
 *
 * Values are treated as immutable: `set` a new value rather than mutating one already set.
 */
export class TopN<K extends WindowKey, V> {
  /** @internal */
  readonly config: ResolvedTopNOptions<V>;
  private sorted: SortedBlocks<K, V>;
  private entries = new Map<K, RankedEntry<K, V>>();
  private reportedKeys: K[] = [];
  private reportedValues: V[] = [];

  constructor(options: TopNOptions<V>) {
    this.config = resolveTopNOptions(options);
    this.sorted = new SortedBlocks(this.config.compare);
  }

  /** How many keys it holds (ranked or not). */
  get count(): number {
    return this.entries.size;
  }

  /** The value of a key, if set. */
  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Sets (inserts or replaces) a key's value. */
  set(key: K, value: V): void {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.sorted.remove(entry);
      entry.value = value;
      this.sorted.insert(entry);
    } else {
      const created: RankedEntry<K, V> = { key, value };
      this.entries.set(key, created);
      this.sorted.insert(created);
    }
  }

  /** Removes a key; false if it was not there. */
  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.sorted.remove(entry);
    return true;
  }

  /** The current top `size`, best first. */
  top(): TopNEntry<K, V>[] {
    const out: TopNEntry<K, V>[] = [];
    const size = this.config.size;
    for (const block of this.sorted.blocks) {
      for (const { key, value } of block) {
        if (out.length === size) return out;
        out.push({ key, value });
      }
    }
    return out;
  }

  /**
   * The current top `size` if it differs (keys, order, or a value `equals` rejects) from the one
   * this method returned last (initially the empty ranking); otherwise `undefined`.
   */
  changes(): TopNEntry<K, V>[] | undefined {
    const keys = this.reportedKeys;
    const values = this.reportedValues;
    const equals = this.config.equals;
    const size = this.config.size;
    let i = 0;
    let same = true;
    outer: for (const block of this.sorted.blocks) {
      for (let j = 0; j < block.length; j++) {
        if (i === size) break outer;
        const entry = block[j];
        if (
          i >= keys.length ||
          keys[i] !== entry.key ||
          (equals !== undefined && !equals(values[i], entry.value))
        ) {
          same = false;
          break outer;
        }
        i++;
      }
    }
    if (same && i === keys.length) return undefined;
    const top = this.top();
    this.reportedKeys = top.map((e) => e.key);
    this.reportedValues = top.map((e) => e.value);
    return top;
  }

  /** The whole state as plain JSON; later changes do not affect it. */
  snapshot(): TopNSnapshot {
    const entries: { key: WindowKey; value: JsonValue }[] = [];
    for (const block of this.sorted.blocks) {
      for (const { key, value } of block) {
        entries.push({ key, value: structuredClone(value) as JsonValue });
      }
    }
    return {
      format: TOP_N_SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      size: this.config.size,
      entries,
      reported: this.reportedKeys.map((key, i) => ({
        key,
        value: structuredClone(this.reportedValues[i]) as JsonValue,
      })),
    };
  }

  /**
   * Replaces the whole state with a snapshot's. Throws a `SnapshotError`, leaving the state as it
   * was, if it is malformed, out of order under this `compare`, or of another size.
   */
  restore(snapshot: TopNSnapshot): void {
    if (snapshot === null || typeof snapshot !== 'object') {
      throw new SnapshotError('$', snapshot, 'expected a TopNSnapshot object');
    }
    if (snapshot.format !== TOP_N_SNAPSHOT_FORMAT) {
      throw new SnapshotError('format', snapshot.format, `expected "${TOP_N_SNAPSHOT_FORMAT}"`);
    }
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new SnapshotError('version', snapshot.version, `expected ${SNAPSHOT_VERSION}`);
    }
    if (snapshot.size !== this.config.size) {
      throw new SnapshotError(
        'size',
        snapshot.size,
        `differs from this TopN's ${this.config.size}`,
      );
    }
    const sorted = new SortedBlocks<K, V>(this.config.compare);
    const entries = new Map<K, RankedEntry<K, V>>();
    arrayAt(snapshot.entries, 'entries').forEach((e, i) => {
      const key = keyAt<K>(e?.key, `entries[${i}].key`);
      if (entries.has(key)) throw new SnapshotError(`entries[${i}].key`, key, 'duplicate key');
      const entry: RankedEntry<K, V> = { key, value: structuredClone(e.value) as V };
      const last = sorted.last();
      if (last !== undefined && this.config.compare(last.value, entry.value) > 0) {
        throw new SnapshotError(`entries[${i}].value`, e.value, 'ranks before the entry above it');
      }
      entries.set(key, entry);
      sorted.append(entry);
    });
    const reported = arrayAt(snapshot.reported, 'reported');
    if (reported.length > this.config.size) {
      throw new SnapshotError('reported', reported.length, `expected at most ${this.config.size}`);
    }
    const reportedKeys = reported.map((e, i) => keyAt<K>(e?.key, `reported[${i}].key`));
    this.sorted = sorted;
    this.entries = entries;
    this.reportedKeys = reportedKeys;
    this.reportedValues = reported.map((e) => structuredClone(e.value) as V);
  }
}

function arrayAt<E>(value: readonly E[] | undefined, path: string): readonly E[] {
  if (Array.isArray(value)) return value;
  throw new SnapshotError(path, value, 'expected an array');
}

function keyAt<K>(key: unknown, path: string): K {
  if (typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))) return key as K;
  throw new SnapshotError(path, key, 'expected a string or finite number key');
}
