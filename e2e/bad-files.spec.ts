import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { formatInt } from '../src/app/lib/format';
import { dropFiles, expectLoaded, fileFrom, slot, tensorRow } from './helpers';
import { LOCAL, SHARED, missing, viewInNode } from './nodeDocs';

const KERAS = LOCAL('keras/k2-sequential.h5');

/** Opens a Keras model in the left slot and returns a check that it still answers. */
async function openLeft(page: Page): Promise<() => Promise<void>> {
  const view = await viewInNode(KERAS);
  const left = slot(page, 'left');
  await dropFiles(page, left, [fileFrom(KERAS)]);
  await expectLoaded(left);
  const tensor = view.tensors.find((t) => t.group === 'model')!.name;
  return async () => {
    await expect(left).toHaveAttribute('data-status', 'loaded');
    await expect(left.getByTestId('summary-params')).toHaveText(formatInt(view.totalParams));
    await left.getByTestId('tree-filter').fill(tensor);
    await tensorRow(left, tensor).click();
    await expect(left.getByTestId('stat-max')).toBeVisible();
  };
}

async function expectReadError(s: Locator, fileName: string, problem: RegExp): Promise<void> {
  await expect(s).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(s.getByTestId('error')).toHaveAttribute('data-failure', 'read');
  await expect(s.getByTestId('error-message')).toContainText(fileName);
  await expect(s.getByTestId('error-message')).toContainText(problem);
  await expect(s.getByTestId('progress')).toHaveCount(0);
}

test.describe('files that are not what their name says', () => {
  test('random bytes named model.h5: a readable error naming the file; the other slot still works', async ({ page }) => {
    await page.goto('/');
    const stillWorks = await openLeft(page);
    const right = slot(page, 'right');
    await dropFiles(page, right, [{ name: 'model.h5', bytes: new Uint8Array(randomBytes(8192)) }]);
    await expectReadError(right, 'model.h5', /not a PyTorch, Keras or safetensors file/);
    await stillWorks();
  });

  test('the first 40% of an HDF5 model: a readable error, and the slot opens the next file', async ({ page }) => {
    const real = SHARED('real/keras2-h5/mnist-cnn-keras224-seq.h5');
    const path = missing(real) ? KERAS : real;
    await page.goto('/');
    const stillWorks = await openLeft(page);
    const right = slot(page, 'right');
    const whole = readFileSync(path);
    const cut = new Uint8Array(whole.subarray(0, Math.floor(whole.length * 0.4)));
    await dropFiles(page, right, [{ name: 'cut-model.h5', bytes: cut }]);
    await expectReadError(right, 'cut-model.h5', /truncated|corrupt/i);
    await stillWorks();

    // Nothing is stuck: the same slot opens the whole file next.
    await dropFiles(page, right, [fileFrom(path)]);
    await expectLoaded(right);
    await expect(right.getByTestId('summary-params')).toHaveText(formatInt((await viewInNode(path)).totalParams));
  });
});
