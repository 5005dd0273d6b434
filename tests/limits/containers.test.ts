import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, MAX_SAFETENSORS_HEADER_BYTES, MAX_ZIP_ENTRIES } from '../../src/core/formats/limits';
import { centralRecord, openOrProblem, poke, problemOf, statePickle } from './build';

/**
 * Zip and JSON limits: sizes a file claims are checked against what it can really hold before
 * anything is allocated from them, and JSON read whole is capped.
 */
const enc = new TextEncoder();

describe('zip entries', () => {
  it('a deflated entry claiming more than deflate can produce is refused before allocating', async () => {
    const zip = zipSync({ 'm/data.pkl': [statePickle({ shape: [4], stride: [1] }), { level: 6 }], 'm/data/0': new Uint8Array(16) });
    poke(zip, centralRecord(zip, 'm/data.pkl') + 24, 4, 200 * 1024 * 1024); // uncompressed size, under the pickle limit
    expect(await problemOf(zip, 'bomb.pt')).toMatch(/^corrupt zip: "m\/data\.pkl" claims 209715200 bytes inflated from \d+, more than deflate can produce$/);
  });

  it('a stored entry whose size and stored length differ is refused (reads could run into the next entry)', async () => {
    const zip = zipSync({ 'm/data.pkl': statePickle({ shape: [4], stride: [1] }), 'm/data/0': new Uint8Array(16) }, { level: 0 });
    poke(zip, centralRecord(zip, 'm/data/0') + 24, 4, 64);
    expect(await problemOf(zip, 'sizes.pt')).toBe('corrupt zip: stored entry "m/data/0" claims 64 bytes but stores 16');
  });

  it('a ZIP64 directory claiming 2^40 entries is refused before any is read', async () => {
    const zip = zipSync({ 'a.txt': enc.encode('a') }, { level: 0 });
    // Rebuild the end as ZIP64 record + locator + classic EOCD whose count defers to ZIP64.
    const eocd = zip.length - 22;
    const cdOffset = new DataView(zip.buffer).getUint32(eocd + 16, true), cdSize = new DataView(zip.buffer).getUint32(eocd + 12, true);
    const rec = new Uint8Array(56), loc = new Uint8Array(20);
    poke(rec, 0, 4, 0x06064b50); poke(rec, 4, 8, 44); poke(rec, 24, 8, 2n ** 40n); poke(rec, 32, 8, 2n ** 40n); poke(rec, 40, 8, cdSize); poke(rec, 48, 8, cdOffset);
    poke(loc, 0, 4, 0x07064b50); poke(loc, 8, 8, eocd);
    const tail = zip.slice(eocd);
    poke(tail, 8, 2, 0xffff); poke(tail, 10, 2, 0xffff);
    const bytes = new Uint8Array([...zip.subarray(0, eocd), ...rec, ...loc, ...tail]);
    expect(await problemOf(bytes, 'many.zip')).toBe(`zip claims ${2 ** 40} entries, more than the ${MAX_ZIP_ENTRIES} accepted`);
  });

  it('entry names quoted in a message are printable and cut short', async () => {
    const zip = zipSync({ [`${'\u0001x'.repeat(300)}.bin`]: new Uint8Array(4) }, { level: 0 });
    const p = await problemOf(zip, 'names.zip');
    expect(p.length).toBeLessThan(200);
    expect(p).toMatch(/^a zip archive, but not a PyTorch or Keras one \(it holds [?x]+…\)$/);
  });
});

describe('JSON read whole', () => {
  it('a safetensors header length over the limit is refused before reading it', async () => {
    const bytes = new Uint8Array(16);
    poke(bytes, 0, 8, 2n ** 40n);
    bytes.set(enc.encode('{"'), 8);
    expect(await problemOf(bytes, 'big.safetensors'))
      .toBe(`not a valid safetensors file: its header claims ${2 ** 40} bytes, more than the ${MAX_SAFETENSORS_HEADER_BYTES / 1024 / 1024} MB accepted`);
  });

  it('a .keras config.json over the limit is refused before reading it', async () => {
    const config = new Uint8Array(MAX_JSON_BYTES + 1).fill(0x20);
    const zip = zipSync({ 'config.json': [config, { level: 1 }], 'metadata.json': enc.encode('{}') });
    expect(await problemOf(zip, 'big.keras')).toBe(`"config.json" claims ${MAX_JSON_BYTES + 1} bytes, more than the ${MAX_JSON_BYTES} accepted`);
  });

  it('a TorchScript model.json over the limit is refused before reading it', async () => {
    const json = new Uint8Array(MAX_JSON_BYTES + 1).fill(0x20);
    const zip = zipSync({ 'net/model.json': [json, { level: 1 }], 'net/tensors/0': new Uint8Array(4) });
    expect(await problemOf(zip, 'big-v1.pt')).toBe(`"net/model.json" claims ${MAX_JSON_BYTES + 1} bytes, more than the ${MAX_JSON_BYTES} accepted`);
  });

  it('a Keras config nesting models 5 000 deep ends in a document or a sentence, not a stack overflow', async () => {
    const n = 5000; // built as text: JSON.stringify itself would overflow on it
    const text = `${'{"class_name": "Sequential", "config": {"name": "s", "layers": ['.repeat(n)}{"class_name": "Dense", "config": {"name": "d", "units": 1}}${']}}'.repeat(n)}`;
    const zip = zipSync({ 'config.json': enc.encode(text), 'metadata.json': enc.encode('{"keras_version": "3.0.0"}') });
    const r = await openOrProblem(zip, 'deep.keras');
    expect(typeof r === 'string' ? r : 'document').toMatch(/^(document|config.json is not a Keras model config: models nest more than 256 levels deep)$/);
  });
});
