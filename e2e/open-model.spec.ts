import { existsSync, readFileSync } from 'node:fs';
import { test, expect, type Locator } from '@playwright/test';
import { STAT_DIGITS, formatNumber } from '../src/app/lib/format';
import {
  EXAMPLE_INDEX, EXAMPLE_LENET, LENET_PARAMS, SHARED_LENET, SHARED_MISSING,
  dropFiles, expectLoaded, fileFrom, lenetPath, saveScreenshot, slot, statsInNode, tensorRow,
} from './helpers';
import { expectDrawn } from './plot';

test.describe('opening a model', () => {
  test('a dropped lenet5.pt shows its layers, parameters and real tensor statistics', async ({ page }, testInfo) => {
    test.skip(!existsSync(SHARED_LENET), SHARED_MISSING);
    await page.goto('/');
    const left = slot(page, 'left');
    await dropFiles(page, left, [fileFrom(SHARED_LENET)]);
    await expectLoaded(left);
    await checkLenet(left, SHARED_LENET);
    await saveScreenshot(page, testInfo, 'lenet5-dropped.png');
  });

  test('the lenet5 example button opens the bundled example', async ({ page }) => {
    expect(existsSync(EXAMPLE_INDEX), 'public/examples/index.json must be generated (scripts own it)').toBe(true);
    const parsed = JSON.parse(readFileSync(EXAMPLE_INDEX, 'utf8')) as { file: string }[] | { examples: { file: string }[] };
    const index = Array.isArray(parsed) ? parsed : parsed.examples;
    expect(index.map((e) => e.file)).toContain('lenet5.pt');
    await page.goto('/');
    const left = slot(page, 'left');
    await left.locator('[data-testid="example"][data-file="lenet5.pt"]').click();
    await expectLoaded(left);
    await expect(left.getByTestId('slot-title')).toHaveText('lenet5.pt');
    await checkLenet(left, EXAMPLE_LENET);
  });

  test('a truncated file shows an error in its own slot and leaves the other slot alone', async ({ page }, testInfo) => {
    const path = lenetPath();
    test.skip(!path, 'no lenet5.pt: neither ../shared/fixtures nor public/examples holds one');
    await page.goto('/');
    const left = slot(page, 'left');
    const right = slot(page, 'right');
    await dropFiles(page, left, [fileFrom(path!)]);
    await expectLoaded(left);
    await tensorRow(left, '0.weight').click();
    await expect(left.getByTestId('stat-max')).toBeVisible();
    // The kernel plot settles first: its axes and status are part of the slot's text.
    await expectDrawn(left, 'kernels');
    const before = await left.innerText();

    const whole = readFileSync(path!);
    const cut = new Uint8Array(whole.subarray(0, Math.floor(whole.length * 0.6)));
    await dropFiles(page, right, [{ name: 'lenet5-cut.pt', bytes: cut }]);

    const error = right.getByTestId('error');
    await expect(error).toBeVisible();
    await expect(right).toHaveAttribute('data-status', 'error');
    const message = right.getByTestId('error-message');
    await expect(message).toContainText('lenet5-cut.pt');
    await expect(message).toContainText(/truncated|corrupt/i);
    await expect(error).toHaveAttribute('data-failure', 'read');

    await expect(left).toHaveAttribute('data-status', 'loaded');
    await expect(left.getByTestId('summary-params')).toHaveText(LENET_PARAMS);
    expect(await left.innerText()).toBe(before);
    await saveScreenshot(page, testInfo, 'truncated-error.png');

    // Dismissing the error empties only that slot.
    await right.getByTestId('error-dismiss').click();
    await expect(right).toHaveAttribute('data-status', 'empty');
    await expect(left).toHaveAttribute('data-status', 'loaded');
  });
});

async function checkLenet(left: Locator, path: string): Promise<void> {
  await expect(left.getByTestId('summary-params')).toHaveText(LENET_PARAMS);
  await expect(left.getByTestId('summary-layers')).toHaveText('5');
  // Collapse to the top level: the tree then lists the model's layers, 5 of them with weights.
  await left.getByTestId('collapse-all').click();
  const layers = '[data-testid="tree-row"][data-row-type="layer"]';
  await expect(left.locator(`${layers}:not([data-tensors="0"])`)).toHaveCount(5);
  await expect(left.locator(`${layers}[data-kind="Conv2d"]`)).toHaveCount(3);
  await expect(left.locator(`${layers}[data-kind="Linear"]`)).toHaveCount(2);

  await left.getByTestId('expand-all').click();
  await tensorRow(left, '0.weight').click();
  await expect(left.getByTestId('tensor-name')).toHaveText('0.weight');
  await expect(left.getByTestId('tensor-shape')).toHaveText('6×1×5×5');
  await expect(left.getByTestId('tensor-dtype')).toHaveText('float32');
  await expect(left.getByTestId('tensor-numel')).toHaveText('150');

  const expected = await statsInNode(path, '0.weight');
  expect(expected.numel).toBe(150);
  await expect(left.getByTestId('stat-min')).toHaveAttribute('data-value', String(expected.min));
  await expect(left.getByTestId('stat-max')).toHaveAttribute('data-value', String(expected.max));
  await expect(left.getByTestId('stat-mean')).toHaveAttribute('data-value', String(expected.mean));
  await expect(left.getByTestId('stat-min')).toHaveText(formatNumber(expected.min, STAT_DIGITS));
  await expect(left.getByTestId('stat-max')).toHaveText(formatNumber(expected.max, STAT_DIGITS));
  await expect(left.getByTestId('stat-nans')).toHaveText('0');
  await expect(left.getByTestId('tensor-preview')).toHaveAttribute('data-count', '48');
}
