/**
 * An image as the Run view's input: the browser decodes it in the run worker and the model gets
 * its pixels / 255 in its own layout. The expected output is the CLI's (cpu) on the same values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { expectLoaded, REPO, slot } from './helpers';
import { greyPng } from './png';

const LENET = resolve(REPO, 'tests/fixtures/torch/lenet5.pt');

function cliOutput(refJson: string): number[] {
  const r = spawnSync(process.execPath, [resolve(REPO, 'bin/weightbridge.mjs'), 'run', LENET, '--input', refJson, '--json'], { encoding: 'utf8', cwd: REPO });
  if (r.status !== 0) throw new Error(`weightbridge run failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { output: { values: number[] } }).output.values;
}

test('a 28×28 PNG runs through LeNet-5 as its pixels / 255, equal to the CLI on those values', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-e2e-image-'));
  // A diagonal gradient with a bright bar: far from a uniform random sample.
  const grey = new Uint8Array(28 * 28);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) grey[y * 28 + x] = x >= 12 && x < 16 ? 255 : (x + y) * 4;
  const png = join(dir, 'digit.png');
  writeFileSync(png, greyPng(grey, 28, 28));
  const ref = join(dir, 'digit.ref.json');
  writeFileSync(ref, JSON.stringify({ input_shape: [1, 1, 28, 28], input: Array.from(grey, (v) => v / 255) }));
  const want = cliOutput(ref);

  await page.goto('/');
  await slot(page, 'left').getByTestId('file-input').setInputFiles(LENET);
  await expectLoaded(slot(page, 'left'));
  await page.getByTestId('mode-run').click();
  const card = page.getByTestId('run-card-left');
  await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('run-backend-wasm').click();

  const runOnce = async (): Promise<number[]> => {
    const result = card.getByTestId('run-result');
    const before = (await result.count()) ? await result.getAttribute('data-values') : null;
    await card.getByTestId('run-btn-left').click();
    await expect(result).toHaveAttribute('data-values', /\[/, { timeout: 45_000 });
    await expect.poll(async () => (await result.getAttribute('data-values')) !== before).toBe(true);
    return JSON.parse((await result.getAttribute('data-values')) ?? '[]') as number[];
  };
  const random = await runOnce();

  await page.getByTestId('run-input-file').setInputFiles(png);
  await expect(page.getByTestId('run-input-name')).toContainText('digit.png');
  const got = await runOnce();
  expect(got.length).toBe(10);
  const worst = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
  expect(worst, 'max |Δ| between the image run in the tab and the CLI on pixels / 255').toBeLessThanOrEqual(1e-5);
  const fromRandom = Math.max(...random.map((r, i) => Math.abs(r - got[i])));
  expect(fromRandom, 'the image is not the random sample').toBeGreaterThan(1e-4);
});

test('an image for a model whose input is not an image says so', async ({ page }) => {
  await page.goto('/');
  await slot(page, 'left').getByTestId('file-input').setInputFiles(resolve(REPO, 'tests/fixtures/zoo/conv1d.pt'));
  await expectLoaded(slot(page, 'left'));
  await page.getByTestId('mode-run').click();
  const card = page.getByTestId('run-card-left');
  await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('run-input-file').setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: greyPng(new Uint8Array(4), 2, 2) });
  await card.getByTestId('run-btn-left').click();
  await expect(card.getByTestId('run-error')).toContainText('an image can only feed a model whose input is an image');
});
