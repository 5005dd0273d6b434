import { afterAll, describe, expect, it } from 'vitest';
import { walk } from '../../src/core/model/tree';
import type { LayerNode, ModelDoc } from '../../src/core/model/types';
import { closeOpened, HAVE_SHARED, openPath, REAL, SKIP_SHARED, tensor } from './helpers';

/** Version-specific facts of the real files: the cases each one is in the collection for. */
function node(doc: ModelDoc, path: string): LayerNode {
  for (const [n] of walk(doc.root)) if (n.path === path) return n;
  throw new Error(`no layer ${path} in ${doc.fileName}`);
}

describe.skipIf(!HAVE_SHARED)(`real Keras files, case by case${HAVE_SHARED ? '' : ` (${SKIP_SHARED})`}`, () => {
  afterAll(closeOpened);

  it('Keras 2.2.4 Lambda: shown with a note instead of its bytecode, and a warning naming it', async () => {
    const doc = await openPath(`${REAL}keras2-h5/carnd-nvidia-lambda-dropout-keras224.h5`);
    const lambda = node(doc, 'lambda_1');
    expect(lambda.kind).toBe('Lambda');
    expect(lambda.config.function).toMatch(/^<Python bytecode, \d+ bytes — not decoded, never run>$/);
    expect(doc.warnings.some((w) => w.includes('"lambda_1"') && w.includes('bytecode'))).toBe(true);
    expect(node(doc, 'conv2d_1').config).toMatchObject({ filters: 24, kernel_size: [5, 5], strides: [2, 2], padding: 'valid', activation: 'elu' });
    expect(doc.metadata.training_config).toMatchObject({ loss: 'mean_squared_error' });
    expect(doc.tensors.filter((t) => t.group === 'optimizer').length).toBeGreaterThan(0);
  });

  it('Keras 1.1.1: bare-list Sequential config, Convolution2D kept as the kind, raw-marshal Lambda', async () => {
    const doc = await openPath(`${REAL}keras-old/carnd-nvidia-lambda-keras1.1.1.h5`);
    expect(doc.root.kind).toBe('Sequential');
    expect(node(doc, 'convolution2d_1')).toMatchObject({ kind: 'Convolution2D', kindFrom: 'config' });
    expect(node(doc, 'convolution2d_1').config).toMatchObject({ nb_filter: 24, subsample: [2, 2], border_mode: 'valid' });
    expect(tensor(doc, 'model_weights/convolution2d_1/convolution2d_1_W:0').layout).toBe('HWIO');
    expect(node(doc, 'lambda_1').config.function).toMatch(/Python bytecode/);
  });

  it('Keras 1.2.1 functional Model: 3-element inbound nodes become inputs', async () => {
    const doc = await openPath(`${REAL}keras-old/steering-functional-keras1.2.1.h5`);
    expect(doc.root.kind).toBe('Model');
    expect(node(doc, 'conv0').inputs).toEqual(['input_1']);
    expect(node(doc, 'predictions').inputs).toEqual(['ff2_act']);
  });

  it('tf.keras 2.9 siamese: shared subclassed layer called twice, its sub-layers from weight scopes, Lambda output', async () => {
    const doc = await openPath(`${REAL}keras2-h5/siamese-2input-shared-subclassed-lambda-tfkeras2.9.h5`);
    const resnet = node(doc, 'res_net');
    expect(resnet.kind).toBe('ResNet');
    expect(resnet.inputs).toEqual(['left_input', 'right_input']);
    expect(resnet.children.map((c) => c.name)).toContain('batch_normalization_8');
    expect(node(doc, 'res_net.conv2d')).toMatchObject({ kind: 'Conv2D', kindFrom: 'inferred' });
    expect(node(doc, 'output_layer').inputs).toEqual(['res_net']);
    expect(doc.warnings.some((w) => w.includes('"ResNet"'))).toBe(true);
    expect(doc.warnings.some((w) => w.includes('"output_layer"') && w.includes('bytecode'))).toBe(true);
  });

  it('tf.keras 2.13 Functional DAG: Concatenate fan-in', async () => {
    const doc = await openPath(`${REAL}keras2-h5/tabular-dense-concat-functional-tfkeras2.13.h5`);
    expect(node(doc, 'concatenate_1').inputs).toEqual(['concatenate', 'dense_2']);
  });

  it('layouts: BN (C), LSTM and GRU gate order, Embedding', async () => {
    const bn = await openPath(`${REAL}keras2-h5/conv-autoencoder-bn-functional-tfkeras2.4.h5`);
    expect(tensor(bn, 'model_weights/batch_normalization/batch_normalization/moving_variance:0').layout).toBe('(C)');
    expect(tensor(bn, 'model_weights/conv2d/conv2d/kernel:0').layout).toBe('HWIO');
    const lstm = await openPath(`${REAL}keras2-h5/stock-lstm3-dropout-tfkeras2.3.0-tf.h5`);
    expect(tensor(lstm, 'model_weights/lstm/lstm/lstm_cell/kernel:0').layout).toBe('(in,4·units) gates i,f,c,o');
    expect(node(lstm, 'lstm').tensors).toHaveLength(3);
    const gru = await openPath(`${REAL}keras3/imdb-embedding-gru-keras3.13.h5`);
    const gruBias = gru.tensors.find((t) => /gru_4.*bias$/.test(t.name));
    expect(gruBias?.shape).toEqual([2, 192]);
    expect(gruBias?.layout).toContain('gates z,r,h');
    expect(gru.tensors.find((t) => t.name.endsWith('embeddings'))?.layout).toBe('(num,dim)');
  });

  it('a .keras name on an HDF5 file: sniffed as legacy HDF5, not as a zip', async () => {
    const doc = await openPath(`${REAL}other/mario-lstm-hdf5-named-dot-keras-keras2.2.0.keras`);
    expect(doc.format).toBe('keras-h5');
    expect(doc.producer).toBe('Keras 2.2.0 (tensorflow backend), legacy HDF5');
  });

  it('Keras 1 weights-only file without any version attribute', async () => {
    const doc = await openPath(`${REAL}keras-old/carnd-nvidia-weights-keras1x.h5`);
    expect(doc.format).toBe('keras-weights-h5');
    expect(doc.contents).toBe('weights only (no architecture)');
    expect(doc.metadata.architecture).toBe('absent');
    expect(doc.warnings.some((w) => w.startsWith('architecture absent'))).toBe(true);
    expect(node(doc, 'convolution2d_1')).toMatchObject({ kind: 'Convolution2D', kindFrom: 'inferred' });
    expect(node(doc, 'dropout_1').tensors).toEqual([]);
  });

  it('Keras 3 .keras: vars matched to config layers by class-based group names, numeric var order', async () => {
    const doc = await openPath(`${REAL}keras3/mnist-cnn-augment-bn-keras3.3.3.keras`);
    // config names the layer batch_normalization_3; the weights group is layers/batch_normalization.
    expect(node(doc, 'batch_normalization_3').tensors).toEqual([0, 1, 2, 3].map((i) => `layers/batch_normalization/vars/${i}`));
    expect(node(doc, 'dense_3').tensors).toEqual(['layers/dense_1/vars/0', 'layers/dense_1/vars/1']);
    expect(node(doc, 'random_rotation_4').tensors).toEqual([]);
    const opt = doc.tensors.filter((t) => t.group === 'optimizer').map((t) => Number(t.name.split('/').pop()));
    expect(opt).toEqual([...opt].sort((a, b) => a - b));
    expect(opt.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('Keras 3.5 nested Sequential shared by two inputs, custom layers kept with warnings', async () => {
    const doc = await openPath(`${REAL}keras3/siamese-2input-nested-seq-custom-layer-keras3.5.keras`);
    const encoder = node(doc, 'encoder');
    expect(encoder.kind).toBe('Sequential');
    expect(encoder.inputs).toEqual(['images_a', 'images_b']);
    expect(node(doc, 'encoder.conv2d').tensors).toEqual(['layers/sequential/layers/conv2d/vars/0', 'layers/sequential/layers/conv2d/vars/1']);
    expect(node(doc, 'encoder.l2_norm_layer').kind).toBe('L2NormLayer');
    expect(doc.warnings.filter((w) => w.startsWith('custom layer class'))).toHaveLength(2);
    expect(node(doc, 'cosine_distance').inputs).toEqual(['encoder']);
  });

  it('Keras 3.4 op-layers (keras.ops as layers) are shown and need no weights group', async () => {
    const doc = await openPath(`${REAL}keras3/conv-encoder-ops-layers-keras3.4.1.keras`);
    expect(node(doc, 'max')).toMatchObject({ kind: 'Max', tensors: [] });
    expect(node(doc, 'add').inputs).toEqual(['average_pooling2d_5', 'multiply']);
    expect(node(doc, 'conv2d_6').tensors).toEqual(['layers/conv2d_2/vars/0', 'layers/conv2d_2/vars/1']);
    expect(doc.warnings).toEqual([]);
  });

  it('tf.keras 2.14 v3 .keras of a subclassed model: tree from backslash-named weight groups', async () => {
    const doc = await openPath(`${REAL}keras3/vae-subclassed-tfkeras2.14-v3format.keras`);
    expect(doc.root.kind).toBe('VAE');
    expect(doc.root.children.map((c) => c.name).sort()).toEqual(['dec', 'enc']);
    expect(node(doc, 'dec.conv2d_transpose').kind).toBe('Conv2DTranspose');
    expect(tensor(doc, 'dec\\_layer_checkpoint_dependencies\\conv2d_transpose/vars/0').layout).toBe('HWOI');
    expect(doc.warnings[0]).toMatch(/subclassed model "VAE"/);
  });

  it('Keras 3 .weights.h5 is recognised by structure alone', async () => {
    const doc = await openPath(`${REAL}keras3/mnist-mlp-keras3.14.weights.h5`);
    expect(doc.format).toBe('keras3-weights-h5');
    expect(doc.root).toMatchObject({ name: 'sequential', kind: 'Sequential' });
    expect(tensor(doc, 'layers/dense/vars/0').layout).toBe('(in,out)');
    expect(doc.metadata.optimizer).toEqual({ name: 'adam', tensors: 18 });
  });

  it('the same MLP saved three ways by Keras 3.14 gives the same weights', async () => {
    const legacy = await openPath(`${REAL}keras3/mnist-mlp-keras3.14-legacy.h5`);
    const zip = await openPath(`${REAL}keras3/mnist-mlp-keras3.14.keras`);
    const a = await tensor(legacy, 'model_weights/dense_3/dense_3/kernel').read();
    const b = await tensor(zip, 'layers/dense_3/vars/0').read();
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(zip.producer).toBe('Keras 3.14.0, .keras zip');
  });
});
