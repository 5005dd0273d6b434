import type { LayerView } from '../layers';
import type { Step } from '../types';
import { type CrossRule, link, problem, range, result, type RuleResult, spatialLetters, str, tuple, who } from './common';

/**
 * Conv1d/2d/3d, grouped and depthwise convs, ConvTranspose.
 * torch keeps (O, I/g, k…) — (I, O/g, k…) when transposed — and Keras (k…, I/g, O) — (k…, O, I)
 * when transposed: the same permutation, moving axes 0 and 1 to the end, reversed.
 * A Keras depthwise kernel (k…, I, m) is torch's (I·m, 1, k…) with axes 0 and 1 moved to the end in order, then split.
 */
export const convRule: CrossRule = (t, k) => {
  const r = result(t.family === 'conv-transpose' ? 'conv-transpose' : k.depthwise ? 'depthwise-conv' : 'conv');
  const w = t.roles.get('weight');
  const kern = k.roles.get('depthwise_kernel') ?? k.roles.get('kernel');
  if (w && kern) {
    const rank = w.shape.length, n = rank - 2, sp = spatialLetters(n);
    const transposed = t.family === 'conv-transpose';
    const from = w.layout || (transposed ? `IO${sp}` : `OI${sp}`);
    let steps: Step[];
    if (kern.layout && kern.layout === w.layout) {
      // Keras 1 with dim_ordering 'th' already stores torch's order.
      steps = [];
      r.problems.push(problem('attention', 'theano-kernel', `${who(k)} stores its kernel in Theano order (${kern.layout}); copied as is — Theano-era kernels may also be spatially flipped`));
    } else if (k.depthwise) {
      const ks = kern.shape;
      if (w.shape[1] !== 1) {
        r.problems.push(problem('error', 'depthwise', `${who(t)} is not a depthwise conv (weight ${w.shape.join('×')} has I/groups = ${w.shape[1]}, not 1) but ${who(k)} is`));
      }
      steps = [
        { op: 'transpose', perm: [...range(2, rank), 0, 1], from, to: `${sp}OI` },
        { op: 'reshape', shape: [...w.shape.slice(2), ks[ks.length - 2], ks[ks.length - 1]] },
      ];
    } else {
      steps = [{ op: 'transpose', perm: [...range(2, rank), 1, 0], from, to: kern.layout || (transposed ? `${sp}OI` : `${sp}IO`) }];
    }
    if (kern.shape.length !== rank) {
      r.problems.push(problem('error', 'rank', `${who(t)} is a ${n}-D conv (${w.shape.join('×')}) but ${who(k)} has a ${kern.shape.length - 2}-D kernel (${kern.shape.join('×')})`));
    }
    link(r, w, kern, steps);
  }
  link(r, t.roles.get('bias'), k.roles.get('bias'));
  if (w) checkHyper(r, t, k, w.shape.slice(2));
  return r;
};

/** Compares strides, dilation and padding when both files carry them: they change outputs, not weights. */
function checkHyper(r: RuleResult, t: LayerView, k: LayerView, kernel: number[]): void {
  const n = kernel.length;
  const tStride = tuple(t.config, 'stride', n), kStride = tuple(k.config, 'strides', n);
  const tDil = tuple(t.config, 'dilation', n), kDil = tuple(k.config, 'dilation_rate', n);
  const same = (a?: number[], b?: number[]): boolean => !a || !b || a.join() === b.join();
  if (!same(tStride, kStride)) r.problems.push(problem('attention', 'stride', `stride differs: ${who(t)} ${tStride!.join(',')} vs ${who(k)} ${kStride!.join(',')}`));
  if (!same(tDil, kDil)) r.problems.push(problem('attention', 'dilation', `dilation differs: ${who(t)} ${tDil!.join(',')} vs ${who(k)} ${kDil!.join(',')}`));
  const mode = str(t.config, 'padding_mode');
  if (mode && mode !== 'zeros') r.problems.push(problem('attention', 'padding', `${who(t)} pads with '${mode}'; Keras convs only pad with zeros`));
  const kPad = str(k.config, 'padding');
  const tPadStr = str(t.config, 'padding');
  const tPad = tPadStr ? undefined : tuple(t.config, 'padding', n);
  if (!kPad || (!tPad && !tPadStr) || t.family === 'conv-transpose') return;
  const stride = kStride ?? tStride ?? new Array<number>(n).fill(1);
  const dil = kDil ?? tDil ?? new Array<number>(n).fill(1);
  const total = kernel.map((ks, i) => dil[i] * (ks - 1));
  if (kPad === 'valid') {
    if (tPadStr ? tPadStr !== 'valid' : tPad!.some((p) => p !== 0)) {
      r.problems.push(problem('attention', 'padding', `padding differs: ${who(t)} pads ${tPadStr ?? tPad!.join(',')} but ${who(k)} uses 'valid' (none)`));
    }
  } else if (kPad === 'same') {
    const symmetric = total.every((p) => p % 2 === 0);
    if (stride.some((s) => s > 1) || !symmetric) {
      r.problems.push(problem('attention', 'padding', `${who(k)} uses 'same' padding with stride ${stride.join(',')}: TensorFlow pads the extra pixel at the bottom/right, torch pads symmetrically — use ZeroPadding + 'valid' to get the same outputs`));
    } else if (tPadStr ? tPadStr !== 'same' : tPad!.some((p, i) => p !== total[i] / 2)) {
      r.problems.push(problem('attention', 'padding', `padding differs: ${who(t)} pads ${tPadStr ?? tPad!.join(',')} but ${who(k)} 'same' pads ${total.map((p) => p / 2).join(',')}`));
    }
  } else {
    r.problems.push(problem('attention', 'padding', `${who(k)} uses '${kPad}' padding, which torch convs do not have`));
  }
}
