import type { Clock as SharedClock } from '@tripstream/support';

/**
 * Time as the coordinator sees it: the `now` and `sleep` of `@tripstream/support`'s `Clock` (so its
 * `systemClock` and `ManualClock` fit). Leases expire by the observer's clock, never by comparing
 * clocks of two machines (as in the KCL), so tests inject a manual clock and step it.
 */
export type Clock = Pick<SharedClock, 'now' | 'sleep'>;
