import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { bytesSource } from '../../src/core/io/byteSource';
import { toNumbers } from '../../src/core/model/dtype';
import { rangeReaderOf } from '../../src/core/model/rangeRead';
import { computeStats } from '../../src/core/model/stats';
import type { ModelDoc, TensorRef } from '../../src/core/model/types';
import { safetensorsHeader } from '../../src/core/formats/safetensors/safetensorsWriter';
import { chunkedStats } from '../../src/workers/views/chunkedStats';
import { clearDerived } from '../../src/workers/views/derived';
import { StatsJobs } from '../../src/workers/statsJobs';
import { accumulateStats, fastStats, finishStats, newStatsAccumulator } from '../../src/workers/views/fastStats';
import { OWN_FIXTURES } from '../helpers/fixtures';

function data(n: number, seed = 7): Float32Array {
  let s = seed;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; out[i] = s / 4294967296 - 0.5; }
  return out;
}

const openFixture = (rel: string): Promise<ModelDoc> => {
  const bytes = new Uint8Array(readFileSync(join(OWN_FIXTURES, rel)));
  return openModel(bytesSource(bytes, rel));
};

/** A safetensors file of float32 tensors, in memory. */
async function safetensorsDoc(tensors: { name: string; values: Float32Array }[]): Promise<ModelDoc> {
  const { header, dataBytes } = safetensorsHeader(tensors.map((t) => ({ name: t.name, dtype: 'float32', shape: [t.values.length] })));
  const file = new Uint8Array(header.length + dataBytes);
  file.set(header);
  let at = header.length;
  for (const t of tensors) { file.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at); at += t.values.byteLength; }
  return openModel(bytesSource(file, 'mem.safetensors'));
}

async function bySlices(t: TensorRef, slice: number): Promise<Uint8Array> {
  const read = rangeReaderOf(t)!;
  const out = new Uint8Array(t.byteLength);
  for (let o = 0; o < t.byteLength; o += slice) out.set(await read(o, Math.min(slice, t.byteLength - o)), o);
  return out;
}

describe('range reads of tensor bytes', () => {
  it('give the bytes of read() for contiguous torch tensors and are absent for strided views', async () => {
    for (const file of ['torch/views.pt', 'torch/views.legacy.pt', 'torch/dtypes.pt', 'torch/lenet5.pt']) {
      const doc = await openFixture(file);
      for (const t of doc.tensors) {
        if (!rangeReaderOf(t)) continue;
        expect(Array.from(await bySlices(t, 12)), `${file} ${t.name}`).toEqual(Array.from(await t.read()));
      }
      if (file.startsWith('torch/views')) {
        const ranged = new Set(doc.tensors.filter((t) => rangeReaderOf(t)).map((t) => t.name));
        // A transposed 7×5 spans exactly its own byte count: only the strides tell it apart.
        for (const strided of ['transposed', 'columns', 'expanded']) expect(ranged.has(strided), `${file} ${strided}`).toBe(false);
        expect(ranged.has('embed.weight')).toBe(true);
      }
    }
  });

  it('refuse ranges outside the tensor', async () => {
    const doc = await safetensorsDoc([{ name: 'a', values: data(10) }]);
    const read = rangeReaderOf(doc.tensors[0])!;
    await expect(read(36, 8)).rejects.toThrow(/outside/);
    expect(Array.from(toNumbers('float32', await read(36, 4)))).toEqual([data(10)[9]]);
  });
});

describe('statistics a slice at a time', () => {
  it('equal core computeStats bit for bit, wherever the NaN, ±Inf and ±0 fall', () => {
    const v = data(50_001);
    v[0] = 0; v[1] = -0; v[4095] = NaN; v[4096] = Infinity; v[20_000] = -Infinity; v[50_000] = NaN;
    const whole = computeStats(v);
    expect(fastStats(v)).toEqual(whole);
    for (const slice of [1, 7, 4096, 4097, 33_333]) {
      const acc = newStatsAccumulator();
      for (let i = 0; i < v.length; i += slice) accumulateStats(acc, v.subarray(i, i + slice));
      expect(finishStats(acc), `slice ${slice}`).toEqual(whole);
    }
  });

  it('keep the first-seen zero as min and max, as the core loop does', () => {
    for (const v of [new Float32Array([0, -0, 0]), new Float32Array([-0, 0]), new Float64Array([5, 0, -0, -0])]) {
      const s = fastStats(v), c = computeStats(v);
      expect(Object.is(s.min, c.min) && Object.is(s.max, c.max), `${Array.from(v, (x) => (Object.is(x, -0) ? '-0' : x))}`).toBe(true);
    }
  });

  it('read a ranged tensor in slices, report rising progress up to 1, and match the whole-tensor statistics', async () => {
    const values = data(100_000);
    values[31_234] = NaN;
    const doc = await safetensorsDoc([{ name: 'big', values }]);
    const t = doc.tensors[0];
    const seen: number[] = [];
    const s = await chunkedStats(t, {
      signal: new AbortController().signal, sliceBytes: 40_000, onProgress: (f) => seen.push(f),
      wholeNumbers: () => Promise.reject(new Error('a ranged tensor must not be read whole')),
    });
    expect(s).toEqual(computeStats(values));
    expect(seen.length).toBe(10);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((f, i) => i === 0 || f > seen[i - 1])).toBe(true);
  });

  it('stop with a CancelledError when aborted between slices', async () => {
    const doc = await safetensorsDoc([{ name: 'big', values: data(100_000) }]);
    const ctl = new AbortController();
    const seen: number[] = [];
    const run = chunkedStats(doc.tensors[0], {
      signal: ctl.signal, sliceBytes: 4_000, onProgress: (f) => { seen.push(f); if (seen.length === 3) ctl.abort(); },
      wholeNumbers: () => Promise.reject(new Error('unused')),
    });
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
    expect(seen.length).toBe(3);
  });

  it('fall back to the whole numbers for tensors without ranges, still in slices', async () => {
    const doc = await openFixture('torch/views.pt');
    const t = doc.tensors.find((x) => x.name === 'transposed')!;
    const numbers = toNumbers(t.dtype, await t.read());
    const seen: number[] = [];
    const s = await chunkedStats(t, { signal: new AbortController().signal, sliceBytes: 40, onProgress: (f) => seen.push(f), wholeNumbers: async () => numbers });
    expect(s).toEqual(computeStats(numbers));
    expect(seen.length).toBe(4); // 35 values, 10 per slice
  });

  it('stop early with statistics the plots finished meanwhile', async () => {
    const doc = await safetensorsDoc([{ name: 'big', values: data(10_000) }]);
    const elsewhere = { ...computeStats(data(3)), numel: -1 };
    let calls = 0;
    const s = await chunkedStats(doc.tensors[0], {
      signal: new AbortController().signal, sliceBytes: 4_000,
      finishedElsewhere: () => (++calls === 2 ? elsewhere : undefined),
      wholeNumbers: () => Promise.reject(new Error('unused')),
    });
    expect(s).toBe(elsewhere);
  });
});

describe('statistics runs of a worker', () => {
  it('share one run per tensor, cancel it alone, and start afresh afterwards', async () => {
    clearDerived();
    const big = data(3_000_000), other = data(1000, 3);
    const doc = await safetensorsDoc([{ name: 'big', values: big }, { name: 'other', values: other }]);
    const [tb, to] = doc.tensors;
    const noWhole = (): Promise<Float32Array> => Promise.reject(new Error('unused'));
    const jobs = new StatsJobs();
    const first = jobs.run(tb, noWhole);
    const second = jobs.run(tb, noWhole);
    const unrelated = jobs.run(to, noWhole);
    jobs.cancel('big');
    await expect(first).rejects.toMatchObject({ name: 'CancelledError' });
    await expect(second).rejects.toMatchObject({ name: 'CancelledError' });
    expect(await unrelated).toEqual(computeStats(other));
    const fractions: number[] = [];
    expect(await jobs.run(tb, noWhole, (f) => { fractions.push(f); })).toEqual(computeStats(big));
    expect(fractions.at(-1)).toBe(1);
  });
});
