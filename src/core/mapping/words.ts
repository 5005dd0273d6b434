import type { DroppedTensor, LayerPair, Problem, Step, TensorPair } from './types';

export const fmtShape = (s: number[] | undefined): string => (!s ? '?' : s.length ? s.join('×') : 'scalar');

/** Names a step can use: the tensors it reads and the ones it makes (for stack/sum/split). */
export interface StepNames { inputs?: string[]; outputs?: string[] }

const leaf = (name: string): string => `\`${name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf('/')) + 1)}\``;

/** One step in words, e.g. "OIHW → HWIO: transpose(2,3,1,0)". */
export function describeStep(step: Step, names: StepNames = {}): string {
  const ins = names.inputs?.map(leaf), outs = names.outputs?.map(leaf);
  switch (step.op) {
    case 'transpose': {
      const t = `transpose(${step.perm.join(',')})`;
      return step.from && step.to ? `${step.from} → ${step.to}: ${t}` : t;
    }
    case 'reshape': return `reshape to ${fmtShape(step.shape)}`;
    case 'flattenRows': {
      const where = `C=${step.channels}, ${step.spatial.length === 2 ? `H×W=${step.spatial.join('×')}` : `H·W=${step.spatial.reduce((a, b) => a * b, 1)}`}`;
      const [from, to] = step.order === 'chw-to-hwc' ? ['C,H,W', 'H,W,C'] : ['H,W,C', 'C,H,W'];
      return `${step.axis === 0 ? 'rows' : 'columns'} from ${from} order to ${to} order (Flatten; ${where})`;
    }
    case 'gates': {
      const order = step.from && step.to ? `${step.from.join(',')} → ${step.to.join(',')}` : `blocks ${step.order.join(',')}`;
      return `gate blocks ${order} along axis ${step.axis}`;
    }
    case 'stack': return ins ? `stack as rows [${ins.join('; ')}]` : 'stack as rows';
    case 'unstack': return outs && outs.length === step.parts ? `rows apart into ${outs.join(', ')}` : `split the ${step.parts} rows apart`;
    case 'sum': return ins ? `add ${ins.join(' + ')}` : 'add element-wise';
    case 'split': {
      if (!outs || outs.length !== step.parts) return `split: part ${step.keep + 1} of ${step.parts} gets the values, the others −0.0 (a stated choice)`;
      return `split: ${outs[step.keep]} gets the values, ${outs.filter((_, i) => i !== step.keep).join(', ')} −0.0 (a stated choice)`;
    }
  }
}

/** Steps in words, naming the pair's tensors where a step combines or splits them (the other steps act on each alike). */
export function describeSteps(steps: Step[], names: StepNames = {}): string {
  return steps.length ? steps.map((s) => describeStep(s, names)).join('; then ') : 'copy';
}

/** "0.weight 6×1×5×5 → kernel:0 5×5×1×6: OIHW → HWIO: transpose(2,3,1,0)". */
export function describeTensorPair(t: TensorPair): string {
  const side = (names: string[], shapes: number[][]): string => names.map((n, i) => `${n} ${fmtShape(shapes[i])}`).join(' + ');
  return `${side(t.a, t.shapesA)} → ${side(t.b, t.shapesB)}: ${describeSteps(t.steps, { inputs: t.a, outputs: t.b })}`;
}

export function describeDropped(d: DroppedTensor): string {
  return `${d.tensor} (${d.side.toUpperCase()}) dropped: ${d.why}`;
}

export function describeProblem(p: Problem): string {
  const tag = p.severity === 'error' ? 'error' : p.severity === 'attention' ? 'attention' : 'note';
  return `${tag}: ${p.message}`;
}

export function pairTitle(p: LayerPair): string {
  return `${p.a || '(root)'} (${p.kindA || '?'}) ↔ ${p.b || '(root)'} (${p.kindB || '?'})`;
}
