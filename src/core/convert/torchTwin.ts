import { autoMap, layerView, mappableLayers, type LayerView, type Mapping } from '../mapping';
import type { ModelDoc } from '../model/types';
import { ConvertError } from './errors';
import { twinDoc, type TwinLayer, type TwinTensor } from './twinDoc';

/**
 * The torch state_dict a Keras model becomes: one torch layer per Keras layer with weights, named
 * after the Keras layer (`conv2d.weight`, `encoder.conv.bias`, `batch_normalization.running_var`),
 * with torch's shapes. Hyper-parameters a state_dict cannot carry (BatchNorm eps, conv padding)
 * are reported, so the torch module built to load it can match them.
 */
export interface TorchTwin {
  doc: ModelDoc;
  /** A = the twin (torch), B = the Keras model: apply it 'b-to-a' */
  mapping: Mapping;
  notes: string[];
  /** Keras layers with weights that no torch layer can take, with why */
  unconvertible: string[];
}

const TORCH_DEFAULT_EPS = 1e-5;

function shapeOf(v: LayerView, role: string): number[] | undefined {
  return v.roles.get(role)?.shape;
}

function dtypeOf(v: LayerView): TwinTensor['dtype'] {
  return v.tensors[0]?.dtype ?? 'float32';
}

/** Torch layer for one Keras layer with weights, or a reason why there is none. */
function torchLayer(v: LayerView, path: string, notes: string[]): TwinLayer | string {
  const dt = dtypeOf(v);
  const t = (role: string, shape: number[] | undefined, dtype = dt): TwinTensor[] => (shape ? [{ name: `${path}.${role}`, shape, dtype }] : []);
  const bias = shapeOf(v, 'bias');
  const cfg = v.config;
  switch (v.family) {
    case 'conv': {
      const k = shapeOf(v, v.depthwise ? 'depthwise_kernel' : 'kernel');
      if (!k) return 'no kernel';
      const n = k.length - 2, sp = k.slice(0, n);
      const [inC, m] = k.slice(n);
      const weight = v.depthwise ? [inC * m, 1, ...sp] : [m, inC, ...sp];
      const groups = v.depthwise ? inC : typeof cfg.groups === 'number' ? cfg.groups : 1;
      return { path, kind: `Conv${n}d`, config: { groups }, tensors: [...t('weight', weight), ...t('bias', bias)] };
    }
    case 'conv-transpose': {
      const k = shapeOf(v, 'kernel');
      if (!k) return 'no kernel';
      const n = k.length - 2;
      const [outC, inC] = k.slice(n);
      return { path, kind: `ConvTranspose${n}d`, config: {}, tensors: [...t('weight', [inC, outC, ...k.slice(0, n)]), ...t('bias', bias)] };
    }
    case 'dense': {
      const k = shapeOf(v, 'kernel');
      if (!k || k.length !== 2) return 'no 2-D kernel';
      return { path, kind: 'Linear', config: {}, tensors: [...t('weight', [k[1], k[0]]), ...t('bias', bias)] };
    }
    case 'batchnorm': {
      const eps = typeof cfg.epsilon === 'number' ? cfg.epsilon : 1e-3;
      const momentum = typeof cfg.momentum === 'number' ? 1 - cfg.momentum : 0.1;
      if (Math.abs(eps - TORCH_DEFAULT_EPS) > 1e-12) notes.push(`\`${path}\`: Keras epsilon ${eps}; build the torch layer with BatchNorm(eps=${eps}) for the same outputs`);
      const c = shapeOf(v, 'moving_mean') ?? shapeOf(v, 'gamma');
      return {
        path, kind: 'BatchNorm2d', config: { eps, momentum },
        tensors: [...t('weight', shapeOf(v, 'gamma')), ...t('bias', shapeOf(v, 'beta')), ...t('running_mean', c), ...t('running_var', shapeOf(v, 'moving_variance')), ...t('num_batches_tracked', [], 'int64')],
      };
    }
    case 'layernorm': {
      const eps = typeof cfg.epsilon === 'number' ? cfg.epsilon : 1e-3;
      if (Math.abs(eps - TORCH_DEFAULT_EPS) > 1e-12) notes.push(`\`${path}\`: Keras epsilon ${eps}; build the torch layer with LayerNorm(eps=${eps})`);
      return { path, kind: 'LayerNorm', config: { eps }, tensors: [...t('weight', shapeOf(v, 'gamma')), ...t('bias', shapeOf(v, 'beta'))] };
    }
    case 'embedding':
      return { path, kind: 'Embedding', config: {}, tensors: t('weight', shapeOf(v, 'embeddings')) };
    case 'lstm': case 'gru': case 'rnn': {
      const k = shapeOf(v, 'kernel'), rk = shapeOf(v, 'recurrent_kernel');
      if (!k || !rk) return 'no kernel';
      if (v.family === 'gru' && cfg.reset_after === false) return 'a GRU with reset_after=False applies its reset gate where torch cannot';
      const gates = k[1];
      const hasBias = !!bias;
      return {
        path, kind: v.family === 'lstm' ? 'LSTM' : v.family === 'gru' ? 'GRU' : 'RNN', config: { batch_first: true },
        tensors: [...t('weight_ih_l0', [gates, k[0]]), ...t('weight_hh_l0', [gates, rk[0]]), ...(hasBias ? [...t('bias_ih_l0', [gates]), ...t('bias_hh_l0', [gates])] : [])],
      };
    }
    case 'prelu': {
      const a = shapeOf(v, 'alpha');
      if (!a) return 'no alpha';
      const c = a[a.length - 1];
      if (a.reduce((x, y) => x * y, 1) !== c) return `its alpha (${a.join('×')}) varies over more than the channels, which torch's PReLU cannot`;
      return { path, kind: 'PReLU', config: {}, tensors: t('weight', [c]) };
    }
    default:
      return `no rule for ${v.kind} layers`;
  }
}

export function torchTwinOf(keras: ModelDoc): TorchTwin {
  const notes: string[] = [];
  const unconvertible: string[] = [];
  const layers: TwinLayer[] = [];
  for (const node of mappableLayers(keras)) {
    const v = layerView(keras, node);
    if (!v.tensors.length) continue;
    const path = (node.path || node.name || 'model').replace(/[/\s]+/g, '.');
    const l = torchLayer(v, path, notes);
    if (typeof l === 'string') unconvertible.push(`\`${node.path}\` (${v.kind}): ${l}`);
    else layers.push(l);
  }
  if (!layers.length) throw new ConvertError(`${keras.fileName} has no layer a torch state_dict can take${unconvertible.length ? ` (${unconvertible.join('; ')})` : ''}`);
  const stem = keras.fileName.replace(/\.[^.]+$/, '');
  const doc = twinDoc('torch', `${stem}.pt`, layers);
  // torch as A: the rules are written torch → Keras, and that direction is the one every rule checks
  const mapping = autoMap(doc, keras);
  return { doc, mapping, notes, unconvertible };
}
