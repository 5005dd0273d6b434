/**
 * Timing hook for `npm run bench`, present only with `?bench=1` in the URL: each drawn plot records
 * how long the worker took and how long plotly took, and each opened file how long it took from
 * the file input's change event to the frame that first shows its layer tree.
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

export interface OpenTiming {
  slot: string;
  file: string;
  bytes: number;
  /** change event → the slot's DOM first says "loaded" (worker read + transfer + React render) */
  loadedMs: number;
  /** change event → the frame showing the tree's first rows has been painted */
  ms: number;
  /** main-thread long tasks (> 50 ms) between the two ends, summed */
  longTaskMs: number;
}

export interface ConvertTiming { format: string; bytes: number; ms: number; mbPerS: number }

interface BenchHook {
  renders: RenderTiming[];
  opens: OpenTiming[];
  histogram?: (elements: number) => Promise<{ ms: number; bytes: number; gbPerS: number }>;
  convert?: (file: File, format: 'safetensors' | 'pt') => Promise<ConvertTiming>;
}

declare global {
  interface Window { __wbBench?: BenchHook }
}

export const BENCH = typeof location !== 'undefined' && new URLSearchParams(location.search).has('bench');

const hook = (): BenchHook => (window.__wbBench ??= { renders: [], opens: [] });

export function recordRender(t: RenderTiming): void {
  if (!BENCH) return;
  hook().renders.push(t);
}

/** A callback after the next frame is painted: rAF runs before paint, a task queued from it runs after. */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/**
 * Watches the DOM rather than the store, so the number is what a user sees: the clock starts at
 * the file input's change event (its timestamp, before any of our handlers ran) and stops after
 * the paint of the first frame with tree rows in that slot.
 */
function watchOpens(): void {
  const pending = new Map<Element, { file: File; start: number; left?: boolean; loadedAt?: number }>();
  const longTasks: PerformanceEntry[] = [];
  try {
    new PerformanceObserver((list) => { longTasks.push(...list.getEntries()); }).observe({ type: 'longtask', buffered: false });
  } catch { /* long tasks are a Chromium extra */ }
  document.addEventListener('change', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.dataset.testid !== 'file-input' || !input.files?.[0]) return;
    const slot = input.closest('[data-testid^="slot-"]');
    if (slot) pending.set(slot, { file: input.files[0], start: e.timeStamp });
  }, true);
  new MutationObserver(() => {
    for (const [slot, p] of pending) {
      // the slot still shows the previous file until it has left 'loaded' once
      if (slot.getAttribute('data-status') !== 'loaded') { p.left = true; continue; }
      if (!p.left) continue;
      p.loadedAt ??= performance.now();
      if (!slot.querySelector('[data-testid="tree-row"]')) continue;
      pending.delete(slot);
      const loadedAt = p.loadedAt;
      afterPaint(() => {
        const end = performance.now();
        const longTaskMs = longTasks.filter((t) => t.startTime >= p.start && t.startTime < end).reduce((s, t) => s + t.duration, 0);
        hook().opens.push({
          slot: slot.getAttribute('data-testid')!.replace(/^slot-/, ''), file: p.file.name, bytes: p.file.size,
          loadedMs: loadedAt - p.start, ms: end - p.start, longTaskMs,
        });
      });
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
}

/** Installs the hook (and the probes, loaded only here) when benchmarking. */
export function installBenchHook(): void {
  if (!BENCH) return;
  const h = hook();
  h.histogram = async (elements) => (await import('./benchHistogram')).histogramThroughput(elements);
  h.convert = async (file, format) => (await import('./benchConvert')).convertThroughput(file, format);
  watchOpens();
}
