import type { ByteSource } from '../../io/byteSource';
import type { ModelDoc } from '../../model/types';
import { CannotRunError, type RunnableModel } from '../types';
import { readWeights } from '../weights';
import { kerasModelConfig, type Json } from './kerasConfig';
import { kerasInput, type KerasInputOptions } from './kerasInput';
import { kerasSession } from './kerasSession';
import { normaliseKerasConfig } from './normaliseConfig';

export interface KerasPrepareOptions extends KerasInputOptions {
  /** the file itself: its raw model config is exact where the document's tree is not */
  source?: ByteSource;
  /** a model config (model.to_json()) to use instead of the file's */
  config?: Json;
  signal?: AbortSignal;
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** A Keras document as a runnable model: its config normalised for tfjs-layers, its weights read now. */
export async function prepareKeras(doc: ModelDoc, opts: KerasPrepareOptions = {}): Promise<RunnableModel> {
  const weightsOnly = doc.metadata.architecture === 'absent' || doc.contents.startsWith('weights only');
  if (weightsOnly && !opts.config) {
    throw new CannotRunError(`${doc.fileName} holds weights only (save_weights), no architecture: add the model JSON (model.to_json() or config.json) to run it`);
  }
  const raw = opts.config ?? (await kerasModelConfig(doc, opts.source));
  if (!raw) {
    throw new CannotRunError(`${doc.fileName} has no model config to build from`);
  }
  const top = (raw.model_config ?? raw) as Json;
  if (!MODEL_CLASSES.has(String(top.class_name))) {
    throw new CannotRunError(`the model is a subclassed model (${String(top.class_name)}): its call() is Python code not stored in the file`);
  }
  const { config, unsupported, notes } = normaliseKerasConfig(raw);
  if (unsupported.length) throw new CannotRunError(unsupported.join('; '));
  const input = kerasInput(config, opts);
  const tensors = doc.tensors.filter((t) => t.group === 'model');
  const weights = await readWeights(tensors, opts.signal);
  const byName = new Map(doc.tensors.map((t) => [t.name, t]));
  const layers = doc.root.children
    .filter((c) => c.kind !== 'InputLayer')
    .map((c) => ({ path: c.name, kind: c.kind, parametrised: c.params > 0 }));
  const parts = { name: doc.fileName, config, root: doc.root, byName, weights, input };
  return {
    framework: 'keras',
    name: doc.fileName,
    input,
    layers,
    warnings: notes,
    session: (backend = 'cpu') => kerasSession(parts, backend),
  };
}
