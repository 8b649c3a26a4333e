import type { DebsGrid } from './debs-grid.js';

/**
 * The cell of a point as one number, `(x - 1) * cells + (y - 1)`, or `-1` outside the grid. A cell
 * holds its west and north edges (the cell index is `floor` of the offset from the grid's
 * north-west corner), so every point belongs to exactly one cell.
 */
export function cellOf(grid: DebsGrid, latitude: number, longitude: number): number {
  const x = Math.floor(
    (longitude - (grid.centerLongitude - grid.cellLongitude / 2)) / grid.cellLongitude,
  );
  const y = Math.floor(
    (grid.centerLatitude + grid.cellLatitude / 2 - latitude) / grid.cellLatitude,
  );
  const cells = grid.cells;
  // Also false for NaN.
  if (!(x >= 0 && x < cells && y >= 0 && y < cells)) return -1;
  return x * cells + y;
}

/** The challenge's name of a cell number from {@link cellOf}: `x.y`, 1-based, e.g. `161.155`. */
export function cellId(grid: DebsGrid, cell: number): string {
  return `${Math.floor(cell / grid.cells) + 1}.${(cell % grid.cells) + 1}`;
}
