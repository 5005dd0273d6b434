/**
 * What each axis of a stored Keras weight means, from the layer kind and the weight's role
 * ('kernel', 'bias', 'gamma', …). Keras 3 files name variables by index (vars/0, vars/1), so
 * `varRoles` gives the role of each index from the layer kind and config, in Keras's creation order.
 */

type Config = Record<string, unknown>;

const flag = (cfg: Config, key: string, dflt = true): boolean => (typeof cfg[key] === 'boolean' ? (cfg[key] as boolean) : dflt);

const CONV = /^(Conv[123]D|Convolution[123]D|AtrousConvolution[12]D|LocallyConnected[12]D)$/;
const CONV_T = /^(Conv[123]DTranspose|Deconvolution[23]D)$/;
const DEPTHWISE = /^DepthwiseConv[12]D$/;
const SEPARABLE = /^(SeparableConv[12]D|SeparableConvolution2D)$/;
const RNN = /^(LSTM|GRU|SimpleRNN|CuDNNLSTM|CuDNNGRU|LSTMCell|GRUCell|SimpleRNNCell)$/;

/** Roles of a Keras 3 layer's vars/<i>, when the kind fixes them. */
export function varRoles(kind: string, cfg: Config): string[] | undefined {
  const bias = flag(cfg, 'use_bias') ? ['bias'] : [];
  if (kind === 'Dense' || CONV.test(kind) || CONV_T.test(kind)) return ['kernel', ...bias];
  if (DEPTHWISE.test(kind)) return ['depthwise_kernel', ...bias];
  if (SEPARABLE.test(kind)) return ['depthwise_kernel', 'pointwise_kernel', ...bias];
  if (kind === 'BatchNormalization') {
    return [...(flag(cfg, 'scale') ? ['gamma'] : []), ...(flag(cfg, 'center') ? ['beta'] : []), 'moving_mean', 'moving_variance'];
  }
  if (kind === 'LayerNormalization' || kind === 'GroupNormalization') {
    return [...(flag(cfg, 'scale') ? ['gamma'] : []), ...(flag(cfg, 'center') ? ['beta'] : [])];
  }
  if (kind === 'Embedding') return ['embeddings'];
  if (RNN.test(kind)) return ['kernel', 'recurrent_kernel', ...bias];
  if (kind === 'PReLU') return ['alpha'];
  return undefined;
}

/** The role of a legacy weight name: 'conv2d/kernel:0' → kernel, Keras 1 'dense_1_W:0' → kernel. */
export function roleFromWeightName(leaf: string, layerName: string): string {
  let role = leaf.replace(/:\d+$/, '');
  if (role.startsWith(`${layerName}_`)) role = role.slice(layerName.length + 1);
  if (role === 'W') return 'kernel';
  if (role === 'b') return 'bias';
  if (role === 'U') return 'recurrent_kernel';
  if (role === 'running_mean') return 'moving_mean';
  if (role === 'running_std') return 'moving_variance';
  return role;
}

const RANKED = (r: number, names: Record<number, string>): string => names[r] ?? '';

function convKernel(kind: string, rank: number, cfg: Config): string {
  if (cfg.dim_ordering === 'th') return RANKED(rank, { 3: 'OIW', 4: 'OIHW', 5: 'OIDHW' }); // Keras 1, Theano order
  if (CONV_T.test(kind)) return RANKED(rank, { 3: 'WOI', 4: 'HWOI', 5: 'DHWOI' });
  return RANKED(rank, { 3: 'WIO', 4: 'HWIO', 5: 'DHWIO' });
}

function rnnLayout(kind: string, role: string, rank: number): string {
  const gates = /LSTM/.test(kind) ? ['4', 'gates i,f,c,o'] : /GRU/.test(kind) ? ['3', 'gates z,r,h'] : ['', ''];
  const [n, g] = gates;
  const width = n ? `${n}·units` : 'units';
  const suffix = g ? ` ${g}` : '';
  if (role === 'kernel') return `(in,${width})${suffix}`;
  if (role === 'recurrent_kernel') return `(units,${width})${suffix}`;
  if (role === 'bias') return rank === 2 ? `(2,${width}) input+recurrent${suffix}` : `(${width})${suffix}`;
  return '';
}

/** The layout hint of one weight. `kind` is the layer's class (the wrapped class for wrappers). */
export function kerasLayout(kind: string, role: string, shape: number[], cfg: Config = {}): string {
  const r = shape.length;
  if (r === 0) return 'scalar';
  if (RNN.test(kind)) {
    const l = rnnLayout(kind, role, r);
    if (l) return l;
  }
  if (role === 'depthwise_kernel' || (role === 'kernel' && DEPTHWISE.test(kind))) return RANKED(r, { 3: 'WIM', 4: 'HWIM' });
  if (role === 'pointwise_kernel') return RANKED(r, { 3: 'WIO', 4: 'HWIO' });
  if (role === 'kernel') {
    if (CONV.test(kind) || CONV_T.test(kind)) return convKernel(kind, r, cfg);
    return r === 2 ? '(in,out)' : convKernel(kind, r, cfg);
  }
  if (['gamma', 'beta', 'moving_mean', 'moving_variance'].includes(role) && r === 1) return '(C)';
  if (role === 'embeddings' && r === 2) return '(num,dim)';
  if (role === 'bias' && r === 1) return '(out)';
  return '';
}
