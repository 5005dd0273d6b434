import { test, expect, type Locator, type Page } from '@playwright/test';
import { dropFiles, expectLoaded, fileFrom, saveScreenshot, slot, tensorRow } from './helpers';
import { LOCAL } from './nodeDocs';
import { drawnTrace, expectDrawn, hoverAt, offsetOf, tensorInNode } from './plot';
import { torchStateDictZip, type SynthTensor } from './synthTorch';

/** Deterministic values in [-0.5, 0.5). */
function filled(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[i] = s / 4294967296 - 0.5; }
  return v;
}

const T = (name: string, shape: number[], seed: number): SynthTensor => ({ name, shape, values: filled(shape.reduce((a, b) => a * b, 1), seed) });
const TENSORS = {
  rgb: T('rgb.weight', [8, 3, 5, 5], 1),        // first-layer conv: 3 input channels
  strip: T('conv1d.weight', [4, 2, 7], 2),      // 1-D conv: strips
  vol: T('conv3d.weight', [2, 3, 4, 5, 6], 3),  // 5-D: slices only
  wide: T('wide.weight', [200, 100, 3, 3], 4),  // too many tiles for the plot: one cell per kernel
};
const at = (t: SynthTensor, index: number[]): number => t.values[offsetOf(t.shape, index)];

async function open(page: Page): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto('/');
  const left = slot(page, 'left');
  await dropFiles(page, left, [{ name: 'shapes.pt', bytes: torchStateDictZip(Object.values(TENSORS)) }]);
  await expectLoaded(left);
  return left;
}

async function nextDraw(s: Locator, action: () => Promise<unknown>): Promise<void> {
  const before = Number(await s.getByTestId('plot').getAttribute('data-draws'));
  await action();
  await expect.poll(async () => Number(await s.getByTestId('plot').getAttribute('data-draws'))).toBeGreaterThan(before);
  await expect(s.getByTestId('plot')).toHaveAttribute('data-busy', 'false');
}

const traceField = (s: Locator, field: string): Promise<unknown> =>
  s.getByTestId('plot-area').evaluate((el, f) => (el as unknown as { data: Record<string, unknown>[] }).data[0][f], field);

test('first-layer kernels as colour images, one filter across its inputs, 1-D strips', async ({ page }, testInfo) => {
  const left = await open(page);
  const rgb = TENSORS.rgb;
  await tensorRow(left, 'rgb.weight').click();
  await expectDrawn(left, 'kernels');

  // One output filter: its 3 input channels wrap 2 per row; the fourth slot is empty (NaN).
  await nextDraw(left, () => left.getByTestId('kernel-filter').selectOption('2'));
  const one = await drawnTrace(left);
  expect([one.z.length, one.z[0].length]).toEqual([11, 11]);
  expect(one.z[0][0]).toBe(at(rgb, [2, 0, 0, 0]));
  expect(one.z[1][7]).toBe(at(rgb, [2, 1, 1, 1]));
  expect(one.z[9][3]).toBe(at(rgb, [2, 2, 3, 3]));
  expect(one.z[8][8]).toBeNull();
  await hoverAt(page, left, 6 + 4, 2);
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-index', '[2,1,2,4]');
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-value', String(at(rgb, [2, 1, 2, 4])));

  // Colour images: channels 0, 1, 2 as R, G, B, each kernel scaled to [0, 1] on its own.
  await nextDraw(left, () => left.getByTestId('kernel-rgb').check());
  expect(await traceField(left, 'type')).toBe('image');
  const z = (await traceField(left, 'z')) as number[][][];
  expect([z.length, z[0].length]).toEqual([3 * 6 - 1, 3 * 6 - 1]);
  for (const f of [0, 4, 7]) {
    const k = Array.from({ length: 75 }, (_, i) => rgb.values[f * 75 + i]);
    const lo = Math.min(...k), hi = Math.max(...k);
    const [r0, c0] = [Math.floor(f / 3) * 6, (f % 3) * 6];
    const expected = Uint8ClampedArray.from([0, 1, 2].map((c) => ((at(rgb, [f, c, 1, 2]) - lo) * 255) / (hi - lo)));
    expect(z[r0 + 1][c0 + 2].slice(0, 3), `filter ${f}`).toEqual(Array.from(expected));
  }
  expect(z[5][0][3]).toBe(0); // the gap row is transparent
  await expect(left.getByTestId('view-status')).toContainText('8 filters as colour images');
  await saveScreenshot(page, testInfo, 'rgb-kernels.png');

  // A 1-D conv: O × I strips of 1 × k.
  const strip = TENSORS.strip;
  await tensorRow(left, 'conv1d.weight').click();
  await expectDrawn(left, 'kernels');
  const s = await drawnTrace(left);
  expect([s.z.length, s.z[0].length]).toEqual([4 * 2 - 1, 2 * 8 - 1]);
  expect(s.z[2][8 + 3]).toBe(at(strip, [1, 1, 3]));
  expect(s.z[1][0]).toBeNull();
  await saveScreenshot(page, testInfo, 'conv1d-strips.png');
});

test('N-D slices with sliders; too many kernels become one cell each until zoomed; colour domains', async ({ page }, testInfo) => {
  const left = await open(page);
  const vol = TENSORS.vol;
  await tensorRow(left, 'conv3d.weight').click();
  await expectDrawn(left, 'slice');
  await expect(left.getByTestId('view-tab-kernels')).toHaveCount(0);
  await expect(left.getByTestId('slice-slider')).toHaveCount(3);
  await nextDraw(left, () => left.getByTestId('slice-index-0').fill('1'));
  await nextDraw(left, () => left.getByTestId('slice-index-1').fill('2'));
  await nextDraw(left, () => left.getByTestId('slice-index-2').fill('3'));
  const plane = await drawnTrace(left);
  expect([plane.z.length, plane.z[0].length]).toEqual([5, 6]);
  for (let h = 0; h < 5; h++) for (let w = 0; w < 6; w++) expect(plane.z[h][w]).toBe(at(vol, [1, 2, 3, h, w]));
  await hoverAt(page, left, 4, 2);
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-index', '[1,2,3,2,4]');
  await expect(left.getByTestId('hover-readout')).toContainText('O 1 · I 2 · D 3 · H 2 · W 4');

  // 200 × 100 kernels of 3 × 3: a 799 × 399 mosaic does not fit, each kernel is one cell.
  const wide = TENSORS.wide;
  await tensorRow(left, 'wide.weight').click();
  await expectDrawn(left, 'kernels');
  await expect(left.getByTestId('view-status')).toHaveText('200×100×3×3 kernels shown as 200×100: one cell per kernel, max |value| — zoom in to see the tiles');
  const cells = await drawnTrace(left);
  expect([cells.z.length, cells.z[0].length]).toEqual([200, 100]);
  const kernel = (o: number, i: number): number[] => Array.from({ length: 9 }, (_, j) => wide.values[(o * 100 + i) * 9 + j]);
  const maxAbs = (k: number[]): number => k.reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
  expect(cells.z[17][42]).toBe(maxAbs(kernel(17, 42)));
  await nextDraw(left, () => left.getByTestId('reduce').selectOption('mean'));
  const means = await drawnTrace(left);
  expect(means.z[17][42]).toBe(Math.fround(kernel(17, 42).reduce((a, b) => a + b, 0) / 9));
  await nextDraw(left, () => left.getByTestId('reduce').selectOption('maxabs'));

  // Zooming in on ~12 × 12 kernels brings the tiles back, read at full resolution.
  await zoomBox(page, left, [4 * 40, 4 * 100], [4 * 52, 4 * 112]);
  await expect(left.getByTestId('view-status')).toContainText('at full resolution');
  const tiles = await drawnTrace(left);
  expect([tiles.dx, tiles.dy]).toEqual([1, 1]);
  const [gr, gc] = [tiles.y0 / 4, tiles.x0 / 4];
  expect(tiles.z[1][2]).toBe(at(wide, [gr, gc, 1, 2]));
  expect(tiles.z[3][0]).toBeNull();
  expect(tiles.z[4 + 2][4 + 1]).toBe(at(wide, [gr + 1, gc + 1, 2, 1]));
  await saveScreenshot(page, testInfo, 'kernels-zoomed.png');

  // Colour domains: ±max|w| by default, clipped to percentiles, typed by hand; a sequential map spans min…max.
  await page.mouse.dblclick(...(await centre(left)));
  await expect(left.getByTestId('view-status')).toContainText('one cell per kernel');
  const [min, max] = wide.values.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
  const absMax = Math.max(-min, max);
  expect([await traceField(left, 'zmin'), await traceField(left, 'zmax')]).toEqual([-absMax, absMax]);
  await nextDraw(left, () => left.getByTestId('domain-mode').selectOption('clip'));
  const clip = await traceField(left, 'zmax') as number;
  expect(clip).toBeLessThan(absMax);
  expect(clip).toBeGreaterThan(0.45);
  await left.getByTestId('domain-mode').selectOption('manual');
  await left.getByTestId('domain-min').fill('-0.1');
  await left.getByTestId('domain-max').fill('0.25');
  await nextDraw(left, () => left.getByTestId('domain-max').press('Enter'));
  expect([await traceField(left, 'zmin'), await traceField(left, 'zmax')]).toEqual([-0.1, 0.25]);
  await left.getByTestId('domain-mode').selectOption('auto');
  await nextDraw(left, () => left.getByTestId('colormap').selectOption('viridis'));
  const scale = (await traceField(left, 'colorscale')) as [number, string][];
  expect(scale[0][1]).toBe('#440154');
  expect([await traceField(left, 'zmin'), await traceField(left, 'zmax')]).toEqual([min, max]);
  await saveScreenshot(page, testInfo, 'kernels-viridis.png');
});

async function toPage(s: Locator, x: number, y: number): Promise<[number, number]> {
  return s.getByTestId('plot-area').evaluate((el, [px, py]) => {
    type Ax = { l2p(v: number): number; _offset: number };
    const fl = (el as unknown as { _fullLayout: { xaxis: Ax; yaxis: Ax } })._fullLayout;
    const box = el.getBoundingClientRect();
    return [box.left + fl.xaxis._offset + fl.xaxis.l2p(px), box.top + fl.yaxis._offset + fl.yaxis.l2p(py)] as [number, number];
  }, [x, y] as const);
}

async function centre(s: Locator): Promise<[number, number]> {
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
  await page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, { steps: 4 });
  await page.mouse.move(...b, { steps: 4 });
  await page.mouse.up();
}

test('a Keras HWIO conv kernel: tiles I × O as stored, O × I in torch layout, colour images from its 3 inputs', async ({ page }, testInfo) => {
  const path = LOCAL('keras/k2-sequential.h5');
  const name = 'model_weights/conv2d/conv2d/kernel:0';
  const k = await tensorInNode(path, name);
  expect(k.shape).toEqual([3, 3, 3, 4]);
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto('/');
  const left = slot(page, 'left');
  await dropFiles(page, left, [fileFrom(path)]);
  await expectLoaded(left);
  await tensorRow(left, name).click();
  await expectDrawn(left, 'kernels');
  await expect(left.getByTestId('layout-stored')).toHaveText('HWIO');
  // As stored: I (3) rows × O (4) columns of 3 × 3 tiles.
  const stored = await drawnTrace(left);
  expect([stored.z.length, stored.z[0].length]).toEqual([3 * 4 - 1, 4 * 4 - 1]);
  expect(stored.z[4 + 2][8 + 1]).toBe(k.values[offsetOf(k.shape, [2, 1, 1, 2])]); // I 1, O 2, H 2, W 1
  // In torch's layout: O (4) rows × I (3) columns.
  await nextDraw(left, () => left.getByTestId('layout-other').click());
  await expect(left.getByTestId('layout-other')).toHaveText('OIHW');
  const torch = await drawnTrace(left);
  expect([torch.z.length, torch.z[0].length]).toEqual([4 * 4 - 1, 3 * 4 - 1]);
  expect(torch.z[8 + 2][4 + 1]).toBe(k.values[offsetOf(k.shape, [2, 1, 1, 2])]); // O 2, I 1, H 2, W 1
  await hoverAt(page, left, 4 + 1, 8 + 2);
  await expect(left.getByTestId('hover-readout')).toHaveAttribute('data-index', '[2,1,2,1]');
  await nextDraw(left, () => left.getByTestId('kernel-rgb').check());
  expect(await traceField(left, 'type')).toBe('image');
  await saveScreenshot(page, testInfo, 'keras-rgb.png');
});
