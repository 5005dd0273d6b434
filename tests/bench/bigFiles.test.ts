/**
 * The benchmark's generated files at a small size: real torch / h5py and our readers must see the
 * same tensors (names, shapes, bytes), or the benchmark would time something torch cannot open.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, bigTorchTensors, expectedValues, writeBigH5, writeBigTorch } from '../../scripts/bench/bigFiles';
import { openModel } from '../../src/core/formats/registry';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { fileSource } from '../../src/core/io/nodeSource';
import type { ModelDoc } from '../../src/core/model/types';

const SIZE = 3_000_000;
const probe = spawnSync(PYTHON, ['-c', 'import torch, h5py, numpy'], { encoding: 'utf8' });
const HAS_PYTHON = probe.status === 0;
if (!HAS_PYTHON) console.warn(`tests/bench/bigFiles skipped: ${PYTHON} cannot import torch, h5py and numpy (apt-get install python3-torch python3-h5py python3-numpy)`);

interface PyTensor { name: string; shape: number[]; sha256: string | null }

function python(script: string, path: string): PyTensor[] {
  const r = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as PyTensor[];
}

const TORCH_LIST = String.raw`
import sys, json, hashlib, torch
sd = torch.load(sys.argv[1], weights_only=True)
print(json.dumps([{'name': k, 'shape': list(v.shape), 'sha256': hashlib.sha256(v.contiguous().numpy().tobytes()).hexdigest() if k == 'classifier.0.weight' else None} for k, v in sd.items()]))
`;

const H5_LIST = String.raw`
import sys, json, hashlib, h5py
out = []
with h5py.File(sys.argv[1], 'r') as f:
    for layer in f['model_weights'].attrs['layer_names']:
        g = f['model_weights'][layer.decode()]
        for w in g.attrs['weight_names']:
            d = g[w.decode()]
            out.append({'name': d.name.lstrip('/'), 'shape': list(d.shape), 'sha256': hashlib.sha256(d[...].tobytes()).hexdigest() if d.name.endswith('dense/kernel:0') else None})
print(json.dumps(out))
`;

async function withDoc<T>(path: string, inspect: (doc: ModelDoc) => Promise<T>): Promise<T> {
  const src = await fileSource(path);
  const doc = await openModel(src);
  try { return await inspect(doc); } finally { releaseKerasModel(doc); await src.close(); }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!HAS_PYTHON)('benchmark big files (small size)', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'wb-bigfiles-')); });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('writes a torch state_dict that torch.load and our reader agree on', async () => {
    const path = join(dir, 'big.pt');
    const written = await writeBigTorch(path, SIZE);
    expect(Math.abs(written.bytes - SIZE) / SIZE).toBeLessThan(0.02);
    const torch = python(TORCH_LIST, path);
    expect(torch.map((t) => t.name)).toEqual(bigTorchTensors(SIZE).map((t) => t.name));
    expect(torch.length).toBe(written.tensors);
    expect(torch.some((t) => t.name.endsWith('num_batches_tracked'))).toBe(true);
    await withDoc(path, async (doc) => {
      expect(doc.tensors.map((t) => [t.name, t.shape])).toEqual(torch.map((t) => [t.name, t.shape]));
      const probeTensor = doc.tensors.find((t) => t.name === 'classifier.0.weight')!;
      const bytes = await probeTensor.read();
      expect(sha256(bytes)).toBe(torch.find((t) => t.sha256)!.sha256);
      const index = doc.tensors.indexOf(probeTensor);
      const expected = expectedValues(index, probeTensor.numel);
      expect(sha256(new Uint8Array(expected.buffer))).toBe(sha256(bytes));
    });
  });

  it('writes a Keras 2 .h5 that h5py and our reader agree on', async () => {
    const path = join(dir, 'big.h5');
    const written = await writeBigH5(path, SIZE);
    expect(Math.abs(written.bytes - SIZE) / SIZE).toBeLessThan(0.05);
    const h5 = python(H5_LIST, path);
    expect(h5.length).toBe(written.tensors);
    await withDoc(path, async (doc) => {
      expect(doc.format).toBe('keras-h5');
      expect(doc.tensors.map((t) => [t.name, t.shape])).toEqual(h5.map((t) => [t.name, t.shape]));
      const kernel = h5.find((t) => t.sha256)!;
      expect(sha256(await doc.tensors.find((t) => t.name === kernel.name)!.read())).toBe(kernel.sha256);
      expect(doc.root.children.map((c) => c.kind)).toContain('Dense');
    });
  });
});
