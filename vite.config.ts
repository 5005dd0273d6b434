import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineConfig, transformWithOxc, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { h5wasmWasmFile } from './scripts/vite/h5wasmWasmFile.ts';

/**
 * Writes /sw.js (src/sw.ts, the offline cache) after a production build, with the app shell it
 * precaches: what index.html loads, the favicon, and the model worker (so a file opens offline).
 * Chunks loaded on demand are cached by the service worker as they are fetched.
 */
function offlineShell(): Plugin {
  return {
    name: 'weightbridge-offline-shell',
    apply: 'build',
    async writeBundle(options, bundle) {
      const html = bundle['index.html'];
      if (!options.dir || !html || html.type !== 'asset') return;
      const loaded = [...String(html.source).matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
      const workers = Object.keys(bundle).filter((f) => /(^|\/)modelWorker-[\w-]+\.js$/.test(f)).map((f) => `/${f}`);
      const shell = [...new Set(['/', ...loaded, ...workers])];
      const source = await readFile(new URL('./src/sw.ts', import.meta.url), 'utf8');
      const { code } = await transformWithOxc(source, 'sw.ts', { lang: 'ts' });
      const version = createHash('sha256').update(shell.join('\n')).update(code).digest('hex').slice(0, 12);
      const out = code.replace('__WB_SHELL__;', `${JSON.stringify(shell)};`).replace('`weightbridge-${__WB_VERSION__}`', JSON.stringify(`weightbridge-${version}`));
      if (out.includes('__WB_SHELL__') || out.includes('__WB_VERSION__')) throw new Error('sw.ts: the shell list or version placeholder was not filled in');
      await writeFile(join(options.dir, 'sw.js'), out);
    },
  };
}

export default defineConfig({
  plugins: [react(), offlineShell(), h5wasmWasmFile()],
  // h5wasm loads in workers only: their bundles have their own plugin list.
  worker: { format: 'es', plugins: () => [h5wasmWasmFile()] },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173 },
  preview: { port: 4173 },
});
