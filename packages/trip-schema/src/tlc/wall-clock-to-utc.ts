/** How a wall-clock reading mapped to an instant. */
export type WallClockFit = 'exact' | 'gap' | 'overlap';

/** Converts `YYYY-MM-DD HH:mm[:ss[.fff]]` readings of one time zone's clock to epoch ms. */
export interface WallClockConverter {
  readonly timeZone: string;
  /**
   * The instant, or NaN when the text is not a date-time. `fit` says whether the reading fell in a
   * daylight-saving gap (moved forward by the gap, as `java.time.ZonedDateTime.of` does) or an
   * overlap (the earlier of the two instants, also as java.time).
   */
  toUtc(text: string): { ms: number; fit: WallClockFit };
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
/** Offsets change only on quarter-hour boundaries in the tz database. */
const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/**
 * A converter for one IANA time zone, using only `Intl` (no tz library). Offsets are looked up once
 * per quarter hour of wall-clock time and cached.
 *
 * @throws RangeError naming the time zone when `Intl` does not know it.
 */
export function createWallClockConverter(timeZone: string): WallClockConverter {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`, { cause });
  }
  const offsetCache = new Map<number, number>();
  /** Offset (wall clock minus UTC, ms) in force at instant `t`. */
  const offsetAt = (t: number): number => {
    const bucket = Math.floor(t / BUCKET_MS);
    let offset = offsetCache.get(bucket);
    if (offset === undefined) {
      const at = bucket * BUCKET_MS;
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(at)) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      const wall = Date.UTC(
        parts.year,
        parts.month - 1,
        parts.day,
        parts.hour,
        parts.minute,
        parts.second,
      );
      offset = wall - at;
      offsetCache.set(bucket, offset);
    }
    return offset;
  };
  const fitCache = new Map<number, { offset: number; fit: WallClockFit }>();
  /** The offset to apply to a wall-clock quarter hour (as if it were UTC), per java.time's rules. */
  const resolve = (localBucketStart: number): { offset: number; fit: WallClockFit } => {
    const before = offsetAt(localBucketStart - DAY_MS);
    const after = offsetAt(localBucketStart + DAY_MS);
    const valid = [before, after].filter(
      (o, i, all) => all.indexOf(o) === i && offsetAt(localBucketStart - o) === o,
    );
    if (valid.length === 1) return { offset: valid[0], fit: 'exact' };
    // Overlap: the earlier instant is the one with the larger offset.
    if (valid.length === 2) return { offset: Math.max(before, after), fit: 'overlap' };
    return { offset: before, fit: 'gap' };
  };
  return {
    timeZone: format.resolvedOptions().timeZone,
    toUtc(text) {
      const m = PATTERN.exec(text);
      if (m === null) return { ms: NaN, fit: 'exact' };
      const month = Number(m[2]);
      const day = Number(m[3]);
      const hour = Number(m[4]);
      const minute = Number(m[5]);
      const second = m[6] === undefined ? 0 : Number(m[6]);
      const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
      const year = Number(m[1]);
      const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
      const check = new Date(local);
      if (
        month < 1 ||
        month > 12 ||
        hour > 23 ||
        minute > 59 ||
        second > 59 ||
        check.getUTCDate() !== day ||
        check.getUTCFullYear() !== year
      ) {
        return { ms: NaN, fit: 'exact' };
      }
      const bucket = Math.floor(local / BUCKET_MS);
      let resolved = fitCache.get(bucket);
      if (resolved === undefined) {
        resolved = resolve(bucket * BUCKET_MS);
        fitCache.set(bucket, resolved);
      }
      return { ms: local - resolved.offset, fit: resolved.fit };
    },
  };
}
