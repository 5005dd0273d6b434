import { describe, expect, it } from 'vitest';
import {
  applySteps, describeStep, describeSteps, invertSteps, ShapeError, stepsShapes, type AnyTypedArray, type Step, type Tensor,
} from '../../src/core/mapping';

const bytes = (a: AnyTypedArray): number[] => [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];
const n = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Naive transpose with nested index arithmetic, independent of the library's. */
function naiveTranspose(data: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = shape.map((_, i) => n(shape.slice(i + 1)));
  const out: number[] = [];
  for (let o = 0; o < n(outShape); o++) {
    let rem = o, src = 0;
    for (let k = outShape.length - 1; k >= 0; k--) {
      const idx = rem % outShape[k];
      rem = Math.floor(rem / outShape[k]);
      src += idx * inStrides[perm[k]];
    }
    out.push(data[src]);
  }
  return out;
}

function roundTrip(steps: Step[], input: Tensor[]): Tensor[] {
  const forward = applySteps(steps, input);
  const back = applySteps(invertSteps(steps, input.map((t) => t.shape)), forward);
  expect(back.map((t) => t.shape)).toEqual(input.map((t) => t.shape));
  back.forEach((t, i) => {
    expect(t.data.constructor).toBe(input[i].data.constructor);
    expect(bytes(t.data)).toEqual(bytes(input[i].data));
  });
  return forward;
}

describe('transpose', () => {
  it.each([
    ['OIHW → HWIO', [6, 2, 5, 3], [2, 3, 1, 0]],
    ['OIW → WIO', [4, 3, 5], [2, 1, 0]],
    ['OIDHW → DHWIO', [3, 2, 2, 3, 4], [2, 3, 4, 1, 0]],
    ['(out,in) → (in,out)', [7, 5], [1, 0]],
    ['depthwise (I·m,1,kh,kw) → (kh,kw,I·m,1)', [6, 1, 3, 2], [2, 3, 0, 1]],
  ])('%s equals a naive nested-loop transpose and inverts exactly', (_, shape, perm) => {
    const data = Float32Array.from({ length: n(shape) }, (_, i) => i * 0.5 - 3);
    const [out] = roundTrip([{ op: 'transpose', perm }], [{ shape, data }]);
    expect(out.shape).toEqual(perm.map((p) => shape[p]));
    expect([...out.data as Float32Array]).toEqual(naiveTranspose(data, shape, perm));
  });

  it('moves bits, not values: NaN payloads and −0.0 survive in float32 and float64', () => {
    const raw = new Uint32Array([0x7fa00001, 0x80000000, 0xffc12345, 0x3f800000, 0x00000001, 0x7f800000]);
    const f32 = new Float32Array(raw.buffer);
    const [t] = roundTrip([{ op: 'transpose', perm: [1, 0] }], [{ shape: [2, 3], data: f32 }]);
    expect([...new Uint32Array(t.data.buffer)]).toEqual([0x7fa00001, 0x3f800000, 0x80000000, 0x00000001, 0xffc12345, 0x7f800000]);
    const f64 = new Float64Array(new BigUint64Array([0x7ff4000000000001n, 0x8000000000000000n, 1n, 2n, 3n, 4n]).buffer);
    const [u] = roundTrip([{ op: 'transpose', perm: [1, 0] }], [{ shape: [3, 2], data: f64 }]);
    expect([...new BigUint64Array(u.data.buffer)]).toEqual([0x7ff4000000000001n, 1n, 3n, 0x8000000000000000n, 2n, 4n]);
  });

  it.each([
    ['Int8Array', Int8Array], ['Uint16Array (float16 bits)', Uint16Array], ['Int32Array', Int32Array], ['Float64Array', Float64Array],
  ] as const)('works on %s', (_, Ctor) => {
    const data = new Ctor(24).map((_, i) => i);
    const [t] = roundTrip([{ op: 'transpose', perm: [2, 0, 1] }], [{ shape: [2, 3, 4], data }]);
    expect(Array.from(t.data as ArrayLike<number>)).toEqual(naiveTranspose(data, [2, 3, 4], [2, 0, 1]));
  });

  it('works on BigInt64Array', () => {
    const data = BigInt64Array.from({ length: 6 }, (_, i) => BigInt(i) - 3n);
    const [t] = roundTrip([{ op: 'transpose', perm: [1, 0] }], [{ shape: [2, 3], data }]);
    expect([...t.data as BigInt64Array]).toEqual([-3n, 0n, -2n, 1n, -1n, 2n]);
  });

  it('rejects a permutation that does not fit the rank', () => {
    expect(() => applySteps([{ op: 'transpose', perm: [1, 0] }], [{ shape: [2, 2, 2], data: new Float32Array(8) }])).toThrow(ShapeError);
    expect(() => stepsShapes([{ op: 'transpose', perm: [0, 0] }], [[2, 2]])).toThrow(/does not permute/);
  });
});

describe('flattenRows (Linear after Flatten: C,H,W ↔ H,W,C rows)', () => {
  it('moves row c·HW + s to s·C + c and back', () => {
    const c = 3, s = 4, out = 2;
    const data = Float32Array.from({ length: c * s * out }, (_, i) => i);
    const [t] = roundTrip([{ op: 'flattenRows', axis: 0, channels: c, spatial: [2, 2], order: 'chw-to-hwc' }], [{ shape: [c * s, out], data }]);
    const got = t.data as Float32Array;
    for (let ci = 0; ci < c; ci++) for (let si = 0; si < s; si++) for (let o = 0; o < out; o++) {
      expect(got[(si * c + ci) * out + o]).toBe(data[(ci * s + si) * out + o]);
    }
  });

  it('states a wrong C·H·W', () => {
    expect(() => stepsShapes([{ op: 'flattenRows', axis: 0, channels: 3, spatial: [5], order: 'chw-to-hwc' }], [[12, 2]])).toThrow(/is not C·H·W = 3·5 = 15/);
  });
});

describe('gates', () => {
  it('swaps the first two of three gate blocks along axis 0 and back', () => {
    const h = 2, data = Float32Array.from({ length: 3 * h * 2 }, (_, i) => i);
    const [t] = roundTrip([{ op: 'gates', axis: 0, order: [1, 0, 2] }], [{ shape: [3 * h, 2], data }]);
    expect([...t.data as Float32Array]).toEqual([4, 5, 6, 7, 0, 1, 2, 3, 8, 9, 10, 11]);
  });

  it('reorders along axis 1 with a non-symmetric order', () => {
    const data = Float32Array.from({ length: 2 * 4 }, (_, i) => i);
    const [t] = roundTrip([{ op: 'gates', axis: 1, order: [2, 0, 3, 1] }], [{ shape: [2, 4], data }]);
    expect([...t.data as Float32Array]).toEqual([2, 0, 3, 1, 6, 4, 7, 5]);
  });
});

describe('stack, reshape, sum and split', () => {
  it('stack then reshape, and back', () => {
    const a = Float32Array.of(1, 2, 3), b = Float32Array.of(4, 5, 6);
    const [t] = roundTrip([{ op: 'stack' }, { op: 'reshape', shape: [6] }], [{ shape: [3], data: a }, { shape: [3], data: b }]);
    expect(t.shape).toEqual([6]);
    expect([...t.data as Float32Array]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('sum adds, rounding once to float32; its inverse split gives back the exact input when summed', () => {
    const a = Float32Array.of(0.1, -0, 1e-30, 3), b = Float32Array.of(0.2, -0, 1, -3);
    const [s] = applySteps([{ op: 'sum', keep: 0 }], [{ shape: [4], data: a }, { shape: [4], data: b }]);
    expect([...s.data as Float32Array]).toEqual([Math.fround(Math.fround(0.1) + Math.fround(0.2)), -0, 1, 0]);
    expect(Object.is((s.data as Float32Array)[1], -0)).toBe(true);
    const parts = applySteps(invertSteps([{ op: 'sum', keep: 0 }], [[4], [4]]), [s]);
    expect(parts).toHaveLength(2);
    expect(bytes(parts[0].data)).toEqual(bytes(s.data));
    expect([...parts[1].data as Float32Array].every((x) => Object.is(x, -0))).toBe(true);
    // split then sum is the identity, bit for bit (x + −0.0 = x, also for x = −0.0)
    roundTrip([{ op: 'split', parts: 2, keep: 1 }], [s]);
  });

  it('sum works on integer and bigint arrays', () => {
    const [i] = applySteps([{ op: 'sum', keep: 0 }], [{ shape: [2], data: Int32Array.of(1, -2) }, { shape: [2], data: Int32Array.of(3, 4) }]);
    expect([...i.data as Int32Array]).toEqual([4, 2]);
    const [b] = applySteps([{ op: 'sum', keep: 0 }], [{ shape: [1], data: BigInt64Array.of(2n ** 60n) }, { shape: [1], data: BigInt64Array.of(1n) }]);
    expect([...b.data as BigInt64Array]).toEqual([2n ** 60n + 1n]);
  });

  it('reshape checks the element count', () => {
    expect(() => stepsShapes([{ op: 'reshape', shape: [1, 1, 5] }], [[4]])).toThrow(/cannot reshape 4 \(4 elements\) to 1×1×5/);
  });
});

describe('steps in words', () => {
  it('names layouts, permutations and tensors', () => {
    expect(describeStep({ op: 'transpose', perm: [2, 3, 1, 0], from: 'OIHW', to: 'HWIO' })).toBe('OIHW → HWIO: transpose(2,3,1,0)');
    expect(describeSteps([])).toBe('copy');
    expect(describeStep({ op: 'flattenRows', axis: 0, channels: 16, spatial: [4, 4], order: 'chw-to-hwc' }))
      .toBe('rows from C,H,W order to H,W,C order (Flatten; C=16, H×W=4×4)');
    expect(describeStep({ op: 'gates', axis: 0, order: [1, 0, 2], from: ['r', 'z', 'n'], to: ['z', 'r', 'h'] })).toBe('gate blocks r,z,n → z,r,h along axis 0');
    expect(describeSteps([{ op: 'sum', keep: 0 }], { inputs: ['lstm.bias_ih_l0', 'lstm.bias_hh_l0'] })).toBe('add `bias_ih_l0` + `bias_hh_l0`');
    expect(describeSteps([{ op: 'split', parts: 2, keep: 0 }], { outputs: ['l.bias_ih_l0', 'l.bias_hh_l0'] }))
      .toBe('split: `bias_ih_l0` gets the values, `bias_hh_l0` −0.0 (a stated choice)');
  });
});
