/** @internal An entry of a {@link SortedBlocks}: compared by `value`, found again by identity. */
export interface RankedEntry<K, V> {
  readonly key: K;
  value: V;
}

/** Block size bounds: small enough that a splice is a short memmove, large enough to keep few blocks. */
const LOAD = 64;

/**
 * A sorted list of entries as a list of sorted blocks (the layout of Python's sortedcontainers):
 * insert and remove cost a binary search over the blocks, one inside a block and a splice of at
 * most `2 * LOAD` slots. Entries that compare equal stay in insertion order.
 * @internal
 */
export class SortedBlocks<K, V> {
  blocks: RankedEntry<K, V>[][] = [];
  size = 0;

  constructor(private readonly compare: (a: V, b: V) => number) {}

  /** Inserts after every entry that compares <= it. */
  insert(entry: RankedEntry<K, V>): void {
    const blocks = this.blocks;
    const compare = this.compare;
    this.size++;
    if (blocks.length === 0) {
      blocks.push([entry]);
      return;
    }
    const v = entry.value;
    // The first block whose last entry ranks after v; the last block if none does.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid];
      if (compare(block[block.length - 1].value, v) > 0) hi = mid;
      else lo = mid + 1;
    }
    const block = blocks[lo];
    let i = 0;
    let j = block.length;
    while (i < j) {
      const mid = (i + j) >>> 1;
      if (compare(block[mid].value, v) > 0) j = mid;
      else i = mid + 1;
    }
    // By hand rather than `splice`, which allocates the (empty) array of removed items every call.
    let k = block.length;
    block.push(entry);
    for (; k > i; k--) block[k] = block[k - 1];
    block[i] = entry;
    if (block.length > 2 * LOAD) blocks.splice(lo + 1, 0, block.splice(LOAD));
  }

  /** Removes this very entry (its value must be the one it was inserted with); false if absent. */
  remove(entry: RankedEntry<K, V>): boolean {
    const blocks = this.blocks;
    const compare = this.compare;
    const v = entry.value;
    // The first block whose last entry does not rank before v.
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = blocks[mid];
      if (compare(block[block.length - 1].value, v) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let b = lo; b < blocks.length; b++) {
      const block = blocks[b];
      let i = 0;
      if (b === lo) {
        let j = block.length;
        while (i < j) {
          const mid = (i + j) >>> 1;
          if (compare(block[mid].value, v) < 0) i = mid + 1;
          else j = mid;
        }
      }
      for (; i < block.length; i++) {
        const candidate = block[i];
        if (candidate === entry) {
          if (block.length === 1) blocks.splice(b, 1);
          else {
            for (let k = i + 1; k < block.length; k++) block[k - 1] = block[k];
            block.pop();
          }
          this.size--;
          return true;
        }
        if (compare(candidate.value, v) > 0) return false;
      }
    }
    return false;
  }

  /** Appends an entry known to rank after every present one (restore). */
  append(entry: RankedEntry<K, V>): void {
    const last = this.blocks[this.blocks.length - 1];
    if (last === undefined || last.length >= LOAD) this.blocks.push([entry]);
    else last.push(entry);
    this.size++;
  }

  /** The last entry, if any. */
  last(): RankedEntry<K, V> | undefined {
    const block = this.blocks[this.blocks.length - 1];
    return block?.[block.length - 1];
  }

  clear(): void {
    this.blocks = [];
    this.size = 0;
  }
}
