import { alignTo, type Labelled } from './layout';
import type { Activation, RunResult } from './types';

/**
 * Output and per-layer comparison of two runs on the same sample. Arrays are first brought into
 * the same units (NHWC ↔ NCHW, HWC- vs CHW-ordered flattened features), so element i means the
 * same thing in both.
 */

export const DEFAULT_TOLERANCE = 1e-5;

export interface Difference {
  maxAbs: number;
  meanAbs: number;
  /** max |Δ| divided by the largest |value| of the first array: scale-free */
  relative: number;
  /** where the largest difference is, as a flat index in the first array's layout */
  at: number;
}

export interface OutputComparison extends Partial<Difference> {
  verdict: 'match' | 'differ' | 'incomparable';
  tolerance: number;
  shape: number[];
  /** rows of the last axis whose argmax agrees, when the output is (N, classes) */
  argmax?: { agree: number; rows: number };
  note?: string;
}

export function difference(a: Float32Array, b: Float32Array): Difference {
  let maxAbs = 0, sum = 0, scale = 0, at = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    // NaN on either side is a difference, not a match
    const dd = Number.isNaN(d) ? Infinity : d;
    if (dd > maxAbs) { maxAbs = dd; at = i; }
    sum += dd;
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return { maxAbs, meanAbs: a.length ? sum / a.length : 0, relative: maxAbs / Math.max(scale, 1e-30), at };
}

function argmaxAgreement(a: Float32Array, b: Float32Array, shape: number[]): { agree: number; rows: number } | undefined {
  if (shape.length !== 2 || shape[1] < 2) return undefined;
  const [rows, n] = shape;
  let agree = 0;
  for (let r = 0; r < rows; r++) {
    let ia = 0, ib = 0;
    for (let j = 1; j < n; j++) {
      if (a[r * n + j] > a[r * n + ia]) ia = j;
      if (b[r * n + j] > b[r * n + ib]) ib = j;
    }
    if (ia === ib) agree++;
  }
  return { agree, rows };
}

/** A run's output as a labelled array. */
export function outputOf(r: RunResult): Labelled {
  return { data: r.output, shape: r.shape, layout: r.layout, ...(r.flatFrom ? { flatFrom: r.flatFrom } : {}) };
}

/** Compares two outputs; `b` is converted into `a`'s layout first. Verdict: max |Δ| ≤ tolerance. */
export function compareOutputs(a: Labelled, b: Labelled, tolerance = DEFAULT_TOLERANCE): OutputComparison {
  const aligned = alignTo(a, b);
  if (!aligned) {
    return {
      verdict: 'incomparable', tolerance, shape: a.shape,
      note: `the outputs have different shapes: [${a.shape.join(', ')}] (${a.layout}) and [${b.shape.join(', ')}] (${b.layout})`,
    };
  }
  const d = difference(a.data, aligned.data);
  const argmax = argmaxAgreement(a.data, aligned.data, a.shape);
  const note = aligned !== b && aligned.layout !== b.layout ? `the second output was converted from ${b.layout} to ${a.layout}` : undefined;
  return { ...d, verdict: d.maxAbs <= tolerance ? 'match' : 'differ', tolerance, shape: a.shape, ...(argmax ? { argmax } : {}), ...(note ? { note } : {}) };
}

/** [layer of model A, layer of model B]: paths as the runs record them. */
export type LayerPair = [string, string];

export interface LayerRow extends Partial<Difference> {
  a: string;
  b: string;
  /** the activations actually compared (the end of each pair's segment, see compareLayers) */
  comparedA: string;
  comparedB: string;
  shape: number[];
  ok: boolean;
  note?: string;
}

export interface LayerComparison {
  rows: LayerRow[];
  mode: 'segment' | 'exact';
  tolerance: number;
  /** index of the first row whose relative difference exceeds the tolerance */
  firstDivergent?: number;
  /** index of the row where the relative difference grows the most over the row before */
  biggestJump?: number;
}

/**
 * The activation where a pair is compared. 'exact': the layer's own output. 'segment': the output
 * of the last layer before the next weighted or paired one, because frameworks split the same
 * computation differently (Keras Conv2D(activation='tanh') is torch's Conv2d followed by Tanh; a
 * pooling layer after either belongs to the same stretch).
 */
function endOf(acts: Activation[], path: string, paired: Set<string>, mode: 'segment' | 'exact'): Activation | undefined {
  const i = acts.findIndex((x) => x.path === path);
  if (i < 0) return undefined;
  let j = i;
  if (mode === 'segment') while (j + 1 < acts.length && !acts[j + 1].parametrised && !paired.has(acts[j + 1].path)) j++;
  return acts[j];
}

export function compareLayers(
  actsA: Activation[], actsB: Activation[], pairs: LayerPair[],
  opts: { tolerance?: number; mode?: 'segment' | 'exact' } = {},
): LayerComparison {
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const mode = opts.mode ?? 'segment';
  const pairedA = new Set(pairs.map((p) => p[0]));
  const pairedB = new Set(pairs.map((p) => p[1]));
  const rows: LayerRow[] = pairs.map(([pa, pb]) => {
    const ea = endOf(actsA, pa, pairedA, mode);
    const eb = endOf(actsB, pb, pairedB, mode);
    const base = { a: pa, b: pb, comparedA: ea?.path ?? pa, comparedB: eb?.path ?? pb, shape: ea?.shape ?? [] };
    if (!ea || !eb) return { ...base, ok: false, note: `no recorded output for ${!ea ? `"${pa}"` : `"${pb}"`}` };
    const aligned = alignTo(ea, eb);
    if (!aligned) return { ...base, ok: false, note: `shapes differ: [${ea.shape.join(', ')}] (${ea.layout}) and [${eb.shape.join(', ')}] (${eb.layout})` };
    const d = difference(ea.data, aligned.data);
    return { ...base, ...d, ok: d.relative <= tolerance };
  });
  const rel = rows.map((r) => r.relative ?? Infinity);
  const first = rows.findIndex((r) => !r.ok);
  let jump: number | undefined;
  let best = 0;
  rel.forEach((r, i) => {
    const ratio = r / Math.max(i === 0 ? 0 : rel[i - 1], 1e-9);
    if (r > tolerance && ratio > best) { best = ratio; jump = i; }
  });
  return { rows, mode, tolerance, ...(first >= 0 ? { firstDivergent: first } : {}), ...(jump !== undefined ? { biggestJump: jump } : {}) };
}
