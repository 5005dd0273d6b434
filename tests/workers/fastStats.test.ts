import { afterEach, describe, expect, it } from 'vitest';
import { computeStats } from '../../src/core/model/stats';
import { histogram } from '../../src/core/viz/histogram';
import { allowSimd, fastBins, fastStats } from '../../src/workers/views/fastStats';
import { BLOCK, simdKernels } from '../../src/workers/views/wasmKernels';

function random(n: number, seed: number): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; out[i] = (s / 4294967296 - 0.5) * 3; }
  return out;
}

/** Lengths around the SIMD width and the block size, and special values at and across block edges. */
function cases(): { what: string; values: number[] }[] {
  const out: { what: string; values: number[] }[] = [];
  for (const n of [0, 1, 3, 4, 5, 17, BLOCK - 1, BLOCK, BLOCK + 3, 2 * BLOCK + 7]) {
    const v = Array.from(random(n, n + 1));
    out.push({ what: `random ${n}`, values: v });
    if (n >= 5) {
      const w = [...v];
      for (const at of [0, 3, n - 1, Math.min(n - 1, BLOCK - 1), Math.min(n - 1, BLOCK)]) w[at] = NaN;
      w[1] = Infinity; w[2] = -Infinity;
      out.push({ what: `NaN and ±Inf, ${n}`, values: w });
    }
  }
  const zeros = Array.from(random(BLOCK + 9, 5), (x) => Math.abs(x) + 1);
  zeros[BLOCK + 2] = 0; zeros[BLOCK + 5] = -0;
  out.push({ what: 'a positive tensor whose min is 0 before -0', values: zeros });
  out.push({ what: 'its negation: max -0 before 0', values: zeros.map((x) => -x) });
  out.push({ what: 'only zeros, -0 first', values: [-0, 0, 0, -0, 0, 0, 0, 0, 0] });
  out.push({ what: 'integers on the bin edges', values: Array.from({ length: 4 * 256 + 3 }, (_, i) => i % 256) });
  out.push({ what: 'constant', values: new Array(11).fill(2.5) });
  out.push({ what: 'only NaN', values: [NaN, NaN, NaN, NaN, NaN] });
  return out;
}

afterEach(() => allowSimd(true));

describe('fast statistics and bins, SIMD and JavaScript alike', () => {
  it('run the WebAssembly SIMD kernels where the engine has them (Node does)', () => {
    expect(simdKernels()).not.toBeNull();
  });

  for (const simd of [true, false]) {
    it(`${simd ? 'SIMD' : 'JavaScript'}: statistics equal core computeStats bit for bit (signed zeros included)`, () => {
      allowSimd(simd);
      for (const { what, values } of cases()) {
        for (const arr of [Float32Array.from(values), Float64Array.from(values)]) {
          expect(fastStats(arr), `${what} ${arr.constructor.name}`).toEqual(computeStats(arr));
        }
      }
    });

    it(`${simd ? 'SIMD' : 'JavaScript'}: bins equal core histogram, from 1 to 5000 bins`, () => {
      allowSimd(simd);
      for (const { what, values } of cases()) {
        const arr = Float32Array.from(values);
        for (const bins of [1, 37, 64, 255, 256, 4096, 5000]) {
          const core = histogram(arr, bins);
          const fast = fastBins(arr, fastStats(arr), bins);
          expect(Array.from(fast.counts), `${what}, ${bins} bins`).toEqual(Array.from(core.counts));
          expect(Array.from(fast.edges)).toEqual(Array.from(core.edges));
        }
      }
    });
  }

  it('never count outside the lanes when the statistics do not bound the values (SIMD)', () => {
    const values = Float32Array.from(random(4 * 1000, 11)); // within ±1.5
    const narrow = fastStats(values.map((x) => x / 100));
    expect(fastBins(values, narrow, 16).counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    // and the next histogram is exact again
    expect(Array.from(fastBins(values, fastStats(values), 16).counts)).toEqual(Array.from(histogram(values, 16).counts));
  });

  it('keep SIMD and JavaScript results on subarrays that start mid-buffer', () => {
    const all = Float32Array.from(random(3 * BLOCK, 9));
    const part = all.subarray(5, 2 * BLOCK + 1);
    const simd = fastStats(part);
    allowSimd(false);
    expect(fastStats(part)).toEqual(simd);
    expect(simd).toEqual(computeStats(part));
  });
});
