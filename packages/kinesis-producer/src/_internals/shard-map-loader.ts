import { ShardMapError } from '../errors/shard-map-error.js';
import { listOpenShards } from '../list-open-shards.js';
import type { ShardMap } from '../shard-map.js';
import { fullJitterBackoff } from '@tripstream/support';
import { classifyCallError } from './classify-error.js';
import type { ProducerTimers } from './producer-timers.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * @internal Lists the stream's open shards, retrying retryable errors with backoff, and coalesces
 * refreshes: while one listing runs, every further request shares a single follow-up listing.
 */
export class ShardMapLoader {
  private refreshing: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedOptions<never>,
    private readonly timers: ProducerTimers,
    private readonly stopped: () => boolean,
    /** Installs a listing; not called once the producer has stopped. */
    private readonly apply: (map: ShardMap) => void,
  ) {}

  /** @throws ShardMapError once retries are exhausted or the error is not retryable. */
  async load(): Promise<ShardMap> {
    const { client, streamName, streamARN, stream, retry, random } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const map = await listOpenShards(client, { streamName, streamARN });
        if (map.size === 0) throw new Error('the stream has no open shards');
        return map;
      } catch (error) {
        const reason = classifyCallError(error);
        if (!reason.retryable || attempt >= retry.maxAttempts || this.stopped()) {
          throw new ShardMapError(stream, error);
        }
        await this.timers.sleep(fullJitterBackoff(attempt, { ...retry, random }));
      }
    }
  }

  /** Lists the shards again and applies them; rejects with `ShardMapError`. */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.refreshQueued ??= this.refreshing
        .catch(() => undefined)
        .then(() => {
          this.refreshQueued = undefined;
          return this.refresh();
        });
      return this.refreshQueued;
    }
    const refresh = this.load()
      .then((map) => {
        if (!this.stopped()) this.apply(map);
      })
      .finally(() => {
        if (this.refreshing === refresh) this.refreshing = undefined;
      });
    this.refreshing = refresh;
    return refresh;
  }

  /** Background refresh: on failure the old map stays (Kinesis routes by hash key regardless). */
  request(): void {
    if (this.refreshQueued !== undefined || this.stopped()) return;
    this.refresh().catch(() => undefined);
  }
}
