import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { loadH5 } from '../../src/core/formats/hdf5/loader';
import { openModel } from '../../src/core/formats/registry';
import type { ByteSource } from '../../src/core/io/byteSource';
import { sha256Hex } from '../../src/core/model/hash';
import { HAVE_SHARED, LOCAL, REAL } from './helpers';

/**
 * The browser-worker path, emulated in Node: WORKERFS mounts the File/Blob and reads it with
 * FileReaderSync, so only the bytes HDF5 asks for are read. A counting Blob stands in for the File
 * and a FileReaderSync over it is installed (with WorkerGlobalScope) before h5wasm loads; vitest
 * runs each test file in its own process, so no other test sees these globals.
 */
class CountingBlob {
  static bytesRead = 0;
  constructor(private readonly bytes: Uint8Array) {}
  get size(): number { return this.bytes.length; }
  slice(start = 0, end = this.bytes.length): CountingBlob {
    return new CountingBlob(this.bytes.subarray(start, Math.min(end, this.bytes.length)));
  }
  readAll(): ArrayBuffer {
    CountingBlob.bytesRead += this.bytes.length;
    return this.bytes.slice().buffer;
  }
  async arrayBuffer(): Promise<ArrayBuffer> { return this.readAll(); }
}

const g = globalThis as Record<string, unknown>;
g.WorkerGlobalScope = class {};
g.FileReaderSync = class { readAsArrayBuffer(b: CountingBlob): ArrayBuffer { return b.readAll(); } };
afterAll(() => { delete g.WorkerGlobalScope; delete g.FileReaderSync; });

function blobOnlySource(path: string): ByteSource {
  const bytes = new Uint8Array(readFileSync(path));
  const blob = new CountingBlob(bytes);
  return {
    name: path.slice(path.lastIndexOf('/') + 1),
    size: bytes.length,
    blob: blob as unknown as Blob,
    async read(offset, length) {
      CountingBlob.bytesRead += Math.min(length, bytes.length - offset);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

async function mountedDirs(): Promise<string[]> {
  const fs = (await loadH5('esm')).module.FS as unknown as { readdir(p: string): string[] };
  return fs.readdir('/').filter((n) => n.startsWith('weightbridge-'));
}

describe('WORKERFS (browser worker) strategy', () => {
  it('reads a local fixture through the mounted Blob, tensor bytes unchanged', async () => {
    const expected = JSON.parse(readFileSync(`${LOCAL}expected.json`, 'utf8'))['k2-sequential.h5'] as { tensors: Record<string, { sha256: string }> };
    const doc = await openModel(blobOnlySource(`${LOCAL}k2-sequential.h5`));
    for (const t of doc.tensors) expect(await sha256Hex(await t.read())).toBe(expected.tensors[t.name].sha256);
    expect(await mountedDirs()).toHaveLength(1);
    releaseKerasModel(doc);
    expect(await mountedDirs()).toHaveLength(0);
    await expect(doc.tensors[0].read()).rejects.toThrow(/already closed/);
  });

  it.skipIf(!HAVE_SHARED)('opening a 3.7 MB model reads a small part of it; a tensor read adds about its own size', async () => {
    const src = blobOnlySource(`${REAL}keras2-h5/siamese-2input-shared-subclassed-lambda-tfkeras2.9.h5`);
    CountingBlob.bytesRead = 0;
    const doc = await openModel(src);
    const atOpen = CountingBlob.bytesRead;
    expect(atOpen).toBeLessThan(src.size / 4);
    const big = doc.tensors.filter((t) => t.group === 'model').sort((a, b) => b.byteLength - a.byteLength)[0];
    await big.read();
    expect(CountingBlob.bytesRead - atOpen).toBeGreaterThanOrEqual(big.byteLength);
    expect(CountingBlob.bytesRead - atOpen).toBeLessThan(big.byteLength * 3 + 65536);
    releaseKerasModel(doc);
  });

  it.skipIf(!HAVE_SHARED)('a .keras zip with a stored model.weights.h5 mounts the Blob slice, not a copy', async () => {
    const src = blobOnlySource(`${REAL}keras3/mnist-cnn-augment-bn-keras3.3.3.keras`);
    CountingBlob.bytesRead = 0;
    const doc = await openModel(src);
    expect(CountingBlob.bytesRead).toBeLessThan(src.size / 4);
    expect(doc.tensors).toHaveLength(56);
    expect((await doc.tensors[0].read()).byteLength).toBe(doc.tensors[0].byteLength);
    releaseKerasModel(doc);
    expect(await mountedDirs()).toHaveLength(0);
  });
});
