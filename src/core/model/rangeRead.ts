import { FormatError, throwIfAborted } from './errors';
import type { TensorRef } from './types';

/**
 * Bytes [byteOffset, byteOffset + byteLength) of a tensor's contiguous little-endian row-major
 * value bytes — the same bytes `read()` returns, a slice at a time — so a 1 GB tensor can be
 * reduced in bounded memory.
 */
export type RangeRead = (byteOffset: number, byteLength: number, signal?: AbortSignal) => Promise<Uint8Array>;

/**
 * Keyed by the tensor's read function rather than the TensorRef: documents copy their refs
 * (`{ ...t, layout }` when an architecture is applied) and the copies share that function. Kept
 * beside TensorRef instead of on it so that plain-data views of a document never carry it.
 */
const ranges = new WeakMap<TensorRef['read'], RangeRead>();

/**
 * Declares that `read` returns bytes that can also be read a range at a time. Readers call this
 * only where a range costs a range (a stored entry, raw file bytes, no gather or byte swap).
 */
export function allowRangeReads(read: TensorRef['read'], byteLength: number, readRange: RangeRead): void {
  ranges.set(read, (byteOffset, length, signal) => {
    throwIfAborted(signal);
    if (!Number.isSafeInteger(byteOffset) || !Number.isSafeInteger(length) || byteOffset < 0 || length < 0 || byteOffset + length > byteLength) {
      return Promise.reject(new FormatError(`bytes ${byteOffset}–${byteOffset + length} are outside the tensor's ${byteLength}`));
    }
    return readRange(byteOffset, length, signal);
  });
}

/** The tensor's range reader, or undefined when only whole reads are possible (HDF5, strided views, big-endian files). */
export function rangeReaderOf(t: Pick<TensorRef, 'read'>): RangeRead | undefined {
  return ranges.get(t.read);
}
