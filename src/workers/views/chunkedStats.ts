/**
 * Statistics of a tensor too big to walk in one go: its bytes are read a slice at a time (when its
 * reader allows byte ranges) and reduced into one StatsAccumulator, so memory stays at two slices
 * whatever the tensor's size, the caller hears how far it got, and an abort stops it between
 * slices. The result is bit-identical to fastStats over the whole tensor (same sums, same order).
 */
import { DTYPE_SIZE, toNumbers } from '../../core/model/dtype';
import { throwIfAborted } from '../../core/model/errors';
import { rangeReaderOf } from '../../core/model/rangeRead';
import type { TensorRef, TensorStats } from '../../core/model/types';
import type { Numbers } from './derived';
import { SLICED_STATS_BYTES } from '../api';
import { accumulateStats, finishStats, newStatsAccumulator } from './fastStats';


export interface ChunkedStatsOptions {
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** the tensor's numbers, for readers without byte ranges (HDF5, strided torch views), shared with the plots */
  wholeNumbers: () => Promise<Numbers>;
  /** the numbers are in memory already (the plots read them): walk those rather than read the file again */
  inMemory?: boolean;
  /** statistics someone else finished meanwhile (the plots compute them too): checked between slices */
  finishedElsewhere?: () => TensorStats | undefined;
  sliceBytes?: number;
}

export async function chunkedStats(t: TensorRef, opts: ChunkedStatsOptions): Promise<TensorStats> {
  const { signal, onProgress, finishedElsewhere } = opts;
  const item = DTYPE_SIZE[t.dtype];
  // Whole elements per slice (complex ones too), so no value straddles two slices.
  const slice = Math.max(item, Math.floor((opts.sliceBytes ?? SLICED_STATS_BYTES) / item) * item);
  const acc = newStatsAccumulator();
  const readRange = opts.inMemory ? undefined : rangeReaderOf(t);
  if (readRange) {
    const total = t.byteLength;
    const readAt = (offset: number): Promise<Uint8Array> => readRange(offset, Math.min(slice, total - offset), signal);
    let next = total > 0 ? readAt(0) : null;
    for (let offset = 0; next; offset += slice) {
      const bytes = await next;
      throwIfAborted(signal);
      // The next slice is read from disk while this one is reduced.
      next = offset + slice < total ? readAt(offset + slice) : null;
      accumulateStats(acc, toNumbers(t.dtype, bytes));
      onProgress?.(Math.min(1, (offset + bytes.length) / total));
      const done = finishedElsewhere?.();
      if (done) { next?.catch(() => undefined); return done; }
    }
    return finishStats(acc);
  }
  const numbers = await opts.wholeNumbers();
  throwIfAborted(signal);
  const step = Math.max(1, Math.floor(slice / item));
  for (let i = 0; i < numbers.length; i += step) {
    accumulateStats(acc, part(numbers, i, Math.min(numbers.length, i + step)));
    onProgress?.(Math.min(1, (i + step) / numbers.length));
    // Nothing else awaits here: give a cancel (or another request) its turn.
    await nextTask();
    throwIfAborted(signal);
  }
  return finishStats(acc);
}

function part(values: Numbers, a: number, b: number): Numbers {
  const v = values as Float32Array;
  return typeof v.subarray === 'function' ? v.subarray(a, b) : Array.prototype.slice.call(values, a, b);
}

/** A macrotask without setTimeout's 4 ms clamp on nested calls. */
function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
    ch.port2.postMessage(null);
  });
}
