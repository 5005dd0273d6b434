import type { LayerView } from '../layers';
import type { Step } from '../types';
import { type CrossRule, link, problem, result, type RuleResult, str, who } from './common';

const SINGLE = new Set(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']);

/**
 * One Keras recurrent layer is one torch layer in one direction. Stacked (num_layers > 1),
 * bidirectional and projected torch RNNs carry more tensors: named here, not guessed at.
 */
export function checkSingleLayer(r: RuleResult, t: LayerView, name: string): void {
  const extra = t.tensors.filter((x) => !SINGLE.has(x.name.slice(x.name.lastIndexOf('.') + 1)));
  if (!extra.length) return;
  const leaves = extra.map((x) => x.name.slice(x.name.lastIndexOf('.') + 1));
  const why = [
    leaves.some((l) => l.endsWith('_reverse')) ? 'bidirectional (pair it with a Keras Bidirectional)' : '',
    leaves.some((l) => /_l[1-9]\d*/.test(l)) ? `stacked (num_layers = ${(t.config.num_layers as number | undefined) ?? 'more than 1'}; one Keras ${name} per torch layer)` : '',
    leaves.some((l) => l.startsWith('weight_hr')) ? 'projected (proj_size > 0, which Keras has no equivalent for)' : '',
  ].filter(Boolean).join(', ') || 'carries unexpected tensors';
  r.problems.push({ ...problem('error', 'no-rule', `${who(t)} is ${why}: no rule maps it onto one Keras ${name} layer yet`), tensors: extra.map((x) => x.name) });
}

/** torch RNNs use sigmoid gates and tanh cells; Keras lets each be chosen (Keras ≤ 2.2 defaulted to hard_sigmoid). */
export function checkActivations(r: RuleResult, t: LayerView, k: LayerView, gated: boolean): void {
  const act = str(k.config, 'activation');
  const expected = gated ? 'tanh' : (str(t.config, 'nonlinearity') ?? 'tanh');
  if (act && act !== expected) r.problems.push(problem('attention', 'activation', `${who(k)} uses activation '${act}' where ${who(t)} uses ${expected}`));
  const rec = str(k.config, 'recurrent_activation');
  if (gated && rec && rec !== 'sigmoid') r.problems.push(problem('attention', 'activation', `${who(k)} uses recurrent_activation '${rec}' where torch gates use sigmoid`));
  if (k.config.go_backwards === true) r.problems.push(problem('attention', 'direction', `${who(k)} runs backwards (go_backwards) while ${who(t)} runs forwards`));
}

/** (gates·H, in) → (in, gates·H), and the same for the recurrent (gates·H, H) kernel. */
const transposeGates = (g: string, cols = 'in'): Step => ({ op: 'transpose', perm: [1, 0], from: `(${g}H,${cols})`, to: `(${cols},${g}H)` });

/**
 * LSTM (gates i,f,g,o = Keras i,f,c,o: no reordering) and SimpleRNN: kernels transposed;
 * Keras has one bias, torch two that are always added: bias = b_ih + b_hh, and the other way the
 * stated choice of options.rnnBiasSplit (all in b_ih by default, the other −0.0).
 * CuDNNLSTM keeps both biases side by side (8H): stacked, not added.
 */
function recurrentRule(name: 'LSTM' | 'SimpleRNN', gates: string): CrossRule {
  return (t, k, options) => {
    const r = result(name === 'LSTM' ? 'lstm' : 'rnn');
    checkSingleLayer(r, t, name);
    link(r, t.roles.get('weight_ih_l0'), k.roles.get('kernel'), [transposeGates(gates)]);
    link(r, t.roles.get('weight_hh_l0'), k.roles.get('recurrent_kernel'), [transposeGates(gates, 'H')]);
    const bih = t.roles.get('bias_ih_l0'), bhh = t.roles.get('bias_hh_l0'), kb = k.roles.get('bias');
    if (bih && bhh && kb) {
      if (kb.shape.length === 1 && kb.shape[0] === 2 * bih.shape[0]) {
        r.tensors.push({ from: [bih.name, bhh.name], to: [kb.name], steps: [{ op: 'stack' }, { op: 'reshape', shape: [...kb.shape] }] });
      } else {
        const keep = options.rnnBiasSplit === 'recurrent' ? 1 : 0;
        r.tensors.push({ from: [bih.name, bhh.name], to: [kb.name], steps: [{ op: 'sum', keep }] });
        r.problems.push(problem('info', 'bias-split', `bias = b_ih + b_hh; Keras → torch puts all of it into ${keep ? 'b_hh' : 'b_ih'} and −0.0 into ${keep ? 'b_ih' : 'b_hh'} (options.rnnBiasSplit)`));
      }
    } else {
      link(r, bih ?? bhh, kb);
    }
    checkActivations(r, t, k, name === 'LSTM');
    return r;
  };
}

export const lstmRule = recurrentRule('LSTM', '4·');
export const simpleRnnRule = recurrentRule('SimpleRNN', '');

/**
 * GRU: torch gates r,z,n ↔ Keras z,r,h — the first two blocks swap. Keras reset_after=True keeps
 * both biases as rows of a (2, 3H) bias ([input; recurrent]), so nothing is added. reset_after=False
 * applies the reset gate before the recurrent matrix, which torch never does: not convertible.
 */
export const gruRule: CrossRule = (t, k) => {
  const r = result('gru');
  checkSingleLayer(r, t, 'GRU');
  const swap: Step = { op: 'gates', axis: 0, order: [1, 0, 2], from: ['r', 'z', 'n'], to: ['z', 'r', 'h'] };
  link(r, t.roles.get('weight_ih_l0'), k.roles.get('kernel'), [swap, transposeGates('3·')]);
  link(r, t.roles.get('weight_hh_l0'), k.roles.get('recurrent_kernel'), [swap, transposeGates('3·', 'H')]);
  const bih = t.roles.get('bias_ih_l0'), bhh = t.roles.get('bias_hh_l0'), kb = k.roles.get('bias');
  if (bih && bhh && kb) {
    const resetAfter = typeof k.config.reset_after === 'boolean' ? k.config.reset_after : kb.shape.length === 2 || kb.shape[0] === 2 * bih.shape[0];
    if (!resetAfter) {
      r.problems.push({
        ...problem('error', 'reset-after', `${who(k)} has reset_after=False: it applies the reset gate before the recurrent kernel, torch after it — the weights cannot be converted exactly (use reset_after=True)`),
        tensors: [bih.name, bhh.name, kb.name],
      });
    } else {
      const steps: Step[] = [swap, { op: 'stack' }];
      if (kb.shape.length === 1) steps.push({ op: 'reshape', shape: [...kb.shape] }); // CuDNNGRU: (6H,)
      r.tensors.push({ from: [bih.name, bhh.name], to: [kb.name], steps });
    }
  } else {
    link(r, bih ?? bhh, kb);
  }
  checkActivations(r, t, k, true);
  return r;
};
