import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Checkpoints as numbered JSON files in one folder. A write goes to a temp file, is fsynced, then
 * renamed into place, so a reader (or a restart after kill -9) sees either the old or the new
 * checkpoint, never half of one.
 */
export class CheckpointStore<T> {
  constructor(
    private readonly dir: string,
    /** How many checkpoints to keep; older ones are removed. */
    private readonly keep = 3,
  ) {}

  private async ids(): Promise<number[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names
      .map((n) => /^checkpoint-(\d+)\.json$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /**
   * The newest checkpoint that parses and that `accept` takes, or undefined when there is none.
   * `accept` throws for a checkpoint that is structurally invalid (e.g. its state does not
   * restore): like one that does not parse, it counts as corrupt, with a warning naming the file,
   * and the previous one is tried. An error `accept` marks as fatal (see `isFatal`) propagates.
   */
  async latest(
    accept: (state: T, file: string) => void = () => {},
    isFatal: (err: unknown) => boolean = () => false,
  ): Promise<{ id: number; file: string; state: T } | undefined> {
    const ids = await this.ids();
    for (let i = ids.length - 1; i >= 0; i--) {
      const file = join(this.dir, `checkpoint-${ids[i]}.json`);
      try {
        const state = JSON.parse(await readFile(file, 'utf8')) as T;
        accept(state, file);
        return { id: ids[i], file, state };
      } catch (err) {
        if (isFatal(err)) throw err;
        // A completed rename never leaves half a checkpoint: this one is damaged. Say so, use the previous.
        process.emitWarning(
          `checkpoint ${file} is corrupt (${(err as Error)?.message ?? String(err)}); trying an older one`,
        );
      }
    }
    return undefined;
  }

  /** Writes a new checkpoint atomically and prunes old ones; returns its id. */
  async save(state: T): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    const ids = await this.ids();
    const id = (ids.at(-1) ?? 0) + 1;
    const final = join(this.dir, `checkpoint-${id}.json`);
    const temp = `${final}.tmp-${process.pid}`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, final);
    for (const old of ids.slice(0, Math.max(0, ids.length + 1 - this.keep))) {
      await rm(join(this.dir, `checkpoint-${old}.json`), { force: true });
    }
    return id;
  }
}
