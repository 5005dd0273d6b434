/**
 * Drop → layer tree: the benchmark's big files opened in the left slot of the production build,
 * timed in the page (src/app/lib/bench.ts: input change event → first painted frame with tree
 * rows), with the JS heap of the page and its workers sampled over CDP during each open.
 */
import type { Browser, Page } from '@playwright/test';
import type { OpenTiming } from '../../src/app/lib/bench';
import { HeapSampler, rendererRss, type HeapPeak } from './heap';
import { median } from './results';

export interface OpenMeasure {
  file: string;
  bytes: number;
  runs: OpenTiming[];
  /** the largest peak over the runs */
  heap: HeapPeak;
  /** heap of page + workers just before the first open (the app at rest) */
  heapAtRest: number;
  /** renderer processes' resident memory at rest, to subtract from the peak */
  rssAtRest: number;
  /** Playwright's own view: setInputFiles → the slot is loaded and rows are visible */
  outsideMs: number[];
}

export const msOf = (m: OpenMeasure): number[] => m.runs.map((r) => r.ms);

async function openOnce(page: Page, path: string): Promise<{ timing: OpenTiming; outsideMs: number }> {
  const before = await page.evaluate(() => window.__wbBench?.opens.length ?? 0);
  const t0 = Date.now();
  await page.getByTestId('slot-left').getByTestId('file-input').setInputFiles(path);
  const handle = await page.waitForFunction((n) => {
    const slot = document.querySelector('[data-testid="slot-left"]');
    if (slot?.getAttribute('data-status') === 'error') return { error: slot.textContent ?? 'error' };
    const opens = window.__wbBench?.opens ?? [];
    return opens.length > n ? { timing: opens[opens.length - 1] } : false;
  }, before, { timeout: 600_000, polling: 'raf' });
  const outsideMs = Date.now() - t0;
  const r = (await handle.jsonValue()) as { error?: string; timing?: OpenTiming };
  if (r.error !== undefined || !r.timing) throw new Error(`${path} did not open: ${r.error?.slice(0, 300)}`);
  return { timing: r.timing, outsideMs };
}

/**
 * The time between two opens, as a user leaves it (finding the next file, dropping it): what the app
 * has to start its next spare model worker (and, after an HDF5 file, load h5wasm in it). Opens
 * back to back would measure a pace no user keeps; the first open of the page has no pause before it.
 */
export const PAUSE_BETWEEN_OPENS_MS = 2000;

/** Opens `path` `runs` times in a fresh page, each open from a collected heap. */
export async function measureOpen(browser: Browser, url: string, path: string, runs: number): Promise<OpenMeasure> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    const heap = await HeapSampler.attach(context, page);
    await page.goto(`${url}/?bench=1&openTimeoutMs=600000`);
    await page.waitForFunction(() => !!window.__wbBench?.opens);
    await heap.collectGarbage();
    const heapAtRest = (await heap.sample()).jsHeap;
    const rssAtRest = await rendererRss(browser);
    const out: OpenMeasure = { file: path, bytes: 0, runs: [], heap: { jsHeap: 0, withBuffers: 0, samples: 0, isolates: [], rendererRss: 0 }, heapAtRest, rssAtRest, outsideMs: [] };
    for (let i = 0; i < runs; i++) {
      if (i > 0) await page.waitForTimeout(PAUSE_BETWEEN_OPENS_MS);
      await heap.collectGarbage();
      const { result, peak } = await heap.during(() => openOnce(page, path), browser);
      out.runs.push(result.timing);
      out.outsideMs.push(result.outsideMs);
      out.bytes = result.timing.bytes;
      out.heap = {
        jsHeap: Math.max(peak.jsHeap, out.heap.jsHeap), withBuffers: Math.max(peak.withBuffers, out.heap.withBuffers),
        rendererRss: Math.max(peak.rendererRss, out.heap.rendererRss), samples: out.heap.samples + peak.samples, isolates: peak.isolates,
      };
    }
    if (errors.length) throw errors[0];
    return out;
  } finally {
    await context.close();
  }
}

export function describeOpen(m: OpenMeasure): string {
  const loaded = median(m.runs.map((r) => r.loadedMs));
  const long = median(m.runs.map((r) => r.longTaskMs));
  return `median of ${m.runs.length}, ${PAUSE_BETWEEN_OPENS_MS / 1000} s apart (first open of the page ${m.runs[0]?.ms.toFixed(0)} ms): change → slot loaded ${loaded.toFixed(0)} ms, long tasks ${long.toFixed(0)} ms; Playwright setInputFiles → rows ${median(m.outsideMs).toFixed(0)} ms`;
}
