import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium: Playwright cannot download its own browsers on these machines. */
const executablePath = process.env.WEIGHTBRIDGE_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Overridable so that two checkouts (or two people) can run the suite side by side.
const PORT = Number(process.env.WB_E2E_PORT ?? 4173);
const OUT_DIR = process.env.WB_E2E_OUTDIR ?? 'dist';

export default defineConfig({
  testDir: './e2e',
  outputDir: process.env.WB_E2E_RESULTS ?? './test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath,
          // We run as root (no sandbox possible) and want no network chatter from the browser itself.
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
        },
      },
    },
  ],
  // Test what users get: the production build, served by `vite preview`.
  webServer: {
    command: `npx vite build --outDir ${OUT_DIR} && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
