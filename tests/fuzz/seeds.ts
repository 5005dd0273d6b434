import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { OWN_FIXTURES } from '../helpers/fixtures';

/**
 * The seed files of each fuzz family: the project's own fixtures (never ../shared, which a fresh
 * clone lacks), plus two small files built here for readers no fixture exercises (a PyTorch 1.0
 * TorchScript archive with model.json, and a safetensors file with every dtype and odd shapes).
 */
export const FAMILIES = ['torch-zip', 'torch-legacy', 'torchscript', 'pickle', 'keras-h5', 'keras-zip', 'safetensors'] as const;
export type Family = (typeof FAMILIES)[number];

export type SeedKind = 'zip' | 'legacy' | 'pickle' | 'hdf5' | 'safetensors';

export interface Seed {
  name: string;
  kind: SeedKind;
  bytes: Uint8Array;
  /** false for seeds that are meant to be refused (an HDF5 file that is not Keras, protocol-0 pickles) */
  opens: boolean;
}

const read = (...parts: string[]): Uint8Array => new Uint8Array(readFileSync(join(...parts)));
const TORCH = join(OWN_FIXTURES, 'torch');
const KERAS = join(OWN_FIXTURES, 'keras');
const HOSTILE = join(OWN_FIXTURES, 'hostile');
const PICKLES = join(OWN_FIXTURES, '..', 'pickle', 'data');

function files(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir).filter(test).sort();
}

/** A PyTorch 1.0/1.1 TorchScript archive: model.json describing tensors stored as tensors/N. */
function torchScriptV1(): Uint8Array {
  const f32 = (n: number, k: number): Uint8Array => new Uint8Array(new Float32Array(Array.from({ length: n }, (_, i) => (i - k) / 8)).buffer);
  const model = {
    protoVersion: '2', producerName: 'pytorch', producerVersion: '1.0',
    mainModule: {
      name: 'Net',
      submodules: [
        { name: 'conv', parameters: [{ name: 'weight', tensorId: '0' }, { name: 'bias', tensorId: '1' }] },
        { name: 'fc', parameters: [{ name: 'weight', tensorId: '2' }, { name: 'bias', tensorId: '3', isBuffer: false }] },
      ],
    },
    tensors: [
      { dims: ['2', '1', '3', '3'], offset: '0', strides: ['9', '9', '3', '1'], dataType: 'FLOAT', data: { key: 'tensors/0' }, device: 'cpu' },
      { dims: ['2'], offset: '0', strides: ['1'], dataType: 'FLOAT', data: { key: 'tensors/1' } },
      { dims: ['3', '4'], offset: '2', strides: ['1', '3'], dataType: 'FLOAT', data: { key: 'tensors/2' } },
      { dims: ['3'], offset: '0', strides: ['1'], dataType: 'DOUBLE', data: { key: 'tensors/3' } },
    ],
  };
  return zipSync({
    'net/model.json': new TextEncoder().encode(JSON.stringify(model)),
    'net/tensors/0': f32(18, 3), 'net/tensors/1': f32(2, 1), 'net/tensors/2': f32(14, 7),
    'net/tensors/3': new Uint8Array(new Float64Array([1, 2, 3]).buffer),
  }, { level: 0 });
}

/** A safetensors file with every dtype, a scalar, an empty tensor, '/' names and metadata. */
export function safetensorsOf(tensors: { name: string; dtype: string; shape: number[]; size: number }[], meta?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = meta ? { __metadata__: meta } : {};
  let off = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, d) => a * d, 1) * t.size;
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + n] };
    off += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  for (let i = 8 + head.length; i < out.length; i++) out[i] = (i * 37) & 0xff;
  return out;
}

function safetensorsVariety(): Uint8Array {
  return safetensorsOf([
    { name: 'model/dense/kernel', dtype: 'F32', shape: [3, 2], size: 4 },
    { name: 'model/dense/bias', dtype: 'F16', shape: [2], size: 2 },
    { name: 'model/scale', dtype: 'F64', shape: [], size: 8 },
    { name: 'model/empty', dtype: 'I32', shape: [0, 4], size: 4 },
    { name: 'model/ids', dtype: 'I64', shape: [2, 1, 2], size: 8 },
    { name: 'model/u16', dtype: 'U16', shape: [3], size: 2 },
    { name: 'model/c64', dtype: 'C64', shape: [1], size: 8 },
    { name: 'model/f8', dtype: 'F8_E4M3', shape: [4], size: 1 },
    { name: 'model/i8', dtype: 'I8', shape: [2, 2], size: 1 },
  ], { format: 'tf', note: 'fuzz seed' });
}

/** Seeds that are refused on purpose (protocol 0/1 pickles are not sniffed as pickles either). */
const REFUSED = new Set(['not-keras.h5', 'oob_p5.pkl', 'torchlike_p2.pkl']);

let cache: Map<Family, Seed[]> | undefined;

export function seedsOf(family: Family): Seed[] {
  cache ??= new Map();
  let seeds = cache.get(family);
  if (seeds) return seeds;
  const seed = (name: string, kind: SeedKind, bytes: Uint8Array): Seed =>
    ({ name, kind, bytes, opens: !REFUSED.has(name) && (kind !== 'pickle' || bytes[0] === 0x80) });
  switch (family) {
    case 'torch-zip':
      seeds = [
        ...files(TORCH, (n) => /\.(pt|pth|ckpt)$/.test(n) && !/legacy|torchscript/.test(n)).map((n) => seed(n, 'zip', read(TORCH, n))),
        ...['os_system.pt', 'module_reduce.pt'].map((n) => seed(n, 'zip', read(HOSTILE, n))),
      ];
      break;
    case 'torch-legacy':
      seeds = [
        ...files(TORCH, (n) => n.endsWith('.legacy.pt')).map((n) => seed(n, 'legacy', read(TORCH, n))),
        seed('legacy_stream.pkl', 'legacy', read(PICKLES, 'legacy_stream.pkl')),
      ];
      break;
    case 'torchscript':
      seeds = [seed('lenet5.torchscript.pt', 'zip', read(TORCH, 'lenet5.torchscript.pt')), seed('net-v1.pt', 'zip', torchScriptV1())];
      break;
    case 'pickle':
      seeds = [
        ...files(HOSTILE, (n) => n.endsWith('.pkl')).map((n) => seed(n, 'pickle', read(HOSTILE, n))),
        ...files(PICKLES, (n) => n.endsWith('.pkl') && n !== 'legacy_stream.pkl').map((n) => seed(n, 'pickle', read(PICKLES, n))),
      ];
      break;
    case 'keras-h5':
      seeds = files(KERAS, (n) => n.endsWith('.h5')).map((n) => seed(n, 'hdf5', read(KERAS, n)));
      break;
    case 'keras-zip':
      seeds = files(KERAS, (n) => n.endsWith('.keras')).map((n) => seed(n, 'zip', read(KERAS, n)));
      break;
    case 'safetensors':
      seeds = [
        seed('tiny.safetensors', 'safetensors', read(KERAS, 'tiny.safetensors')),
        seed('variety.safetensors', 'safetensors', safetensorsVariety()),
      ];
      break;
  }
  cache.set(family, seeds);
  return seeds;
}
