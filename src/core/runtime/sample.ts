import { decodeNpy } from '../viz/npy';
import { canPermute, toLayout, torchLayoutForRank } from './layout';
import type { InputSpec, Sample } from './types';

const defaultLayout = torchLayoutForRank;

/**
 * Inputs for a run: a seeded random sample, or values the user brings (a ref.json as the
 * fixtures write it, or a .npy). One sample feeds both models of a comparison, each in its own
 * layout (sampleFor), so they see the same numbers.
 */

/** mulberry32: tiny, fast and the same in every JS engine, so a seed names a sample everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Distribution = 'uniform' | 'normal';

export interface SampleOptions {
  seed?: number;
  distribution?: Distribution;
}

export function numelOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Uniform [0, 1) (what the seed's models were fed), standard normal, or token ids below spec.vocab. */
export function randomSample(spec: InputSpec, opts: SampleOptions = {}): Sample {
  const seed = opts.seed ?? 0;
  const dist = opts.distribution ?? 'uniform';
  const next = seededRandom(seed);
  const n = numelOf(spec.shape);
  if (spec.dtype === 'int32') {
    const vocab = spec.vocab ?? 2;
    const data = new Int32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.floor(next() * vocab);
    return { shape: [...spec.shape], layout: spec.layout, dtype: 'int32', data, origin: `seed ${seed}, token ids in [0, ${vocab})` };
  }
  const data = new Float32Array(n);
  if (dist === 'normal') {
    for (let i = 0; i < n; i += 2) {
      // Box–Muller: two normals from two uniforms; 1 - u keeps log() away from 0.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const th = 2 * Math.PI * next();
      data[i] = r * Math.cos(th);
      if (i + 1 < n) data[i + 1] = r * Math.sin(th);
    }
  } else {
    for (let i = 0; i < n; i++) data[i] = next();
  }
  return { shape: [...spec.shape], layout: spec.layout, dtype: 'float32', data, origin: `seed ${seed}, ${dist === 'normal' ? 'normal(0, 1)' : 'uniform [0, 1)'}` };
}

/**
 * The sample in the layout and shape a model expects. Same layout letters in another order are
 * permuted (NCHW → NHWC); a model with a leading Flatten takes any shape of the right size.
 */
export function sampleFor(sample: Sample, spec: InputSpec): Sample {
  const dtype = spec.dtype;
  const data = dtype === sample.dtype ? sample.data : dtype === 'int32' ? Int32Array.from(sample.data, Math.round) : Float32Array.from(sample.data);
  // A leading Flatten or Linear takes other ranks; torch flattens images channels-first, so
  // channels-last images are turned first. Other layouts pass as they are.
  const target = spec.anyRank && sample.shape.length !== spec.shape.length ? (sample.layout === 'NHWC' ? 'NCHW' : sample.layout) : spec.layout;
  const moved = sample.layout !== target && canPermute(sample.layout, target) ? toLayout(data, sample.shape, sample.layout, target) : { data, shape: sample.shape };
  const layout = moved.shape === sample.shape ? sample.layout : target;
  // editable axes (batch, image size, sequence length) may differ from the spec's
  const fits = (moved.shape.length === spec.shape.length && moved.shape.every((d, i) => d === spec.shape[i] || spec.editable.includes(i))) ||
    (spec.anyRank === true && (numelOf(moved.shape.slice(1)) === numelOf(spec.shape.slice(1)) || moved.shape[moved.shape.length - 1] === spec.shape[spec.shape.length - 1]));
  if (!fits) {
    throw new Error(`the input has shape [${sample.shape.join(', ')}] (${sample.layout}) but the model expects [${spec.shape.join(', ')}] (${spec.layout})`);
  }
  return { ...sample, data: moved.data, shape: moved.shape, layout, dtype };
}

/** The input of a reference file: {input_shape, input, input_layout?, input_dtype?} as the fixtures write it. */
export function sampleFromRefJson(json: unknown, origin = 'ref.json'): Sample {
  const r = json as { input_shape?: unknown; input?: unknown; input_layout?: unknown; input_dtype?: unknown };
  if (!Array.isArray(r.input_shape) || !Array.isArray(r.input)) throw new Error(`${origin}: expected "input_shape" and "input" arrays`);
  const shape = r.input_shape.map(Number);
  if (numelOf(shape) !== r.input.length) throw new Error(`${origin}: input has ${r.input.length} values, input_shape [${shape.join(', ')}] needs ${numelOf(shape)}`);
  const isInt = typeof r.input_dtype === 'string' && /int/.test(r.input_dtype);
  const layout = typeof r.input_layout === 'string' && r.input_layout !== 'tokens' ? r.input_layout : isInt ? 'NL' : '';
  const data = isInt ? Int32Array.from(r.input as number[]) : Float32Array.from(r.input as number[]);
  return { shape, layout: layout || defaultLayout(shape.length), dtype: isInt ? 'int32' : 'float32', data, origin };
}

/** A .npy array as a sample, in the layout given (the model's, usually) when the ranks agree. */
export function sampleFromNpy(bytes: Uint8Array, layout: string, origin = 'input.npy'): Sample {
  const arr = decodeNpy(bytes);
  if (arr.fortranOrder) throw new Error(`${origin}: Fortran-ordered arrays are not supported; save it with np.ascontiguousarray`);
  const ab = arr.data.slice().buffer;
  const readers: Record<string, () => Float32Array | Int32Array> = {
    '<f4': () => new Float32Array(ab),
    '<f8': () => Float32Array.from(new Float64Array(ab)),
    '<i4': () => new Int32Array(ab),
    '<i8': () => Int32Array.from(new BigInt64Array(ab), (v) => Number(v)),
    '|u1': () => Float32Array.from(new Uint8Array(ab)),
  };
  const read = readers[arr.descr];
  if (!read) throw new Error(`${origin}: dtype ${arr.descr} is not supported (use float32, float64, int32 or int64)`);
  const data = read();
  // a layout of another rank belongs to another array: fall back to torch's convention
  const letters = layout.length === arr.shape.length ? layout : defaultLayout(arr.shape.length);
  return { shape: arr.shape, layout: letters, dtype: data instanceof Int32Array ? 'int32' : 'float32', data, origin };
}

