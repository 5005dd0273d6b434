/**
 * A tensor's stored bytes for another worker (the mapping view's comparisons): read here, where
 * the document and its read functions live, and transferred rather than copied.
 */
import type { TensorRef } from '../core/model/types';
import type { RawTensor } from './mappingApi';

/** Tensors larger than this are not sent for comparison: heatmaps of them would be mostly reduction. */
export const MAX_COMPARE_BYTES = 128 * 1024 * 1024;

export async function tensorBytes(t: TensorRef, signal?: AbortSignal): Promise<RawTensor> {
  if (t.byteLength > MAX_COMPARE_BYTES) {
    throw new Error(`${t.name} is ${Math.round(t.byteLength / 2 ** 20)} MiB: too large to compare in the tab (limit ${MAX_COMPARE_BYTES / 2 ** 20} MiB)`);
  }
  const read = await t.read(signal);
  // A copy: the read may be a view into a larger or cached buffer, which transferring would detach.
  const bytes = read.slice();
  return { name: t.name, dtype: t.dtype, shape: [...t.shape], bytes };
}
