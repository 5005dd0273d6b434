import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl, type Weights } from './types';
import { num } from './util';

/** Shape that broadcasts a per-channel vector over axis 1 of a rank-r input. */
const channelShape = (c: number, rank: number): number[] => [1, c, ...new Array<number>(Math.max(0, rank - 2)).fill(1)];

/**
 * BatchNorm in eval mode, folded the way torch's CPU kernel does it: alpha = weight / sqrt(var + eps),
 * beta = bias − mean·alpha, y = x·alpha + beta. Without running statistics (track_running_stats=False)
 * torch normalises with the batch's own statistics even in eval mode, and so do we.
 */
export const batchNorm: ModuleImpl = {
  kinds: ['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d'],
  outShape(s, cfg, p) {
    const c = num(cfg, 'num_features', p.running_mean?.[0] ?? p.weight?.[0] ?? s[1]);
    if (s.length < 2 || s[1] !== c) throw new ShapeError(`BatchNorm expects ${c} channels on axis 1, the input is [${s.join(', ')}]`);
    return s;
  },
  prepare(tf, w, cfg) {
    if (!w.running_mean || !w.running_var) return w;
    const eps = num(cfg, 'eps', 1e-5);
    let alpha = tf.rsqrt(tf.add(w.running_var, eps));
    if (w.weight) alpha = tf.mul(alpha, w.weight);
    let beta = tf.neg(tf.mul(w.running_mean, alpha));
    if (w.bias) beta = tf.add(beta, w.bias);
    return { alpha, beta };
  },
  forward(tf, x, cfg, w) {
    const shape = channelShape(x.shape[1], x.rank);
    if (w.alpha) return tf.add(tf.mul(x, tf.reshape(w.alpha, shape)), tf.reshape(w.beta, shape));
    const axes = [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2)];
    return normalise(tf, x, axes, num(cfg, 'eps', 1e-5), w.weight && tf.reshape(w.weight, shape), w.bias && tf.reshape(w.bias, shape));
  },
};

function normalise(tf: Tf, x: Tensor, axes: number[], eps: number, weight?: Tensor, bias?: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, axes, true);
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  if (weight) y = tf.mul(y, weight);
  if (bias) y = tf.add(y, bias);
  return y;
}

function normalizedShape(cfg: Cfg, w: Weights | undefined, fallback: number[]): number[] {
  const v = cfg.normalized_shape;
  if (Array.isArray(v)) return v as number[];
  if (typeof v === 'number') return [v];
  return w?.weight?.shape ?? fallback;
}

/** LayerNorm over the trailing normalized_shape axes (biased variance, like torch). */
export const layerNorm: ModuleImpl = {
  kinds: ['LayerNorm'],
  outShape(s, cfg, p) {
    const ns = normalizedShape(cfg, undefined, p.weight ?? []);
    const tail = s.slice(s.length - ns.length);
    if (ns.length === 0 || ns.some((d, i) => d !== tail[i])) {
      throw new ShapeError(`LayerNorm over [${ns.join(', ')}] does not fit an input of shape [${s.join(', ')}]`);
    }
    return s;
  },
  forward(tf, x, cfg, w) {
    const ns = normalizedShape(cfg, w, [x.shape[x.rank - 1]]);
    const axes = ns.map((_, i) => x.rank - ns.length + i);
    return normalise(tf, x, axes, num(cfg, 'eps', 1e-5), w.weight, w.bias);
  },
};
