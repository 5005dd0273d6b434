/**
 * Statistics and histogram bins with the numbers of core/model/stats and core/viz/histogram, made
 * fast for large arrays. The sums are the core's, in the core's order (one value at a time, from
 * the first), so the results are bit-identical. Float32 arrays run through WebAssembly SIMD
 * kernels (wasmKernels.ts), anything else through JavaScript loops; both take a block at a time
 * without any per-value NaN test: a NaN or ±Inf makes the block's sums non-finite, and only that
 * block is redone with the core's checking loop. Min and max are found without regard to the sign
 * of zero, then a zero result becomes the first zero seen, as the core's first-seen rule has it.
 * The running sums live in a StatsAccumulator, so a tensor can also be reduced a slice at a time
 * (views/chunkedStats).
 */
import type { TensorStats } from '../../core/model/types';
import type { Numbers } from './derived';
import { BLOCK, MAX_BINS, simdKernels, type BlockStats, type Kernels } from './wasmKernels';

export interface StatsAccumulator {
  numel: number;
  min: number; max: number;
  sum: number; sumSq: number;
  zeros: number; nans: number; infs: number;
  /** the first zero counted (0 or -0): the min or max when that is zero */
  firstZero?: number;
}

export function newStatsAccumulator(): StatsAccumulator {
  return { numel: 0, min: Infinity, max: -Infinity, sum: 0, sumSq: 0, zeros: 0, nans: 0, infs: 0 };
}

let simdAllowed = true;
/** Tests run both paths; the app always uses SIMD where the engine has it. */
export function allowSimd(allowed: boolean): void {
  simdAllowed = allowed;
}
const kernelsFor = (values: Numbers): Kernels | null =>
  (simdAllowed && values instanceof Float32Array ? simdKernels() : null);

const block: BlockStats = { sum: 0, sumSq: 0, min: 0, max: 0, zeros: 0 };

/** Adds `values` to the accumulator, continuing its sums in order. */
export function accumulateStats(acc: StatsAccumulator, values: Numbers): void {
  const n = values.length;
  const k = kernelsFor(values);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = b0 + BLOCK < n ? b0 + BLOCK : n;
    const simdEnd = k ? b0 + ((b1 - b0) & ~3) : b0;
    if (simdEnd > b0) {
      k!.stats(values as Float32Array, b0, simdEnd, acc.sum, acc.sumSq, block);
      if (block.sum - block.sum === 0 && block.sumSq - block.sumSq === 0) commit(acc, values, b0, simdEnd, block);
      else checkedBlock(acc, values, b0, simdEnd);
    }
    if (simdEnd < b1 && !finiteBlock(acc, values, simdEnd, b1)) checkedBlock(acc, values, simdEnd, b1);
  }
  acc.numel += n;
}

function commit(acc: StatsAccumulator, values: Numbers, b0: number, b1: number, s: BlockStats): void {
  acc.sum = s.sum;
  acc.sumSq = s.sumSq;
  if (s.min < acc.min) acc.min = s.min;
  if (s.max > acc.max) acc.max = s.max;
  if (s.zeros > 0 && acc.firstZero === undefined) acc.firstZero = firstZeroIn(values, b0, b1);
  acc.zeros += s.zeros;
}

/** The JavaScript fast path; returns false (leaving `acc` untouched) when the block holds a NaN or ±Inf. */
function finiteBlock(acc: StatsAccumulator, values: Numbers, b0: number, b1: number): boolean {
  let min = acc.min, max = acc.max, sum = acc.sum, sumSq = acc.sumSq, zeros = 0;
  for (let i = b0; i < b1; i++) {
    const v = values[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sumSq += v * v;
    zeros += v === 0 ? 1 : 0;
  }
  // A NaN or ±Inf anywhere makes both sums non-finite; so does overflow, which the checking loop reproduces.
  if (sum - sum !== 0 || sumSq - sumSq !== 0) return false;
  commit(acc, values, b0, b1, { sum, sumSq, min, max, zeros });
  return true;
}

/** core/model/stats' loop, value for value. */
function checkedBlock(acc: StatsAccumulator, values: Numbers, b0: number, b1: number): void {
  let { min, max, sum, sumSq, zeros, nans, infs, firstZero } = acc;
  for (let i = b0; i < b1; i++) {
    const v = values[i];
    if (v !== v) { nans++; continue; }
    if (v === Infinity || v === -Infinity) { infs++; continue; }
    if (v === 0) { zeros++; firstZero ??= v; }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  Object.assign(acc, { min, max, sum, sumSq, zeros, nans, infs, firstZero });
}

function firstZeroIn(values: Numbers, b0: number, b1: number): number | undefined {
  for (let i = b0; i < b1; i++) if (values[i] === 0) return values[i];
  return undefined;
}

export function finishStats(acc: StatsAccumulator): TensorStats {
  const { numel, nans, infs, zeros } = acc;
  const finite = numel - nans - infs;
  const mean = finite ? acc.sum / finite : NaN;
  const variance = finite ? Math.max(0, acc.sumSq / finite - mean * mean) : NaN;
  const signed = (m: number): number => (m === 0 ? acc.firstZero ?? m : m);
  return {
    numel,
    min: finite ? signed(acc.min) : NaN, max: finite ? signed(acc.max) : NaN,
    mean, std: Math.sqrt(variance), zeros, nans, infs,
  };
}

export function fastStats(values: Numbers): TensorStats {
  const acc = newStatsAccumulator();
  accumulateStats(acc, values);
  return finishStats(acc);
}

/** Bin edges over [min, max] of the finite values, as core/viz/histogram places them. */
export function binEdges(stats: TensorStats, bins: number): { lo: number; hi: number; edges: Float64Array } {
  const finite = stats.numel - stats.nans - stats.infs;
  const lo = finite ? stats.min : 0, hi = finite ? (stats.max > stats.min ? stats.max : stats.min + 1) : 1;
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  return { lo, hi, edges };
}

function isFloatArray(v: Numbers): v is Float32Array | Float64Array {
  return v instanceof Float32Array || v instanceof Float64Array;
}

/** Lane counts are int32 in the kernel: drained into the float64 counts long before 2^31. */
const DRAIN_EVERY = 1 << 28;

/**
 * Counts per bin; NaN and ±Inf are left out. A value at the top edge falls in the last bin. Four
 * count arrays (lanes) take turns, so that runs of values in one bin do not wait on each other.
 */
export function fastBins(values: Numbers, stats: TensorStats, bins: number): { edges: Float64Array; counts: Float64Array } {
  const { lo, hi, edges } = binEdges(stats, bins);
  const scale = bins / (hi - lo);
  const stride = bins + 1;
  const c = new Float64Array(stride * 4);
  const n = values.length;
  const k = bins <= MAX_BINS ? kernelsFor(values) : null;
  if (isFloatArray(values) && stats.nans + stats.infs === 0) {
    let start = 0;
    if (k) {
      const simdEnd = n & ~3;
      k.binsBegin(lo, scale, bins);
      for (let b0 = 0, sinceDrain = 0; b0 < simdEnd; b0 += BLOCK) {
        const b1 = b0 + BLOCK < simdEnd ? b0 + BLOCK : simdEnd;
        k.bins(values as Float32Array, b0, b1);
        sinceDrain += b1 - b0;
        if (sinceDrain >= DRAIN_EVERY) { k.binsDrain(c); sinceDrain = 0; }
      }
      k.binsDrain(c);
      start = simdEnd;
    }
    const n4 = start + ((n - start) & ~3);
    for (let i = start; i < n4; i += 4) {
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
