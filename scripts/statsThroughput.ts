/**
 * Statistics + 64-bin histogram throughput of src/workers/views/fastStats.ts, in a Chromium Web
 * Worker (the same probe as `npm run bench`'s stats.histogram-100M, without building the app) and
 * in Node. Usage: npx tsx scripts/statsThroughput.ts [elements=1e8] [runs=5]
 */
import { build, type Rolldown } from 'vite';
import { chromium } from '@playwright/test';
import { fastBins, fastStats } from '../src/workers/views/fastStats';

const elements = Number(process.argv[2] ?? 1e8);
const runs = Number(process.argv[3] ?? 5);
const gbps = (ms: number): number => (elements * 4) / (ms / 1000) / 1e9;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function inChromium(): Promise<number[]> {
  // The worker as one classic script, built the way the app builds it (minified, es2022).
  const out = await build({
    configFile: false, logLevel: 'silent',
    build: { write: false, target: 'es2022', lib: { entry: 'src/workers/benchWorker.ts', formats: ['iife'], name: 'benchWorker' } },
  }) as Rolldown.RolldownOutput[];
  const code = out[0].output[0].code;
  const browser = await chromium.launch({ executablePath: process.env.WEIGHTBRIDGE_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const out: number[] = [];
    // A fresh worker per run, as the app's probe does: nothing learnt by the JIT carries over.
    for (let k = 0; k < runs; k++) {
      const ms = await page.evaluate(async ([src, n]) => {
        const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        w.postMessage({ elements: n });
        const r = await new Promise<{ ms?: number; error?: string }>((res) => { w.onmessage = (e) => res(e.data); w.onerror = (e) => res({ error: e.message }); });
        w.terminate();
        if (r.error !== undefined) throw new Error(r.error);
        return r.ms as number;
      }, [code, elements] as const);
      out.push(gbps(ms));
    }
    return out;
  } finally {
    await browser.close();
  }
}

function inNode(): number[] {
  const v = new Float32Array(elements);
  let s = 12345;
  for (let i = 0; i < elements; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; v[i] = s / 4294967296 - 0.5; }
  const warm = v.subarray(0, 1 << 20);
  fastBins(warm, fastStats(warm), 64);
  const out: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const h = fastBins(v, fastStats(v), 64);
    out.push(gbps(performance.now() - t0));
    if (h.counts.reduce((a, b) => a + b, 0) !== elements) throw new Error('the histogram lost values');
  }
  return out;
}

const fmt = (xs: number[]): string => `median ${median(xs).toFixed(2)} GB/s  [${xs.map((x) => x.toFixed(2)).join(', ')}]`;
console.log(`float32 statistics + 64 bins over ${elements.toExponential(0)} elements, ${runs} runs`);
console.log(`Chromium worker: ${fmt(await inChromium())}`);
console.log(`Node:            ${fmt(inNode())}`);
