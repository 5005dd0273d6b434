/**
 * The statistics runs of one model worker, one per tensor at most: a second request for the same
 * tensor (the panel re-rendered, the tensor selected again) joins the run in flight and hears its
 * progress too. A run can be cancelled on its own, leaving the document and every other request
 * alone, or with everything else when the slot's work is cancelled.
 */
import { CancelledError } from '../core/model/errors';
import type { TensorRef, TensorStats } from '../core/model/types';
import type { ProgressFn } from './api';
import { chunkedStats } from './views/chunkedStats';
import { knownStats, rememberStats, type Numbers } from './views/derived';

interface Job {
  controller: AbortController;
  result: Promise<TensorStats>;
  listeners: Set<(fraction: number) => void>;
}

export class StatsJobs {
  private readonly jobs = new Map<string, Job>();

  /**
   * Joins or starts the run for `t`. `wholeNumbers` serves readers without byte ranges, and is
   * walked instead of the file when `inMemory` says the plots hold the numbers already.
   */
  async run(t: TensorRef, wholeNumbers: () => Promise<Numbers>, onProgress?: ProgressFn, inMemory = false): Promise<TensorStats> {
    const known = knownStats(t.name);
    if (known) return known;
    const job = this.jobs.get(t.name) ?? this.start(t, wholeNumbers, inMemory);
    const listener = (fraction: number): void => report(onProgress, fraction);
    job.listeners.add(listener);
    try {
      return await job.result;
    } finally {
      job.listeners.delete(listener);
    }
  }

  /** Stops the run for `name`; its callers reject with a CancelledError. */
  cancel(name: string): void {
    const job = this.jobs.get(name);
    if (!job) return;
    this.jobs.delete(name);
    job.controller.abort();
  }

  cancelAll(): void {
    for (const name of [...this.jobs.keys()]) this.cancel(name);
  }

  private start(t: TensorRef, wholeNumbers: () => Promise<Numbers>, inMemory: boolean): Job {
    const controller = new AbortController();
    const listeners = new Set<(fraction: number) => void>();
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
    });
    aborted.catch(() => undefined);
    const work = chunkedStats(t, {
      signal: controller.signal,
      wholeNumbers,
      inMemory,
      finishedElsewhere: () => knownStats(t.name),
      onProgress: (fraction) => { for (const l of listeners) l(fraction); },
    });
    // A cancel answers at once, even while a slice is still being read.
    const result = Promise.race([work, aborted]).then((s) => rememberStats(t.name, s));
    const job: Job = { controller, result, listeners };
    this.jobs.set(t.name, job);
    const forget = (): void => { if (this.jobs.get(t.name) === job) this.jobs.delete(t.name); };
    result.then(forget, forget);
    work.catch(() => undefined);
    return job;
  }
}

/** The callback is a comlink proxy: a main thread that went away must not break the run. */
function report(fn: ProgressFn | undefined, fraction: number): void {
  if (!fn) return;
  Promise.resolve(fn(fraction, 'statistics')).catch(() => undefined);
}
