import type { TensorStats } from '../model/types';

export interface Histogram { edges: Float64Array; counts: Float64Array; stats: TensorStats }

/**
 * Statistics and a histogram in two tight passes over the values (min/max first to place the
 * bins). Float32Array input takes the fast path; NaN/Inf are counted, never binned.
 */
export function histogram(values: ArrayLike<number>, bins = 64): Histogram {
  const n = values.length;
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0, zeros = 0, nans = 0, infs = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) { if (v !== v) nans++; else infs++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
    sum += v;
    sumSq += v * v;
  }
  const finite = n - nans - infs;
  const mean = finite ? sum / finite : NaN;
  const std = finite ? Math.sqrt(Math.max(0, sumSq / finite - mean * mean)) : NaN;
  const counts = new Float64Array(bins);
  const edges = new Float64Array(bins + 1);
  const lo = finite ? min : 0, hi = finite ? (max > min ? max : min + 1) : 1;
  for (let b = 0; b <= bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  const scale = bins / (hi - lo);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) continue;
    let b = Math.floor((v - lo) * scale);
    if (b >= bins) b = bins - 1;
    counts[b]++;
  }
  return { edges, counts, stats: { numel: n, min: finite ? min : NaN, max: finite ? max : NaN, mean, std, zeros, nans, infs } };
}

/** The value below which a fraction p of the finite values lie (from a sorted sample). */
export function percentile(values: ArrayLike<number>, p: number, sampleSize = 200_000): number {
  const n = values.length;
  const step = Math.max(1, Math.floor(n / sampleSize));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) { const v = values[i]; if (Number.isFinite(v)) sample.push(v); }
  if (!sample.length) return NaN;
  sample.sort((a, b) => a - b);
  return sample[Math.min(sample.length - 1, Math.max(0, Math.round(p * (sample.length - 1))))];
}
