import type { FeatureMap } from '../mapping';
import type { ModelDoc } from '../model/types';
import { inferTorchInput, propagate } from '../runtime/torch/inputSpec';
import { ShapeError, type Cfg, type ParamShapes } from '../runtime/torch/modules/types';
import { checkSteps, stepsFromModules, type TorchStep } from '../runtime/torch/steps';
import { CannotRunError } from '../runtime/types';
import { ConvertError } from './errors';
import {
  batchNormLayer, convLayer, denseLayer, depthwiseLayer, globalPoolLayer, inputLayer, KerasNames, layerNormLayer, poolLayer,
  simpleLayer, zeroPaddingLayer, type KerasLayer,
} from './kerasLayers';

/**
 * The Keras Sequential equivalent of a torch nn.Sequential, layer by layer, with every shape known
 * (the input size is inferred as the runtime does). Torch pads symmetrically where Keras 'same'
 * cannot: a ZeroPadding layer and 'valid' are used then. torch flattens C,H,W and Keras H,W,C: the
 * first Dense after a Flatten gets its kernel rows permuted (the mapping's flattenRows step) rather
 * than a Permute layer being inserted, so the model is what a Keras user would have written and
 * the permutation costs nothing at run time.
 */
export interface KerasPlan {
  layers: KerasLayer[];
  /** torch Linear path → the C×H×W map its input is the flattening of */
  flatten: Record<string, FeatureMap>;
  /** Keras layers that take an explicit ZeroPadding instead of torch's padding argument */
  padded: Set<string>;
  notes: string[];
}

const ACTIVATIONS: Record<string, (cfg: Cfg, rank: number) => string | undefined> = {
  ReLU: () => 'relu', Tanh: () => 'tanh', Sigmoid: () => 'sigmoid', SiLU: () => 'swish',
  ELU: (c) => (c.alpha === undefined || c.alpha === 1 ? 'elu' : undefined),
  Softplus: (c) => ((c.beta ?? 1) === 1 ? 'softplus' : undefined),
  GELU: (c) => (c.approximate === undefined || c.approximate === 'none' ? 'gelu' : undefined),
  Softmax: (c, rank) => {
    const d = typeof c.dim === 'number' ? (c.dim < 0 ? c.dim + rank : c.dim) : rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
    return d === 1 ? 'softmax' : undefined;
  },
};
const FUSES = new Set(['Conv1D', 'Conv2D', 'DepthwiseConv2D', 'Dense']);
const PASS_THROUGH = new Set(['Identity']);
const DROPOUT = /^(Dropout[123]?d?|AlphaDropout|FeatureAlphaDropout)$/;

function ints(v: unknown, n: number, fallback: number): number[] {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return new Array<number>(n).fill(fallback);
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v.length === 1 ? new Array<number>(n).fill(v[0]) : (v as number[]);
  throw new ConvertError(`unexpected size ${JSON.stringify(v)}`);
}

class Planner {
  readonly layers: KerasLayer[] = [];
  readonly flatten: Record<string, FeatureMap> = {};
  readonly padded = new Set<string>();
  readonly notes: string[] = [];
  private readonly names = new KerasNames();
  private fusable?: KerasLayer;
  private pendingFlatten?: FeatureMap;
  private skipFlatten = false;

  add(className: string, make: (name: string) => KerasLayer, from?: string): KerasLayer {
    const layer = make(this.names.next(className));
    if (from) layer.from = from;
    this.layers.push(layer);
    this.fusable = FUSES.has(layer.className) ? layer : undefined;
    return layer;
  }

  step(s: TorchStep, p: ParamShapes, inShape: number[], outShape: number[], next?: TorchStep): void {
    const no = (why: string): never => { throw new ConvertError(`module "${s.path}" (${s.kind}): ${why}`); };
    const rank = inShape.length, c = s.config;
    if (this.pendingFlatten && s.kind !== 'Linear' && !ACTIVATIONS[s.kind] && !DROPOUT.test(s.kind) && !PASS_THROUGH.has(s.kind)) {
      no('follows a Flatten of a feature map whose element order differs in Keras (H,W,C) from torch (C,H,W); only a Linear can absorb that');
    }
    if (/^Conv[12]d$/.test(s.kind)) return this.conv(s, p, inShape, no);
    if (s.kind === 'Linear') {
      if (rank !== 2) no(`a Linear on a ${rank}-d input acts on the last axis, which Keras's channels-last layout does not keep`);
      this.add('Dense', (n) => denseLayer(n, p.weight[0], p.weight[1], !!p.bias), s.path);
      if (this.pendingFlatten) this.flatten[s.path] = this.pendingFlatten;
      this.pendingFlatten = undefined;
      return;
    }
    if (/^BatchNorm[12]d$/.test(s.kind)) {
      if (c.track_running_stats === false) no('has no running statistics (track_running_stats=False)');
      const ch = p.running_mean?.[0] ?? inShape[1];
      const momentum = typeof c.momentum === 'number' ? 1 - c.momentum : 0.99;
      this.add('BatchNormalization', (n) => batchNormLayer(n, rank - 1, ch, typeof c.eps === 'number' ? c.eps : 1e-5, momentum, !!p.weight), s.path);
      return;
    }
    if (s.kind === 'LayerNorm') {
      if (rank !== 2) no('only a LayerNorm over the features of a 2-d input is written');
      this.add('LayerNormalization', (n) => layerNormLayer(n, inShape[1], typeof c.eps === 'number' ? c.eps : 1e-5, !!p.weight), s.path);
      return;
    }
    const act = ACTIVATIONS[s.kind];
    if (act) {
      const name = act(c, rank) ?? no('this variant has no Keras activation');
      if (this.fusable && this.fusable.config.activation === 'linear') {
        this.fusable.config.activation = name;
        this.fusable = undefined;
      } else this.add('Activation', (n) => simpleLayer('Activation', n, { activation: name }));
      return;
    }
    if (s.kind === 'ReLU6') {
      this.add('ReLU', (n) => simpleLayer('ReLU', n, { max_value: 6, negative_slope: 0, threshold: 0 }));
      return;
    }
    if (s.kind === 'LeakyReLU') {
      this.add('LeakyReLU', (n) => simpleLayer('LeakyReLU', n, { alpha: typeof c.negative_slope === 'number' ? c.negative_slope : 0.01 }));
      return;
    }
    if (/^(Max|Avg)Pool[12]d$/.test(s.kind)) return this.pool(s, inShape, outShape, no);
    if (/^Adaptive(Avg|Max)Pool[12]d$/.test(s.kind)) {
      const n = rank - 2;
      if (!ints(c.output_size, n, 1).every((x) => x === 1)) no('only an output size of 1 (global pooling) is written');
      this.add(`Global${s.kind.includes('Avg') ? 'Average' : 'Max'}Pooling${n}D`, (nm) => globalPoolLayer(nm, s.kind.includes('Avg') ? 'Average' : 'Max', n));
      if (next?.kind === 'Flatten') this.skipFlatten = true;
      else this.add('Reshape', (nm) => simpleLayer('Reshape', nm, { target_shape: outShape.slice(2).concat(outShape[1]) }));
      return;
    }
    if (s.kind === 'Flatten') {
      const start = typeof c.start_dim === 'number' ? c.start_dim : 1, end = typeof c.end_dim === 'number' ? c.end_dim : -1;
      if (start !== 1 || (end !== -1 && end !== rank - 1)) no('only Flatten(start_dim=1, end_dim=-1) is written');
      if (this.skipFlatten || rank === 2) { this.skipFlatten = false; return; }
      this.add('Flatten', (n) => simpleLayer('Flatten', n));
      this.pendingFlatten = { channels: inShape[1], spatial: inShape.slice(2) };
      return;
    }
    if (DROPOUT.test(s.kind)) {
      // identities at inference, kept so the Keras model trains like the torch one
      this.add('Dropout', (n) => simpleLayer('Dropout', n, { rate: typeof c.p === 'number' ? c.p : 0.5 }));
      return;
    }
    if (PASS_THROUGH.has(s.kind)) return;
    no('no Keras layer is written for it yet');
  }

  private conv(s: TorchStep, p: ParamShapes, inShape: number[], no: (why: string) => never): void {
    const c = s.config, w = p.weight, n = w.length - 2;
    if (c.transposed === true) no('transposed convolutions are not written yet');
    if (typeof c.padding_mode === 'string' && c.padding_mode !== 'zeros') no(`Keras convolutions only pad with zeros, not '${c.padding_mode}'`);
    const k = w.slice(2), strides = ints(c.stride, n, 1), dilation = ints(c.dilation, n, 1), groups = typeof c.groups === 'number' ? c.groups : 1;
    if (strides.some((x) => x > 1) && dilation.some((x) => x > 1)) no('TensorFlow cannot combine stride and dilation in one convolution');
    let padding: 'valid' | 'same' = 'valid';
    if (c.padding === 'same') padding = 'same';
    else if (c.padding !== 'valid') {
      const pads = ints(c.padding, n, 0);
      const symmetricSame = strides.every((x) => x === 1) && pads.every((x, i) => 2 * x === dilation[i] * (k[i] - 1));
      if (pads.some((x) => x > 0)) {
        if (symmetricSame) padding = 'same';
        else this.add(`ZeroPadding${n}D`, (nm) => zeroPaddingLayer(nm, pads.map((x) => [x, x] as [number, number])));
      }
    }
    const spec = { rank: n, filters: w[0], kernel: k, strides, dilation, padding, groups, useBias: !!p.bias, inPerGroup: w[1] };
    const inC = inShape[1];
    const padded = this.layers[this.layers.length - 1]?.className.startsWith('ZeroPadding') ?? false;
    let layer: KerasLayer;
    if (groups > 1 && groups === inC && w[1] === 1) {
      if (n !== 2) no('only 2-d depthwise convolutions are written');
      layer = this.add('DepthwiseConv2D', (nm) => depthwiseLayer(nm, spec, inC, w[0] / inC), s.path);
    } else layer = this.add(`Conv${n}D`, (nm) => convLayer(nm, spec), s.path);
    if (padded) this.padded.add(layer.name);
    if (groups > 1 && layer.className !== 'DepthwiseConv2D') this.notes.push(`${layer.name}: a grouped convolution (groups=${groups}); Keras 2 reads it, tfjs-layers may not`);
  }

  private pool(s: TorchStep, inShape: number[], outShape: number[], no: (why: string) => never): void {
    const c = s.config, n = inShape.length - 2;
    const k = ints(c.kernel_size, n, 1), st = ints(c.stride, n, NaN).map((x, i) => (Number.isNaN(x) ? k[i] : x));
    const pads = ints(c.padding, n, 0);
    if (!ints(c.dilation, n, 1).every((x) => x === 1)) no('dilated pooling has no Keras layer');
    const floorOut = inShape.slice(2).map((x, i) => Math.floor((x + 2 * pads[i] - k[i]) / st[i]) + 1);
    if (floorOut.some((x, i) => x !== outShape[i + 2])) no('ceil_mode adds a partial window that Keras pooling does not compute');
    const max = s.kind.startsWith('Max');
    if (pads.some((x) => x > 0)) {
      if (max) no('max pooling with padding has no exact Keras equivalent');
      if (c.count_include_pad === false) no('average pooling with padding and count_include_pad=False has no exact Keras equivalent');
      this.add(`ZeroPadding${n}D`, (nm) => zeroPaddingLayer(nm, pads.map((x) => [x, x] as [number, number])));
    }
    if (typeof c.divisor_override === 'number') no('divisor_override has no Keras equivalent');
    this.add(`${max ? 'Max' : 'Average'}Pooling${n}D`, (nm) => poolLayer(nm, max ? 'Max' : 'Average', n, k, st));
  }

  finish(): void {
    if (this.pendingFlatten) this.notes.push('the model ends with a flattened feature map: Keras orders those features H,W,C where torch orders them C,H,W');
  }
}

export function planKeras(doc: ModelDoc, opts: { spatial?: number[] } = {}): KerasPlan {
  const byName = new Map(doc.tensors.map((t) => [t.name, t]));
  const shapes = (s: TorchStep): ParamShapes => Object.fromEntries(Object.entries(s.params).map(([r, n]) => [r, byName.get(n)?.shape ?? []]));
  let steps: TorchStep[], outs: number[][], input: number[], free = false;
  try {
    steps = stepsFromModules(doc);
    checkSteps(steps, (n) => byName.get(n)?.shape);
    const spec = inferTorchInput(steps, shapes, { spatial: opts.spatial });
    if (spec.dtype !== 'float32' || !['NCHW', 'NCL', 'NC'].includes(spec.layout)) throw new ConvertError(`its input (${spec.layout}, ${spec.dtype}) is not an image, signal or feature vector`);
    input = spec.shape;
    outs = propagate(steps, shapes, input);
    // a model that takes other sizes as well (global pooling before the head) keeps H, W free, as Keras models do
    const fits = (d: number): boolean => { try { propagate(steps, shapes, [...input.slice(0, 2), ...input.slice(2).map((x) => x + d)]); return true; } catch { return false; } };
    free = !opts.spatial && input.length > 2 && fits(1) && fits(7);
  } catch (err) {
    if (err instanceof CannotRunError) throw new ConvertError(`cannot write ${doc.fileName} as a Keras model: ${err.reason}`);
    if (err instanceof ShapeError || err instanceof ConvertError) throw new ConvertError(`cannot write ${doc.fileName} as a Keras model: ${err.message}`);
    throw err;
  }
  const planner = new Planner();
  steps.forEach((s, i) => planner.step(s, shapes(s), i === 0 ? input : outs[i - 1], outs[i], steps[i + 1]));
  planner.finish();
  const layers = planner.layers;
  if (!layers.length) throw new ConvertError(`${doc.fileName} has no layer to write`);
  const batchShape = [null, ...input.slice(2).map((x) => (free ? null : x)), ...(input.length > 2 ? [input[1]] : input.slice(1))];
  layers[0].config.batch_input_shape = batchShape;
  return { layers: [inputLayer(`${layers[0].name}_input`, batchShape), ...layers], flatten: planner.flatten, padded: planner.padded, notes: planner.notes };
}
