import { test, expect, type Page } from '@playwright/test';
import { expectLoaded, slot, tensorRow } from './helpers';
import { expectDrawn } from './plot';

const controlled = (page: Page): Promise<boolean> => page.evaluate(() => navigator.serviceWorker.controller !== null);

/** Opens the bundled LeNet example in the left slot and draws the heatmap of its first Linear weight. */
async function exampleHeatmap(page: Page): Promise<void> {
  const left = slot(page, 'left');
  await left.locator('[data-testid="example"][data-file="lenet5.pt"]').click();
  await expectLoaded(left);
  await left.getByTestId('expand-all').click();
  await tensorRow(left, '9.weight').click();
  await expectDrawn(left, 'heatmap');
  await expect(left.getByTestId('stat-max')).toHaveAttribute('data-value', /\d/);
}

test('after one visit the app, the example model and its heatmap work with the network off', async ({ page, context }) => {
  await page.goto('/');
  // The service worker installs on the first visit and serves pages from their next load on.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  expect(await controlled(page)).toBe(false);
  await page.reload();
  expect(await controlled(page)).toBe(true);
  await exampleHeatmap(page); // fetches the example, the view chunk and plotly through the cache

  await context.setOffline(true);
  // Offline is real: a file the app never fetched cannot be had.
  expect(await page.evaluate(() => fetch('/examples/never-fetched.json').then(() => 'fetched', () => 'failed'))).toBe('failed');
  await page.reload();
  await expect(page.getByTestId('slot-left')).toHaveAttribute('data-status', 'empty');
  await exampleHeatmap(page);
  expect(await controlled(page)).toBe(true);
});
