import { parentPort, workerData } from 'node:worker_threads';
import { seedsOf, type Family } from './seeds';
import { makeCase } from './makeCase';
import { runCase, RuleViolation, type CaseOutcome } from './runCase';
import { hdf5Wear } from '../../src/core/formats/hdf5/h5errors';
import { loadH5 } from '../../src/core/formats/hdf5/loader';

/**
 * Runs a range of fuzz cases in a worker thread, so the harness can terminate it when a case
 * hangs (a synchronous loop in JS or wasm cannot be interrupted from the same thread).
 * Messages: 'start' before each case (the watchdog's clock), 'done' or 'failure' after it.
 */
export interface Job { family: Family; seed: number; from: number; to: number; budgetMs: number; warmUp: boolean }

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'start'; index: number; desc: string }
  | { type: 'done'; index: number; outcome: CaseOutcome }
  | { type: 'failure'; index: number; desc: string; kind: string; error: string; fatal?: boolean }
  /** the HDF5 library in this thread is worn by errors (see h5errors.ts): start a fresh worker */
  | { type: 'recycle'; index: number }
  | { type: 'end' };

const job = workerData as Job;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
let current = { index: -1, desc: '(before the first case)' };

function errorText(err: unknown): string {
  if (err instanceof RuleViolation) return err.message; // it already carries the cause's stack
  if (err instanceof Error) return `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 10).join('\n')}`;
  return String(err);
}

// Escapes from a case: reported against the case that was running (or the last one).
process.on('unhandledRejection', (reason) => {
  post({ type: 'failure', index: current.index, desc: current.desc, kind: 'unhandled rejection', error: errorText(reason) });
});
process.on('uncaughtException', (err) => {
  post({ type: 'failure', index: current.index, desc: current.desc, kind: 'uncaught exception', error: errorText(err) });
});

/** An emscripten abort leaves h5wasm unusable in this thread: a finding, and a reason to restart. */
const H5_ABORT = /the HDF5 library stopped on this file/;

/** HDF5 families recycle the worker before the library refuses work (it would change outcomes). */
const USES_HDF5 = job.family === 'keras-h5' || job.family === 'keras-zip';
const RECYCLE_AT = 0.75;

async function worn(): Promise<boolean> {
  return USES_HDF5 && hdf5Wear((await loadH5('esm')).module) > RECYCLE_AT;
}

async function main(): Promise<void> {
  const pickleVm = job.family === 'pickle';
  if (job.warmUp) {
    // Every unmutated seed must open and read cleanly, or the family fuzzes nothing useful.
    for (const s of seedsOf(job.family)) {
      current = { index: -1, desc: `unmutated seed ${s.name}` };
      try {
        const o = await runCase(s.bytes, s.name, { budgetMs: 60_000, pickleVm });
        if ((o.result === 'doc') !== s.opens) throw new RuleViolation(s.opens ? `the seed does not open: ${o.detail}` : 'the seed opens, but is meant to be refused');
      } catch (err) {
        post({ type: 'failure', index: -1, desc: current.desc, kind: 'seed', error: errorText(err) });
      }
    }
  }
  // Loaded before the clock starts, so a fresh (recycled) worker's first case is not charged for it.
  if (USES_HDF5) await loadH5('esm');
  post({ type: 'ready' });
  for (let i = job.from; i < job.to; i++) {
    current = { index: i, desc: '(making the case)' };
    post({ type: 'start', index: i, desc: current.desc });
    try {
      const c = makeCase(job.family, job.seed, i);
      current = { index: i, desc: c.desc };
      post({ type: 'start', index: i, desc: c.desc });
      const outcome = await runCase(c.bytes, c.name, { budgetMs: job.budgetMs, pickleVm });
      if (outcome.result === 'error' && H5_ABORT.test(outcome.detail)) {
        post({ type: 'failure', index: i, desc: current.desc, kind: 'h5wasm abort', error: outcome.detail, fatal: true });
        return;
      }
      post({ type: 'done', index: i, outcome });
      if (await worn()) { post({ type: 'recycle', index: i }); return; }
    } catch (err) {
      post({ type: 'failure', index: i, desc: current.desc, kind: err instanceof RuleViolation ? 'rule' : 'harness', error: errorText(err) });
    }
  }
  post({ type: 'end' });
}

void main();
