import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl } from './types';
import { as2d, bool, from2d, ints, padSpatial, positive, subsample, toNCHW, toNHWC } from './util';

/**
 * Max and average pooling in torch's arithmetic. tfjs pools 'valid' windows, so torch's padding
 * is made explicit: −∞ for max (a pad never wins), zeros for average. ceil_mode adds the extra
 * right/bottom padding that lets the last partial window exist, and average pooling then
 * rescales each window from tfjs's divisor (the full k·k) to torch's: the window clipped to the
 * padded input (count_include_pad=True), clipped to the input itself (False), or divisor_override.
 */

interface PoolGeom { k: number[]; s: number[]; p: number[]; d: number[]; ceil: boolean; oneD: boolean }

function geometry(cfg: Cfg, kind: string): PoolGeom {
  const oneD = kind.endsWith('1d');
  const n = oneD ? 1 : 2;
  const lift = (v: number[], fill: number): number[] => (oneD ? [fill, v[0]] : v);
  const k = lift(ints(cfg.kernel_size, n), 1);
  const s = cfg.stride === null || cfg.stride === undefined || (Array.isArray(cfg.stride) && cfg.stride.length === 0)
    ? k : lift(ints(cfg.stride, n), 1);
  return {
    k, s,
    p: lift(ints(cfg.padding, n, new Array<number>(n).fill(0)), 0),
    d: lift(ints(cfg.dilation, n, new Array<number>(n).fill(1)), 1),
    ceil: bool(cfg, 'ceil_mode', false),
    oneD,
  };
}

/** torch's pooling_output_shape, including the rule that the last window must start inside. */
export function poolOut(inp: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = inp + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(span / s) + 1;
  if (ceil && (out - 1) * s >= inp + p) out -= 1;
  return out;
}

function outSpatial(g: PoolGeom, h: number, w: number): number[] {
  return [poolOut(h, g.k[0], g.s[0], g.p[0], g.d[0], g.ceil), poolOut(w, g.k[1], g.s[1], g.p[1], g.d[1], g.ceil)];
}

function poolShape(inShape: number[], cfg: Cfg, kind: string): number[] {
  const g = geometry(cfg, kind);
  const rank = g.oneD ? [2, 3] : [3, 4];
  if (!rank.includes(inShape.length)) throw new ShapeError(`${kind} takes a ${rank.join('- or ')}-d input, got [${inShape.join(', ')}]`);
  g.p.forEach((p, i) => {
    if (p > g.k[i] / 2) throw new ShapeError(`${kind}: padding ${p} is more than half the kernel ${g.k[i]}`);
  });
  const lead = inShape.slice(0, inShape.length - (g.oneD ? 1 : 2));
  const [h, w] = g.oneD ? [1, inShape[inShape.length - 1]] : inShape.slice(-2);
  const [oh, ow] = outSpatial(g, h, w);
  return positive(g.oneD ? [...lead, ow] : [...lead, oh, ow], kind);
}

/** Runs f on the input as a 4-d NHWC tensor, whatever torch shape it came in. */
function viaNHWC(tf: Tf, x: Tensor, oneD: boolean, f: (h: Tensor) => Tensor): Tensor {
  const unbatched = x.rank === (oneD ? 2 : 3);
  let t = unbatched ? tf.expandDims(x, 0) : x;
  if (oneD) t = as2d(tf, t);
  let y = toNCHW(tf, f(toNHWC(tf, t)));
  if (oneD) y = from2d(tf, y);
  return unbatched ? tf.squeeze(y, [0]) : y;
}

/** Padding [[top, bottom], [left, right]] with the extra bottom/right ceil_mode needs. */
function pads(g: PoolGeom, h: number, w: number): [number, number][] {
  const [oh, ow] = outSpatial(g, h, w);
  return [[h, oh], [w, ow]].map(([inp, out], i) => {
    const needed = (out - 1) * g.s[i] + g.d[i] * (g.k[i] - 1) + 1;
    return [g.p[i], Math.max(g.p[i], needed - inp - g.p[i])] as [number, number];
  });
}

function maxForward(tf: Tf, x: Tensor, cfg: Cfg, kind: string): Tensor {
  const g = geometry(cfg, kind);
  return viaNHWC(tf, x, g.oneD, (h) => {
    const padded = padSpatial(tf, h, pads(g, h.shape[1], h.shape[2]), 'zeros', -Infinity);
    const [oh, ow] = outSpatial(g, h.shape[1], h.shape[2]);
    let y: Tensor;
    if (g.d.some((v) => v > 1)) {
      // tf.pool takes dilations only at stride 1: pool densely, then keep every stride-th window
      y = subsample(tf, tf.pool(padded as never, g.k as [number, number], 'max', 'valid', g.d as [number, number], [1, 1]), g.s);
    } else {
      y = tf.maxPool(padded as never, g.k as [number, number], g.s as [number, number], 'valid');
    }
    return tf.slice(y, [0, 0, 0, 0], [-1, oh, ow, -1]);
  });
}

/** Per output position: tfjs's divisor (k·k) over torch's, as a [1, oh, ow, 1] tensor. */
function divisorCorrection(g: PoolGeom, cfg: Cfg, h: number, w: number, oh: number, ow: number): Float32Array | undefined {
  const includePad = bool(cfg, 'count_include_pad', true);
  const override = typeof cfg.divisor_override === 'number' && cfg.divisor_override > 0 ? cfg.divisor_override : undefined;
  const kk = g.k[0] * g.k[1];
  const out = new Float32Array(oh * ow);
  let allOne = true;
  const span = (o: number, i: number, size: number): number => {
    const start = o * g.s[i] - g.p[i];
    const end = Math.min(start + g.k[i], size + g.p[i]);
    return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
  };
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const div = override ?? span(y, 0, h) * span(x, 1, w);
      const r = kk / div;
      out[y * ow + x] = r;
      if (r !== 1) allOne = false;
    }
  }
  return allOne ? undefined : out;
}

function avgForward(tf: Tf, x: Tensor, cfg: Cfg, kind: string): Tensor {
  const g = geometry(cfg, kind);
  return viaNHWC(tf, x, g.oneD, (h) => {
    const [oh, ow] = outSpatial(g, h.shape[1], h.shape[2]);
    const padded = padSpatial(tf, h, pads(g, h.shape[1], h.shape[2]), 'zeros', 0);
    const y = tf.slice(tf.avgPool(padded as never, g.k as [number, number], g.s as [number, number], 'valid'), [0, 0, 0, 0], [-1, oh, ow, -1]);
    const fix = divisorCorrection(g, cfg, h.shape[1], h.shape[2], oh, ow);
    return fix ? tf.mul(y, tf.tensor4d(fix, [1, oh, ow, 1])) : y;
  });
}

export const pools: ModuleImpl[] = [
  ...(['MaxPool1d', 'MaxPool2d'] as const).map((kind): ModuleImpl => ({
    kinds: [kind],
    check: (cfg) => (cfg.return_indices === true ? 'return_indices=True returns a tuple; only the pooled values are supported' : undefined),
    outShape: (s, cfg) => poolShape(s, cfg, kind),
    forward: (tf, x, cfg) => maxForward(tf, x, cfg, kind),
  })),
  ...(['AvgPool1d', 'AvgPool2d'] as const).map((kind): ModuleImpl => ({
    kinds: [kind],
    outShape: (s, cfg) => poolShape(s, cfg, kind),
    forward: (tf, x, cfg) => avgForward(tf, x, cfg, kind),
  })),
];
