import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomSample, runModel, sampleFromRefJson } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, SHARED, SHARED_SKIP_REASON } from '../helpers/fixtures';
import { maxAbsDiff, NODE_BACKENDS, prepareFile, readJson, referenceRuns, type Opened } from './helpers';

/**
 * Keras GRUs. tfjs-layers 4.22's GRUCell throws on reset_after=True (the TF2 default), so every
 * Keras GRU runs through our own cell (src/core/runtime/keras/kerasGru.ts). The references
 * (scripts/fixtures/keras_zoo.py) are Keras's GRUCell equations in float64, cross-checked there
 * with torch.nn.GRU (reset_after=True) and a scalar loop. float32 in tfjs stays within ~1e-7.
 */
const TOLERANCE = 1e-5;
const DIR = join(OWN_FIXTURES, 'keras-zoo');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.h5')).sort();

interface Ref {
  input_shape: number[]; input: number[]; output_shape: number[]; output: number[];
  layers?: Record<string, { shape: number[]; output: number[] }>;
}

describe('Keras GRU (own fixtures): outputs equal the Keras computation', () => {
  const open: Opened[] = [];
  afterAll(async () => { for (const o of open) await o.close(); });

  it('covers reset_after true and false, go_backwards and Bidirectional', () => {
    expect(FILES).toEqual(['gru_bidirectional.h5', 'gru_reset_after.h5', 'gru_reset_before.h5']);
  });

  referenceRuns(DIR, FILES, '.h5', TOLERANCE, open);

  it('the GRU layers keep their Keras kind in the per-layer activations', async () => {
    const p = await prepareFile(join(DIR, 'gru_reset_after.h5'));
    open.push(p.opened);
    const ref = readJson<Ref>(join(DIR, 'gru_reset_after.ref.json'));
    const r = await runModel(p.model, sampleFromRefJson(ref, 'gru_reset_after.ref.json'), { collect: true });
    expect(r.activations?.map((a) => [a.path, a.kind, a.shape])).toEqual([
      ['gru', 'GRU', [2, 9, 6]], ['gru_1', 'GRU', [2, 9, 4]], ['dense', 'Dense', [2, 9, 3]],
    ]);
  });
});

describe('Keras GRUs that tfjs-layers refuses now run', () => {
  it('k3-wrappers.keras: Bidirectional(GRU reset_after) of a Keras 3 .keras zip, after TimeDistributed(Dense)', async () => {
    const { model, opened } = await prepareFile(join(OWN_FIXTURES, 'keras', 'k3-wrappers.keras'));
    try {
      const r = await runModel(model, randomSample(model.input, { seed: 3, distribution: 'normal' }), { collect: true });
      expect(r.shape).toEqual([1, 6]);
      expect(r.output.every(Number.isFinite)).toBe(true);
      expect(r.activations?.map((a) => a.kind)).toEqual(['TimeDistributed', 'Bidirectional']);
    } finally {
      await opened.close();
    }
  });
});

const REAL = join(SHARED, 'real', 'keras3', 'imdb-embedding-gru-keras3.13.h5');
const REAL_REF = join(DIR, 'real-keras3-imdb-embedding-gru.ref.json');

describe.skipIf(!HAS_SHARED)(`a real Keras 3.13 GRU (reset_after, 200 steps)${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`, () => {
  for (const backend of NODE_BACKENDS) {
    it(`real/keras3/imdb-embedding-gru-keras3.13.h5 on ${backend}: the GRU's output and the model's within 1e-5`, async () => {
      expect(existsSync(REAL_REF), `${REAL_REF} (scripts/fixtures/keras_zoo.py writes it where ../shared is present)`).toBe(true);
      const ref = readJson<Ref>(REAL_REF);
      const { model, opened } = await prepareFile(REAL);
      try {
        const r = await runModel(model, sampleFromRefJson(ref, REAL_REF), { backend, collect: true });
        expect(r.shape).toEqual(ref.output_shape);
        expect(maxAbsDiff(r.output, ref.output)).toBeLessThanOrEqual(TOLERANCE);
        const gru = r.activations?.find((a) => a.path === 'gru_4');
        expect(gru?.kind).toBe('GRU');
        expect(gru?.shape).toEqual(ref.layers!.gru_4.shape);
        expect(maxAbsDiff(gru!.data, ref.layers!.gru_4.output)).toBeLessThanOrEqual(TOLERANCE);
      } finally {
        await opened.close();
      }
    });
  }
});
