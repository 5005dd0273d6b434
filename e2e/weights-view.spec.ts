import { readFileSync } from 'node:fs';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { decodeNpy } from '../src/core/viz/npy';
import { otherLayout } from '../src/core/viz/otherLayout';
import { permute, permuteShape } from '../src/core/viz/permute';
import { dropFiles, expectLoaded, fileFrom, saveScreenshot, slot, statsInNode, tensorRow } from './helpers';
import { LOCAL } from './nodeDocs';
import { drawnTrace, expectDrawn, hoverAt, offsetOf, tensorInNode } from './plot';

/** The project's own LeNet-5 (torch.save of the whole module): always present, unlike ../shared. */
const LENET = LOCAL('torch/lenet5.pt');
/** Tall enough for the details panel to show the whole view without scrolling. */
const VIEWPORT = { width: 1280, height: 1500 };

async function openLenet(page: Page): Promise<Locator> {
  await page.setViewportSize(VIEWPORT);
  await page.goto('/');
  const left = slot(page, 'left');
  await dropFiles(page, left, [fileFrom(LENET)]);
  await expectLoaded(left);
  return left;
}

/** Waits for the next draw after an action (the plot counts its draws). */
async function nextDraw(s: Locator, action: () => Promise<void>): Promise<void> {
  const before = Number(await s.getByTestId('plot').getAttribute('data-draws'));
  await action();
  await expect.poll(async () => Number(await s.getByTestId('plot').getAttribute('data-draws'))).toBeGreaterThan(before);
  await expect(s.getByTestId('plot')).toHaveAttribute('data-busy', 'false');
}

test.describe('seeing the weights', () => {
  test('the first screen loads neither plotly nor the view code; the first plot does', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
    const left = await openLenet(page);
    await expect(left.getByTestId('summary-params')).toHaveText('61,706');
    expect(scripts.filter((p) => /plotly|TensorView/.test(p))).toEqual([]);
    await tensorRow(left, '0.weight').click();
    await expectDrawn(left, 'kernels');
    expect(scripts.some((p) => /plotly/.test(p))).toBe(true);
  });

  test('0.weight: a kernel grid of 6 tiles of 5×5, hover values, the HWIO layout, the histogram', async ({ page }, testInfo) => {
    const left = await openLenet(page);
    const { values, shape } = await tensorInNode(LENET, '0.weight');
    expect(shape).toEqual([6, 1, 5, 5]);

    await tensorRow(left, '0.weight').click();
    await expectDrawn(left, 'kernels');
    // 6 output filters × 1 input channel: 6·5 rows + 5 gaps, 5 columns; gap rows are NaN (transparent).
    const grid = await drawnTrace(left);
    expect(grid.type).toBe('heatmap');
    expect(grid.z.length).toBe(6 * 5 + 5);
    for (const row of grid.z) expect(row.length).toBe(5);
    for (let r = 0; r < grid.z.length; r++) {
      for (let c = 0; c < 5; c++) {
        const [o, y] = [Math.floor(r / 6), r % 6];
        if (y === 5) expect(grid.z[r][c], `gap row ${r}`).toBeNull();
        else expect(grid.z[r][c], `O ${o} H ${y} W ${c}`).toBe(values[offsetOf(shape, [o, 0, y, c])]);
      }
    }
    await expect(left.getByTestId('view-status')).toHaveText('6×1×5×5 kernels at full resolution');

    // Hovering a cell reads out its index and the tensor's value there.
    await hoverAt(page, left, 4, 3 * 6 + 2);
    const readout = left.getByTestId('hover-readout');
    await expect(readout).toHaveAttribute('data-index', JSON.stringify([3, 0, 2, 4]));
    await expect(readout).toHaveAttribute('data-value', String(values[offsetOf(shape, [3, 0, 2, 4])]));
    await expect(readout).toContainText('O 3 · I 0 · H 2 · W 4');
    await saveScreenshot(page, testInfo, 'kernels.png');

    // Keras's layout: HWIO, tiles I × O (1 row of 6), each H × W; every cell is the permuted tensor's.
    const swap = otherLayout('OIHW', 4)!;
    const hwio = permute(Float64Array.from(values), shape, swap.perm);
    const hwioShape = permuteShape(shape, swap.perm);
    await nextDraw(left, () => left.getByTestId('layout-other').click());
    await expect(left.getByTestId('layout-toggle')).toHaveAttribute('data-value', 'other');
    const other = await drawnTrace(left);
    expect([other.z.length, other.z[0].length]).toEqual([5, 6 * 5 + 5]);
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < other.z[0].length; c++) {
        const [o, x] = [Math.floor(c / 6), c % 6];
        if (x === 5) expect(other.z[r][c]).toBeNull();
        else expect(other.z[r][c], `H ${r} W ${x} I 0 O ${o}`).toBe(hwio[offsetOf(hwioShape, [r, x, 0, o])]);
      }
    }
    await hoverAt(page, left, 4 * 6 + 1, 3);
    await expect(readout).toHaveAttribute('data-index', JSON.stringify([3, 1, 0, 4]));
    await expect(readout).toHaveAttribute('data-value', String(hwio[offsetOf(hwioShape, [3, 1, 0, 4])]));
    await expect(readout).toContainText('H 3 · W 1 · I 0 · O 4');
    await saveScreenshot(page, testInfo, 'kernels-hwio.png');

    // The histogram: every value binned once, with the statistics beside it.
    await left.getByTestId('view-tab-histogram').click();
    await expectDrawn(left, 'histogram');
    const hist = await drawnTrace(left);
    expect(hist.type).toBe('bar');
    expect(hist.y.reduce((a, b) => a + b, 0)).toBe(150);
    const stats = await statsInNode(LENET, '0.weight');
    await expect(left.getByTestId('hist-stat-min')).toHaveAttribute('data-value', String(stats.min));
    await expect(left.getByTestId('hist-stat-max')).toHaveAttribute('data-value', String(stats.max));
    await expect(left.getByTestId('hist-stat-nans')).toHaveAttribute('data-value', '0');
    await nextDraw(left, () => left.getByTestId('log-count').check());
    expect(await left.getByTestId('plot-area').evaluate((el) => (el as unknown as { layout: { yaxis: { type: string } } }).layout.yaxis.type)).toBe('log');
    await saveScreenshot(page, testInfo, 'histogram.png');
  });

  test('exports: the plot as PNG, the tensor as .npy (stored and HWIO), the summary as JSON and CSV', async ({ page }) => {
    const left = await openLenet(page);
    const { values, shape } = await tensorInNode(LENET, '0.weight');
    await tensorRow(left, '0.weight').click();
    await expectDrawn(left, 'kernels');

    const png = await download(page, () => left.getByTestId('export-png').click());
    expect(png.name).toMatch(/^lenet5-0\.weight-kernels\.png$/);
    expect(Array.from(png.bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const npy = await download(page, () => left.getByTestId('export-npy').click());
    expect(npy.name).toBe('lenet5-0.weight.npy');
    const stored = decodeNpy(npy.bytes);
    expect(stored).toMatchObject({ descr: '<f4', fortranOrder: false, shape: [6, 1, 5, 5] });
    expect(Array.from(new Float32Array(stored.data.slice().buffer))).toEqual(Array.from(values));

    await nextDraw(left, () => left.getByTestId('layout-other').click());
    const npy2 = await download(page, () => left.getByTestId('export-npy').click());
    expect(npy2.name).toBe('lenet5-0.weight-HWIO.npy');
    const moved = decodeNpy(npy2.bytes);
    expect(moved.shape).toEqual([5, 5, 1, 6]);
    expect(Array.from(new Float32Array(moved.data.slice().buffer))).toEqual(Array.from(permute(Float64Array.from(values), shape, [2, 3, 1, 0])));

    const json = await download(page, () => left.getByTestId('export-summary-json').click());
    expect(json.name).toBe('lenet5-summary.json');
    const summary = JSON.parse(new TextDecoder().decode(json.bytes)) as { format: string; totalParams: number; tensors: { name: string; shape: number[]; layout: string; layer: string }[]; layers: { path: string; kind: string }[] };
    expect(summary.format).toBe('torch-zip');
    expect(summary.totalParams).toBe(61_706);
    expect(summary.tensors).toHaveLength(10);
    expect(summary.tensors.find((t) => t.name === '0.weight')).toMatchObject({ shape: [6, 1, 5, 5], layout: 'OIHW', layer: '0' });
    expect(summary.layers.find((l) => l.path === '3')?.kind).toBe('Conv2d');

    const csv = await download(page, () => left.getByTestId('export-summary-csv').click());
    expect(csv.name).toBe('lenet5-tensors.csv');
    const lines = new TextDecoder().decode(csv.bytes).trim().split(/\r?\n/);
    expect(lines[0]).toBe('name,shape,dtype,layout,numel,bytes,group,layer,layer_kind');
    expect(lines).toHaveLength(11);
    expect(lines).toContain('0.weight,"[6,1,5,5]",float32,OIHW,150,600,model,0,Conv2d');
  });

  test('a dense kernel as a heatmap, a bias as values, a conv kernel sliced', async ({ page }, testInfo) => {
    const left = await openLenet(page);
    const dense = await tensorInNode(LENET, '9.weight');
    expect(dense.shape).toEqual([84, 120]);
    await tensorRow(left, '9.weight').click();
    await expectDrawn(left, 'heatmap');
    const heat = await drawnTrace(left);
    expect([heat.z.length, heat.z[0].length]).toEqual([84, 120]);
    expect(heat.z[17][101]).toBe(dense.values[17 * 120 + 101]);
    await hoverAt(page, left, 101, 17);
    const readout = left.getByTestId('hover-readout');
    await expect(readout).toHaveAttribute('data-index', '[17,101]');
    await expect(readout).toHaveAttribute('data-value', String(dense.values[17 * 120 + 101]));
    await expect(readout).toContainText('out 17 · in 101');
    // (in,out): the transpose.
    await nextDraw(left, () => left.getByTestId('layout-other').click());
    const t = await drawnTrace(left);
    expect([t.z.length, t.z[0].length]).toEqual([120, 84]);
    expect(t.z[101][17]).toBe(dense.values[17 * 120 + 101]);
    await saveScreenshot(page, testInfo, 'dense-heatmap.png');

    const bias = await tensorInNode(LENET, '9.bias');
    await tensorRow(left, '9.bias').click();
    await expectDrawn(left, 'vector');
    const bars = await drawnTrace(left);
    expect(bars.type).toBe('bar');
    expect(bars.y).toEqual(Array.from(bias.values));
    await saveScreenshot(page, testInfo, 'bias-values.png');

    // 3.weight (16×6×5×5) as a slice: rows I, cols W at O = 2, H = 4.
    const conv = await tensorInNode(LENET, '3.weight');
    await tensorRow(left, '3.weight').click();
    await expectDrawn(left, 'kernels');
    await left.getByTestId('view-tab-slice').click();
    await expectDrawn(left, 'slice');
    await nextDraw(left, async () => { await left.getByTestId('slice-rows').selectOption('1'); });
    await nextDraw(left, () => left.getByTestId('slice-index-0').fill('2'));
    await nextDraw(left, () => left.getByTestId('slice-index-2').fill('4'));
    await expect(left.getByTestId('slice-value-0')).toContainText('2');
    const plane = await drawnTrace(left);
    expect([plane.z.length, plane.z[0].length]).toEqual([6, 5]);
    for (let i = 0; i < 6; i++) for (let w = 0; w < 5; w++) expect(plane.z[i][w]).toBe(conv.values[offsetOf(conv.shape, [2, i, 4, w])]);
    await expect(left.getByTestId('view-status')).toHaveText('6×5 plane at O 2, H 4 at full resolution');
    await hoverAt(page, left, 3, 5);
    await expect(readout).toHaveAttribute('data-index', '[2,5,4,3]');
    await expect(readout).toContainText('O 2 · I 5 · H 4 · W 3');
    await saveScreenshot(page, testInfo, 'slice.png');
  });
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}
