import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { applyArchitecture } from '../../src/core/formats/keras';
import { FormatError } from '../../src/core/model/errors';
import { sha256Hex } from '../../src/core/model/hash';
import { walk } from '../../src/core/model/tree';
import { toView } from '../../src/core/model/view';
import { closeOpened, HAVE_SHARED, LOCAL, openPath, REAL, SKIP_SHARED } from './helpers';

/** Weights-only files plus a model JSON: applyArchitecture fills the tree in. */
afterAll(closeOpened);

describe('applyArchitecture on the project fixture', () => {
  it('replaces the guessed tree with the JSON layers, keeping tensors, bytes and parameter count', async () => {
    const doc = await openPath(`${LOCAL}k2-weights.h5`);
    expect(doc.metadata.architecture).toBe('absent');
    const full = applyArchitecture(doc, readFileSync(`${LOCAL}k2-weights.model.json`, 'utf8'));
    expect(full.root).toMatchObject({ name: 'sequential_1', kind: 'Sequential', kindFrom: 'config' });
    expect(full.root.children.map((c) => [c.name, c.kind, c.kindFrom])).toEqual([
      ['conv2d', 'Conv2D', 'config'], ['flatten', 'Flatten', 'config'], ['fc', 'Dense', 'config'],
    ]);
    expect(full.root.children[2].config).toMatchObject({ units: 3 });
    expect(full.root.children[2].tensors).toEqual(['fc/fc/kernel:0', 'fc/fc/bias:0']);
    expect(full.metadata.architecture).toBe('from JSON');
    expect(full.contents).toBe('weights + architecture from JSON');
    expect(full.warnings.some((w) => w.startsWith('architecture absent'))).toBe(false);
    expect(toView(full).totalParams).toBe(toView(doc).totalParams);
    const before = doc.tensors.find((t) => t.name === 'fc/fc/kernel:0')!;
    const after = full.tensors.find((t) => t.name === 'fc/fc/kernel:0')!;
    expect(after.layout).toBe('(in,out)');
    expect(await sha256Hex(await after.read())).toBe(await sha256Hex(await before.read()));
    // the input document is unchanged
    expect(doc.root.children[2].kindFrom).toBe('inferred');
  });

  it('refuses text that is not JSON or not a Keras config, and non-Keras documents', async () => {
    const doc = await openPath(`${LOCAL}k2-weights.h5`);
    expect(() => applyArchitecture(doc, '{nope')).toThrow(/architecture JSON is not valid JSON/);
    expect(() => applyArchitecture(doc, '{"layers": []}')).toThrow(FormatError);
    const st = await openPath(`${LOCAL}tiny.safetensors`);
    expect(() => applyArchitecture(st, '{}')).toThrow(/Keras weights files/);
  });

  it('warns when the JSON belongs to another model', async () => {
    const doc = await openPath(`${LOCAL}k2-weights.h5`);
    const other = JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'zzz', units: 1 } }] } });
    const out = applyArchitecture(doc, other);
    expect(out.warnings.some((w) => w.includes('is it the JSON of this model'))).toBe(true);
    expect(out.tensors.filter((t) => t.group === 'model')).toHaveLength(4);
  });

  it('works for Keras 3 .weights.h5 with the config.json of a .keras file', async () => {
    const doc = await openPath(`${LOCAL}k3-sequential.weights.h5`);
    const json = JSON.stringify({ module: 'keras', class_name: 'Sequential', config: { name: 'sequential', layers: [
      { module: 'keras.layers', class_name: 'InputLayer', config: { name: 'input_layer', batch_shape: [null, 12] } },
      { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten' } },
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'hidden', units: 4 } },
      { module: 'keras.layers', class_name: 'BatchNormalization', config: { name: 'norm', scale: true, center: true } },
    ] } });
    const full = applyArchitecture(doc, json);
    const hidden = [...walk(full.root)].map(([n]) => n).find((n) => n.name === 'hidden')!;
    expect(hidden.tensors).toEqual(['layers/dense/vars/0', 'layers/dense/vars/1']);
    expect(full.tensors.find((t) => t.name === 'layers/batch_normalization/vars/3')?.layout).toBe('(C)');
    expect(full.warnings).toEqual([]);
  });
});

describe.skipIf(!HAVE_SHARED)(`applyArchitecture on real LeNet-5 weights + model.to_json()${HAVE_SHARED ? '' : ` (${SKIP_SHARED})`}`, () => {
  it('fills in the Keras 2.2.4 Sequential', async () => {
    const doc = await openPath(`${REAL}keras2-weights-h5/lenet5-weights-keras224.h5`);
    const json = readFileSync(`${REAL}other/lenet5-model-config-keras224.json`, 'utf8');
    const full = applyArchitecture(doc, json);
    expect(full.root.kind).toBe('Sequential');
    expect(full.root.name).toBe('sequential_1');
    expect(full.root.children.map((c) => c.kind)).toEqual(
      (JSON.parse(json) as { config: { layers: Array<{ class_name: string }> } }).config.layers.map((l) => l.class_name));
    expect(full.root.children.every((c) => c.kindFrom === 'config')).toBe(true);
    const conv = full.root.children[0];
    expect(conv.config).toMatchObject({ filters: 6, kernel_size: [5, 5], activation: 'tanh' });
    expect(conv.tensors).toEqual(['conv2d_1/conv2d_1/kernel:0', 'conv2d_1/conv2d_1/bias:0']);
    expect(toView(full).totalParams).toBe(61706);
    expect(full.warnings).toEqual([]);
    expect(full.metadata).toMatchObject({ architecture: 'from JSON', architecture_keras_version: '2.2.4', model_class: 'Sequential' });
  });
});
