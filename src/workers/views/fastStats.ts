/**
 * Statistics and histogram bins with the numbers of core/model/stats and core/viz/histogram
 * (same sums in the same order, same bin rule), written for speed on large float arrays:
 * no per-element NaN test (a NaN or ±Inf makes the sums non-finite, and only then the checking
 * core code runs), branch-free min/max and zero counting, and four interleaved count arrays
 * so that runs of values in one bin do not wait on each other's increments.
 */
import { computeStats } from '../../core/model/stats';
import type { TensorStats } from '../../core/model/types';
import type { Numbers } from './derived';

type Floats = Float32Array | Float64Array;

function isFloatArray(v: Numbers): v is Floats {
  return v instanceof Float32Array || v instanceof Float64Array;
}

export function fastStats(values: Numbers): TensorStats {
  if (!isFloatArray(values)) return computeStats(values);
  const n = values.length;
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0, zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSq += v * v;
    zeros += v === 0 ? 1 : 0;
  }
  if (!Number.isFinite(sum) || !Number.isFinite(sumSq)) return computeStats(values);
  const mean = n ? sum / n : NaN;
  const variance = n ? Math.max(0, sumSq / n - mean * mean) : NaN;
  return { numel: n, min: n ? min : NaN, max: n ? max : NaN, mean, std: Math.sqrt(variance), zeros, nans: 0, infs: 0 };
}

/** Bin edges over [min, max] of the finite values, as core/viz/histogram places them. */
export function binEdges(stats: TensorStats, bins: number): { lo: number; hi: number; edges: Float64Array } {
  const finite = stats.numel - stats.nans - stats.infs;
  const lo = finite ? stats.min : 0, hi = finite ? (stats.max > stats.min ? stats.max : stats.min + 1) : 1;
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  return { lo, hi, edges };
}

/** Counts per bin; NaN and ±Inf are left out. A value at the top edge falls in the last bin. */
export function fastBins(values: Numbers, stats: TensorStats, bins: number): { edges: Float64Array; counts: Float64Array } {
  const { lo, hi, edges } = binEdges(stats, bins);
  const scale = bins / (hi - lo);
  const stride = bins + 1;
  const c = new Float64Array(stride * 4);
  const n = values.length;
  if (isFloatArray(values) && stats.nans + stats.infs === 0) {
    const n4 = n - (n % 4);
    for (let i = 0; i < n4; i += 4) {
      c[((values[i] - lo) * scale) | 0]++;
      c[stride + (((values[i + 1] - lo) * scale) | 0)]++;
      c[2 * stride + (((values[i + 2] - lo) * scale) | 0)]++;
      c[3 * stride + (((values[i + 3] - lo) * scale) | 0)]++;
    }
    for (let i = n4; i < n; i++) c[((values[i] - lo) * scale) | 0]++;
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v !== 0) continue;
      c[Math.min(bins, Math.floor((v - lo) * scale))]++;
    }
  }
  const counts = new Float64Array(bins);
  for (let b = 0; b < stride; b++) counts[Math.min(b, bins - 1)] += c[b] + c[stride + b] + c[2 * stride + b] + c[3 * stride + b];
  return { edges, counts };
}
