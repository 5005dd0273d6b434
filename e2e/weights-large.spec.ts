import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { expectLoaded, saveScreenshot, slot, tensorRow, treeRow } from './helpers';
import { drawnTrace, expectDrawn, hoverAt } from './plot';
import { torchStateDictZip } from './synthTorch';

const ROWS = 2500, COLS = 4000; // 10M float32 values, 40 MB
/** A value that says where it is (row and column), so any cell can be checked without the array. */
const valueAt = (r: number, c: number): number => Math.fround((r % 97) / 97 - 0.5 + (c % 89) / 8900);

let dir = '';
let file = '';

test.beforeAll(() => {
  const values = new Float32Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) values[r * COLS + c] = valueAt(r, c);
  dir = mkdtempSync(join(tmpdir(), 'wb-large-'));
  file = join(dir, 'large.pt');
  const small = Float32Array.from({ length: 16 }, (_, i) => i - 8);
  writeFileSync(file, torchStateDictZip([{ name: 'small.weight', shape: [4, 4], values: small }, { name: 'big.weight', shape: [ROWS, COLS], values }]));
});

test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/**
 * Records in the page, for every press on a layer row's twisty, the time from the input event
 * (its timestamp is taken when the browser receives it, so a busy main thread shows as delay)
 * to the row's aria-expanded changing: how long a user waits for the click to take effect.
 */
async function recordClickLatency(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickMs: number[] };
    w.__clickMs = [];
    document.addEventListener('pointerdown', (e) => {
      const row = (e.target as Element).closest('[data-testid="tree-row"][data-row-type="layer"]');
      const id = row?.getAttribute('data-id');
      if (!row || !id) return;
      const before = row.getAttribute('aria-expanded');
      const at = e.timeStamp;
      const mo = new MutationObserver(() => {
        const now = document.querySelector(`[data-testid="tree-row"][data-id="${id}"]`);
        if (now && now.getAttribute('aria-expanded') !== before) { w.__clickMs.push(performance.now() - at); mo.disconnect(); }
      });
      mo.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['aria-expanded'] });
    }, true);
  });
}

test('a 10M-element tensor: the page answers clicks while it renders, the view says it is downsampled, zoom re-reads at full resolution', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.goto('/');
  const left = slot(page, 'left');
  await left.getByTestId('file-input').setInputFiles(file);
  await expectLoaded(left);
  await expect(left.getByTestId('summary-params')).toHaveText('10,000,016');
  // A small tensor first: plotly's one-time start (loading and compiling its 1.4 MB, its first
  // plot) is not what this test measures; rendering a 10M-element tensor is.
  await tensorRow(left, 'small.weight').click();
  await expectDrawn(left, 'heatmap');

  // Select the tensor, then keep clicking the layer's twisty (collapse/expand) while the worker
  // reads 40 MB and computes, and plotly draws: every click must take effect within 500 ms.
  await recordClickLatency(page);
  const layer = treeRow(left, 'L:big');
  const twisty = layer.locator('.twisty');
  await tensorRow(left, 'big.weight').click();
  const view = left.getByTestId('tensor-view');
  let clicks = 0, clicksBeforeDrawn = 0;
  for (let i = 0; i < 40; i++) {
    const drawn = (await view.getAttribute('data-drawn-tensor')) === 'big.weight';
    const before = await layer.getAttribute('aria-expanded');
    await twisty.click();
    await expect(layer).not.toHaveAttribute('aria-expanded', before ?? '');
    clicks++;
    if (!drawn) clicksBeforeDrawn++;
    if (drawn && i >= 5) break;
  }
  const latencies = await page.evaluate(() => (window as unknown as { __clickMs: number[] }).__clickMs.map(Math.round));
  testInfo.annotations.push({ type: 'click → effect (ms)', description: latencies.join(', ') });
  expect(latencies).toHaveLength(clicks);
  expect(clicksBeforeDrawn, 'clicks answered while the view was computed').toBeGreaterThan(0);
  expect(Math.max(...latencies), `click → effect ${latencies.join(', ')} ms`).toBeLessThan(500);
  if ((await layer.getAttribute('aria-expanded')) === 'false') await twisty.click();

  await expectDrawn(left, 'heatmap');
  const status = left.getByTestId('view-status');
  await expect(status).toHaveAttribute('data-downsampled', 'true');
  // Reduced to about the plot's size in pixels (at most 512 a side), and said so.
  await expect(status).toHaveText(/^2,500×4,000 shown as \d+×\d+, block \d+×\d+, max \|value\| — zoom in for full resolution$/);
  const [, shownR, shownC, br, bc] = /shown as (\d+)×(\d+), block (\d+)×(\d+)/.exec((await status.textContent()) ?? '')!.map(Number);
  const coarse = await drawnTrace(left);
  expect([coarse.z.length, coarse.z[0].length, coarse.dy, coarse.dx]).toEqual([shownR, shownC, br, bc]);
  expect(shownR).toBeLessThanOrEqual(512);
  expect(shownC).toBeLessThanOrEqual(512);
  expect([shownR, shownC]).toEqual([Math.ceil(ROWS / br), Math.ceil(COLS / bc)]);
  // Block (3, 7): its max-|value| element, sign kept.
  let best = 0;
  for (let r = 3 * br; r < 4 * br; r++) for (let c = 7 * bc; c < 8 * bc; c++) if (Math.abs(valueAt(r, c)) > Math.abs(best)) best = valueAt(r, c);
  expect(coarse.z[3][7]).toBe(best);
  await saveScreenshot(page, testInfo, 'large-downsampled.png');

  // Zoom with the mouse (a box over rows ~1000–1400, cols ~2000–2300): the worker re-reads that region at full resolution.
  await zoomBox(page, left, [2000, 1000], [2300, 1400]);
  await expect(status).toHaveAttribute('data-downsampled', 'false');
  await expect(status).toContainText('at full resolution');
  const fine = await drawnTrace(left);
  expect([fine.dx, fine.dy]).toEqual([1, 1]);
  const [r0, c0] = [fine.y0, fine.x0];
  expect(r0).toBeGreaterThan(990);
  expect(c0).toBeGreaterThan(1990);
  for (const [i, j] of [[0, 0], [5, 17], [fine.z.length - 1, fine.z[0].length - 1]]) {
    expect(fine.z[i][j], `row ${r0 + i} col ${c0 + j}`).toBe(valueAt(r0 + i, c0 + j));
  }
  // Closer still (plotly zooms in the full-resolution cells it has, nothing to re-read), then hover a cell.
  await zoomBox(page, left, [c0 + 10, r0 + 10], [c0 + 50, r0 + 50]);
  await hoverAt(page, left, c0 + 17, r0 + 25);
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-index', JSON.stringify([r0 + 25, c0 + 17]));
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-value', String(valueAt(r0 + 25, c0 + 17)));
  await saveScreenshot(page, testInfo, 'large-zoomed.png');

  // Double-click resets the zoom: the whole tensor, downsampled again.
  await page.mouse.dblclick(...(await plotCentre(left)));
  await expect(status).toHaveAttribute('data-downsampled', 'true');
});

async function toPage(s: Locator, x: number, y: number): Promise<[number, number]> {
  const p = await s.getByTestId('plot-area').evaluate((el, [px, py]) => {
    type Ax = { l2p(v: number): number; _offset: number };
    const fl = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax } })._fullLayout;
    const box = el.getBoundingClientRect();
    return [box.left + fl.xaxis._offset + fl.xaxis.l2p(px), box.top + fl.yaxis._offset + fl.yaxis.l2p(py)];
  }, [x, y] as const);
  return [p[0], p[1]];
}

/** The middle of the plot's cell area, in page coordinates, whatever the zoom. */
async function plotCentre(s: Locator): Promise<[number, number]> {
  return s.getByTestId('plot-area').evaluate((el) => {
    type Ax = { _offset: number; _length: number };
    const fl = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax } })._fullLayout;
    const box = el.getBoundingClientRect();
    return [box.left + fl.xaxis._offset + fl.xaxis._length / 2, box.top + fl.yaxis._offset + fl.yaxis._length / 2] as [number, number];
  });
}

async function zoomBox(page: Page, s: Locator, from: [number, number], to: [number, number]): Promise<void> {
  const a = await toPage(s, ...from), b = await toPage(s, ...to);
  await page.mouse.move(...a);
  await page.mouse.down();
  await page.mouse.move(a[0] + (b[0] - a[0]) / 2, a[1] + (b[1] - a[1]) / 2, { steps: 4 });
  await page.mouse.move(...b, { steps: 4 });
  await page.mouse.up();
}
