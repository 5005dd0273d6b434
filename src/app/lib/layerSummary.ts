/**
 * The hyper-parameters that say what a layer is, for Keras (1/2/3) and PyTorch configs:
 * an ordered list for the layer panel and a one-line summary for the tree
 * ("32 · 3×3 · same · relu" for a Conv2D, "128 · relu" for a Dense). Pure functions, no React.
 */
import { compactValue } from './format';

type Config = Record<string, unknown>;

/** Keys in the order a reader looks for them; the rest of the config follows in the full list. */
const KEY_ORDER = [
  'units', 'filters', 'nb_filter', 'output_dim', 'input_dim',
  'in_channels', 'out_channels', 'in_features', 'out_features', 'num_features', 'num_embeddings', 'embedding_dim',
  'input_size', 'hidden_size', 'num_layers', 'normalized_shape',
  'kernel_size', 'nb_row', 'nb_col', 'pool_size', 'depth_multiplier',
  'strides', 'stride', 'subsample', 'padding', 'border_mode', 'dilation_rate', 'dilation', 'groups',
  'activation', 'recurrent_activation', 'use_bias', 'bias',
  'return_sequences', 'return_state', 'go_backwards', 'bidirectional', 'merge_mode', 'reset_after',
  'rate', 'p', 'axis', 'momentum', 'epsilon', 'eps',
  'target_shape', 'dims', 'size', 'cropping', 'batch_shape', 'batch_input_shape', 'layer',
] as const;

/** Keys whose numeric lists read best as "3×3". */
const SPATIAL = new Set(['kernel_size', 'pool_size', 'strides', 'stride', 'subsample', 'dilation_rate', 'dilation', 'size', 'target_shape']);

export interface KeyParam { key: string; text: string; value: unknown }

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumList = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every(isNum);

/** 3 → "3"; [3, 3] → "3×3"; undefined for anything else. */
function dims(v: unknown): string | undefined {
  if (isNum(v)) return String(v);
  if (isNumList(v)) return v.join('×');
  return undefined;
}

const allOnes = (v: unknown): boolean => (isNum(v) ? v === 1 : isNumList(v) && v.every((x) => x === 1));
const allZeros = (v: unknown): boolean => (isNum(v) ? v === 0 : isNumList(v) && v.every((x) => x === 0));

/**
 * A plain string, or the name inside a serialized Keras object: {class_name: 'function', config: 'relu'}
 * (an activation), {class_name: 'DTypePolicy', config: {name: 'float32'}}.
 */
function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { class_name?: unknown; config?: unknown };
    if (typeof o.config === 'string') return o.config;
    const inner = (o.config as { name?: unknown } | undefined)?.name;
    if (typeof inner === 'string') return inner;
    if (typeof o.class_name === 'string') return o.class_name;
  }
  return undefined;
}

/** The class of a wrapped layer ({class_name: 'GRU', config: {…}}). */
function classOf(v: unknown): string | undefined {
  const cls = (v as { class_name?: unknown } | null | undefined)?.class_name;
  return typeof cls === 'string' ? cls : undefined;
}

/** [null, 28, 28, 1] → "28×28×1" (the batch axis dropped, unknown sizes as "?"). */
function inputShape(v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length < 2) return undefined;
  return v.slice(1).map((x) => (isNum(x) ? String(x) : '?')).join('×');
}

function paramText(key: string, v: unknown): string {
  if (SPATIAL.has(key)) return dims(v) ?? compactValue(v, 80);
  if (key === 'batch_shape' || key === 'batch_input_shape') return compactValue(v, 80);
  if (key === 'activation' || key === 'recurrent_activation') return nameOf(v) ?? compactValue(v, 80);
  if (key === 'layer') return classOf(v) ?? compactValue(v, 80);
  return compactValue(v, 80);
}

/** The config entries worth reading first, in KEY_ORDER. */
export function keyParams(config: Config | undefined): KeyParam[] {
  if (!config) return [];
  const out: KeyParam[] = [];
  for (const key of KEY_ORDER) {
    if (!(key in config)) continue;
    const value = config[key];
    if (value === undefined) continue;
    out.push({ key, value, text: paramText(key, value) });
  }
  return out;
}

/** A compact one-line description of a layer from its config; '' when nothing is worth saying. */
export function layerSummary(kind: string, config: Config | undefined): string {
  if (!config) return '';
  const c = config;
  const parts: string[] = [];
  const add = (s: string | undefined | false): void => { if (s) parts.push(s); };

  // Width: filters / units, or in→out for PyTorch and embeddings.
  if (isNum(c.filters)) add(String(c.filters));
  else if (isNum(c.nb_filter)) add(String(c.nb_filter));
  else if (isNum(c.input_dim) && isNum(c.output_dim)) add(`${c.input_dim} → ${c.output_dim}`);
  else if (isNum(c.units)) add(String(c.units));
  else if (isNum(c.output_dim)) add(String(c.output_dim));
  else if (isNum(c.in_channels) && isNum(c.out_channels)) add(`${c.in_channels} → ${c.out_channels}`);
  else if (isNum(c.in_features) && isNum(c.out_features)) add(`${c.in_features} → ${c.out_features}`);
  else if (isNum(c.num_embeddings) && isNum(c.embedding_dim)) add(`${c.num_embeddings} → ${c.embedding_dim}`);
  else if (isNum(c.input_size) && isNum(c.hidden_size)) add(`${c.input_size} → ${c.hidden_size}`);
  else if (isNum(c.num_features)) add(String(c.num_features));

  // Window.
  const kernel = c.kernel_size ?? c.pool_size ?? (isNum(c.nb_row) && isNum(c.nb_col) ? [c.nb_row, c.nb_col] : undefined);
  add(dims(kernel));
  const stride = c.strides ?? c.stride ?? c.subsample;
  // Pooling strides default to the window: only a different stride is worth saying.
  const defaultStride = /pool/i.test(kind) && dims(stride) === dims(kernel);
  if (stride !== undefined && stride !== null && !allOnes(stride) && !defaultStride) add(`stride ${dims(stride) ?? compactValue(stride, 20)}`);
  const padding = c.padding ?? c.border_mode;
  if (typeof padding === 'string') add(padding);
  else if (padding !== undefined && padding !== null && !allZeros(padding)) add(`pad ${dims(padding) ?? compactValue(padding, 20)}`);
  const dilation = c.dilation_rate ?? c.dilation;
  if (dilation !== undefined && dilation !== null && !allOnes(dilation)) add(`dilation ${dims(dilation) ?? compactValue(dilation, 20)}`);

  // What it computes.
  const act = nameOf(c.activation);
  if (act && act !== 'linear') add(act);
  if (c.return_sequences === true) add('sequences');
  if (isNum(c.rate)) add(`rate ${c.rate}`);
  else if (isNum(c.p) && /dropout/i.test(kind)) add(`p ${c.p}`);
  if (/concat/i.test(kind) && isNum(c.axis)) add(`axis ${c.axis}`);
  if (/reshape/i.test(kind)) add(dims(c.target_shape));
  const wrapped = classOf(c.layer);
  if (wrapped && /TimeDistributed|Bidirectional/.test(kind)) add(wrapped);
  if (/InputLayer/.test(kind)) add(inputShape(c.batch_shape ?? c.batch_input_shape));
  return parts.join(' · ');
}
