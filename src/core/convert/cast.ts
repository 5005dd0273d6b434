import { DTYPE_SIZE, halfToFloat, type DType } from '../model/dtype';
import { ConvertError } from './errors';

/**
 * Element type conversion when the source tensor's dtype differs from the slot it is written
 * into (a float32 Keras kernel into a float16 torch checkpoint). Floats convert among
 * themselves with round-to-nearest-even (NaN stays NaN, ±Inf and −0.0 survive); integers among
 * themselves when every value fits. Anything else is refused: silently turning weights into
 * integers (or the reverse) would produce a file that loads but computes nonsense.
 */

const FLOATS = new Set<DType>(['float64', 'float32', 'float16', 'bfloat16']);
const INTS = new Set<DType>(['int64', 'int32', 'int16', 'int8', 'uint64', 'uint32', 'uint16', 'uint8', 'bool']);

/** Why a cast is refused, or undefined when it is possible. */
export function castProblem(from: DType, to: DType): string | undefined {
  if (from === to) return undefined;
  if (FLOATS.has(from) && FLOATS.has(to)) return undefined;
  if (INTS.has(from) && INTS.has(to)) return undefined;
  return `cannot convert ${from} values into a ${to} tensor`;
}

/** A sentence for the conversion report, or undefined when the cast loses nothing. */
export function castNote(name: string, from: DType, to: DType): string | undefined {
  if (from === to) return undefined;
  const lossless = (from === 'float16' || from === 'bfloat16') ? to === 'float32' || to === 'float64' : from === 'float32' && to === 'float64';
  if (lossless) return `\`${name}\`: ${from} values stored as ${to} (exact)`;
  return `\`${name}\`: ${from} values rounded to the target's ${to}`;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 bits → float16 bits, round to nearest even (the same as numpy's astype(float16)). */
export function floatToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1))) r++;
    return sign | r;
  }
  let r = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1))) {
    r++;
    if (r === 0x400) { r = 0; e++; if (e >= 0x1f) return sign | 0x7c00; }
  }
  return sign | (e << 10) | r;
}

/** float32 bits → bfloat16 bits, round to nearest even; NaN stays a quiet NaN. */
export function floatToBfloat16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff)) return ((x >>> 16) | 0x40) & 0xffff;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function floatsOf(dtype: DType, bytes: Uint8Array, n: number): ArrayLike<number> {
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  if (dtype === 'float64') return new Float64Array(b.buffer, b.byteOffset, n);
  if (dtype === 'float32') return new Float32Array(b.buffer, b.byteOffset, n);
  const raw = new Uint16Array(b.buffer, b.byteOffset, n);
  const out = new Float32Array(n);
  if (dtype === 'float16') for (let i = 0; i < n; i++) out[i] = halfToFloat(raw[i]);
  else {
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = raw[i] << 16;
  }
  return out;
}

function intsOf(dtype: DType, bytes: Uint8Array, n: number): ArrayLike<bigint | number> {
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset } = b;
  switch (dtype) {
    case 'int64': return new BigInt64Array(buffer, byteOffset, n);
    case 'uint64': return new BigUint64Array(buffer, byteOffset, n);
    case 'int32': return new Int32Array(buffer, byteOffset, n);
    case 'uint32': return new Uint32Array(buffer, byteOffset, n);
    case 'int16': return new Int16Array(buffer, byteOffset, n);
    case 'uint16': return new Uint16Array(buffer, byteOffset, n);
    case 'int8': return new Int8Array(buffer, byteOffset, n);
    default: return new Uint8Array(buffer, byteOffset, n);
  }
}

const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], uint64: [0n, 2n ** 64n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], uint32: [0n, 2n ** 32n - 1n],
  int16: [-32768n, 32767n], uint16: [0n, 65535n], int8: [-128n, 127n], uint8: [0n, 255n], bool: [0n, 1n],
};

function castInts(name: string, from: DType, to: DType, bytes: Uint8Array, n: number): Uint8Array {
  const src = intsOf(from, bytes, n);
  const out = new Uint8Array(n * DTYPE_SIZE[to]);
  const [lo, hi] = INT_RANGE[to]!;
  const dst = intsOf(to, out, n) as unknown as { [i: number]: number | bigint };
  const big = to === 'int64' || to === 'uint64';
  for (let i = 0; i < n; i++) {
    const v = BigInt(src[i]);
    if (v < lo || v > hi) throw new ConvertError(`\`${name}\`: value ${v} does not fit the target's ${to}`);
    dst[i] = big ? v : Number(v);
  }
  return out;
}

/** The bytes of `n` values of type `from` as type `to` (little-endian, contiguous). */
export function castBytes(name: string, bytes: Uint8Array, from: DType, to: DType): Uint8Array {
  if (from === to) return bytes;
  const why = castProblem(from, to);
  if (why) throw new ConvertError(`\`${name}\`: ${why}`);
  const n = bytes.byteLength / DTYPE_SIZE[from];
  if (INTS.has(from)) return castInts(name, from, to, bytes, n);
  const src = floatsOf(from, bytes, n);
  if (to === 'float64') return new Uint8Array(Float64Array.from(src).buffer);
  if (to === 'float32') return new Uint8Array(Float32Array.from(src).buffer);
  const out = new Uint16Array(n);
  const conv = to === 'float16' ? floatToHalf : floatToBfloat16;
  for (let i = 0; i < n; i++) out[i] = conv(src[i]);
  return new Uint8Array(out.buffer);
}

/** Reverses each element's bytes (big-endian targets). */
export function swapBytes(bytes: Uint8Array, item: number): Uint8Array {
  if (item === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += item) {
    for (let k = 0; k < item; k++) out[i + k] = bytes[i + item - 1 - k];
  }
  return out;
}
