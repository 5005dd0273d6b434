import type { Tensor, Tf } from '../../tf';
import { ShapeError, type ModuleImpl } from './types';

/** Linear applies to the last axis of any-rank input, as torch's does. */
export const linear: ModuleImpl = {
  kinds: ['Linear'],
  outShape(s, _cfg, p) {
    const [out, inF] = p.weight;
    if (s[s.length - 1] !== inF) {
      throw new ShapeError(`Linear expects ${inF} input features, the input has ${s[s.length - 1]} (shape [${s.join(', ')}])`);
    }
    return [...s.slice(0, -1), out];
  },
  prepare(tf, w) {
    const out: Record<string, Tensor> = { wT: tf.transpose(w.weight) };
    if (w.bias) out.bias = w.bias;
    return out;
  },
  forward(tf: Tf, x, _cfg, w) {
    const inF = w.wT.shape[0];
    const flat = x.rank === 2 ? x : tf.reshape(x, [-1, inF]);
    let y = tf.matMul(flat as never, w.wT as never) as Tensor;
    if (w.bias) y = tf.add(y, w.bias);
    return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), w.wT.shape[1]]);
  },
};
