import { newNode } from '../../model/tree';
import type { LayerNode, TensorRef } from '../../model/types';
import type { H5Listing, Hdf5File } from '../hdf5/hdf5File';
import { attrText } from './h5Attrs';
import { ARCHITECTURE_ABSENT, CONTENTS_WEIGHTS, producerOf, type DocParts } from './kerasDoc';
import { classFromLayerName } from './kerasClasses';
import { buildTensors } from './kerasTensors';
import { buildVTree, V3Attacher } from './v3Attach';

/** Tensors of a Keras-3-layout weights file, placed into `root` (a config tree, or an empty root). */
export function v3Tensors(file: Hdf5File, listing: H5Listing, root: LayerNode, warnings: string[]): TensorRef[] {
  const vtree = buildVTree(listing.groups, listing.datasets.map((d) => d.path));
  const attacher = new V3Attacher(warnings);
  attacher.attachRoot(vtree, root);
  return buildTensors(file, listing.datasets, { slots: attacher.slots, optimizer: attacher.optimizer }, warnings);
}

/** The optimizer's name, which Keras 3 records as the 'name' attribute of optimizer/vars. */
export function v3OptimizerName(file: Hdf5File, listing: H5Listing): string | undefined {
  return listing.groups.includes('optimizer/vars') ? attrText(file, 'optimizer/vars', 'name') : undefined;
}

/** Keras 3 `model.save_weights('x.weights.h5')`: no attributes at all, recognised by its groups. */
export function v3WeightsOnly(file: Hdf5File, listing: H5Listing): Omit<DocParts, 'fileName' | 'fileSize'> {
  // The model's own vars group records the model's name ('sequential'), the only hint of its class.
  const modelName = listing.groups.includes('vars') ? attrText(file, 'vars', 'name') ?? '' : '';
  const root = newNode('', modelName);
  const kind = classFromLayerName(modelName);
  if (kind) { root.kind = kind; root.kindFrom = 'inferred'; }
  const warnings = [ARCHITECTURE_ABSENT];
  const tensors = v3Tensors(file, listing, root, warnings);
  const opt = v3OptimizerName(file, listing);
  return {
    format: 'keras3-weights-h5', producer: producerOf({ format: 'keras3-weights-h5' }), contents: CONTENTS_WEIGHTS,
    root, tensors, metadata: { architecture: 'absent', ...(opt ? { optimizer: { name: opt } } : {}) }, warnings,
  };
}
