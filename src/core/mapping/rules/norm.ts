import type { LayerView } from '../layers';
import { type CrossRule, link, problem, result, type RuleResult, sameNumber, who } from './common';

// Framework defaults, used when a file carries no hyper-parameters (a torch state_dict, a Keras weights-only file).
const TORCH_EPS = 1e-5, TORCH_MOMENTUM = 0.1, KERAS_BN_EPS = 1e-3, KERAS_BN_MOMENTUM = 0.99, KERAS_LN_EPS = 1e-3;

/** A hyper-parameter from the config, or the framework default with a note that it was assumed. */
function param(v: LayerView, key: string, dflt: number): { value: number | null; said: string } {
  if (key in v.config) {
    const x = v.config[key];
    return { value: typeof x === 'number' ? x : null, said: `${key} = ${typeof x === 'number' ? x : 'None'}` };
  }
  return { value: dflt, said: `${key} = ${dflt} (assumed: the file does not store it)` };
}

function checkEps(r: RuleResult, t: LayerView, k: LayerView, kerasDefault: number): void {
  const te = param(t, 'eps', TORCH_EPS), ke = param(k, 'epsilon', kerasDefault);
  if (te.value !== null && ke.value !== null && !sameNumber(te.value, ke.value)) {
    r.problems.push(problem('attention', 'eps', `epsilon differs: ${who(t)} ${te.said}, ${who(k)} ${ke.said}; outputs differ unless the target layer is given the source's value`));
  }
}

/**
 * BatchNorm ↔ BatchNormalization: weight/bias/running_mean/running_var ↔ gamma/beta/moving_mean/moving_variance,
 * copied. num_batches_tracked has no Keras counterpart. torch's momentum weighs the new batch,
 * Keras's the running value: momentum_keras = 1 − momentum_torch.
 */
export const batchNormRule: CrossRule = (t, k) => {
  const r = result('batchnorm');
  link(r, t.roles.get('weight'), k.roles.get('gamma'));
  link(r, t.roles.get('bias'), k.roles.get('beta'));
  link(r, t.roles.get('running_mean'), k.roles.get('moving_mean'));
  link(r, t.roles.get('running_var'), k.roles.get('moving_variance'));
  const nbt = t.roles.get('num_batches_tracked');
  if (nbt) r.dropped.push({ side: 'from', tensor: nbt.name, why: 'a training counter (used only when momentum is None); Keras has no such variable' });
  checkEps(r, t, k, KERAS_BN_EPS);
  const tm = param(t, 'momentum', TORCH_MOMENTUM), km = param(k, 'momentum', KERAS_BN_MOMENTUM);
  if (tm.value === null) {
    r.problems.push(problem('info', 'momentum', `${who(t)} has momentum = None (a cumulative average); Keras has no equivalent — this matters only for further training`));
  } else if (km.value !== null && !sameNumber(km.value, 1 - tm.value)) {
    r.problems.push(problem('info', 'momentum', `momentum differs: ${who(t)} ${tm.said} means Keras momentum ${+(1 - tm.value).toPrecision(6)}, but ${who(k)} has ${km.said} (matters only for further training)`));
  }
  return r;
};

/** LayerNorm ↔ LayerNormalization: weight/bias ↔ gamma/beta, copied; epsilon compared (torch 1e-5, Keras 1e-3). */
export const layerNormRule: CrossRule = (t, k) => {
  const r = result('layernorm');
  link(r, t.roles.get('weight'), k.roles.get('gamma'));
  link(r, t.roles.get('bias'), k.roles.get('beta'));
  checkEps(r, t, k, KERAS_LN_EPS);
  const axis = k.config.axis;
  const shape = t.config.normalized_shape;
  if (Array.isArray(shape) && shape.length > 1 && !(Array.isArray(axis) && axis.length === shape.length)) {
    r.problems.push(problem('attention', 'axis', `${who(t)} normalises over ${shape.join('×')} but ${who(k)} over axis ${JSON.stringify(axis ?? -1)}`));
  }
  return r;
};
