import { test, expect, type Locator } from '@playwright/test';
import type { LayerNode, ModelDocView } from '../src/core/model/types';
import { layerSummary } from '../src/app/lib/layerSummary';
import { dropFiles, expectLoaded, fileFrom, saveScreenshot, slot } from './helpers';
import { LOCAL, SHARED, findKind, layersOf, missing, viewInNode } from './nodeDocs';
import { NORMAL, expectLayerRows, expectNotices, expectSummary, layerRow } from './checks';

const CONV = /^(Conv2D|Convolution2D)$/;
const CONV_KEYS = ['filters', 'kernel_size', 'strides', 'padding', 'activation'];

/** Clicks a Conv2D layer and checks that its key hyper-parameters and full config are shown. */
async function expectConvPanel(s: Locator, conv: LayerNode): Promise<void> {
  await layerRow(s, conv.path).click();
  const panel = s.getByTestId('layer-panel');
  await expect(panel).toHaveAttribute('data-path', conv.path);
  await expect(panel.getByTestId('layer-kind')).toHaveText(conv.kind);
  const keys = CONV_KEYS.filter((k) => k in conv.config);
  expect(keys.length, `${conv.path} stores filters and kernel_size`).toBeGreaterThanOrEqual(2);
  for (const k of keys) {
    const hp = panel.locator(`[data-testid="hparam"][data-key="${k}"]`);
    await expect(hp).toBeVisible();
    await expect(hp).toHaveAttribute('data-value', JSON.stringify(conv.config[k]));
    await expect(panel.locator(`[data-testid="layer-config"] [data-testid="kv"][data-key="${k}"]`)).toHaveCount(1);
  }
  const filters = String(conv.config.filters);
  const kernel = (conv.config.kernel_size as number[]).join('×');
  await expect(panel.locator('[data-testid="hparam"][data-key="filters"] dd')).toHaveText(filters);
  await expect(panel.locator('[data-testid="hparam"][data-key="kernel_size"] dd')).toHaveText(kernel);
  // The tree row says the same in one line: "32 · 3×3 · valid · relu".
  const summary = layerRow(s, conv.path).getByTestId('row-summary');
  await expect(summary).toHaveText(layerSummary(conv.kind, conv.config));
  await expect(summary).toContainText(`${filters} · ${kernel}`);
}

async function expectKerasSlot(s: Locator, page: Parameters<typeof expectLayerRows>[0], view: ModelDocView): Promise<LayerNode> {
  await expectLoaded(s);
  await expectSummary(s, view);
  await expectNotices(s, view);
  const layers = await expectLayerRows(page, s, view);
  const dense = layers.find((n) => n.kind === 'Dense' && typeof n.config.units === 'number');
  if (dense) await expect(layerRow(s, dense.path).getByTestId('row-summary')).toContainText(String(dense.config.units));
  const conv = findKind(view.root, CONV);
  expect(conv, `${view.fileName} has a Conv2D layer`).toBeTruthy();
  await expectConvPanel(s, conv!);
  return conv!;
}

const PAIRS = [
  { label: 'project fixtures', left: LOCAL('keras/k3-functional.keras'), right: LOCAL('keras/k2-sequential.h5') },
  { label: 'real files', left: SHARED('real/keras3/mnist-cnn-dropout-keras3.1.1.keras'), right: SHARED('real/keras2-h5/mnist-cnn-keras224-seq.h5') },
];

test.describe('Keras models', () => {
  for (const pair of PAIRS) {
    test(`a Keras 3 .keras and a Keras 2 .h5 side by side (${pair.label})`, async ({ page }, testInfo) => {
      const skip = missing(pair.left, pair.right);
      test.skip(!!skip, skip ?? '');
      const [lv, rv] = await Promise.all([viewInNode(pair.left), viewInNode(pair.right)]);
      await page.goto('/');
      const left = slot(page, 'left');
      const right = slot(page, 'right');
      await dropFiles(page, left, [fileFrom(pair.left)]);
      await dropFiles(page, right, [fileFrom(pair.right)]);
      const lconv = await expectKerasSlot(left, page, lv);
      const rconv = await expectKerasSlot(right, page, rv);
      expect(lv.producer).toMatch(/^Keras 3/);
      expect(rv.producer).toMatch(/legacy HDF5/);

      // Back to a laptop-sized window, each Conv2D still selected and in view.
      await page.setViewportSize(NORMAL);
      for (const [s, conv] of [[left, lconv], [right, rconv]] as const) {
        await expect(s.getByTestId('layer-panel')).toHaveAttribute('data-path', conv.path);
        await s.locator('.tree-row.is-selected').scrollIntoViewIfNeeded();
      }
      await saveScreenshot(page, testInfo, 'keras-both.png');
    });
  }

  const FUNCTIONAL = [
    { label: 'project fixture', path: LOCAL('keras/k2-functional.h5') },
    { label: 'real file', path: SHARED('real/keras2-h5/tabular-dense-concat-functional-tfkeras2.13.h5') },
  ];
  for (const f of FUNCTIONAL) {
    test(`a Functional model shows each layer's inputs and jumps to them (${f.label})`, async ({ page }) => {
      const skip = missing(f.path);
      test.skip(!!skip, skip ?? '');
      const view = await viewInNode(f.path);
      await page.goto('/');
      const left = slot(page, 'left');
      await dropFiles(page, left, [fileFrom(f.path)]);
      await expectLoaded(left);
      await expectSummary(left, view);
      await expectNotices(left, view);
      await expectLayerRows(page, left, view);

      // The layer with the most inputs: its panel lists them in order, as links.
      const node = layersOf(view.root).filter((n) => n.inputs?.length).sort((a, b) => b.inputs!.length - a.inputs!.length)[0];
      expect(node, 'the model has layers with inputs').toBeTruthy();
      await layerRow(left, node.path).click();
      const panel = left.getByTestId('layer-panel');
      await expect(panel).toHaveAttribute('data-path', node.path);
      await expect(panel.getByTestId('layer-input')).toHaveText(node.inputs!);

      // Clicking an input selects that layer; its panel says what it feeds.
      const first = node.inputs![0];
      await panel.locator(`[data-testid="layer-input"][data-name="${first}"]`).click();
      const target = layersOf(view.root).find((n) => n.name === first && !n.path.includes('.'))!;
      await expect(panel).toHaveAttribute('data-path', target.path);
      await expect(layerRow(left, target.path)).toHaveAttribute('aria-selected', 'true');
      await expect(panel.locator(`[data-testid="layer-consumer"][data-name="${node.name}"]`)).toBeVisible();
      // …and back.
      await panel.locator(`[data-testid="layer-consumer"][data-name="${node.name}"]`).click();
      await expect(panel).toHaveAttribute('data-path', node.path);
    });
  }
});
