import { finishTree } from '../../model/tree';
import type { FormatId, LayerNode, ModelDoc, TensorRef } from '../../model/types';

export const CONTENTS_FULL = 'full model (architecture + weights)';
export const CONTENTS_WEIGHTS = 'weights only (no architecture)';
export const CONTENTS_WEIGHTS_JSON = 'weights + architecture from JSON';

/** The warning weights-only documents carry; applyArchitecture removes it. */
export const ARCHITECTURE_ABSENT =
  'architecture absent: this file holds weights only (save_weights), so the layer tree is built from its weight ' +
  'groups and layer kinds are guessed from names and shapes. Add the model JSON (model.to_json() or config.json) to fill it in.';

export type KerasFormat = Extract<FormatId, 'keras-h5' | 'keras-weights-h5' | 'keras-zip' | 'keras3-weights-h5'>;

export interface ProducerFacts {
  format: KerasFormat;
  version?: string;
  backend?: string;
}

/** "Keras 2.13.1 (tensorflow backend), legacy HDF5", "Keras 3.14.0, .keras zip", … */
export function producerOf(f: ProducerFacts): string {
  const backend = f.backend ? ` (${f.backend} backend)` : '';
  switch (f.format) {
    case 'keras-h5':
      return `Keras ${f.version ?? '(version not recorded)'}${backend}, legacy HDF5`;
    case 'keras-weights-h5':
      return `Keras ${f.version ?? '1.x (version not recorded)'}${backend}, legacy HDF5 weights (save_weights)`;
    case 'keras3-weights-h5':
      return 'Keras 3 weights file (.weights.h5; version not recorded)';
    case 'keras-zip':
      return `Keras ${f.version ?? '(version not recorded)'}${backend}, .keras zip${f.version?.startsWith('2.') ? ' (tf.keras v3 format)' : ''}`;
  }
}

export interface DocParts {
  fileName: string;
  fileSize: number;
  format: KerasFormat;
  producer: string;
  contents: string;
  root: LayerNode;
  tensors: TensorRef[];
  metadata: Record<string, unknown>;
  warnings: string[];
}

export function assembleDoc(p: DocParts): ModelDoc {
  finishTree(p.root, new Map(p.tensors.map((t) => [t.name, t])));
  const optimizerTensors = p.tensors.filter((t) => t.group === 'optimizer').length;
  const metadata = { ...p.metadata };
  if (optimizerTensors) {
    const opt = (metadata.optimizer ?? {}) as Record<string, unknown>;
    metadata.optimizer = { ...opt, tensors: optimizerTensors };
  }
  return {
    fileName: p.fileName,
    fileSize: p.fileSize,
    format: p.format,
    producer: p.producer,
    root: p.root,
    tensors: p.tensors,
    metadata,
    warnings: [...new Set(p.warnings)],
    contents: p.contents,
  };
}

/** Parses a JSON attribute; keeps the raw text when it is not JSON (old files, hand edits). */
export function parseJsonLoose(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The optimizer's class from a training_config ({optimizer_config: {class_name}}). */
export function optimizerName(trainingConfig: unknown): string | undefined {
  const oc = (trainingConfig as { optimizer_config?: { class_name?: unknown } } | undefined)?.optimizer_config;
  return typeof oc?.class_name === 'string' ? oc.class_name : undefined;
}
