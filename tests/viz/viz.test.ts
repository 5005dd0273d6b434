import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, downsample, encodeNpy, histogram, inversePerm, kernelGrid, kernelGridIndex, otherLayout, permute, region, slice2d } from '../../src/core/viz';
import { computeStats } from '../../src/core/model/stats';

/** A deterministic pseudo-random array (mulberry32), with a few planted extremes. */
function data(n: number, seed = 7): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return out;
}

describe('downsample', () => {
  it('maxabs keeps, in every block, exactly the value of largest magnitude with its sign', () => {
    const rows = 97, cols = 131;
    const v = data(rows * cols);
    v[5 * cols + 7] = -9.5; v[90 * cols + 130] = 8.25;
    const g = downsample(v, rows, cols, 10, 12, 'maxabs');
    for (let orow = 0; orow < g.rows; orow++) {
      for (let ocol = 0; ocol < g.cols; ocol++) {
        let best = 0, bestAbs = -1;
        for (let r = orow * g.blockRows; r < Math.min(rows, (orow + 1) * g.blockRows); r++) {
          for (let c = ocol * g.blockCols; c < Math.min(cols, (ocol + 1) * g.blockCols); c++) {
            if (Math.abs(v[r * cols + c]) > bestAbs) { bestAbs = Math.abs(v[r * cols + c]); best = v[r * cols + c]; }
          }
        }
        expect(g.values[orow * g.cols + ocol]).toBe(best);
      }
    }
    expect(Math.min(...g.values)).toBe(-9.5);
    expect(Math.max(...g.values)).toBe(8.25);
  });

  it('mean averages each block; a small grid passes through unchanged', () => {
    const v = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(downsample(v, 2, 4, 1, 2, 'mean').values)).toEqual([(1 + 2 + 5 + 6) / 4, (3 + 4 + 7 + 8) / 4]);
    expect(Array.from(downsample(v, 2, 4, 10, 10, 'maxabs').values)).toEqual(Array.from(v));
  });

  it('region re-reads a rectangle at full resolution', () => {
    const v = data(20 * 30);
    const r = region(v, 30, 3, 6, 10, 14);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) expect(r[y * 4 + x]).toBe(v[(3 + y) * 30 + 10 + x]);
  });
});

describe('statistics and histogram', () => {
  it('equal a direct computation, counting zeros, NaN and Inf apart', () => {
    const v = data(10_001);
    v[3] = 0; v[4] = 0; v[10] = NaN; v[11] = Infinity; v[12] = -Infinity;
    const h = histogram(v, 32);
    const finite = Array.from(v).filter(Number.isFinite);
    const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
    expect(h.stats.min).toBe(Math.min(...finite));
    expect(h.stats.max).toBe(Math.max(...finite));
    expect(h.stats.mean).toBeCloseTo(mean, 12);
    expect(h.stats.std).toBeCloseTo(std, 9);
    expect([h.stats.zeros, h.stats.nans, h.stats.infs]).toEqual([2, 1, 2]);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(finite.length);
    expect(computeStats(v)).toEqual({ ...h.stats, std: expect.closeTo(h.stats.std, 12), mean: expect.closeTo(h.stats.mean, 12) });
    for (let b = 0; b < 32; b++) {
      const inBin = finite.filter((x) => x >= h.edges[b] && (b === 31 ? x <= h.edges[32] : x < h.edges[b + 1])).length;
      expect(h.counts[b]).toBe(inBin);
    }
  });
});

describe('layout toggle', () => {
  it('OIHW → HWIO equals the transposed array element by element, and back', () => {
    const [O, I, H, W] = [4, 3, 5, 2];
    const v = data(O * I * H * W);
    const swap = otherLayout('OIHW', 4)!;
    expect(swap.to).toBe('HWIO');
    const t = permute(v, [O, I, H, W], swap.perm);
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
      expect(t[((h * W + w) * I + i) * O + o]).toBe(v[((o * I + i) * H + h) * W + w]);
    }
    const back = otherLayout('HWIO', 4)!;
    expect(back.perm).toEqual(inversePerm(swap.perm));
    expect(Array.from(permute(t, [H, W, I, O], back.perm))).toEqual(Array.from(v));
  });

  it('(out,in) ↔ (in,out) is a transpose', () => {
    const v = data(6 * 4);
    const t = permute(v, [6, 4], otherLayout('(out,in)', 2)!.perm);
    for (let r = 0; r < 6; r++) for (let c = 0; c < 4; c++) expect(t[c * 6 + r]).toBe(v[r * 4 + c]);
  });
});

describe('kernel grid and N-D slices', () => {
  it('lays out out × in tiles of kh × kw with gaps, and maps cells back to tensor indices', () => {
    const shape = [6, 2, 5, 5];
    const v = data(6 * 2 * 25);
    const g = kernelGrid(v, shape);
    expect([g.rows, g.cols]).toEqual([6 * 5 + 5, 2 * 5 + 1]);
    for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.cols; c++) {
      const idx = kernelGridIndex(g, r, c);
      if (!idx) { expect(g.values[r * g.cols + c]).toBeNaN(); continue; }
      const [o, i, y, x] = idx;
      expect(g.values[r * g.cols + c]).toBe(v[((o * 2 + i) * 5 + y) * 5 + x]);
    }
  });

  it('slice2d picks two axes with the others fixed', () => {
    const shape = [2, 3, 4];
    const v = data(24);
    const s = slice2d(v, shape, 2, 0, [0, 1, 0]);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 2; c++) expect(s[r * 2 + c]).toBe(v[(c * 3 + 1) * 4 + r]);
  });
});

describe('.npy export', () => {
  it('round-trips header, dtype, shape and values', () => {
    const v = data(6 * 25);
    const bytes = new Uint8Array(v.buffer);
    const npy = encodeNpy('float32', [6, 1, 5, 5], bytes);
    expect(npy.length % 64).toBe((bytes.length) % 64);
    const back = decodeNpy(npy);
    expect(back).toMatchObject({ descr: '<f4', fortranOrder: false, shape: [6, 1, 5, 5] });
    expect(Array.from(new Float32Array(back.data.slice().buffer))).toEqual(Array.from(v));
  });

  const numpy = existsSync('/usr/bin/python3') && (() => {
    try { execFileSync('/usr/bin/python3', ['-c', 'import numpy']); return true; } catch { return false; }
  })();
  it.skipIf(!numpy)('numpy reads our .npy with the same dtype, shape and values (skipped without Debian python3-numpy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-npy-'));
    const v = data(12);
    const f = join(dir, 'a.npy');
    writeFileSync(f, encodeNpy('float32', [3, 4], new Uint8Array(v.buffer)));
    const out = execFileSync('/usr/bin/python3', ['-c', `import numpy,json; a=numpy.load('${f}'); print(json.dumps([str(a.dtype), list(a.shape), a.ravel().tolist()]))`]).toString();
    const [dtype, shape, values] = JSON.parse(out);
    expect(dtype).toBe('float32');
    expect(shape).toEqual([3, 4]);
    expect(values).toEqual(Array.from(v));
    const s = encodeNpy('int64', [2], new Uint8Array(new BigInt64Array([5n, -7n]).buffer));
    writeFileSync(f, s);
    expect(execFileSync('/usr/bin/python3', ['-c', `import numpy; print(numpy.load('${f}').tolist())`]).toString().trim()).toBe('[5, -7]');
  });
});
