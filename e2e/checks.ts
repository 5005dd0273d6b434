/** Browser-side checks of a slot against the core's view of the same file (from nodeDocs.ts). */
import { expect, type Locator, type Page } from '@playwright/test';
import type { LayerNode, ModelDocView } from '../src/core/model/types';
import { formatInt } from '../src/app/lib/format';
import { docNotices } from '../src/app/lib/notices';
import { layersOf } from './nodeDocs';

/** A viewport tall enough for the virtualised tree of a small model to render every row. */
export const TALL = { width: 1280, height: 2400 };
export const NORMAL = { width: 1280, height: 800 };

export const layerRow = (s: Locator, path: string): Locator => s.locator(`[data-testid="tree-row"][data-id="L:${path}"]`);

/** Format, producer line, parameter and tensor counts. */
export async function expectSummary(s: Locator, view: ModelDocView): Promise<void> {
  await expect(s.getByTestId('summary-format')).toHaveAttribute('data-format', view.format);
  await expect(s.getByTestId('summary-producer')).toContainText(view.producer);
  await expect(s.getByTestId('summary-contents')).toHaveText(view.contents);
  await expect(s.getByTestId('summary-params')).toHaveText(formatInt(view.totalParams));
  await expect(s.getByTestId('summary-tensors')).toHaveText(formatInt(view.tensors.length));
}

/** Every layer of the document is a row with its kind, where the kind came from, and its parameter count. */
export async function expectLayerRows(page: Page, s: Locator, view: ModelDocView): Promise<LayerNode[]> {
  await page.setViewportSize(TALL);
  await s.getByTestId('tree-filter').fill('');
  await s.getByTestId('expand-all').click();
  const layers = layersOf(view.root);
  await expect(s.locator('[data-testid="tree-row"][data-row-type="layer"]')).toHaveCount(layers.length + 1);
  for (const n of layers) {
    const row = layerRow(s, n.path);
    await expect(row, `row of layer ${n.path}`).toHaveAttribute('data-kind', n.kind);
    await expect(row).toHaveAttribute('data-kind-from', n.kindFrom);
    await expect(row).toHaveAttribute('data-params', String(n.params));
  }
  return layers;
}

/** The notices and warnings the slot shows are the ones the document carries, each said once. */
export async function expectNotices(s: Locator, view: ModelDocView): Promise<void> {
  const n = docNotices(view);
  if (n.code.length) await expect(s.getByTestId('code-carried-item')).toHaveText(n.code);
  else await expect(s.getByTestId('code-carried')).toHaveCount(0);
  if (n.warnings.length > 3) await s.getByTestId('warnings-toggle').click();
  await expect(s.getByTestId('warning')).toHaveText(n.warnings);
  await expect(s.getByTestId('architecture-notice')).toHaveCount(n.architectureAbsent ? 1 : 0);
}
