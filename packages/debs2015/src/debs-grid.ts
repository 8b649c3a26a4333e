/**
 * A DEBS 2015 grid: cell `1.1` is centred on (`centerLatitude`, `centerLongitude`); cell `x.y` is
 * `x - 1` cells east and `y - 1` cells south of it, for `x` and `y` in `1..cells`. Degrees.
 */
export interface DebsGrid {
  readonly centerLatitude: number;
  readonly centerLongitude: number;
  /** Degrees of latitude per cell (southward). */
  readonly cellLatitude: number;
  /** Degrees of longitude per cell (eastward). */
  readonly cellLongitude: number;
  /** Cells per side. */
  readonly cells: number;
}

/** Query 1: 500 m cells, 300 x 300. */
export const QUERY1_GRID: DebsGrid = Object.freeze({
  centerLatitude: 41.474937,
  centerLongitude: -74.913585,
  cellLatitude: 0.004491556,
  cellLongitude: 0.005986,
  cells: 300,
});

/** Query 2: 250 m cells (half the steps), 600 x 600, cell `1.1` centred on the same point. */
export const QUERY2_GRID: DebsGrid = Object.freeze({
  centerLatitude: 41.474937,
  centerLongitude: -74.913585,
  cellLatitude: 0.004491556 / 2,
  cellLongitude: 0.005986 / 2,
  cells: 600,
});
