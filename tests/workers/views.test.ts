import { describe, expect, it } from 'vitest';
import { computeStats } from '../../src/core/model/stats';
import { histogram } from '../../src/core/viz/histogram';
import { kernelGrid, kernelGridIndex } from '../../src/core/viz/slice';
import { otherLayout } from '../../src/core/viz/otherLayout';
import { permute } from '../../src/core/viz/permute';
import { decodeNpy } from '../../src/core/viz/npy';
import { fastBins, fastStats } from '../../src/workers/views/fastStats';
import { computeView } from '../../src/workers/views/computeView';
import { clearDerived } from '../../src/workers/views/derived';
import { tensorToNpy } from '../../src/workers/views/npyExport';
import type { TensorInfo } from '../../src/core/model/types';
import type { HeatmapView, KernelView, VectorView, ViewRequest } from '../../src/workers/viewTypes';

function data(n: number, seed = 3): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; out[i] = s / 4294967296 - 0.5; }
  return out;
}

const info = (name: string, shape: number[], layout: string): TensorInfo => ({
  name, shape, layout, dtype: 'float32', numel: shape.reduce((a, b) => a * b, 1), byteLength: 4 * shape.reduce((a, b) => a * b, 1), group: 'model',
});
const req = (p: Partial<ViewRequest>): ViewRequest => ({ mode: 'heatmap', layout: 'stored', maxCells: [512, 512], reduce: 'maxabs', ...p });

describe('fast statistics and bins', () => {
  it('equal the core statistics and histogram exactly, with and without NaN/Inf', () => {
    for (const bad of [false, true]) {
      const v = data(100_003);
      v[7] = 0; v[8] = -0;
      if (bad) { v[10] = NaN; v[11] = Infinity; v[12] = -Infinity; }
      const s = fastStats(v);
      expect(s).toEqual(computeStats(v));
      const core = histogram(v, 37);
      const fast = fastBins(v, s, 37);
      expect(Array.from(fast.counts)).toEqual(Array.from(core.counts));
      expect(Array.from(fast.edges)).toEqual(Array.from(core.edges));
    }
  });

  it('puts the maximum in the last bin and handles a constant tensor', () => {
    const v = new Float32Array([1, 1, 1, 1, 1]);
    const b = fastBins(v, fastStats(v), 4);
    expect(Array.from(b.counts)).toEqual(Array.from(histogram(v, 4).counts));
  });
});

describe('tensor views', () => {
  it('kernel mosaic of an OIHW tensor equals core kernelGrid; the HWIO toggle tiles I × O of H × W', () => {
    clearDerived();
    const shape = [6, 2, 5, 3];
    const v = data(6 * 2 * 5 * 3);
    const k = computeView(info('w', shape, 'OIHW'), v, req({ mode: 'kernels' })) as KernelView;
    const g = kernelGrid(v, shape);
    expect([k.grid.rows, k.grid.cols]).toEqual([g.rows, g.cols]);
    expect(Array.from(k.grid.values)).toEqual(Array.from(g.values));
    for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.cols; c++) if (!kernelGridIndex(g, r, c)) expect(k.grid.values[r * g.cols + c]).toBeNaN();

    const o = computeView(info('w', shape, 'OIHW'), v, req({ mode: 'kernels', layout: 'other' })) as KernelView;
    const hwio = permute(v, shape, otherLayout('OIHW', 4)!.perm); // [5, 3, 2, 6]
    expect(o.layout).toBe('HWIO');
    expect([o.tiles.gridRows, o.tiles.gridCols, o.tiles.tileH, o.tiles.tileW]).toEqual([2, 6, 5, 3]);
    for (let i = 0; i < 2; i++) for (let oo = 0; oo < 6; oo++) for (let h = 0; h < 5; h++) for (let w = 0; w < 3; w++) {
      expect(o.grid.values[(i * 6 + h) * o.grid.cols + oo * 4 + w]).toBe(hwio[((h * 3 + w) * 2 + i) * 6 + oo]);
    }
  });

  it('too many tiles: one cell per kernel (its max |value|), and a zoomed region brings the tiles back', () => {
    clearDerived();
    const shape = [200, 100, 3, 3];
    const v = data(200 * 100 * 9, 5);
    const k = computeView(info('big', shape, 'OIHW'), v, req({ mode: 'kernels' })) as KernelView;
    expect(k.tiles.perKernel).toBe(true);
    expect([k.grid.rows, k.grid.cols]).toEqual([200, 100]);
    let best = 0;
    for (let j = 0; j < 9; j++) { const x = v[(17 * 100 + 42) * 9 + j]; if (Math.abs(x) > Math.abs(best)) best = x; }
    expect(k.grid.values[17 * 100 + 42]).toBe(best);
    const z = computeView(info('big', shape, 'OIHW'), v, req({ mode: 'kernels', region: { r0: 40, r1: 60, c0: 8, c1: 30 } })) as KernelView;
    expect(z.tiles.perKernel).toBe(false);
    expect(z.grid.area).toEqual({ r0: 40, r1: 59, c0: 8, c1: 31 }); // whole tiles 10–14 × 2–7, trailing gaps left out
    // Row 40 is tile row 10 (y 0), col 8 is tile col 2 (x 0).
    expect(z.grid.values[0]).toBe(v[(10 * 100 + 2) * 9]);
  });

  it('a 2-D heatmap is downsampled by blocks, and a region comes back at full resolution', () => {
    clearDerived();
    const v = data(1000 * 3000, 9);
    const h = computeView(info('m', [1000, 3000], '(out,in)'), v, req({})) as HeatmapView;
    expect([h.grid.rows, h.grid.cols, h.grid.blockRows, h.grid.blockCols]).toEqual([500, 500, 2, 6]);
    const r = computeView(info('m', [1000, 3000], '(out,in)'), v, req({ region: { r0: 100, r1: 300, c0: 1000, c1: 1400 } })) as HeatmapView;
    expect([r.grid.rows, r.grid.cols, r.grid.blockRows, r.grid.blockCols, r.grid.x0, r.grid.y0]).toEqual([200, 400, 1, 1, 1000, 100]);
    expect(r.grid.values[5 * 400 + 7]).toBe(v[105 * 3000 + 1007]);
    const t = computeView(info('m', [1000, 3000], '(out,in)'), v, req({ layout: 'other', region: { r0: 0, r1: 10, c0: 0, c1: 10 } })) as HeatmapView;
    expect(t.layout).toBe('(in,out)');
    expect(t.grid.values[3 * 10 + 4]).toBe(v[4 * 3000 + 3]);
  });

  it('slices of an N-D tensor, values of a 1-D tensor, percentile clipping', () => {
    clearDerived();
    const v = data(4 * 5 * 6);
    const s = computeView(info('x', [4, 5, 6], ''), v, req({ mode: 'slice', axes: [2, 0], fixed: [0, 3, 0] })) as HeatmapView;
    expect(s.fixed).toEqual([0, 3, 0]);
    expect(s.grid.values[2 * 4 + 1]).toBe(v[(1 * 5 + 3) * 6 + 2]);
    const b = computeView(info('b', [2000], '(C)'), data(2000), req({ mode: 'vector', clipPercent: 1 })) as VectorView;
    expect([b.values.length, b.block]).toEqual([500, 4]);
    expect(b.range.clip![0]).toBeLessThan(-0.48);
    expect(b.range.clip![1]).toBeGreaterThan(0.48);
  });
});

describe('.npy export', () => {
  it('writes the stored layout, and the other layout bit-exact for 8-byte elements', () => {
    const v = Float64Array.from(data(2 * 3 * 4 * 5));
    const t: TensorInfo = { ...info('w', [2, 3, 4, 5], 'OIHW'), dtype: 'float64', byteLength: v.byteLength };
    const npy = decodeNpy(tensorToNpy(t, new Uint8Array(v.buffer), 'other'));
    expect(npy.shape).toEqual([4, 5, 3, 2]);
    expect(npy.descr).toBe('<f8');
    const back = new Float64Array(npy.data.slice().buffer);
    expect(Array.from(back)).toEqual(Array.from(permute(v, [2, 3, 4, 5], [2, 3, 1, 0])));
  });
});

describe('fast downsample', () => {
  it('equals the core downsample exactly: ties of opposite sign, NaN, partial blocks, means', async () => {
    const { downsample } = await import('../../src/core/viz/downsample');
    const { fastDownsample } = await import('../../src/workers/views/fastDownsample');
    const rows = 333, cols = 517;
    const v = data(rows * cols, 11);
    v[3] = 0.75; v[5] = -0.75; v[cols + 2] = -0.75; // an opposite-sign tie inside the first block
    v[200 * cols + 300] = NaN;
    for (const how of ['maxabs', 'mean'] as const) {
      const a = downsample(v, rows, cols, 40, 60, how), b = fastDownsample(v, rows, cols, 40, 60, how);
      expect([b.rows, b.cols, b.blockRows, b.blockCols]).toEqual([a.rows, a.cols, a.blockRows, a.blockCols]);
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
    }
  });
});
