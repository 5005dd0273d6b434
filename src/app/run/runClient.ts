/**
 * Main-thread side of the run worker: started on the first Run-mode call (so tfjs never loads on
 * the first screen); a worker that crashes or is cancelled is replaced on the next call.
 */
import * as Comlink from 'comlink';
import type { RunWorkerApi } from './runApi';

let live: { worker: Worker; remote: Comlink.Remote<RunWorkerApi>; dead: Error | null; pending: Set<(e: Error) => void> } | null = null;

function start(): NonNullable<typeof live> {
  const worker = new Worker(new URL('../../workers/runWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-run' });
  const l: NonNullable<typeof live> = { worker, remote: Comlink.wrap<RunWorkerApi>(worker), dead: null, pending: new Set() };
  worker.addEventListener('error', (ev: ErrorEvent) => {
    ev.preventDefault();
    l.dead = new Error(`the run worker stopped (${ev.message || 'it failed to load or crashed'})`);
    worker.terminate();
    for (const reject of l.pending) reject(l.dead);
    l.pending.clear();
    if (live === l) live = null;
  });
  return l;
}

/** Why a call rejected when the user pressed Cancel. */
export class RunCancelled extends Error {
  constructor() { super('cancelled'); this.name = 'RunCancelled'; }
}

/**
 * Stops everything the run worker is doing: a tfjs forward pass cannot be interrupted from inside,
 * so the worker is terminated and the next call starts a new one (which reads the models again).
 */
export function cancelRunWork(): void {
  const l = live;
  if (!l) return;
  live = null;
  l.dead = new RunCancelled();
  l.worker.terminate();
  for (const reject of l.pending) reject(l.dead);
  l.pending.clear();
}

/** One call on the live worker; rejects instead of hanging when the worker dies meanwhile. */
export function runCall<T>(fn: (r: Comlink.Remote<RunWorkerApi>) => Promise<T>): Promise<T> {
  const l = (live ??= start());
  return new Promise<T>((resolve, reject) => {
    if (l.dead) { reject(l.dead); return; }
    l.pending.add(reject);
    fn(l.remote).then((v) => { l.pending.delete(reject); resolve(v); }, (e: unknown) => { l.pending.delete(reject); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}
