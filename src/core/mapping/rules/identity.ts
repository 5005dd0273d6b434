import type { LayerView } from '../layers';
import { problem, result, type RuleResult, sameNumber, who } from './common';

/**
 * Two layers of one framework: tensors with the same role are copied as they are. Roles, not
 * names, pair them, so `features.0.weight` meets `0.weight`, and Keras 3 `vars/0` meets `kernel:0`.
 */
export function identityRule(a: LayerView, b: LayerView): RuleResult {
  const r = result('identity');
  for (const [role, t] of a.roles) {
    const u = b.roles.get(role);
    if (u) r.tensors.push({ from: [t.name], to: [u.name], steps: [] });
  }
  for (const key of ['eps', 'epsilon', 'momentum']) {
    const x = a.config[key], y = b.config[key];
    if (typeof x === 'number' && typeof y === 'number' && !sameNumber(x, y)) {
      r.problems.push(problem(key === 'momentum' ? 'info' : 'attention', key, `${key} differs: ${who(a)} ${x}, ${who(b)} ${y}`));
    }
  }
  return r;
}

/** Whether identity applies: same family, and for layers without a rule, the same kind or the same tensor roles. */
export function sameKind(a: LayerView, b: LayerView): boolean {
  if (a.family !== b.family) return false;
  if (a.family !== 'other') return a.depthwise === b.depthwise;
  if (a.kind && b.kind && a.kind === b.kind) return true;
  const ra = [...a.roles.keys()].sort().join(), rb = [...b.roles.keys()].sort().join();
  return ra === rb;
}
