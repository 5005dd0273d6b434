/**
 * The first screen with a cold cache: a fresh browser context (empty HTTP cache) navigates to the
 * app; the clock is the page's own (navigation start = 0) and stops after the paint of the first
 * frame that shows the left slot. The JavaScript fetched for it is gzipped here (level 9, what a
 * static host would serve) to give the initial JS size.
 */
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export interface FirstScreen {
  /** navigation start → first slot painted, per run */
  ms: number[];
  /** first contentful paint, per run */
  fcp: number[];
  /** scripts the first screen fetched: url path, raw and gzipped bytes */
  scripts: { path: string; raw: number; gz: number }[];
}

// Runs before any of the page's scripts, so the observer sees the slot's first insertion.
const WATCH_FIRST_SLOT = `
  new PerformanceObserver((list) => {
    const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
    if (fcp) window.__wbFcp = fcp.startTime;
  }).observe({ type: 'paint', buffered: true });
  new MutationObserver((_, obs) => {
    if (!document.querySelector('[data-testid="slot-left"]')) return;
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__wbFirstSlot = performance.now(); }, 0));
  }).observe(document, { subtree: true, childList: true });
`;

export async function measureFirstScreen(browser: Browser, url: string, runs: number): Promise<FirstScreen> {
  const out: FirstScreen = { ms: [], fcp: [], scripts: [] };
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(WATCH_FIRST_SLOT);
      const scripts = new Map<string, Promise<Buffer | null>>();
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script' && r.ok()) scripts.set(new URL(r.url()).pathname, r.body().catch(() => null));
      });
      await page.goto(`${url}/`);
      const handle = await page.waitForFunction(() => (window as unknown as { __wbFirstSlot?: number }).__wbFirstSlot, undefined, { timeout: 30_000 });
      out.ms.push((await handle.jsonValue()) as number);
      // the paint entry is delivered a little after the frame; headless Chromium sometimes never sends it
      const fcp = await page.waitForFunction(() => (window as unknown as { __wbFcp?: number }).__wbFcp, undefined, { timeout: 2000 }).then((h) => h.jsonValue() as Promise<number>, () => NaN);
      out.fcp.push(fcp);
      if (i === 0) {
        await page.waitForLoadState('networkidle');
        for (const [path, body] of scripts) {
          const b = await body;
          if (b) out.scripts.push({ path, raw: b.length, gz: gzipSync(b, { level: 9 }).length });
        }
      }
    } finally {
      await context.close();
    }
  }
  return out;
}
