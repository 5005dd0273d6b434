import type { LayerNode, ModelDoc } from '../model/types';
import { walk } from '../model/tree';
import { layerView, type LayerView } from './layers';

/**
 * What feeds a layer, as far as the architecture tells: enough to know whether a Linear/Dense
 * reads a flattened feature map, whose element order differs between torch (C,H,W) and Keras (H,W,C).
 */
export interface FeedInfo {
  /** path of the nearest layer upstream that has weights (or the InputLayer) */
  source?: string;
  /** channels of that layer's output when it is a feature map (conv, batchnorm, image input) */
  channels?: number;
  /** a Flatten layer lies in between */
  flatten: boolean;
  /** Keras data_format 'channels_first': flattening keeps torch's order */
  channelsFirst: boolean;
  /** a global pooling in between collapses the spatial axes */
  pooled: boolean;
  /** a weightless layer in between whose effect on element order is unknown (Reshape, Permute, Lambda…) */
  unsure?: string;
}

// Weightless layers that keep the channel count and the element order of a feature map.
const ORDER_KEEPING = new RegExp('^(' + [
  'ReLU6?', 'LeakyReLU', 'P?ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Sigmoid', 'Tanh', 'Softmax2?d?', 'LogSoftmax', 'Hardswish',
  'Hardsigmoid', 'Hardtanh', 'Mish', 'Softplus', 'Identity', 'Activation', 'ThresholdedReLU', 'Softmax',
  'Dropout[123]?d?', 'AlphaDropout', 'SpatialDropout[123]D', 'GaussianNoise', 'GaussianDropout', 'ActivityRegularization',
  'Masking', '(Max|Avg|LP)Pool[123]d', '(Max|Average)Pooling[123]D', 'MaxPool[123]D', 'AvgPool[123]D',
  'ZeroPad[123]d', 'ZeroPadding[123]D', '(Constant|Reflection|Replication)Pad[123]d', 'Cropping[123]D',
  'UpSampling[123]D', 'Upsample', 'Upsampling(Nearest|Bilinear)2d', 'BatchNorm[123]d', 'BatchNormalization', 'InstanceNorm[123]d',
].join('|') + ')$');

const GLOBAL_POOL = /^(Global(Average|Max)Pooling[123]D|GlobalAvgPool[123]D|GlobalMaxPool[123]D)$/;

function outChannels(v: LayerView): number | undefined {
  const w = v.roles.get(v.framework === 'torch' ? 'weight' : v.depthwise ? 'depthwise_kernel' : 'kernel') ?? v.roles.get('kernel');
  if (v.family === 'conv' && w) {
    if (v.framework === 'torch') return w.shape[0];
    const r = w.shape.length;
    return v.depthwise ? w.shape[r - 2] * w.shape[r - 1] : w.shape[r - 1];
  }
  if (v.family === 'conv-transpose' && w) {
    if (v.framework === 'keras') return w.shape[w.shape.length - 2];
    const g = typeof v.config.groups === 'number' ? v.config.groups : 1;
    return w.shape[1] * g;
  }
  if (v.family === 'batchnorm') return v.tensors.find((t) => t.shape.length === 1)?.shape[0];
  return undefined;
}

function inputChannels(node: LayerNode): number | undefined {
  const shape = (node.config.batch_input_shape ?? node.config.batch_shape) as unknown;
  if (!Array.isArray(shape) || shape.length < 4) return undefined; // (batch, H, W, C) at least
  const c = shape[shape.length - 1];
  return typeof c === 'number' ? c : undefined;
}

/** Walks the layers in model order; Functional graphs follow a layer's single input instead. */
class Upstream {
  private readonly seq: LayerNode[];
  private readonly pos = new Map<LayerNode, number>();
  private readonly byName = new Map<string, LayerNode>();

  constructor(doc: ModelDoc) {
    const all = [...walk(doc.root)].map(([n]) => n);
    this.seq = all.filter((n) => n !== doc.root && (n.children.length === 0 || n.tensors.length > 0));
    this.seq.forEach((n, i) => this.pos.set(n, i));
    for (const n of all) if (!this.byName.has(n.name)) this.byName.set(n.name, n);
  }

  before(node: LayerNode): LayerNode | undefined {
    if (node.inputs && node.inputs.length === 1) {
      let src = this.byName.get(node.inputs[0]);
      while (src && src.children.length && !src.tensors.length) src = src.children[src.children.length - 1];
      if (src) return src;
    }
    const i = this.pos.get(node);
    return i !== undefined && i > 0 ? this.seq[i - 1] : undefined;
  }
}

const cache = new WeakMap<ModelDoc, Upstream>();

export function feedInfo(doc: ModelDoc, node: LayerNode): FeedInfo {
  let up = cache.get(doc);
  if (!up) cache.set(doc, (up = new Upstream(doc)));
  const info: FeedInfo = { flatten: false, channelsFirst: false, pooled: false };
  const seen = new Set<LayerNode>();
  for (let cur = up.before(node); cur && !seen.has(cur); cur = up.before(cur)) {
    seen.add(cur);
    if (cur.tensors.length) {
      const v = layerView(doc, cur);
      if (v.tensors.length) {
        info.source = cur.path;
        info.channels = outChannels(v);
        if (v.config.data_format === 'channels_first') info.channelsFirst = true;
        return info;
      }
    }
    if (cur.kind === 'Flatten') {
      info.flatten = true;
      if (cur.config.data_format === 'channels_first') info.channelsFirst = true;
    } else if (cur.kind === 'InputLayer') {
      info.source = cur.path;
      info.channels = inputChannels(cur);
      return info;
    } else if (GLOBAL_POOL.test(cur.kind) || (/^Adaptive(Avg|Max)Pool[123]d$/.test(cur.kind) && isOnes(cur.config.output_size))) {
      info.pooled = true;
    } else if (!ORDER_KEEPING.test(cur.kind) && !/^Adaptive(Avg|Max)Pool[123]d$/.test(cur.kind)) {
      info.unsure ??= `${cur.path} (${cur.kind || 'unknown kind'})`;
    }
  }
  return info;
}

function isOnes(v: unknown): boolean {
  return v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
}
