export {
  FREQUENT_ROUTES_WINDOW_MS,
  PROFIT_WINDOW_MS,
  EMPTY_TAXI_WINDOW_MS,
  TOP_SIZE,
  NULL_FIELD,
} from './constants.js';
export { QUERY1_GRID, QUERY2_GRID, type DebsGrid } from './debs-grid.js';
export { cellOf, cellId } from './cell-of.js';
export type { DebsQueryStats } from './debs-query-stats.js';
export { FrequentRoutesQuery, type RouteRank } from './frequent-routes-query.js';
export { ProfitableCellsQuery, type CellRank } from './profitable-cells-query.js';
export { createDebsQuery, type DebsQuery } from './debs-query.js';
