import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelDoc, TensorRef } from '../../src/core/model/types';
import { permute } from '../../src/core/viz/permute';
import {
  compareModels, prepareModel, runModel, sampleFromRefJson, type RunnableModel,
} from '../../src/core/runtime';
import { HAS_SHARED, SHARED } from '../helpers/fixtures';
import { maxAbsDiff, openFile, readJson, type Opened } from './helpers';

const shared = (f: string): string => join(SHARED, 'torch', f);

/** Keras weights moved into the torch LeNet-5 by the layout rules (HWIO → OIHW, (in,out) → (out,in)). */
const MOVES: [string, string, number[] | undefined][] = [
  ['0.weight', 'conv2d/conv2d/kernel:0', [3, 2, 0, 1]], ['0.bias', 'conv2d/conv2d/bias:0', undefined],
  ['3.weight', 'conv2d_1/conv2d_1/kernel:0', [3, 2, 0, 1]], ['3.bias', 'conv2d_1/conv2d_1/bias:0', undefined],
  ['6.weight', 'conv2d_2/conv2d_2/kernel:0', [3, 2, 0, 1]], ['6.bias', 'conv2d_2/conv2d_2/bias:0', undefined],
  ['9.weight', 'dense/dense/kernel:0', [1, 0]], ['9.bias', 'dense/dense/bias:0', undefined],
  ['11.weight', 'dense_1/dense_1/kernel:0', [1, 0]], ['11.bias', 'dense_1/dense_1/bias:0', undefined],
];

function kerasWeightsInTorch(torch: ModelDoc, keras: ModelDoc, nudge?: { name: string; by: number }): ModelDoc {
  const kByName = new Map(keras.tensors.map((t) => [t.name.replace(/^model_weights\//, ''), t]));
  const tensors = torch.tensors.map((t): TensorRef => {
    const move = MOVES.find(([n]) => n === t.name);
    if (!move) return t;
    const k = kByName.get(move[1])!;
    return {
      ...t,
      async read() {
        const src = new Float32Array((await k.read()).slice().buffer);
        const out = move[2] ? permute(src, k.shape, move[2]) : src.slice();
        if (nudge?.name === t.name) out[0] += nudge.by;
        return new Uint8Array(out.buffer);
      },
    };
  });
  return { ...torch, fileName: 'lenet5 with the Keras weights', tensors };
}

describe.skipIf(!HAS_SHARED)('comparing torch and Keras models', () => {
  let torchFile: Opened, kerasFile: Opened, tsFile: Opened;
  let torch: RunnableModel, keras: RunnableModel, torchscript: RunnableModel;
  beforeAll(async () => {
    torchFile = await openFile(shared('lenet5.pt'));
    kerasFile = await openFile(shared('lenet5.keras2-layout.h5'));
    tsFile = await openFile(shared('lenet5.torchscript.pt'));
    torch = await prepareModel(torchFile.doc);
    keras = await prepareModel(kerasFile.doc, { source: kerasFile.src });
    torchscript = await prepareModel(tsFile.doc, { source: tsFile.src });
  });
  afterAll(async () => { for (const f of [torchFile, kerasFile, tsFile]) await f?.close(); });

  it('lenet5.pt vs lenet5.keras2-layout.h5 (different weights): a large difference from the first layer on', async () => {
    const c = await compareModels(torch, keras, { seed: 0, layers: true });
    expect(c.sample.shape).toEqual([1, 28, 28, 1]); // drawn for the Keras model, turned NCHW for torch
    expect(c.output.verdict).toBe('differ');
    expect(c.output.maxAbs).toBeGreaterThan(1e-3);
    expect(c.layers!.rows.map((r) => [r.a, r.b])).toEqual([['0', 'conv2d'], ['3', 'conv2d_1'], ['6', 'conv2d_2'], ['9', 'dense'], ['11', 'dense_1']]);
    expect(c.layers!.rows.map((r) => [r.comparedA, r.comparedB])).toEqual([
      ['2', 'average_pooling2d'], ['5', 'average_pooling2d_1'], ['8', 'flatten'], ['10', 'dense'], ['12', 'dense_1'],
    ]);
    expect(c.layers!.firstDivergent).toBe(0);
  });

  it('with the Keras weights moved into the torch model, outputs and every layer match', async () => {
    const moved = await prepareModel(kerasWeightsInTorch(torchFile.doc, kerasFile.doc));
    // the reference was computed by real torch on exactly these moved weights
    const ref = readJson<{ output: number[] }>(shared('lenet5.keras2-layout.ref.json'));
    const r = await runModel(moved, sampleFromRefJson(ref), {});
    expect(maxAbsDiff(r.output, ref.output)).toBeLessThanOrEqual(1e-5);

    const c = await compareModels(moved, keras, { seed: 3, distribution: 'normal', layers: true });
    expect(c.output.verdict).toBe('match');
    expect(c.output.argmax).toEqual({ agree: 1, rows: 1 });
    expect(c.layers!.rows.every((row) => row.ok)).toBe(true);
    expect(c.layers!.firstDivergent).toBeUndefined();
  });

  it('a nudged weight in the second convolution is found as the first diverging layer', async () => {
    const nudged = await prepareModel(kerasWeightsInTorch(torchFile.doc, kerasFile.doc, { name: '3.weight', by: 0.05 }));
    const c = await compareModels(nudged, keras, { seed: 1, layers: true });
    expect(c.layers!.rows[0].ok).toBe(true);
    expect(c.layers!.firstDivergent).toBe(1);
    expect(c.layers!.biggestJump).toBe(1);
  });

  it('lenet5.pt vs its TorchScript trace: identical, layer by layer (paired by path)', async () => {
    const c = await compareModels(torch, torchscript, { seed: 2, layers: true, backend: 'wasm' });
    expect(c.a.backend).toBe('wasm');
    expect(c.output.verdict).toBe('match');
    expect(c.output.maxAbs).toBe(0);
    expect(c.layers!.mode).toBe('exact');
    expect(c.layers!.rows).toHaveLength(13);
  });
});
