import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/model/hash';
import { toView } from '../../src/core/model/view';
import { closeOpened, haveShared, openPath, SHARED, SKIP_SHARED, sumOf } from './helpers';

/** The seed LeNet-5 in the exact Keras 2 model.save layout, against what real torch/numpy computed. */
const FILE = `${SHARED}torch/lenet5.keras2-layout.h5`;
const REF = `${SHARED}torch/lenet5.keras2-layout.ref.json`;
const have = haveShared(FILE) && haveShared(REF);

interface Ref { total_params: number; tensors: Array<{ name: string; shape: number[]; dtype: string; numel: number; sum: number; sha256: string }> }

describe.skipIf(!have)(`lenet5.keras2-layout.h5${have ? '' : ` (${SKIP_SHARED})`}`, () => {
  afterAll(closeOpened);

  it('every tensor reads back with the sha256, sum and shape torch recorded', async () => {
    const ref = JSON.parse(readFileSync(REF, 'utf8')) as Ref;
    const doc = await openPath(FILE);
    expect(doc.tensors.map((t) => t.name).sort()).toEqual(ref.tensors.map((t) => t.name).sort());
    for (const r of ref.tensors) {
      const t = doc.tensors.find((x) => x.name === r.name)!;
      expect({ name: t.name, shape: t.shape, dtype: t.dtype, numel: t.numel }).toEqual({ name: r.name, shape: r.shape, dtype: r.dtype, numel: r.numel });
      expect(await sha256Hex(await t.read())).toBe(r.sha256);
      expect(await sumOf(t)).toBeCloseTo(r.sum, 4);
    }
    expect(toView(doc).totalParams).toBe(ref.total_params);
  });

  it('the tree shows the Sequential layers in order with their configs and layouts', async () => {
    const doc = await openPath(FILE);
    expect(doc.format).toBe('keras-h5');
    expect(doc.producer).toBe('Keras 2.13.1 (tensorflow backend), legacy HDF5');
    expect(doc.contents).toBe('full model (architecture + weights)');
    expect(doc.root.kind).toBe('Sequential');
    expect(doc.root.children.map((c) => [c.name, c.kind])).toEqual([
      ['conv2d_input', 'InputLayer'], ['conv2d', 'Conv2D'], ['average_pooling2d', 'AveragePooling2D'], ['conv2d_1', 'Conv2D'],
      ['average_pooling2d_1', 'AveragePooling2D'], ['conv2d_2', 'Conv2D'], ['flatten', 'Flatten'], ['dense', 'Dense'], ['dense_1', 'Dense'],
    ]);
    const [, conv] = doc.root.children;
    expect(conv.kindFrom).toBe('config');
    expect(conv.config).toMatchObject({ filters: 6, kernel_size: [5, 5], strides: [1, 1], padding: 'same', activation: 'tanh' });
    expect(conv.tensors).toEqual(['model_weights/conv2d/conv2d/kernel:0', 'model_weights/conv2d/conv2d/bias:0']);
    expect(conv.params).toBe(5 * 5 * 1 * 6 + 6);
    const pool = doc.root.children[2];
    expect(pool.config).toMatchObject({ pool_size: [2, 2], strides: [2, 2] });
    const dense = doc.root.children[7];
    expect(dense.config).toMatchObject({ units: 84 });
    const layouts = Object.fromEntries(doc.tensors.map((t) => [t.name, t.layout]));
    expect(layouts['model_weights/conv2d/conv2d/kernel:0']).toBe('HWIO');
    expect(layouts['model_weights/dense/dense/kernel:0']).toBe('(in,out)');
    expect(layouts['model_weights/dense_1/dense_1/bias:0']).toBe('(out)');
    expect(doc.tensors.every((t) => t.group === 'model')).toBe(true);
  });
});
