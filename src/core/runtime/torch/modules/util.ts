import type { Tensor, Tf } from '../../tf';
import { ShapeError, type Cfg } from './types';

/** A torch int-or-tuple argument as n ints (kernel_size 3 → [3, 3]; stride None → fallback). */
export function ints(v: unknown, n: number, fallback?: number[]): number[] {
  if (v === null || v === undefined) {
    if (fallback) return fallback;
    throw new ShapeError('a required size is missing from the module config');
  }
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return new Array<number>(n).fill(v[0]);
  throw new ShapeError(`expected ${n} sizes, got ${JSON.stringify(v)}`);
}

export function num(cfg: Cfg, key: string, fallback: number): number {
  const v = cfg[key];
  return typeof v === 'number' ? v : fallback;
}

export function bool(cfg: Cfg, key: string, fallback: boolean): boolean {
  const v = cfg[key];
  return typeof v === 'boolean' ? v : fallback;
}

/** Negative dims count from the end, as in torch. */
export function axis(dim: number, rank: number): number {
  const a = dim < 0 ? dim + rank : dim;
  if (a < 0 || a >= rank) throw new ShapeError(`dim ${dim} is out of range for a ${rank}-d input`);
  return a;
}

export const toNHWC = (tf: Tf, x: Tensor): Tensor => tf.transpose(x, [0, 2, 3, 1]);
export const toNCHW = (tf: Tf, x: Tensor): Tensor => tf.transpose(x, [0, 3, 1, 2]);

export type PadMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

function edgeCopies(tf: Tf, x: Tensor, ax: number, before: number, after: number, mode: 'replicate' | 'circular'): Tensor {
  const size = x.shape[ax];
  const parts: Tensor[] = [];
  const take = (start: number, len: number): Tensor => {
    const begin = x.shape.map((_, i) => (i === ax ? start : 0));
    const sz = x.shape.map((d, i) => (i === ax ? len : d));
    return tf.slice(x, begin, sz);
  };
  const reps = (t: Tensor, n: number): Tensor => tf.concat(new Array<Tensor>(n).fill(t), ax);
  if (before > 0) parts.push(mode === 'replicate' ? reps(take(0, 1), before) : take(size - before, before));
  parts.push(x);
  if (after > 0) parts.push(mode === 'replicate' ? reps(take(size - 1, 1), after) : take(0, after));
  return parts.length === 1 ? x : tf.concat(parts, ax);
}

/**
 * Pads (or, for negative amounts, crops) the spatial axes of an NHWC tensor.
 * pads = [[top, bottom], [left, right]]. `value` fills 'zeros' padding (-Infinity for max pooling).
 */
export function padSpatial(tf: Tf, x: Tensor, pads: [number, number][], mode: PadMode = 'zeros', value = 0): Tensor {
  let out = x;
  const crop = pads.map(([a, b]) => [Math.max(0, -a), Math.max(0, -b)]);
  if (crop.some(([a, b]) => a > 0 || b > 0)) {
    const begin = [0, crop[0][0], crop[1][0], 0];
    const size = [-1, out.shape[1] - crop[0][0] - crop[0][1], out.shape[2] - crop[1][0] - crop[1][1], -1];
    out = tf.slice(out, begin, size);
  }
  const p = pads.map(([a, b]) => [Math.max(0, a), Math.max(0, b)]);
  if (p.every(([a, b]) => a === 0 && b === 0)) return out;
  if (mode === 'zeros') return tf.pad(out, [[0, 0], p[0] as [number, number], p[1] as [number, number], [0, 0]], value);
  if (mode === 'reflect') return tf.mirrorPad(out, [[0, 0], p[0] as [number, number], p[1] as [number, number], [0, 0]], 'reflect');
  out = edgeCopies(tf, out, 1, p[0][0], p[0][1], mode);
  return edgeCopies(tf, out, 2, p[1][0], p[1][1], mode);
}

/** Every stride-th element from the start along the spatial axes (NHWC). */
export function subsample(tf: Tf, x: Tensor, strides: number[]): Tensor {
  if (strides.every((s) => s === 1)) return x;
  const [n, h, w, c] = x.shape;
  return tf.stridedSlice(x, [0, 0, 0, 0], [n, h, w, c], [1, strides[0], strides[1], 1]);
}

/** Channels-first rank-3 input (N, C, L) seen as a 2-D image (N, C, 1, L); and back. */
export function as2d(tf: Tf, x: Tensor): Tensor {
  return tf.expandDims(x, 2);
}

export function from2d(tf: Tf, x: Tensor): Tensor {
  return tf.squeeze(x, [2]);
}

export function positive(shape: number[], what: string): number[] {
  if (shape.some((d) => !(d > 0))) throw new ShapeError(`${what}: the output would be [${shape.join(', ')}]; the input is too small`);
  return shape;
}
