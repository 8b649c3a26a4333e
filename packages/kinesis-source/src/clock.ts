import type { Clock as SharedClock } from '@tripstream/support';

/**
 * Time as the source sees it: the `now` and `sleep` of `@tripstream/support`'s `Clock` (so its
 * `systemClock` and `ManualClock` fit). The source is a set of async loops around network calls,
 * so the clock is promise-based rather than an RxJS scheduler: tests inject a manual clock.
 */
export type Clock = Pick<SharedClock, 'now' | 'sleep'>;
