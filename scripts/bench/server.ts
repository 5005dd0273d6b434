/** The production build, rebuilt when stale, served by `vite preview`. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Its own output folder, so a build for the benchmark never swaps dist/ under someone's running preview. */
export const BENCH_OUT_DIR = process.env.WB_BENCH_OUTDIR ?? 'dist-bench';
/** 4300–4320 is the benchmark's range; 4173/4180 belong to the e2e suite and `npm run preview`. */
export const BENCH_PORT = Number(process.env.WB_BENCH_PORT ?? 4311);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'node_modules') newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Builds `outDir` unless it is newer than every source it is made from. */
export function ensureBuild(root: string, outDir = BENCH_OUT_DIR): 'fresh' | 'built' {
  const index = join(root, outDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(...['src', 'public', 'index.html', 'vite.config.ts', 'scripts/vite', 'package.json'].map((p) => newestMtime(join(root, p))));
  if (built > sources) return 'fresh';
  const r = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  return 'built';
}

export interface Server { url: string; stop(): void }

export function preview(root: string, port = BENCH_PORT, outDir = BENCH_OUT_DIR): Promise<Server> {
  const child: ChildProcess = spawn(join(root, 'node_modules/.bin/vite'), ['preview', '--outDir', outDir, '--port', String(port), '--strictPort'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const stop = (): void => { if (child.exitCode === null) child.kill('SIGTERM'); };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { stop(); reject(new Error(`vite preview did not start: ${out}`)); }, 30_000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /Local:\s+(http:\/\/[^\s/]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1], stop }); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`vite preview exited (${code}): ${out}`)); });
  });
}
