import { describe, expect, it } from 'vitest';
import { MAX_PAGE_BYTES, cacheSmallReads, pageBytesFor } from '../../src/core/formats/hdf5/pagedReads';

/** A WORKERFS-like file node over `bytes`, counting the reads that reach the Blob. */
function fakeFile(bytes: Uint8Array) {
  const blobReads: Array<[number, number]> = [];
  const blob = { size: bytes.length } as unknown as Blob;
  const node = {
    size: bytes.length,
    contents: blob,
    stream_ops: {
      read(_s: unknown, buffer: Uint8Array, offset: number, length: number, position: number): number {
        const end = Math.min(bytes.length, position + length);
        if (position >= end) return 0;
        blobReads.push([position, end]);
        buffer.set(bytes.subarray(position, end), offset);
        return end - position;
      },
    },
  };
  const fs = { lookupPath: () => ({ node }) };
  const readBlob = (_b: Blob, start: number, end: number): Uint8Array => {
    blobReads.push([start, end]);
    return bytes.slice(start, end);
  };
  const read = (position: number, length: number): Uint8Array => {
    const out = new Uint8Array(length);
    const n = node.stream_ops.read({ node }, out, 0, length, position);
    return out.subarray(0, n);
  };
  return { fs, readBlob, read, blobReads };
}

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = 7;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; b[i] = s >>> 24; }
  return b;
}

describe('paged WORKERFS reads', () => {
  // 64 KiB pages: five of them and a part
  const PAGE_BYTES = MAX_PAGE_BYTES;
  const bytes = pattern(256 * 5 * PAGE_BYTES + 1234);

  it('uses pages of about 1/256 of the file, from 4 to 64 KiB', () => {
    expect(pageBytesFor(bytes.length)).toBe(PAGE_BYTES);
    expect(pageBytesFor(3_700_000)).toBe(16 * 1024);
    expect(pageBytesFor(26_000_000)).toBe(64 * 1024);
    expect(pageBytesFor(3e9)).toBe(64 * 1024);
    expect(pageBytesFor(100_000)).toBe(4096);
  });

  it('returns the same bytes as the Blob for small reads anywhere, across page edges and past the end', () => {
    const f = fakeFile(bytes);
    cacheSmallReads(f.fs, '/x/file.h5', f.readBlob);
    const last = bytes.length - (bytes.length % PAGE_BYTES);
    const cases: Array<[number, number]> = [[0, 8], [PAGE_BYTES - 3, 10], [3 * PAGE_BYTES + 17, 4000], [bytes.length - 5, 100], [bytes.length + 10, 8], [0, PAGE_BYTES - 1]];
    let s = 3;
    for (let i = 0; i < 300; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      // within the first five pages or the last, partial one
      const at = s % (5 * PAGE_BYTES + 1234);
      cases.push([at < 5 * PAGE_BYTES ? at : last + (at - 5 * PAGE_BYTES), 1 + (s >>> 20) % 600]);
    }
    for (const [pos, len] of cases) {
      expect(f.read(pos, len)).toEqual(bytes.subarray(Math.min(pos, bytes.length), Math.min(bytes.length, pos + len)));
    }
    // 306 small reads over six pages: each page came from the Blob once.
    expect(f.blobReads).toHaveLength(6);
    expect(new Set(f.blobReads.map(([a]) => a)).size).toBe(6);
  });

  it('sends reads of a page or more straight to the Blob, uncached', () => {
    const f = fakeFile(bytes);
    const counts = cacheSmallReads(f.fs, '/x/file.h5', f.readBlob);
    expect(f.read(100, 2 * PAGE_BYTES)).toEqual(bytes.subarray(100, 100 + 2 * PAGE_BYTES));
    expect(f.blobReads).toEqual([[100, 100 + 2 * PAGE_BYTES]]);
    expect(counts).toEqual({ reads: 1, pageReads: 0, directReads: 1 });
  });
});
