import type { LayerNode, ModelDoc, TensorRef } from '../model/types';
import { walk } from '../model/tree';
import type { Framework } from './types';

/** Layer families that have rules; 'other' has none across frameworks (only identity). */
export type Family =
  | 'conv' | 'conv-transpose' | 'separable' | 'dense' | 'batchnorm' | 'layernorm'
  | 'embedding' | 'lstm' | 'gru' | 'rnn' | 'prelu' | 'other';

export type Config = Record<string, unknown>;

/** A layer with its weights, as the rules and the aligner see it. */
export interface LayerView {
  doc: ModelDoc;
  framework: Framework;
  node: LayerNode;
  /** the effective kind: a Keras wrapper (TimeDistributed) shows the wrapped layer's class */
  kind: string;
  family: Family;
  config: Config;
  /** model-group tensors by role: 'weight', 'bias', 'running_var' (torch); 'kernel', 'gamma', … (Keras) */
  roles: Map<string, TensorRef>;
  tensors: TensorRef[];
  /** Keras depthwise convs keep (k…, I, m) kernels */
  depthwise: boolean;
}

export function frameworkOf(doc: ModelDoc): Framework {
  return doc.format.startsWith('keras') ? 'keras' : 'torch';
}

const TORCH_FAMILY: [RegExp, Family][] = [
  [/^Conv[123]d$|^LazyConv[123]d$/, 'conv'],
  [/^ConvTranspose[123]d$|^LazyConvTranspose[123]d$/, 'conv-transpose'],
  [/^(Linear|LazyLinear|NonDynamicallyQuantizableLinear)$/, 'dense'],
  [/^(BatchNorm|BatchNorm[123]d|SyncBatchNorm|LazyBatchNorm[123]d)$/, 'batchnorm'],
  [/^LayerNorm$/, 'layernorm'],
  [/^Embedding$/, 'embedding'],
  [/^LSTM$/, 'lstm'], [/^GRU$/, 'gru'], [/^RNN$/, 'rnn'],
  [/^PReLU$/, 'prelu'],
];

const KERAS_FAMILY: [RegExp, Family][] = [
  [/^(Conv[123]D|Convolution[123]D|AtrousConvolution[12]D|DepthwiseConv[12]D)$/, 'conv'],
  [/^(Conv[123]DTranspose|Deconvolution[23]D|Convolution[23]DTranspose)$/, 'conv-transpose'],
  [/^(SeparableConv[12]D|SeparableConvolution[12]D)$/, 'separable'],
  [/^Dense$/, 'dense'],
  [/^BatchNormalization$/, 'batchnorm'],
  [/^LayerNormalization$/, 'layernorm'],
  [/^Embedding$/, 'embedding'],
  [/^(LSTM|CuDNNLSTM)$/, 'lstm'], [/^(GRU|CuDNNGRU)$/, 'gru'], [/^SimpleRNN$/, 'rnn'],
  [/^PReLU$/, 'prelu'],
];

const familyOf = (table: [RegExp, Family][], kind: string): Family => table.find(([re]) => re.test(kind))?.[1] ?? 'other';

const KERAS_ALIASES: Record<string, string> = { W: 'kernel', b: 'bias', U: 'recurrent_kernel', running_mean: 'moving_mean', running_std: 'moving_variance' };

/** Keras 3 names variables by index (vars/0…): their roles in creation order, as Keras makes them. */
function kerasVarRoles(family: Family, kind: string, cfg: Config, count: number): string[] {
  const bias = cfg.use_bias === false ? [] : ['bias'];
  switch (family) {
    case 'conv': return [/^Depthwise/.test(kind) ? 'depthwise_kernel' : 'kernel', ...bias];
    case 'conv-transpose': case 'dense': return ['kernel', ...bias];
    case 'separable': return ['depthwise_kernel', 'pointwise_kernel', ...bias];
    case 'batchnorm': {
      const roles = [...(cfg.scale === false ? [] : ['gamma']), ...(cfg.center === false ? [] : ['beta']), 'moving_mean', 'moving_variance'];
      return count === 4 ? ['gamma', 'beta', 'moving_mean', 'moving_variance'] : roles;
    }
    case 'layernorm': return [...(cfg.scale === false ? [] : ['gamma']), ...(cfg.center === false ? [] : ['beta'])];
    case 'embedding': return ['embeddings'];
    case 'lstm': case 'gru': case 'rnn': return ['kernel', 'recurrent_kernel', ...bias];
    case 'prelu': return ['alpha'];
    default: return [];
  }
}

const lastOf = (name: string, sep: string): string => name.slice(name.lastIndexOf(sep) + 1);

function kerasRoles(node: LayerNode, family: Family, kind: string, cfg: Config, tensors: TensorRef[]): Map<string, TensorRef> {
  const roles = new Map<string, TensorRef>();
  const leaves = tensors.map((t) => {
    let role = lastOf(t.name, '/').replace(/:\d+$/, '');
    if (role.startsWith(`${node.name}_`)) role = role.slice(node.name.length + 1); // Keras 1: dense_1_W
    return KERAS_ALIASES[role] ?? role;
  });
  // Without names, roles follow creation order; a missing trailing bias just shortens the list.
  const positional = leaves.length > 0 && leaves.every((l) => /^\d+$/.test(l));
  const byIndex = positional ? kerasVarRoles(family, kind, cfg, tensors.length) : [];
  tensors.forEach((t, i) => {
    const role = positional && i < byIndex.length ? byIndex[i] : leaves[i];
    roles.set(roles.has(role) ? t.name : role, t);
  });
  return roles;
}

function torchRoles(tensors: TensorRef[]): Map<string, TensorRef> {
  return new Map(tensors.map((t) => [lastOf(t.name, '.'), t]));
}

/** A Keras wrapper's inner class (TimeDistributed(Dense)), from its config or its weights. */
function unwrap(node: LayerNode, tensors: TensorRef[]): { kind: string; config: Config } {
  if (node.kind !== 'TimeDistributed') return { kind: node.kind, config: node.config };
  const inner = node.config.layer as { class_name?: unknown; config?: unknown } | undefined;
  if (inner && typeof inner.class_name === 'string') return { kind: inner.class_name, config: (inner.config as Config) ?? {} };
  const kernel = tensors.find((t) => /kernel(:\d+)?$/.test(t.name)) ?? tensors[0];
  const r = kernel?.shape.length ?? 0;
  return { kind: r === 2 ? 'Dense' : r >= 3 && r <= 5 ? `Conv${r - 2}D` : node.kind, config: {} };
}

// Documents do not change once read: views are computed once per layer (alignment asks n × m times).
const views = new WeakMap<ModelDoc, { byName: Map<string, TensorRef>; layers: Map<LayerNode, LayerView> }>();

export function layerView(doc: ModelDoc, node: LayerNode): LayerView {
  let cached = views.get(doc);
  if (!cached) views.set(doc, (cached = { byName: new Map(doc.tensors.map((t) => [t.name, t])), layers: new Map() }));
  let v = cached.layers.get(node);
  if (!v) cached.layers.set(node, (v = makeView(doc, node, cached.byName)));
  return v;
}

function makeView(doc: ModelDoc, node: LayerNode, byName: Map<string, TensorRef>): LayerView {
  const framework = frameworkOf(doc);
  const tensors = node.tensors.map((n) => byName.get(n)).filter((t): t is TensorRef => !!t && t.group === 'model');
  if (framework === 'torch') {
    let family = familyOf(TORCH_FAMILY, node.kind);
    if (family === 'conv' && node.config.transposed === true) family = 'conv-transpose';
    return { doc, framework, node, kind: node.kind, family, config: node.config, roles: torchRoles(tensors), tensors, depthwise: false };
  }
  const { kind, config } = unwrap(node, tensors);
  const family = familyOf(KERAS_FAMILY, kind);
  return {
    doc, framework, node, kind, family, config, tensors,
    roles: kerasRoles(node, family, kind, config, tensors), depthwise: /^DepthwiseConv/.test(kind),
  };
}

/** Layers holding model tensors of their own, in tree order (the root too, for a bare tensor file). */
export function mappableLayers(doc: ModelDoc): LayerNode[] {
  const model = new Set(doc.tensors.filter((t) => t.group === 'model').map((t) => t.name));
  return [...walk(doc.root)].map(([n]) => n).filter((n) => n.tensors.some((t) => model.has(t)));
}

/** Leaf layers without tensors (activations, pooling, InputLayer, Flatten, Dropout…). */
export function weightlessLayers(doc: ModelDoc): LayerNode[] {
  return [...walk(doc.root)].map(([n]) => n).filter((n) => n !== doc.root && n.children.length === 0 && n.tensors.length === 0);
}

export const tensorNames = (v: LayerView): string[] => v.tensors.map((t) => t.name);
