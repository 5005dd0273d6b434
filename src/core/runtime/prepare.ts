import type { ByteSource } from '../io/byteSource';
import type { ModelDoc } from '../model/types';
import type { Json } from './keras/kerasConfig';
import { prepareKeras } from './keras/kerasModel';
import { prepareTorch } from './torch/torchModel';
import { CannotRunError, type Framework, type RunnableModel } from './types';

export interface PrepareOptions {
  /** the model file: TorchScript code and the exact Keras config are read from it */
  source?: ByteSource;
  /** Keras: a model config (model.to_json()) to build instead of the file's */
  kerasConfig?: Json;
  /** image size (H, W), or signal length (L), instead of the one inferred */
  spatial?: number[];
  /** sequence length for token and RNN inputs */
  seqLen?: number;
  batch?: number;
  signal?: AbortSignal;
}

export function frameworkOf(doc: ModelDoc): Framework | undefined {
  if (doc.format.startsWith('keras')) return 'keras';
  if (doc.format.startsWith('torch') || doc.format === 'pickle') return 'torch';
  return undefined;
}

/**
 * A document as a model the runtime can execute, or a CannotRunError whose message says why not
 * ("cannot run: the forward of __main__.SimpleNN is Python code not stored in the file; …").
 * Reads the weights; tfjs itself is only loaded when a session is created.
 */
export async function prepareModel(doc: ModelDoc, opts: PrepareOptions = {}): Promise<RunnableModel> {
  const fw = frameworkOf(doc);
  if (fw === 'keras') return prepareKeras(doc, { ...opts, config: opts.kerasConfig });
  if (fw === 'torch') return prepareTorch(doc, opts);
  throw new CannotRunError(`${doc.fileName} is a ${doc.format} file: tensors without an architecture; ` +
    'its weights can run with the architecture of a runnable model whose names match (withArchitectureOf)');
}

/** Why a document cannot run, or undefined when it can (prepares it, so this reads its weights). */
export async function whyNotRunnable(doc: ModelDoc, opts: PrepareOptions = {}): Promise<string | undefined> {
  try {
    await prepareModel(doc, opts);
    return undefined;
  } catch (err) {
    if (err instanceof CannotRunError) return err.message;
    throw err;
  }
}
