import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OWN_FIXTURES } from '../helpers/fixtures';
import { referenceRuns, type Opened } from './helpers';

/**
 * The module zoo (scripts/fixtures/zoo.py): one nn.Sequential per module family the runtime
 * implements, with the options whose semantics differ from TensorFlow's, saved whole and (for
 * some) traced to TorchScript. Real torch's eval-mode output on the stored input must come out
 * within 1e-5 on cpu and wasm: float32 sums in another order stay far below that here
 * (worst seen: 6e-7, LayerNorm and non-integer adaptive pooling).
 */
const TOLERANCE = 1e-5;
const DIR = join(OWN_FIXTURES, 'zoo');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.pt')).sort();

describe('module zoo: outputs equal real torch', () => {
  const open: Opened[] = [];
  afterAll(async () => { for (const o of open) await o.close(); });

  it('has a model for every module family', () => {
    const stems = FILES.map((f) => f.replace(/\.pt$/, ''));
    for (const family of ['conv2d', 'conv1d', 'conv_transpose2d', 'linear', 'activations', 'batchnorm', 'layernorm', 'maxpool', 'avgpool',
      'pool1d', 'adaptive', 'upsample', 'dropout_flatten', 'embedding', 'lstm', 'gru', 'nested', 'conv2d.torchscript']) {
      expect(stems).toContain(family);
    }
  });

  referenceRuns(DIR, FILES, '.pt', TOLERANCE, open);
});
