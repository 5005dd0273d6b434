/**
 * Just enough of the WebAssembly binary format to write the few small kernels of wasmKernels.ts in
 * TypeScript (no toolchain, no binary blob in the repository): a function is a list of
 * instructions, each an array of bytes named after its text-format mnemonic.
 */

export type Bytes = number[];

export const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;

function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: Bytes): Bytes => [id, ...uleb(bytes.length), ...bytes];
const utf8 = (s: string): Bytes => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const simd = (code: number, ...imm: number[]): Bytes => [0xfd, ...uleb(code), ...imm];
/** align (log2) and offset of a load or store */
const memarg = (align: number, offset: number): Bytes => [align, ...uleb(offset)];

export const op = {
  localGet: (i: number): Bytes => [0x20, ...uleb(i)],
  localSet: (i: number): Bytes => [0x21, ...uleb(i)],
  localTee: (i: number): Bytes => [0x22, ...uleb(i)],
  i32Const: (n: number): Bytes => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  i32Load: (offset: number): Bytes => [0x28, ...memarg(2, offset)],
  i32Store: (offset: number): Bytes => [0x36, ...memarg(2, offset)],
  f32Load: (offset: number): Bytes => [0x2a, ...memarg(2, offset)],
  f64Load: (offset: number): Bytes => [0x2b, ...memarg(3, offset)],
  f64Store: (offset: number): Bytes => [0x39, ...memarg(3, offset)],
  f64PromoteF32: [0xbb],
  f64Add: [0xa0],
  f64Mul: [0xa2],
  v128Load: (offset: number): Bytes => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset: number): Bytes => simd(0x0b, ...memarg(4, offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  i8x16Shuffle: (lanes: number[]): Bytes => simd(0x0d, ...lanes),
  i32x4ExtractLane: (lane: number): Bytes => simd(0x1b, lane),
  f32x4Eq: simd(0x41),
  f64x2PromoteLowF32x4: simd(0x5f),
  f64x2Floor: simd(0x75),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4MinU: simd(0xb7),
  /** `b < a ? b : a`, lane by lane: one instruction, unlike f32x4.min's NaN and ±0 rules */
  f32x4Pmin: simd(0xea),
  f32x4Pmax: simd(0xeb),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
};

export interface WasmFunction {
  name: string;
  params: number[];
  /** local variable types after the parameters, in order */
  locals: number[];
  body: Bytes[];
}

/** A module exporting `functions` (no results) and one memory of `pages` × 64 KiB named "memory". */
export function encodeModule(functions: WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [...uleb(1), t]));
    const code = [...locals, ...f.body.flat(), ...op.end];
    return [...uleb(code.length), ...code];
  });
  const exports = [
    ...functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]),
    [...utf8('memory'), 0x02, 0],
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}
