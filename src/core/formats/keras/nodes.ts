import { newNode } from '../../model/tree';
import type { LayerNode } from '../../model/types';
import { classFromLayerName, isKnownClass, isModelClass } from './kerasClasses';

/** One weight dataset placed in the tree: which layer owns it and what it is to that layer. */
export interface WeightSlot {
  node: LayerNode;
  path: string;   // dataset path inside the HDF5 file
  role: string;   // 'kernel', 'bias', 'gamma', … or the raw name/index when unknown
}

export function findChild(parent: LayerNode, name: string): LayerNode | undefined {
  return parent.children.find((c) => c.name === name);
}

/** A node known only from a weights group name; its kind is guessed from Keras's auto-naming. */
export function addGroupChild(parent: LayerNode, name: string): LayerNode {
  const node = newNode(parent.path ? `${parent.path}.${name}` : name, name);
  const kind = classFromLayerName(name);
  if (kind) { node.kind = kind; node.kindFrom = 'inferred'; }
  parent.children.push(node);
  return node;
}

/**
 * Whether a layer's weight scopes describe sub-layers we should show as children. Built-in layers
 * own their weights even when these sit in a sub-scope (an LSTM's 'lstm_cell'); models, user classes
 * and layers of unknown kind are containers whose scopes are their sub-layers.
 */
export function isContainer(node: LayerNode): boolean {
  if (node.children.length > 0 || isModelClass(node.kind) || node.kind === '') return true;
  return !isKnownClass(node.kind);
}

/** The class whose layout rules apply to a layer's weights: the wrapped layer for wrappers. */
export function layoutKind(node: LayerNode): string {
  if (node.kind === 'TimeDistributed' || node.kind === 'Bidirectional') {
    const inner = node.config.layer;
    if (inner && typeof inner === 'object' && typeof (inner as { class_name?: unknown }).class_name === 'string') {
      return (inner as { class_name: string }).class_name;
    }
  }
  return node.kind;
}

/** The wrapped layer's config for wrappers (its use_bias etc. decide var roles), else the node's own. */
export function layoutConfig(node: LayerNode): Record<string, unknown> {
  const inner = node.config.layer as { config?: unknown } | undefined;
  if ((node.kind === 'TimeDistributed' || node.kind === 'Bidirectional') && inner && typeof inner.config === 'object' && inner.config) {
    return inner.config as Record<string, unknown>;
  }
  return node.config;
}

/** A kind for a layer nobody named, from the roles and shapes of its weights. */
export function kindFromWeights(weights: Array<{ role: string; shape: number[] }>): string {
  const by = new Map(weights.map((w) => [w.role, w.shape]));
  const kernel = by.get('kernel') ?? (weights.length > 0 && /^\d+$/.test(weights[0].role) ? weights[0].shape : undefined);
  const rec = by.get('recurrent_kernel');
  if (kernel && rec && rec.length === 2 && kernel.length === 2) {
    const ratio = kernel[1] / rec[0];
    return ratio === 4 ? 'LSTM' : ratio === 3 ? 'GRU' : ratio === 1 ? 'SimpleRNN' : 'RNN';
  }
  if (by.has('moving_mean') || by.has('moving_variance')) return 'BatchNormalization';
  if (by.has('embeddings')) return 'Embedding';
  if (by.has('depthwise_kernel')) return by.has('pointwise_kernel') ? 'SeparableConv2D' : 'DepthwiseConv2D';
  if (/^\d+$/.test(weights[0]?.role ?? '') && weights.length === 4 && weights.every((w) => w.shape.length === 1 && w.shape[0] === weights[0].shape[0])) {
    return 'BatchNormalization';
  }
  if (kernel) return ({ 2: 'Dense', 3: 'Conv1D', 4: 'Conv2D', 5: 'Conv3D' } as Record<number, string>)[kernel.length] ?? '';
  return '';
}
