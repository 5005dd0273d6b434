import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg, type ModuleImpl } from './types';

/**
 * Adaptive pooling: output cell i covers input [floor(i·In/Out), ceil((i+1)·In/Out)), torch's rule,
 * which overlaps windows when In is not a multiple of Out. Averages are a matrix product with a
 * pooling matrix per spatial axis; maxima take the max of each window (the output is small).
 */

function window(i: number, inp: number, out: number): [number, number] {
  return [Math.floor((i * inp) / out), Math.ceil(((i + 1) * inp) / out)];
}

function outputSize(cfg: Cfg, n: number, spatial: number[]): number[] {
  const v = cfg.output_size;
  const list = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? v : undefined;
  if (!list || list.length !== n) throw new ShapeError(`output_size ${JSON.stringify(v)} does not give ${n} sizes`);
  return list.map((o, i) => (o === null ? spatial[i] : (o as number)));
}

function shapeOf(inShape: number[], cfg: Cfg, n: number, kind: string): number[] {
  if (inShape.length !== n + 2 && inShape.length !== n + 1) throw new ShapeError(`${kind} takes a ${n + 2}-d input, got [${inShape.join(', ')}]`);
  const lead = inShape.slice(0, inShape.length - n);
  return [...lead, ...outputSize(cfg, n, inShape.slice(-n))];
}

/** (out, in) matrix whose row i averages window i. */
function poolMatrix(inp: number, out: number): Float32Array {
  const m = new Float32Array(out * inp);
  for (let i = 0; i < out; i++) {
    const [a, b] = window(i, inp, out);
    for (let j = a; j < b; j++) m[i * inp + j] = 1 / (b - a);
  }
  return m;
}

/** Averages the last n axes: y = P_h · x · P_wᵀ on (…, H, W). */
function adaptiveAvg(tf: Tf, x: Tensor, cfg: Cfg, n: number): Tensor {
  const spatial = x.shape.slice(-n);
  const out = outputSize(cfg, n, spatial);
  const lead = x.shape.slice(0, x.rank - n);
  if (out.every((o) => o === 1)) {
    return tf.reshape(tf.mean(x, Array.from({ length: n }, (_, i) => x.rank - n + i)), [...lead, ...out]);
  }
  let y = x;
  // contract one spatial axis at a time, moving it last: (…, A, B) · P_Bᵀ → (…, A, B')
  for (let i = n - 1; i >= 0; i--) {
    const ax = x.rank - n + i;
    const size = y.shape[ax];
    const perm = Array.from({ length: y.rank }, (_, k) => k).filter((k) => k !== ax).concat([ax]);
    const moved = tf.transpose(y, perm);
    const flat = tf.reshape(moved, [-1, size]);
    const p = tf.tensor2d(poolMatrix(size, out[i]), [out[i], size]);
    const pooled = tf.reshape(tf.matMul(flat as never, p as never, false, true), [...moved.shape.slice(0, -1), out[i]]);
    const inverse = perm.map((_, k) => perm.indexOf(k));
    y = tf.transpose(pooled, inverse);
  }
  return y;
}

function adaptiveMax(tf: Tf, x: Tensor, cfg: Cfg, n: number): Tensor {
  const spatial = x.shape.slice(-n);
  const out = outputSize(cfg, n, spatial);
  const lead = x.rank - n;
  const cells: Tensor[] = [];
  const idx = new Array<number>(n).fill(0);
  const total = out.reduce((a, b) => a * b, 1);
  for (let c = 0; c < total; c++) {
    let rest = c;
    for (let i = n - 1; i >= 0; i--) { idx[i] = rest % out[i]; rest = Math.floor(rest / out[i]); }
    const begin = [...new Array<number>(lead).fill(0)];
    const size = [...new Array<number>(lead).fill(-1)];
    idx.forEach((o, i) => {
      const [a, b] = window(o, spatial[i], out[i]);
      begin.push(a);
      size.push(b - a);
    });
    const axes = Array.from({ length: n }, (_, i) => lead + i);
    cells.push(tf.max(tf.slice(x, begin, size), axes));
  }
  return tf.reshape(tf.stack(cells, lead), [...x.shape.slice(0, lead), ...out]);
}

const noIndices = (c: Cfg): string | undefined =>
  (c.return_indices === true ? 'return_indices=True returns a tuple; only the pooled values are supported' : undefined);

export const adaptivePools: ModuleImpl[] = [1, 2].flatMap((n): ModuleImpl[] => [
  { kinds: [`AdaptiveAvgPool${n}d`], outShape: (s, c) => shapeOf(s, c, n, `AdaptiveAvgPool${n}d`), forward: (tf, x, c) => adaptiveAvg(tf, x, c, n) },
  {
    kinds: [`AdaptiveMaxPool${n}d`], check: noIndices,
    outShape: (s, c) => shapeOf(s, c, n, `AdaptiveMaxPool${n}d`), forward: (tf, x, c) => adaptiveMax(tf, x, c, n),
  },
]);
