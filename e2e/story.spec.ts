/**
 * The whole story with the bundled examples only (a fresh clone, no ../shared): a PyTorch and a
 * Keras LeNet-5 with different weights compute different things; converting the PyTorch weights
 * into the Keras file gives a model that computes what the PyTorch one does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { expectLoaded, saveScreenshot, slot } from './helpers';

async function compare(page: Page): Promise<{ verdict: string; maxAbs: number }> {
  await page.getByTestId('mode-run').click();
  await expect(page.getByTestId('run-card-left')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('run-card-right')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('run-compare-btn').click();
  const result = page.getByTestId('compare-result');
  await expect(result).toBeVisible({ timeout: 45_000 });
  return { verdict: (await result.getAttribute('data-verdict')) ?? '', maxAbs: Number(await result.getAttribute('data-max-abs')) };
}

test('examples: lenet5.pt and lenet5.keras.h5 differ; converted into the Keras file they match', async ({ page }, testInfo) => {
  await page.goto('/');
  await slot(page, 'left').locator('[data-testid="example"][data-file="lenet5.pt"]').click();
  await expectLoaded(slot(page, 'left'));
  await slot(page, 'right').locator('[data-testid="example"][data-file="lenet5.keras.h5"]').click();
  await expectLoaded(slot(page, 'right'));
  await expect(slot(page, 'right').getByTestId('summary-params')).toHaveText('61,706');

  const before = await compare(page);
  expect(before.verdict).toBe('differ');
  expect(before.maxAbs, 'other weights, other outputs').toBeGreaterThan(1e-3);

  await page.getByTestId('mode-convert').click();
  const card = page.getByTestId('convert-card-left');
  await card.getByTestId('convert-choice-left-into').check();
  await card.getByTestId('convert-btn-left').click();
  await expect(card.getByTestId('convert-verdict')).toHaveAttribute('data-ok', 'true', { timeout: 60_000 });
  await saveScreenshot(page, testInfo, 'convert.png');
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('convert-download').click()]);
  expect(download.suggestedFilename()).toBe('lenet5-torch.h5');
  const path = join(mkdtempSync(join(tmpdir(), 'wb-e2e-story-')), 'lenet5-torch.h5');
  await download.saveAs(path);

  // The converted file replaces the Keras example: now both compute the same thing.
  await page.getByTestId('mode-inspect').click();
  await slot(page, 'right').getByTestId('file-input').setInputFiles(path);
  await expect(slot(page, 'right').getByTestId('slot-title')).toHaveText('lenet5-torch.h5');
  await expectLoaded(slot(page, 'right'));
  const after = await compare(page);
  expect(after.verdict).toBe('match');
  expect(after.maxAbs).toBeLessThanOrEqual(1e-5);
  await saveScreenshot(page, testInfo, 'compare-after.png');
});
