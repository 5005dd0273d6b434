import { join } from 'node:path';
import { openModel } from '../../src/core/formats/registry';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { fileSource } from '../../src/core/io/nodeSource';
import { DTYPE_SIZE, type DType } from '../../src/core/model/dtype';
import { newNode } from '../../src/core/model/tree';
import { torchLayout } from '../../src/core/model/inferKind';
import type { LayerNode, ModelDoc, TensorRef } from '../../src/core/model/types';
import { PROJECT_ROOT } from '../helpers/fixtures';

/** The mapping tests' own model pairs (tests/mapping/make_mapping_fixtures.py). */
export const MAP_FIXTURES = join(PROJECT_ROOT, 'tests', 'mapping', 'fixtures');

export interface TensorSpec { name: string; shape: number[]; values?: ArrayLike<number>; dtype?: DType; layout?: string }
export interface LayerSpec { path: string; kind: string; config?: Record<string, unknown>; inputs?: string[]; tensors?: TensorSpec[] }

const numel = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Distinct small integers, exact in float32, so sums in tests are exact too. */
export function counting(n: number, start = 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => ((i * 7 + start) % 23) - 11);
}

function bytesOf(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const arr = dtype === 'float64' ? Float64Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
  return new Uint8Array(arr.buffer);
}

/**
 * A ModelDoc built in memory, as a reader would produce it: a flat Sequential of the given layers
 * (torch layers get kindFrom 'class', Keras ones 'config'). Tensor values default to `counting`.
 */
export function makeDoc(framework: 'torch' | 'keras', layers: LayerSpec[], fileName = `${framework}-model`): ModelDoc {
  const root = newNode('', '');
  root.kind = 'Sequential';
  const tensors: TensorRef[] = [];
  let seed = 1;
  for (const spec of layers) {
    const node: LayerNode = { ...newNode(spec.path, spec.path), kind: spec.kind, kindFrom: framework === 'torch' ? 'class' : 'config', config: spec.config ?? {} };
    if (spec.inputs) node.inputs = spec.inputs;
    for (const t of spec.tensors ?? []) {
      const dtype = t.dtype ?? 'float32';
      const bytes = bytesOf(t.values ?? counting(numel(t.shape), seed++), dtype);
      tensors.push({
        name: t.name, shape: t.shape, dtype, numel: numel(t.shape), byteLength: numel(t.shape) * DTYPE_SIZE[dtype], group: 'model',
        layout: t.layout ?? (framework === 'torch' ? torchLayout(spec.kind, t.name, t.shape) : ''),
        read: async () => bytes.slice(),
      });
      node.tensors.push(t.name);
    }
    root.children.push(node);
  }
  return {
    fileName, fileSize: 0, format: framework === 'torch' ? 'torch-zip' : 'keras-h5', producer: 'test', root, tensors,
    metadata: {}, warnings: [], contents: 'test document',
  };
}

/** Values of a float32 tensor of a document. */
export async function valuesOf(doc: ModelDoc, name: string): Promise<Float32Array> {
  const t = doc.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`no tensor ${name}`);
  const b = await t.read();
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

const opened: (() => Promise<void>)[] = [];

/** Opens a model file through the registry; closeAll() releases HDF5 handles and file handles. */
export async function open(path: string): Promise<ModelDoc> {
  const src = await fileSource(path);
  try {
    const doc = await openModel(src);
    opened.push(async () => { releaseKerasModel(doc); await src.close(); });
    return doc;
  } catch (e) {
    await src.close();
    throw e;
  }
}

export async function closeAll(): Promise<void> {
  while (opened.length) await opened.pop()!();
}

/** Keras weight names like model_weights/conv2d/conv2d/kernel:0. */
export const kname = (layer: string, w: string): string => `model_weights/${layer}/${layer}/${w}:0`;
