import type { InputStatus } from '../watermark-combiner-snapshot.js';

/** One input's mutable state inside a combiner. @internal */
export interface InputState {
  readonly id: string;
  watermark: number;
  maxTimestamp: number;
  status: InputStatus;
  records: number;
  /** Clock time of the last record, watermark or `active` event. */
  lastActivity: number;
}
