import { isFloat, toNumbers } from '../model/dtype';
import type { TensorRef } from '../model/types';
import { CannotRunError } from './types';

/** A weight's values as float32, read once when a model is prepared (tfjs computes in float32). */
export interface WeightData {
  name: string;
  shape: number[];
  data: Float32Array;
}

export async function readWeight(t: TensorRef, signal?: AbortSignal): Promise<WeightData> {
  if (t.quant || !isFloat(t.dtype)) {
    throw new CannotRunError(`tensor "${t.name}" is ${t.quant ? `quantized (${t.dtype})` : t.dtype}; the runtime computes with float weights only`);
  }
  const numbers = toNumbers(t.dtype, await t.read(signal));
  // float64 weights are rounded to float32 here: tfjs has no float64
  const data = numbers instanceof Float32Array ? numbers.slice() : Float32Array.from(numbers);
  return { name: t.name, shape: [...t.shape], data };
}

export async function readWeights(refs: TensorRef[], signal?: AbortSignal): Promise<Map<string, WeightData>> {
  const out = new Map<string, WeightData>();
  for (const t of refs) out.set(t.name, await readWeight(t, signal));
  return out;
}
