import type { Tensor, Tf } from '../../tf';
import type { Cfg, ModuleImpl } from './types';
import { axis, num } from './util';

const same = (s: number[]): number[] => s;

function elementwise(kinds: string[], f: (tf: Tf, x: Tensor, cfg: Cfg) => Tensor): ModuleImpl {
  return { kinds, outShape: same, forward: (tf, x, cfg) => f(tf, x, cfg) };
}

/** torch's legacy implicit softmax dim (dim=None): 0 for 0-, 1- and 3-d inputs, else 1. */
function softmaxDim(cfg: Cfg, rank: number): number {
  const d = cfg.dim;
  if (typeof d === 'number') return axis(d, rank);
  return rank === 0 || rank === 1 || rank === 3 ? 0 : 1;
}

/** tfjs normalises over the last axis only: move the axis there and back. */
function alongAxis(tf: Tf, x: Tensor, ax: number, f: (t: Tensor) => Tensor): Tensor {
  if (ax === x.rank - 1) return f(x);
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[ax] = x.rank - 1;
  perm[x.rank - 1] = ax;
  return tf.transpose(f(tf.transpose(x, perm)), perm);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function gelu(tf: Tf, x: Tensor, cfg: Cfg): Tensor {
  if (cfg.approximate === 'tanh') {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

export const activations: ModuleImpl[] = [
  elementwise(['ReLU'], (tf, x) => tf.relu(x)),
  elementwise(['ReLU6'], (tf, x) => tf.relu6(x)),
  elementwise(['LeakyReLU'], (tf, x, c) => tf.leakyRelu(x, num(c, 'negative_slope', 0.01))),
  elementwise(['GELU'], gelu),
  elementwise(['Tanh'], (tf, x) => tf.tanh(x)),
  elementwise(['Sigmoid'], (tf, x) => tf.sigmoid(x)),
  elementwise(['SiLU'], (tf, x) => tf.mul(x, tf.sigmoid(x))),
  elementwise(['ELU'], (tf, x, c) => tf.where(tf.greater(x, 0), x, tf.mul(tf.expm1(x), num(c, 'alpha', 1)))),
  elementwise(['Hardtanh'], (tf, x, c) => tf.clipByValue(x, num(c, 'min_val', -1), num(c, 'max_val', 1))),
  elementwise(['Softplus'], (tf, x, c) => {
    // torch reverts to the identity above threshold (in units of beta·x) for stability
    const beta = num(c, 'beta', 1);
    const bx = tf.mul(x, beta);
    return tf.where(tf.greater(bx, num(c, 'threshold', 20)), x, tf.div(tf.log1p(tf.exp(bx)), beta));
  }),
  elementwise(['Softmax'], (tf, x, c) => alongAxis(tf, x, softmaxDim(c, x.rank), (t) => tf.softmax(t))),
  elementwise(['LogSoftmax'], (tf, x, c) => alongAxis(tf, x, softmaxDim(c, x.rank), (t) => tf.logSoftmax(t))),
  elementwise(['Identity', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout'], (_tf, x) => x),
];
