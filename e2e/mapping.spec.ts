import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { mappingFromJson, mappingToJson, mappingToText, describeSteps, setPair, type Mapping } from '../src/core/mapping';
import { stem } from '../src/app/lib/download';
import { dropFiles, expectLoaded, fileFrom, REPO, saveScreenshot, slot } from './helpers';
import { SHARED, missing } from './nodeDocs';
import { mapInNode, maxAbsDiffInNode, writeFlattenQuestionPair, type Mapped } from './mappingNode';

const MAPFX = (f: string): string => resolve(REPO, 'tests/mapping/fixtures', f);

/** torch ↔ Keras-layout pairs: the project's own (always present) and the real LeNet-5 (shared fixtures). */
const PAIRS = [
  { name: 'cnn (tests/mapping/fixtures)', a: MAPFX('cnn.pt'), b: MAPFX('cnn.keras-layout.h5'), sameWeights: true },
  { name: 'LeNet-5 (../shared/fixtures)', a: SHARED('torch/lenet5.pt'), b: SHARED('torch/lenet5.keras2-layout.h5'), sameWeights: false },
];

const view = (page: Page): Locator => page.getByTestId('mapping-view');
const item = (page: Page, side: 'a' | 'b', path: string): Locator => page.locator(`[data-testid="map-item"][data-side="${side}"][data-path="${path}"]`);
const link = (page: Page, id: string): Locator => page.locator(`[data-testid="map-link"][data-id="${id}"]`);

async function openBoth(page: Page, a: string, b: string): Promise<void> {
  for (const [id, path] of [['left', a], ['right', b]] as const) {
    const f = fileFrom(path);
    await slot(page, id).getByTestId('file-input').setInputFiles({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });
  }
  await expectLoaded(slot(page, 'left'));
  await expectLoaded(slot(page, 'right'));
  await page.getByTestId('mode-map').click();
  await expect(view(page)).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
}

/** The board shows exactly the mapping's pairs, each link and both layers in the pair's status, and its counts. */
async function expectMapping(page: Page, m: Mapping): Promise<void> {
  await expect(page.getByTestId('map-count-pairs')).toHaveAttribute('data-value', String(m.pairs.length));
  await expect(page.getByTestId('map-link')).toHaveCount(m.pairs.length);
  for (const p of m.pairs) {
    await expect(link(page, p.id), `link ${p.id}`).toHaveAttribute('data-status', p.status);
    await expect(item(page, 'a', p.a)).toHaveAttribute('data-pair', p.id);
    await expect(item(page, 'b', p.b)).toHaveAttribute('data-status', p.status);
  }
  for (const u of m.unmappedA) await expect(item(page, 'a', u.path)).toHaveAttribute('data-status', 'unmapped');
  for (const u of m.unmappedB) await expect(item(page, 'b', u.path)).toHaveAttribute('data-status', 'unmapped');
  await expect(page.getByTestId('map-status')).toHaveAttribute('data-status', m.status);
}

const pairsOf = (m: { pairs: { a: string; b: string; rule: string; tensors: unknown[]; status: string }[] }) =>
  m.pairs.map(({ a, b, rule, tensors, status }) => ({ a, b, rule, tensors, status }));

for (const fx of PAIRS) {
  test.describe(`mapping ${fx.name}`, () => {
    let x: Mapped;
    test.beforeAll(async () => { if (!missing(fx.a, fx.b)) x = await mapInNode(fx.a, fx.b); });
    test.afterAll(async () => { await x?.close(); });

    test('pairs as the core does; drag re-pairs, undo restores; export → reload → import gives the same pairs', async ({ page }, testInfo) => {
      const why = missing(fx.a, fx.b);
      test.skip(!!why, why ?? '');
      await page.goto('/');
      await openBoth(page, fx.a, fx.b);
      await expect(page.getByTestId('map-file-a')).toHaveText(x.a.fileName);
      await expectMapping(page, x.m);

      // The first pair's tensors: shapes and transforms in words, and their values side by side.
      const first = x.m.pairs[0], last = x.m.pairs[x.m.pairs.length - 1];
      await link(page, first.id).click();
      const details = page.getByTestId('pair-details');
      await expect(details).toHaveAttribute('data-pair', first.id);
      await expect(details.getByTestId('tensor-steps')).toHaveText(first.tensors.map((t) => describeSteps(t.steps, { inputs: t.a, outputs: t.b })));
      const maxDiff = await maxAbsDiffInNode(x, first.tensors[0].a[0], 'a');
      const shown = details.getByTestId('compare-maxdiff');
      await expect(shown).toHaveAttribute('data-value', /./, { timeout: 20_000 });
      expect(Number(await shown.getAttribute('data-value'))).toBeCloseTo(maxDiff, 6);
      await expect(details.getByTestId('compare-verdict')).toHaveAttribute('data-same', String(fx.sameWeights));
      await saveScreenshot(page, testInfo, 'mapping.png');

      // Drag A's first layer onto B's last: a conv meets a dense layer, which no rule relates.
      const dragged = setPair(x.m, x.a, x.b, first.a, last.b);
      await item(page, 'a', first.a).dragTo(item(page, 'b', last.b));
      await expect(link(page, `${first.a} ↔ ${last.b}`)).toHaveAttribute('data-status', 'incompatible');
      await expect(item(page, 'a', first.a)).toHaveAttribute('data-status', 'incompatible');
      await expectMapping(page, dragged);
      await expect(details).toHaveAttribute('data-status', 'incompatible');
      await expect(details.locator('[data-testid="pair-problem"][data-code="no-rule"]')).toHaveCount(1);
      await saveScreenshot(page, testInfo, 'mapping-incompatible.png');

      // Undo (keyboard) → the automatic pairs again; redo (button) and undo (button) agree.
      await page.keyboard.press('Control+z');
      await expectMapping(page, x.m);
      await page.getByTestId('map-redo').click();
      await expectMapping(page, dragged);
      await page.getByTestId('map-undo').click();
      await expectMapping(page, x.m);

      // Export: the downloaded JSON holds the core's pairs.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('map-export').click()]);
      expect(download.suggestedFilename()).toBe(`${stem(x.a.fileName)}__${stem(x.b.fileName)}.mapping.json`);
      const text = readFileSync((await download.path())!, 'utf8');
      const saved = JSON.parse(text) as ReturnType<typeof mappingToJson>;
      expect(saved.weightbridge_mapping).toBe(1);
      expect(pairsOf(saved)).toEqual(pairsOf(mappingToJson(x.m)));

      // A fresh page: open the files again, change a pair, then import → the saved pairs, checked again.
      await page.reload();
      await openBoth(page, fx.a, fx.b);
      await item(page, 'a', first.a).dragTo(item(page, 'b', last.b));
      await expect(link(page, `${first.a} ↔ ${last.b}`)).toHaveCount(1);
      await page.getByTestId('map-import-input').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
      await expect(page.getByTestId('map-notice')).toHaveAttribute('data-tone', x.m.status === 'incompatible' ? 'error' : 'info');
      await expect(page.getByTestId('map-notice-text')).toContainText(`${x.m.pairs.length} pair`);
      const imported = mappingFromJson(text, x.a, x.b);
      expect(pairsOf(imported)).toEqual(pairsOf(x.m));
      await expectMapping(page, imported);
      await link(page, first.id).click();
      await expect(page.getByTestId('pair-details')).toContainText('from an imported mapping');
    });
  });
}

test('keyboard pairing: Enter opens a filterable list, Delete unpairs, Ctrl+Z undoes', async ({ page }) => {
  const x = await mapInNode(MAPFX('cnn.pt'), MAPFX('cnn.keras-layout.h5'));
  try {
    await page.goto('/');
    await openBoth(page, MAPFX('cnn.pt'), MAPFX('cnn.keras-layout.h5'));
    const first = x.m.pairs[0], last = x.m.pairs[x.m.pairs.length - 1];
    await item(page, 'a', first.a).click();
    await page.keyboard.press('Enter');
    const picker = page.getByTestId('partner-picker');
    await expect(picker).toBeVisible();
    await page.keyboard.type(last.b);
    await expect(picker.getByTestId('partner-option').first()).toHaveAttribute('data-path', last.b);
    await page.keyboard.press('Enter');
    await expect(picker).toHaveCount(0);
    await expectMapping(page, setPair(x.m, x.a, x.b, first.a, last.b));
    await page.keyboard.press('Delete');
    await expect(item(page, 'a', first.a)).toHaveAttribute('data-status', 'unmapped');
    await expect(page.getByTestId('map-count-pairs')).toHaveAttribute('data-value', String(x.m.pairs.length - 2));
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expectMapping(page, x.m);
  } finally {
    await x.close();
  }
});

test('an import that does not fit says why and changes nothing; a mapping dropped on the view is taken', async ({ page }) => {
  const x = await mapInNode(MAPFX('cnn.pt'), MAPFX('cnn.keras-layout.h5'));
  try {
    await page.goto('/');
    await openBoth(page, MAPFX('cnn.pt'), MAPFX('cnn.keras-layout.h5'));
    const input = page.getByTestId('map-import-input');
    const bad = (name: string, body: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(body)) });
    await input.setInputFiles(bad('v2.mapping.json', { weightbridge_mapping: 2, pairs: [] }));
    await expect(page.getByTestId('map-notice')).toHaveAttribute('data-tone', 'error');
    await expect(page.getByTestId('map-notice-text')).toContainText('version 2 is not supported');
    const swapped = { ...mappingToJson(x.m), a: x.m.b, b: x.m.a };
    await input.setInputFiles(bad('swapped.mapping.json', swapped));
    await expect(page.getByTestId('map-notice-text')).toContainText('swap the files');
    await input.setInputFiles({ name: 'cnn.pt', mimeType: 'application/octet-stream', buffer: Buffer.from('not json') });
    await expect(page.getByTestId('map-notice-text')).toContainText('not a mapping JSON');
    await expectMapping(page, x.m);

    const first = x.m.pairs[0], last = x.m.pairs[x.m.pairs.length - 1];
    await item(page, 'a', first.a).dragTo(item(page, 'b', last.b));
    await expect(page.getByTestId('map-status')).toHaveAttribute('data-status', 'incompatible');
    await dropFiles(page, view(page), [{ name: 'cnn.mapping.json', bytes: new TextEncoder().encode(mappingToText(x.m)) }]);
    await expect(page.getByTestId('map-notice')).toHaveAttribute('data-tone', 'info');
    await expectMapping(page, mappingFromJson(mappingToText(x.m), x.a, x.b));
  } finally {
    await x.close();
  }
});

test('a Flatten the files do not show is asked about; answering C×H×W re-checks the pair', async ({ page }, testInfo) => {
  const torchPath = testInfo.outputPath('noflat.pt'), kerasPath = testInfo.outputPath('noflat.weights.h5');
  await writeFlattenQuestionPair(torchPath, kerasPath);
  const x = await mapInNode(torchPath, kerasPath);
  try {
    const asked = x.m.pairs.find((p) => p.problems.some((q) => q.question))!;
    expect(asked.status).toBe('needs-attention');
    await page.goto('/');
    await openBoth(page, torchPath, kerasPath);
    await expectMapping(page, x.m);
    await link(page, asked.id).click();
    const q = page.getByTestId('flatten-question');
    await expect(q).toHaveAttribute('data-layer', asked.problems.find((p) => p.question)!.question!.layer);
    await q.getByTestId('flatten-c').fill('2');
    await q.getByTestId('flatten-h').fill('4');
    await q.getByTestId('flatten-w').fill('4');
    await q.getByTestId('flatten-apply').click();
    await expect(link(page, asked.id)).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('pair-details').getByTestId('tensor-steps').first()).toContainText('H×W=4×4');
    await page.getByTestId('map-undo').click();
    await expect(link(page, asked.id)).toHaveAttribute('data-status', 'needs-attention');
  } finally {
    await x.close();
  }
});
