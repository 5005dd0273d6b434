import type { ModelDoc, TensorRef } from '../model/types';
import type { LayerView } from './layers';
import { ShapeError, stepsShapes } from './transforms';
import type { DroppedTensor, PairStatus, Problem, Step, TensorPair } from './types';
import { describeSteps, fmtShape } from './words';

const names = (ns: string[]): string => ns.map((n) => `\`${n}\``).join(' + ');

const indexes = new WeakMap<ModelDoc, Map<string, TensorRef>>();

function lookup(doc: ModelDoc): (name: string) => TensorRef | undefined {
  let byName = indexes.get(doc);
  if (!byName) indexes.set(doc, (byName = new Map(doc.tensors.map((t) => [t.name, t]))));
  return (name) => byName.get(name);
}

/**
 * Checks each tensor pair against the documents: every tensor exists, and the A shapes, put
 * through the steps, are exactly the B shapes. A mismatch names both tensors and both shapes.
 */
export function validateTensorPairs(
  pairs: { a: string[]; b: string[]; steps: Step[] }[], docA: ModelDoc, docB: ModelDoc,
): { tensors: TensorPair[]; problems: Problem[] } {
  const inA = lookup(docA), inB = lookup(docB);
  const problems: Problem[] = [];
  const tensors = pairs.map((p): TensorPair => {
    const ta = p.a.map(inA), tb = p.b.map(inB);
    const missing = [...p.a.filter((_, i) => !ta[i]).map((n) => `\`${n}\` is not in ${docA.fileName} (A)`),
      ...p.b.filter((_, i) => !tb[i]).map((n) => `\`${n}\` is not in ${docB.fileName} (B)`)];
    const shapesA = ta.map((t) => (t ? [...t.shape] : [])), shapesB = tb.map((t) => (t ? [...t.shape] : []));
    const pair: TensorPair = { a: [...p.a], b: [...p.b], steps: p.steps, shapesA, shapesB };
    if (missing.length) {
      problems.push({ severity: 'error', code: 'missing-tensor', message: missing.join('; '), tensors: [...p.a, ...p.b] });
      return pair;
    }
    const all = [...p.a, ...p.b];
    let got: number[][];
    try {
      got = stepsShapes(p.steps, shapesA);
    } catch (e) {
      const why = e instanceof ShapeError ? e.message : String(e);
      problems.push({ severity: 'error', code: 'shape', message: `${names(p.a)} ${shapesA.map(fmtShape).join(' + ')} cannot become ${names(p.b)} ${shapesB.map(fmtShape).join(' + ')}: ${why}`, tensors: all });
      return pair;
    }
    const same = got.length === shapesB.length && got.every((s, i) => fmtShape(s) === fmtShape(shapesB[i]));
    if (!same) {
      problems.push({
        severity: 'error', code: 'shape', tensors: all,
        message: `shape mismatch: ${names(p.a)} ${shapesA.map(fmtShape).join(' + ')} becomes ${got.map(fmtShape).join(' + ')} after ${describeSteps(p.steps)}, but ${names(p.b)} is ${shapesB.map(fmtShape).join(' + ')}`,
      });
    }
    const dtypes = new Set([...ta, ...tb].map((t) => t!.dtype));
    if (dtypes.size > 1) {
      problems.push({ severity: 'info', code: 'dtype', message: `dtypes differ: ${[...ta, ...tb].map((t) => `\`${t!.name}\` ${t!.dtype}`).join(', ')}; values are converted on writing`, tensors: all });
    }
    return pair;
  });
  return { tensors, problems };
}

/** Model tensors of either layer that no tensor pair covers, no rule dropped and no error already names. */
export function coverage(a: LayerView, b: LayerView, tensors: { a: string[]; b: string[] }[], dropped: DroppedTensor[], known: Problem[]): Problem[] {
  const covered = new Set([...tensors.flatMap((t) => [...t.a, ...t.b]), ...dropped.map((d) => d.tensor), ...known.filter((p) => p.severity === 'error').flatMap((p) => p.tensors ?? [])]);
  const out: Problem[] = [];
  for (const [side, mine, other] of [['A', a, b], ['B', b, a]] as const) {
    for (const t of mine.tensors) {
      if (covered.has(t.name)) continue;
      out.push({
        severity: 'attention', code: 'unpaired-tensor', tensors: [t.name],
        message: `\`${t.name}\` (${side}, ${fmtShape(t.shape)}) has no counterpart in \`${other.node.path || '(root)'}\`: it would be ${side === 'A' ? 'left out' : 'left at its initial values'} when converting A → B`,
      });
    }
  }
  return out;
}

export function statusOf(problems: Problem[]): PairStatus {
  if (problems.some((p) => p.severity === 'error')) return 'incompatible';
  if (problems.some((p) => p.severity === 'attention')) return 'needs-attention';
  return 'ok';
}

export function worst(statuses: PairStatus[]): PairStatus {
  if (statuses.includes('incompatible')) return 'incompatible';
  if (statuses.includes('needs-attention')) return 'needs-attention';
  return 'ok';
}
