import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseKerasModel } from '../../src/core/formats/keras';
import { loadH5 } from '../../src/core/formats/hdf5/loader';
import { MAX_DEFLATE_RATIO } from '../../src/core/formats/limits';
import { hdf5Layout } from '../fuzz/layoutHdf5';
import { OWN_FIXTURES, PROJECT_ROOT } from '../helpers/fixtures';
import { openOrProblem, poke, problemOf } from './build';

/**
 * HDF5 limits: datasets larger than their file can hold are refused before the library allocates
 * for them, and the structures on which the HDF5 library in h5wasm would hang or fault are
 * refused before it sees them (when the bytes are in memory; the CLI's --timeout covers files it
 * reads lazily from disk).
 */
const dir = mkdtempSync(join(tmpdir(), 'weightbridge-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Group = { create_group(n: string): Group; create_dataset(a: object): { resize(s: number[]): void }; close(): void };

/** A Keras-3-style weights file with one chunked dataset, resized to `elements` without writing them. */
async function chunkedWeights(elements: number): Promise<Uint8Array> {
  const { lib, module } = await loadH5('esm');
  const name = `/limits-${elements}.h5`;
  const f = new (lib.File as unknown as new (n: string, m: string) => Group)(name, 'w');
  const ds = f.create_group('layers').create_group('dense').create_group('vars')
    .create_dataset({ name: '0', data: new Float32Array(4), shape: [4], maxshape: [null], chunks: [4] });
  ds.resize([elements]);
  f.close();
  const fs = module.FS as unknown as { readFile(p: string): Uint8Array; unlink(p: string): void };
  const bytes = fs.readFile(name);
  fs.unlink(name);
  return bytes;
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(OWN_FIXTURES, 'keras', name)));
}

function fieldAt(bytes: Uint8Array, what: RegExp): number {
  const f = hdf5Layout(bytes).fields.find((x) => what.test(x.what));
  if (!f) throw new Error(`no field ${what} in the fixture`);
  return f.at;
}

describe('HDF5 datasets', () => {
  it('a chunked dataset claiming more than the file could hold even compressed is refused on read', async () => {
    const bytes = await chunkedWeights(100_000_000); // 400 MB of never-written chunks in a 3 KB file
    const doc = await openOrProblem(bytes, 'sparse.weights.h5');
    if (typeof doc === 'string') throw new Error(doc);
    expect(doc.tensors[0].byteLength).toBe(400_000_000);
    await expect(doc.tensors[0].read()).rejects.toThrow(
      `dataset /layers/dense/vars/0 claims 400000000 bytes, more than this ${bytes.length}-byte file can hold even compressed`);
    releaseKerasModel(doc);
  });

  it('within the compression ratio a chunked dataset still reads (fill values)', async () => {
    const bytes = await chunkedWeights(1000);
    expect(4000).toBeLessThan(bytes.length * MAX_DEFLATE_RATIO);
    const doc = await openOrProblem(bytes, 'small.weights.h5');
    if (typeof doc === 'string') throw new Error(doc);
    expect((await doc.tensors[0].read()).byteLength).toBe(4000);
    releaseKerasModel(doc);
  });
});

describe('HDF5 structures the library would hang or fault on', () => {
  it('a global heap whose free-space record is empty (an endless loop in the library)', async () => {
    const bytes = fixture('k3-sequential.weights.h5');
    poke(bytes, fieldAt(bytes, /^global heap @\d+ object 0 size$/), 8, 0);
    expect(await problemOf(bytes, 'gcol.weights.h5')).toMatch(
      /^corrupt HDF5 file: the global heap at byte \d+ has an empty free-space record, on which the HDF5 library would loop for ever$/);
  });

  it('a global heap object running past its collection (a wasm memory fault in the library)', async () => {
    const bytes = fixture('k2-functional.h5');
    poke(bytes, fieldAt(bytes, /^global heap @\d+ object [1-9]\d* size$/), 8, 1_000_000);
    expect(await problemOf(bytes, 'gcol-object.h5')).toMatch(/^corrupt HDF5 file: an object in the global heap at byte \d+ runs past the end of its collection$/);
  });

  it('a local heap whose data block overlaps the superblock', async () => {
    const bytes = fixture('k2-sequential.h5');
    poke(bytes, fieldAt(bytes, /^local heap @\d+ data address$/), 8, 2);
    expect(await problemOf(bytes, 'heap.h5')).toMatch(/^corrupt HDF5 file: the local heap at byte \d+ points its \d+-byte data block at byte 2, outside the file's data$/);
  });

  it('the CLI stops a file the library loops on (read lazily from disk, so unchecked) at --timeout', async () => {
    const bytes = fixture('k3-sequential.weights.h5');
    poke(bytes, fieldAt(bytes, /^global heap @\d+ object 0 size$/), 8, 0);
    const path = join(dir, 'loops.weights.h5');
    writeFileSync(path, bytes);
    const t0 = Date.now();
    const r = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'bin', 'weightbridge.mjs'), 'inspect', path, '--timeout', '2'])
      .then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('weightbridge: loops.weights.h5: reading it took longer than 2 s and was stopped (the file may be damaged, or too large for this machine)\n');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
