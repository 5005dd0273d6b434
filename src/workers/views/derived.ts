/**
 * What the views derive from the numbers of the tensor on screen: the permuted copy for the
 * other framework's layout, the histogram with its statistics, a sorted sample for percentiles.
 * Only the last tensor is kept: a slot shows one tensor at a time, and a permuted 25M-element
 * copy is 100 MB.
 */
import type { Histogram } from '../../core/viz/histogram';
import type { TensorStats } from '../../core/model/types';
import { permute, type NumArray } from '../../core/viz/permute';
import { fastBins, fastStats } from './fastStats';

export type Numbers = ArrayLike<number>;

interface Entry {
  name: string;
  values: Numbers;
  permuted: Map<string, Numbers>;
  histograms: Map<number, Histogram>;
  sorted?: Float64Array;
}

let current: Entry | null = null;
/**
 * Statistics outlive the last-tensor entry: a few numbers per tensor, and going back to a big
 * tensor whose bytes are still cached should not walk all of them again.
 */
const statsByName = new Map<string, TensorStats>();
const STATS_KEPT = 256;

function entry(name: string, values: Numbers): Entry {
  if (!current || current.name !== name || current.values !== values) {
    current = { name, values, permuted: new Map(), histograms: new Map() };
  }
  return current;
}

export function clearDerived(): void {
  current = null;
  statsByName.clear();
}

/** The values in the order of `perm` (identity: the stored numbers themselves, no copy). */
export function permutedValues(name: string, values: Numbers, shape: number[], perm: number[] | null): Numbers {
  if (!perm || perm.every((p, i) => p === i)) return values;
  const e = entry(name, values);
  const key = perm.join(',');
  let out = e.permuted.get(key);
  if (!out) {
    out = permute(values as NumArray, shape, perm);
    e.permuted.set(key, out);
  }
  return out;
}

/** min/max/mean/std/zeros/NaN/Inf, one pass, computed once per tensor (the panel's statistics and every colour domain). */
export function statsOf(name: string, values: Numbers): TensorStats {
  return statsByName.get(name) ?? rememberStats(name, fastStats(values));
}

/** Statistics already known for a tensor (from the plots or a finished sliced run). */
export function knownStats(name: string): TensorStats | undefined {
  return statsByName.get(name);
}

/** Keeps statistics computed elsewhere (views/chunkedStats), for the plots' colour domains too. */
export function rememberStats(name: string, s: TensorStats): TensorStats {
  statsByName.set(name, s);
  if (statsByName.size > STATS_KEPT) statsByName.delete(statsByName.keys().next().value as string);
  return s;
}

/** The histogram: the cached statistics place the bins, so drawing one costs a single pass. */
export function histogramOf(name: string, values: Numbers, bins: number): Histogram {
  const e = entry(name, values);
  let h = e.histograms.get(bins);
  if (!h) {
    const stats = statsOf(name, values);
    h = { ...fastBins(values, stats, bins), stats };
    e.histograms.set(bins, h);
  }
  return h;
}

const SAMPLE = 200_000;

/** The p-quantile of the finite values, from an evenly strided sorted sample (sorted once per tensor). */
export function quantile(name: string, values: Numbers, p: number): number {
  const e = entry(name, values);
  if (!e.sorted) {
    const n = values.length;
    const step = Math.max(1, Math.floor(n / SAMPLE));
    const s = new Float64Array(Math.ceil(n / step));
    let k = 0;
    for (let i = 0; i < n; i += step) { const v = values[i]; if (v - v === 0) s[k++] = v; }
    e.sorted = s.subarray(0, k).sort();
  }
  const s = e.sorted;
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))))];
}
