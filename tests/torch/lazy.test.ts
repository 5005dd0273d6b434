import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { bytesSource, type ByteSource } from '../../src/core/io/byteSource';
import { fileSource } from '../../src/core/io/nodeSource';
import { readZipDirectory } from '../../src/core/formats/zip/zipReader';
import { OWN_FIXTURES } from '../helpers/fixtures';

/** Wraps a source and records every byte range read, so tests can see what opening touched. */
function counting(src: ByteSource): ByteSource & { ranges: [number, number][]; total(): number } {
  const ranges: [number, number][] = [];
  return {
    name: src.name, size: src.size, ranges,
    total: () => ranges.reduce((n, [, len]) => n + len, 0),
    read: (offset, length) => { ranges.push([offset, length]); return src.read(offset, length); },
  };
}

describe('opening reads metadata only', () => {
  it('a torch zip: end records, central directory and data.pkl; tensor bytes only when read', async () => {
    const file = await fileSource(join(OWN_FIXTURES, 'torch', 'lenet5.pt'));
    try {
      const dir = await readZipDirectory(file);
      const storages = dir.entries.filter((e) => /\/data\/\d+$/.test(e.name));
      const storageBytes = storages.reduce((n, e) => n + e.size, 0);
      const src = counting(file);
      const doc = await openModel(src);
      // Everything read while opening lies outside the storages' data (apart from tiny local headers).
      const pkl = dir.entries.find((e) => e.name.endsWith('data.pkl'))!;
      expect(src.total()).toBeLessThan(4096 + 22 + 0xffff + 20 + pkl.size + 30 * 8 + dir.entries.length * 128);
      expect(src.total()).toBeLessThan(storageBytes / 10);
      const before = src.total();
      const big = doc.tensors.reduce((a, b) => (a.byteLength > b.byteLength ? a : b));
      await big.read();
      // Reading one tensor reads its own bytes plus its entry's 30-byte local header.
      expect(src.total() - before).toBeLessThanOrEqual(big.byteLength + 30);
      expect(src.total() - before).toBeGreaterThanOrEqual(big.byteLength);
    } finally {
      await file.close();
    }
  });

  it('a legacy file: the pickles before the raw storages, not the storages', async () => {
    const file = await fileSource(join(OWN_FIXTURES, 'torch', 'lenet5.legacy.pt'));
    try {
      const src = counting(file);
      const doc = await openModel(src);
      const tensorBytes = doc.tensors.reduce((n, t) => n + t.byteLength, 0);
      // One 64 KiB prefix holds every pickle; the raw storages after them are not read.
      expect(doc.tensors.length).toBe(10);
      expect(src.total()).toBeLessThanOrEqual(4096 + 64 * 1024);
      expect(src.total()).toBeLessThan(tensorBytes / 3);
    } finally {
      await file.close();
    }
  });

  it('a .safetensors file: the 8-byte length and the JSON header; each tensor its own range', async () => {
    const n = 1024 * 1024;
    const header = new TextEncoder().encode(JSON.stringify({
      a: { dtype: 'F32', shape: [1024, 1024], data_offsets: [0, 4 * n] },
      b: { dtype: 'F32', shape: [n], data_offsets: [4 * n, 8 * n] },
    }).padEnd(200, ' '));
    const bytes = new Uint8Array(8 + header.length + 8 * n);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    const data = new Float32Array(bytes.buffer, 8 + header.length, 2 * n);
    for (let i = 0; i < data.length; i += 997) data[i] = i;
    const src = counting(bytesSource(bytes, 'two.safetensors'));
    const doc = await openModel(src);
    expect(doc.tensors.map((t) => t.name)).toEqual(['a', 'b']);
    // Sniffing reads at most the first 4 KiB, which here holds the whole header.
    expect(src.total()).toBeLessThanOrEqual(4096 + 8 + header.length);
    const before = src.total();
    const b = await doc.tensors[1].read();
    expect(src.total() - before).toBe(4 * n);
    expect(new Float32Array(b.buffer, b.byteOffset, n)[997 - (n % 997)]).toBe(n + 997 - (n % 997));
  });
});
