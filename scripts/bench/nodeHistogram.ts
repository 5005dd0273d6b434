/** Statistics + histogram throughput in Node: the views' fast path and the core reference. */
import { histogram } from '../../src/core/viz/histogram';
import { fastBins, fastStats } from '../../src/workers/views/fastStats';
import { median } from './results';

function randomFloats(n: number): Float32Array {
  const v = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[i] = s / 4294967296 - 0.5; }
  return v;
}

export function nodeHistogramThroughput(elements: number, runs = 3): { fast: number[]; core: number[] } {
  const v = randomFloats(elements);
  const warm = v.subarray(0, 1 << 20);
  fastBins(warm, fastStats(warm), 64);
  histogram(warm, 64);
  const gbps = (ms: number): number => (elements * 4) / (ms / 1000) / 1e9;
  const fast: number[] = [], core: number[] = [];
  for (let k = 0; k < runs; k++) {
    let t0 = performance.now();
    const h = fastBins(v, fastStats(v), 64);
    fast.push(gbps(performance.now() - t0));
    if (h.counts.reduce((a, b) => a + b, 0) !== elements) throw new Error('the histogram lost values');
    t0 = performance.now();
    histogram(v, 64);
    core.push(gbps(performance.now() - t0));
  }
  return { fast, core };
}

export { median };
