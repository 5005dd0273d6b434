import { literal, type PyExpr } from './pyExpr';
import type { Cfg } from './modules/types';

/**
 * torch ops as TorchScript prints them (traced or scripted code) → the module kind and config the
 * runtime's module implementations take. Argument positions follow ATen's signatures
 * (native_functions.yaml); each op reads only literal arguments (the data tensor and weights are
 * variables, read from the module's own parameters instead).
 */

type Args = unknown[];
type Op = (a: Args, kw: Record<string, unknown>, moduleKind: string) => { kind: string; config: Cfg } | undefined;

const dims = (v: unknown): number => (Array.isArray(v) ? v.length : 2);

/** The scripted-module kind when it names the same family, else the generic one. */
const kindOr = (moduleKind: string, family: RegExp, fallback: string): string => (family.test(moduleKind) ? moduleKind : fallback);

const simple = (kind: string, config: (a: Args, kw: Record<string, unknown>) => Cfg = () => ({})): Op =>
  (a, kw) => ({ kind, config: config(a, kw) });

const OPS: Record<string, Op> = {
  _convolution: (a) => {
    const n = dims(a[3]);
    const transposed = a[6] === true;
    return {
      kind: transposed ? `ConvTranspose${n}d` : `Conv${n}d`,
      config: { stride: a[3], padding: a[4], dilation: a[5], output_padding: a[7], groups: a[8] ?? 1, padding_mode: 'zeros' },
    };
  },
  conv1d: simple('Conv1d', (a) => ({ stride: a[3] ?? 1, padding: a[4] ?? 0, dilation: a[5] ?? 1, groups: a[6] ?? 1 })),
  conv2d: simple('Conv2d', (a) => ({ stride: a[3] ?? 1, padding: a[4] ?? 0, dilation: a[5] ?? 1, groups: a[6] ?? 1 })),
  conv_transpose1d: simple('ConvTranspose1d', (a) => ({ stride: a[3] ?? 1, padding: a[4] ?? 0, output_padding: a[5] ?? 0, groups: a[6] ?? 1, dilation: a[7] ?? 1 })),
  conv_transpose2d: simple('ConvTranspose2d', (a) => ({ stride: a[3] ?? 1, padding: a[4] ?? 0, output_padding: a[5] ?? 0, groups: a[6] ?? 1, dilation: a[7] ?? 1 })),
  linear: simple('Linear'),
  batch_norm: (a, _kw, mk) => (a[5] === true ? undefined : { kind: kindOr(mk, /^BatchNorm[123]d$/, 'BatchNorm2d'), config: { eps: a[7] ?? 1e-5 } }),
  layer_norm: simple('LayerNorm', (a) => ({ normalized_shape: a[1], eps: a[4] ?? 1e-5 })),
  relu: simple('ReLU'),
  relu_: simple('ReLU'),
  relu6: simple('ReLU6'),
  tanh: simple('Tanh'),
  sigmoid: simple('Sigmoid'),
  silu: simple('SiLU'),
  softmax: simple('Softmax', (a) => ({ dim: a[1] })),
  log_softmax: simple('LogSoftmax', (a) => ({ dim: a[1] })),
  leaky_relu: simple('LeakyReLU', (a) => ({ negative_slope: a[1] ?? 0.01 })),
  gelu: simple('GELU', (a, kw) => ({ approximate: kw.approximate ?? a[1] ?? 'none' })),
  elu: (a) => ((a[2] ?? 1) === 1 && (a[3] ?? 1) === 1 ? { kind: 'ELU', config: { alpha: a[1] ?? 1 } } : undefined),
  hardtanh: (a) => (a[1] === 0 && a[2] === 6 ? { kind: 'ReLU6', config: {} } : { kind: 'Hardtanh', config: { min_val: a[1] ?? -1, max_val: a[2] ?? 1 } }),
  softplus: simple('Softplus', (a) => ({ beta: a[1] ?? 1, threshold: a[2] ?? 20 })),
  dropout: (a) => (a[2] === true ? undefined : { kind: 'Identity', config: {} }),
  feature_dropout: (a) => (a[2] === true ? undefined : { kind: 'Identity', config: {} }),
  alpha_dropout: (a) => (a[2] === true ? undefined : { kind: 'Identity', config: {} }),
  flatten: simple('Flatten', (a) => ({ start_dim: a[1] ?? 0, end_dim: a[2] ?? -1 })),
  max_pool1d: simple('MaxPool1d', (a) => ({ kernel_size: a[1], stride: a[2], padding: a[3] ?? 0, dilation: a[4] ?? 1, ceil_mode: a[5] ?? false })),
  max_pool2d: simple('MaxPool2d', (a) => ({ kernel_size: a[1], stride: a[2], padding: a[3] ?? 0, dilation: a[4] ?? 1, ceil_mode: a[5] ?? false })),
  avg_pool1d: simple('AvgPool1d', (a) => ({ kernel_size: a[1], stride: a[2], padding: a[3] ?? 0, ceil_mode: a[4] ?? false, count_include_pad: a[5] ?? true })),
  avg_pool2d: simple('AvgPool2d', (a) => ({
    kernel_size: a[1], stride: a[2], padding: a[3] ?? 0, ceil_mode: a[4] ?? false, count_include_pad: a[5] ?? true, divisor_override: a[6] ?? null,
  })),
  adaptive_avg_pool1d: simple('AdaptiveAvgPool1d', (a) => ({ output_size: a[1] })),
  adaptive_avg_pool2d: simple('AdaptiveAvgPool2d', (a) => ({ output_size: a[1] })),
  upsample_nearest2d: simple('Upsample', (a) => ({ size: a[1] ?? null, scale_factor: a[2] ?? null, mode: 'nearest' })),
  embedding: simple('Embedding', (a) => ({ padding_idx: a[2] ?? null })),
};

/** The step an op call makes, or undefined when the runtime has no implementation of it. */
export function opStep(op: string, args: PyExpr[], kwargs: Record<string, PyExpr>, moduleKind: string): { kind: string; config: Cfg } | undefined {
  const f = OPS[op];
  if (!f) return undefined;
  const kw = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, literal(v)]));
  return f(args.map(literal), kw, moduleKind);
}
