import { kerasLayoutForRank } from '../layout';
import { CannotRunError, type InputSpec } from '../types';
import type { Json } from './kerasConfig';

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface KerasInputOptions {
  spatial?: number[];
  seqLen?: number;
  batch?: number;
}

function layersOf(model: Json): Json[] {
  const cfg = isRecord(model.config) ? model.config : {};
  return Array.isArray(cfg.layers) ? cfg.layers.filter(isRecord) : [];
}

const cfgOf = (l: Json): Json => (isRecord(l.config) ? l.config : {});

/** The layer that receives the input, and the recorded input shape (batch_input_shape). */
function inputLayer(model: Json): { shape: unknown[]; first: Json | undefined } {
  const layers = layersOf(model);
  if (model.class_name !== 'Sequential') {
    const refs = (cfgOf(model).input_layers as unknown[] | undefined) ?? [];
    if (refs.length !== 1) throw new CannotRunError(`the model takes ${refs.length} inputs; only single-input models can run`);
    const name = (refs[0] as unknown[])[0];
    const layer = layers.find((l) => l.name === name || cfgOf(l).name === name);
    const shape = layer ? cfgOf(layer).batch_input_shape : undefined;
    if (!Array.isArray(shape)) throw new CannotRunError(`the input layer "${String(name)}" records no input shape`);
    const first = layers.find((l) => Array.isArray(l.inbound_nodes) && JSON.stringify(l.inbound_nodes).includes(`"${String(name)}"`));
    return { shape, first };
  }
  const [head, ...rest] = layers;
  if (!head) throw new CannotRunError('the model has no layers');
  if (head.class_name === 'Sequential' || head.class_name === 'Functional') return inputLayer(head);
  const shape = cfgOf(head).batch_input_shape;
  if (!Array.isArray(shape)) throw new CannotRunError('the model config records no input shape (its first layer has no batch_input_shape)');
  return { shape, first: head.class_name === 'InputLayer' ? rest[0] : head };
}

/** The input of a (normalised) Keras config: recorded shape, free axes filled with defaults. */
export function kerasInput(model: Json, opts: KerasInputOptions = {}): InputSpec {
  const { shape, first } = inputLayer(model);
  const rank = shape.length;
  const firstCfg = first ? cfgOf(first) : {};
  const channelsFirst = firstCfg.data_format === 'channels_first';
  const layout = channelsFirst && rank === 4 ? 'NCHW' : kerasLayoutForRank(rank);
  const editable: number[] = [];
  const given = rank === 3 && opts.seqLen !== undefined ? [opts.seqLen] : opts.spatial;
  let spatialIndex = 0;
  const dims = shape.map((d, i) => {
    if (i === 0) { editable.push(0); return opts.batch ?? 1; }
    if (typeof d === 'number' && d > 0) return d;
    editable.push(i);
    const g = given?.[spatialIndex++] ?? given?.[0];
    return g ?? (rank === 4 ? 32 : 10);
  });
  const embedding = first?.class_name === 'Embedding';
  const note = `from the recorded input shape [${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}]` +
    (editable.length > 1 ? '; free sizes filled in' : '');
  return {
    shape: dims, layout: embedding ? 'NL' : layout, dtype: embedding ? 'int32' : 'float32', editable, note,
    ...(embedding && typeof firstCfg.input_dim === 'number' ? { vocab: firstCfg.input_dim } : {}),
  };
}
