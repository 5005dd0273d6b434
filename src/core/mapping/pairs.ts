import type { LayerNode, ModelDoc } from '../model/types';
import { walk } from '../model/tree';
import { frameworkOf, layerView, mappableLayers, weightlessLayers, type LayerView } from './layers';
import { CROSS_RULES, evaluateRule } from './rules';
import type { DroppedTensor, LayerPair, MapOptions, Mapping, Problem, Step, UnmappedLayer } from './types';
import { coverage, statusOf, validateTensorPairs, worst } from './validate';

export const pairId = (a: string, b: string): string => `${a} ↔ ${b}`;

export function findLayer(doc: ModelDoc, path: string): LayerNode | undefined {
  for (const [n] of walk(doc.root)) if (n.path === path) return n;
  return undefined;
}

/** Tensor pairs given from outside (an imported or edited mapping) instead of the rule's own. */
export interface GivenTensors { tensors: { a: string[]; b: string[]; steps: Step[] }[]; dropped: DroppedTensor[] }

/**
 * One layer pair, checked: the rule's hyper-parameter findings, then each tensor pair's shapes,
 * then any tensor left without a counterpart. With `given`, those tensor pairs are checked instead.
 */
export function buildPair(
  docA: ModelDoc, docB: ModelDoc, a: LayerNode, b: LayerNode, options: MapOptions,
  origin: LayerPair['origin'] = 'auto', given?: GivenTensors,
): LayerPair {
  const va = layerView(docA, a), vb = layerView(docB, b);
  const ev = evaluateRule(va, vb, options);
  const chosen = given ?? { tensors: ev.tensors, dropped: ev.dropped };
  // With given tensors, a missing rule is still worth saying, but only as a warning.
  const ruleProblems: Problem[] = given && !ev.applicable ? ev.problems.map((p) => ({ ...p, severity: 'attention' })) : ev.problems;
  const { tensors, problems: shapeProblems } = validateTensorPairs(chosen.tensors, docA, docB);
  if (given && ev.applicable && JSON.stringify(given.tensors.map(core)) !== JSON.stringify(ev.tensors.map(core))) {
    shapeProblems.push({ severity: 'info', code: 'edited', message: `the tensor pairs differ from what rule ${ev.rule} gives (edited by hand?)` });
  }
  const known = [...ruleProblems, ...shapeProblems];
  const problems = [...known, ...coverage(va, vb, chosen.tensors, chosen.dropped, known)];
  return {
    id: pairId(a.path, b.path), a: a.path, b: b.path, kindA: va.kind, kindB: vb.kind,
    rule: ev.rule, origin, tensors, dropped: chosen.dropped, problems, status: statusOf(problems),
  };
}

const core = (t: { a: string[]; b: string[]; steps: Step[] }): unknown => ({ a: t.a, b: t.b, steps: t.steps.map((s) => ({ ...s })) });

/** Adds a problem to a pair and recomputes its status. */
export function withProblem(p: LayerPair, extra: Problem): LayerPair {
  const problems = [...p.problems, extra];
  return { ...p, problems, status: statusOf(problems) };
}

function whyUnmapped(v: LayerView, others: LayerView[], pairedOthers: Set<string>): string {
  const cross = others.length > 0 && others[0].framework !== v.framework;
  if (cross && !CROSS_RULES[v.family]) return `no rule for ${v.kind || 'a layer of unknown kind'}`;
  const same = others.filter((o) => o.family === v.family);
  if (!same.length) return `the other model has no ${v.family === 'other' ? v.kind || 'layer like it' : `${v.family} layer`}`;
  const free = same.filter((o) => !pairedOthers.has(o.node.path));
  if (!free.length) return `every ${v.family} layer of the other model is paired already`;
  return `no counterpart found in order (candidates left: ${free.map((o) => `\`${o.node.path}\``).slice(0, 3).join(', ')})`;
}

/** A mapping from its pairs: unmapped and weightless layers, counts and the overall status. */
export function assemble(docA: ModelDoc, docB: ModelDoc, pairs: LayerPair[], options: MapOptions): Mapping {
  const la = mappableLayers(docA).map((n) => layerView(docA, n)), lb = mappableLayers(docB).map((n) => layerView(docB, n));
  const pairedA = new Set(pairs.map((p) => p.a)), pairedB = new Set(pairs.map((p) => p.b));
  const unmapped = (mine: LayerView[], paired: Set<string>, others: LayerView[], pairedOthers: Set<string>): UnmappedLayer[] =>
    mine.filter((v) => !paired.has(v.node.path)).map((v) => ({
      path: v.node.path, kind: v.kind, tensors: v.tensors.map((t) => t.name), why: whyUnmapped(v, others, pairedOthers),
    }));
  const unmappedA = unmapped(la, pairedA, lb, pairedB), unmappedB = unmapped(lb, pairedB, la, pairedA);
  const covered = (side: 'a' | 'b'): Set<string> => new Set(pairs.flatMap((p) => [
    ...p.tensors.flatMap((t) => t[side]), ...p.dropped.filter((d) => d.side === side).map((d) => d.tensor)]));
  const count = (views: LayerView[], set: Set<string>): [number, number] => {
    const names = views.flatMap((v) => v.tensors.map((t) => t.name));
    return [names.length, names.filter((n) => set.has(n)).length];
  };
  const [tensorsA, mappedA] = count(la, covered('a')), [tensorsB, mappedB] = count(lb, covered('b'));
  const statuses = pairs.map((p) => p.status);
  const status = unmappedA.length || unmappedB.length ? 'incompatible' : worst(statuses);
  return {
    a: { file: docA.fileName, format: docA.format, framework: frameworkOf(docA) },
    b: { file: docB.fileName, format: docB.format, framework: frameworkOf(docB) },
    options, pairs, unmappedA, unmappedB,
    weightlessA: weightlessLayers(docA).map(({ path, kind }) => ({ path, kind })), weightlessB: weightlessLayers(docB).map(({ path, kind }) => ({ path, kind })),
    status,
    counts: {
      pairs: pairs.length, ok: statuses.filter((s) => s === 'ok').length,
      attention: statuses.filter((s) => s === 'needs-attention').length, incompatible: statuses.filter((s) => s === 'incompatible').length,
      unmappedA: unmappedA.length, unmappedB: unmappedB.length, tensorsA, mappedA, tensorsB, mappedB,
    },
  };
}
