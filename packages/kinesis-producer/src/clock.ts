import type { Clock as SharedClock } from '@tripstream/support';

export type { TimerHandle } from '@tripstream/support';

/**
 * Time source and timers of a producer: the `now`, `setTimeout` and `clearTimeout` of
 * `@tripstream/support`'s `Clock` (so its `systemClock` and `ManualClock` fit). Batching linger,
 * retry backoff, pacing waits, watermark and shard-map intervals all go through it, so tests can
 * run them in virtual time.
 */
export type Clock = Pick<SharedClock, 'now' | 'setTimeout' | 'clearTimeout'>;
