import { readFileSync } from 'node:fs';
import { test, expect, type Locator, type Page } from '@playwright/test';
import type { ModelDocView } from '../src/core/model/types';
import { formatInt } from '../src/app/lib/format';
import { dropFiles, expectLoaded, fileFrom, saveScreenshot, slot, tensorRow, type DropFile } from './helpers';
import { LOCAL, SHARED, missing, viewInNode } from './nodeDocs';
import { NORMAL, expectLayerRows, expectNotices, expectSummary } from './checks';

const CASES = [
  { label: 'project fixture, picked with the button', weights: LOCAL('keras/k2-weights.h5'), json: LOCAL('keras/k2-weights.model.json'), pick: true },
  { label: 'real lenet5, dropped', weights: SHARED('real/keras2-weights-h5/lenet5-weights-keras224.h5'), json: SHARED('real/other/lenet5-model-config-keras224.json'), pick: false },
];
const WEIGHTS = LOCAL('keras/k2-weights.h5');
const JSON_FILE = LOCAL('keras/k2-weights.model.json');
const json = (name: string, text: string): DropFile => ({ name, bytes: new TextEncoder().encode(text) });

async function openWeights(page: Page, s: Locator, path: string): Promise<ModelDocView> {
  const view = await viewInNode(path);
  await dropFiles(page, s, [fileFrom(path)]);
  await expectLoaded(s);
  await expectSummary(s, view);
  return view;
}

/** The model is still there and still reads its tensors. */
async function expectStillLoaded(s: Locator, view: ModelDocView): Promise<void> {
  await expect(s).toHaveAttribute('data-status', 'loaded');
  await expect(s.getByTestId('summary-params')).toHaveText(formatInt(view.totalParams));
  const first = view.tensors.find((t) => t.group === 'model')!;
  await s.getByTestId('tree-filter').fill(first.name);
  await tensorRow(s, first.name).click();
  await expect(s.getByTestId('stat-max')).toBeVisible();
  await s.getByTestId('tree-filter').fill('');
}

test.describe('weights-only Keras files and their architecture JSON', () => {
  for (const c of CASES) {
    test(`the missing architecture is filled in from the JSON (${c.label})`, async ({ page }, testInfo) => {
      const skip = missing(c.weights, c.json);
      test.skip(!!skip, skip ?? '');
      const after = await viewInNode(c.weights, c.json);
      await page.goto('/');
      const left = slot(page, 'left');
      const before = await openWeights(page, left, c.weights);
      expect(before.metadata.architecture).toBe('absent');

      const notice = left.getByTestId('architecture-notice');
      await expect(notice).toContainText('Architecture absent — this file holds weights only.');
      await expect(notice).toContainText("Drop the model's architecture JSON (model.to_json() / config.json) here to fill it in.");
      await expectNotices(left, before);
      await expectLayerRows(page, left, before);
      await page.setViewportSize(NORMAL);
      if (c.pick) await saveScreenshot(page, testInfo, 'architecture-absent.png');

      if (c.pick) {
        const chooser = page.waitForEvent('filechooser');
        await left.getByTestId('pick-architecture').click();
        await (await chooser).setFiles({ name: c.json.split('/').pop()!, mimeType: 'application/json', buffer: readFileSync(c.json) });
      } else {
        await dropFiles(page, left, [fileFrom(c.json)]);
      }

      await expect(notice).toHaveCount(0);
      await expect(left.getByTestId('summary-architecture')).toHaveAttribute('data-file', c.json.split('/').pop()!);
      await expectSummary(left, after);
      expect(after.metadata.architecture).toBe('from JSON');
      await expect(left.locator('[data-testid="summary-metadata"] [data-testid="kv"][data-key="architecture"] dd')).toHaveText('from JSON');
      await expect(left.getByTestId('architecture-error')).toHaveCount(0);
      await expectNotices(left, after);
      const layers = await expectLayerRows(page, left, after);
      expect(layers.filter((n) => n.tensors.length > 0).every((n) => n.kindFrom === 'config')).toBe(true);
      await page.setViewportSize(NORMAL);
      await expectStillLoaded(left, after);
      if (!c.pick) expect(after.totalParams).toBe(61_706);
    });
  }

  test('a bad JSON is a readable message and leaves the model as it was', async ({ page }) => {
    await page.goto('/');
    const left = slot(page, 'left');
    const view = await openWeights(page, left, WEIGHTS);
    const error = left.getByTestId('architecture-error');

    await dropFiles(page, left, [json('broken.json', '{"class_name": "Sequential", ')]);
    await expect(error).toBeVisible();
    await expect(left.getByTestId('architecture-error-message')).toContainText('broken.json');
    await expect(left.getByTestId('architecture-error-message')).toContainText('not valid JSON');
    await expect(left.getByTestId('architecture-notice')).toBeVisible();
    await expectStillLoaded(left, view);

    // A JSON of another model: none of its layers takes these weights.
    const other = { class_name: 'Sequential', config: { name: 'other', layers: [{ class_name: 'Dense', config: { name: 'zzz', units: 3 } }] } };
    await dropFiles(page, left, [json('other-model.json', JSON.stringify(other))]);
    await expect(left.getByTestId('architecture-error-message')).toContainText('other-model.json');
    await expect(left.getByTestId('architecture-error-message')).toContainText('does not describe the weights');
    await expectStillLoaded(left, view);
    await left.getByTestId('architecture-error-dismiss').click();
    await expect(error).toHaveCount(0);

    // The right one still applies afterwards.
    await dropFiles(page, left, [fileFrom(JSON_FILE)]);
    await expect(left.getByTestId('architecture-notice')).toHaveCount(0);
    await expect(left.getByTestId('summary-architecture')).toBeVisible();
  });

  test('a JSON alone, or on a model that has its architecture, says what it needs', async ({ page }) => {
    await page.goto('/');
    const left = slot(page, 'left');
    const right = slot(page, 'right');
    await dropFiles(page, right, [fileFrom(JSON_FILE)]);
    await expect(right).toHaveAttribute('data-status', 'empty');
    await expect(right.getByTestId('empty-notice')).toContainText('k2-weights.model.json');
    await expect(right.getByTestId('empty-notice')).toContainText('needs its weights file first');

    const fullPath = LOCAL('keras/k2-sequential.h5');
    const full = await viewInNode(fullPath);
    await dropFiles(page, left, [fileFrom(fullPath)]);
    await expectLoaded(left);
    await dropFiles(page, left, [fileFrom(JSON_FILE)]);
    await expect(left.getByTestId('architecture-error-message')).toContainText('already holds its architecture');
    await expectSummary(left, full);

    // Weights and JSON dropped together: the JSON is applied once the weights are open.
    const after = await viewInNode(WEIGHTS, JSON_FILE);
    await dropFiles(page, right, [fileFrom(WEIGHTS), fileFrom(JSON_FILE)]);
    await expectLoaded(right);
    await expect(right.getByTestId('summary-architecture')).toHaveAttribute('data-file', 'k2-weights.model.json');
    await expectSummary(right, after);
    await expect(left).toHaveAttribute('data-status', 'loaded');
  });
});
