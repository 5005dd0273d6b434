import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl, type ParamShapes, type Weights } from './types';
import { bool, num } from './util';

/**
 * LSTM and GRU in torch's gate order and arithmetic (stacked, bidirectional, batch_first,
 * unbatched). The module returns (output, state) in torch; inside an nn.Sequential only a last RNN
 * makes sense, and its output here is output[0], the per-step hidden states of the last layer.
 * Input projections are computed for all steps at once, as torch does; each step then adds the
 * hidden projection: LSTM gates i, f, g, o; GRU gates r, z, n with n = tanh(x_n + r·(h_n)).
 */

type Cell = (tf: Tf, xg: Tensor, h: Tensor, c: Tensor | undefined, w: Weights, sfx: string) => [Tensor, Tensor | undefined];

const lstmCell: Cell = (tf, xg, h, c, w, sfx) => {
  let hg = tf.matMul(h as never, w[`whhT${sfx}`] as never) as Tensor;
  if (w[`bias_hh${sfx}`]) hg = tf.add(hg, w[`bias_hh${sfx}`]);
  const [i, f, g, o] = tf.split(tf.add(hg, xg), 4, 1);
  const cy = tf.add(tf.mul(tf.sigmoid(f), c as Tensor), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return [tf.mul(tf.sigmoid(o), tf.tanh(cy)), cy];
};

const gruCell: Cell = (tf, xg, h, _c, w, sfx) => {
  let hg = tf.matMul(h as never, w[`whhT${sfx}`] as never) as Tensor;
  if (w[`bias_hh${sfx}`]) hg = tf.add(hg, w[`bias_hh${sfx}`]);
  const [xr, xz, xn] = tf.split(xg, 3, 1);
  const [hr, hz, hn] = tf.split(hg, 3, 1);
  const r = tf.sigmoid(tf.add(hr, xr));
  const z = tf.sigmoid(tf.add(hz, xz));
  const n = tf.tanh(tf.add(xn, tf.mul(hn, r)));
  return [tf.add(tf.mul(tf.sub(h, n), z), n), undefined];
};

function hiddenSize(cfg: Cfg, p: ParamShapes, gates: number): number {
  return num(cfg, 'hidden_size', (p.weight_hh_l0?.[0] ?? 0) / gates);
}

function rnnShape(s: number[], cfg: Cfg, p: ParamShapes, kind: string, gates: number): number[] {
  const inSize = num(cfg, 'input_size', p.weight_ih_l0?.[1] ?? -1);
  if ((s.length !== 3 && s.length !== 2) || s[s.length - 1] !== inSize) {
    throw new ShapeError(`${kind} expects (L, N, ${inSize}), (N, L, ${inSize}) or (L, ${inSize}) input, got [${s.join(', ')}]`);
  }
  const dirs = bool(cfg, 'bidirectional', false) ? 2 : 1;
  return [...s.slice(0, -1), dirs * hiddenSize(cfg, p, gates)];
}

/** One direction of one layer over (N, L, F) → (N, L, H). */
function runDirection(tf: Tf, x: Tensor, w: Weights, sfx: string, cell: Cell, hidden: number, reverse: boolean): Tensor {
  const [n, len, feat] = x.shape;
  let xg = tf.matMul(tf.reshape(x, [n * len, feat]) as never, w[`wihT${sfx}`] as never) as Tensor;
  if (w[`bias_ih${sfx}`]) xg = tf.add(xg, w[`bias_ih${sfx}`]);
  const steps = tf.unstack(tf.reshape(xg, [n, len, -1]), 1);
  let h = tf.zeros([n, hidden]);
  let c: Tensor | undefined = cell === lstmCell ? tf.zeros([n, hidden]) : undefined;
  const outs = new Array<Tensor>(len);
  for (let k = 0; k < len; k++) {
    const t = reverse ? len - 1 - k : k;
    [h, c] = cell(tf, steps[t], h, c, w, sfx);
    outs[t] = h;
  }
  return tf.stack(outs, 1);
}

function rnnForward(tf: Tf, x: Tensor, cfg: Cfg, w: Weights, cell: Cell): Tensor {
  const batchFirst = bool(cfg, 'batch_first', false);
  const unbatched = x.rank === 2;
  // internal layout (N, L, F)
  let h = unbatched ? tf.expandDims(x, 0) : batchFirst ? x : tf.transpose(x, [1, 0, 2]);
  const layers = num(cfg, 'num_layers', 1);
  const dirs = bool(cfg, 'bidirectional', false) ? 2 : 1;
  const hidden = w.whhT_l0.shape[0];
  for (let l = 0; l < layers; l++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) outs.push(runDirection(tf, h, w, `_l${l}${d ? '_reverse' : ''}`, cell, hidden, d === 1));
    h = dirs === 1 ? outs[0] : tf.concat(outs, 2);
  }
  return unbatched ? tf.squeeze(h, [0]) : batchFirst ? h : tf.transpose(h, [1, 0, 2]);
}

function prepareRnn(tf: Tf, w: Weights): Weights {
  const out: Weights = {};
  for (const [name, t] of Object.entries(w)) {
    const m = /^weight_(ih|hh)(_l\d+(?:_reverse)?)$/.exec(name);
    if (m) out[`w${m[1]}T${m[2]}`] = tf.transpose(t);
    else out[name] = t;
  }
  return out;
}

function check(cfg: Cfg): string | undefined {
  if (num(cfg, 'proj_size', 0) > 0) return 'LSTM with proj_size is not supported';
  return undefined;
}

export const rnns: ModuleImpl[] = [
  {
    kinds: ['LSTM'], check,
    outShape: (s, c, p) => rnnShape(s, c, p, 'LSTM', 4),
    prepare: prepareRnn,
    forward: (tf, x, c, w) => rnnForward(tf, x, c, w, lstmCell),
  },
  {
    kinds: ['GRU'],
    outShape: (s, c, p) => rnnShape(s, c, p, 'GRU', 3),
    prepare: prepareRnn,
    forward: (tf, x, c, w) => rnnForward(tf, x, c, w, gruCell),
  },
];
