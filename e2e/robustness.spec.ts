import { test, expect, type Page } from '@playwright/test';
import { LENET_PARAMS, dropFiles, expectLoaded, fileFrom, lenetPath, slot, tensorRow } from './helpers';

const WORKER_SCRIPT = '**/assets/modelWorker-*.js';

/** From now on, new model workers get `body` as their script (the running ones keep theirs). */
async function replaceWorkerScript(page: Page, body: string): Promise<void> {
  await page.route(WORKER_SCRIPT, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
}

test.describe('a failing reader stays in its slot', () => {
  // The script swap must reach every new model worker: no offline cache serving it instead, no
  // spare worker started with the real script before the swap.
  test.use({ serviceWorkers: 'block' });
  test.beforeEach(async ({ page }) => {
    const path = lenetPath();
    test.skip(!path, 'no lenet5.pt: neither ../shared/fixtures nor public/examples holds one');
    await page.goto('/?openTimeoutMs=2000&spareWorker=0');
    await dropFiles(page, slot(page, 'left'), [fileFrom(path!)]);
    await expectLoaded(slot(page, 'left'));
  });

  test('a worker that crashes becomes a message in its slot; the other slot keeps working', async ({ page }) => {
    const left = slot(page, 'left');
    const right = slot(page, 'right');
    await replaceWorkerScript(page, 'throw new Error("simulated reader crash");');
    await dropFiles(page, right, [{ name: 'crashes.pt', bytes: new Uint8Array([1, 2, 3, 4]) }]);
    await expect(right.getByTestId('error')).toHaveAttribute('data-failure', 'crash');
    await expect(right.getByTestId('error-message')).toContainText('crashes.pt');
    await expect(right.getByTestId('error-message')).toContainText('crashed');
    // The left worker still answers.
    await expect(left.getByTestId('summary-params')).toHaveText(LENET_PARAMS);
    await tensorRow(left, '3.bias').click();
    await expect(left.getByTestId('tensor-shape')).toHaveText('16');
    await expect(left.getByTestId('stat-max')).toBeVisible();
  });

  test('a worker that hangs is stopped by the watchdog, and Cancel stops it at once', async ({ page }) => {
    const left = slot(page, 'left');
    const right = slot(page, 'right');
    await replaceWorkerScript(page, 'self.onmessage = () => {}; // never answers');

    await dropFiles(page, right, [{ name: 'hangs.pt', bytes: new Uint8Array(64) }]);
    await expect(right.getByTestId('progress')).toBeVisible();
    await right.getByTestId('cancel').click();
    await expect(right).toHaveAttribute('data-status', 'empty');

    await dropFiles(page, right, [{ name: 'hangs.pt', bytes: new Uint8Array(64) }]);
    await expect(right).toHaveAttribute('data-status', 'opening');
    await expect(right.getByTestId('error')).toHaveAttribute('data-failure', 'timeout', { timeout: 10_000 });
    await expect(right.getByTestId('error-message')).toContainText('hangs.pt');
    await expect(right.getByTestId('error-message')).toContainText('longer than');
    await expect(left).toHaveAttribute('data-status', 'loaded');
    await tensorRow(left, '0.bias').click();
    await expect(left.getByTestId('stat-min')).toBeVisible();
  });
});
