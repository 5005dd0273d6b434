/**
 * Timing hook for `npm run bench`, present only with `?bench=1` in the URL: each drawn plot records
 * how long the worker took and how long plotly took, for the benchmark to read from the page.
 */
export interface RenderTiming {
  tensor: string;
  kind: string;
  cells: number;
  /** request sent → view received (worker compute + transfer) */
  computeMs: number;
  /** request sent → plot painted */
  totalMs: number;
}

interface BenchHook {
  renders: RenderTiming[];
  histogram?: (elements: number) => Promise<{ ms: number; bytes: number; gbPerS: number }>;
}

declare global {
  interface Window { __wbBench?: BenchHook }
}

export const BENCH = typeof location !== 'undefined' && new URLSearchParams(location.search).has('bench');

export function recordRender(t: RenderTiming): void {
  if (!BENCH) return;
  (window.__wbBench ??= { renders: [] }).renders.push(t);
}

/** Installs the hook (and the histogram throughput probe, loaded only here) when benchmarking. */
export function installBenchHook(): void {
  if (!BENCH) return;
  const hook = (window.__wbBench ??= { renders: [] });
  hook.histogram = async (elements) => (await import('./benchHistogram')).histogramThroughput(elements);
}
