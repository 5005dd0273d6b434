import { test, expect, type Locator } from '@playwright/test';
import type { ModelDocView } from '../src/core/model/types';
import { docNotices } from '../src/app/lib/notices';
import { dropFiles, expectLoaded, fileFrom, saveScreenshot, slot, statsInNode, tensorRow } from './helpers';
import { LOCAL, viewInNode } from './nodeDocs';
import { expectSummary } from './checks';

const OS_SYSTEM = LOCAL('hostile/os_system.pt');
const LENET = LOCAL('torch/lenet5.pt');
const BANNER_TEXT = (names: string) =>
  `This file would run code if loaded with torch.load / pickle.load: ${names}. Weightbridge never runs it — the weights below were read as data.`;

/** The expandable list names every global of the pickle with the core's category. */
async function expectGlobals(container: Locator, view: ModelDocView): Promise<void> {
  const globals = view.safety!.globals;
  await container.getByTestId('safety-toggle').click();
  await expect(container.getByTestId('safety-global')).toHaveCount(globals.length);
  for (const g of globals) {
    await expect(container.locator(`[data-testid="safety-global"][data-name="${g.name}"]`)).toHaveAttribute('data-category', g.category);
  }
}

test.describe('pickle safety', () => {
  test('a pickle that would run os.system gets a red banner; its weights are still shown and the other slot works', async ({ page }, testInfo) => {
    const [evil, lenet] = await Promise.all([viewInNode(OS_SYSTEM), viewInNode(LENET)]);
    expect(evil.safety?.dangerous).toEqual(['os.system']);
    await page.goto('/');
    const left = slot(page, 'left');
    const right = slot(page, 'right');
    await dropFiles(page, left, [fileFrom(OS_SYSTEM)]);
    await dropFiles(page, right, [fileFrom(LENET)]);
    await expectLoaded(left);
    await expectLoaded(right);

    const banner = left.getByTestId('safety-banner');
    await expect(banner).toBeVisible();
    await expect(banner.getByTestId('safety-text')).toHaveText(BANNER_TEXT('os.system'));
    await expect(banner.getByTestId('safety-dangerous')).toHaveText(['os.system']);
    await expectGlobals(banner, evil);
    await expect(banner.locator('[data-testid="safety-global"][data-name="os.system"]')).toHaveAttribute('data-category', 'dangerous');
    // The banner says what the reader's warning said: it is not repeated below.
    await expect(left.getByTestId('warning')).toHaveText(docNotices(evil).warnings);
    await expect(left.getByTestId('safety-quiet')).toHaveCount(0);

    // The weights were read as data: listed in the tree, statistics computed.
    await expectSummary(left, evil);
    for (const t of evil.tensors) await expect(tensorRow(left, t.name)).toBeVisible();
    const first = evil.tensors[0].name;
    await tensorRow(left, first).click();
    const stats = await statsInNode(OS_SYSTEM, first);
    await expect(left.getByTestId('stat-max')).toHaveAttribute('data-value', String(stats.max));

    // The other slot: an ordinary torch.save file has a quiet line, no banner, and keeps working.
    await expect(right.getByTestId('safety-banner')).toHaveCount(0);
    const quiet = right.getByTestId('safety-quiet');
    await expect(quiet).toContainText(`pickle globals: ${lenet.safety!.globals.length} (all data)`);
    await expectGlobals(quiet, lenet);
    await tensorRow(right, '0.weight').click();
    await expect(right.getByTestId('tensor-shape')).toHaveText('6×1×5×5');
    await expect(right.getByTestId('stat-max')).toBeVisible();
    await quiet.getByTestId('safety-toggle').click();
    await saveScreenshot(page, testInfo, 'safety-banner.png');
  });

  for (const name of ['eval.pkl', 'reduce_chain.pkl', 'module_reduce.pt']) {
    test(`${name}: the banner names what a Python loader would run`, async ({ page }) => {
      const path = LOCAL(`hostile/${name}`);
      const view = await viewInNode(path);
      const dangerous = view.safety!.dangerous;
      expect(dangerous.length).toBeGreaterThan(0);
      await page.goto('/');
      const left = slot(page, 'left');
      await dropFiles(page, left, [fileFrom(path)]);
      await expectLoaded(left);
      const banner = left.getByTestId('safety-banner');
      await expect(banner.getByTestId('safety-text')).toHaveText(BANNER_TEXT(dangerous.join(', ')));
      await expect(banner).toHaveAttribute('data-dangerous', dangerous.join(' '));
      await expectGlobals(banner, view);
      await expectSummary(left, view);
    });
  }
});
