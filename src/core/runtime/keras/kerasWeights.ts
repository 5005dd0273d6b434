import type { LayerNode, ModelDoc, TensorRef } from '../../model/types';
import { permute } from '../../viz/permute';
import { CannotRunError } from '../types';
import type { WeightData } from '../weights';

/**
 * Which stored weights go to which tfjs variable. A Keras file lists each layer's weights in the
 * order Keras creates them, which tfjs-layers follows too; names confirm it where they can
 * ('conv2d/kernel:0' and tfjs 'conv2d/kernel' share the role 'kernel' once ':0' is stripped).
 * Keras 3 `.keras` files name weights by index ('vars/0'): order alone decides there.
 */

/** The role a weight name ends in: 'model_weights/conv2d/conv2d/kernel:0' → 'kernel'; Keras 1 'dense_1_W' → 'W'. */
export function roleOf(name: string): string {
  const leaf = (name.split('/').pop() ?? name).replace(/:\d+$/, '');
  const k1 = /_(W|b|U|gamma|beta|running_mean|running_std)$/.exec(leaf);
  return k1 ? k1[1] : leaf;
}

/** Each layer's stored tensors, by layer name, with sub-layer scopes (lstm_cell, forward_lstm) folded in. */
export function storedWeights(node: LayerNode, byName: Map<string, TensorRef>): TensorRef[] {
  const own = node.tensors.map((n) => byName.get(n)).filter((t): t is TensorRef => t !== undefined && t.group === 'model');
  const isModel = node.kind === 'Sequential' || node.kind === 'Functional' || node.kind === 'Model';
  return isModel ? own : [...own, ...node.children.flatMap((c) => storedWeights(c, byName))];
}

export interface TargetVariable {
  name: string;      // tfjs originalName, e.g. 'conv2d/kernel'
  shape: number[];
}

/**
 * The stored weight for each tfjs variable of a layer, as float32 data in the variable's shape.
 * Keras 1 'th' kernels (out, in, rows, cols) are transposed to (rows, cols, in, out).
 */
export function assignLayer(layer: string, targets: TargetVariable[], stored: WeightData[]): Float32Array[] {
  if (stored.length !== targets.length) {
    throw new CannotRunError(`layer "${layer}" has ${stored.length} stored weights but tfjs-layers builds ${targets.length} (${targets.map((t) => roleOf(t.name)).join(', ') || 'none'})`);
  }
  const storedRoles = stored.map((s) => roleOf(s.name));
  const byRole = new Set(storedRoles).size === stored.length && targets.every((t) => storedRoles.includes(roleOf(t.name)));
  return targets.map((t, i) => {
    const w = byRole ? stored[storedRoles.indexOf(roleOf(t.name))] : stored[i];
    if (sameShape(w.shape, t.shape)) return w.data;
    if (w.shape.length === 4 && sameShape([w.shape[2], w.shape[3], w.shape[1], w.shape[0]], t.shape)) return permute(w.data, w.shape, [2, 3, 1, 0]);
    if (w.data.length === t.shape.reduce((a, b) => a * b, 1) && w.shape.length !== t.shape.length) return w.data; // (1, 1, C) vs (C,)
    throw new CannotRunError(`layer "${layer}": stored weight "${w.name}" has shape [${w.shape.join(', ')}], tfjs expects [${t.shape.join(', ')}] for ${t.name}`);
  });
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The document node of a layer, by name, below a model node. */
export function childNamed(node: LayerNode, name: string): LayerNode | undefined {
  return node.children.find((c) => c.name === name);
}

/** Every model-group tensor the layers below `root` use. */
export function allStored(doc: ModelDoc): TensorRef[] {
  return doc.tensors.filter((t) => t.group === 'model');
}
