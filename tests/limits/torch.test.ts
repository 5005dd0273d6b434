import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EXPANDED_VIEW_BYTES } from '../../src/core/formats/limits';
import { OWN_FIXTURES } from '../helpers/fixtures';
import { sbu, u32, utf8 } from '../pickle/asm';
import { int, openOrProblem, problemOf, statePickle, torchZip } from './build';

/**
 * Torch limits: every tensor must fit its storage and every storage the file, checked when the
 * file is opened, before any tensor byte is read or any buffer allocated.
 */
describe('torch tensors and storages', () => {
  it('a well-formed hand-built file opens (the baseline for the cases below)', async () => {
    const doc = await openOrProblem(torchZip(statePickle({ shape: [2, 2], stride: [2, 1] })), 'ok.pt');
    expect(typeof doc).toBe('object');
    if (typeof doc === 'string') return;
    expect(Array.from(new Float32Array((await doc.tensors[0].read()).slice().buffer))).toEqual([1, 2, 3, 4]);
  });

  it('a shape whose element count overflows is refused', async () => {
    const big = 2n ** 31n - 1n;
    const p = await problemOf(torchZip(statePickle({ shape: [big, big, big], stride: [0, 0, 0] })), 'overflow.pt');
    expect(p).toMatch(/^tensor shape 2147483647×2147483647×2147483647 has more elements than can exist$/);
  });

  it('a tensor with more elements than its storage is refused', async () => {
    const p = await problemOf(torchZip(statePickle({ shape: [5], stride: [1] })), 'short.pt');
    expect(p).toBe('tensor of shape 5 needs element 4 of storage "0", which holds 4');
  });

  it('a storage claiming more elements than its zip entry holds is refused', async () => {
    const p = await problemOf(torchZip(statePickle({ numel: [int(100)], shape: [4], stride: [1] })), 'claims.pt');
    expect(p).toBe('storage "0" claims 100 elements but its entry holds 16 bytes');
  });

  it('a storage size that is not a count (negative, text) is refused', async () => {
    expect(await problemOf(torchZip(statePickle({ numel: [int(-1)], shape: [4], stride: [1] })), 'neg.pt'))
      .toBe('the size of storage "0" is -1, not an element count');
    expect(await problemOf(torchZip(statePickle({ numel: [sbu('many')], shape: [4], stride: [1] })), 'text.pt'))
      .toBe('the size of storage "0" is "many", not an element count');
  });

  it('a negative storage offset is refused (it would read before the storage)', async () => {
    const p = await problemOf(torchZip(statePickle({ offset: -2, shape: [2], stride: [1] })), 'offset.pt');
    expect(p).toBe('tensor has an impossible storage offset (-2)');
  });

  it('more dimensions than torch allows are refused', async () => {
    const dims = new Array(65).fill(1);
    const p = await problemOf(torchZip(statePickle({ shape: dims, stride: dims })), 'rank.pt');
    expect(p).toBe('tensor has 65 dimensions, more than the 64 torch allows');
  });

  it('a broadcast view (stride 0) expands when read, within a limit checked before allocating', async () => {
    const small = await openOrProblem(torchZip(statePickle({ shape: [3, 4], stride: [0, 1] })), 'expand.pt');
    if (typeof small === 'string') throw new Error(small);
    expect(Array.from(new Float32Array((await small.tensors[0].read()).slice().buffer))).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    const rows = MAX_EXPANDED_VIEW_BYTES / 16 + 1;
    const p = await problemOf(torchZip(statePickle({ shape: [rows, 4], stride: [0, 1] })), 'huge-expand.pt');
    expect(p).toBe(`tensor of shape ${rows}×4 repeats a 4-element storage into ${rows * 16} bytes, more than the ${MAX_EXPANDED_VIEW_BYTES} expanded`);
  });

  it('a legacy file whose storages run past its end says it is truncated', async () => {
    const bytes = new Uint8Array(readFileSync(join(OWN_FIXTURES, 'torch', 'lenet5.legacy.pt')));
    const p = await problemOf(bytes.subarray(0, bytes.length - 100), 'cut.legacy.pt');
    expect(p).toMatch(/^truncated file: its storages need \d+ bytes but the file has \d+$/);
  });
});

describe('pickle nesting', () => {
  it('100 000 nested lists in a plain pickle end in a document, not a stack overflow', async () => {
    const n = 100_000;
    const bytes = new Uint8Array(2 * n + 2).fill(0x5d, 2, n + 2).fill(0x61, n + 2); // EMPTY_LIST ×n, APPEND ×(n-1)
    bytes.set([0x80, 2]);
    bytes[bytes.length - 1] = 0x2e; // STOP
    const doc = await openOrProblem(bytes, 'deep.pkl');
    expect(typeof doc).toBe('object');
  });

  it('a tensor name nesting 300 levels deep is refused (every tree consumer recurses)', async () => {
    const pickle = statePickle({ shape: [4], stride: [1] });
    const deep = 'a.'.repeat(300);
    // Rename the key 'w' (SHORT_BINUNICODE 1 'w' right after EMPTY_DICT) to the deep name.
    const at = pickle.indexOf(0x77, 3) - 2;
    const name = utf8(`${deep}w`);
    const renamed = new Uint8Array([...pickle.subarray(0, at), 0x58, ...u32(name.length), ...name, ...pickle.subarray(at + 3)]); // BINUNICODE
    const p = await problemOf(torchZip(renamed), 'deepname.pt');
    expect(p).toMatch(/^a tensor or layer name nests more than 256 levels deep/);
  });
});
