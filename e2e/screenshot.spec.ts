import { existsSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { LENET_PARAMS, SHARED_LENET_SD, dropFiles, expectLoaded, fileFrom, lenetPath, saveScreenshot, slot, tensorRow } from './helpers';

test('screenshot of the app with models loaded', async ({ page }, testInfo) => {
  const path = lenetPath();
  test.skip(!path, 'no lenet5.pt: neither ../shared/fixtures nor public/examples holds one');
  await page.goto('/');
  // The first screen: two empty slots.
  await expect(slot(page, 'left').getByTestId('dropzone')).toBeVisible();
  await expect(slot(page, 'right').getByTestId('dropzone')).toBeVisible();
  await saveScreenshot(page, testInfo, 'empty.png');

  const left = slot(page, 'left');
  await dropFiles(page, left, [fileFrom(path!)]);
  await expectLoaded(left);
  await expect(left.getByTestId('summary-params')).toHaveText(LENET_PARAMS);
  await tensorRow(left, '3.weight').click();
  await expect(left.getByTestId('stat-std')).toBeVisible();

  if (existsSync(SHARED_LENET_SD)) {
    // The picker's path: a buffer on the hidden file input.
    const right = slot(page, 'right');
    const f = fileFrom(SHARED_LENET_SD);
    await right.getByTestId('file-input').setInputFiles({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });
    await expectLoaded(right);
    await expect(right.getByTestId('summary-params')).toHaveText(LENET_PARAMS);
    await right.locator('[data-testid="tree-row"][data-id="L:6"]').click();
    await expect(right.getByTestId('layer-panel')).toBeVisible();
  }
  await saveScreenshot(page, testInfo, 'app.png');
});
