/**
 * Axis permutation of a row-major array: out[i_perm] = in[i]. Moves elements only (no
 * arithmetic), so float values come through bit-exact. Works on any typed array.
 */
export type NumArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export function permuteShape(shape: number[], perm: number[]): number[] {
  return perm.map((p) => shape[p]);
}

export function permute<T extends NumArray>(values: T, shape: number[], perm: number[]): T {
  const rank = shape.length;
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new Error(`permutation (${perm.join(',')}) does not fit a ${rank}-d tensor`);
  }
  const out = new (values.constructor as { new (n: number): T })(values.length);
  const outShape = permuteShape(shape, perm);
  const inStrides = stridesOf(shape);
  // Walk the output in order; the input index moves by the permuted input strides.
  const step = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let n = 0; n < values.length; n++) {
    out[n] = values[src];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += step[d];
      if (idx[d] < outShape[d]) break;
      src -= step[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return out;
}

export function stridesOf(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function inversePerm(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return inv;
}
