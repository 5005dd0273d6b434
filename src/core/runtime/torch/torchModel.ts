import { readTorchScriptCode } from '../../formats/torch/torchscriptCode';
import type { ByteSource } from '../../io/byteSource';
import type { ModelDoc, TensorRef } from '../../model/types';
import { CannotRunError, type RunnableModel } from '../types';
import { readWeights } from '../weights';
import { inferTorchInput, type InputOptions } from './inputSpec';
import type { ParamShapes } from './modules/types';
import { torchSession } from './session';
import { checkSteps, stepsFromModules, type TorchStep } from './steps';
import { stepsFromTorchScript } from './torchscript';

export interface TorchPrepareOptions extends InputOptions {
  /** the file itself: TorchScript models read their forward from the archive's code/ */
  source?: ByteSource;
  /** code/ files already read (readTorchScriptCode) */
  code?: Map<string, string>;
  signal?: AbortSignal;
}

export async function torchSteps(doc: ModelDoc, opts: TorchPrepareOptions): Promise<TorchStep[]> {
  if (doc.format === 'torchscript-v1') {
    throw new CannotRunError('the 2019 TorchScript layout (model.json + code/*.py, op_version_set 0) is not supported; re-save it with a current torch');
  }
  if (doc.format !== 'torchscript') return stepsFromModules(doc);
  const code = opts.code ?? (opts.source ? await readTorchScriptCode(opts.source) : undefined);
  if (!code) throw new CannotRunError('a TorchScript model runs from the code/ folder of its archive: pass the file as well as the document');
  return stepsFromTorchScript(doc, code);
}

/** A torch document as a runnable model: its forward, weights (read now) and input. */
export async function prepareTorch(doc: ModelDoc, opts: TorchPrepareOptions = {}): Promise<RunnableModel> {
  const steps = await torchSteps(doc, opts);
  const byName = new Map(doc.tensors.map((t) => [t.name, t]));
  checkSteps(steps, (n) => byName.get(n)?.shape);
  const refs: TensorRef[] = [];
  for (const s of steps) {
    for (const name of Object.values(s.params)) {
      const t = byName.get(name);
      if (!t) throw new CannotRunError(`module "${s.path}" needs tensor "${name}", which the file does not hold`);
      if (!refs.includes(t)) refs.push(t);
    }
  }
  const weights = await readWeights(refs, opts.signal);
  const shapes = (s: TorchStep): ParamShapes =>
    Object.fromEntries(Object.entries(s.params).map(([role, name]) => [role, byName.get(name)?.shape ?? []]));
  const input = inferTorchInput(steps, shapes, opts);
  return {
    framework: 'torch',
    name: doc.fileName,
    input,
    layers: steps.map((s) => ({ path: s.path, kind: s.kind, parametrised: Object.keys(s.params).length > 0 })),
    warnings: [],
    session: (backend = 'cpu') => torchSession(doc.fileName, steps, weights, input, backend),
  };
}
