/**
 * A 1 GiB PyTorch state_dict, written to the temp folder: the tab stays responsive while it opens,
 * and the statistics of its 506 MiB tensor show progress, can be cancelled without losing the
 * model, and restart when the tensor is selected again.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { bigTorchTensors, writeBigTorch, type BigFileResult } from '../scripts/bench/bigFiles';
import { expectLoaded, slot, statsInNode, tensorRow } from './helpers';

const GIB = 1024 ** 3;
// Two 3840-channel convs: the second's weight (3840×3840×3×3, 506 MiB) is a long statistics run.
const OPTIONS = { convChannels: [3840, 3840] };
const path = join(tmpdir(), `weightbridge-big-${process.pid}.pt`);
let written: BigFileResult;

const tensors = bigTorchTensors(GIB, OPTIONS).map((t) => ({ ...t, numel: t.shape.reduce((a, b) => a * b, 1) }));
const largest = tensors.reduce((a, b) => (b.numel > a.numel ? b : a));
const small = tensors.find((t) => t.numel > 1 && t.numel < 10_000)!;

test.describe.configure({ timeout: 240_000 });
// Trace snapshots run in the page's main thread: they would count as the app's long tasks.
test.use({ trace: 'off' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  written = await writeBigTorch(path, GIB, OPTIONS);
  expect(written.tensors).toBe(tensors.length);
});

test.afterAll(async () => {
  await rm(path, { force: true });
});

interface Responsiveness {
  longTasks: { start: number; duration: number }[];
  click?: { inputDelay: number; toNextFrame: number; leftStatus: string | undefined };
}

/**
 * Records, in the page, every main-thread task over 50 ms and how long the first click on the right
 * slot's example button waited for its handler and for the next frame.
 */
async function watchMainThread(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __resp: Responsiveness };
    w.__resp = { longTasks: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__resp.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
    document.addEventListener('click', (e) => {
      const target = e.target as Element;
      if (w.__resp.click || !target.closest('[data-testid="slot-right"] [data-testid="example"]')) return;
      const handled = performance.now();
      const leftStatus = document.querySelector<HTMLElement>('[data-testid="slot-left"]')?.dataset.status;
      requestAnimationFrame(() => {
        w.__resp.click = { inputDelay: handled - e.timeStamp, toNextFrame: performance.now() - e.timeStamp, leftStatus };
      });
    }, true);
  });
}

test('a 1 GiB .pt opens without blocking the tab; its big statistics show progress, cancel and restart', async ({ page }, testInfo) => {
  await page.goto('/');
  const left = slot(page, 'left');
  const right = slot(page, 'right');
  const example = right.locator('[data-testid="example"]').first();
  await expect(example).toBeVisible();
  const box = (await example.boundingBox())!;
  await watchMainThread(page);

  // While the left slot opens the file, the right slot's example button is clicked.
  const t0 = await page.evaluate(() => performance.now());
  const opening = left.getByTestId('file-input').setInputFiles(path);
  await expect(left).toHaveAttribute('data-status', 'opening', { timeout: 10_000 });
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await opening;
  await expectLoaded(left);
  await expect(left.getByTestId('tree-row').first()).toBeVisible();
  await expect(left.getByTestId('summary-tensors')).toHaveText(written.tensors.toLocaleString('en-US'));
  await expectLoaded(right); // the click was answered: the example opened beside the big file

  const resp = await page.evaluate(() => (window as unknown as { __resp: Responsiveness }).__resp);
  await testInfo.attach('responsiveness.json', { body: JSON.stringify({ ...resp, openStartedAt: t0 }, null, 1), contentType: 'application/json' });
  expect(resp.click, 'the click on the right slot was never handled').toBeDefined();
  expect(resp.click!.leftStatus, 'the click landed after the file had opened: nothing was measured').toBe('opening');
  expect(resp.click!.inputDelay).toBeLessThan(100);
  expect(resp.click!.toNextFrame).toBeLessThan(250);
  const blocking = resp.longTasks.filter((t) => t.start >= t0 && t.duration > 200);
  expect(blocking, 'main-thread tasks over 200 ms while the file opened').toEqual([]);

  // The biggest tensor: statistics with progress, then Cancel. Its statistics run in 16 MiB slices,
  // with a progress bar and Cancel from the start. The kernel plot reads the whole tensor meanwhile
  // and finishes the statistics on its own once it has read it (under a second on a quiet machine),
  // so Cancel is pressed from inside the page, in the task that first shows it: a click from here
  // can arrive after the statistics are done.
  await left.getByTestId('expand-all').click();
  await page.evaluate(() => {
    const w = window as unknown as { __statsCancel?: { progress: string | null } };
    const observer = new MutationObserver(() => {
      const cancel = document.querySelector<HTMLButtonElement>('[data-testid="slot-left"] [data-testid="stats-cancel"]');
      if (!cancel) return;
      observer.disconnect();
      const bar = document.querySelector('[data-testid="slot-left"] [data-testid="stats-progress"]');
      w.__statsCancel = { progress: bar?.getAttribute('aria-valuenow') ?? null };
      cancel.click();
    });
    observer.observe(document.body, { subtree: true, childList: true });
  });
  await tensorRow(left, largest.name).click();
  const pressed = await page.waitForFunction(() => (window as unknown as { __statsCancel?: { progress: string | null } }).__statsCancel);
  expect((await pressed.jsonValue() as { progress: string | null }).progress, 'a progress bar beside Cancel').toMatch(/^\d+$/);
  await expect(left.getByTestId('stats-cancelled')).toContainText('cancelled');
  await expect(left.getByTestId('stats')).toHaveCount(0);

  // The model is still open: a small tensor gets its statistics.
  await tensorRow(left, small.name).click();
  await expect(left.getByTestId('tensor-name')).toHaveText(small.name);
  const smallStats = await statsInNode(path, small.name);
  await expect(left.getByTestId('stat-mean')).toHaveAttribute('data-value', String(smallStats.mean), { timeout: 60_000 });

  // Back to the big one: the statistics run again and finish with the numbers Node computes.
  await tensorRow(left, largest.name).click();
  await expect(left.getByTestId('tensor-name')).toHaveText(largest.name);
  await expect(left.getByTestId('stats-cancelled')).toHaveCount(0);
  const bigStats = await statsInNode(path, largest.name);
  expect(bigStats.numel).toBe(largest.numel);
  const stat = (id: string) => left.getByTestId(`stat-${id}`);
  await expect(stat('mean')).toHaveAttribute('data-value', String(bigStats.mean), { timeout: 60_000 });
  for (const id of ['min', 'max', 'std', 'zeros', 'nans', 'infs'] as const) {
    await expect(stat(id)).toHaveAttribute('data-value', String(bigStats[id]));
  }
});
