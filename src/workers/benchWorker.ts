/// <reference lib="webworker" />
/**
 * Benchmark worker: times the statistics + histogram passes the views use (views/fastStats) over a
 * float32 array of the requested size. Loaded only by the `?bench=1` hook.
 */
import { fastBins, fastStats } from './views/fastStats';

function statsAndHistogram(values: Float32Array): number {
  const stats = fastStats(values);
  const h = fastBins(values, stats, 64);
  let total = 0;
  for (let i = 0; i < h.counts.length; i++) total += h.counts[i];
  return total;
}

self.onmessage = (e: MessageEvent<{ elements: number }>) => {
  try {
    const n = e.data.elements;
    const values = new Float32Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; values[i] = s / 4294967296 - 0.5; }
    statsAndHistogram(values.subarray(0, 1 << 20)); // warm the JIT on the same code path
    const t0 = performance.now();
    const binned = statsAndHistogram(values);
    const ms = performance.now() - t0;
    if (binned !== n) throw new Error(`the histogram binned ${binned} of ${n} values`);
    self.postMessage({ ms });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
