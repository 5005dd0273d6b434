import { test, expect, type Page } from '@playwright/test';
import { dropFiles, expectLoaded, slot, treeRow } from './helpers';
import { tenThousandTensors, torchStateDictZip } from './synthTorch';

const focusedId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);

test('10,000 tensors: the tree stays virtualised and navigable', async ({ page }) => {
  const bytes = torchStateDictZip(tenThousandTensors());
  await page.goto('/');
  const left = slot(page, 'left');
  await dropFiles(page, left, [{ name: 'synth-10k.pt', bytes }]);
  await expectLoaded(left);
  await expect(left.getByTestId('summary-tensors')).toHaveText('10,000');
  await expect(left.getByTestId('summary-params')).toHaveText('40,000');

  const rows = left.getByTestId('tree-row');
  await left.getByTestId('expand-all').click();
  // root, blocks, 100 × (blocks.N, blocks.N.layers), 1,000 layers, 10,000 tensors
  await expect(left.getByTestId('tree-count')).toHaveText('11,202 rows');
  expect(await rows.count()).toBeLessThan(100);

  // End jumps to the last row, through the virtualiser, quickly.
  await treeRow(left, 'L:').focus();
  const t0 = Date.now();
  await page.keyboard.press('End');
  await expect.poll(() => focusedId(page)).toBe('T:blocks.99.layers.9.w9');
  expect(Date.now() - t0).toBeLessThan(2000);
  await expect(treeRow(left, 'T:blocks.99.layers.9.w9')).toBeInViewport();
  expect(await rows.count()).toBeLessThan(100);

  // Scrolling to the middle renders the middle rows only.
  await left.getByTestId('tree').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await expect(left.locator('[data-testid="tree-row"][data-id^="T:blocks.49."]').first()).toBeVisible();
  expect(await rows.count()).toBeLessThan(100);

  // The filter walks all 10,000 names and keeps ancestors.
  await left.getByTestId('tree-filter').fill('layers.9.w9');
  await expect(left.getByTestId('tree-count')).toHaveText('402 rows');
  await left.getByTestId('tree-filter').fill('blocks.42.layers.7.w3');
  await expect(left.locator('[data-testid="tree-row"][data-row-type="tensor"]')).toHaveCount(1);
  await treeRow(left, 'T:blocks.42.layers.7.w3').click();
  await expect(left.getByTestId('stat-max')).toHaveAttribute('data-value', String(4273));
  await expect(left.getByTestId('stat-min')).toHaveAttribute('data-value', String(-4273));
});
