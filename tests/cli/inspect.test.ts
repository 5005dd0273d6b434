import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON, type RefJson } from '../helpers/fixtures';



describe('weightbridge inspect: bad input', () => {
  it('exits 1 with one line on stderr naming the file and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    const bad = join(dir, 'noise.pt');
    writeFileSync(bad, new Uint8Array(1000).map((_, i) => (i * 7919) % 251));
    const r = await cli('inspect', bad, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/noise\.pt: not a PyTorch, Keras or safetensors file/);
  });

  it('exits 1 for a file that does not exist', async () => {
    const r = await cli('inspect', '/nonexistent/model.pt');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model\.pt/);
  });
});

describe.skipIf(!HAS_SHARED)(`weightbridge inspect on shared fixtures ${HAS_SHARED ? '' : `(${SHARED_SKIP_REASON})`}`, () => {
  for (const [file, refName] of [['lenet5.pt', 'lenet5'], ['cnn_bn.pth', 'cnn_bn'], ['lenet5.legacy.pt', 'lenet5'], ['lenet5.torchscript.pt', 'lenet5']]) {
    it(`${file} --json --hash: one JSON object whose tensors equal ${refName}.ref.json`, async () => {
      const ref = JSON.parse(readFileSync(join(SHARED, 'torch', `${refName}.ref.json`), 'utf8')) as RefJson;
      const r = await cli('inspect', join(SHARED, 'torch', file), '--json', '--hash');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out)).toEqual(expect.arrayContaining(['file', 'format', 'producer', 'totalParams', 'tensors', 'layers', 'metadata', 'warnings']));
      expect(out.totalParams).toBe(ref.total_params);
      const got = (out.tensors as { name: string; shape: number[]; dtype: string; sha256: string }[]).map(({ name, shape, dtype, sha256 }) => ({ name, shape, dtype, sha256 }));
      expect(got).toEqual(ref.tensors.map(({ name, shape, dtype, sha256 }) => ({ name, shape, dtype, sha256 })));
      expect(out.layers.length).toBeGreaterThan(0);
    });
  }

  it('lenet5.keras2-layout.h5 --json --hash: dataset paths and sha256 equal its ref.json', async () => {
    const ref = JSON.parse(readFileSync(join(SHARED, 'torch', 'lenet5.keras2-layout.ref.json'), 'utf8')) as RefJson;
    const r = await cli('inspect', join(SHARED, 'torch', 'lenet5.keras2-layout.h5'), '--json', '--hash');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.format).toBe('keras-h5');
    const model = (out.tensors as { name: string; shape: number[]; dtype: string; sha256: string; group: string }[]).filter((t) => t.group === 'model');
    expect(model.map(({ name, shape, dtype, sha256 }) => ({ name, shape, dtype, sha256 })))
      .toEqual(ref.tensors.map(({ name, shape, dtype, sha256 }) => ({ name, shape, dtype, sha256 })));
    expect(out.totalParams).toBe(ref.total_params);
  });

  it('prints a readable summary and tree without --json', async () => {
    const r = await cli('inspect', join(SHARED, 'torch', 'lenet5.pt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/parameters: 61,706/);
    expect(r.stdout).toMatch(/0 {2}Conv2d {2}156 params/);
  });
});
