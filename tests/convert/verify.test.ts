/**
 * verifyConversion's verdicts, and the streaming contract the UI relies on: parts in chunks,
 * progress as they go, cancellation through an AbortSignal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectBytes, convertInto, convertStandalone, toReadableStream, verifyConversion, type ConvertProgress } from '../../src/core/convert';
import { bytesSource } from '../../src/core/io/byteSource';
import { autoMap } from '../../src/core/mapping';
import { CancelledError } from '../../src/core/model/errors';
import { OWN_FIXTURES } from '../helpers/fixtures';
import { closeAll, finish, MAP_FIXTURES, open, releaseReopened, reopen } from './helpers';

afterAll(async () => { releaseReopened(); await closeAll(); });

const LENET = join(OWN_FIXTURES, 'torch', 'lenet5.pt');

describe('verifyConversion', () => {
  it('runs both models and passes a faithful conversion; fails one with a damaged weight', async () => {
    const doc = await open(LENET);
    const c = convertStandalone(doc, 'h5');
    const { bytes } = await finish(c, 'verify-lenet5.h5');
    const src = bytesSource(readFileSync(LENET), 'lenet5.pt');
    const good = await verifyConversion(doc, bytes, { sourceSrc: src, conversion: c });
    expect(good).toMatchObject({ ok: true, method: 'outputs', tolerance: 1e-5 });
    expect(good.maxAbs!).toBeLessThanOrEqual(1e-5);
    expect(good.summary).toMatch(/^PASS: outputs on one seed 0, uniform \[0, 1\) sample agree to max \|Δ\|/);
    // flip the sign of one bias value inside the file
    const reopened = await reopen(bytes, 'verify-lenet5.h5');
    const bias = await reopened.tensors.find((t) => t.name.endsWith('dense/dense/bias:0'))!.read();
    const at = Buffer.from(bytes).indexOf(Buffer.from(bias));
    expect(at).toBeGreaterThan(0);
    const damaged = bytes.slice();
    damaged[at + 3] ^= 0x80;
    const bad = await verifyConversion(doc, damaged, { sourceSrc: src, conversion: c });
    expect(bad).toMatchObject({ ok: false, method: 'outputs' });
    expect(bad.summary).toMatch(/^FAIL/);
  });

  it('falls back to comparing weights when a model cannot run, and says why', async () => {
    const keras = await open(join(MAP_FIXTURES, 'cnn.keras-layout.h5'));
    const c = convertStandalone(keras, 'pt');
    const { bytes } = await finish(c, 'verify-cnn.pt');
    const v = await verifyConversion(keras, bytes, { conversion: c });
    expect(v).toMatchObject({ ok: true, method: 'tensors', maxAbs: 0 });
    expect(v.tensors).toMatchObject({ compared: 14, exact: 14 });
    expect(v.reason).toMatch(/state_dict: weights only, no architecture/);
    expect(v.summary).toMatch(/^PASS \(weights only\): 14 of 14 tensors bit-exact/);
  });

  it('borrows the architecture of a whole module for a state_dict (by name, else by order)', async () => {
    const lenet = await open(LENET);
    const sd = await open(join(OWN_FIXTURES, 'torch', 'lenet5.state_dict.pt'));
    const h5 = await finish(convertStandalone(lenet, 'h5'), 'arch.h5');
    const keras = await reopen(h5.bytes, 'arch.h5');
    const m = autoMap(sd, keras);
    const c = await convertInto(sd, { doc: keras, src: bytesSource(h5.bytes, 'arch.h5') }, m);
    const { bytes } = await finish(c, 'arch-into.h5');
    const architecture = { doc: lenet, src: bytesSource(readFileSync(LENET), 'lenet5.pt') };
    expect(await verifyConversion(sd, bytes, { conversion: c, architecture })).toMatchObject({ ok: true, method: 'outputs' });
    // a Keras-named state_dict runs with lenet5.pt's module tree by tensor order
    const back = convertStandalone(keras, 'pt');
    const pt = await finish(back, 'arch-back.pt');
    expect(await verifyConversion(keras, pt.bytes, { conversion: back, architecture })).toMatchObject({ ok: true, method: 'outputs', maxAbs: 0 });
  });

  it('reports a file that does not open', async () => {
    const doc = await open(LENET);
    const v = await verifyConversion(doc, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), { name: 'broken.pt' });
    expect(v).toMatchObject({ ok: false, method: 'none' });
    expect(v.summary).toMatch(/^FAIL: the converted file does not open: broken\.pt/);
  });
});

describe('streaming', () => {
  it('yields parts in chunks with progress up to the whole size', async () => {
    const doc = await open(join(MAP_FIXTURES, 'cnn.pt'));
    const target = await open(join(MAP_FIXTURES, 'cnn.pt'));
    const progress: ConvertProgress[] = [];
    const c = await convertInto(doc, { doc: target, src: bytesSource(readFileSync(join(MAP_FIXTURES, 'cnn.pt')), 'cnn.pt') }, autoMap(doc, target), {
      chunkBytes: 1024, onProgress: (p) => progress.push(p),
    });
    let parts = 0, bytes = 0;
    for await (const p of c.parts) { parts++; bytes += p.length; }
    expect(parts).toBeGreaterThan(40);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ bytes, fraction: 1 });
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes)).toBe(true);
  });

  it('pipes as a ReadableStream (what a download or a file picker takes)', async () => {
    const doc = await open(LENET);
    const direct = await collectBytes(convertStandalone(doc, 'safetensors').parts);
    const viaStream = new Uint8Array(await new Response(toReadableStream(convertStandalone(doc, 'safetensors').parts)).arrayBuffer());
    expect(Buffer.from(viaStream).equals(Buffer.from(direct))).toBe(true);
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const doc = await open(LENET);
    const ac = new AbortController();
    const c = convertStandalone(doc, 'safetensors', { signal: ac.signal });
    const it = c.parts[Symbol.asyncIterator]();
    await it.next();
    ac.abort();
    await expect(collectBytes({ [Symbol.asyncIterator]: () => it })).rejects.toBeInstanceOf(CancelledError);
  });
});
