import { isKnownClass } from '../../formats/keras/kerasClasses';
import type { Json } from './kerasConfig';
import { fixSequential } from './sequentialFixes';

/**
 * tfjs-layers reads Keras-2-style configs only. This rewrites Keras 1 and Keras 3 configs into
 * that style and lists the layers it cannot build:
 * - Keras 3: `batch_shape` → `batch_input_shape`, DTypePolicy dicts → dtype names, inbound nodes
 *   `{args, kwargs}` with `__keras_tensor__` history → `[[name, node, tensor, {}], …]`,
 *   `input_layers` given as a dict or a single triple → a list of triples, module/registered_name dropped;
 * - Keras 1: Convolution2D(nb_filter, nb_row, nb_col, border_mode, subsample, dim_ordering) → Conv2D(…),
 *   Dense(output_dim) → Dense(units), Dropout(p) → Dropout(rate), 3-element inbound nodes → 4.
 * Random augmentation layers (RandomFlip, RandomRotation, …) do nothing at inference and become
 * linear Activations, which tfjs builds.
 */

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Layer classes tfjs-layers 4 can deserialize (its serialization registry). */
const TFJS_LAYERS = new Set([
  'InputLayer', 'Dense', 'Activation', 'Dropout', 'SpatialDropout1D', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Masking', 'Embedding',
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D', 'Cropping2D', 'UpSampling2D', 'ZeroPadding2D',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'BatchNormalization', 'LayerNormalization', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
  'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot',
  'SimpleRNN', 'LSTM', 'GRU', 'ConvLSTM2D', 'TimeDistributed', 'Bidirectional',
  'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Rescaling', 'CenterCrop', 'Resizing', 'CategoryEncoding',
  'Sequential', 'Functional', 'Model',
]);

const INFERENCE_IDENTITY = new Set([
  'RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomTranslation', 'RandomContrast', 'RandomBrightness',
  'RandomHeight', 'RandomWidth', 'RandomCrop', 'ActivityRegularization', 'SpatialDropout2D', 'SpatialDropout3D',
]);

const KERAS1_CLASSES: Record<string, string> = {
  Convolution1D: 'Conv1D', Convolution2D: 'Conv2D', AtrousConvolution2D: 'Conv2D', Convolution3D: 'Conv3D',
  Deconvolution2D: 'Conv2DTranspose', SeparableConvolution2D: 'SeparableConv2D',
};

const DROPPED = ['module', 'registered_name', 'build_config', 'compile_config', 'shared_object_id'];

export interface Normalised {
  config: Json;
  /** "layer "lambda" (Lambda): …" for every layer tfjs cannot build */
  unsupported: string[];
  notes: string[];
}

function dataFormat(v: unknown): string | undefined {
  return v === 'th' ? 'channels_first' : v === 'tf' ? 'channels_last' : undefined;
}

function isKeras1(cls: string, c: Json): boolean {
  return cls in KERAS1_CLASSES || ['nb_filter', 'border_mode', 'dim_ordering', 'input_dtype', 'subsample', 'W_regularizer'].some((k) => k in c) ||
    (cls === 'Dropout' && 'p' in c) || (cls !== 'Embedding' && 'output_dim' in c);
}

/**
 * Initialisers only matter before the stored weights are loaded: zeros build fastest, and tfjs's
 * Orthogonal initialiser (LSTM recurrent kernels) is slow and fails for some shapes in tfjs 4.
 */
function zeroInitialisers(c: Json): Json {
  const out: Json = { ...c };
  for (const k of Object.keys(out)) {
    if (k.endsWith('_initializer')) out[k] = { class_name: 'Zeros', config: {} };
    else if (k === 'layer' || k === 'cell' || k === 'forward_layer' || k === 'backward_layer') {
      const inner = out[k];
      if (isRecord(inner) && isRecord(inner.config)) out[k] = { ...inner, config: zeroInitialisers(inner.config) };
    }
  }
  return out;
}

/** Keras 1 layer keys → Keras 2 keys (only those present). */
function keras1Config(cls: string, c: Json): Json {
  const out: Json = { ...c };
  const move = (from: string, to: string, f: (v: unknown) => unknown = (v) => v): void => {
    if (from in out) { out[to] = f(out[from]); delete out[from]; }
  };
  move('nb_filter', 'filters');
  if ('nb_row' in out && 'nb_col' in out) { out.kernel_size = [out.nb_row, out.nb_col]; delete out.nb_row; delete out.nb_col; }
  move('filter_length', 'kernel_size', (v) => [v]);
  move('subsample_length', 'strides', (v) => [v]);
  move('pool_length', 'pool_size', (v) => [v]);
  if (cls.endsWith('1D')) move('stride', 'strides', (v) => (v === null ? null : [v]));
  move('subsample', 'strides');
  move('atrous_rate', 'dilation_rate');
  move('border_mode', 'padding');
  move('dim_ordering', 'data_format', dataFormat);
  if (cls !== 'Embedding') move('output_dim', 'units');
  move('bias', 'use_bias');
  move('p', 'rate');
  move('input_dtype', 'dtype');
  move('inner_activation', 'recurrent_activation');
  if ('input_dim' in out && !('batch_input_shape' in out) && cls === 'Dense') out.batch_input_shape = [null, out.input_dim];
  for (const k of ['init', 'inner_init', 'W_regularizer', 'b_regularizer', 'U_regularizer', 'W_constraint', 'b_constraint', 'U_constraint', 'input_dim']) delete out[k];
  return out;
}

/** Keras 3 tensors in inbound nodes → [layer, node, tensor, {}] entries, in argument order. */
function historyOf(v: unknown, out: unknown[][]): void {
  if (Array.isArray(v)) { v.forEach((x) => historyOf(x, out)); return; }
  if (!isRecord(v)) return;
  if (v.class_name === '__keras_tensor__' && isRecord(v.config) && Array.isArray(v.config.keras_history)) {
    const [name, node, tensor] = v.config.keras_history as unknown[];
    out.push([name, node, tensor, {}]);
  }
}

function inboundNodes(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((node) => {
    if (isRecord(node) && 'args' in node) {
      const tensors: unknown[][] = [];
      historyOf(node.args, tensors);
      return tensors;
    }
    // Keras 1 entries are [name, node, tensor]; Keras 2 adds kwargs
    return Array.isArray(node) ? node.map((e) => (Array.isArray(e) && e.length === 3 ? [...e, {}] : e)) : node;
  });
}

/** `input_layers` as a list of [name, node, tensor] (Keras 3 may write a dict or one triple). */
function layerRefs(v: unknown): unknown {
  if (isRecord(v)) return Object.values(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return [v];
  return v;
}

/** DTypePolicy dicts, initializer dicts with module names, … → plain Keras 2 values, recursively. */
function cleanValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cleanValue);
  if (!isRecord(v)) return v;
  if (v.class_name === 'DTypePolicy' || v.class_name === 'Policy') {
    const name = isRecord(v.config) ? v.config.name : undefined;
    return typeof name === 'string' && name.includes('float16') ? 'float32' : name ?? 'float32';
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) if (!DROPPED.includes(k)) out[k] = cleanValue(x);
  return out;
}

class Normaliser {
  readonly unsupported: string[] = [];
  readonly notes: string[] = [];

  model(entry: Json): Json {
    const cfg = entry.config;
    const layers = Array.isArray(cfg) ? cfg : isRecord(cfg) && Array.isArray(cfg.layers) ? cfg.layers : [];
    const base = isRecord(cfg) ? (cleanValue(cfg) as Json) : {};
    const config: Json = { ...base, layers: layers.filter(isRecord).map((l) => this.layer(l)) };
    if (entry.class_name === 'Sequential') this.unsupported.push(...fixSequential(config.layers as Json[], this.notes));
    if ('input_layers' in config) config.input_layers = layerRefs(config.input_layers);
    if ('output_layers' in config) config.output_layers = layerRefs(config.output_layers);
    delete config.build_input_shape;
    return { class_name: entry.class_name, config };
  }

  private layer(entry: Json): Json {
    let cls = String(entry.class_name ?? '');
    const raw = isRecord(entry.config) ? entry.config : {};
    const name = String(entry.name ?? raw.name ?? cls);
    const out: Json = {};
    if ('name' in entry) out.name = entry.name;
    if ('inbound_nodes' in entry) out.inbound_nodes = inboundNodes(entry.inbound_nodes);
    if (Array.isArray(raw.layers) || cls === 'Sequential' || cls === 'Functional' || cls === 'Model') {
      return { ...out, ...this.model(entry) };
    }
    let config = zeroInitialisers(cleanValue(raw) as Json);
    if (isKeras1(cls, config)) {
      cls = KERAS1_CLASSES[cls] ?? cls;
      config = keras1Config(cls, config);
    }
    if ('batch_shape' in config) { config.batch_input_shape = config.batch_shape; delete config.batch_shape; }
    delete config.optional;
    if (INFERENCE_IDENTITY.has(cls)) {
      this.notes.push(`layer "${name}" (${cls}) does nothing at inference: run as an identity`);
      return { ...out, class_name: 'Activation', config: { name: config.name ?? name, activation: 'linear', trainable: false } };
    }
    const why = this.refusal(cls, config, entry);
    if (why) this.unsupported.push(`layer "${name}" (${cls}) ${why}`);
    return { ...out, class_name: cls, config };
  }

  private refusal(cls: string, config: Json, entry: Json): string | undefined {
    if (cls === 'Lambda') return 'is a Lambda layer: its Python function is stored as bytecode, which is never run';
    if (cls === 'Merge') return 'is a Keras 1 Merge layer, which tfjs-layers does not have';
    if ((cls === 'LSTM' || cls === 'GRU') && 'consume_less' in config) return 'is a Keras 1 RNN, whose weights are stored per gate; not supported';
    if (cls === 'BatchNormalization' && 'mode' in config) return 'is a Keras 1 BatchNormalization (mode, running_std); not supported';
    if (!TFJS_LAYERS.has(cls)) {
      const mod = typeof entry.module === 'string' ? `, module ${entry.module}` : '';
      return isKnownClass(cls, entry.module)
        ? `is not a layer tfjs-layers can build${mod}`
        : `is a custom class whose computation is Python code not stored in the file${mod}`;
    }
    return undefined;
  }
}

export function normaliseKerasConfig(modelConfig: Json): Normalised {
  const n = new Normaliser();
  const top = isRecord(modelConfig.model_config) ? modelConfig.model_config : modelConfig;
  const config = n.model(top);
  return { config, unsupported: n.unsupported, notes: n.notes };
}
