/**
 * A long forward pass shows what the run worker is doing and how long it has taken, and Cancel
 * stops it at once; the next run starts a new worker and computes what torch computed. The model
 * is the benchmark's ResNet-18-sized nn.Sequential (11 M parameters), written by real torch with
 * its output for a fixed input (scripts/bench/runBench.ts): seconds on the CPU backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { writeResNet18, type ForwardModel } from '../scripts/bench/runBench';
import { expectLoaded, slot } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'weightbridge-run-cancel-'));
let model: ForwardModel;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(() => {
  test.setTimeout(120_000);
  model = writeResNet18(dir);
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a long run shows its phase and time, Cancel stops it, the next run equals torch', async ({ page }) => {
  await page.goto('/');
  const left = slot(page, 'left');
  await left.getByTestId('file-input').setInputFiles(model.file);
  await expectLoaded(left);
  await page.getByTestId('mode-run').click();
  const card = page.getByTestId('run-card-left');
  await expect(card).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('run-input-file').setInputFiles(model.input!.path);
  await expect(page.getByTestId('run-input-name')).toContainText('resnet18-input.npy');

  // CPU: a forward pass of several seconds.
  await page.getByTestId('run-backend-cpu').click();
  await card.getByTestId('run-btn-left').click();
  const busy = card.getByTestId('run-busy-left');
  await expect(busy).toHaveAttribute('data-what', 'running on cpu', { timeout: 60_000 });
  await expect(busy.getByTestId('run-busy-left-elapsed')).not.toHaveText('0.0 s');
  const pressed = Date.now();
  await busy.getByTestId('run-busy-left-cancel').click();
  await expect(card.getByTestId('run-cancelled')).toBeVisible();
  expect(Date.now() - pressed, 'Cancel answered within a second').toBeLessThan(1000);
  await expect(card.getByTestId('run-result')).toHaveCount(0);
  await expect(card.getByTestId('run-btn-left')).toBeEnabled();

  // A new worker: WASM computes torch's output.
  await page.getByTestId('run-backend-wasm').click();
  await card.getByTestId('run-btn-left').click();
  const result = card.getByTestId('run-result');
  await expect(result).toHaveAttribute('data-requested', 'wasm', { timeout: 120_000 });
  const values = JSON.parse((await result.getAttribute('data-values')) ?? '[]') as number[];
  const want = model.expected!;
  expect(values.length).toBe(want.length);
  const scale = Math.max(...want.map(Math.abs));
  const worst = Math.max(...want.map((w, i) => Math.abs(w - values[i])));
  expect(worst / scale, 'max |Δ| to torch relative to its largest output').toBeLessThan(1e-5);
});
