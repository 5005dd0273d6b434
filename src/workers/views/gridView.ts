/**
 * Heatmap and N-D slice views: one 2-D plane of the displayed tensor (two chosen axes, the others
 * fixed), optionally only a zoomed region of it, reduced by blocks to what the plot can show.
 */
import { region, type BlockReduce } from '../../core/viz/downsample';
import { fastDownsample as downsample } from './fastDownsample';
import { slice2d } from '../../core/viz/slice';
import type { PlotGrid, Rect } from '../viewTypes';
import type { Numbers } from './derived';

/** Clamps a requested region to the plane; null when it covers the whole plane. */
export function clampRect(r: Rect | undefined, rows: number, cols: number): Rect | null {
  if (!r) return null;
  const r0 = Math.max(0, Math.min(rows - 1, Math.floor(r.r0)));
  const c0 = Math.max(0, Math.min(cols - 1, Math.floor(r.c0)));
  const r1 = Math.max(r0 + 1, Math.min(rows, Math.ceil(r.r1)));
  const c1 = Math.max(c0 + 1, Math.min(cols, Math.ceil(r.c1)));
  return r0 === 0 && c0 === 0 && r1 === rows && c1 === cols ? null : { r0, r1, c0, c1 };
}

export interface PlaneRequest {
  rowAxis: number;
  colAxis: number;
  fixed: number[];
  maxRows: number;
  maxCols: number;
  reduce: BlockReduce;
  region?: Rect;
}

/** A plane of `values` (row-major, `shape`) as a plot grid in source row/column coordinates. */
export function planeGrid(values: Numbers, shape: number[], q: PlaneRequest): { grid: PlotGrid; fixed: number[] } {
  const rows = shape[q.rowAxis], cols = shape[q.colAxis];
  const plain = shape.length === 2 && q.rowAxis === 0 && q.colAxis === 1;
  // A 2-D tensor in its own order is the plane itself: no copy of a 25M-element array.
  const fixed = fixedIndices(shape, q);
  let plane: Numbers = plain ? values : slice2d(values, shape, q.rowAxis, q.colAxis, fixed);
  const area = clampRect(q.region, rows, cols) ?? { r0: 0, r1: rows, c0: 0, c1: cols };
  const h = area.r1 - area.r0, w = area.c1 - area.c0;
  if (h !== rows || w !== cols) plane = region(plane, cols, area.r0, area.r1, area.c0, area.c1);
  const g = downsample(plane, h, w, q.maxRows, q.maxCols, q.reduce);
  const grid = {
    rows: g.rows, cols: g.cols, values: g.values,
    x0: area.c0 + (g.blockCols - 1) / 2, dx: g.blockCols,
    y0: area.r0 + (g.blockRows - 1) / 2, dy: g.blockRows,
    blockRows: g.blockRows, blockCols: g.blockCols,
    extentRows: rows, extentCols: cols, area,
  };
  return { grid, fixed };
}

function fixedIndices(shape: number[], q: PlaneRequest): number[] {
  return shape.map((n, d) => (d === q.rowAxis || d === q.colAxis ? 0 : Math.max(0, Math.min(n - 1, Math.floor(q.fixed[d] ?? 0)))));
}
