import type { TensorInfo } from './types';

const last = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/**
 * Guesses a torch-style layer kind from the tensors a state_dict holds for one module.
 * Used only when no class name or config says what the layer is.
 */
export function inferKind(tensors: TensorInfo[], path: string): string {
  const by = new Map(tensors.map((t) => [last(t.name), t]));
  const names = [...by.keys()];
  if (by.has('running_mean') || by.has('running_var')) {
    const w = by.get('running_mean');
    return w && w.shape.length === 1 ? 'BatchNorm' : 'BatchNorm';
  }
  if (names.some((n) => /^weight_ih_l\d/.test(n))) {
    const wih = by.get('weight_ih_l0')!;
    const whh = by.get('weight_hh_l0');
    const hidden = whh ? whh.shape[1] : 0;
    if (hidden && wih.shape[0] === 4 * hidden) return 'LSTM';
    if (hidden && wih.shape[0] === 3 * hidden) return 'GRU';
    return 'RNN';
  }
  if (by.has('in_proj_weight')) return 'MultiheadAttention';
  const w = by.get('weight');
  if (w) {
    const r = w.shape.length;
    const lower = path.toLowerCase();
    if (r === 5) return 'Conv3d';
    if (r === 4) return lower.includes('transpose') || lower.includes('deconv') ? 'ConvTranspose2d' : 'Conv2d';
    if (r === 3) return 'Conv1d';
    if (r === 2) {
      if (/emb|token|wte|wpe|lookup/.test(lower) && !by.has('bias')) return 'Embedding';
      return 'Linear';
    }
    if (r === 1) {
      if (/ln|layernorm|layer_norm|norm/.test(lower) && by.has('bias')) return 'LayerNorm';
      if (/prelu/.test(lower) || (!by.has('bias') && /act|relu/.test(lower))) return 'PReLU';
      return by.has('bias') ? 'Norm' : 'Scale';
    }
  }
  if (by.has('scale') && by.has('zero_point')) return 'Quantized';
  return '';
}

/** Axis names of a torch tensor, from its module kind and its own name. */
export function torchLayout(kind: string, tensorName: string, shape: number[]): string {
  const leaf = last(tensorName);
  const r = shape.length;
  if (leaf.startsWith('weight') && !leaf.startsWith('weight_ih') && !leaf.startsWith('weight_hh')) {
    if (kind.startsWith('ConvTranspose')) return ['', '', '', 'IOW', 'IOHW', 'IODHW'][r] ?? '';
    if (kind.startsWith('Conv') || (kind === '' && r >= 3)) return ['', '', '', 'OIW', 'OIHW', 'OIDHW'][r] ?? '';
    if (kind === 'Linear' || (kind === '' && r === 2)) return '(out,in)';
    if (kind === 'Embedding') return '(num,dim)';
  }
  if (/^weight_(ih|hh)/.test(leaf)) return kind === 'LSTM' ? '(4·hidden,in) gates i,f,g,o' : kind === 'GRU' ? '(3·hidden,in) gates r,z,n' : '(gates·hidden,in)';
  if (/^bias_(ih|hh)/.test(leaf)) return kind === 'LSTM' ? '(4·hidden) gates i,f,g,o' : kind === 'GRU' ? '(3·hidden) gates r,z,n' : '(gates·hidden)';
  if (r === 1 && leaf === 'bias' && /^(Conv|Linear|ConvTranspose)/.test(kind)) return '(out)';
  if (r === 1 && /^(weight|bias|running_mean|running_var)$/.test(leaf)) return '(C)';
  if (r === 0) return 'scalar';
  return '';
}
