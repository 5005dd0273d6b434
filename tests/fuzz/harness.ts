import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, it } from 'vitest';
import type { Family } from './seeds';
import type { Job, WorkerMessage } from './worker';

/**
 * Runs one family's cases in a worker thread under a watchdog, and turns findings into a failed
 * test with everything needed to replay them.
 *
 * Environment:
 *   FUZZ_CASES   cases per family (default 2,000; `npm run fuzz` uses 10,000)
 *   FUZZ_SEED    base seed (default 1 under `npm test`, so CI is repeatable; `npm run fuzz` picks one)
 *   FUZZ_FROM    first case index (default 0): replay case N with FUZZ_FROM=N FUZZ_CASES=1
 *   FUZZ_FAMILY  run only this family (comma-separated list allowed)
 *   FUZZ_CASE_MS per-case budget in ms (default 2,000)
 *   FUZZ_VERBOSE print the most frequent outcomes of each family (what the mutations reach)
 *   FUZZ_THREADS families run at once (default: the machine's cores)
 */
export interface FuzzConfig { family: Family; seed: number; from: number; count: number; budgetMs: number }

export interface Finding { index: number; desc: string; kind: string; error: string }

export interface FamilyReport {
  config: FuzzConfig;
  cases: number;
  docs: number;
  errors: number;
  readFailures: number;
  /** the first MAX_FINDINGS findings */
  findings: Finding[];
  findingCount: number;
  seconds: number;
  slowestMs: number;
  slowestIndex: number;
  /** how often each kind of outcome happened (numbers and quoted names folded), for tuning */
  outcomes: Map<string, number>;
  /** fresh workers started because the HDF5 library was worn by errors (not findings) */
  recycles: number;
}

const env = (k: string): string | undefined => process.env[k]?.trim() || undefined;
const intEnv = (k: string, dflt: number): number => {
  const v = env(k);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${k}=${v} is not a non-negative integer`);
  return n;
};

export function fuzzConfig(family: Family): FuzzConfig {
  return { family, seed: intEnv('FUZZ_SEED', 1) >>> 0, from: intEnv('FUZZ_FROM', 0), count: intEnv('FUZZ_CASES', 2000), budgetMs: intEnv('FUZZ_CASE_MS', 2000) };
}

const STARTUP_MS = 60_000;     // tsx, the readers and h5wasm load, then every seed opens once
const GRACE_MS = 1000;         // message latency and GC on a busy machine, on top of the budget
const MAX_RESTARTS = 25;
const MAX_FINDINGS = 30;

const BOOT = new URL('./workerBoot.mjs', import.meta.url);

/** Runs cases [from, to) in one worker; resolves with the index to resume from (or `to`). */
function runWorker(job: Job, report: FamilyReport): Promise<{ resumeAt: number; recycled: boolean }> {
  return new Promise((resolve) => {
    const worker = new Worker(BOOT, { workerData: job, execArgv: [], stdout: false, stderr: false });
    let started: { index: number; desc: string; at: number } | undefined;
    let readyBy = Date.now() + STARTUP_MS;
    let next = job.from;
    let settled = false;
    const finish = (resumeAt: number, recycled = false): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void worker.terminate();
      resolve({ resumeAt, recycled });
    };
    const add = (f: Finding): void => { if (report.findingCount++ < MAX_FINDINGS) report.findings.push(f); };
    const timer = setInterval(() => {
      const now = Date.now();
      if (!started && readyBy && now > readyBy) {
        add({ index: next, desc: '(worker start-up)', kind: 'hang', error: `the worker did not start within ${STARTUP_MS / 1000} s` });
        finish(job.to);
      } else if (started && now - started.at > job.budgetMs + GRACE_MS) {
        add({ index: started.index, desc: started.desc, kind: 'hang', error: `no result after ${now - started.at} ms (budget ${job.budgetMs} ms): the worker was terminated` });
        report.cases++;
        finish(started.index + 1);
      }
    }, 100);
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'ready': readyBy = 0; break;
        case 'start': started = { index: m.index, desc: m.desc, at: Date.now() }; break;
        case 'done': {
          started = undefined;
          next = m.index + 1;
          report.cases++;
          if (m.outcome.result === 'doc') report.docs++; else report.errors++;
          const key = `${m.outcome.result}: ${m.outcome.detail.replace(/"[^"]*"|'[^']*'/g, '…').replace(/\d+/g, 'N').slice(0, 90)}`;
          report.outcomes.set(key, (report.outcomes.get(key) ?? 0) + 1);
          report.readFailures += m.outcome.readFailures;
          if (m.outcome.ms > report.slowestMs) { report.slowestMs = m.outcome.ms; report.slowestIndex = m.index; }
          break;
        }
        case 'failure':
          add({ index: m.index, desc: m.desc, kind: m.kind, error: m.error });
          if (m.index >= 0 && started?.index === m.index) { started = undefined; next = m.index + 1; report.cases++; }
          if (m.fatal) finish(m.index + 1);
          break;
        case 'recycle': report.recycles++; finish(m.index + 1, true); break;
        case 'end': finish(job.to); break;
      }
    });
    worker.on('error', (err) => {
      add({ index: started?.index ?? next, desc: started?.desc ?? '(between cases)', kind: 'worker crash', error: `${err.name}: ${err.message}\n${err.stack ?? ''}` });
      if (started) report.cases++;
      finish(started ? started.index + 1 : next);
    });
    worker.on('exit', (code) => {
      if (!settled) {
        add({ index: started?.index ?? next, desc: started?.desc ?? '(between cases)', kind: 'worker exit', error: `the worker exited with code ${code}` });
        if (started) report.cases++;
        finish(started ? started.index + 1 : next);
      }
    });
  });
}

export async function runFamily(config: FuzzConfig): Promise<FamilyReport> {
  const t0 = Date.now();
  const report: FamilyReport = { config, cases: 0, docs: 0, errors: 0, readFailures: 0, findings: [], findingCount: 0, seconds: 0, slowestMs: 0, slowestIndex: -1, outcomes: new Map(), recycles: 0 };
  const to = config.from + config.count;
  let from = config.from;
  for (let restarts = 0, first = true; from < to; first = false) {
    if (restarts > MAX_RESTARTS) {
      report.findings.push({ index: from, desc: '', kind: 'gave up', error: `more than ${MAX_RESTARTS} worker restarts after findings` });
      report.findingCount++;
      break;
    }
    const r = await runWorker({ family: config.family, seed: config.seed, from, to, budgetMs: config.budgetMs, warmUp: first }, report);
    from = r.resumeAt;
    if (!r.recycled) restarts++;
  }
  report.seconds = (Date.now() - t0) / 1000;
  return report;
}

export function replayHint(c: FuzzConfig, index?: number): string {
  const one = index === undefined ? '' : ` FUZZ_FROM=${index} FUZZ_CASES=1`;
  return `FUZZ_SEED=${c.seed} FUZZ_FAMILY=${c.family}${one} npm run fuzz`;
}

export function formatReport(r: FamilyReport): string {
  const c = r.config;
  const lines = [
    `[fuzz] ${c.family}: ${r.cases} cases (${c.from}–${c.from + c.count - 1}, seed ${c.seed}) in ${r.seconds.toFixed(1)} s — ` +
    `${r.docs} documents, ${r.errors} ReadErrors, ${r.readFailures} tensor reads refused; slowest case ${Math.round(r.slowestMs)} ms (#${r.slowestIndex}); ` +
    `${r.recycles ? `${r.recycles} HDF5 recycles; ` : ''}${r.findingCount} finding(s)${r.findingCount > r.findings.length ? ` (first ${r.findings.length} shown)` : ''}`,
  ];
  if (env('FUZZ_VERBOSE')) {
    const top = [...r.outcomes].sort((a, b) => b[1] - a[1]).slice(0, 12);
    lines.push(...top.map(([k, n]) => `    ${String(n).padStart(6)}  ${k}`));
  }
  for (const f of r.findings) {
    lines.push(`  ✗ ${f.kind} — seed ${c.seed}, case ${f.index}: ${f.desc}`, `    replay: ${replayHint(c, f.index)}`,
      ...f.error.split('\n').slice(0, 12).map((l) => `    ${l}`));
  }
  return lines.join('\n');
}

/**
 * At most this many families run at once (one worker thread each): vitest may run this file
 * alone on a small machine, so the families share the cores among themselves.
 */
const THREADS = Math.max(1, intEnv('FUZZ_THREADS', availableParallelism()));
let running = 0;
const waiting: (() => void)[] = [];

async function withThread<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= THREADS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** One concurrent vitest test per family (skipped when FUZZ_FAMILY names others). */
export function fuzzFamilyTests(families: readonly { family: Family; msPerCase: number }[]): void {
  const only = env('FUZZ_FAMILY')?.split(',').map((s) => s.trim());
  const total = families.reduce((n, f) => n + STARTUP_MS + fuzzConfig(f.family).count * f.msPerCase * 4, 60_000);
  describe.concurrent('fuzz', () => {
    for (const { family } of families) {
      const config = fuzzConfig(family);
      it.skipIf(!!only && !only.includes(family))(
        `${family}: ${config.count} mutated files end in a document or a named error, within ${config.budgetMs} ms each`,
        async ({ expect }) => {
          const report = await withThread(() => {
            console.log(`[fuzz] ${family}: seed ${config.seed}, cases ${config.from}–${config.from + config.count - 1} (replay: ${replayHint(config)})`);
            return runFamily(config);
          });
          console.log(formatReport(report));
          expect(report.findingCount, formatReport(report)).toBe(0);
          expect(report.cases).toBe(config.count);
        },
        total,
      );
    }
  });
}
