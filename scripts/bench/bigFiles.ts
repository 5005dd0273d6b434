/**
 * Large model files for the benchmark, written straight to disk (a 3 GB file never sits in memory):
 *   writeBigTorch: a torch.save-style zip state_dict (data.pkl, 64-byte aligned STORED `data/N`
 *                  entries, data descriptors, ZIP64 records where needed) through the project's
 *                  streaming zip/torch writers, which `torch.load(weights_only=True)` accepts;
 *   writeBigH5:    a Keras 2 `model.save('x.h5')` layout (model_config + model_weights), written by
 *                  h5py chunk by chunk (the project's own HDF5 writer builds files in memory).
 * Both hold the same kind of model: a conv/BatchNorm stack, a global pool, a chain of Linear/Dense
 * layers (4096×4096 = 64 MiB each at the big sizes) and a head that takes up the remaining bytes.
 * Values are a fixed pseudo-random float32 pattern, identical for both writers, so generating
 * them costs nothing next to the disk.
 */
import { spawn } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { contiguousStride, stateDictEntries, type TorchTensorOut } from '../../src/core/formats/torch/torchWriter';
import { zipParts } from '../../src/core/formats/zip/zipWriter';

export const PYTHON = '/usr/bin/python3';
const MIB = 1 << 20;
/** pattern period in elements; a read may run CHUNK_ELEMENTS past it, so the buffer is longer */
const PERIOD = 4 * MIB;
const CHUNK_ELEMENTS = 4 * MIB;

interface PlanTensor { role: string; shape: number[]; dtype: 'float32' | 'int64' }
interface PlanLayer { kind: 'conv' | 'bn' | 'linear'; index: number; tensors: PlanTensor[] }

export interface BigFileOptions {
  /** channels of the conv stack before scaling down to fit small sizes */
  convChannels?: number[];
}

export interface BigFileResult { tensors: number; bytes: number }

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const planBytes = (layers: PlanLayer[]): number =>
  layers.reduce((s, l) => s + l.tensors.reduce((t, x) => t + numel(x.shape) * (x.dtype === 'int64' ? 8 : 4), 0), 0);

/**
 * Layers adding up to about `totalBytes`: the conv stack is halved until it takes at most half,
 * Linear layers are as wide as fits three times into the rest (at most 4096), and the head's row
 * count makes up the difference.
 */
function plan(totalBytes: number, channels: number[]): PlanLayer[] {
  let chans = channels;
  const convStack = (cs: number[]): PlanLayer[] => {
    const out: PlanLayer[] = [];
    let cin = 3;
    cs.forEach((c) => {
      out.push({ kind: 'conv', index: out.length, tensors: [{ role: 'weight', shape: [c, cin, 3, 3], dtype: 'float32' }, { role: 'bias', shape: [c], dtype: 'float32' }] });
      out.push({ kind: 'bn', index: out.length, tensors: [
        ...['weight', 'bias', 'running_mean', 'running_var'].map((role): PlanTensor => ({ role, shape: [c], dtype: 'float32' })),
        { role: 'num_batches_tracked', shape: [], dtype: 'int64' },
      ] });
      cin = c;
    });
    return out;
  };
  while (planBytes(convStack(chans)) > totalBytes / 2 && chans[0] > 4) chans = chans.map((c) => Math.max(4, c >> 1));
  const layers = convStack(chans);
  let rest = totalBytes - planBytes(layers);
  let width = 4096;
  while (width > 16 && 4 * width * width * 3 > rest) width >>= 1;
  let fanIn = chans[chans.length - 1];
  const linear = (rows: number): void => {
    layers.push({ kind: 'linear', index: layers.length, tensors: [{ role: 'weight', shape: [rows, fanIn], dtype: 'float32' }, { role: 'bias', shape: [rows], dtype: 'float32' }] });
    rest -= 4 * rows * (fanIn + 1);
    fanIn = rows;
  };
  while (rest >= 4 * (width * (fanIn + 1) + width * (width + 1))) linear(width);
  linear(Math.max(1, Math.floor(rest / (4 * (fanIn + 1)))));
  return layers;
}

let patternCache: Float32Array | undefined;
/** The value pattern; the Python writer computes the same formula. */
function pattern(): Float32Array {
  if (patternCache) return patternCache;
  const p = new Float32Array(PERIOD + CHUNK_ELEMENTS);
  for (let i = 0; i < p.length; i++) p[i] = (((Math.imul(i, 2654435761 | 0) >>> 0) & 0xfffff) / 0x100000 - 0.5) * 0.1;
  return (patternCache = p);
}
/** where tensor `i`'s values start in the pattern */
const patternStart = (i: number): number => (i * 7919) % PERIOD;

async function* floatBytes(tensorIndex: number, count: number): AsyncGenerator<Uint8Array> {
  const p = pattern();
  let start = patternStart(tensorIndex);
  for (let left = count; left > 0;) {
    const n = Math.min(left, CHUNK_ELEMENTS);
    yield new Uint8Array(p.buffer, start * 4, n * 4);
    start = (start + n) % PERIOD;
    left -= n;
  }
}

/** The float32 values tensor `tensorIndex` of `count` elements holds (for tests). */
export function expectedValues(tensorIndex: number, count: number): Float32Array {
  const p = pattern();
  const out = new Float32Array(count);
  let start = patternStart(tensorIndex);
  for (let i = 0; i < count; i++) { out[i] = p[start]; start = (start + 1) % PERIOD; }
  return out;
}

/** Torch names: the conv stack is `features.N` (a Sequential), the Linear chain `classifier.N`. */
function torchTensors(layers: PlanLayer[]): TorchTensorOut[] {
  const firstLinear = layers.findIndex((l) => l.kind === 'linear');
  return layers.flatMap((l) => {
    const prefix = l.kind === 'linear' ? `classifier.${l.index - firstLinear}` : `features.${l.index}`;
    return l.tensors.map((t) => ({ name: `${prefix}.${t.role}`, dtype: t.dtype, shape: t.shape }));
  });
}

/** Parts are written as they come; each write is awaited, so the shared pattern buffer stays safe. */
async function writeParts(path: string, parts: AsyncIterable<Uint8Array>): Promise<number> {
  const fh = await open(path, 'w');
  try {
    let pending: Uint8Array[] = [], pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pending.length) await fh.writev(pending);
      pending = [];
      pendingBytes = 0;
    };
    for await (const part of parts) {
      pending.push(part);
      pendingBytes += part.length;
      if (pendingBytes >= MIB || pending.length >= 512) await flush();
    }
    await flush();
  } finally {
    await fh.close();
  }
  return (await stat(path)).size;
}

export async function writeBigTorch(path: string, totalBytes: number, opts: BigFileOptions = {}): Promise<BigFileResult> {
  const tensors = torchTensors(plan(totalBytes, opts.convChannels ?? [64, 128, 256, 512, 512]));
  const data = (i: number): AsyncIterable<Uint8Array> => {
    const t = tensors[i];
    if (t.dtype === 'int64') return (async function* () { yield new Uint8Array(new BigInt64Array([BigInt(i)]).buffer); })();
    return floatBytes(i, numel(t.shape));
  };
  const bytes = await writeParts(path, zipParts(stateDictEntries('archive', tensors, data), { align: 64 }));
  return { tensors: tensors.length, bytes };
}

/** Torch's names for the tensors of a file written with these arguments, in order, with shapes. */
export function bigTorchTensors(totalBytes: number, opts: BigFileOptions = {}): { name: string; shape: number[]; stride: number[] }[] {
  return torchTensors(plan(totalBytes, opts.convChannels ?? [64, 128, 256, 512, 512])).map((t) => ({ name: t.name, shape: t.shape, stride: contiguousStride(t.shape) }));
}

type Json = Record<string, unknown>;
interface KerasLayer { class_name: string; config: Json }
interface H5Weight { path: string; shape: number[]; index: number }

/** A Keras 2 Sequential config of the same model, and its weights in `model_weights` order. */
function kerasModel(layers: PlanLayer[], inputSide = 32): { config: Json; layerNames: string[]; weights: Record<string, H5Weight[]> } {
  const counters: Record<string, number> = {};
  const nameOf = (base: string): string => { const n = counters[base] ?? 0; counters[base] = n + 1; return n ? `${base}_${n}` : base; };
  const cfg = (cls: string, name: string, config: Json): KerasLayer => ({ class_name: cls, config: { name, trainable: true, dtype: 'float32', ...config } });
  const kerasLayers: KerasLayer[] = [cfg('InputLayer', 'input_1', { batch_input_shape: [null, inputSide, inputSide, 3], sparse: false, ragged: false })];
  const weights: Record<string, H5Weight[]> = {};
  const layerNames: string[] = [];
  let tensorIndex = 0;
  const add = (layer: KerasLayer, ws: [string, number[]][]): void => {
    const name = layer.config.name as string;
    kerasLayers.push(layer);
    layerNames.push(name);
    weights[name] = ws.map(([w, shape]) => ({ path: `${name}/${w}:0`, shape, index: tensorIndex++ }));
  };
  let pooled = false;
  for (const l of layers) {
    const w = l.tensors[0].shape;
    if (l.kind === 'conv') {
      const name = nameOf('conv2d');
      add(cfg('Conv2D', name, { filters: w[0], kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'linear', use_bias: true }),
        [['kernel', [3, 3, w[1], w[0]]], ['bias', [w[0]]]]);
    } else if (l.kind === 'bn') {
      const name = nameOf('batch_normalization');
      add(cfg('BatchNormalization', name, { axis: [3], momentum: 0.99, epsilon: 0.001, center: true, scale: true }),
        ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((r) => [r, w]));
    } else {
      if (!pooled) { add(cfg('GlobalAveragePooling2D', nameOf('global_average_pooling2d'), { data_format: 'channels_last' }), []); pooled = true; }
      const name = nameOf('dense');
      add(cfg('Dense', name, { units: w[0], activation: 'relu', use_bias: true }), [['kernel', [w[1], w[0]]], ['bias', [w[0]]]]);
    }
  }
  return { config: { class_name: 'Sequential', config: { name: 'sequential', layers: kerasLayers } }, layerNames, weights };
}

/** Reads the plan on stdin; writes each dataset in slices along its first axis, ≤ 16 MiB at a time. */
const H5_SCRIPT = String.raw`
import json, sys
import h5py, numpy as np
job = json.load(sys.stdin)
PERIOD, CHUNK = job['period'], job['chunk']
i = np.arange(PERIOD + CHUNK, dtype=np.uint64)
pattern = ((((i * 2654435761) & 0xffffffff) & 0xfffff).astype(np.float64) / 0x100000 - 0.5) * 0.1
pattern = pattern.astype(np.float32)
def fixed(strings):
    return np.array([s.encode() for s in strings], dtype='S%d' % max([len(s) for s in strings] + [1]))
with h5py.File(job['path'], 'w') as f:
    f.attrs['keras_version'] = np.bytes_('2.13.1')
    f.attrs['backend'] = np.bytes_('tensorflow')
    f.attrs['model_config'] = np.bytes_(json.dumps(job['config']))
    mw = f.create_group('model_weights')
    mw.attrs['layer_names'] = fixed(job['layerNames'])
    mw.attrs['keras_version'] = np.bytes_('2.13.1')
    mw.attrs['backend'] = np.bytes_('tensorflow')
    for lname in job['layerNames']:
        g = mw.create_group(lname)
        ws = job['weights'][lname]
        g.attrs['weight_names'] = fixed([w['path'] for w in ws]) if ws else np.array([], dtype='float64')
        for w in ws:
            shape = tuple(w['shape'])
            ds = g.create_dataset(w['path'], shape=shape, dtype='<f4')
            row = int(np.prod(shape[1:])) if len(shape) > 1 else 1
            rows = max(1, CHUNK // row)
            start = (w['index'] * 7919) % PERIOD
            for r0 in range(0, shape[0], rows):
                r1 = min(shape[0], r0 + rows)
                n = (r1 - r0) * row
                ds[r0:r1] = pattern[start:start + n].reshape((r1 - r0,) + shape[1:])
                start = (start + n) % PERIOD
`;

function runPython(script: string, stdin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-c', script], { stdio: ['pipe', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${PYTHON} (h5py) failed with ${code}: ${err.trim()}`))));
    child.stdin.end(stdin);
  });
}

/** A Keras 2 `.h5` of about `totalBytes`; needs h5py and numpy in /usr/bin/python3. */
export async function writeBigH5(path: string, totalBytes: number, opts: BigFileOptions = {}): Promise<BigFileResult> {
  const model = kerasModel(plan(totalBytes, opts.convChannels ?? [64, 128, 256, 512, 512]).map((l) => ({
    ...l, tensors: l.tensors.filter((t) => t.role !== 'num_batches_tracked'),
  })));
  await runPython(H5_SCRIPT, JSON.stringify({ path, period: PERIOD, chunk: CHUNK_ELEMENTS, ...model }));
  const tensors = Object.values(model.weights).reduce((n, ws) => n + ws.length, 0);
  return { tensors, bytes: (await stat(path)).size };
}
