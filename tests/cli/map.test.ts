import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { HAS_SHARED, OWN_FIXTURES, PROJECT_ROOT, SHARED, SHARED_SKIP_REASON } from '../helpers/fixtures';

const MINE = join(PROJECT_ROOT, 'tests', 'mapping', 'fixtures');


describe('weightbridge map on own fixtures', () => {
  it('a convertible pair exits 0 and prints pairs, transforms in words and the unmapped/weightless layers', async () => {
    const r = await cli('map', join(MINE, 'cnn.pt'), join(MINE, 'cnn.keras-layout.h5'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status: ok — 7 pairs \(7 ok, 0 need attention, 0 incompatible\); tensors mapped: A 15\/15, B 14\/14/);
    expect(r.stdout).toContain('[ok] 0 (Conv2d) ↔ conv2d (Conv2D)  rule: conv');
    expect(r.stdout).toContain('OIHW → HWIO: transpose(2,3,1,0)');
    expect(r.stdout).toContain('(out,in) → (in,out): transpose(1,0); then rows from C,H,W order to H,W,C order (Flatten; C=16, H·W=16)');
    expect(r.stdout).toContain('1.num_batches_tracked (A) dropped');
    expect(r.stdout).toMatch(/unmapped in A: none\nunmapped in B: none/);
    expect(r.stdout).toMatch(/weightless layers, never paired: A: 2 \(ReLU\), 3 \(MaxPool2d\)/);
    expect(r.stdout).toMatch(/problems: none\n$/);
  });

  it('an incompatible pair exits 1 and states the problems', async () => {
    const r = await cli('map', join(OWN_FIXTURES, 'torch', 'cnn_bn.pt'), join(MINE, 'cnn.keras-layout.h5'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[INCOMPATIBLE] 2.1 (Linear) ↔ dense (Dense)');
    expect(r.stdout).toMatch(/error: shape mismatch: `2\.1\.weight` 10×1024 becomes 1024×10/);
    expect(r.stdout).toMatch(/problems: \d+ errors/);
  });

  it('--out saves the mapping, --mapping reuses it, --json prints it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-map-'));
    const out = join(dir, 'rnn.mapping.json');
    const a = join(MINE, 'rnn.pt'), b = join(MINE, 'rnn.keras-layout.h5');
    const first = await cli('map', a, b, '--out', out, '--bias-split', 'recurrent');
    expect(first.code).toBe(0);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved).toMatchObject({ weightbridge_mapping: 1, options: { rnnBiasSplit: 'recurrent' }, status: 'ok' });
    const again = await cli('map', a, b, '--mapping', out, '--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.pairs.map((p: { a: string; b: string; tensors: unknown }) => [p.a, p.b, p.tensors]))
      .toEqual(saved.pairs.map((p: { a: string; b: string; tensors: unknown }) => [p.a, p.b, p.tensors]));
    expect(json.pairs.every((p: { origin: string }) => p.origin === 'imported')).toBe(true);
  });

  it('--flatten answers the feature-map question', async () => {
    const r = await cli('map', join(MINE, 'cnn.pt'), join(MINE, 'cnn.keras-layout.h5'), '--flatten', '8=16,4,4', '--json');
    expect(r.code).toBe(0);
    const fc = JSON.parse(r.stdout).pairs.find((p: { a: string }) => p.a === '8');
    expect(fc.tensors[0].steps[1]).toEqual({ op: 'flattenRows', axis: 0, channels: 16, spatial: [4, 4], order: 'chw-to-hwc' });
  });

  it('bad arguments exit 2 with the usage', async () => {
    const r = await cli('map', join(MINE, 'cnn.pt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/map takes two model files, got 1\nusage:\n {2}map {7}pair the layers/);
    expect((await cli('map', 'a', 'b', '--flatten', 'fc=x')).stderr).toMatch(/--flatten fc: "x" is not C,H,W/);
  });

  it('an unreadable file exits 1 with one line naming it', async () => {
    const r = await cli('map', '/nonexistent/a.pt', join(MINE, 'cnn.pt'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/a\.pt/);
  });
});

describe.skipIf(!HAS_SHARED)(`weightbridge map on shared fixtures ${HAS_SHARED ? '' : `(${SHARED_SKIP_REASON})`}`, () => {
  it('lenet5.pt ↔ lenet5.keras2-layout.h5 exits 0 and prints the 5 pairs', async () => {
    const r = await cli('map', join(SHARED, 'torch', 'lenet5.pt'), join(SHARED, 'torch', 'lenet5.keras2-layout.h5'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status: ok — 5 pairs \(5 ok, 0 need attention, 0 incompatible\); tensors mapped: A 10\/10, B 10\/10/);
    for (const line of ['[ok] 0 (Conv2d) ↔ conv2d (Conv2D)  rule: conv', '[ok] 9 (Linear) ↔ dense (Dense)  rule: dense', '[ok] 11 (Linear) ↔ dense_1 (Dense)  rule: dense']) {
      expect(r.stdout).toContain(line);
    }
    expect(r.stdout).toContain('0.weight 6×1×5×5 → model_weights/conv2d/conv2d/kernel:0 5×5×1×6\n        OIHW → HWIO: transpose(2,3,1,0)');
  });

  it('cnn_bn.pth ↔ lenet5.keras2-layout.h5 exits 1', async () => {
    const r = await cli('map', join(SHARED, 'torch', 'cnn_bn.pth'), join(SHARED, 'torch', 'lenet5.keras2-layout.h5'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: shape mismatch: `conv1.weight` 64×3×3×3 becomes 3×3×3×64 after OIHW → HWIO: transpose(2,3,1,0), but `model_weights/conv2d/conv2d/kernel:0` is 5×5×1×6');
    expect(r.stdout).toContain('bn1 (BatchNorm, 5 tensors): the other model has no batchnorm layer');
  });
});
