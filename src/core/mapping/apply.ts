import { toNumbers, type DType } from '../model/dtype';
import type { ModelDoc, TensorRef } from '../model/types';
import { applySteps, invertSteps, type AnyTypedArray, type Tensor } from './transforms';
import { MappingError, type Direction, type Mapping, type Step } from './types';
import { fmtShape } from './words';

export interface AppliedTensor {
  /** the target tensor's name in the other document */
  name: string;
  shape: number[];
  /** the source's dtype: casting to the target's is the writer's job */
  dtype: DType;
  /** contiguous little-endian row-major bytes */
  bytes: Uint8Array;
  /** the source tensors it was made from */
  sources: string[];
  /** the layer pair's id */
  pair: string;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** what to do with an incompatible pair: stop with a MappingError (default) or leave its tensors out */
  incompatible?: 'throw' | 'skip';
}

// Types whose values are moved as raw bits of their own width; adding them needs decoding first.
const RAW_ONLY = new Set<DType>(['float16', 'bfloat16', 'complex64', 'complex128']);

/**
 * The values of a tensor as a typed array over its bytes. toNumbers' views are used where they
 * are the stored values; float16/bfloat16/complex/64-bit integers stay raw so nothing is rounded.
 */
export function rawValues(dtype: DType, bytes: Uint8Array): AnyTypedArray {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset, byteLength } = aligned;
  switch (dtype) {
    case 'float16': case 'bfloat16': return new Uint16Array(buffer, byteOffset, byteLength / 2);
    case 'int64': return new BigInt64Array(buffer, byteOffset, byteLength / 8);
    case 'uint64': return new BigUint64Array(buffer, byteOffset, byteLength / 8);
    case 'complex64': return new Float64Array(buffer, byteOffset, byteLength / 8); // moved as raw 8-byte elements, never read
    case 'complex128': throw new MappingError('complex128 tensors cannot be transformed yet');
    default: return toNumbers(dtype, aligned) as AnyTypedArray;
  }
}

const bytesOf = (a: AnyTypedArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const arithmetic = (steps: Step[]): boolean => steps.some((s) => s.op === 'sum' || s.op === 'split');

/**
 * Yields every target tensor of a mapping, made from `source` (A for 'a-to-b', B for 'b-to-a').
 * Source tensors are read one tensor pair at a time, so memory stays at one layer's weights.
 * The source may be another checkpoint than the one mapped: its tensors must have the same names and shapes.
 */
export async function* applyMapping(mapping: Mapping, source: ModelDoc, direction: Direction, opts: ApplyOptions = {}): AsyncGenerator<AppliedTensor> {
  const forward = direction === 'a-to-b';
  const byName = new Map(source.tensors.map((t) => [t.name, t]));
  for (const pair of mapping.pairs) {
    if (pair.status === 'incompatible') {
      if (opts.incompatible === 'skip') continue;
      const why = pair.problems.find((p) => p.severity === 'error')?.message ?? 'incompatible';
      throw new MappingError(`cannot apply pair ${pair.id}: ${why}`);
    }
    for (const tp of pair.tensors) {
      const [from, to] = forward ? [tp.a, tp.b] : [tp.b, tp.a];
      const [fromShapes, toShapes] = forward ? [tp.shapesA, tp.shapesB] : [tp.shapesB, tp.shapesA];
      const steps = forward ? tp.steps : invertSteps(tp.steps, tp.shapesA);
      const refs = from.map((name, i) => sourceTensor(byName, source, name, fromShapes[i]));
      const dtype = refs[0].dtype;
      if (refs.some((r) => r.dtype !== dtype)) throw new MappingError(`${from.join(' + ')} have different dtypes (${refs.map((r) => r.dtype).join(', ')}): they cannot be combined`);
      if (RAW_ONLY.has(dtype) && arithmetic(steps)) throw new MappingError(`${from.join(' + ')}: adding ${dtype} values is not supported; convert them to float32 first`);
      const inputs: Tensor[] = [];
      for (const r of refs) inputs.push({ shape: [...r.shape], data: rawValues(dtype, await r.read(opts.signal)) });
      const outputs = applySteps(steps, inputs);
      for (let k = 0; k < outputs.length; k++) {
        const out = outputs[k];
        if (fmtShape(out.shape) !== fmtShape(toShapes[k])) {
          throw new MappingError(`${from.join(' + ')} became ${fmtShape(out.shape)} but \`${to[k]}\` must be ${fmtShape(toShapes[k])}`);
        }
        yield { name: to[k], shape: out.shape, dtype, bytes: bytesOf(out.data), sources: [...from], pair: pair.id };
      }
    }
  }
}

function sourceTensor(byName: Map<string, TensorRef>, doc: ModelDoc, name: string, expected: number[]): TensorRef {
  const t = byName.get(name);
  if (!t) throw new MappingError(`\`${name}\` is not in ${doc.fileName}`);
  if (fmtShape(t.shape) !== fmtShape(expected)) throw new MappingError(`\`${name}\` is ${fmtShape(t.shape)} in ${doc.fileName} but the mapping expects ${fmtShape(expected)}`);
  return t;
}
