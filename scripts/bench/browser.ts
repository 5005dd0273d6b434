/**
 * Timings in the app itself, in headless Chromium against the production build: the `?bench=1`
 * hook records, for every plot, the time from sending the view request to the worker to the
 * frame that shows it (src/app/lib/bench.ts), and runs the histogram and conversion probes.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ConvertTiming, RenderTiming } from '../../src/app/lib/bench';

export const CHROMIUM = process.env.WEIGHTBRIDGE_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// As playwright.config.ts: we run as root (no sandbox) and want no network chatter from the browser.
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface BrowserTimings {
  heatmap: number[];
  heatmapCold: number;
  kernels: number[];
  kernelsCold: number;
  cells: { heatmap: number; kernels: number };
  histogram: { ms: number; gbPerS: number };
}

async function renders(page: Page): Promise<RenderTiming[]> {
  return page.evaluate(() => window.__wbBench?.renders ?? []);
}

/** Selects a tensor in the left slot and returns the timing of the plot it draws. */
async function show(page: Page, name: string): Promise<RenderTiming> {
  const n = (await renders(page)).length;
  await page.locator(`[data-testid="slot-left"] [data-testid="tree-row"][data-name="${name}"]`).click();
  await page.waitForFunction(([count, tensor]) => {
    const r = window.__wbBench?.renders ?? [];
    return r.length > (count as number) && r[r.length - 1].tensor === tensor;
  }, [n, name] as const, { timeout: 120_000, polling: 100 });
  return (await renders(page)).at(-1)!;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A fresh context's page with the timing hook on and `file` open in the left slot; page errors are collected. */
export async function pageWithFile(context: BrowserContext, url: string, file: string): Promise<{ page: Page; errors: Error[] }> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${url}/?bench=1`);
  await page.getByTestId('slot-left').getByTestId('file-input').setInputFiles(file);
  await page.waitForSelector('[data-testid="slot-left"][data-status="loaded"]', { timeout: 120_000 });
  return { page, errors };
}

export async function viewsBench(browser: Browser, url: string, file: string, runs: number, histogramElements: number): Promise<BrowserTimings> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    const { page, errors } = await pageWithFile(context, url, file);
    // plotly's one-time start (loading, compiling, its first plot) is not part of these numbers.
    await show(page, 'warm.weight');
    const heatCold = await show(page, 'big.weight');
    const heatmap: number[] = [];
    for (let i = 0; i < runs; i++) {
      await show(page, 'warm.weight');
      heatmap.push((await show(page, 'big.weight')).totalMs);
    }
    const kernCold = await show(page, 'conv.weight');
    const kernels: number[] = [];
    for (let i = 0; i < runs; i++) {
      await show(page, 'warm.weight');
      kernels.push((await show(page, 'conv.weight')).totalMs);
    }
    const histogram = await page.evaluate((n) => window.__wbBench!.histogram!(n), histogramElements);
    if (errors.length) throw errors[0];
    return {
      heatmap, heatmapCold: heatCold.totalMs, kernels, kernelsCold: kernCold.totalMs,
      cells: { heatmap: heatCold.cells, kernels: kernCold.cells },
      histogram: { ms: histogram.ms, gbPerS: histogram.gbPerS },
    };
  } finally {
    await context.close();
  }
}

/** Standalone conversion of `file` in a worker of the page, `runs` times per format. */
export async function convertBench(browser: Browser, url: string, file: string, runs: number): Promise<Record<'safetensors' | 'pt', ConvertTiming[]>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${url}/?bench=1`);
    await page.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { type: 'file', id: 'wb-bench-file', hidden: true });
      document.body.append(input);
    });
    await page.locator('#wb-bench-file').setInputFiles(file);
    const out: Record<'safetensors' | 'pt', ConvertTiming[]> = { safetensors: [], pt: [] };
    for (let i = 0; i < runs; i++) {
      for (const format of ['safetensors', 'pt'] as const) {
        out[format].push(await page.evaluate((f) => window.__wbBench!.convert!(document.querySelector<HTMLInputElement>('#wb-bench-file')!.files![0], f), format));
      }
    }
    return out;
  } finally {
    await context.close();
  }
}
