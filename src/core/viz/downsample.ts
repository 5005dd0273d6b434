/**
 * Reduces a rows×cols grid to at most maxRows×maxCols by blocks, so a 4096×4096 or 25M-element
 * tensor can be drawn at screen size. 'maxabs' keeps each block's value of largest magnitude
 * (with its sign, exactly), so outliers stay visible; 'mean' averages.
 */
export type BlockReduce = 'maxabs' | 'mean';

export interface Grid {
  rows: number;
  cols: number;
  values: Float32Array;     // row-major
  blockRows: number;        // how many source rows each output row covers (1 = full resolution)
  blockCols: number;
}

export function downsample(values: ArrayLike<number>, rows: number, cols: number, maxRows: number, maxCols: number, how: BlockReduce): Grid {
  const br = Math.max(1, Math.ceil(rows / maxRows));
  const bc = Math.max(1, Math.ceil(cols / maxCols));
  const outRows = Math.ceil(rows / br), outCols = Math.ceil(cols / bc);
  const out = new Float32Array(outRows * outCols);
  if (br === 1 && bc === 1) {
    for (let i = 0; i < out.length; i++) out[i] = values[i];
    return { rows, cols, values: out, blockRows: 1, blockCols: 1 };
  }
  if (how === 'maxabs') {
    const best = new Float64Array(outRows * outCols).fill(-1);
    for (let r = 0; r < rows; r++) {
      const orow = Math.floor(r / br) * outCols;
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const v = values[base + c];
        const a = v < 0 ? -v : v;
        const o = orow + Math.floor(c / bc);
        // NaN wins so that missing values are never hidden by a block.
        if (a > best[o] || v !== v) { best[o] = v !== v ? Infinity : a; out[o] = v; }
      }
    }
  } else {
    const sum = new Float64Array(outRows * outCols), count = new Uint32Array(outRows * outCols);
    for (let r = 0; r < rows; r++) {
      const orow = Math.floor(r / br) * outCols;
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const o = orow + Math.floor(c / bc);
        sum[o] += values[base + c];
        count[o]++;
      }
    }
    for (let i = 0; i < out.length; i++) out[i] = sum[i] / count[i];
  }
  return { rows: outRows, cols: outCols, values: out, blockRows: br, blockCols: bc };
}

/** A full-resolution rectangle of the grid (zooming in re-reads the region at full detail). */
export function region(values: ArrayLike<number>, cols: number, r0: number, r1: number, c0: number, c1: number): Float32Array {
  const w = c1 - c0;
  const out = new Float32Array((r1 - r0) * w);
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[(r - r0) * w + (c - c0)] = values[r * cols + c];
  return out;
}
