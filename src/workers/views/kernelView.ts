/**
 * Conv kernels as a mosaic of tiles: rows and columns of tiles along the two channel axes (O and I
 * in display order), each tile kh × kw (1 × k strips for 1-D convs), one NaN cell between tiles.
 * With one output filter chosen, its input channels wrap into a near-square mosaic. When the full
 * mosaic is larger than the plot, each kernel becomes one cell (its max-|value| or mean); zooming
 * in brings the tiles back. Reads through strides: no permuted copy of the tensor is needed.
 */
import type { BlockReduce } from '../../core/viz/downsample';
import { fastDownsample as downsample } from './fastDownsample';
import { stridesOf } from '../../core/viz/permute';
import type { KernelAxes } from '../display';
import type { PlotGrid, Rect, TileLayout } from '../viewTypes';
import type { Numbers } from './derived';

const GAP = 1;

export interface KernelRequest {
  maxRows: number;
  maxCols: number;
  reduce: BlockReduce;
  region?: Rect;
  filter?: number;
}

/** The tile layout of a tensor's mosaic, before any zoom. */
export function tileLayout(shape: number[], ax: KernelAxes, filter?: number): TileLayout {
  const tileH = ax.hAxis >= 0 ? shape[ax.hAxis] : 1, tileW = shape[ax.wAxis];
  const base = { tileH, tileW, gap: GAP, hAxis: ax.hAxis, wAxis: ax.wAxis, perKernel: false };
  if (filter !== undefined && ax.outAxis >= 0 && ax.inAxis >= 0) {
    const count = shape[ax.inAxis];
    const perRow = Math.max(1, Math.ceil(Math.sqrt((count * tileH) / tileW)));
    const gridCols = Math.min(count, perRow);
    const index = Math.max(0, Math.min(shape[ax.outAxis] - 1, Math.floor(filter)));
    return { ...base, gridRows: Math.ceil(count / gridCols), gridCols, rowAxis: ax.inAxis, colAxis: ax.inAxis, filter: { axis: ax.outAxis, index, count } };
  }
  return { ...base, gridRows: shape[ax.rowAxis], gridCols: shape[ax.colAxis], rowAxis: ax.rowAxis, colAxis: ax.colAxis };
}

/** Flat offset of the first element of tile (gr, gc), or -1 for an empty slot of a wrapped mosaic. */
function tileOffset(t: TileLayout, strides: number[], gr: number, gc: number): number {
  if (t.filter) {
    const k = gr * t.gridCols + gc;
    return k < t.filter.count ? t.filter.index * strides[t.filter.axis] + k * strides[t.rowAxis] : -1;
  }
  return gr * strides[t.rowAxis] + gc * strides[t.colAxis];
}

export function kernelGridView(values: Numbers, shape: number[], t: TileLayout, q: KernelRequest): { grid: PlotGrid; tiles: TileLayout } {
  const strides = stridesOf(shape);
  const ph = t.tileH + t.gap, pw = t.tileW + t.gap;
  const extentRows = t.gridRows * ph - t.gap, extentCols = t.gridCols * pw - t.gap;
  // The tiles a zoomed region touches (whole tiles: a kernel is never cut).
  const r = q.region;
  const gr0 = r ? clamp(Math.floor(r.r0 / ph), 0, t.gridRows - 1) : 0;
  const gc0 = r ? clamp(Math.floor(r.c0 / pw), 0, t.gridCols - 1) : 0;
  const gr1 = r ? clamp(Math.floor((r.r1 - 1) / ph) + 1, gr0 + 1, t.gridRows) : t.gridRows;
  const gc1 = r ? clamp(Math.floor((r.c1 - 1) / pw) + 1, gc0 + 1, t.gridCols) : t.gridCols;
  const nr = gr1 - gr0, nc = gc1 - gc0;
  const area: Rect = { r0: gr0 * ph, r1: gr1 * ph - t.gap, c0: gc0 * pw, c1: gc1 * pw - t.gap };
  const sh = t.hAxis >= 0 ? strides[t.hAxis] : 0, sw = strides[t.wAxis];
  const common = { extentRows, extentCols, area };

  if (nr * ph - t.gap <= q.maxRows && nc * pw - t.gap <= q.maxCols) {
    const rows = nr * ph - t.gap, cols = nc * pw - t.gap;
    const out = new Float32Array(rows * cols).fill(NaN);
    for (let a = 0; a < nr; a++) {
      for (let b = 0; b < nc; b++) {
        const off = tileOffset(t, strides, gr0 + a, gc0 + b);
        if (off < 0) continue;
        for (let y = 0; y < t.tileH; y++) {
          const o = (a * ph + y) * cols + b * pw;
          for (let x = 0; x < t.tileW; x++) out[o + x] = values[off + y * sh + x * sw];
        }
      }
    }
    const grid = { rows, cols, values: out, x0: area.c0, dx: 1, y0: area.r0, dy: 1, blockRows: 1, blockCols: 1, ...common };
    return { grid, tiles: { ...t, perKernel: false } };
  }

  // One cell per kernel, then blocks of kernels if even that is too many.
  const per = new Float32Array(nr * nc);
  for (let a = 0; a < nr; a++) {
    for (let b = 0; b < nc; b++) {
      const off = tileOffset(t, strides, gr0 + a, gc0 + b);
      per[a * nc + b] = off < 0 ? NaN : reduceTile(values, off, t.tileH, t.tileW, sh, sw, q.reduce);
    }
  }
  const g = downsample(per, nr, nc, q.maxRows, q.maxCols, q.reduce);
  const grid: PlotGrid = {
    rows: g.rows, cols: g.cols, values: g.values,
    x0: area.c0 + (g.blockCols * pw - t.gap - 1) / 2, dx: g.blockCols * pw,
    y0: area.r0 + (g.blockRows * ph - t.gap - 1) / 2, dy: g.blockRows * ph,
    blockRows: g.blockRows, blockCols: g.blockCols, ...common,
  };
  return { grid, tiles: { ...t, perKernel: true } };
}

function reduceTile(values: Numbers, off: number, th: number, tw: number, sh: number, sw: number, how: BlockReduce): number {
  let best = 0, bestAbs = -1, sum = 0;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const v = values[off + y * sh + x * sw];
      if (v !== v) return NaN;
      sum += v;
      const a = v < 0 ? -v : v;
      if (a > bestAbs) { bestAbs = a; best = v; }
    }
  }
  return how === 'maxabs' ? best : sum / (th * tw);
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
