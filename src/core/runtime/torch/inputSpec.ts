import type { InputSpec } from '../types';
import { moduleImpl } from './modules';
import { ShapeError, type ParamShapes } from './modules/types';
import type { TorchStep } from './steps';

/**
 * The input a torch model takes, found from its first modules: channels from the first Conv or
 * BatchNorm, features from the first Linear, ids from an Embedding, sequence features from an RNN.
 * Free sizes (image size, sequence length) are a choice: the first candidate whose shape flows
 * through every module (e.g. LeNet's 28×28, the one that gives its Linear 120 features) is taken,
 * and the caller can override it.
 */

export interface InputOptions {
  /** spatial size (H, W) or (L) for images/signals, overriding the search */
  spatial?: number[];
  /** sequence length for Embedding/RNN inputs */
  seqLen?: number;
  /** batch size (default 1) */
  batch?: number;
}

const IMAGE_SIZES = [28, 32, 224, 64, 16, 96, 128, 256, 299, 48, 8, 12, 20, 24, 40, 56, 100, 112, 160, 192, 227];
const SEQ_LENGTHS = [10, 8, 16, 32, 28, 64, 100, 128];

type Shapes = (s: TorchStep) => ParamShapes;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shapes after each step for an input shape; throws ShapeError naming the step that does not fit. */
export function propagate(steps: TorchStep[], shapes: Shapes, input: number[]): number[][] {
  const out: number[][] = [];
  let s = input;
  for (const step of steps) {
    try {
      s = moduleImpl(step.kind)!.outShape(s, step.config, shapes(step));
    } catch (err) {
      if (err instanceof ShapeError) throw new ShapeError(`module "${step.path}" (${step.kind}): ${err.message}`);
      throw err;
    }
    out.push(s);
  }
  return out;
}

interface Template {
  build(size: number): number[];
  layout: string;
  dtype: 'float32' | 'int32';
  editable: number[];
  what: string;
  vocab?: number;
  anyRank?: boolean;
  candidates: number[];
}

function firstChannels(steps: TorchStep[], shapes: Shapes): number | undefined {
  for (const s of steps) {
    const p = shapes(s);
    if (/^Conv[12]d$/.test(s.kind)) return p.weight[1] * (typeof s.config.groups === 'number' ? s.config.groups : 1);
    if (/^ConvTranspose[12]d$/.test(s.kind)) return p.weight[0];
    if (/^BatchNorm/.test(s.kind)) return p.running_mean?.[0] ?? p.weight?.[0];
  }
  return undefined;
}

function template(steps: TorchStep[], shapes: Shapes, batch: number): Template {
  let flattenFirst = false;
  for (const [i, s] of steps.entries()) {
    const p = shapes(s);
    const later = steps.slice(i);
    if (/(Conv|ConvTranspose|Pool|BatchNorm)2d$|^Upsample|^UpsamplingNearest2d$/.test(s.kind)) {
      const c = firstChannels(later, shapes) ?? 3;
      return { build: (n) => [batch, c, n, n], layout: 'NCHW', dtype: 'float32', editable: [2, 3], what: `${plural(c, 'channel')} from ${s.kind} "${s.path}"`, candidates: IMAGE_SIZES };
    }
    if (/(Conv|ConvTranspose|Pool)1d$/.test(s.kind)) {
      const c = firstChannels(later, shapes) ?? 1;
      return { build: (n) => [batch, c, n], layout: 'NCL', dtype: 'float32', editable: [2], what: `${plural(c, 'channel')} from ${s.kind} "${s.path}"`, candidates: IMAGE_SIZES };
    }
    if (s.kind === 'Linear') {
      const f = p.weight[1];
      // a Linear takes any leading axes, a Flatten before it any shape of the right size
      return { build: () => [batch, f], layout: 'NC', dtype: 'float32', editable: [], anyRank: true, what: `${plural(f, 'feature')} from Linear "${s.path}"${flattenFirst ? ' after a Flatten' : ''}`, candidates: [0] };
    }
    if (s.kind === 'BatchNorm1d') {
      const c = p.running_mean?.[0] ?? p.weight?.[0] ?? 1;
      return { build: () => [batch, c], layout: 'NC', dtype: 'float32', editable: [], what: `${plural(c, 'feature')} from BatchNorm1d "${s.path}"`, candidates: [0] };
    }
    if (s.kind === 'LayerNorm') {
      const ns = Array.isArray(s.config.normalized_shape) ? (s.config.normalized_shape as number[]) : p.weight ?? [1];
      return { build: () => [batch, ...ns], layout: ns.length === 1 ? 'NC' : '', dtype: 'float32', editable: [], what: `LayerNorm "${s.path}" over [${ns.join(', ')}]`, candidates: [0] };
    }
    if (s.kind === 'Embedding') {
      const vocab = p.weight[0];
      return { build: (n) => [batch, n], layout: 'NL', dtype: 'int32', vocab, editable: [1], what: `token ids below ${vocab} for Embedding "${s.path}"`, candidates: SEQ_LENGTHS };
    }
    if (s.kind === 'LSTM' || s.kind === 'GRU') {
      const f = p.weight_ih_l0[1];
      const bf = s.config.batch_first === true;
      return {
        build: (n) => (bf ? [batch, n, f] : [n, batch, f]), layout: bf ? 'NLC' : 'LNC', dtype: 'float32', editable: [bf ? 1 : 0],
        what: `${plural(f, 'feature')} per step for ${s.kind} "${s.path}"`, candidates: SEQ_LENGTHS,
      };
    }
    if (s.kind === 'Flatten') flattenFirst = true;
  }
  return { build: (n) => [batch, n], layout: 'NC', dtype: 'float32', editable: [1], what: 'no module fixes the input size', candidates: [16] };
}

export function inferTorchInput(steps: TorchStep[], shapes: Shapes, opts: InputOptions = {}): InputSpec {
  const t = template(steps, shapes, opts.batch ?? 1);
  // the batch size is always the caller's choice
  const batchAxis = Math.max(0, t.layout.indexOf('N'));
  const editable = [...new Set([batchAxis, ...t.editable])].sort();
  const spec = (shape: number[], note: string): InputSpec => ({
    shape, layout: t.layout, dtype: t.dtype, editable, note, ...(t.vocab ? { vocab: t.vocab } : {}), ...(t.anyRank ? { anyRank: true } : {}),
  });
  const given = t.layout === 'NCHW' || t.layout === 'NCL' ? opts.spatial : opts.seqLen !== undefined ? [opts.seqLen] : undefined;
  if (given?.length && t.editable.length) {
    const shape = t.build(given[0]);
    t.editable.forEach((ax, i) => { shape[ax] = given[i] ?? given[0]; });
    return spec(shape, `${t.what}; size given`);
  }
  let firstError = '';
  const fits = (shape: number[]): boolean => {
    try {
      propagate(steps, shapes, shape);
      return true;
    } catch (err) {
      if (!(err instanceof ShapeError)) throw err;
      firstError ||= err.message;
      return false;
    }
  };
  if (t.candidates[0] === 0) return spec(t.build(0), t.what);
  const tried = [...t.candidates, ...Array.from({ length: 512 }, (_, i) => i + 1).filter((n) => !t.candidates.includes(n))];
  const n = tried.find((size) => fits(t.build(size)));
  if (n !== undefined) return spec(t.build(n), `${t.what}; size ${n} fits every module`);
  if (t.layout === 'NCHW') {
    // no square fits: the closest-to-square H×W up to 64 that does (Linear after Flatten fixes H·W)
    const pairs = Array.from({ length: 64 * 64 }, (_, i) => [Math.floor(i / 64) + 1, (i % 64) + 1])
      .sort((a, b) => Math.abs(a[0] - a[1]) - Math.abs(b[0] - b[1]) || a[0] * a[1] - b[0] * b[1]);
    const hw = pairs.find(([h, w]) => fits([...t.build(h).slice(0, 2), h, w]));
    if (hw) return spec([...t.build(hw[0]).slice(0, 2), hw[0], hw[1]], `${t.what}; size ${hw[0]}×${hw[1]} fits every module`);
  }
  return spec(t.build(t.candidates[0] || 1), `${t.what}; no size fits every module (${firstError})`);
}
