import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { loadH5 } from '../../src/core/formats/hdf5/loader';
import { openModel } from '../../src/core/formats/registry';
import { bytesSource } from '../../src/core/io/byteSource';
import { ReadError } from '../../src/core/model/errors';
import { closeOpened, LOCAL, openPath } from './helpers';

/**
 * Damaged inputs must give a readable ReadError naming the file (never an emscripten abort or
 * HDF5's stderr stack), must release what they mounted, and must not break the next open.
 * Damaged copies are written to the OS temp dir at test time; no fixture copy is committed.
 */
const dir = mkdtempSync(join(tmpdir(), 'weightbridge-keras-'));
afterAll(async () => {
  await closeOpened();
  rmSync(dir, { recursive: true, force: true });
});

const GOOD = `${LOCAL}k2-sequential.h5`;
const good = (): Uint8Array => new Uint8Array(readFileSync(GOOD));

function writeTemp(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function failure(open: () => Promise<unknown>): Promise<ReadError> {
  const err = await open().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ReadError);
  const e = err as ReadError;
  expect(e.message.length).toBeLessThan(400);       // one readable sentence, not an HDF5 error stack
  expect(e.message).not.toMatch(/HDF5-DIAG|#00\d|Aborted/);
  return e;
}

async function stillWorks(): Promise<void> {
  const doc = await openPath(GOOD);
  expect(doc.tensors).toHaveLength(10);
  expect((await doc.tensors[0].read()).byteLength).toBe(doc.tensors[0].byteLength);
}

describe('damaged Keras/HDF5 input', () => {
  it('a truncated copy says it is truncated, from disk and from memory', async () => {
    const bytes = good().subarray(0, 6000);
    const e = await failure(() => openPath(writeTemp('truncated.h5', bytes)));
    expect(e.fileName).toBe('truncated.h5');
    expect(e.message).toMatch(/^truncated\.h5: truncated HDF5 file: it has 6000 bytes but its superblock says \d+/);
    await failure(() => openModel(bytesSource(bytes, 'truncated.h5')));
    await stillWorks();
  });

  it('a wrong superblock version is reported as such', async () => {
    const bytes = good();
    bytes[8] = 9;
    const e = await failure(() => openPath(writeTemp('superblock.h5', bytes)));
    expect(e.problem).toBe('corrupt or unsupported HDF5 superblock (version 9; versions 0–3 exist)');
    await stillWorks();
  });

  it('a damaged superblock field the HDF5 library itself rejects gives its one-line reason', async () => {
    const bytes = good();
    bytes.fill(0xee, 24, 96); // base/EOF/root addresses and the root symbol table entry
    const e = await failure(() => openPath(writeTemp('addresses.h5', bytes)));
    expect(e.problem).toBe('corrupt HDF5 superblock (its end-of-file address is impossibly large)');
    await stillWorks();
  });

  it('damaged group structures after a valid superblock fail readably', async () => {
    const bytes = good();
    bytes.fill(0, 200, bytes.length - 100);
    const e = await failure(() => openModel(bytesSource(bytes, 'scrambled.h5')));
    expect(e.problem).toMatch(/^HDF5 could not (open|list) the file: \w/);
    // the same through h5wasm/node, which reads the file from disk itself
    const d = await failure(() => openPath(writeTemp('scrambled.h5', bytes)));
    expect(d.problem).toBe(e.problem);
    await stillWorks();
  });

  it('random bytes, and random bytes behind an HDF5 signature', async () => {
    const random = new Uint8Array(5000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251;
    const e = await failure(() => openModel(bytesSource(random, 'noise.bin')));
    expect(e.problem).toMatch(/not a PyTorch, Keras or safetensors file/);
    random.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    await failure(() => openModel(bytesSource(random, 'noise.h5')));
    await stillWorks();
  });

  it('an HDF5 file that is not a Keras file says so', async () => {
    const e = await failure(() => openPath(`${LOCAL}not-keras.h5`));
    expect(e.problem).toMatch(/an HDF5 file, but not a Keras model or weights file.*top level holds entry/);
  });

  it('a .keras zip whose model.weights.h5 is damaged names the inner file', async () => {
    const config = new TextEncoder().encode(JSON.stringify({ class_name: 'Sequential', config: { name: 's', layers: [] } }));
    const zip = zipSync({ 'config.json': config, 'metadata.json': new TextEncoder().encode('{"keras_version": "3.5.0"}'), 'model.weights.h5': good().subarray(0, 3000) });
    const e = await failure(() => openModel(bytesSource(zip, 'broken.keras')));
    expect(e.problem).toMatch(/^model\.weights\.h5 inside the zip: truncated HDF5 file/);
    const bad = zipSync({ 'config.json': new TextEncoder().encode('{not json'), 'model.weights.h5': good() });
    expect((await failure(() => openModel(bytesSource(bad, 'badconfig.keras')))).problem).toMatch(/^config\.json is not valid JSON/);
    await stillWorks();
  });

  it('a failed in-memory open leaves nothing behind in the HDF5 library file system', async () => {
    const { module } = await loadH5('esm');
    const fs = module.FS as unknown as { readdir(p: string): string[] };
    const before = fs.readdir('/').filter((n) => n.startsWith('weightbridge-'));
    const bytes = good();
    bytes.fill(0, 200, bytes.length - 100);
    await failure(() => openModel(bytesSource(bytes, 'leak.h5')));
    expect(fs.readdir('/').filter((n) => n.startsWith('weightbridge-'))).toEqual(before);
  });
});
