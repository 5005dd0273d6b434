/**
 * Keras 2 layer configs as `model.save` writes them into `model_config` (the keys each layer's
 * constructor takes; initializers and regularizers are left to their defaults, which Keras and
 * tfjs-layers fill in), and Keras's automatic layer names.
 */
export interface KerasWeight { name: string; shape: number[] }

export interface KerasLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** in the order Keras creates (and saves) them */
  weights: KerasWeight[];
  /** the torch module whose weights it takes */
  from?: string;
}

/** Keras's generic_utils.to_snake_case: Conv2D → conv2d, BatchNormalization → batch_normalization, PReLU → p_re_lu. */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s.startsWith('_') ? `private${s}` : s;
}

/** Unique names as Keras gives them in one session: conv2d, conv2d_1, conv2d_2, … */
export class KerasNames {
  private readonly used = new Map<string, number>();
  next(className: string): string {
    const base = toSnakeCase(className);
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}

const common = (name: string): Record<string, unknown> => ({ name, trainable: true, dtype: 'float32' });

export function inputLayer(name: string, batchInputShape: (number | null)[]): KerasLayer {
  return { className: 'InputLayer', name, weights: [], config: { batch_input_shape: batchInputShape, dtype: 'float32', sparse: false, ragged: false, name } };
}

export interface ConvSpec {
  rank: number;              // spatial dimensions: 1 or 2
  filters: number;
  kernel: number[];
  strides: number[];
  dilation: number[];
  padding: 'valid' | 'same';
  groups: number;
  useBias: boolean;
  inPerGroup: number;
}

export function convLayer(name: string, s: ConvSpec): KerasLayer {
  return {
    className: `Conv${s.rank}D`, name,
    config: {
      ...common(name), filters: s.filters, kernel_size: s.kernel, strides: s.strides, padding: s.padding, data_format: 'channels_last',
      dilation_rate: s.dilation, groups: s.groups, activation: 'linear', use_bias: s.useBias,
    },
    weights: [{ name: 'kernel', shape: [...s.kernel, s.inPerGroup, s.filters] }, ...(s.useBias ? [{ name: 'bias', shape: [s.filters] }] : [])],
  };
}

export function depthwiseLayer(name: string, s: ConvSpec, channels: number, multiplier: number): KerasLayer {
  return {
    className: 'DepthwiseConv2D', name,
    config: {
      ...common(name), kernel_size: s.kernel, strides: s.strides, padding: s.padding, depth_multiplier: multiplier,
      data_format: 'channels_last', dilation_rate: s.dilation, activation: 'linear', use_bias: s.useBias,
    },
    weights: [{ name: 'depthwise_kernel', shape: [...s.kernel, channels, multiplier] }, ...(s.useBias ? [{ name: 'bias', shape: [channels * multiplier] }] : [])],
  };
}

export function denseLayer(name: string, units: number, inFeatures: number, useBias: boolean): KerasLayer {
  return {
    className: 'Dense', name, config: { ...common(name), units, activation: 'linear', use_bias: useBias },
    weights: [{ name: 'kernel', shape: [inFeatures, units] }, ...(useBias ? [{ name: 'bias', shape: [units] }] : [])],
  };
}

export function batchNormLayer(name: string, axis: number, channels: number, epsilon: number, momentum: number, affine: boolean): KerasLayer {
  const v = [{ name: 'moving_mean', shape: [channels] }, { name: 'moving_variance', shape: [channels] }];
  return {
    className: 'BatchNormalization', name,
    config: { ...common(name), axis: [axis], momentum, epsilon, center: affine, scale: affine },
    weights: affine ? [{ name: 'gamma', shape: [channels] }, { name: 'beta', shape: [channels] }, ...v] : v,
  };
}

export function layerNormLayer(name: string, features: number, epsilon: number, affine: boolean): KerasLayer {
  return {
    className: 'LayerNormalization', name, config: { ...common(name), axis: [1], epsilon, center: affine, scale: affine },
    weights: affine ? [{ name: 'gamma', shape: [features] }, { name: 'beta', shape: [features] }] : [],
  };
}

export function poolLayer(name: string, kind: 'Max' | 'Average', rank: number, pool: number[], strides: number[]): KerasLayer {
  return {
    className: `${kind}Pooling${rank}D`, name, weights: [],
    config: { ...common(name), pool_size: pool, padding: 'valid', strides, data_format: 'channels_last' },
  };
}

export function globalPoolLayer(name: string, kind: 'Max' | 'Average', rank: number): KerasLayer {
  return { className: `Global${kind}Pooling${rank}D`, name, weights: [], config: { ...common(name), data_format: 'channels_last', keepdims: false } };
}

export function zeroPaddingLayer(name: string, pads: [number, number][]): KerasLayer {
  const rank = pads.length;
  return {
    className: `ZeroPadding${rank}D`, name, weights: [],
    config: { ...common(name), padding: rank === 1 ? pads[0] : pads, ...(rank === 1 ? {} : { data_format: 'channels_last' }) },
  };
}

export function simpleLayer(className: 'Flatten' | 'Dropout' | 'Activation' | 'LeakyReLU' | 'ReLU' | 'Reshape', name: string, config: Record<string, unknown> = {}): KerasLayer {
  const defaults: Record<string, Record<string, unknown>> = {
    Flatten: { data_format: 'channels_last' }, Dropout: { noise_shape: null, seed: null },
  };
  return { className, name, weights: [], config: { ...common(name), ...(defaults[className] ?? {}), ...config } };
}
