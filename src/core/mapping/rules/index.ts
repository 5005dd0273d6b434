import { invertSteps, ShapeError } from '../transforms';
import type { Family, LayerView } from '../layers';
import type { DroppedTensor, MapOptions, Problem, Step } from '../types';
import { type CrossRule, problem, who } from './common';
import { convRule } from './conv';
import { denseRule } from './dense';
import { identityRule, sameKind } from './identity';
import { batchNormRule, layerNormRule } from './norm';
import { gruRule, lstmRule, simpleRnnRule } from './recurrent';
import { embeddingRule, preluRule } from './simple';

/** The layer rules between torch and Keras, by family (both layers must be of it). */
export const CROSS_RULES: Partial<Record<Family, CrossRule>> = {
  conv: convRule, 'conv-transpose': convRule, dense: denseRule,
  batchnorm: batchNormRule, layernorm: layerNormRule, embedding: embeddingRule,
  lstm: lstmRule, gru: gruRule, rnn: simpleRnnRule, prelu: preluRule,
};

const NO_RULE_HINT: Partial<Record<Family, string>> = {
  separable: ' (torch has it as a depthwise Conv2d followed by a 1×1 Conv2d: two layers)',
};

/** A rule's verdict on one A layer and one B layer, oriented A → B. */
export interface RuleEval {
  /** false when no rule relates the two layers: they are never paired automatically */
  applicable: boolean;
  rule: string;
  tensors: { a: string[]; b: string[]; steps: Step[] }[];
  dropped: DroppedTensor[];
  problems: Problem[];
}

/** Why no rule relates two layers, or undefined when one does. */
export function noRuleReason(a: LayerView, b: LayerView): string | undefined {
  if (a.framework === b.framework) {
    return sameKind(a, b) ? undefined : `${who(a)} is a ${a.kind || 'layer of unknown kind'}, ${who(b)} a ${b.kind || 'layer of unknown kind'}: different kinds`;
  }
  for (const v of [a, b]) {
    if (!CROSS_RULES[v.family]) return `no rule for ${v.kind || 'a layer of unknown kind'}${NO_RULE_HINT[v.family] ?? ''} (${who(v)})`;
  }
  if (a.family !== b.family) return `no rule pairs ${a.kind} (${who(a)}) with ${b.kind} (${who(b)})`;
  return undefined;
}

const shapeOf = (v: LayerView, name: string): number[] => v.tensors.find((t) => t.name === name)?.shape ?? [];

export function evaluateRule(a: LayerView, b: LayerView, options: MapOptions): RuleEval {
  const reason = noRuleReason(a, b);
  if (reason) return { applicable: false, rule: 'none', tensors: [], dropped: [], problems: [problem('error', 'no-rule', reason)] };
  if (a.framework === b.framework) {
    const r = identityRule(a, b);
    return { applicable: true, rule: r.rule, tensors: r.tensors.map((t) => ({ a: t.from, b: t.to, steps: t.steps })), dropped: [], problems: r.problems };
  }
  const flipped = a.framework === 'keras';
  const [torch, keras] = flipped ? [b, a] : [a, b];
  const r = CROSS_RULES[torch.family]!(torch, keras, options);
  const tensors = r.tensors.map((t) => {
    if (!flipped) return { a: t.from, b: t.to, steps: t.steps };
    try {
      return { a: t.to, b: t.from, steps: invertSteps(t.steps, t.from.map((n) => shapeOf(torch, n))) };
    } catch (e) {
      // Inverting needs the steps to fit the torch tensors; when they do not, this pairing is
      // wrong, which is a finding about the pair, not a failure of the whole mapping.
      if (!(e instanceof ShapeError)) throw e;
      r.problems.push(problem('error', 'shape', `${e.message}: ${t.from.join(', ')} cannot become ${t.to.join(', ')} under the ${r.rule} rule`));
      return { a: t.to, b: t.from, steps: [] };
    }
  });
  const dropped = r.dropped.map((d) => ({ side: (d.side === 'from') !== flipped ? 'a' as const : 'b' as const, tensor: d.tensor, why: d.why }));
  return { applicable: true, rule: r.rule, tensors, dropped, problems: r.problems };
}
