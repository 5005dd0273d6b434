import { test, expect, type Page } from '@playwright/test';
import { dropFiles, expectLoaded, fileFrom, lenetPath, slot, treeRow } from './helpers';

const focusedId = (page: Page): Promise<string | null> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? null);

test.describe('layer tree', () => {
  test.beforeEach(async ({ page }) => {
    const path = lenetPath();
    test.skip(!path, 'no lenet5.pt: neither ../shared/fixtures nor public/examples holds one');
    await page.goto('/');
    await dropFiles(page, slot(page, 'left'), [fileFrom(path!)]);
    await expectLoaded(slot(page, 'left'));
  });

  test('keyboard navigation moves a roving focus and expands, collapses and selects', async ({ page }) => {
    const left = slot(page, 'left');
    const tree = left.getByRole('tree');
    await expect(tree).toBeVisible();
    const rows = left.getByTestId('tree-row');
    // Exactly one row is in the tab order.
    await expect(left.locator('[data-testid="tree-row"][tabindex="0"]')).toHaveCount(1);

    await treeRow(left, 'L:').focus();
    expect(await focusedId(page)).toBe('L:');
    await expect(treeRow(left, 'L:')).toHaveAttribute('aria-level', '1');
    await expect(treeRow(left, 'L:')).toHaveAttribute('aria-expanded', 'true');

    await page.keyboard.press('ArrowDown');
    expect(await focusedId(page)).toBe('L:0');
    await expect(treeRow(left, 'L:0')).toHaveAttribute('aria-level', '2');
    await expect(treeRow(left, 'L:0')).toHaveAttribute('tabindex', '0');
    await expect(treeRow(left, 'L:')).toHaveAttribute('tabindex', '-1');

    // Left collapses an open layer, Right opens it again, Right again enters its first child.
    await expect(treeRow(left, 'L:0')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(treeRow(left, 'L:0')).toHaveAttribute('aria-expanded', 'false');
    await expect(treeRow(left, 'T:0.weight')).toHaveCount(0);
    await page.keyboard.press('ArrowRight');
    await expect(treeRow(left, 'L:0')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedId(page)).toBe('T:0.weight');
    await expect(treeRow(left, 'T:0.weight')).toHaveAttribute('aria-level', '3');

    // Enter selects the tensor and shows it in the panel.
    await page.keyboard.press('Enter');
    await expect(treeRow(left, 'T:0.weight')).toHaveAttribute('aria-selected', 'true');
    await expect(left.getByTestId('tensor-shape')).toHaveText('6×1×5×5');

    // Left on a tensor goes to its layer; End and Home jump to the ends.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedId(page)).toBe('L:0');
    await page.keyboard.press('End');
    const last = await rows.last().getAttribute('data-id');
    await expect.poll(() => focusedId(page)).toBe(last);
    await page.keyboard.press('Home');
    await expect.poll(() => focusedId(page)).toBe('L:');

    // Enter on a layer shows its configuration.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(left.getByTestId('layer-panel')).toBeVisible();
    await expect(left.getByTestId('layer-path')).toHaveText('0');
    await expect(left.getByTestId('layer-kind')).toHaveText('Conv2d');

    // Collapsing the root leaves one row.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    await expect(rows).toHaveCount(1);
    await expect(treeRow(left, 'L:')).toHaveAttribute('aria-expanded', 'false');
  });

  test('the filter box keeps matches and their ancestors', async ({ page }) => {
    const left = slot(page, 'left');
    const filter = left.getByTestId('tree-filter');
    const tensors = left.locator('[data-testid="tree-row"][data-row-type="tensor"]');
    const layers = left.locator('[data-testid="tree-row"][data-row-type="layer"]');

    await filter.fill('bias');
    await expect(tensors).toHaveCount(5);
    for (const name of await tensors.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))) {
      expect(name).toMatch(/bias$/);
    }
    // The ancestors of the matches stay: the root and the five layers holding a bias.
    await expect(layers).toHaveCount(6);
    await expect(treeRow(left, 'L:')).toBeVisible();

    // Kinds match too: a matching layer shows all its tensors.
    await filter.fill('linear');
    await expect(left.locator('[data-testid="tree-row"][data-row-type="layer"][data-kind="Linear"]')).toHaveCount(2);
    await expect(tensors).toHaveCount(4);

    // Tensor names: one exact tensor.
    await filter.fill('6.weight');
    await expect(tensors).toHaveCount(1);
    await expect(tensors.first()).toHaveAttribute('data-shape', '120×16×5×5');

    await filter.fill('no-such-thing');
    await expect(left.getByTestId('tree-empty')).toBeVisible();

    await filter.fill('');
    await expect(tensors).toHaveCount(10);

    // ArrowDown in the filter box enters the tree.
    await filter.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('L:');
  });
});
