/**
 * How a tensor is displayed: as stored, or in the other framework's layout (OIHW ↔ HWIO,
 * (out,in) ↔ (in,out)), and which axes a kernel grid takes its tiles from. Pure functions shared
 * by the worker (which computes the views) and the panel (which labels the controls).
 */
import { axisNames, otherLayout } from '../core/viz/otherLayout';
import { permuteShape } from '../core/viz/permute';
import type { LayoutChoice } from './viewTypes';

export interface Displayed {
  /** the permutation from the stored axes, or null for the stored order */
  perm: number[] | null;
  shape: number[];
  layout: string;
  axisNames: string[];
}

/** The layout hint of a tensor when it names one axis per letter or is a (a,b) pair. */
function cleanLayout(layout: string, rank: number): string {
  return axisNames(layout, rank)[0] === 'axis 0' ? '' : layout;
}

export function displayed(shape: number[], layout: string, choice: LayoutChoice): Displayed {
  const rank = shape.length;
  const swap = choice === 'other' ? otherLayout(layout, rank) : undefined;
  if (!swap) {
    const one = rank === 1 ? /^\((\w+)\)$/.exec(layout) : null;
    if (one) return { perm: null, shape, layout, axisNames: [one[1]] };
    const l = cleanLayout(layout, rank);
    return { perm: null, shape, layout: l, axisNames: l ? axisNames(l, rank) : defaultNames(rank) };
  }
  return { perm: swap.perm, shape: permuteShape(shape, swap.perm), layout: swap.to, axisNames: axisNames(swap.to, rank) };
}

/** The name of the other layout, when the toggle applies to this tensor. */
export function otherLayoutName(shape: number[], layout: string): string | undefined {
  return otherLayout(layout, shape.length)?.to;
}

function defaultNames(rank: number): string[] {
  if (rank === 1) return ['index'];
  if (rank === 2) return ['row', 'col'];
  return Array.from({ length: rank }, (_, i) => `axis ${i}`);
}

export interface KernelAxes {
  /** tile rows and columns: the first and second of O/I/M in display order */
  rowAxis: number;
  colAxis: number;
  hAxis: number;   // -1 for 1-D convolutions
  wAxis: number;
  outAxis: number; // -1 when the layout has no O (depthwise HWIM)
  inAxis: number;
}

/** The axes of a conv kernel in a letter layout (OIHW, HWIO, OIW, WIO, IOHW, HWIM…), or null. */
export function kernelAxes(layout: string, rank: number): KernelAxes | null {
  if (!/^[A-Z]+$/.test(layout) || layout.length !== rank || (rank !== 3 && rank !== 4)) return null;
  const channel = [...layout].map((c, i) => ('OIM'.includes(c) ? i : -1)).filter((i) => i >= 0);
  const hAxis = layout.indexOf('H'), wAxis = layout.indexOf('W');
  if (channel.length !== 2 || wAxis < 0 || (rank === 4) !== (hAxis >= 0)) return null;
  return { rowAxis: channel[0], colAxis: channel[1], hAxis, wAxis, outAxis: layout.indexOf('O'), inAxis: layout.indexOf('I') };
}
