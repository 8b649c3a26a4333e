import type { OutputRecord, TripDurationRecord } from './types.js';

/** True for `trip_duration` records; narrows `doc` to a `TripDurationDoc`. */
export function isTripDurationRecord(record: OutputRecord): record is TripDurationRecord {
  return record.index === 'trip_duration';
}
