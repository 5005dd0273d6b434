/**
 * Writing weights into torch targets: zip (state_dict, whole module, checkpoint, TorchScript) and
 * legacy files. Only the storages of mapped tensors change; data.pkl and every other entry stay
 * byte for byte. Checked with our own reader and, independently, with real torch (oracle.py).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertInto, type Conversion } from '../../src/core/convert';
import { readEntry, readZipDirectory } from '../../src/core/formats/zip/zipReader';
import { bytesSource } from '../../src/core/io/byteSource';
import { autoMap } from '../../src/core/mapping';
import type { ModelDoc } from '../../src/core/model/types';
import { HAS_SHARED, OWN_FIXTURES, SHARED, SHARED_SKIP_REASON, type RefJson } from '../helpers/fixtures';
import { closeAll, finish, HAS_ORACLE, negated, open, oracle, ORACLE_SKIP_REASON, releaseReopened, reopen, shas, TMP } from './helpers';

afterAll(async () => { releaseReopened(); await closeAll(); });

const OWN = join(OWN_FIXTURES, 'torch');

async function into(source: ModelDoc, targetPath: string): Promise<{ c: Conversion; target: ModelDoc }> {
  const target = await open(targetPath);
  const c = await convertInto(source, { doc: target, src: bytesSource(readFileSync(targetPath), target.fileName) }, autoMap(source, target));
  return { c, target };
}

const stripPrefix = (m: Map<string, string>, prefix: string): Map<string, string> =>
  new Map([...m].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

describe('into a checkpoint', () => {
  const dirs: [string, string][] = [['own fixtures', OWN], ...(HAS_SHARED ? [['shared fixtures', join(SHARED, 'torch')] as [string, string]] : [])];
  it.each(dirs)('rewrites the model\'s storages only: data.pkl and the optimizer state keep their bytes (%s)', async (_label, dir) => {
    const lenet = await open(join(dir, 'lenet5.pt'));
    const targetPath = join(dir, 'lenet5.checkpoint.pth');
    const { c, target } = await into(lenet, targetPath);
    expect(c.written).toHaveLength(10);
    const { bytes, path } = await finish(c, 'lenet5.checkpoint.pth');
    const doc = await reopen(bytes, 'converted.pth');
    expect(stripPrefix(await shas(doc, (t) => t.group === 'model'), 'model_state_dict.')).toEqual(await shas(lenet));
    expect(await shas(doc, (t) => t.group !== 'model')).toEqual(await shas(target, (t) => t.group !== 'model'));
    const a = bytesSource(readFileSync(targetPath), 'a'), b = bytesSource(bytes, 'b');
    const [da, db] = [await readZipDirectory(a), await readZipDirectory(b)];
    expect(db.entries.map((e) => e.name)).toEqual(da.entries.map((e) => e.name));
    const same = async (name: string): Promise<boolean> => Buffer.from(await readEntry(a, da.byName.get(name)!)).equals(Buffer.from(await readEntry(b, db.byName.get(name)!)));
    expect(await same(da.entries.find((e) => e.name.endsWith('/data.pkl'))!.name)).toBe(true);
    const unchanged = (await Promise.all(da.entries.map(async (e) => (await same(e.name) ? e.name : '')))).filter(Boolean);
    expect(unchanged.length).toBe(da.entries.length - 10);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const z = await oracle<{ same_names: boolean; same_pkl: boolean; stored: boolean; aligned_64: boolean; changed_entries: string[] }>('zip-compare', targetPath, path);
    expect(z).toMatchObject({ same_names: true, same_pkl: true, stored: true, same_methods: true, aligned_64: true });
    expect(z.changed_entries).toHaveLength(10);
    // (the checkpoint pickles Python floats, which torch 1.13's weights_only loader refuses even in the original)
    const got = await oracle<Record<string, string>>('torch-hashes', path);
    const was = await oracle<Record<string, string>>('torch-hashes', targetPath);
    const module = await oracle<Record<string, string>>('torch-hashes', join(dir, 'lenet5.pt'));
    for (const [k, v] of Object.entries(was)) {
      expect(got[k], k).toBe(k.startsWith('model_state_dict.') ? module[k.slice('model_state_dict.'.length)] : v);
    }
  }, 120_000);
});

describe('into other torch layouts (own fixtures)', () => {
  it('a TorchScript archive keeps its code and constants; torch.jit.load reads the new weights', async () => {
    const ckpt = await open(join(OWN, 'lenet5.checkpoint.pth'));
    const { c } = await into(ckpt, join(OWN, 'lenet5.torchscript.pt'));
    const { bytes, path } = await finish(c, 'lenet5.torchscript.pt');
    const want = stripPrefix(await shas(ckpt, (t) => t.group === 'model'), 'model_state_dict.');
    expect(await shas(await reopen(bytes, 'ts.pt'))).toEqual(want);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    expect(new Map(Object.entries(await oracle<Record<string, string>>('torch-hashes', path)))).toEqual(want);
  }, 120_000);

  it('a legacy (pre-1.6) file is rewritten in place: same length, new storage bytes', async () => {
    const ckpt = await open(join(OWN, 'lenet5.checkpoint.pth'));
    const targetPath = join(OWN, 'lenet5.legacy.pt');
    const { c } = await into(ckpt, targetPath);
    const { bytes, path } = await finish(c, 'lenet5.legacy.pt');
    expect(bytes.length).toBe(readFileSync(targetPath).length);
    const want = stripPrefix(await shas(ckpt, (t) => t.group === 'model'), 'model_state_dict.');
    expect(await shas(await reopen(bytes, 'legacy.pt'))).toEqual(want);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    expect(new Map(Object.entries(await oracle<Record<string, string>>('torch-hashes', path, '--weights-only')))).toEqual(want);
  }, 120_000);

  it('views sharing one storage (transposed, sliced, tied, expanded) each get their own elements', async () => {
    for (const file of ['views.pt', 'views.legacy.pt']) {
      const target = await open(join(OWN, file));
      const { c } = await into(negated(target), join(OWN, file));
      const { bytes, path } = await finish(c, `negated-${file}`);
      const want = await shas(negated(target));
      expect(await shas(await reopen(bytes, file)), file).toEqual(want);
      if (!HAS_ORACLE) continue;
      expect(new Map(Object.entries(await oracle<Record<string, string>>('torch-hashes', path, '--weights-only'))), file).toEqual(want);
    }
  }, 120_000);

  it.skipIf(!HAS_ORACLE)('a float16 or bfloat16 target gets torch\'s own rounding of float32 weights, with a note', async () => {
    for (const dtype of ['float16', 'bfloat16']) {
      const targetPath = join(TMP, `lenet5.${dtype}.pt`);
      await oracle('save-as-dtype', join(OWN, 'lenet5.pt'), targetPath, dtype);
      const { c } = await into(await open(join(OWN, 'lenet5.pt')), targetPath);
      expect(c.warnings.join('\n')).toMatch(new RegExp(`float32 values rounded to the target's ${dtype}`));
      const { path } = await finish(c, `lenet5.${dtype}.converted.pt`);
      expect(await oracle('torch-hashes', path), dtype).toEqual(await oracle('torch-hashes', targetPath));
    }
  }, 120_000);
});

describe.skipIf(!HAS_SHARED)(`Keras LeNet-5 into torch files (shared fixtures)${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`, () => {
  const keras = join(SHARED, 'torch', 'lenet5.keras2-layout.h5');
  const kerasRef = join(SHARED, 'torch', 'lenet5.keras2-layout.ref.json');

  it.skipIf(!HAS_ORACLE)('into lenet5.pt (a whole pickled module), lenet5.state_dict.pt and the TorchScript file: torch computes the Keras reference', async () => {
    const src = await open(keras);
    for (const [file, flags] of [['lenet5.pt', []], ['lenet5.state_dict.pt', ['--weights-only', '--arch', 'lenet5']], ['lenet5.torchscript.pt', []]] as const) {
      const targetPath = join(SHARED, 'torch', file);
      const { c } = await into(src, targetPath);
      const { path } = await finish(c, `keras-into-${file}`);
      const r = await oracle<{ max_abs: number }>('torch-run', path, kerasRef, ...flags);
      expect(r.max_abs, file).toBeLessThanOrEqual(1e-5);
      const z = await oracle<Record<string, boolean>>('zip-compare', targetPath, path);
      expect(z, file).toMatchObject({ same_pkl: true, same_names: true, aligned_64: true, stored: true, same_methods: true });
    }
  }, 120_000);

  it('round trip .pt → .h5 → .pt gives back every tensor bit for bit', async () => {
    const sdPath = join(SHARED, 'torch', 'lenet5.state_dict.pt');
    const sd = await open(sdPath);
    const { c: toKeras } = await into(sd, keras);
    const h5 = await finish(toKeras, 'rt.h5');
    const back = await convertInto(await reopen(h5.bytes, 'rt.h5'), { doc: sd, src: bytesSource(readFileSync(sdPath), sd.fileName) }, autoMap(await reopen(h5.bytes, 'rt.h5'), sd));
    const { bytes } = await finish(back, 'rt.pt');
    const ref = JSON.parse(readFileSync(join(SHARED, 'torch', 'lenet5.state_dict.ref.json').replace('.state_dict.ref', '.ref'), 'utf8')) as RefJson;
    const got = await shas(await reopen(bytes, 'rt.pt'));
    for (const t of ref.tensors) expect(got.get(t.name), t.name).toBe(t.sha256);
  });
});
