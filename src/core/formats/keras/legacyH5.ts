import { newNode } from '../../model/tree';
import type { LayerNode } from '../../model/types';
import type { H5Listing, Hdf5File } from '../hdf5/hdf5File';
import { attrStrings, attrText } from './h5Attrs';
import {
  ARCHITECTURE_ABSENT, CONTENTS_FULL, CONTENTS_WEIGHTS, optimizerName, parseJsonLoose, producerOf, type DocParts,
} from './kerasDoc';
import { buildTensors } from './kerasTensors';
import { roleFromWeightName } from './layout';
import { attachLegacy, type LegacyLayerWeights } from './legacyAttach';
import { parseModelConfig } from './modelConfig';
import type { WeightSlot } from './nodes';

type Parts = Omit<DocParts, 'fileName' | 'fileSize'>;

/** tf.keras wrote some weight names with '//' (an empty scope); HDF5 reads that as one '/'. */
const cleanName = (w: string): string => w.replace(/\/{2,}/g, '/');

/** The layer groups of a legacy file, from `layer_names` and each group's `weight_names`. */
function layerGroups(file: Hdf5File, weightsRoot: string): LegacyLayerWeights[] {
  const prefix = weightsRoot ? `${weightsRoot}/` : '';
  return (attrStrings(file, weightsRoot, 'layer_names') ?? []).map((layer) => ({
    layer,
    weights: (attrStrings(file, `${prefix}${layer}`, 'weight_names') ?? []).map(cleanName).map((w) => ({ path: `${prefix}${layer}/${w}`, weightName: w })),
  }));
}

/** Keras ≥ 2.9 keeps a model's own (non-layer) weights in 'top_level_model_weights'. */
function topLevelSlots(file: Hdf5File, listing: H5Listing, root: LayerNode): WeightSlot[] {
  const group = 'model_weights/top_level_model_weights';
  if (!listing.groups.includes(group)) return [];
  return (attrStrings(file, group, 'weight_names') ?? []).map(cleanName).map((w) => ({
    node: root, path: `${group}/${w}`, role: roleFromWeightName(w.split('/').pop() ?? w, root.name),
  }));
}

/** Optimizer datasets, in the order of optimizer_weights' weight_names, then any others. */
function optimizerPaths(file: Hdf5File, listing: H5Listing): string[] {
  if (!listing.groups.includes('optimizer_weights')) return [];
  const listed = (attrStrings(file, 'optimizer_weights', 'weight_names') ?? []).map((w) => `optimizer_weights/${cleanName(w)}`);
  const rest = listing.datasets.map((d) => d.path).filter((p) => p.startsWith('optimizer_weights/'));
  return [...new Set([...listed, ...rest])];
}

/** Keras 1/2 `model.save('x.h5')`, and Keras 3 writing that legacy layout. */
export function legacyFullModel(file: Hdf5File, listing: H5Listing): Parts {
  const version = attrText(file, '', 'keras_version');
  const backend = attrText(file, '', 'backend');
  const tree = parseModelConfig(attrText(file, '', 'model_config') ?? '', 'model_config');
  const warnings = [...tree.warnings];
  const weightsRoot = listing.groups.includes('model_weights') ? 'model_weights' : '';
  const slots = [...attachLegacy(tree.root, layerGroups(file, weightsRoot), warnings), ...topLevelSlots(file, listing, tree.root)];
  const trainingConfig = parseJsonLoose(attrText(file, '', 'training_config'));
  const tensors = buildTensors(file, listing.datasets, { slots, optimizer: optimizerPaths(file, listing) }, warnings);
  const metadata: Record<string, unknown> = { keras_version: version, backend, model_class: tree.modelClass, architecture: 'present' };
  if (trainingConfig !== undefined) metadata.training_config = trainingConfig;
  const opt = optimizerName(trainingConfig);
  if (opt) metadata.optimizer = { name: opt };
  return {
    format: 'keras-h5', producer: producerOf({ format: 'keras-h5', version, backend }), contents: CONTENTS_FULL,
    root: tree.root, tensors, metadata: dropUndefined(metadata), warnings,
  };
}

/** `save_weights('x.h5')`: layer groups at the root, no model_config (Keras 1 may not even record a version). */
export function legacyWeightsOnly(file: Hdf5File, listing: H5Listing): Parts {
  const version = attrText(file, '', 'keras_version');
  const backend = attrText(file, '', 'backend');
  const root = newNode('', '');
  const warnings = [ARCHITECTURE_ABSENT];
  const slots = attachLegacy(root, layerGroups(file, ''), warnings);
  const tensors = buildTensors(file, listing.datasets, { slots, optimizer: optimizerPaths(file, listing) }, warnings);
  return {
    format: 'keras-weights-h5', producer: producerOf({ format: 'keras-weights-h5', version, backend }), contents: CONTENTS_WEIGHTS,
    root, tensors, metadata: dropUndefined({ keras_version: version, backend, architecture: 'absent' }), warnings,
  };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
