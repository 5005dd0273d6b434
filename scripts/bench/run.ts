/**
 * `npm run bench`: drawing speed of the tensor views and the speed of statistics + histograms.
 * Builds if dist/ is stale, serves it with `vite preview`, measures in headless Chromium (and the
 * histogram in Node too), prints a table and merges the numbers into bench/results.json.
 * Fails only when something breaks, never on a timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { torchStateDictZip } from '../../e2e/synthTorch';
import { browserBench } from './browser';
import { median, nodeHistogramThroughput } from './nodeHistogram';
import { mergeResults, table, type Result } from './results';
import { ensureBuild, preview } from './server';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HIST_ELEMENTS = 100_000_000;

function filled(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[i] = (s / 4294967296 - 0.5) * 0.2; }
  return v;
}

async function main(): Promise<void> {
  const build = ensureBuild(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const file = join(dir, 'bench.pt');
  writeFileSync(file, torchStateDictZip([
    { name: 'warm.weight', shape: [8, 8], values: filled(64, 1) },
    { name: 'big.weight', shape: [4096, 4096], values: filled(4096 * 4096, 2) },
    { name: 'conv.weight', shape: [512, 512, 3, 3], values: filled(512 * 512 * 9, 3) },
  ], 'bench'));
  const server = await preview(ROOT);
  try {
    console.log(`build ${build}; serving ${server.url}; ${RUNS} runs each`);
    const b = await browserBench(server.url, file, RUNS, HIST_ELEMENTS);
    const node = nodeHistogramThroughput(HIST_ELEMENTS);
    const results: Record<string, Result> = {
      'view.heatmap-4096x4096.first-paint': {
        value: median(b.heatmap), unit: 'ms', target: 200, better: 'lower', samples: b.heatmap,
        note: `bytes in memory; request → painted, ${b.cells.heatmap} cells; cold (reading the file too): ${Math.round(b.heatmapCold)} ms`,
      },
      'view.kernels-512x512x3x3.first-paint': {
        value: median(b.kernels), unit: 'ms', target: 300, better: 'lower', samples: b.kernels,
        note: `bytes in memory; one cell per kernel, ${b.cells.kernels} cells; cold: ${Math.round(b.kernelsCold)} ms`,
      },
      'stats.histogram-100M.browser-worker': {
        value: b.histogram.gbPerS, unit: 'GB/s', target: 1, better: 'higher', samples: [b.histogram.gbPerS],
        note: `float32 statistics + 64 bins in a Web Worker, ${Math.round(b.histogram.ms)} ms`,
      },
      'stats.histogram-100M.node': {
        value: median(node.fast), unit: 'GB/s', target: 1, better: 'higher', samples: node.fast,
        note: `same code in Node; core/viz/histogram: ${median(node.core).toFixed(2)} GB/s`,
      },
    };
    console.log(`\n${table(results)}\n`);
    const path = join(ROOT, 'bench/results.json');
    mergeResults(path, results, { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, node: process.version });
    console.log(`written to ${path}`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
