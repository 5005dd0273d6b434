/** From a zoomed plot range back to the region of the plane to re-read from the worker. */
import type { Rect, ViewResult } from '../../workers/viewTypes';

export type AxisRange = [number, number] | null;

/** Cells are centred on integer coordinates: a range [lo, hi] touches cells ceil(lo − ½) … floor(hi + ½). */
function cells(r: AxisRange, extent: number): [number, number] {
  if (!r) return [0, extent];
  const a = Math.max(0, Math.ceil(r[0] - 0.5)), b = Math.min(extent, Math.floor(r[1] + 0.5) + 1);
  return b > a ? [a, b] : [Math.min(a, extent - 1), Math.min(a, extent - 1) + 1];
}

/** The region a zoom asks for, or undefined for the whole plane; null when the view cannot zoom. */
export function regionFor(v: ViewResult, x: AxisRange, y: AxisRange): Rect | undefined | null {
  if (v.kind === 'histogram' || v.kind === 'rgb') return null;
  const rows = v.kind === 'vector' ? 1 : v.grid.extentRows, cols = v.kind === 'vector' ? v.length : v.grid.extentCols;
  const [c0, c1] = cells(x, cols);
  const [r0, r1] = v.kind === 'vector' ? [0, 1] : cells(y, rows);
  return r0 === 0 && c0 === 0 && r1 === rows && c1 === cols ? undefined : { r0, r1, c0, c1 };
}

/** Whether the view already holds every cell of `want` at full resolution (no need to ask again). */
export function alreadyShown(v: ViewResult, want: Rect | undefined): boolean {
  if (v.kind === 'histogram' || v.kind === 'rgb') return true;
  if (v.kind === 'vector') {
    return v.block === 1 && (want ? want.c0 >= v.area.c0 && want.c1 <= v.area.c1 : v.area.c0 === 0 && v.area.c1 === v.length);
  }
  const g = v.grid;
  if (g.blockRows > 1 || g.blockCols > 1 || (v.kind === 'kernels' && v.tiles.perKernel)) return false;
  const a = g.area;
  if (!want) return a.r0 === 0 && a.c0 === 0 && a.r1 === g.extentRows && a.c1 === g.extentCols;
  return want.r0 >= a.r0 && want.r1 <= a.r1 && want.c0 >= a.c0 && want.c1 <= a.c1;
}

export const sameRect = (a?: Rect, b?: Rect): boolean =>
  a === b || (!!a && !!b && a.r0 === b.r0 && a.r1 === b.r1 && a.c0 === b.c0 && a.c1 === b.c1);
