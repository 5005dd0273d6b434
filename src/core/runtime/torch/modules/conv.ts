import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl, type ParamShapes, type Weights } from './types';
import { as2d, from2d, ints, num, padSpatial, positive, subsample, toNCHW, toNHWC, type PadMode } from './util';

/**
 * Conv1d/Conv2d and ConvTranspose1d/2d in torch semantics. tfjs convolves NHWC with 'valid' or
 * TF-style 'same' padding, so torch's symmetric (or string) padding is applied explicitly first,
 * padding modes included. tfjs has no `groups`: depthwise convolutions use depthwiseConv2d and
 * other groups are convolved one by one. tfjs refuses stride and dilation together: such a
 * convolution is computed at stride 1 and subsampled, which is the same sum.
 */

interface ConvGeom {
  k: number[]; s: number[]; d: number[];
  pads: [number, number][];   // [[top, bottom], [left, right]]
  groups: number;
  mode: PadMode;
  outPad: number[];
}

const is1d = (kind: string): boolean => kind.endsWith('1d');

function geometry(cfg: Cfg, oneD: boolean, kernel: number[]): ConvGeom {
  const n = oneD ? 1 : 2;
  const lift = (v: number[], fill: number): number[] => (oneD ? [fill, v[0]] : v);
  const k = kernel;
  const s = lift(ints(cfg.stride, n, new Array<number>(n).fill(1)), 1);
  const d = lift(ints(cfg.dilation, n, new Array<number>(n).fill(1)), 1);
  const outPad = lift(ints(cfg.output_padding, n, new Array<number>(n).fill(0)), 0);
  let pads: [number, number][];
  if (cfg.padding === 'valid') pads = [[0, 0], [0, 0]];
  else if (cfg.padding === 'same') {
    // torch pads d·(k−1) in total, the odd one on the right/bottom.
    pads = k.map((kk, i) => {
      const total = d[i] * (kk - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)] as [number, number];
    });
  } else {
    const p = lift(ints(cfg.padding, n, new Array<number>(n).fill(0)), 0);
    pads = p.map((x) => [x, x] as [number, number]);
  }
  const mode = (typeof cfg.padding_mode === 'string' ? cfg.padding_mode : 'zeros') as PadMode;
  return { k, s, d, pads, groups: num(cfg, 'groups', 1), mode, outPad };
}

/** Kernel spatial size from the weight: conv (O, I/g, k…), transposed (I, O/g, k…). */
function kernelOf(weight: number[] | undefined, oneD: boolean): number[] {
  if (!weight) throw new ShapeError('the convolution has no weight');
  return oneD ? [1, weight[2]] : [weight[2], weight[3]];
}

function outSize(inp: number, k: number, s: number, d: number, pads: [number, number]): number {
  return Math.floor((inp + pads[0] + pads[1] - d * (k - 1) - 1) / s) + 1;
}

function convShape(inShape: number[], cfg: Cfg, p: ParamShapes, kind: string): number[] {
  const oneD = is1d(kind);
  const w = p.weight;
  const g = geometry(cfg, oneD, kernelOf(w, oneD));
  const rank = oneD ? 3 : 4;
  if (inShape.length !== rank) throw new ShapeError(`${kind} takes a ${rank}-d input, got [${inShape.join(', ')}]`);
  const transposed = kind.startsWith('ConvTranspose');
  const inC = transposed ? w[0] : w[1] * g.groups;
  const outC = transposed ? w[1] * g.groups : w[0];
  if (inShape[1] !== inC) throw new ShapeError(`${kind} expects ${inC} input channels, the input has ${inShape[1]}`);
  const spatial = oneD ? [1, inShape[2]] : [inShape[2], inShape[3]];
  const out = spatial.map((x, i) => transposed
    ? (x - 1) * g.s[i] - g.pads[i][0] - g.pads[i][1] + g.d[i] * (g.k[i] - 1) + g.outPad[i] + 1
    : outSize(x, g.k[i], g.s[i], g.d[i], g.pads[i]));
  return positive(oneD ? [inShape[0], outC, out[1]] : [inShape[0], outC, out[0], out[1]], kind);
}

/** Convolution of an NHWC tensor with HWIO kernels, one per group (depthwise when `depthwise`). */
function convolve(tf: Tf, x: Tensor, kernels: Tensor[], g: ConvGeom, depthwise: boolean): Tensor {
  const both = g.s.some((v) => v > 1) && g.d.some((v) => v > 1);
  const strides = (both ? [1, 1] : g.s) as [number, number];
  const dil = g.d as [number, number];
  const one = (inp: Tensor, k: Tensor): Tensor => depthwise
    ? tf.depthwiseConv2d(inp as never, k as never, strides, 'valid', 'NHWC', dil)
    : tf.conv2d(inp as never, k as never, strides, 'valid', 'NHWC', dil);
  let y: Tensor;
  if (kernels.length === 1) y = one(x, kernels[0]);
  else {
    const parts = tf.split(x, kernels.length, 3);
    y = tf.concat(parts.map((part, i) => one(part, kernels[i])), 3);
  }
  return both ? subsample(tf, y, g.s) : y;
}

function prepareConv(tf: Tf, w: Weights, cfg: Cfg, kind: string): Weights {
  const oneD = is1d(kind);
  const weight = oneD ? tf.expandDims(w.weight, 2) : w.weight; // (O, I/g, 1, k)
  const groups = num(cfg, 'groups', 1);
  const [o, ig, kh, kw] = weight.shape;
  const out: Weights = {};
  if (groups > 1 && ig === 1 && o % groups === 0) {
    // depthwise: (C·m, 1, kh, kw) → (kh, kw, C, m); output channel c·m + j is tf's order too
    const m = o / groups;
    out.k0 = tf.transpose(tf.reshape(weight, [groups, m, kh, kw]), [2, 3, 0, 1]);
  } else {
    const perGroup = groups > 1 ? tf.split(weight, groups, 0) : [weight];
    perGroup.forEach((part, i) => { out[`k${i}`] = tf.transpose(part, [2, 3, 1, 0]); });
  }
  if (w.bias) out.bias = w.bias;
  return out;
}

function prepareTransposed(tf: Tf, w: Weights, cfg: Cfg, kind: string): Weights {
  const oneD = is1d(kind);
  const weight = oneD ? tf.expandDims(w.weight, 2) : w.weight; // (I, O/g, kh, kw)
  const groups = num(cfg, 'groups', 1);
  const out: Weights = {};
  const perGroup = groups > 1 ? tf.split(weight, groups, 0) : [weight];
  // A transposed convolution is a convolution of the zero-stuffed input with the kernel
  // rotated by 180° and in/out swapped: (I/g, O/g, kh, kw) → (kh, kw, I/g, O/g), reversed in h and w.
  perGroup.forEach((part, i) => { out[`k${i}`] = tf.reverse(tf.transpose(part, [2, 3, 0, 1]), [0, 1]); });
  if (w.bias) out.bias = w.bias;
  return out;
}

function kernelsOf(w: Weights): Tensor[] {
  const out: Tensor[] = [];
  for (let i = 0; w[`k${i}`]; i++) out.push(w[`k${i}`]);
  return out;
}

function addBias(tf: Tf, y: Tensor, w: Weights): Tensor {
  return w.bias ? tf.add(y, w.bias) : y;
}

function convForward(tf: Tf, x: Tensor, cfg: Cfg, w: Weights, kind: string): Tensor {
  const oneD = is1d(kind);
  const kernels = kernelsOf(w);
  const g = geometry(cfg, oneD, [kernels[0].shape[0], kernels[0].shape[1]]);
  let h = toNHWC(tf, oneD ? as2d(tf, x) : x);
  h = padSpatial(tf, h, g.pads, g.mode);
  // one kernel for several groups means the depthwise form prepared above
  const y = addBias(tf, convolve(tf, h, kernels, g, g.groups > 1 && kernels.length === 1), w);
  const back = toNCHW(tf, y);
  return oneD ? from2d(tf, back) : back;
}

/** Inserts stride−1 zeros between pixels: (N, H, W, C) → (N, (H−1)·sh+1, (W−1)·sw+1, C). */
function zeroStuff(tf: Tf, x: Tensor, s: number[]): Tensor {
  if (s.every((v) => v === 1)) return x;
  const [n, h, w, c] = x.shape;
  const spread = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, s[0] - 1], [0, 0], [0, s[1] - 1], [0, 0]]);
  return tf.slice(tf.reshape(spread, [n, h * s[0], w * s[1], c]), [0, 0, 0, 0], [n, (h - 1) * s[0] + 1, (w - 1) * s[1] + 1, c]);
}

function transposedForward(tf: Tf, x: Tensor, cfg: Cfg, w: Weights, kind: string): Tensor {
  const oneD = is1d(kind);
  const kernels = kernelsOf(w);
  const g = geometry(cfg, oneD, [kernels[0].shape[0], kernels[0].shape[1]]);
  let h = zeroStuff(tf, toNHWC(tf, oneD ? as2d(tf, x) : x), g.s);
  const pads = g.k.map((k, i) => {
    const full = g.d[i] * (k - 1);
    return [full - g.pads[i][0], full - g.pads[i][1] + g.outPad[i]] as [number, number];
  });
  h = padSpatial(tf, h, pads, 'zeros');
  const y = addBias(tf, convolve(tf, h, kernels, { ...g, s: [1, 1] }, false), w);
  const back = toNCHW(tf, y);
  return oneD ? from2d(tf, back) : back;
}

function checkConv(cfg: Cfg): string | undefined {
  const mode = cfg.padding_mode;
  if (mode !== undefined && !['zeros', 'reflect', 'replicate', 'circular'].includes(mode as string)) return `padding_mode "${String(mode)}" is not supported`;
  return undefined;
}

export const conv: ModuleImpl[] = (['Conv1d', 'Conv2d'] as const).map((kind) => ({
  kinds: [kind],
  check: checkConv,
  outShape: (s, cfg, p) => convShape(s, cfg, p, kind),
  prepare: (tf, w, cfg) => prepareConv(tf, w, cfg, kind),
  forward: (tf, x, cfg, w) => convForward(tf, x, cfg, w, kind),
}));

export const convTranspose: ModuleImpl[] = (['ConvTranspose1d', 'ConvTranspose2d'] as const).map((kind) => ({
  kinds: [kind],
  check: (cfg) => (cfg.padding_mode !== undefined && cfg.padding_mode !== 'zeros' ? 'transposed convolutions only support zero padding' : undefined),
  outShape: (s, cfg, p) => convShape(s, cfg, p, kind),
  prepare: (tf, w, cfg) => prepareTransposed(tf, w, cfg, kind),
  forward: (tf, x, cfg, w) => transposedForward(tf, x, cfg, w, kind),
}));
