/**
 * `npm run bench` (issue 8): the app's speed and memory in headless Chromium against the production
 * build — first screen and initial JS, drop → layer tree and peak JS heap for generated .pt/.h5
 * files of 25 MiB … 3 GiB, plot drawing, statistics throughput, conversion MB/s, forward pass per
 * backend — printed as one table and merged into bench/results.json.
 *   npm run bench               full run (files up to 3 GiB in a temp folder, ~7 GB of disk)
 *   npm run bench -- --ci       files ≤ 250 MiB, fewer runs, written to bench/out/results-ci.json
 *   --only first,views,forward,open,convert   run some sections
 * Budgets are reported, never enforced: the exit code is 1 only when something breaks (a file
 * that does not open, a run that throws, a page error).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { torchStateDictZip } from '../../e2e/synthTorch';
import { writeBigH5, writeBigTorch } from './bigFiles';
import { convertBench, launchBrowser, viewsBench } from './browser';
import { measureFirstScreen } from './firstScreen';
import { describeOpen, measureOpen, msOf, type OpenMeasure } from './openBench';
import { nodeHistogramThroughput } from './nodeHistogram';
import { median, mergeResults, table, type Result } from './results';
import { measureForward, warmMs, webglRenderer, writeResNet18, type ForwardModel } from './runBench';
import { ensureBuild, preview } from './server';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const { values: args } = parseArgs({ options: { ci: { type: 'boolean' }, only: { type: 'string' }, runs: { type: 'string' } } });
const CI = !!args.ci;
const RUNS = Number(args.runs ?? process.env.BENCH_RUNS ?? (CI ? 2 : 5));
const SECTIONS = new Set((args.only ?? 'first,views,forward,open,convert').split(','));
const MIB = 2 ** 20;
const SIZES = CI ? [25 * MIB, 250 * MIB] : [25 * MIB, 250 * MIB, 1024 * MIB, 3072 * MIB];
/** the size whose .pt the conversion benchmark converts */
const CONVERT_SIZE = 250 * MIB;
const HIST_ELEMENTS = CI ? 25_000_000 : 100_000_000;
const OUT = join(ROOT, CI ? 'bench/out/results-ci.json' : 'bench/results.json');

const sizeLabel = (b: number): string => (b >= 1024 * MIB ? `${b / (1024 * MIB)}GiB` : `${b / MIB}MiB`);
const mb = (b: number): number => b / 1e6;

function filled(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[i] = (s / 4294967296 - 0.5) * 0.2; }
  return v;
}

const results: Record<string, Result> = {};
const failures: string[] = [];

async function section(name: string, work: () => Promise<void>): Promise<void> {
  if (!SECTIONS.has(name)) return;
  const t0 = Date.now();
  process.stdout.write(`${name} … `);
  try {
    await work();
    console.log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } catch (err) {
    const text = err instanceof Error ? err.stack ?? err.message : String(err);
    failures.push(`${name}: ${text}`);
    console.log(`FAILED: ${text}`);
  }
}

async function firstScreen(browser: Browser, url: string): Promise<void> {
  const f = await measureFirstScreen(browser, url, RUNS);
  results['first-screen.cold-cache'] = {
    value: median(f.ms), unit: 'ms', target: 1000, better: 'lower', samples: f.ms,
    note: `navigation → left slot painted, fresh context each run; first contentful paint ${median(f.fcp).toFixed(0)} ms`,
  };
  const gz = f.scripts.reduce((s, x) => s + x.gz, 0), raw = f.scripts.reduce((s, x) => s + x.raw, 0);
  results['initial-js.gzip'] = {
    value: gz / 1000, unit: 'kB', target: 150, better: 'lower',
    note: `${f.scripts.length} scripts fetched by the first screen, ${(raw / 1000).toFixed(0)} kB raw: ${f.scripts.map((s) => `${s.path.replace(/^\/assets\//, '')} ${(s.gz / 1000).toFixed(1)}`).join(', ')}`,
  };
}

async function views(browser: Browser, url: string, dir: string): Promise<void> {
  const file = join(dir, 'views.pt');
  writeFileSync(file, torchStateDictZip([
    { name: 'warm.weight', shape: [8, 8], values: filled(64, 1) },
    { name: 'big.weight', shape: [4096, 4096], values: filled(4096 * 4096, 2) },
    { name: 'conv.weight', shape: [512, 512, 3, 3], values: filled(512 * 512 * 9, 3) },
  ], 'bench'));
  const b = await viewsBench(browser, url, file, RUNS, HIST_ELEMENTS);
  const node = nodeHistogramThroughput(HIST_ELEMENTS);
  const m = `${HIST_ELEMENTS / 1e6}M`;
  Object.assign(results, {
    'view.heatmap-4096x4096.first-paint': {
      value: median(b.heatmap), unit: 'ms', target: 200, better: 'lower', samples: b.heatmap,
      note: `bytes in memory; request → painted, ${b.cells.heatmap} cells; cold (reading the file too): ${Math.round(b.heatmapCold)} ms`,
    },
    'view.kernels-512x512x3x3.first-paint': {
      value: median(b.kernels), unit: 'ms', target: 300, better: 'lower', samples: b.kernels,
      note: `bytes in memory; one cell per kernel, ${b.cells.kernels} cells; cold: ${Math.round(b.kernelsCold)} ms`,
    },
    [`stats.histogram-${m}.browser-worker`]: {
      value: b.histogram.gbPerS, unit: 'GB/s', target: 1, better: 'higher', samples: [b.histogram.gbPerS],
      note: `float32 statistics + 64 bins in a Web Worker, ${Math.round(b.histogram.ms)} ms`,
    },
    [`stats.histogram-${m}.node`]: {
      value: median(node.fast), unit: 'GB/s', target: 1, better: 'higher', samples: node.fast,
      note: `same code in Node; core/viz/histogram: ${median(node.core).toFixed(2)} GB/s`,
    },
  } satisfies Record<string, Result>);
}

async function forward(browser: Browser, url: string, dir: string): Promise<void> {
  const models: ForwardModel[] = [
    { label: 'LeNet-5 (public/examples/lenet5.pt, whole module, 1×1×28×28)', key: 'lenet5', file: join(ROOT, 'public/examples/lenet5.pt') },
    writeResNet18(dir),
  ];
  const gl = await webglRenderer(browser);
  for (const model of models) {
    for (const m of await measureForward(browser, url, model, RUNS)) {
      const accuracy = m.relError === undefined ? '' : `; max |Δ| to torch ${m.relError.toExponential(1)} of the largest output`;
      results[`forward.${model.key}.${m.requested}`] = {
        value: warmMs(m), unit: 'ms', samples: m.ms.slice(1),
        note: `ran on ${m.ran}${m.ran === 'webgl' ? ` (${gl})` : ''}${m.fellBack ? ` (${m.requested} unavailable, tfjs fell back)` : ''}; input ${m.inputShape}; warm median of ${m.ms.length - 1}, cold ${m.ms[0].toFixed(0)} ms, weights ${median(m.setupMs).toFixed(0)} ms${accuracy}`,
      };
      if (m.relError !== undefined && !(m.relError < 1e-2)) throw new Error(`${model.label} on ${m.ran}: output differs from torch's by ${m.relError} of its largest value`);
    }
  }
}

function openResults(kind: 'pt' | 'h5', size: number, m: OpenMeasure): void {
  const label = `${kind}-${sizeLabel(size)}`;
  const ms = msOf(m);
  results[`open.${label}.drop-to-tree`] = {
    value: median(ms), unit: 'ms', target: 150, better: 'lower', samples: ms,
    note: `${(m.bytes / 1e6).toFixed(0)} MB file; ${describeOpen(m)}`,
  };
  // Reported on its own: the first open of a page starts its worker, and for HDF5 loads h5wasm (4.8 MB).
  results[`open.${label}.first-of-page`] = {
    value: ms[0], unit: 'ms', better: 'lower',
    note: `the first of the runs above, in a page that opened nothing before (no spare worker, ${kind === 'h5' ? 'h5wasm loaded by this open' : 'no library to load'})`,
  };
  results[`heap.${label}.peak-while-opening`] = {
    value: mb(m.heap.withBuffers), unit: 'MB', target: 150, better: 'lower',
    note: `page + workers (${m.heap.isolates.join(', ')}), V8 heap + ArrayBuffers, max of ${m.runs.length} opens (${m.heap.samples} samples); V8 heap alone ${mb(m.heap.jsHeap).toFixed(1)} MB, at rest ${mb(m.heapAtRest).toFixed(1)} MB; renderer RSS +${mb(m.heap.rendererRss - m.rssAtRest).toFixed(0)} MB over rest`,
  };
}

async function openAndConvert(browser: Browser, url: string, dir: string): Promise<void> {
  const smallest: Partial<Record<'pt' | 'h5', number>> = {};
  for (const size of SIZES) {
    const files = { pt: join(dir, `big-${sizeLabel(size)}.pt`), h5: join(dir, `big-${sizeLabel(size)}.h5`) };
    try {
      const t0 = Date.now();
      await writeBigTorch(files.pt, size);
      await writeBigH5(files.h5, size);
      process.stdout.write(`[${sizeLabel(size)} written in ${((Date.now() - t0) / 1000).toFixed(0)} s] `);
      for (const kind of ['pt', 'h5'] as const) {
        if (!SECTIONS.has('open')) break;
        const m = await measureOpen(browser, url, files[kind], RUNS);
        openResults(kind, size, m);
        const ms = median(msOf(m));
        smallest[kind] ??= ms;
        if (size === SIZES[SIZES.length - 1] && SIZES.length > 1) {
          results[`open.${kind}.${sizeLabel(size)}-vs-${sizeLabel(SIZES[0])}`] = {
            value: ms / smallest[kind], unit: '×', target: 10, better: 'lower',
            note: 'drop → tree at the largest size over the smallest: within one order of magnitude',
          };
        }
      }
      if (size === CONVERT_SIZE && SECTIONS.has('convert')) await convert(browser, url, files.pt, size);
    } finally {
      rmSync(files.pt, { force: true });
      rmSync(files.h5, { force: true });
    }
  }
}

async function convert(browser: Browser, url: string, file: string, size: number): Promise<void> {
  const c = await convertBench(browser, url, file, CI ? 1 : 3);
  for (const [format, key] of [['safetensors', 'to-safetensors'], ['pt', 'to-state_dict-pt']] as const) {
    const rates = c[format].map((t) => t.mbPerS);
    const best = c[format].reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
    results[`convert.browser.pt-${sizeLabel(size)}.${key}`] = {
      value: Math.max(...rates), unit: 'MB/s', target: 300, better: 'higher', samples: rates,
      note: `in a Web Worker from the File (Blob reads, portable CRC-32): ${(best.bytes / MIB).toFixed(0)} MiB out in ${(best.ms / 1000).toFixed(2)} s, best of ${rates.length}; output counted, not stored (MiB/s)`,
    };
  }
}

async function main(): Promise<void> {
  const build = ensureBuild(ROOT);
  // other work on the machine moves every number here: the load is recorded with the results
  const loadBefore = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  const server = await preview(ROOT);
  const browser = await launchBrowser();
  console.log(`build ${build}; serving ${server.url}; ${CI ? 'CI (reduced)' : 'full'} run, ${RUNS} runs each; files in ${dir}`);
  try {
    await section('first', () => firstScreen(browser, server.url));
    await section('views', () => views(browser, server.url, dir));
    await section('forward', () => forward(browser, server.url, dir));
    if (SECTIONS.has('open') || SECTIONS.has('convert')) await section(SECTIONS.has('open') ? 'open' : 'convert', () => openAndConvert(browser, server.url, dir));
  } finally {
    await browser.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${table(results)}\n`);
  const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
  console.log(`load average (1 min) at start → end: ${load} on ${cpus().length} cores`);
  mergeResults(OUT, results, { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, node: process.version, mode: CI ? 'ci' : 'full', loadAverage: load });
  console.log(`written to ${OUT}`);
  if (failures.length) {
    console.error(`\n${failures.length} benchmark section(s) failed:\n${failures.join('\n')}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
