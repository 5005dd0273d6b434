#!/usr/bin/env node
/**
 * Checks that a Chromium the Playwright tests can drive exists (browsers cannot be downloaded here).
 * Exits 1 with how to get one when it does not.
 */
import { accessSync, constants } from 'node:fs';

export function chromiumPath() {
  return process.env.WEIGHTBRIDGE_CHROMIUM || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

const path = chromiumPath();
try {
  accessSync(path, constants.X_OK);
  console.log(`Using Chromium at ${path}`);
} catch {
  console.error(
    `No Chromium executable at ${path}.\n` +
    'The end-to-end tests drive a system Chromium (Playwright cannot download browsers here). Either:\n' +
    '  - install Debian\'s Chromium:   apt-get install -y chromium\n' +
    '  - or point the tests at one:    WEIGHTBRIDGE_CHROMIUM=/path/to/chrome npm run test:e2e',
  );
  process.exit(1);
}
