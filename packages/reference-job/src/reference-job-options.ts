/** Options of the reference job; the processor's flags map onto these. */
export interface ReferenceJobOptions {
  /** Tumbling window length in milliseconds, windows aligned to the epoch. Default 3_600_000 (1 h). */
  windowMs?: number;
  /** Geohash characters of the pickup cell for `pickup_count`. Default 7. */
  pickupPrecision?: number;
  /** Geohash characters of the pickup cell for `trip_duration`. Default 6. */
  durationPrecision?: number;
  /** A `trip_duration` document is written only for windows with at least this many trips. Default 2. */
  minTripsForDuration?: number;
}

/** {@link ReferenceJobOptions} with every default applied and every value checked. */
export type ResolvedReferenceJobOptions = Required<ReferenceJobOptions>;

/** One hour, in milliseconds. */
export const DEFAULT_WINDOW_MS = 3_600_000;

/**
 * Applies defaults and checks every field once.
 *
 * @throws RangeError naming the field and the bad value.
 */
export function resolveReferenceJobOptions(
  options: ReferenceJobOptions = {},
): ResolvedReferenceJobOptions {
  const resolved = {
    windowMs: options.windowMs ?? DEFAULT_WINDOW_MS,
    pickupPrecision: options.pickupPrecision ?? 7,
    durationPrecision: options.durationPrecision ?? 6,
    minTripsForDuration: options.minTripsForDuration ?? 2,
  };
  check('windowMs', resolved.windowMs, 1, Number.MAX_SAFE_INTEGER);
  check('pickupPrecision', resolved.pickupPrecision, 1, 12);
  check('durationPrecision', resolved.durationPrecision, 1, 12);
  check('minTripsForDuration', resolved.minTripsForDuration, 1, Number.MAX_SAFE_INTEGER);
  return resolved;
}

function check(field: string, value: number, min: number, max: number): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(
      `ReferenceJobOptions.${field} must be an integer in ${min}..${max}, got ${String(value)}`,
    );
  }
}
