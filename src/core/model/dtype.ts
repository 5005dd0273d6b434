/** Element types a tensor can have, named as numpy/torch name them. */
export type DType =
  | 'float64' | 'float32' | 'float16' | 'bfloat16'
  | 'int64' | 'int32' | 'int16' | 'int8'
  | 'uint64' | 'uint32' | 'uint16' | 'uint8'
  | 'bool' | 'complex64' | 'complex128'
  | 'qint8' | 'quint8' | 'qint32';

export const DTYPE_SIZE: Record<DType, number> = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2,
  int64: 8, int32: 4, int16: 2, int8: 1,
  uint64: 8, uint32: 4, uint16: 2, uint8: 1,
  bool: 1, complex64: 8, complex128: 16,
  qint8: 1, quint8: 1, qint32: 4,
};

export function isFloat(d: DType): boolean {
  return d === 'float64' || d === 'float32' || d === 'float16' || d === 'bfloat16';
}

/** Decode IEEE half precision. */
export function halfToFloat(h: number): number {
  const s = (h & 0x8000) ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));
export function bfloat16ToFloat(b: number): number {
  bf16Scratch.setUint32(0, b << 16);
  return bf16Scratch.getFloat32(0);
}

/**
 * Numbers of a tensor for statistics and display. Bytes are contiguous little-endian, so
 * typed arrays are used directly where the platform is little-endian (every browser and Node we run on).
 * 64-bit integers become float64 (exact up to 2^53, enough for display and stats).
 */
export function toNumbers(dtype: DType, bytes: Uint8Array): ArrayLike<number> {
  const buf = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const ab = buf.buffer, off = buf.byteOffset, n = buf.byteLength / DTYPE_SIZE[dtype];
  switch (dtype) {
    case 'float64': return new Float64Array(ab, off, n);
    case 'float32': return new Float32Array(ab, off, n);
    case 'int32': case 'qint32': return new Int32Array(ab, off, n);
    case 'int16': return new Int16Array(ab, off, n);
    case 'int8': case 'qint8': return new Int8Array(ab, off, n);
    case 'uint32': return new Uint32Array(ab, off, n);
    case 'uint16': return new Uint16Array(ab, off, n);
    case 'uint8': case 'quint8': case 'bool': return new Uint8Array(ab, off, n);
    case 'int64': case 'uint64': {
      const src = dtype === 'int64' ? new BigInt64Array(ab, off, n) : new BigUint64Array(ab, off, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Number(src[i]);
      return out;
    }
    case 'float16': case 'bfloat16': {
      const src = new Uint16Array(ab, off, n);
      const out = new Float32Array(n);
      const conv = dtype === 'float16' ? halfToFloat : bfloat16ToFloat;
      for (let i = 0; i < n; i++) out[i] = conv(src[i]);
      return out;
    }
    case 'complex64': return new Float32Array(ab, off, n * 2);
    case 'complex128': return new Float64Array(ab, off, n * 2);
  }
}

/** Whether a tensor of this type counts as parameters (integer counters such as num_batches_tracked do not). */
export function countsAsParams(d: DType): boolean {
  return !(d.startsWith('int') || d.startsWith('uint') || d === 'bool');
}
