/**
 * The two hot loops of the statistics and histogram of float32 tensors, in WebAssembly SIMD: far
 * fewer instructions per value than the JavaScript loops (no typed-array checks; four values per
 * min, max, zero test and bin computation), about twice the throughput of the two together. A
 * block of values is copied into the module's memory and reduced there. The statistics kernel adds the values to the sums one at a time in order, so the results
 * are bit-identical to the JavaScript loops; min, max and the zero count are per-lane and merged
 * by the caller. Where WebAssembly SIMD is missing, `simdKernels()` is null and the caller's
 * JavaScript runs instead.
 */
import { F64, I32, V128, encodeModule, op, type Bytes, type WasmFunction } from './wasmEncode';

/** values per block: 64 KiB of float32 */
export const BLOCK = 16384;
/** 4 lanes × (bins + 1) counts must fit the module's memory; more bins go through JavaScript */
export const MAX_BINS = 4096;

const DATA = 0;
const STATE = 0x10000;            // sum f64, sumSq f64, min f32x4, max f32x4, zeros i32x4
const PARAMS = STATE + 0x100;     // lo f64x2, scale f64x2, 2^52 f64x2, top bin i32x4, lane bases i32x4
const COUNTS = PARAMS + 0x100;    // 4 lanes × (bins + 1) int32
const PAGES = 3;

/** bytes 8–15 of a vector moved to 0–7, for promoting the upper two floats */
const UPPER_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** the low int32 of each of the four doubles in two vectors */
const LOW_WORDS = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];

const loopOver = (end: number, i: number, body: Bytes[]): Bytes[] => [
  op.block, op.loop,
  op.localGet(i), op.localGet(end), op.i32GeU, op.brIf(1),
  ...body,
  op.localGet(i), op.i32Const(16), op.i32Add, op.localSet(i),
  op.br(0), op.end, op.end,
];

/** stats(endByte): sum and sumSq continue from STATE in order; min, max, zeros per lane. */
function statsKernel(): WasmFunction {
  const [end, i, v, mn, mx, zeros, sum, sumSq, x] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const addInOrder = (offset: number): Bytes[] => [
    op.localGet(i), op.f32Load(DATA + offset), op.f64PromoteF32, op.localTee(x),
    op.localGet(sum), op.f64Add, op.localSet(sum),
    op.localGet(x), op.localGet(x), op.f64Mul, op.localGet(sumSq), op.f64Add, op.localSet(sumSq),
  ];
  const load = (at: number, local: number, f64 = false): Bytes[] => [op.i32Const(0), f64 ? op.f64Load(at) : op.v128Load(at), op.localSet(local)];
  const store = (at: number, local: number, f64 = false): Bytes[] => [op.i32Const(0), op.localGet(local), f64 ? op.f64Store(at) : op.v128Store(at)];
  return {
    name: 'stats', params: [I32], locals: [I32, V128, V128, V128, V128, F64, F64, F64],
    body: [
      ...load(STATE, sum, true), ...load(STATE + 8, sumSq, true), ...load(STATE + 16, mn), ...load(STATE + 32, mx), ...load(STATE + 48, zeros),
      ...loopOver(end, i, [
        op.localGet(i), op.v128Load(DATA), op.localSet(v),
        op.localGet(mn), op.localGet(v), op.f32x4Pmin, op.localSet(mn),
        op.localGet(mx), op.localGet(v), op.f32x4Pmax, op.localSet(mx),
        // a lane equal to ±0 compares as -1: subtracting counts it
        op.localGet(zeros), op.localGet(v), op.v128Zero, op.f32x4Eq, op.i32x4Sub, op.localSet(zeros),
        ...addInOrder(0), ...addInOrder(4), ...addInOrder(8), ...addInOrder(12),
      ]),
      ...store(STATE, sum, true), ...store(STATE + 8, sumSq, true), ...store(STATE + 16, mn), ...store(STATE + 32, mx), ...store(STATE + 48, zeros),
    ],
  };
}

/**
 * bins(endByte): counts[lane][floor((v - lo) * scale)]++, the index read from the low word of
 * `floor(x) + 2^52` (exact for the small non-negative x of the bin rule). It is clamped (unsigned, so a
 * negative one too) to the top bin: a value outside [lo, hi] may land in a wrong bin but never
 * writes outside its lane.
 */
function binsKernel(): WasmFunction {
  const [end, i, v, lo, scale, magic, top, bases, idx, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const binOf = (twoFloats: Bytes[]): Bytes[] => [
    ...twoFloats, op.f64x2PromoteLowF32x4,
    op.localGet(lo), op.f64x2Sub, op.localGet(scale), op.f64x2Mul, op.f64x2Floor,
    op.localGet(magic), op.f64x2Add,
  ];
  const count = (lane: number): Bytes[] => [
    op.localGet(idx), op.i32x4ExtractLane(lane), op.localTee(at),
    op.localGet(at), op.i32Load(COUNTS), op.i32Const(1), op.i32Add, op.i32Store(COUNTS),
  ];
  const param = (offset: number, local: number): Bytes[] => [op.i32Const(0), op.v128Load(PARAMS + offset), op.localSet(local)];
  return {
    name: 'bins', params: [I32], locals: [I32, V128, V128, V128, V128, V128, V128, V128, I32],
    body: [
      ...param(0, lo), ...param(16, scale), ...param(32, magic), ...param(48, top), ...param(64, bases),
      ...loopOver(end, i, [
        op.localGet(i), op.v128Load(DATA), op.localSet(v),
        ...binOf([op.localGet(v)]),
        ...binOf([op.localGet(v), op.localGet(v), op.i8x16Shuffle(UPPER_HALF)]),
        op.i8x16Shuffle(LOW_WORDS), op.localGet(top), op.i32x4MinU,
        op.i32Const(2), op.i32x4Shl, op.localGet(bases), op.i32x4Add, op.localSet(idx),
        ...count(0), ...count(1), ...count(2), ...count(3),
      ]),
    ],
  };
}

export interface BlockStats { sum: number; sumSq: number; min: number; max: number; zeros: number }

export interface Kernels {
  /** Reduces values[a, b) (b - a a multiple of 4, at most BLOCK) continuing `sum` and `sumSq`. */
  stats(values: Float32Array, a: number, b: number, sum: number, sumSq: number, out: BlockStats): void;
  /** Starts a histogram of `bins` bins over [lo, lo + bins / scale]. */
  binsBegin(lo: number, scale: number, bins: number): void;
  /** Counts values[a, b) (b - a a multiple of 4, at most BLOCK). */
  bins(values: Float32Array, a: number, b: number): void;
  /** Adds the lane counts so far into `into` (4 × (bins + 1)) and zeroes them, before an int32 could overflow. */
  binsDrain(into: Float64Array): void;
}

let kernels: Kernels | null | undefined;

export function simdKernels(): Kernels | null {
  if (kernels === undefined) kernels = instantiate();
  return kernels;
}

function instantiate(): Kernels | null {
  const bytes = encodeModule([statsKernel(), binsKernel()], PAGES);
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
    stats(end: number): void; bins(end: number): void; memory: WebAssembly.Memory;
  };
  const buf = ex.memory.buffer;
  const data = new Float32Array(buf, DATA, BLOCK);
  const sums = new Float64Array(buf, STATE, 2);
  const minMax = new Float32Array(buf, STATE + 16, 8);
  const zeros = new Int32Array(buf, STATE + 48, 4);
  const params = new Float64Array(buf, PARAMS, 6);
  const top = new Int32Array(buf, PARAMS + 48, 4);
  const bases = new Int32Array(buf, PARAMS + 64, 4);
  let counts = new Int32Array(buf, COUNTS, 0);
  return {
    stats(values, a, b, sum, sumSq, out) {
      data.set(values.subarray(a, b));
      sums[0] = sum; sums[1] = sumSq;
      minMax.fill(Infinity, 0, 4); minMax.fill(-Infinity, 4, 8); zeros.fill(0);
      ex.stats((b - a) * 4);
      out.sum = sums[0]; out.sumSq = sums[1];
      out.min = Math.min(minMax[0], minMax[1], minMax[2], minMax[3]);
      out.max = Math.max(minMax[4], minMax[5], minMax[6], minMax[7]);
      out.zeros = zeros[0] + zeros[1] + zeros[2] + zeros[3];
    },
    binsBegin(lo, scale, bins) {
      params.set([lo, lo, scale, scale, 2 ** 52, 2 ** 52]);
      top.fill(bins);
      const stride = bins + 1;
      bases.set([0, 4 * stride, 8 * stride, 12 * stride]);
      counts = new Int32Array(buf, COUNTS, 4 * stride);
      counts.fill(0);
    },
    bins(values, a, b) {
      data.set(values.subarray(a, b));
      ex.bins((b - a) * 4);
    },
    binsDrain(into) {
      for (let k = 0; k < counts.length; k++) into[k] += counts[k];
      counts.fill(0);
    },
  };
}
