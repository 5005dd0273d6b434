import { frameworkOf } from '../mapping';
import type { DType } from '../model/dtype';
import { DTYPE_SIZE } from '../model/dtype';
import type { ModelDoc, TensorRef } from '../model/types';
import { ConvertError } from './errors';
import { MappedTensors } from './mapped';
import { torchTwinOf } from './torchTwin';
import type { Direction, Mapping } from '../mapping';

/** A tensor of a file being written: name, type, shape, and its bytes when asked. */
export interface OutTensor {
  name: string;
  dtype: DType;
  shape: number[];
  bytes(signal?: AbortSignal): Promise<Uint8Array>;
}

export interface OutTensors {
  tensors: OutTensor[];
  warnings: string[];
  /** the mapping between the source and these tensors, when they were transformed, and its direction */
  mapping?: Mapping;
  direction?: Direction;
}

const numelOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * The prefix a checkpoint puts before its model's keys ('model_state_dict.'), so exported keys
 * are the state_dict's own: the longest dotted prefix every model tensor shares, when the file is
 * a checkpoint (a module's own top-level name is never stripped).
 */
function checkpointPrefix(doc: ModelDoc, names: string[]): string {
  if (!/checkpoint/.test(doc.contents) || !names.length) return '';
  const first = names[0].split('.');
  for (let n = first.length - 1; n > 0; n--) {
    const p = `${first.slice(0, n).join('.')}.`;
    if (names.every((x) => x.startsWith(p))) return p;
  }
  return '';
}

/** A torch-side document's model tensors as they are (names, layouts, dtypes). */
export function ownTensors(doc: ModelDoc, writable: (d: DType) => boolean): OutTensors {
  const warnings: string[] = [];
  const model = doc.tensors.filter((t) => t.group === 'model');
  const usable = model.filter((t) => {
    if (t.quant) { warnings.push(`\`${t.name}\` is quantized (${t.quant.scheme}) and was left out`); return false; }
    if (!writable(t.dtype)) { warnings.push(`\`${t.name}\` is ${t.dtype}, which this format cannot store, and was left out`); return false; }
    return true;
  });
  if (!usable.length) throw new ConvertError(`${doc.fileName} has no model tensors to write`);
  const others = doc.tensors.length - model.length;
  if (others) warnings.push(`${others} tensor(s) that are not model weights (optimizer state, other entries) were left out`);
  const prefix = checkpointPrefix(doc, usable.map((t) => t.name));
  const tensors = usable.map((t: TensorRef): OutTensor => ({ name: t.name.slice(prefix.length), dtype: t.dtype, shape: t.shape, bytes: (signal) => t.read(signal) }));
  return { tensors, warnings };
}

/** A Keras model's weights as a torch state_dict: torch names (from the Keras layer names) and layouts. */
export function torchTensorsOfKeras(doc: ModelDoc, opts: { signal?: AbortSignal } = {}): OutTensors {
  const twin = torchTwinOf(doc);
  const warnings = [...twin.notes];
  if (twin.unconvertible.length) warnings.push(`left out (no torch equivalent): ${twin.unconvertible.join('; ')}`);
  for (const p of twin.mapping.pairs) {
    // the bias split is a choice the user should know about; other notes concern files we write ourselves
    for (const pr of p.problems) if ((pr.severity !== 'info' || pr.code === 'bias-split') && pr.code !== 'eps') warnings.push(`${p.b} → ${p.a}: ${pr.message}`);
  }
  const mapped = new MappedTensors(twin.mapping, doc, 'b-to-a', { signal: opts.signal });
  const tensors = twin.doc.tensors.map((t): OutTensor => ({
    name: t.name, dtype: t.dtype, shape: t.shape,
    bytes: async () => {
      if (mapped.targets.has(t.name)) return (await mapped.get(t.name)).bytes;
      // Keras does not count BatchNorm updates; torch's counter starts at zero like a fresh module's.
      if (t.name.endsWith('.num_batches_tracked')) return new Uint8Array(numelOf(t.shape) * DTYPE_SIZE[t.dtype]);
      throw new ConvertError(`no values for \`${t.name}\`: the Keras layer it comes from has no matching weight`);
    },
  }));
  return { tensors, warnings, mapping: twin.mapping, direction: 'b-to-a' };
}

/** The tensors a standalone torch-layout output holds, from either framework. */
export function torchLayoutTensors(doc: ModelDoc, writable: (d: DType) => boolean, opts: { signal?: AbortSignal } = {}): OutTensors {
  return frameworkOf(doc) === 'keras' ? torchTensorsOfKeras(doc, opts) : ownTensors(doc, writable);
}
