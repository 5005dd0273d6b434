/**
 * Run mode on every backend (issue 6): the TorchScript and Keras LeNet-5 files on the reference
 * input give the output real torch computed (within 1e-5) on wasm and webgl, and each run shows
 * its output values, its timing and the backend that actually ran. WebGL must really run here:
 * headless Chromium has it (SwiftShader), and a silent fallback would leave webgl untested.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { expectLoaded, REPO, runSlotOn, slot } from './helpers';

const OWN = (f: string): string => resolve(REPO, 'tests/fixtures/torch', f);
const SHARED = (f: string): string => resolve(REPO, '../shared/fixtures/torch', f);
const TOL = 1e-5;
type Backend = 'wasm' | 'webgl' | 'cpu';
type Side = 'left' | 'right';

interface Ref { input: number[]; output_shape: number[]; output: number[] }
const refOf = (p: string): Ref => JSON.parse(readFileSync(p, 'utf8')) as Ref;
const missing = (...paths: string[]): string[] => paths.filter((p) => !existsSync(p));
const skipReason = (paths: string[]): string =>
  `../shared/fixtures is absent (missing ${paths.join(', ')}): this check runs where the shared fixtures are present (CI)`;

async function open(page: Page, id: Side, path: string): Promise<void> {
  await slot(page, id).getByTestId('file-input').setInputFiles(path);
  await expectLoaded(slot(page, id));
}

async function runMode(page: Page, ...ready: Side[]): Promise<void> {
  await page.getByTestId('mode-run').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
  for (const id of ready) await expect(page.getByTestId(`run-card-${id}`)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
}

async function chooseInput(page: Page, refPath: string): Promise<void> {
  await page.getByTestId('run-input-file').setInputFiles(refPath);
  await expect(page.getByTestId('run-input-name')).toContainText(refPath.slice(refPath.lastIndexOf('/') + 1));
}

interface Shown { values: number[]; ms: number }

/**
 * Runs one slot on one backend and checks what the card shows: the backend that ran (the one asked
 * for, no fallback), the timing (a positive run time, the same number the result carries) and
 * every output value, formatted from the numbers the run returned.
 */
async function runOn(page: Page, id: Side, backend: Backend): Promise<Shown> {
  const { card, result, values } = await runSlotOn(page, id, backend);

  const shown = card.getByTestId('run-backend-shown');
  await expect(shown, `${id}: the backend that ran is shown`).toHaveAttribute('data-backend', backend);
  await expect(shown).toHaveAttribute('data-fell-back', 'false');
  await expect(shown).toContainText(`ran on ${backend}`);
  await expect(card.getByTestId('run-fallback')).toHaveCount(0);

  const ms = Number(await result.getAttribute('data-ms'));
  expect(ms, `${id} on ${backend}: run time`).toBeGreaterThan(0);
  const timing = (await card.getByTestId('run-timing').textContent()) ?? '';
  const m = /^([\d.]+) ms run · ([\d.]+) ms setup$/.exec(timing);
  expect(m, `${id} on ${backend}: timing shown as "… ms run · … ms setup", got "${timing}"`).not.toBeNull();
  expect(Math.abs(Number(m![1]) - ms), `${id}: the time shown is the run's`).toBeLessThanOrEqual(ms < 10 ? 0.005 : 0.5);

  await expectValuesShown(result, values);
  return { values, ms };
}

async function expectValuesShown(result: Locator, values: number[]): Promise<void> {
  const cells = result.locator('.run-values > span:not(.muted)');
  await expect(cells).toHaveCount(values.length);
  const texts = await cells.allTextContents();
  texts.forEach((t, i) => {
    // the display rounds (5 significant digits, or 4 in exponent form): the shown number is the value
    expect(Math.abs(Number(t) - values[i]), `value ${i} shown as ${t}`).toBeLessThanOrEqual(Math.abs(values[i]) * 1e-3 + 1e-12);
  });
}

function expectClose(got: number[], want: number[], what: string): number {
  expect(got.length, `${what}: number of output values`).toBe(want.length);
  const worst = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
  console.log(`${what}: max |Δ| ${worst.toExponential(2)}`);
  expect(worst, `${what}: max |Δ| to the reference output`).toBeLessThanOrEqual(TOL);
  return worst;
}

const TS_CASES = [
  { name: 'own tests/fixtures/torch/lenet5.torchscript.pt', file: OWN('lenet5.torchscript.pt'), ref: OWN('lenet5.torchscript.ref.json') },
  // ../shared has no ref.json of its own for the trace: it is lenet5.pt traced, so lenet5.ref.json holds its output
  { name: '../shared lenet5.torchscript.pt', file: SHARED('lenet5.torchscript.pt'), ref: SHARED('lenet5.ref.json') },
];

for (const c of TS_CASES) {
  test(`TorchScript LeNet-5 (${c.name}) on wasm and webgl equals the torch reference`, async ({ page }) => {
    const absent = missing(c.file, c.ref);
    test.skip(absent.length > 0, skipReason(absent));
    const ref = refOf(c.ref);
    await page.goto('/');
    await open(page, 'left', c.file);
    await runMode(page, 'left');
    await expect(page.getByTestId('run-card-left').getByTestId('run-input-shape')).toHaveAttribute('data-shape', JSON.stringify([1, 1, 28, 28]));
    await chooseInput(page, c.ref);
    for (const backend of ['wasm', 'webgl'] as const) {
      const r = await runOn(page, 'left', backend);
      expectClose(r.values, ref.output, `${c.name} on ${backend}`);
    }
  });
}

test('Keras LeNet-5 (lenet5.keras2-layout.h5) on webgl equals the reference output', async ({ page }) => {
  const file = SHARED('lenet5.keras2-layout.h5'), refPath = SHARED('lenet5.keras2-layout.ref.json');
  const absent = missing(file, refPath);
  test.skip(absent.length > 0, skipReason(absent));
  const ref = refOf(refPath);
  await page.goto('/');
  await open(page, 'right', file);
  await runMode(page, 'right');
  await expect(page.getByTestId('run-card-right').getByTestId('run-input-shape')).toHaveAttribute('data-shape', JSON.stringify([1, 28, 28, 1]));
  await chooseInput(page, refPath);
  const r = await runOn(page, 'right', 'webgl');
  expectClose(r.values, ref.output, 'lenet5.keras2-layout.h5 on webgl');
});

test('both LeNet-5 files open side by side, each run on wasm, webgl and cpu: outputs, timing and backend shown', async ({ page }) => {
  const pt = SHARED('lenet5.pt'), ptRef = SHARED('lenet5.ref.json');
  const keras = SHARED('lenet5.keras2-layout.h5'), kerasRef = SHARED('lenet5.keras2-layout.ref.json');
  const absent = missing(pt, ptRef, keras, kerasRef);
  test.skip(absent.length > 0, skipReason(absent));
  const refs = { left: refOf(ptRef), right: refOf(kerasRef) };
  await page.goto('/');
  await open(page, 'left', pt);
  await open(page, 'right', keras);
  await runMode(page, 'left', 'right');
  for (const backend of ['wasm', 'webgl', 'cpu'] as const) {
    // each model on its own reference input (the Keras file has its own weights and input)
    for (const [id, refPath] of [['left', ptRef], ['right', kerasRef]] as const) {
      await chooseInput(page, refPath);
      const r = await runOn(page, id, backend);
      expectClose(r.values, refs[id].output, `${id === 'left' ? 'lenet5.pt' : 'lenet5.keras2-layout.h5'} on ${backend}`);
      await expect(page.getByTestId(`run-card-${id}`).getByTestId('run-result')).toContainText(`from ${refPath.slice(refPath.lastIndexOf('/') + 1)}`);
    }
    // the other card keeps its own last result, shown with the backend it ran on
    await expect(page.getByTestId('run-card-left').getByTestId('run-backend-shown')).toHaveAttribute('data-backend', backend);
  }
});

test('Keras GRUs (reset_after true and false, Bidirectional) on wasm and webgl equal the Keras computation', async ({ page }) => {
  // tfjs-layers refuses reset_after=True; the run worker builds our own GRU layer (core/runtime/keras/kerasGru.ts)
  const dir = (f: string): string => resolve(REPO, 'tests/fixtures/keras-zoo', f);
  await page.goto('/');
  for (const name of ['gru_reset_after', 'gru_reset_before', 'gru_bidirectional']) {
    const ref = refOf(dir(`${name}.ref.json`));
    await open(page, 'left', dir(`${name}.h5`));
    await page.getByTestId('mode-run').click();
    const card = page.getByTestId('run-card-left');
    await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(card.getByTestId('run-reason')).toHaveCount(0);
    await chooseInput(page, dir(`${name}.ref.json`));
    for (const backend of ['wasm', 'webgl'] as const) {
      const r = await runOn(page, 'left', backend);
      await expect(card.getByTestId('run-result')).toHaveAttribute('data-shape', JSON.stringify(ref.output_shape));
      expectClose(r.values, ref.output, `${name}.h5 on ${backend}`);
    }
    await page.getByTestId('mode-inspect').click();
  }
});
