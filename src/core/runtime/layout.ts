import { permute, permuteShape } from '../viz/permute';
import type { FlatOrigin, Layout } from './types';

/**
 * Conversions between layouts named by axis letters ('NCHW' → 'NHWC' is the permutation that
 * picks each target letter from the source). Pure data moves: values come through bit-exact.
 */

export function canPermute(from: Layout, to: Layout): boolean {
  return from.length === to.length && [...from].sort().join('') === [...to].sort().join('') && new Set(from).size === from.length;
}

export function permutationBetween(from: Layout, to: Layout): number[] {
  if (!canPermute(from, to)) throw new Error(`cannot convert layout ${from} to ${to}`);
  return [...to].map((axis) => from.indexOf(axis));
}

export function toLayout<T extends Float32Array | Int32Array>(data: T, shape: number[], from: Layout, to: Layout): { data: T; shape: number[] } {
  if (from === to) return { data, shape };
  const perm = permutationBetween(from, to);
  if (perm.every((p, i) => p === i)) return { data, shape };
  return { data: permute(data, shape, perm), shape: permuteShape(shape, perm) };
}

/** The layout letters of a rank when nothing else is known: the torch convention. */
export function torchLayoutForRank(rank: number): Layout {
  return ['', 'C', 'NC', 'NCL', 'NCHW', 'NCDHW'][rank] ?? '';
}

/** Keras (channels_last) convention for a rank. */
export function kerasLayoutForRank(rank: number): Layout {
  return ['', 'C', 'NC', 'NLC', 'NHWC', 'NDHWC'][rank] ?? '';
}

export interface Labelled {
  data: Float32Array;
  shape: number[];
  layout: Layout;
  flatFrom?: FlatOrigin;
}

/**
 * Brings `b` into the units of `a` so that element i of both means the same thing: permutes axes,
 * and for flattened arrays reorders the features (Keras flattens HWC, torch CHW).
 * Returns undefined when no conversion is known.
 */
export function alignTo(a: Labelled, b: Labelled): Labelled | undefined {
  if (a.flatFrom && b.flatFrom && a.shape.length === 2 && b.shape.length === 2 && a.flatFrom.layout !== b.flatFrom.layout) {
    if (!canPermute(b.flatFrom.layout, a.flatFrom.layout)) return undefined;
    const n = b.shape[0];
    const inner = [n, ...b.flatFrom.shape];
    const moved = toLayout(b.data, inner, `N${b.flatFrom.layout}`, `N${a.flatFrom.layout}`);
    return { data: moved.data, shape: b.shape, layout: a.layout, flatFrom: a.flatFrom };
  }
  if (a.layout === b.layout || !canPermute(b.layout, a.layout)) {
    return sameShape(a.shape, b.shape) ? b : undefined;
  }
  const moved = toLayout(b.data, b.shape, b.layout, a.layout);
  return sameShape(a.shape, moved.shape) ? { ...b, data: moved.data, shape: moved.shape, layout: a.layout } : undefined;
}

export function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
