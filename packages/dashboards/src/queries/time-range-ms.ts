import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { TimeRange } from '../saved-objects/saved-objects-options.js';

/**
 * An absolute time range in epoch milliseconds. Queries need instants; date math (`now-7d`) is
 * for the dashboard, which resolves it in the browser.
 *
 * @throws InvalidOptionError when an end is not an ISO-8601 instant or `from >= to`.
 */
export function timeRangeMs(range: TimeRange): { from: number; to: number } {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (Number.isNaN(from)) {
    throw new InvalidOptionError('timeRange.from', range.from, 'must be an ISO-8601 instant');
  }
  if (Number.isNaN(to)) {
    throw new InvalidOptionError('timeRange.to', range.to, 'must be an ISO-8601 instant');
  }
  if (from >= to) throw new InvalidOptionError('timeRange.to', range.to, 'must be after from');
  return { from, to };
}
