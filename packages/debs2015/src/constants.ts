/** Query 1's window: trips that dropped off in the last 30 minutes, ms. */
export const FREQUENT_ROUTES_WINDOW_MS = 30 * 60_000;

/** Query 2's profit window: trips that dropped off in the last 15 minutes, ms. */
export const PROFIT_WINDOW_MS = 15 * 60_000;

/** Query 2's empty-taxi window: a taxi's latest dropoff in the last 30 minutes, ms. */
export const EMPTY_TAXI_WINDOW_MS = 30 * 60_000;

/** How many routes or cells an output line ranks. */
export const TOP_SIZE = 10;

/** The filler of a rank no route or cell occupies. */
export const NULL_FIELD = 'NULL';
