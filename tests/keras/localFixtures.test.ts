import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { blobSource, bytesSource, type ByteSource } from '../../src/core/io/byteSource';
import { sha256Hex } from '../../src/core/model/hash';
import { walk } from '../../src/core/model/tree';
import type { LayerNode, ModelDoc } from '../../src/core/model/types';
import { toView } from '../../src/core/model/view';
import { closeOpened, LOCAL, openPath, sumOf } from './helpers';

/**
 * The project's own Keras-layout fixtures (tests/fixtures/keras, written by make_keras_fixtures.py):
 * these run without ../shared, so a fresh clone still tests every reader path.
 */
interface Expected {
  format: string; version?: string | null; layers?: number; params?: number;
  kinds?: Record<string, string>; inputs?: Record<string, string[]>; metadata?: Record<string, string>;
  tensors: Record<string, { shape: number[]; dtype: string; sum: number; sha256: string; group: string }>;
}
const EXPECTED = JSON.parse(readFileSync(`${LOCAL}expected.json`, 'utf8')) as Record<string, Expected>;

function byName(doc: ModelDoc, name: string): LayerNode | undefined {
  for (const [n] of walk(doc.root)) if (n.name === name) return n;
  return undefined;
}

async function checkTensors(doc: ModelDoc, exp: Expected): Promise<void> {
  expect(doc.tensors.map((t) => t.name).sort()).toEqual(Object.keys(exp.tensors).sort());
  for (const [name, e] of Object.entries(exp.tensors)) {
    const t = doc.tensors.find((x) => x.name === name)!;
    expect({ name, shape: t.shape, dtype: t.dtype, group: t.group }).toEqual({ name, shape: e.shape, dtype: e.dtype, group: e.group });
    expect(await sha256Hex(await t.read())).toBe(e.sha256);
    if (t.dtype !== 'bool') expect(await sumOf(t)).toBeCloseTo(e.sum, 3);
  }
}

afterAll(closeOpened);

describe.each(Object.keys(EXPECTED))('project fixture %s', (file) => {
  const exp = EXPECTED[file];

  it('opens from disk with the expected facts and tensor bytes', async () => {
    const doc = await openPath(LOCAL + file);
    expect(doc.format).toBe(exp.format);
    if (exp.version) expect(doc.producer).toContain(`Keras ${exp.version}`);
    if (exp.layers !== undefined) expect(doc.root.children).toHaveLength(exp.layers);
    if (exp.params !== undefined) expect(toView(doc).totalParams).toBe(exp.params);
    for (const [layer, kind] of Object.entries(exp.kinds ?? {})) expect(byName(doc, layer)?.kind).toBe(kind);
    for (const [layer, inputs] of Object.entries(exp.inputs ?? {})) expect(byName(doc, layer)?.inputs).toEqual(inputs);
    if (exp.metadata) expect(doc.metadata).toMatchObject(exp.metadata);
    await checkTensors(doc, exp);
  });

  it('opens the same from in-memory bytes and from a Blob (no path: the bytes go to MEMFS)', async () => {
    const bytes = new Uint8Array(readFileSync(LOCAL + file));
    const sources: ByteSource[] = [bytesSource(bytes, file), blobSource(new Blob([bytes]), file)];
    for (const src of sources) await checkTensors(await openModel(src), exp);
  });
});

describe('what the project fixtures show', () => {
  it('Keras 2 Lambda: config.function is a note, the bytecode is gone', async () => {
    const doc = await openPath(`${LOCAL}k2-sequential.h5`);
    const lambda = byName(doc, 'lambda')!;
    expect(lambda.config.function).toBe('<Python bytecode, 121 bytes — not decoded, never run>');
    expect(JSON.stringify(doc.root)).not.toContain('4wAB'); // no base64 left anywhere in the tree
    expect(doc.warnings).toContain('Lambda layer "lambda" holds Python bytecode (121 bytes): shown as a note, never decoded or run');
    expect(doc.metadata.optimizer).toEqual({ name: 'Adam', tensors: 2 });
    expect(doc.tensors.find((t) => t.name === 'optimizer_weights/Adam/iter:0')).toMatchObject({ group: 'optimizer', shape: [], layout: 'scalar' });
  });

  it('Keras 2 Functional: split layer_names, nested model, custom class sub-layers, big-endian and float16 data', async () => {
    const doc = await openPath(`${LOCAL}k2-functional.h5`);
    expect(doc.root.children.map((c) => c.name)).toEqual(['in_a', 'in_b', 'tower', 'concatenate', 'my_block', 'head']);
    expect(byName(doc, 'tower')!.children.map((c) => c.name)).toEqual(['tower_dense', 'tower_out']);
    expect(byName(doc, 'my_block')!.children.map((c) => [c.name, c.kind, c.kindFrom])).toEqual([['dense', 'Dense', 'inferred'], ['dense_1', 'Dense', 'inferred']]);
    expect(doc.warnings.some((w) => w.includes('"MyBlock"'))).toBe(true);
    expect(doc.tensors.find((t) => t.name.endsWith('head/kernel:0'))?.dtype).toBe('float16');
  });

  it('Keras 3 legacy .h5 behind a 512-byte user block, Keras 3 config style kept as is', async () => {
    const doc = await openPath(`${LOCAL}k3-legacy.h5`);
    expect(doc.producer).toBe('Keras 3.14.0 (jax backend), legacy HDF5');
    const dense = byName(doc, 'dense')!;
    expect(dense.className).toBe('keras.layers.Dense');
    expect(dense.config.dtype).toMatchObject({ class_name: 'DTypePolicy' });
    expect(byName(doc, 'input_layer')!.config.batch_shape).toEqual([null, 6]);
    expect(dense.tensors).toEqual(['model_weights/dense/sequential/dense/kernel', 'model_weights/dense/sequential/dense/bias']);
  });

  it('.keras: deflated weights, LSTM cell folded into the layer, numeric optimizer order', async () => {
    const doc = await openPath(`${LOCAL}k3-functional.keras`);
    expect(byName(doc, 'lstm')!.tensors).toEqual([0, 1, 2].map((i) => `layers/lstm/cell/vars/${i}`));
    expect(doc.tensors.find((t) => t.name === 'layers/lstm/cell/vars/1')?.layout).toBe('(units,4·units) gates i,f,c,o');
    expect(byName(doc, 'head')!.tensors).toEqual(['layers/dense/vars/0', 'layers/dense/vars/1']);
    expect(byName(doc, 'bn')!.tensors.map((n) => doc.tensors.find((t) => t.name === n)!.layout)).toEqual(['(C)', '(C)', '(C)', '(C)']);
    const opt = doc.tensors.filter((t) => t.group === 'optimizer').map((t) => t.name);
    expect(opt.slice(0, 4)).toEqual(['optimizer/vars/0', 'optimizer/vars/1', 'optimizer/vars/2', 'optimizer/vars/3']);
    expect(opt.at(-1)).toBe('optimizer/vars/12');
    expect(doc.metadata).toMatchObject({ keras_version: '3.5.0', compile_config: { optimizer: 'adam' }, optimizer: { name: 'adam', tensors: 13 } });
  });
});

describe('Keras 3 wrappers', () => {
  it('TimeDistributed folds its wrapped layer in; Bidirectional shows its two RNNs with their class from the config', async () => {
    const doc = await openPath(`${LOCAL}k3-wrappers.keras`);
    // Its stored model.weights.h5 starts at byte 1024 of the zip, where HDF5 also looks for a
    // signature (user block): the zip must still win.
    expect(doc.format).toBe('keras-zip');
    const td = byName(doc, 'per_step')!;
    expect(td.tensors).toEqual(['layers/time_distributed/layer/vars/0', 'layers/time_distributed/layer/vars/1']);
    expect(doc.tensors.find((t) => t.name === 'layers/time_distributed/layer/vars/0')?.layout).toBe('(in,out)');
    const bi = byName(doc, 'bi')!;
    expect(bi.children.map((c) => [c.name, c.kind, c.kindFrom]).sort()).toEqual([['backward_layer', 'GRU', 'config'], ['forward_layer', 'GRU', 'config']]);
    expect(doc.tensors.find((t) => t.name === 'layers/bidirectional/backward_layer/cell/vars/2')?.layout).toBe('(2,3·units) input+recurrent gates z,r,h');
  });
});
