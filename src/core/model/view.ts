import { countsAsParams, type DType } from './dtype';
import type { ModelDoc, ModelDocView, TensorInfo, TensorRef } from './types';

export function tensorInfo(t: TensorRef): TensorInfo {
  const { read: _read, ...info } = t;
  return info;
}

/** The plain-data view of a document that crosses the worker boundary and feeds the UI. */
export function toView(doc: ModelDoc): ModelDocView {
  const tensors = doc.tensors.map(tensorInfo);
  let totalParams = 0;
  const bytesByDtype: Partial<Record<DType, number>> = {};
  for (const t of tensors) {
    if (t.tiedTo) continue;
    if (t.group === 'model' && countsAsParams(t.dtype)) totalParams += t.numel;
    bytesByDtype[t.dtype] = (bytesByDtype[t.dtype] ?? 0) + t.byteLength;
  }
  return { ...doc, tensors, totalParams, bytesByDtype };
}

export function numelOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
