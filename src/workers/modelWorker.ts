/// <reference lib="webworker" />
/**
 * Model worker: one per slot. Parses a file with the core readers and keeps the ModelDoc
 * (with its lazy read functions) here; the main thread only ever receives plain data.
 */
import * as Comlink from 'comlink';
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';
import { CancelledError } from '../core/model/errors';
import { DTYPE_SIZE, toNumbers } from '../core/model/dtype';
import { rangeReaderOf } from '../core/model/rangeRead';
import { toView } from '../core/model/view';
import type { ModelDoc, ModelDocView, TensorRef, TensorStats } from '../core/model/types';
import { SLICED_STATS_BYTES, type LayoutChoice, type ModelWorkerApi, type ProgressFn, type TensorPreview, type ViewRequest, type ViewResult, type WarmKind } from './api';
import { warmHdf5 } from './warmHdf5';
import { plainData } from './plainData';
import { withArchitecture } from './architecture';
import { computeView } from './views/computeView';
import { clearDerived, statsOf } from './views/derived';
import { tensorToNpy } from './views/npyExport';
import { transferablesOf } from './views/transfer';
import { tensorBytes } from './tensorBytes';
import { StatsJobs } from './statsJobs';

let doc: ModelDoc | null = null;
let byName = new Map<string, TensorRef>();
let controller = new AbortController();
/** The numbers of the last few tensors read whole (plots; statistics and preview of small tensors), so each is read once. */
const numbersCache = new Map<string, Promise<ArrayLike<number>>>();
const CACHE_SIZE = 2;
const statsJobs = new StatsJobs();

function throttle(fn: ProgressFn | undefined, ms: number): ProgressFn {
  let last = 0;
  return (fraction, what) => {
    const now = performance.now();
    if (!fn || (now - last < ms && fraction < 1)) return;
    last = now;
    // The callback is a comlink proxy: a dropped main thread must not break the read.
    Promise.resolve(fn(fraction, what)).catch(() => undefined);
  };
}

function tensor(name: string): TensorRef {
  if (!doc) throw new Error('no model is open in this slot');
  const t = byName.get(name);
  if (!t) throw new Error(`no tensor named "${name}" in ${doc.fileName}`);
  return t;
}

function numbersOf(t: TensorRef): Promise<ArrayLike<number>> {
  let p = numbersCache.get(t.name);
  if (!p) {
    const signal = controller.signal;
    p = t.read(signal).then((bytes) => toNumbers(t.dtype, bytes));
    p.catch(() => numbersCache.delete(t.name));
    numbersCache.set(t.name, p);
    while (numbersCache.size > CACHE_SIZE) numbersCache.delete(numbersCache.keys().next().value as string);
  }
  return p;
}

/** The first `count` elements' numbers: a prefix read for big tensors whose reader allows ranges, instead of the whole tensor. */
async function firstNumbers(t: TensorRef, count: number): Promise<ArrayLike<number>> {
  const readRange = rangeReaderOf(t);
  const prefix = Math.min(t.byteLength, Math.max(0, count) * DTYPE_SIZE[t.dtype]);
  if (!readRange || numbersCache.has(t.name) || t.byteLength <= SLICED_STATS_BYTES) return numbersOf(t);
  return toNumbers(t.dtype, await readRange(0, prefix, controller.signal));
}

function freshController(): AbortSignal {
  if (controller.signal.aborted) controller = new AbortController();
  return controller.signal;
}

const api: ModelWorkerApi = {
  async open(file: File, onProgress?: ProgressFn): Promise<ModelDocView> {
    doc = null;
    byName = new Map();
    statsJobs.cancelAll();
    numbersCache.clear();
    clearDerived();
    const signal = freshController();
    const next = await openModel(blobSource(file, file.name), { signal, onProgress: throttle(onProgress, 80) });
    if (signal.aborted) throw new CancelledError();
    doc = next;
    byName = new Map(next.tensors.map((t) => [t.name, t]));
    return plainData(toView(next)) as ModelDocView;
  },

  async applyArchitecture(jsonText: string): Promise<ModelDocView> {
    if (!doc) throw new Error('no model is open in this slot');
    const next = await withArchitecture(doc, jsonText);
    // Same tensors, same bytes: the read functions and the numbers cache stay valid.
    doc = next;
    byName = new Map(next.tensors.map((t) => [t.name, t]));
    return plainData(toView(next)) as ModelDocView;
  },

  async tensorStats(name: string, onProgress?: ProgressFn): Promise<TensorStats> {
    freshController();
    const t = tensor(name);
    // Small tensors: one pass over their numbers, which the plots share.
    if (t.byteLength <= SLICED_STATS_BYTES) return { ...statsOf(name, await numbersOf(t)) };
    // Big ones a slice at a time, with progress, cancellable, never reading the whole tensor for it
    // (unless the plots hold its numbers already).
    return { ...(await statsJobs.run(t, () => numbersOf(t), throttle(onProgress, 100), numbersCache.has(name))) };
  },

  async warm(kinds: WarmKind[]): Promise<void> {
    // A failed load is retried (and reported) by the open that needs it.
    if (kinds.includes('hdf5')) await warmHdf5().catch(() => undefined);
  },

  cancelStats(name: string): void {
    statsJobs.cancel(name);
  },

  async tensorPreview(name: string, maxElements: number): Promise<TensorPreview> {
    freshController();
    const t = tensor(name);
    const complex = t.dtype === 'complex64' || t.dtype === 'complex128';
    const nums = await firstNumbers(t, maxElements);
    const n = Math.min(nums.length, Math.max(0, maxElements) * (complex ? 2 : 1));
    const values: number[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = nums[i];
    return { name, dtype: t.dtype, shape: t.shape, values, total: t.numel, complex };
  },

  async tensorView(name: string, request: ViewRequest): Promise<ViewResult> {
    freshController();
    const t = tensor(name);
    const view = computeView(t, await numbersOf(t), request);
    return Comlink.transfer(view, transferablesOf(view));
  },

  async tensorBytes(name: string) {
    const raw = await tensorBytes(tensor(name), freshController());
    return Comlink.transfer(raw, [raw.bytes.buffer as ArrayBuffer]);
  },

  async tensorNpy(name: string, layout: LayoutChoice): Promise<Uint8Array> {
    const signal = freshController();
    const t = tensor(name);
    const npy = tensorToNpy(t, await t.read(signal), layout);
    return Comlink.transfer(npy, [npy.buffer as ArrayBuffer]);
  },

  cancel(): void {
    controller.abort();
    statsJobs.cancelAll();
    numbersCache.clear();
    clearDerived();
  },
};

Comlink.expose(api);
