/**
 * A time budget for work on one file. Readers never loop without bound by design, but a damaged
 * file can still make a library (h5wasm) or a slow disk take for ever; the user gets a sentence
 * instead of a frozen command.
 *
 * Only asynchronous waiting can be cut short this way: a timer cannot fire while the same thread
 * is stuck in a synchronous loop (wasm included). Callers that must survive those run the work in
 * a thread they can terminate — the UI's worker (src/workers/client.ts) and the CLI
 * (src/cli/main.ts) do — and use this for the deadline itself.
 */
export class TimeoutError extends Error {
  readonly ms: number;
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${formatSeconds(ms)} and was stopped (the file may be damaged, or too large for this machine)`);
    this.name = 'TimeoutError';
    this.ms = ms;
  }
}

function formatSeconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * Settles like `work`, or rejects with a TimeoutError after `ms` milliseconds. Given a function,
 * it passes an AbortSignal that is aborted at the deadline, so cooperative work (openModel's
 * `signal`, a worker to terminate) stops too. `ms` ≤ 0 or Infinity means no budget.
 */
export function withTimeBudget<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>), ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  const promise = typeof work === 'function' ? work(controller.signal) : work;
  if (!(ms > 0) || ms === Infinity) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new TimeoutError(what, ms);
      controller.abort(err);
      reject(err);
    }, ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e); },
    );
  });
}
