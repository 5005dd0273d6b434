/**
 * h5wasm's WebAssembly module is served as its own .wasm file (scripts/vite/h5wasmWasmFile.ts) and
 * compiled while streaming: the worker fetches it as application/wasm, the library's JavaScript is
 * small, the streaming path does not fall back, and an HDF5 file opens with the right contents.
 */
import { test, expect } from '@playwright/test';
import { expectLoaded, slot } from './helpers';

test('an .h5 opens with h5wasm loaded from its own .wasm file, compiled while streaming', async ({ page }) => {
  const fetched: { url: string; type: string; bytes: number }[] = [];
  page.on('response', async (r) => {
    if (!/\/assets\/hdf5(_hl)?-[\w-]+\.(js|wasm)$/.test(r.url())) return;
    // (a fetch still running when the test ends has no body to read)
    const body = await r.body().catch(() => null);
    if (body) fetched.push({ url: r.url(), type: r.headers()['content-type'] ?? '', bytes: body.length });
  });
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));

  await page.goto('/');
  const left = slot(page, 'left');
  await left.locator('[data-testid="example"][data-file="lenet5.keras.h5"]').click();
  await expectLoaded(left);
  await expect(left.getByTestId('summary-tensors')).toHaveText('10');

  // (the spare worker that then loads h5wasm ahead of the next open fetches both again)
  await expect.poll(() => fetched.filter((f) => f.url.endsWith('.wasm')).length).toBeGreaterThan(0);
  await expect.poll(() => fetched.filter((f) => f.url.endsWith('.js')).length).toBeGreaterThan(0);
  for (const f of fetched) {
    if (f.url.endsWith('.wasm')) {
      expect(f.type).toBe('application/wasm');
      expect(f.bytes).toBeGreaterThan(1_000_000);
    } else {
      expect(f.bytes, 'the library without its module inlined').toBeLessThan(500_000);
    }
  }
  expect(messages.filter((m) => m.includes('streaming compilation failed'))).toEqual([]);
});
