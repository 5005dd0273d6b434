import { stridesOf } from './permute';

/**
 * A 2-D view of an N-D tensor: two chosen axes (rows, cols), every other axis fixed at an index
 * (the sliders of the N-D view).
 */
export function slice2d(values: ArrayLike<number>, shape: number[], rowAxis: number, colAxis: number, fixed: number[]): Float32Array {
  const strides = stridesOf(shape);
  let base = 0;
  for (let d = 0; d < shape.length; d++) if (d !== rowAxis && d !== colAxis) base += (fixed[d] ?? 0) * strides[d];
  const rows = shape[rowAxis], cols = shape[colAxis];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = values[base + r * strides[rowAxis] + c * strides[colAxis]];
  }
  return out;
}

/**
 * Conv kernels as one image: a grid of out × in tiles, each kh × kw, separated by one NaN
 * gap (drawn as background). Input is OIHW (torch order; show Keras HWIO after permuting).
 */
export interface TileGrid { rows: number; cols: number; values: Float32Array; tileH: number; tileW: number; gap: number; outCh: number; inCh: number }

export function kernelGrid(values: ArrayLike<number>, shape: number[], gap = 1): TileGrid {
  const [o, i, kh, kw] = shape.length === 4 ? shape : shape.length === 3 ? [shape[0], shape[1], 1, shape[2]] : [0, 0, 0, 0];
  const rows = o * kh + (o - 1) * gap, cols = i * kw + (i - 1) * gap;
  const out = new Float32Array(Math.max(0, rows * cols)).fill(NaN);
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      const src = (a * i + b) * kh * kw;
      const r0 = a * (kh + gap), c0 = b * (kw + gap);
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[(r0 + y) * cols + c0 + x] = values[src + y * kw + x];
    }
  }
  return { rows, cols, values: out, tileH: kh, tileW: kw, gap, outCh: o, inCh: i };
}

/** Which tensor element a cell of a kernel grid shows, or null for a gap. */
export function kernelGridIndex(g: TileGrid, row: number, col: number): [number, number, number, number] | null {
  const a = Math.floor(row / (g.tileH + g.gap)), y = row % (g.tileH + g.gap);
  const b = Math.floor(col / (g.tileW + g.gap)), x = col % (g.tileW + g.gap);
  if (y >= g.tileH || x >= g.tileW || a >= g.outCh || b >= g.inCh) return null;
  return [a, b, y, x];
}
