import type { LayerNode } from '../../model/types';
import { roleFromWeightName } from './layout';
import { addGroupChild, findChild, isContainer, type WeightSlot } from './nodes';

/** One layer group of a legacy (Keras 1/2, Keras 3 `.h5`) file: its weights, in `weight_names` order. */
export interface LegacyLayerWeights {
  layer: string;
  weights: Array<{ path: string; weightName: string }>;
}

/**
 * Places legacy weights into the tree. Weight names carry scopes that differ by version:
 * 'conv2d/kernel:0' (Keras 2), 'kernel' (Keras 3.1), 'sequential/conv2d/kernel' (Keras 3 with the
 * creating model's scope), 'res_net/conv2d/kernel:0' (a subclassed layer's sub-layers),
 * 'lstm/lstm_cell/kernel:0' (a built-in layer's cell). A scope that names a child descends into it;
 * the layer's own name and the model's name are skipped; other scopes become children only for
 * containers (models, user classes) and are otherwise folded into the layer that owns them.
 */
export function attachLegacy(root: LayerNode, layers: LegacyLayerWeights[], warnings: string[]): WeightSlot[] {
  const slots: WeightSlot[] = [];
  const fromConfig = root.children.length > 0;
  for (const group of layers) {
    let layer = findChild(root, group.layer);
    if (!layer) {
      if (fromConfig) warnings.push(`weights group "${group.layer}" matches no layer of the model config`);
      layer = addGroupChild(root, group.layer);
    }
    for (const w of group.weights) {
      const parts = w.weightName.split('/');
      const leaf = parts.pop() ?? w.weightName;
      let node = layer;
      for (const scope of parts) {
        const child = findChild(node, scope);
        if (child) { node = child; continue; }
        if (scope === node.name || scope === root.name || !isContainer(node)) continue;
        node = addGroupChild(node, scope);
      }
      slots.push({ node, path: w.path, role: roleFromWeightName(leaf, node.name) });
    }
  }
  return slots;
}

/**
 * Recovers the layer groups from tensor names (used when the HDF5 attributes are not at hand, as in
 * applyArchitecture): '<prefix><layer>/<weight name>' with prefix 'model_weights/' or ''.
 */
export function legacyGroupsFromNames(names: string[], prefix: string): LegacyLayerWeights[] {
  const groups = new Map<string, LegacyLayerWeights>();
  for (const path of names) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) continue;
    const layer = rest.slice(0, slash);
    let g = groups.get(layer);
    if (!g) { g = { layer, weights: [] }; groups.set(layer, g); }
    g.weights.push({ path, weightName: rest.slice(slash + 1) });
  }
  return [...groups.values()];
}
