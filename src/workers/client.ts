/**
 * Main-thread client of one model worker. Each slot owns one client (one worker), so a file that
 * crashes or hangs its worker can never disturb the other slot. Every call is raced against the
 * worker's own death (onerror) and a watchdog; a dead or timed-out worker is terminated.
 */
import * as Comlink from 'comlink';
import type { ModelDocView, TensorStats } from '../core/model/types';
import type { LayoutChoice, ModelWorkerApi, ProgressFn, TensorPreview, ViewRequest, ViewResult, WarmKind } from './api';

export type { TensorPreview, ProgressFn } from './api';
export type * from './viewTypes';

export const OPEN_TIMEOUT_MS = 60_000;
export const READ_TIMEOUT_MS = 60_000;

/** Why a worker call failed, for the UI to word its message. */
export type WorkerFailure = 'read' | 'cancelled' | 'crash' | 'timeout';

export class WorkerCallError extends Error {
  readonly failure: WorkerFailure;
  constructor(failure: WorkerFailure, message: string) {
    super(message);
    this.name = 'WorkerCallError';
    this.failure = failure;
  }
}

/** Classifies whatever a worker call rejected with. */
export function failureOf(err: unknown): { failure: WorkerFailure; message: string } {
  if (err instanceof WorkerCallError) return { failure: err.failure, message: err.message };
  const name = (err as { name?: string } | null)?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'CancelledError' || name === 'AbortError') return { failure: 'cancelled', message: 'cancelled' };
  return { failure: 'read', message };
}

export interface ModelClient {
  open(file: File, onProgress?: ProgressFn, timeoutMs?: number): Promise<ModelDocView>;
  /**
   * A tensor's statistics; big tensors report progress. The watchdog counts from the last progress
   * report, so a multi-GB tensor that keeps moving is never stopped for taking long.
   */
  tensorStats(name: string, onProgress?: ProgressFn, timeoutMs?: number): Promise<TensorStats>;
  /** Loads these kinds' libraries in the (idle) worker ahead of an open; never fails. */
  warm(kinds: WarmKind[]): void;
  /** Cancels the statistics of one tensor: its calls reject with failure 'cancelled', nothing else is touched. */
  cancelStats(name: string): void;
  applyArchitecture(jsonText: string, timeoutMs?: number): Promise<ModelDocView>;
  tensorPreview(name: string, maxElements: number, timeoutMs?: number): Promise<TensorPreview>;
  tensorView(name: string, request: ViewRequest, timeoutMs?: number): Promise<ViewResult>;
  tensorNpy(name: string, layout: LayoutChoice, timeoutMs?: number): Promise<Uint8Array>;
  tensorBytes(name: string, timeoutMs?: number): ReturnType<ModelWorkerApi['tensorBytes']>;
  /** Aborts what the worker is doing; pending calls reject with failure 'cancelled'. */
  cancel(): void;
  /** Terminates the worker. Pending calls reject with failure 'cancelled'. */
  dispose(): void;
  readonly alive: boolean;
}

export function createModelClient(
  makeWorker: () => Worker = () => new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module', name: 'weightbridge-model' }),
): ModelClient {
  const worker = makeWorker();
  const remote = Comlink.wrap<ModelWorkerApi>(worker);
  let dead: WorkerCallError | null = null;
  const pending = new Set<(e: WorkerCallError) => void>();
  /** the reject functions of the statistics calls in flight, by tensor */
  const statsCalls = new Map<string, Set<(e: WorkerCallError) => void>>();

  const die = (e: WorkerCallError): void => {
    if (dead) return;
    dead = e;
    worker.terminate();
    remote[Comlink.releaseProxy]?.();
    for (const reject of pending) reject(e);
    pending.clear();
  };

  worker.addEventListener('error', (ev: ErrorEvent) => {
    ev.preventDefault();
    const detail = ev.message || 'the worker script failed to load or threw outside a call';
    die(new WorkerCallError('crash', `the reader crashed (${detail})`));
  });
  worker.addEventListener('messageerror', () => {
    die(new WorkerCallError('crash', 'the reader sent data that could not be received'));
  });

  /**
   * Races a remote call against the worker's death and a watchdog. `call` gets a function that
   * restarts the watchdog (progress reports); `tracked` collects the call's reject function so it
   * can be cancelled on its own.
   */
  const guarded = <T>(call: (stillAlive: () => void) => Promise<T>, timeoutMs: number, what: string, tracked?: Set<(e: WorkerCallError) => void>): Promise<T> => {
    if (dead) return Promise.reject(dead);
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const onDeath = (e: WorkerCallError): void => { settle(); reject(e); };
      const settle = (): void => { settled = true; clearTimeout(timer); pending.delete(onDeath); tracked?.delete(onDeath); };
      const arm = (): void => {
        if (settled || !(timeoutMs > 0 && Number.isFinite(timeoutMs))) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          die(new WorkerCallError('timeout', `${what} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
        }, timeoutMs);
      };
      pending.add(onDeath);
      tracked?.add(onDeath);
      arm();
      call(arm).then(
        (v) => { if (!settled) { settle(); resolve(v); } },
        (e: unknown) => { if (!settled) { settle(); reject(e); } },
      );
    });
  };

  return {
    open(file, onProgress, timeoutMs = OPEN_TIMEOUT_MS) {
      const cb = onProgress ? Comlink.proxy(onProgress) : undefined;
      return guarded(() => remote.open(file, cb), timeoutMs, 'reading the file');
    },
    applyArchitecture(jsonText, timeoutMs = READ_TIMEOUT_MS) {
      return guarded(() => remote.applyArchitecture(jsonText), timeoutMs, 'applying the architecture JSON');
    },
    tensorStats(name, onProgress, timeoutMs = READ_TIMEOUT_MS) {
      let calls = statsCalls.get(name);
      if (!calls) statsCalls.set(name, (calls = new Set()));
      const forget = (): void => { if (calls.size === 0 && statsCalls.get(name) === calls) statsCalls.delete(name); };
      const done = guarded((stillAlive) => remote.tensorStats(name, Comlink.proxy((fraction: number, what: string) => {
        stillAlive();
        onProgress?.(fraction, what);
      })), timeoutMs, `computing the statistics of ${name}`, calls);
      done.then(forget, forget);
      return done;
    },
    warm(kinds) {
      if (!dead) remote.warm(kinds).catch(() => undefined);
    },
    cancelStats(name) {
      if (dead) return;
      remote.cancelStats(name).catch(() => undefined);
      const calls = statsCalls.get(name);
      statsCalls.delete(name);
      const e = new WorkerCallError('cancelled', 'cancelled');
      for (const reject of calls ?? []) reject(e);
    },
    tensorPreview(name, maxElements, timeoutMs = READ_TIMEOUT_MS) {
      return guarded(() => remote.tensorPreview(name, maxElements), timeoutMs, `reading ${name}`);
    },
    tensorView(name, request, timeoutMs = READ_TIMEOUT_MS) {
      // comlink's Remote type spreads a union result into a union of promises: name the union again.
      return guarded(() => remote.tensorView(name, request) as Promise<ViewResult>, timeoutMs, `drawing ${name}`);
    },
    tensorBytes(name, timeoutMs = READ_TIMEOUT_MS) {
      return guarded(() => remote.tensorBytes(name), timeoutMs, `reading ${name}`);
    },
    tensorNpy(name, layout, timeoutMs = READ_TIMEOUT_MS) {
      return guarded(() => remote.tensorNpy(name, layout), timeoutMs, `exporting ${name}`);
    },
    cancel() {
      if (dead) return;
      remote.cancel().catch(() => undefined);
      const e = new WorkerCallError('cancelled', 'cancelled');
      for (const reject of pending) reject(e);
      pending.clear();
    },
    dispose() {
      die(new WorkerCallError('cancelled', 'cancelled'));
    },
    get alive() { return dead === null; },
  };
}
