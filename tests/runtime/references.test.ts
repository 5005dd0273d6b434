import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runModel, sampleFromRefJson, type RunnableModel } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, SHARED } from '../helpers/fixtures';
import { maxAbsDiff, NODE_BACKENDS, openFile, prepareFile, readJson } from './helpers';
import { prepareModel, withArchitectureOf } from '../../src/core/runtime';

/**
 * Every reference file whose model can run from its own file (or, for a state_dict, from the
 * architecture of the whole module it was saved from): the output on the reference input must
 * be what real torch computed, within 1e-5, on every backend Node has.
 */
const TOLERANCE = 1e-5;

interface Ref { input_shape: number[]; input: number[]; output_shape: number[]; output: number[] }

interface Case { name: string; file: string; ref: string; arch?: string }

const shared = (f: string): string => join(SHARED, 'torch', f);
const own = (f: string): string => join(OWN_FIXTURES, 'torch', f);

const SHARED_CASES: Case[] = [
  { name: 'lenet5.pt (whole module)', file: shared('lenet5.pt'), ref: shared('lenet5.ref.json') },
  { name: 'lenet5.torchscript.pt (traced)', file: shared('lenet5.torchscript.pt'), ref: shared('lenet5.ref.json') },
  { name: 'lenet5.keras2-layout.h5 (Keras, NHWC input)', file: shared('lenet5.keras2-layout.h5'), ref: shared('lenet5.keras2-layout.ref.json') },
];

const OWN_CASES: Case[] = [
  { name: 'own lenet5.pt', file: own('lenet5.pt'), ref: own('lenet5.ref.json') },
  { name: 'own lenet5.torchscript.pt', file: own('lenet5.torchscript.pt'), ref: own('lenet5.torchscript.ref.json') },
  { name: 'own cnn_bn.pt (nested Sequential, BatchNorm2d)', file: own('cnn_bn.pt'), ref: own('cnn_bn.ref.json') },
  { name: 'lenet5.state_dict.pt with lenet5.pt’s architecture', file: own('lenet5.state_dict.pt'), arch: own('lenet5.pt'), ref: own('lenet5.state_dict.ref.json') },
  { name: 'lenet5.legacy.pt with the TorchScript architecture', file: own('lenet5.legacy.pt'), arch: own('lenet5.torchscript.pt'), ref: own('lenet5.legacy.ref.json') },
  { name: 'lenet5.checkpoint.pth (model_state_dict.*) with lenet5.pt', file: own('lenet5.checkpoint.pth'), arch: own('lenet5.pt'), ref: own('lenet5.checkpoint.ref.json') },
  { name: 'cnn_bn.dp.state_dict.pt (module.*) with cnn_bn.pt', file: own('cnn_bn.dp.state_dict.pt'), arch: own('cnn_bn.pt'), ref: own('cnn_bn.dp.state_dict.ref.json') },
  { name: 'zip64.pt with cnn_bn.pt', file: own('zip64.pt'), arch: own('cnn_bn.pt'), ref: own('zip64.ref.json') },
];

async function prepareCase(c: Case): Promise<{ model: RunnableModel; close: () => Promise<void> }> {
  if (!c.arch) {
    const { model, opened } = await prepareFile(c.file);
    return { model, close: opened.close };
  }
  const weights = await openFile(c.file);
  const arch = await openFile(c.arch);
  const model = await prepareModel(withArchitectureOf(arch.doc, weights.doc), { source: arch.src });
  return { model, close: async () => { await weights.close(); await arch.close(); } };
}

function suite(title: string, cases: Case[], skip: boolean): void {
  describe.skipIf(skip)(title, () => {
    const models = new Map<string, RunnableModel>();
    const closers: (() => Promise<void>)[] = [];
    beforeAll(async () => {
      for (const c of cases) {
        const p = await prepareCase(c);
        models.set(c.name, p.model);
        closers.push(p.close);
      }
      return async () => { for (const close of closers) await close(); };
    });
    for (const c of cases) {
      for (const backend of NODE_BACKENDS) {
        it(`${c.name} on ${backend}`, async () => {
          const ref = readJson<Ref>(c.ref);
          const r = await runModel(models.get(c.name)!, sampleFromRefJson(ref, c.ref), { backend });
          expect(r.backend).toBe(backend);
          expect(r.shape).toEqual(ref.output_shape);
          expect(maxAbsDiff(r.output, ref.output)).toBeLessThanOrEqual(TOLERANCE);
        });
      }
    }
  });
}

suite('reference outputs: ../shared/fixtures/torch', SHARED_CASES, !HAS_SHARED);
suite('reference outputs: tests/fixtures/torch', OWN_CASES, false);

describe.skipIf(!HAS_SHARED)('inferred inputs match the reference inputs', () => {
  it('LeNet-5: 1×28×28 (the size that gives its Linear 120 features), NHWC for the Keras file', async () => {
    const t = await prepareFile(shared('lenet5.pt'));
    const k = await prepareFile(shared('lenet5.keras2-layout.h5'));
    expect(t.model.input).toMatchObject({ shape: [1, 1, 28, 28], layout: 'NCHW', dtype: 'float32' });
    expect(k.model.input).toMatchObject({ shape: [1, 28, 28, 1], layout: 'NHWC', dtype: 'float32' });
    await t.opened.close();
    await k.opened.close();
  });
});
