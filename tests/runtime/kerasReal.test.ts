import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareModels, prepareModel, randomSample, readKerasConfig, runModel } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, SHARED } from '../helpers/fixtures';
import { openFile, prepareFile } from './helpers';

const real = (f: string): string => join(SHARED, 'real', f);

/**
 * Real Keras files (Keras 1.2 … 3.14) build in tfjs-layers after normalisation and give finite
 * outputs of the right shape. No reference outputs exist for them (no TensorFlow here); the
 * same model saved two ways must agree exactly, which checks how weights are matched to layers.
 */
describe.skipIf(!HAS_SHARED)('real Keras files run', () => {
  const cases: [string, number[], string][] = [
    ['keras2-h5/mnist-cnn-keras224-seq.h5', [1, 10], 'Keras 2.2.4 Sequential CNN'],
    ['keras2-h5/mnist-cnn-tfkeras2.14-seq.h5', [1, 10], 'tf.keras 2.14, module/registered_name configs'],
    ['keras2-h5/conv-autoencoder-bn-functional-tfkeras2.4.h5', [1, 28, 28, 1], 'Functional with BatchNormalization'],
    ['keras2-h5/tabular-dense-concat-functional-tfkeras2.13.h5', [1, 1], 'Functional with Concatenate fan-in'],
    ['keras2-h5/imdb-embedding-globalmaxpool-tfkeras2.10.h5', [1, 1], 'Embedding (integer input)'],
    ['keras2-h5/stock-lstm3-dropout-tfkeras2.3.0-tf.h5', [1, 1], 'three stacked LSTMs'],
    ['keras-old/steering-functional-keras1.2.1.h5', [1, 1], 'Keras 1.2 Functional: Convolution2D(nb_filter, subsample, border_mode)'],
    ['keras3/mnist-mlp-keras3.14.keras', [1, 10], 'Keras 3 .keras zip, weights by index'],
    ['keras3/imdb-embedding-lstm-keras3.13.h5', [1, 1], 'Keras 3 legacy .h5 with an LSTM'],
    ['keras3/mnist-cnn-augment-bn-keras3.3.3.keras', [1, 10], 'augmentation layers and a Flatten of a 2-d input, run as identities'],
  ];
  for (const [file, shape, what] of cases) {
    it(`${file} (${what})`, async () => {
      const { model, opened } = await prepareFile(real(file));
      try {
        const r = await runModel(model, randomSample(model.input, { seed: 1 }), { backend: 'cpu' });
        expect(r.shape).toEqual(shape);
        expect(r.output.every(Number.isFinite)).toBe(true);
        if (model.input.dtype === 'int32') expect(model.input.vocab).toBeGreaterThan(1);
      } finally {
        await opened.close();
      }
    });
  }

  it('augmentation layers are reported as identities', async () => {
    const { model, opened } = await prepareFile(real('keras3/mnist-cnn-augment-bn-keras3.3.3.keras'));
    expect(model.warnings.join('\n')).toMatch(/"random_rotation_4" \(RandomRotation\) does nothing at inference/);
    await opened.close();
  });

  it('the same MLP as Keras 3 legacy .h5 and as .keras gives identical outputs and layers', async () => {
    const a = await prepareFile(real('keras3/mnist-mlp-keras3.14-legacy.h5'));
    const b = await prepareFile(real('keras3/mnist-mlp-keras3.14.keras'));
    const c = await compareModels(a.model, b.model, { seed: 5, layers: true, backend: 'wasm' });
    expect(c.output.maxAbs).toBe(0);
    expect(c.layers!.rows.every((r) => r.maxAbs === 0)).toBe(true);
    await a.opened.close();
    await b.opened.close();
  });

  it('a weights-only file runs with its twin’s model config and matches the full file', async () => {
    const full = await openFile(real('keras2-h5/conv-autoencoder-bn-functional-tfkeras2.4.h5'));
    const weights = await openFile(real('keras2-weights-h5/conv-autoencoder-bn-weights-tfkeras2.4.h5'));
    const config = await readKerasConfig(full.src);
    const a = await prepareModel(full.doc, { source: full.src });
    const b = await prepareModel(weights.doc, { kerasConfig: config });
    const c = await compareModels(a, b, { seed: 0 });
    expect(c.output.verdict).toBe('match');
    await full.close();
    await weights.close();
  });
});

describe('own Keras fixtures', () => {
  it('a Keras 1 Sequential (Convolution2D) and a Keras 3 legacy .h5 run', async () => {
    for (const f of ['k1-sequential.h5', 'k3-legacy.h5']) {
      const { model, opened } = await prepareFile(join(OWN_FIXTURES, 'keras', f));
      const r = await runModel(model, randomSample(model.input, { seed: 0, distribution: 'normal' }));
      expect(r.output.every(Number.isFinite)).toBe(true);
      await opened.close();
    }
  });
});
