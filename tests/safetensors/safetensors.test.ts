import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { readSafetensorsHeader } from '../../src/core/formats/safetensors';
import { bytesSource } from '../../src/core/io/byteSource';
import { toNumbers } from '../../src/core/model/dtype';
import { ReadError } from '../../src/core/model/errors';
import { sha256Hex } from '../../src/core/model/hash';
import { sumValues } from '../../src/core/model/stats';
import type { ModelDoc } from '../../src/core/model/types';
import { closeOpened, haveShared, LOCAL, openPath, REAL, SKIP_SHARED } from '../keras/helpers';

const REAL_FILE = `${REAL}other/mlp-safetensors-torch-with-metadata.safetensors`;
const haveReal = haveShared(REAL_FILE);
const TYPES: Record<string, string> = { F32: 'float32', F16: 'float16', BF16: 'bfloat16', F64: 'float64', I64: 'int64', BOOL: 'bool', U8: 'uint8' };

interface NumpyExpected {
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; sum: number; first: number[]; sha256: string }>;
}

afterAll(closeOpened);

async function values(doc: ModelDoc, name: string): Promise<ArrayLike<number>> {
  const t = doc.tensors.find((x) => x.name === name)!;
  return toNumbers(t.dtype, await t.read());
}

describe.skipIf(!haveReal)(`the real safetensors file against numpy${haveReal ? '' : ` (${SKIP_SHARED})`}`, () => {
  const expected = JSON.parse(readFileSync(
    fileURLToPath(new URL('./expected/mlp-safetensors-torch-with-metadata.json', import.meta.url)), 'utf8')) as NumpyExpected;

  it('names, shapes, dtypes, __metadata__ and producer', async () => {
    const doc = await openPath(REAL_FILE);
    expect(doc.format).toBe('safetensors');
    expect(doc.metadata).toEqual(expected.metadata);
    expect(doc.producer).toBe('safetensors (version 1.0, git_tag v1.45)');
    expect(Object.fromEntries(doc.tensors.map((t) => [t.name, [t.dtype, t.shape]]))).toEqual(
      Object.fromEntries(Object.entries(expected.tensors).map(([n, e]) => [n, [TYPES[e.dtype], e.shape]])));
  });

  it('values: sha256, sum and first elements match numpy', async () => {
    const doc = await openPath(REAL_FILE);
    for (const [name, e] of Object.entries(expected.tensors)) {
      const t = doc.tensors.find((x) => x.name === name)!;
      expect(await sha256Hex(await t.read())).toBe(e.sha256);
      const v = await values(doc, name);
      expect(sumValues(v)).toBeCloseTo(e.sum, 5);
      expect(Array.from(v).slice(0, 3)).toEqual(e.first);
    }
  });

  it('tree from dotted names with torch layouts', async () => {
    const doc = await openPath(REAL_FILE);
    expect(doc.root.children.map((c) => [c.name, c.kind])).toEqual([['fc1', 'Linear'], ['fc2', 'Linear']]);
    expect(doc.tensors.find((t) => t.name === 'fc1.weight')?.layout).toBe('(out,in)');
    expect(doc.tensors.find((t) => t.name === 'fc1.bias')?.layout).toBe('(out)');
    expect(doc.root.params).toBe(20 * 10 + 20 + 10 * 20 + 10);
  });
});

describe('the project safetensors fixture (F32, F16, BF16, F64, I64, BOOL, U8, padded header)', () => {
  const expected = JSON.parse(readFileSync(`${LOCAL}expected.json`, 'utf8'))['tiny.safetensors'] as {
    metadata: Record<string, string>; tensors: Record<string, { dtype: string; shape: number[]; sum: number; sha256: string }>;
  };

  it('reads every dtype lazily with the python-computed bytes and sums', async () => {
    const doc = await openPath(`${LOCAL}tiny.safetensors`);
    expect(doc.metadata).toEqual(expected.metadata);
    for (const [name, e] of Object.entries(expected.tensors)) {
      const t = doc.tensors.find((x) => x.name === name)!;
      expect([t.dtype, t.shape]).toEqual([e.dtype, e.shape]);
      expect(await sha256Hex(await t.read())).toBe(e.sha256);
      expect(sumValues(await values(doc, name))).toBeCloseTo(e.sum, 2);
    }
    expect(doc.tensors.find((t) => t.name === 'encoder.layers.0.weight')?.layout).toBe('(out,in)');
  });
});

describe('damaged safetensors', () => {
  const good = (): Uint8Array => new Uint8Array(readFileSync(`${LOCAL}tiny.safetensors`));
  const withLength = (n: bigint, rest: Uint8Array): Uint8Array => {
    const out = new Uint8Array(8 + rest.length);
    new DataView(out.buffer).setBigUint64(0, n, true);
    out.set(rest, 8);
    return out;
  };
  const problem = async (bytes: Uint8Array, name = 'bad.safetensors'): Promise<string> => {
    const err = await openModel(bytesSource(bytes, name)).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ReadError);
    return (err as ReadError).problem;
  };
  const header = (obj: unknown): Uint8Array => {
    const text = new TextEncoder().encode(JSON.stringify(obj));
    return withLength(BigInt(text.length), new Uint8Array([...text, ...new Uint8Array(16)]));
  };

  it('an absurd header length (> 100 MB, > file size) is refused with a clear message', async () => {
    const body = new TextEncoder().encode('{"a": 1}');
    expect(await problem(withLength(200n * 1024n * 1024n, body))).toMatch(/header claims 209715200 bytes, more than the 100 MB accepted/);
    expect(await problem(withLength(5000n, body))).toMatch(/truncated safetensors file: its header claims 5000 bytes but the file has only 8/);
  });

  it('a header that is not JSON, or offsets that disagree with the shape, or data past the end', async () => {
    expect(await problem(withLength(6n, new TextEncoder().encode('{oops}')))).toMatch(/header is not JSON/);
    expect(await problem(header({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }))).toMatch(/needs 16 bytes but its data_offsets span 12/);
    expect(await problem(header({ w: { dtype: 'F32', shape: [8], data_offsets: [0, 32] } }))).toMatch(/truncated safetensors file: tensor "w" ends at byte/);
    expect(await problem(header({ w: { dtype: 'Q7', shape: [1], data_offsets: [0, 1] } }))).toMatch(/unknown dtype Q7/);
    const cut = good().subarray(0, good().length - 10);
    expect(await problem(cut)).toMatch(/^truncated safetensors file/);
  });

  it('header parsing alone (no tensor bytes read) reports the header size', async () => {
    const h = await readSafetensorsHeader(bytesSource(good(), 'tiny.safetensors'));
    expect(h.headerBytes % 8).toBe(0);
    expect(h.entries.length).toBe(8);
  });
});
