import { describe, expect, it } from 'vitest';
import { autoMap, setPair } from '../../src/core/mapping';
import { toView } from '../../src/core/model/view';
import { buildBoard, ROW_H, WEIGHTLESS_H } from '../../src/app/mapping/rows';
import { compareTensors } from '../../src/workers/compareTensors';
import type { RawTensor } from '../../src/workers/mappingApi';
import { makeDoc, type LayerSpec } from '../mapping/helpers';

const torchLayers: LayerSpec[] = [
  { path: 'conv', kind: 'Conv2d', tensors: [{ name: 'conv.weight', shape: [4, 3, 3, 3] }, { name: 'conv.bias', shape: [4] }] },
  { path: 'act', kind: 'ReLU' },
  { path: 'fc1', kind: 'Linear', tensors: [{ name: 'fc1.weight', shape: [8, 4] }, { name: 'fc1.bias', shape: [8] }] },
  { path: 'fc2', kind: 'Linear', tensors: [{ name: 'fc2.weight', shape: [2, 8] }, { name: 'fc2.bias', shape: [2] }] },
];
const kerasLayers: LayerSpec[] = [
  { path: 'input_1', kind: 'InputLayer', config: { batch_input_shape: [null, 1, 1, 3] } },
  { path: 'conv2d', kind: 'Conv2D', tensors: [{ name: 'conv2d/kernel:0', shape: [3, 3, 3, 4] }, { name: 'conv2d/bias:0', shape: [4] }] },
  { path: 'dense', kind: 'Dense', tensors: [{ name: 'dense/kernel:0', shape: [4, 8] }, { name: 'dense/bias:0', shape: [8] }] },
  { path: 'dense_1', kind: 'Dense', tensors: [{ name: 'dense_1/kernel:0', shape: [8, 2] }, { name: 'dense_1/bias:0', shape: [2] }] },
];

describe('the mapping board layout', () => {
  const a = makeDoc('torch', torchLayers), b = makeDoc('keras', kerasLayers);
  const m = autoMap(a, b);

  it('puts order-keeping pairs on one row, so their links are straight', () => {
    const board = buildBoard(toView(a), toView(b), m, true);
    expect(m.pairs).toHaveLength(3);
    expect(board.links.every((l) => l.straight && l.ya === l.yb)).toBe(true);
    const row = board.rows.find((r) => r.a?.path === 'fc2')!;
    expect(row.b?.path).toBe('dense_1');
    // Weightless layers are short rows beside nothing or beside another weightless layer.
    expect(board.rows.map((r) => [r.a?.path ?? '', r.b?.path ?? '', r.h])).toEqual([
      ['', 'input_1', WEIGHTLESS_H], ['conv', 'conv2d', ROW_H], ['act', '', WEIGHTLESS_H], ['fc1', 'dense', ROW_H], ['fc2', 'dense_1', ROW_H],
    ]);
    expect(board.height).toBe(2 * WEIGHTLESS_H + 3 * ROW_H);
  });

  it('hides layers without weights on request', () => {
    const board = buildBoard(toView(a), toView(b), m, false);
    expect(board.rows.map((r) => r.a?.path)).toEqual(['conv', 'fc1', 'fc2']);
  });

  it('keeps the longest order-keeping run aligned after a crossing re-pair, and marks the rest', () => {
    const crossed = setPair(m, a, b, 'conv', 'dense_1');
    const board = buildBoard(toView(a), toView(b), crossed, false);
    const cross = board.links.find((l) => l.id === 'conv ↔ dense_1')!;
    expect(cross.status).toBe('incompatible');
    expect(cross.straight).toBe(false);
    expect(board.itemsA.find((i) => i.path === 'fc2')!.status).toBe('unmapped');
    expect(board.itemsB.find((i) => i.path === 'conv2d')!.status).toBe('unmapped');
  });
});

const raw = (name: string, shape: number[], values: number[]): RawTensor =>
  ({ name, dtype: 'float32', shape, bytes: new Uint8Array(Float32Array.from(values).buffer) });

describe('comparing a paired tensor', () => {
  const w = [1, 2, 3, 4, 5, 6]; // torch (out=2, in=3)
  const k = [1, 4, 2, 5, 3, 6]; // the same as Keras (in=3, out=2)
  const pair = { a: ['fc.weight'], b: ['dense/kernel:0'], steps: [{ op: 'transpose' as const, perm: [1, 0] }], shapesA: [[2, 3]], shapesB: [[3, 2]] };

  it('puts B into A\'s layout (and A into B\'s) and finds no difference for the same weights', () => {
    for (const layout of ['a', 'b'] as const) {
      const r = compareTensors({ pair, layout, index: 0, a: [raw('fc.weight', [2, 3], w)], b: [raw('dense/kernel:0', [3, 2], k)], maxCells: [64, 64] });
      expect(r.shape).toEqual(layout === 'a' ? [2, 3] : [3, 2]);
      expect([...r.transformed.values]).toEqual([...r.stored.values]);
      expect(r.maxAbsDiff).toBe(0);
      expect(r.maxAbs).toBe(6);
    }
  });

  it('reports max |Δ| and reduces big planes to blocks keeping the largest magnitude', () => {
    const r = compareTensors({ pair, layout: 'a', index: 0, a: [raw('fc.weight', [2, 3], w)], b: [raw('dense/kernel:0', [3, 2], [1, 4, 2, -5, 3, 6.5])], maxCells: [1, 2] });
    expect(r.maxAbsDiff).toBe(10);
    expect([r.blockRows, r.blockCols]).toEqual([2, 2]);
    expect([...r.stored.values]).toEqual([5, 6]);
    expect([...r.transformed.values]).toEqual([-5, 6.5]);
    expect([...r.diff.values]).toEqual([10, 0.5]);
  });
});
