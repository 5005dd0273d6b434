import { describe, expect, it } from 'vitest';
import { castBytes, castProblem, floatToBfloat16, floatToHalf, swapBytes } from '../../src/core/convert/cast';
import { KerasNames, toSnakeCase } from '../../src/core/convert/kerasLayers';
import { patchedRegion, scatter, type Patch } from '../../src/core/convert/patch';
import { ConvertError, collectBytes, MAX_H5_OUTPUT_BYTES, suggestedName } from '../../src/core/convert';
import { checkH5OutputSize } from '../../src/core/formats/hdf5/h5Writer';
import { PickleWriter } from '../../src/core/formats/pickle/pickleWriter';
import { unpickle } from '../../src/core/formats/pickle/unpickle';
import { PyDict } from '../../src/core/formats/pickle/values';
import { crc32, crc32Js, crc32Update } from '../../src/core/formats/zip/crc32';
import { readEntry, readZipDirectory } from '../../src/core/formats/zip/zipReader';
import { zipParts } from '../../src/core/formats/zip/zipWriter';
import { bytesSource } from '../../src/core/io/byteSource';
import { halfToFloat } from '../../src/core/model/dtype';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAS_ORACLE, oracle, TMP } from './helpers';

const enc = new TextEncoder();

describe('crc32', () => {
  it('gives the zip check value and continues across chunks', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff);
    expect(crc32Update(crc32Update(0, data.subarray(0, 333)), data.subarray(333))).toBe(crc32(data));
    // the portable version browsers run agrees with the native one Node uses
    expect(crc32Js(crc32Js(0, data.subarray(0, 7)), data.subarray(7))).toBe(crc32(data));
    expect(crc32Js(0, enc.encode('123456789'))).toBe(0xcbf43926);
  });

  it('agrees with zlib at every alignment and length around the 8-byte word steps', () => {
    const data = Uint8Array.from({ length: 4096 + 64 }, (_, i) => (Math.imul(i, 2654435761) >>> 24) & 0xff);
    for (let start = 0; start < 12; start++) {
      for (const length of [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 4096]) {
        const part = data.subarray(start, start + length);
        expect(crc32Js(0, part), `start ${start}, length ${length}`).toBe(crc32(part));
        expect(crc32Js(crc32Js(0xdeadbeef, part), part)).toBe(crc32Update(crc32Update(0xdeadbeef, part), part));
      }
    }
  });
});

describe('zip writer', () => {
  it('writes stored, 64-byte aligned entries that the zip reader reads back (streamed and whole)', async () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => i & 0xff);
    const parts = zipParts([
      { name: 'top/data.pkl', size: 3, data: enc.encode('abc') },
      { name: 'top/data/0', size: big.length, data: async function* () { yield big.subarray(0, 40_000); yield big.subarray(40_000); } },
    ], { align: 64 });
    const bytes = await collectBytes(parts);
    const src = bytesSource(bytes, 'x.zip');
    const dir = await readZipDirectory(src);
    expect(dir.entries.map((e) => [e.name, e.method, e.size])).toEqual([['top/data.pkl', 0, 3], ['top/data/0', 0, 100_000]]);
    expect(dir.entries[1].crc32).toBe(crc32(big));
    expect(await readEntry(src, dir.entries[1])).toEqual(big);
    const v = new DataView(bytes.buffer);
    for (const e of dir.entries) {
      const start = e.localHeaderOffset + 30 + v.getUint16(e.localHeaderOffset + 26, true) + v.getUint16(e.localHeaderOffset + 28, true);
      expect(start % 64).toBe(0);
    }
  });

  it('gives an entry of 4 GiB or more ZIP64 sizes in its local header (and still aligns its data)', async () => {
    const size = 5 * 2 ** 30;
    const it = zipParts([{ name: 'top/data/0', size, data: async function* () { yield new Uint8Array(8); } }], { align: 64 })[Symbol.asyncIterator]();
    const header = (await it.next()).value as Uint8Array;
    const v = new DataView(header.buffer, header.byteOffset);
    expect(v.getUint16(4, true)).toBe(45);
    expect([v.getUint32(18, true), v.getUint32(22, true)]).toEqual([0xffffffff, 0xffffffff]);
    const nameLen = v.getUint16(26, true);
    expect(v.getUint16(30 + nameLen, true)).toBe(0x0001);
    expect(Number(v.getBigUint64(30 + nameLen + 4, true))).toBe(size);
    expect(header.length % 64).toBe(0);
    await it.return?.(undefined);
  });

  it('refuses data that does not add up to the declared size', async () => {
    const parts = zipParts([{ name: 'a', size: 10, data: async function* () { yield new Uint8Array(4); } }]);
    await expect(collectBytes(parts)).rejects.toThrow(/4 bytes given for a size of 10/);
  });

  it('writes ZIP64 end records when there are 65535 entries or more', async () => {
    const entries = Array.from({ length: 70_000 }, (_, i) => ({ name: `e/${i}`, size: 1, data: Uint8Array.of(i & 0xff) }));
    const bytes = await collectBytes(zipParts(entries));
    const dir = await readZipDirectory(bytesSource(bytes, 'many.zip'));
    expect(dir.zip64).toBe(true);
    expect(dir.entries.length).toBe(70_000);
    expect(dir.entries[69_999].name).toBe('e/69999');
    if (!HAS_ORACLE) return;
    const path = join(TMP, 'many.zip');
    writeFileSync(path, bytes);
    expect(await oracle('zip-compare', path, path)).toMatchObject({ same_names: true, changed_entries: [] });
  }, 60_000);
});

describe('pickle writer', () => {
  it('writes what the pickle VM reads back: ints of every width, strings, globals, tuples, dicts', () => {
    const p = new PickleWriter().proto(2);
    p.global('collections', 'OrderedDict').emptyTuple().reduce().mark();
    const ints = [0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER];
    ints.forEach((n, i) => { p.string(`k${i}`).int(n); });
    p.string('t').tuple(5, () => { p.int(1).int(2).string('x').bool(true).none(); });
    p.string('k0b').string('k0');
    p.setitems().stop();
    const r = unpickle(p.bytes());
    const d = r.value as PyDict;
    expect(d.className).toBe('collections.OrderedDict');
    ints.forEach((n, i) => expect(Number(d.get(`k${i}`))).toBe(n));
    expect(d.get('k0b')).toBe('k0');
    expect(r.protocol).toBe(2);
  });
});

describe('casts', () => {
  it('rounds float32 to float16 and bfloat16 to nearest even, keeping specials', () => {
    for (const v of [0, -0, 1, -2.5, 65504, 1e-7, 6.1e-5, 3.14159, 1 / 3]) {
      const h = floatToHalf(v);
      expect(Math.abs(halfToFloat(h) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
    }
    expect(floatToHalf(1e6)).toBe(0x7c00);            // overflow → +Inf
    expect(floatToHalf(-Infinity)).toBe(0xfc00);
    expect(halfToFloat(floatToHalf(NaN))).toBeNaN();
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);   // a tie rounds to even
    expect(floatToBfloat16(1)).toBe(0x3f80);
    expect(floatToBfloat16(1 + 2 ** -8)).toBe(0x3f80); // tie → even
    expect(floatToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82);
  });

  it('converts between float widths and integer widths, and refuses the rest', () => {
    const f32 = new Uint8Array(Float32Array.of(1.5, -2, 1e-3).buffer);
    const f64 = new Float64Array(castBytes('x', f32, 'float32', 'float64').buffer);
    expect(Array.from(f64)).toEqual([1.5, -2, Math.fround(1e-3)]);
    const i64 = new Uint8Array(BigInt64Array.of(5n, -3n).buffer);
    expect(Array.from(new Int32Array(castBytes('n', i64, 'int64', 'int32').buffer))).toEqual([5, -3]);
    expect(() => castBytes('n', new Uint8Array(BigInt64Array.of(2n ** 40n).buffer), 'int64', 'int32')).toThrow(ConvertError);
    expect(castProblem('float32', 'int64')).toMatch(/cannot convert/);
    expect(Array.from(swapBytes(Uint8Array.of(1, 2, 3, 4), 2))).toEqual([2, 1, 4, 3]);
  });
});

describe('patching storages', () => {
  const item = 4;
  const f32 = (...v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);
  const read = (base: Uint8Array) => async (o: number, n: number) => base.subarray(o, o + n);

  it('scatters a transposed view and keeps the elements no view covers', async () => {
    const base = f32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    // a 2×3 view at element 1 with strides (1, 2): elements 1,3,5 / 2,4,6
    const p: Patch = { byteOffset: 4, shape: [2, 3], stride: [1, 2], item, values: f32(10, 30, 50, 20, 40, 60) };
    const out = await collectBytes(patchedRegion(read(base), base.length, [p], { chunk: 12 }));
    expect(Array.from(new Float32Array(out.buffer))).toEqual([0, 10, 20, 30, 40, 50, 60, 7, 8, 9]);
  });

  it('lets two column slices of one storage keep each other\'s values', async () => {
    const base = f32(0, 0, 0, 0, 0, 0);
    const col0: Patch = { byteOffset: 0, shape: [3], stride: [2], item, values: f32(1, 2, 3) };
    const col1: Patch = { byteOffset: 4, shape: [3], stride: [2], item, values: f32(4, 5, 6) };
    const out = await collectBytes(patchedRegion(read(base), base.length, [col0, col1]));
    expect(Array.from(new Float32Array(out.buffer))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('never reads a region one dense patch replaces', async () => {
    const p: Patch = { byteOffset: 0, shape: [2, 2], stride: [2, 1], item, values: f32(1, 2, 3, 4) };
    const out = await collectBytes(patchedRegion(() => { throw new Error('read'); }, 16, [p]));
    expect(Array.from(new Float32Array(out.buffer))).toEqual([1, 2, 3, 4]);
    const buf = new Uint8Array(16);
    scatter(buf, 0, p);
    expect(buf).toEqual(out);
  });
});

describe('HDF5 output limit', () => {
  it('refuses HDF5 outputs h5wasm cannot build in memory, with a readable reason', () => {
    expect(() => checkH5OutputSize(2 * 1024 ** 3, 'big.h5')).toThrow(/big\.h5 would be 2\.00 GB: HDF5 files are built in memory .* convert to \.pt or \.safetensors instead/);
    expect(() => checkH5OutputSize(MAX_H5_OUTPUT_BYTES, 'ok.h5')).not.toThrow();
  });
});

describe('names', () => {
  it('follows Keras\'s snake case and counters', () => {
    const expected: Record<string, string> = {
      Conv2D: 'conv2d', Conv1D: 'conv1d', BatchNormalization: 'batch_normalization', AveragePooling2D: 'average_pooling2d',
      MaxPooling2D: 'max_pooling2d', PReLU: 'p_re_lu', DepthwiseConv2D: 'depthwise_conv2d', ZeroPadding2D: 'zero_padding2d',
      GlobalAveragePooling2D: 'global_average_pooling2d', LeakyReLU: 'leaky_re_lu', ReLU: 're_lu', LayerNormalization: 'layer_normalization',
    };
    for (const [cls, snake] of Object.entries(expected)) expect(toSnakeCase(cls)).toBe(snake);
    const n = new KerasNames();
    expect(['Conv2D', 'Dense', 'Conv2D', 'Conv2D'].map((c) => n.next(c))).toEqual(['conv2d', 'dense', 'conv2d_1', 'conv2d_2']);
  });

  it('suggests download names saying where the weights came from', () => {
    expect(suggestedName('lenet5.pt', 'keras')).toBe('lenet5-torch.h5');
    expect(suggestedName('lenet5.h5', 'torch')).toBe('lenet5-keras.pt');
    expect(suggestedName('models/lenet5.state_dict.pt', 'h5')).toBe('lenet5-torch.h5');
    expect(suggestedName('lenet5.keras2-layout.h5', 'safetensors')).toBe('lenet5-keras.safetensors');
    expect(suggestedName('weights', 'pt', 'keras')).toBe('weights-keras.pt');
  });
});
