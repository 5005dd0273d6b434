import type { TensorStats } from './types';

/**
 * One pass over the values: min/max/mean/std (Welford-free two-accumulator form in float64,
 * accurate enough for display), zero/NaN/Inf counts. NaN and ±Inf are excluded from the moments.
 */
export function computeStats(values: ArrayLike<number>): TensorStats {
  const n = values.length;
  let min = Infinity, max = -Infinity, sum = 0, sumSq = 0, zeros = 0, nans = 0, infs = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) { nans++; continue; }
    if (v === Infinity || v === -Infinity) { infs++; continue; }
    if (v === 0) zeros++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  const finite = n - nans - infs;
  const mean = finite ? sum / finite : NaN;
  const variance = finite ? Math.max(0, sumSq / finite - mean * mean) : NaN;
  return {
    numel: n,
    min: finite ? min : NaN, max: finite ? max : NaN,
    mean, std: Math.sqrt(variance), zeros, nans, infs,
  };
}

/** Sum of the values, as the fixtures' ref.json computes it (float64 accumulation). */
export function sumValues(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
