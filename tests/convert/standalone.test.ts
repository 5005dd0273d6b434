/**
 * Standalone conversions: a torch nn.Sequential as a Keras 2 `.h5` model, a Keras model as a torch
 * state_dict, either as safetensors. Checked with our reader and runtime, and independently with
 * h5py/numpy and real torch (oracle.py).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConvertError, convertStandalone } from '../../src/core/convert';
import { prepareModel, runModel, sampleFromRefJson } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, PROJECT_ROOT, SHARED, SHARED_SKIP_REASON, type RefJson } from '../helpers/fixtures';
import { closeAll, finish, HAS_ORACLE, MAP_FIXTURES, open, oracle, ORACLE_SKIP_REASON, releaseReopened, reopen, shas, TMP } from './helpers';

afterAll(async () => { releaseReopened(); await closeAll(); });

const OWN = join(OWN_FIXTURES, 'torch');
const CONVERT_FIXTURES = join(PROJECT_ROOT, 'tests', 'convert', 'fixtures');
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));

/** cnn.pt's tensors in state_dict order with their sha256 (expected.json, written by torch). */
function cnnTorchShas(): [string, { shape: number[]; sha256: string }][] {
  const e = JSON.parse(readFileSync(join(MAP_FIXTURES, 'expected.json'), 'utf8'))['cnn.pt'] as Record<string, { shape: number[]; sha256: string }>;
  const order = ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
    '4.weight', '4.bias', '5.weight', '5.bias', '8.weight', '8.bias', '9.weight', '10.weight'];
  return order.map((k) => [k, e[k]]);
}

describe('torch nn.Sequential → Keras .h5', () => {
  it('lenet5.pt becomes a Keras 2 model.save file that our runtime and h5py/numpy run to torch\'s output', async () => {
    const c = convertStandalone(await open(join(OWN, 'lenet5.pt')), 'h5');
    expect(c.fileName).toBe('lenet5-torch.h5');
    const { bytes, path } = await finish(c);
    const refPath = join(OWN, 'lenet5.ref.json');
    const ref = JSON.parse(readFileSync(refPath, 'utf8')) as RefJson;
    const model = await prepareModel(await reopen(bytes, c.fileName));
    expect(model.framework).toBe('keras');
    expect(model.layers.map((l) => l.kind)).toEqual(['Conv2D', 'AveragePooling2D', 'Conv2D', 'AveragePooling2D', 'Conv2D', 'Flatten', 'Dense', 'Dense']);
    const r = await runModel(model, sampleFromRefJson(ref, 'lenet5.ref.json'));
    expect(maxAbs(r.output, ref.output!)).toBeLessThan(1e-5);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const list = await oracle<{ attrs: Record<string, string>; attr_types: Record<string, string>; datasets: Record<string, [number[], string]>; layer_names: string[]; layer_names_dtype: string; weight_names: Record<string, string[]> }>('h5-list', path);
    expect(list.attr_types).toEqual({ backend: 'bytes_', keras_version: 'bytes_', model_config: 'bytes_' });
    expect(list.attrs['/@keras_version']).toContain("b'2.13.1'");
    expect(list.layer_names).toEqual(['conv2d', 'average_pooling2d', 'conv2d_1', 'average_pooling2d_1', 'conv2d_2', 'flatten', 'dense', 'dense_1']);
    expect(list.layer_names_dtype).toMatch(/^\|S\d+$/);
    expect(list.weight_names.conv2d).toEqual(['conv2d/kernel:0', 'conv2d/bias:0']);
    expect(list.weight_names.flatten).toEqual([]);
    expect(list.datasets['model_weights/conv2d/conv2d/kernel:0'].slice(0, 2)).toEqual([[5, 5, 1, 6], 'float32']);
    expect(list.datasets['model_weights/dense/dense/kernel:0'].slice(0, 2)).toEqual([[120, 84], 'float32']);
    const numpy = await oracle<{ max_abs: number }>('keras-run', path, refPath);
    expect(numpy.max_abs).toBeLessThan(1e-5);
  }, 120_000);

  it('ZeroPadding, depthwise, pooling with padding, a Flatten before a Linear, global pooling: torch\'s outputs (own models)', async () => {
    for (const name of ['flatnet', 'gapnet']) {
      const doc = await open(join(CONVERT_FIXTURES, `${name}.pt`));
      const c = convertStandalone(doc, 'h5');
      const { bytes, path } = await finish(c, `${name}.h5`);
      const refPath = join(CONVERT_FIXTURES, `${name}.ref.json`);
      const ref = JSON.parse(readFileSync(refPath, 'utf8')) as RefJson;
      const model = await prepareModel(await reopen(bytes, `${name}.h5`));
      const r = await runModel(model, sampleFromRefJson(ref, `${name}.ref.json`));
      expect(maxAbs(r.output, ref.output!), name).toBeLessThan(1e-5);
      if (name === 'flatnet') {
        expect(model.layers.map((l) => l.kind)).toEqual(['ZeroPadding2D', 'Conv2D', 'BatchNormalization', 'ReLU', 'DepthwiseConv2D', 'LeakyReLU',
          'ZeroPadding2D', 'AveragePooling2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense', 'Dense']);
        expect(c.mapping?.pairs.find((p) => p.b === 'dense')?.rule).toBe('dense-after-flatten');
        if (HAS_ORACLE) expect((await oracle<{ max_abs: number }>('keras-run', path, refPath)).max_abs).toBeLessThan(1e-5);
      }
    }
  }, 120_000);

  it('explains what is missing when there is no module tree or a module has no Keras layer', async () => {
    const sd = await open(join(OWN, 'lenet5.state_dict.pt'));
    expect(() => convertStandalone(sd, 'h5')).toThrow(/state_dict: weights only, no architecture/);
    const cnn = await open(join(MAP_FIXTURES, 'cnn.pt'));
    expect(() => convertStandalone(cnn, 'h5')).toThrow(ConvertError);
    expect(() => convertStandalone(cnn, 'h5')).toThrow(/PReLU/);
    const keras = await open(join(MAP_FIXTURES, 'cnn.keras-layout.h5'));
    expect(() => convertStandalone(keras, 'h5')).toThrow(/Keras model already/);
  });
});

describe('Keras → torch state_dict', () => {
  it('cnn.keras-layout.h5 becomes cnn.pt\'s tensors under torch names from the Keras layers', async () => {
    const doc = await open(join(MAP_FIXTURES, 'cnn.keras-layout.h5'));
    const c = convertStandalone(doc, 'pt');
    expect(c.fileName).toBe('cnn-keras.pt');
    expect(c.written).toEqual([
      'conv2d.weight', 'conv2d.bias', 'batch_normalization.weight', 'batch_normalization.bias', 'batch_normalization.running_mean',
      'batch_normalization.running_var', 'batch_normalization.num_batches_tracked', 'depthwise_conv2d.weight', 'depthwise_conv2d.bias',
      'conv2d_1.weight', 'conv2d_1.bias', 'dense.weight', 'dense.bias', 'p_re_lu.weight', 'dense_1.weight',
    ]);
    const { bytes, path } = await finish(c);
    const got = [...(await shas(await reopen(bytes, c.fileName)))];
    const want = cnnTorchShas();
    got.forEach(([name, sha], i) => {
      if (!name.endsWith('num_batches_tracked')) expect(sha, `${name} ↔ ${want[i][0]}`).toBe(want[i][1].sha256);
    });
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const hashes = await oracle<Record<string, string>>('torch-hashes', path, '--weights-only');
    expect(Object.keys(hashes)).toEqual(c.written);
    const io = JSON.parse(readFileSync(join(MAP_FIXTURES, 'expected.json'), 'utf8'))['cnn.io'];
    const refPath = join(TMP, 'cnn.ref.json');
    writeFileSync(refPath, JSON.stringify({ input_shape: io.input_shape, input: io.input_nchw, input_layout: 'NCHW', output: io.output }));
    const r = await oracle<{ max_abs: number; output: number[] }>('torch-run', path, refPath, '--weights-only', '--arch', 'cnn');
    expect(r.max_abs / Math.max(...io.output.map(Math.abs))).toBeLessThan(1e-6);
  }, 120_000);

  it.skipIf(!HAS_SHARED || !HAS_ORACLE)(`the shared Keras LeNet-5: torch.load(weights_only=True) accepts it and torch computes the Keras reference${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`, async () => {
    const c = convertStandalone(await open(join(SHARED, 'torch', 'lenet5.keras2-layout.h5')), 'pt');
    const { path } = await finish(c, 'shared-lenet5-keras.pt');
    const r = await oracle<{ max_abs: number }>('torch-run', path, join(SHARED, 'torch', 'lenet5.keras2-layout.ref.json'), '--weights-only', '--arch', 'lenet5');
    expect(r.max_abs).toBeLessThanOrEqual(1e-5);
  }, 120_000);
});

describe('safetensors', () => {
  it('lenet5.pt: read back by our reader and by Python (json + numpy) with equal values', async () => {
    const doc = await open(join(OWN, 'lenet5.pt'));
    const c = convertStandalone(doc, 'safetensors');
    expect(c.fileName).toBe('lenet5-torch.safetensors');
    const { bytes, path } = await finish(c);
    const back = await reopen(bytes, c.fileName);
    expect(back.format).toBe('safetensors');
    const want = await shas(doc);
    expect(await shas(back)).toEqual(want);
    const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const py = await oracle<{ metadata: Record<string, string>; tensors: Record<string, { sha256: string }>; aligned: boolean; complete: boolean }>('safetensors-read', path);
    expect(py).toMatchObject({ metadata: { format: 'pt' }, aligned: true, complete: true });
    expect(new Map(Object.entries(py.tensors).map(([k, v]) => [k, v.sha256]))).toEqual(want);
  }, 120_000);

  it('a Keras model in torch layout (default) or as it is', async () => {
    const doc = await open(join(MAP_FIXTURES, 'cnn.keras-layout.h5'));
    const torchLayout = await finish(convertStandalone(doc, 'safetensors'), 'cnn-torch.safetensors');
    const got = [...(await shas(await reopen(torchLayout.bytes, 'cnn-torch.safetensors')))];
    cnnTorchShas().forEach(([name, w], i) => { if (!name.endsWith('num_batches_tracked')) expect(got[i][1], name).toBe(w.sha256); });
    const asIs = await finish(convertStandalone(doc, 'safetensors', { layout: 'source' }), 'cnn-keras.safetensors');
    expect(await shas(await reopen(asIs.bytes, 'cnn-keras.safetensors'))).toEqual(await shas(doc));
  });
});
