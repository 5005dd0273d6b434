/**
 * Run mode (issue 6): runs models with tfjs in the run worker on a reference input and compares
 * the outputs with what PyTorch / Keras wrote into the fixtures' ref.json files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { expectLoaded, REPO, runSlotOn, slot } from './helpers';

const FX = (f: string): string => resolve(REPO, 'tests/fixtures/torch', f);
const SHARED_FX = (f: string): string => resolve(REPO, '../shared/fixtures/torch', f);
const LENET = FX('lenet5.pt');
const LENET_REF = FX('lenet5.ref.json');
const KERAS = SHARED_FX('lenet5.keras2-layout.h5');
const KERAS_REF = SHARED_FX('lenet5.keras2-layout.ref.json');
const TOL = 1e-5;

interface Ref { input_shape: number[]; input: number[]; output_shape: number[]; output: number[] }
const refOf = (p: string): Ref => JSON.parse(readFileSync(p, 'utf8')) as Ref;

async function open(page: Page, id: 'left' | 'right', path: string): Promise<void> {
  await slot(page, id).getByTestId('file-input').setInputFiles(path);
  await expectLoaded(slot(page, id));
}

async function runMode(page: Page): Promise<Locator> {
  await page.getByTestId('mode-run').click();
  const view = page.getByTestId('run-view');
  await expect(view).toBeVisible();
  return view;
}

const runOn = runSlotOn;

function expectClose(got: number[], want: number[], what: string): void {
  expect(got.length, `${what}: number of output values`).toBe(want.length);
  const worst = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
  expect(worst, `${what}: max |Δ| to the reference output`).toBeLessThanOrEqual(TOL);
}

test('LeNet-5 on the ref.json input: wasm and webgl outputs equal the PyTorch output; the backend shown is the one that ran', async ({ page }) => {
  const ref = refOf(LENET_REF);
  expect(ref.input.length, 'lenet5.ref.json has an input').toBeGreaterThan(0);
  expect(ref.output.length, 'lenet5.ref.json has an output').toBe(10);
  await page.goto('/');
  await open(page, 'left', LENET);
  await runMode(page);
  const card = page.getByTestId('run-card-left');
  await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(card.getByTestId('run-input-shape')).toHaveAttribute('data-shape', JSON.stringify([1, 1, 28, 28]));
  await page.getByTestId('run-input-file').setInputFiles(LENET_REF);
  await expect(page.getByTestId('run-input-name')).toContainText('lenet5.ref.json');

  const wasm = await runOn(page, 'left', 'wasm');
  expect(wasm.backend, 'wasm runs in headless Chromium').toBe('wasm');
  expect(wasm.fellBack).toBe(false);
  await expect(card.getByTestId('run-backend-shown')).toHaveAttribute('data-backend', 'wasm');
  expectClose(wasm.values, ref.output, 'wasm');

  const webgl = await runOn(page, 'left', 'webgl');
  const shown = card.getByTestId('run-backend-shown');
  await expect(shown).toHaveAttribute('data-backend', webgl.backend);
  if (webgl.backend === 'webgl') {
    expect(webgl.fellBack).toBe(false);
    await expect(card.getByTestId('run-fallback')).toHaveCount(0);
  } else {
    // No WebGL in this browser: the fallback must be visible, not silent.
    console.log(`webgl fell back to ${webgl.backend}; checking that the fallback is shown`);
    expect(webgl.fellBack).toBe(true);
    await expect(card.getByTestId('run-fallback')).toBeVisible();
  }
  // WebGL computes in float32 on the GPU (SwiftShader here): the same 1e-5 holds for LeNet-5.
  expectClose(webgl.values, ref.output, `webgl (ran on ${webgl.backend})`);
});

test('Keras LeNet-5 (../shared) on its own ref.json input equals the Keras output', async ({ page }) => {
  test.skip(!existsSync(KERAS) || !existsSync(KERAS_REF), `../shared/fixtures/torch/lenet5.keras2-layout.h5 or its ref.json is absent (looked for ${KERAS}); this check runs where the shared fixtures are present`);
  const ref = refOf(KERAS_REF);
  await page.goto('/');
  await open(page, 'right', KERAS);
  await runMode(page);
  await expect(page.getByTestId('run-card-right')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('run-input-file').setInputFiles(KERAS_REF);
  await expect(page.getByTestId('run-input-name')).toContainText('keras2-layout.ref.json');
  const wasm = await runOn(page, 'right', 'wasm');
  expect(wasm.backend).toBe('wasm');
  expectClose(wasm.values, ref.output, 'keras wasm');
});

test('Compare A ↔ B draws the per-layer plot and a verdict; editing the tolerance changes the verdict', async ({ page }, testInfo) => {
  const shared = existsSync(KERAS);
  // Without ../shared: the same LeNet-5 twice (the bundled example is that file), an exact match.
  const b = shared ? KERAS : resolve(REPO, 'public/examples/lenet5.pt');
  if (!shared) console.log(`../shared/fixtures absent (${KERAS}): comparing lenet5.pt with public/examples/lenet5.pt instead of the Keras model`);
  await page.goto('/');
  await open(page, 'left', LENET);
  await open(page, 'right', b);
  await runMode(page);
  await expect(page.getByTestId('run-card-left')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('run-card-right')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByTestId('run-backend-wasm').click();
  await page.getByTestId('run-compare-btn').click();
  const result = page.getByTestId('compare-result');
  await expect(result).toBeVisible({ timeout: 45_000 });
  await expect(result).toHaveAttribute('data-backend', 'wasm');
  const verdict = await result.getAttribute('data-verdict');
  expect(['match', 'differ']).toContain(verdict);
  const maxAbs = Number(await result.getAttribute('data-max-abs'));
  expect(Number.isFinite(maxAbs)).toBe(true);
  expect(verdict).toBe(maxAbs <= TOL ? 'match' : 'differ');
  await expect(page.getByTestId('compare-argmax')).toContainText('/1 agree');
  const plot = page.getByTestId('run-layer-plot');
  await expect(plot).toBeVisible();
  const bars = Number(await plot.getAttribute('data-bars'));
  expect(bars, 'LeNet-5 has 5 weighted layers to compare').toBeGreaterThanOrEqual(5);
  await expect(plot.locator('rect')).toHaveCount(bars);
  // The verdict follows the tolerance without running again.
  await page.getByTestId('run-tolerance').fill(String(maxAbs === 0 ? 0 : maxAbs * 2));
  await expect(result).toHaveAttribute('data-verdict', 'match');
  if (maxAbs > 0) {
    await page.getByTestId('run-tolerance').fill(String(maxAbs / 2));
    await expect(result).toHaveAttribute('data-verdict', 'differ');
  }
  await page.getByTestId('run-tolerance').fill('1e-5');
  const shot = testInfo.outputPath('run.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
});

test('a model that cannot run shows why, and cannot be run', async ({ page }) => {
  await page.goto('/');
  await open(page, 'left', FX('usernet.pt'));
  await runMode(page);
  const card = page.getByTestId('run-card-left');
  await expect(card).toHaveAttribute('data-state', 'unrunnable', { timeout: 30_000 });
  await expect(card.getByTestId('run-reason')).toContainText('cannot run:');
  await expect(card.getByTestId('run-btn-left')).toBeDisabled();
  await expect(page.getByTestId('run-compare-btn')).toBeDisabled();
});
