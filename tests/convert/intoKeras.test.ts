/**
 * Writing weights into Keras targets (.h5 and .keras): the target's structure, attributes and
 * dtypes stay, the mapped datasets change, and the result computes what the source computes.
 * Own fixtures (tests/mapping/fixtures, tests/fixtures) run on a fresh clone; the shared LeNet-5
 * pair checks against real torch's reference outputs and the h5py/numpy oracle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertInto, verifyConversion } from '../../src/core/convert';
import { readEntry, readZipDirectory } from '../../src/core/formats/zip/zipReader';
import { bytesSource } from '../../src/core/io/byteSource';
import { autoMap } from '../../src/core/mapping';
import { prepareModel, runModel, sampleFromRefJson } from '../../src/core/runtime';
import { HAS_SHARED, OWN_FIXTURES, SHARED, SHARED_SKIP_REASON, type RefJson } from '../helpers/fixtures';
import {
  closeAll, finish, HAS_ORACLE, MAP_FIXTURES, negated, open, oracle, ORACLE_SKIP_REASON, releaseReopened, reopen, shas, TMP,
} from './helpers';

afterAll(async () => { releaseReopened(); await closeAll(); });

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));

describe('into an .h5 target (own fixtures)', () => {
  it('cnn.pt into cnn.keras-layout.h5 gives the target byte for byte (the same weights, moved bit-exactly)', async () => {
    const src = await open(join(MAP_FIXTURES, 'cnn.pt'));
    const target = await open(join(MAP_FIXTURES, 'cnn.keras-layout.h5'));
    const c = await convertInto(src, { doc: target, src: bytesSource(readFileSync(join(MAP_FIXTURES, 'cnn.keras-layout.h5')), target.fileName) }, autoMap(src, target));
    expect(c.format).toBe('h5');
    expect(c.written.length).toBe(14);
    const { bytes } = await finish(c, 'cnn-into.h5');
    expect(Buffer.from(bytes).equals(readFileSync(join(MAP_FIXTURES, 'cnn.keras-layout.h5')))).toBe(true);
    // …and computes torch's output for torch's input (expected.json, from real torch); these
    // random weights give outputs in the tens, so the float32 agreement is checked relative to them

    const io = JSON.parse(readFileSync(join(MAP_FIXTURES, 'expected.json'), 'utf8'))['cnn.io'];
    const model = await prepareModel(await reopen(bytes, 'cnn-into.h5'));
    const r = await runModel(model, sampleFromRefJson({ input_shape: io.input_shape, input: io.input_nchw, input_layout: 'NCHW' }));
    expect(maxAbs(r.output, io.output) / Math.max(...io.output.map(Math.abs))).toBeLessThan(1e-5);
  });

  it('new values land in the mapped datasets only; dtypes and everything else stay', async () => {
    const src = negated(await open(join(MAP_FIXTURES, 'cnn.pt')));
    const targetPath = join(MAP_FIXTURES, 'cnn.keras-layout.h5');
    const target = await open(targetPath);
    const c = await convertInto(src, { doc: target, src: bytesSource(readFileSync(targetPath), target.fileName) }, autoMap(src, target));
    const { bytes, path } = await finish(c, 'cnn-negated.h5');
    const got = await shas(await reopen(bytes, 'cnn-negated.h5'));
    const want = await shas(negated(target));
    expect(got).toEqual(want);
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const cmp = await oracle<{ same_structure: boolean; differences: string[]; changed_datasets: string[] }>('h5-compare', targetPath, path);
    expect(cmp.differences).toEqual([]);
    expect(cmp.same_structure).toBe(true);
    expect(cmp.changed_datasets.length).toBe(14);
  });
});

describe('into a .keras target', () => {
  it('rewrites model.weights.h5 and copies config.json, metadata.json and the rest as stored', async () => {
    const path = join(OWN_FIXTURES, 'keras', 'k3-functional.keras');
    const target = await open(path);
    const src = negated(target);
    const original = readFileSync(path);
    const c = await convertInto(src, { doc: target, src: bytesSource(original, target.fileName) }, autoMap(src, target));
    expect(c.format).toBe('keras');
    const { bytes } = await finish(c, 'k3-negated.keras');
    const doc = await reopen(bytes, 'k3-negated.keras');
    expect(await shas(doc, (t) => t.group === 'model')).toEqual(await shas(negated(target), (t) => t.group === 'model'));
    expect(await shas(doc, (t) => t.group !== 'model')).toEqual(await shas(target, (t) => t.group !== 'model'));
    const a = bytesSource(original, 'a'), b = bytesSource(bytes, 'b');
    const [da, db] = [await readZipDirectory(a), await readZipDirectory(b)];
    expect(db.entries.map((e) => e.name)).toEqual(da.entries.map((e) => e.name));
    for (const e of da.entries) {
      if (e.name === 'model.weights.h5') continue;
      expect(Buffer.from(await readEntry(b, db.byName.get(e.name)!)).equals(Buffer.from(await readEntry(a, e)))).toBe(true);
    }
  });
});

describe.skipIf(!HAS_SHARED)(`lenet5.state_dict.pt into lenet5.keras2-layout.h5 (shared fixtures)${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`, () => {
  it('keeps the target\'s structure and attributes and computes the torch reference output', async () => {
    const sdPath = join(SHARED, 'torch', 'lenet5.state_dict.pt'), targetPath = join(SHARED, 'torch', 'lenet5.keras2-layout.h5');
    const src = await open(sdPath);
    const target = await open(targetPath);
    const m = autoMap(src, target);
    expect(m.status).toBe('ok');
    const c = await convertInto(src, { doc: target, src: bytesSource(readFileSync(targetPath), target.fileName) }, m);
    const { bytes, path } = await finish(c, 'lenet5-into-keras.h5');
    const refPath = join(SHARED, 'torch', 'lenet5.ref.json');
    const ref = JSON.parse(readFileSync(refPath, 'utf8')) as RefJson;
    // our runtime (tfjs-layers) on the NCHW reference input, given to Keras as NHWC
    const model = await prepareModel(await reopen(bytes, 'lenet5-into-keras.h5'));
    const r = await runModel(model, sampleFromRefJson(ref, 'lenet5.ref.json'));
    expect(maxAbs(r.output, ref.output!)).toBeLessThan(1e-5);
    // the verdict, borrowing the architecture of the whole module for the state_dict
    const arch = await open(join(SHARED, 'torch', 'lenet5.pt'));
    const v = await verifyConversion(src, bytes, { conversion: c, architecture: { doc: arch, src: bytesSource(readFileSync(join(SHARED, 'torch', 'lenet5.pt')), 'lenet5.pt') } });
    expect(v).toMatchObject({ ok: true, method: 'outputs' });
    expect(v.maxAbs!).toBeLessThanOrEqual(1e-5);
    writeFileSync(join(TMP, 'lenet5.ref.json'), JSON.stringify(ref));
    if (!HAS_ORACLE) return console.warn(ORACLE_SKIP_REASON);
    const cmp = await oracle<{ same_structure: boolean; differences: string[]; changed_datasets: string[] }>('h5-compare', targetPath, path);
    expect(cmp.differences).toEqual([]);
    expect(cmp.changed_datasets.length).toBe(10);
    const numpy = await oracle<{ max_abs: number }>('keras-run', path, refPath);
    expect(numpy.max_abs).toBeLessThan(1e-5);
  });
});
