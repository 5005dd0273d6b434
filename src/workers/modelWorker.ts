/// <reference lib="webworker" />
/**
 * Model worker: one per slot. Parses a file with the core readers and keeps the ModelDoc
 * (with its lazy read functions) here; the main thread only ever receives plain data.
 */
import * as Comlink from 'comlink';
import { openModel } from '../core/formats/registry';
import { blobSource } from '../core/io/byteSource';
import { CancelledError } from '../core/model/errors';
import { toNumbers } from '../core/model/dtype';
import { toView } from '../core/model/view';
import type { ModelDoc, ModelDocView, TensorRef, TensorStats } from '../core/model/types';
import type { LayoutChoice, ModelWorkerApi, ProgressFn, TensorPreview, ViewRequest, ViewResult } from './api';
import { plainData } from './plainData';
import { withArchitecture } from './architecture';
import { computeView } from './views/computeView';
import { clearDerived, statsOf } from './views/derived';
import { tensorToNpy } from './views/npyExport';
import { transferablesOf } from './views/transfer';
import { tensorBytes } from './tensorBytes';

let doc: ModelDoc | null = null;
let byName = new Map<string, TensorRef>();
let controller = new AbortController();
/** The numbers of the last few tensors read, so stats and preview of one tensor read it once. */
const numbersCache = new Map<string, Promise<ArrayLike<number>>>();
const CACHE_SIZE = 2;

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

function freshController(): AbortSignal {
  if (controller.signal.aborted) controller = new AbortController();
  return controller.signal;
}

const api: ModelWorkerApi = {
  async open(file: File, onProgress?: ProgressFn): Promise<ModelDocView> {
    doc = null;
    byName = new Map();
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

  async tensorStats(name: string): Promise<TensorStats> {
    freshController();
    // Shared with the plots' colour domains: a big tensor is walked once for both.
    return { ...statsOf(name, await numbersOf(tensor(name))) };
  },

  async tensorPreview(name: string, maxElements: number): Promise<TensorPreview> {
    freshController();
    const t = tensor(name);
    const complex = t.dtype === 'complex64' || t.dtype === 'complex128';
    const nums = await numbersOf(t);
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
    numbersCache.clear();
    clearDerived();
  },
};

Comlink.expose(api);
