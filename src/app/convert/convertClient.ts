/**
 * Main-thread side of the convert worker: started on the first conversion (tfjs and the writers
 * never load on the first screen). Cancel terminates the worker, which stops a conversion or a
 * check wherever it is; the next job starts a fresh one.
 */
import * as Comlink from 'comlink';
import type { ConvertJob, ConvertReply, ConvertStep, ConvertWorkerApi } from './convertApi';

interface Live { worker: Worker; remote: Comlink.Remote<ConvertWorkerApi>; fail: ((e: Error) => void) | null }
let live: Live | null = null;

function start(): Live {
  const worker = new Worker(new URL('../../workers/convertWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-convert' });
  const l: Live = { worker, remote: Comlink.wrap<ConvertWorkerApi>(worker), fail: null };
  worker.addEventListener('error', (ev: ErrorEvent) => {
    ev.preventDefault();
    stop(l, new Error(`the convert worker stopped (${ev.message || 'it failed to load or ran out of memory'})`));
  });
  return l;
}

function stop(l: Live, why: Error): void {
  l.worker.terminate();
  l.fail?.(why);
  l.fail = null;
  if (live === l) live = null;
}

export class ConvertCancelled extends Error {
  constructor() { super('cancelled'); this.name = 'ConvertCancelled'; }
}

/** Runs one job; one at a time (the view disables Convert while a job runs). */
export function runConvert(job: ConvertJob, onStep: (s: ConvertStep) => void): Promise<ConvertReply> {
  const l = (live ??= start());
  return new Promise<ConvertReply>((resolve, reject) => {
    l.fail = reject;
    l.remote.convert(job, Comlink.proxy(onStep)).then(
      (r) => { l.fail = null; resolve(r); },
      (e: unknown) => { l.fail = null; reject(e instanceof Error ? e : new Error(String(e))); },
    );
  });
}

/** Stops the running job: its promise rejects with ConvertCancelled. */
export function cancelConvert(): void {
  if (live) stop(live, new ConvertCancelled());
}

/** Frees a job's stored output (in the worker that wrote it, or a new one: storage is per page). */
export function discardOutput(session: string, id: number): void {
  const l = (live ??= start());
  l.remote.discard(session, id).catch(() => undefined);
}
