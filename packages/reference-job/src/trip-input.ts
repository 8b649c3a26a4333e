import type { EndOfInput, WatermarkStatus } from '@tripstream/rx-event-time';
import type { RawRecord } from './dead-letter-entry.js';

/** Raw records read from one input (a shard's GetRecords batch, a run of file lines). */
export interface RawBatch {
  readonly kind: 'records';
  readonly input: string;
  readonly records: readonly RawRecord[];
}

/**
 * What the job's input stage takes: raw batches, and the inputs' lifecycle — `active` declares an
 * input (a shard found by resharding) so it holds the watermark back until it speaks, `idle` and
 * `end` as in rx-event-time. `end` without an input ends every input (the end of a bounded run).
 */
export type TripInput = RawBatch | WatermarkStatus | EndOfInput;
