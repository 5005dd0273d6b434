/**
 * What the mapping core makes of two files in Node (the code the mapping worker runs), so the
 * mapping view's tests compare the UI with the core rather than with hard-coded pairs.
 */
import { writeFileSync } from 'node:fs';
import { openModel } from '../src/core/formats/registry';
import { fileSource } from '../src/core/io/nodeSource';
import { applyMapping, autoMap, type Direction, type Mapping } from '../src/core/mapping';
import { toNumbers } from '../src/core/model/dtype';
import type { ModelDoc } from '../src/core/model/types';
import { torchStateDictZip } from './synthTorch';

export interface Mapped { a: ModelDoc; b: ModelDoc; m: Mapping; close(): Promise<void> }

/** Both documents (kept open, for reading tensors) and their automatic mapping. */
export async function mapInNode(pathA: string, pathB: string): Promise<Mapped> {
  const sa = await fileSource(pathA), sb = await fileSource(pathB);
  const a = await openModel(sa), b = await openModel(sb);
  return { a, b, m: autoMap(a, b), close: async () => { await sa.close(); await sb.close(); } };
}

/**
 * max |Δ| between one side's stored tensor and the other side's tensors mapped into its layout,
 * through the core's applyMapping (independent of the view's own comparison code).
 */
export async function maxAbsDiffInNode(x: Mapped, tensor: string, layout: 'a' | 'b'): Promise<number> {
  const [source, target, dir]: [ModelDoc, ModelDoc, Direction] = layout === 'a' ? [x.b, x.a, 'b-to-a'] : [x.a, x.b, 'a-to-b'];
  const stored = target.tensors.find((t) => t.name === tensor);
  if (!stored) throw new Error(`no tensor ${tensor}`);
  const want = toNumbers(stored.dtype, await stored.read());
  for await (const t of applyMapping(x.m, source, dir)) {
    if (t.name !== tensor) continue;
    const got = toNumbers(t.dtype, t.bytes);
    let d = 0;
    for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(want[i] - got[i]));
    return d;
  }
  throw new Error(`the mapping makes no ${tensor}`);
}

const ramp = (n: number, k: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + k));

/**
 * A conv → linear pair whose files show no Flatten (a bare torch state_dict and a Keras
 * save_weights file listing only the layers with weights), so the mapping asks whether the linear
 * layer reads a flattened 2×4×4 map. Written with h5wasm the way Keras 2 lays such files out.
 */
export async function writeFlattenQuestionPair(torchPath: string, kerasPath: string): Promise<void> {
  writeFileSync(torchPath, torchStateDictZip([
    { name: 'conv.weight', shape: [2, 1, 3, 3], values: ramp(18, 1) },
    { name: 'conv.bias', shape: [2], values: ramp(2, 2) },
    { name: 'fc.weight', shape: [3, 32], values: ramp(96, 3) },
    { name: 'fc.bias', shape: [3], values: ramp(3, 4) },
  ], 'noflat'));
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const f = new h5wasm.File(kerasPath, 'w');
  f.create_attribute('layer_names', ['conv2d', 'fc'], null, 'S6');
  f.create_attribute('backend', 'tensorflow');
  f.create_attribute('keras_version', '2.13.1');
  const layer = (name: string, weights: [string, number[], Float32Array][]): void => {
    const g = f.create_group(name);
    const names = weights.map(([w]) => `${name}/${w}`);
    g.create_attribute('weight_names', names, null, `S${Math.max(...names.map((n) => n.length))}`);
    const inner = g.create_group(name);
    for (const [w, shape, data] of weights) inner.create_dataset({ name: w, data, shape });
  };
  layer('conv2d', [['kernel:0', [3, 3, 1, 2], ramp(18, 5)], ['bias:0', [2], ramp(2, 6)]]);
  layer('fc', [['kernel:0', [32, 3], ramp(96, 7)], ['bias:0', [3], ramp(3, 8)]]);
  f.close();
}
