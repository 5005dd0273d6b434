import { DTYPE_SIZE } from '../../model/dtype';
import { throwIfAborted } from '../../model/errors';
import { isContiguous, product, type TensorSpec } from './storage';

/**
 * Bytes of a tensor as contiguous little-endian row-major values: one range read for
 * contiguous tensors, a gather over the covering range for strided views.
 */
export async function readTensorBytes(spec: TensorSpec, bigEndian: boolean, signal?: AbortSignal): Promise<Uint8Array> {
  throwIfAborted(signal);
  const item = DTYPE_SIZE[spec.dtype];
  const numel = product(spec.shape);
  if (numel === 0) return new Uint8Array(0);
  let out: Uint8Array;
  if (isContiguous(spec.shape, spec.stride)) {
    out = await spec.storage.read(spec.offset * item, numel * item);
    if (bigEndian) out = out.slice();
  } else {
    let span = 1;
    for (let i = 0; i < spec.shape.length; i++) span += (spec.shape[i] - 1) * spec.stride[i];
    const src = await spec.storage.read(spec.offset * item, span * item);
    out = gather(src, spec.shape, spec.stride, item, numel);
  }
  if (bigEndian && item > 1) swapBytes(out, item);
  return out;
}

function gather(src: Uint8Array, shape: number[], stride: number[], item: number, numel: number): Uint8Array {
  const out = new Uint8Array(numel * item);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  let srcElem = 0;
  for (let n = 0; n < numel; n++) {
    out.set(src.subarray(srcElem * item, srcElem * item + item), n * item);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      srcElem += stride[d];
      if (idx[d] < shape[d]) break;
      srcElem -= stride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

function swapBytes(b: Uint8Array, item: number): void {
  for (let i = 0; i < b.length; i += item) {
    for (let a = i, z = i + item - 1; a < z; a++, z--) {
      const t = b[a]; b[a] = b[z]; b[z] = t;
    }
  }
}
