import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/**
 * An rxjs scheduler in virtual time that moves only when the test says so: for the packages that
 * take a `scheduler` option (the OpenSearch sink). rxjs's own `VirtualTimeScheduler` runs
 * everything on `flush()`; this one runs what falls due within `advance(ms)` and then stands at
 * exactly that time, so `now()` is what the test set, whatever the machine's speed.
 */
export class SteppedScheduler extends VirtualTimeScheduler {
  private at = 0;

  constructor() {
    super(VirtualAction, 0);
  }

  /** Moves time forward by `ms`, running every action that falls due, earliest first. */
  advance(ms: number): void {
    this.at += ms;
    this.maxFrames = this.at;
    this.flush();
    this.frame = this.at;
  }
}
