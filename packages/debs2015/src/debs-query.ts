import type { TripEvent } from '@tripstream/trip-schema';
import { InvalidOptionError } from '@tripstream/rx-event-time';
import type { DebsQueryStats } from './debs-query-stats.js';
import { FrequentRoutesQuery } from './frequent-routes-query.js';
import { ProfitableCellsQuery } from './profitable-cells-query.js';

/** Either query: one trip in, at most one output line (without its delay column) out. */
export interface DebsQuery {
  process(trip: TripEvent): string | undefined;
  stats(): DebsQueryStats;
}

/** Query 1 (frequent routes) or query 2 (profitable cells), fresh. */
export function createDebsQuery(query: 1 | 2): DebsQuery {
  if (query === 1) return new FrequentRoutesQuery();
  if (query === 2) return new ProfitableCellsQuery();
  throw new InvalidOptionError('query', query, '1 (frequent routes) or 2 (profitable cells)');
}
