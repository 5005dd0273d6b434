/**
 * The project's own PyTorch fixtures (tests/fixtures/torch), written by real torch 1.13.
 * Regenerate them with `npm run fixtures` (= `/usr/bin/python3 scripts/make_fixtures.py`, which needs
 * Debian's python3-torch); the script checks every file against torch before it finishes.
 *
 * Each `<stem>.ref.json` names its model file (`file`) and says what torch found in it: how the file
 * is stored (`format`), what it holds (`contents`), and every tensor's shape, dtype, sha256 and group.
 * The schema is described at the top of scripts/fixtures/refs.py.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModel } from '../../src/core/formats/registry';
import { fileSource } from '../../src/core/io/nodeSource';
import { toNumbers } from '../../src/core/model/dtype';
import { ReadError } from '../../src/core/model/errors';
import { sha256Hex } from '../../src/core/model/hash';
import { sumValues } from '../../src/core/model/stats';
import type { FormatId, ModelDoc, TensorGroup, TensorRef } from '../../src/core/model/types';
import { toView } from '../../src/core/model/view';
import { OWN_FIXTURES, type RefTensor } from '../helpers/fixtures';

const DIR = join(OWN_FIXTURES, 'torch');

interface OwnRefTensor extends RefTensor {
  group: TensorGroup;
  tied_to?: string;                 // the first name holding the very same tensor (tied weights)
  qscheme?: 'per_tensor_affine' | 'per_channel_affine';
  scale?: number; zero_point?: number;
  axis?: number; scales?: number[]; zero_points?: number[];
}

interface OwnRef {
  model: string;
  file: string;
  contents: 'state_dict' | 'module' | 'checkpoint' | 'torchscript';
  format: 'zip' | 'legacy' | 'torchscript';
  total_params: number;
  tensors: OwnRefTensor[];
}

/** The ref's classification, in the reader's words. */
const FORMAT_ID: Record<OwnRef['format'], FormatId> = { zip: 'torch-zip', legacy: 'torch-legacy', torchscript: 'torchscript' };
const CONTENTS: Record<OwnRef['contents'], RegExp> = {
  state_dict: /^state_dict$/,
  module: /^whole nn\.Module \(/,
  checkpoint: /checkpoint \(state_dict under "\w+"\)/,
  torchscript: /^TorchScript module/,
};

const refs: OwnRef[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.ref.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as OwnRef);

/** Opens a file; the handle stays open for tensor reads until `close` is called. */
async function open(path: string): Promise<{ doc: ModelDoc; close: () => Promise<void> }> {
  const src = await fileSource(path);
  try {
    return { doc: await openModel(src), close: () => src.close() };
  } catch (err) {
    await src.close();
    throw err;
  }
}

/** Sums of float32 values in float64 differ from torch's in the last bits only. */
function expectClose(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: sum ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
}

it('the own torch fixtures are there (npm run fixtures writes them)', () => {
  expect(refs.length).toBeGreaterThanOrEqual(15);
});

describe.each(refs.map((r) => [r.file, r] as const))('%s', (file, ref) => {
  let doc: ModelDoc;
  let byName: Map<string, TensorRef>;
  let close = async () => {};
  beforeAll(async () => {
    ({ doc, close } = await open(join(DIR, file)));
    byName = new Map(doc.tensors.map((t) => [t.name, t]));
  });
  afterAll(() => close());

  it(`is read as ${ref.format} / ${ref.contents}`, () => {
    expect(doc.format).toBe(FORMAT_ID[ref.format]);
    expect(doc.contents).toMatch(CONTENTS[ref.contents]);
  });

  it('lists exactly the tensors torch lists, each in its group', () => {
    // per-channel quantisation parameters may be listed as tensors of their own: not the file's tensors
    const quantParams = new Set(doc.tensors.flatMap((t) => [t.quant?.scales, t.quant?.zeroPoints]).filter(Boolean));
    const names = doc.tensors.map((t) => t.name).filter((n) => !quantParams.has(n));
    expect(names.sort()).toEqual(ref.tensors.map((t) => t.name).sort());
    for (const r of ref.tensors) expect(byName.get(r.name)?.group, r.name).toBe(r.group);
  });

  it('reads every tensor with the shape, dtype, bytes (sha256) and sum torch has', async () => {
    for (const r of ref.tensors) {
      const t = byName.get(r.name);
      expect(t, r.name).toBeDefined();
      expect(t!.shape, r.name).toEqual(r.shape);
      expect(t!.dtype, r.name).toBe(r.dtype);
      expect(t!.numel, r.name).toBe(r.numel);
      const bytes = await t!.read();
      expect(await sha256Hex(bytes), r.name).toBe(r.sha256);
      expectClose(sumValues(toNumbers(t!.dtype, bytes)), r.sum, r.name);
    }
  });

  it('marks tied tensors (one tensor saved under two names)', () => {
    for (const r of ref.tensors.filter((x) => x.tied_to)) {
      expect(byName.get(r.name)?.tiedTo, r.name).toBe(r.tied_to);
    }
  });

  it.runIf(ref.tensors.some((t) => t.qscheme))('keeps the quantisation parameters', async () => {
    for (const r of ref.tensors.filter((x) => x.qscheme)) {
      const q = byName.get(r.name)?.quant;
      expect(q?.scheme, r.name).toBe(r.qscheme);
      if (r.qscheme === 'per_tensor_affine') {
        expect(q!.scale, r.name).toBeCloseTo(r.scale!, 12);
        expect(q!.zeroPoint, r.name).toBe(r.zero_point);
      } else {
        expect(q!.axis, r.name).toBe(r.axis);
        const scales = q!.scales ? byName.get(q!.scales) : undefined;
        if (scales) expect(Array.from(toNumbers(scales.dtype, await scales.read()))).toEqual(r.scales);
      }
    }
  });

  it(`counts ${ref.total_params} parameters`, () => {
    expect(toView(doc).totalParams).toBe(ref.total_params);
  });
});

describe('truncated.pt (cut on the fly, never committed)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'weightbridge-'));
  it.each(['lenet5.pt', 'lenet5.legacy.pt', 'lenet5.torchscript.pt'])('a cut copy of %s is refused with a message naming the file', async (file) => {
    const bytes = readFileSync(join(DIR, file));
    for (const cut of [0.01, 0.5, 0.99]) {
      const path = join(tmp, 'truncated.pt');
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * cut)));
      const err = await open(path).then(() => null, (e: unknown) => e);
      expect(err, `${file} cut at ${cut}`).toBeInstanceOf(ReadError);
      expect((err as ReadError).message).toMatch(/^truncated\.pt: /);
    }
  });
});
