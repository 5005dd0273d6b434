import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { HAS_SHARED, SHARED, SHARED_SKIP_REASON } from '../helpers/fixtures';
import { readJson } from './helpers';

/**
 * Issue 6: `compare lenet5.state_dict.pt lenet5.keras2-layout.h5` reports a large difference (the
 * Keras file has its own weights); after `convert` copies the state_dict's weights into a copy of
 * the Keras file, the same comparison reports ≤ 1e-5. The state_dict borrows lenet5.pt's
 * architecture (`--arch-a`); both runs use the reference input of lenet5.ref.json, and the
 * converted Keras model must also reproduce torch's reference output for it.
 */
const T = (f: string): string => join(SHARED, 'torch', f);
const TMP = mkdtempSync(join(tmpdir(), 'wb-compare-convert-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Compared {
  input: { shape: number[]; layout: string; origin: string };
  a: { model: string; backend: string; output: number[] };
  b: { model: string; backend: string; output: number[] };
  output: { verdict: string; maxAbs: number; tolerance: number; argmax?: { agree: number; rows: number } };
  layers?: { rows: { maxAbs: number }[]; firstDivergent?: number };
}

async function compare(b: string, backend: 'cpu' | 'wasm'): Promise<Compared> {
  const r = await cli('compare', T('lenet5.state_dict.pt'), b, '--arch-a', T('lenet5.pt'), '--input', T('lenet5.ref.json'), '--backend', backend, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Compared;
}

const maxAbs = (a: number[], b: number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

describe.skipIf(!HAS_SHARED)(`compare before and after convert (lenet5.state_dict.pt ↔ lenet5.keras2-layout.h5)${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`, () => {
  const converted = join(TMP, 'x.h5');
  const ref = HAS_SHARED ? readJson<{ output: number[] }>(T('lenet5.ref.json')) : { output: [] };

  it('before: the Keras file’s own weights differ — a large difference, every layer diverging from the first', async () => {
    const c = await compare(T('lenet5.keras2-layout.h5'), 'cpu');
    console.log(`compare lenet5.state_dict.pt lenet5.keras2-layout.h5 on cpu: max |Δ| ${c.output.maxAbs.toExponential(2)}`);
    expect(c.a.model).toBe('lenet5.state_dict.pt (with the architecture of lenet5.pt)');
    expect(c.input).toMatchObject({ shape: [1, 1, 28, 28], layout: 'NCHW' });
    expect(c.output.verdict).toBe('differ');
    expect(c.output.maxAbs).toBeGreaterThan(1e-2);
    expect(c.layers?.rows).toHaveLength(5);
    expect(c.layers?.firstDivergent).toBe(0);
    // side A is the state_dict run with lenet5.pt's architecture: it is torch's reference output
    expect(maxAbs(c.a.output, ref.output)).toBeLessThanOrEqual(1e-5);
  });

  it('convert writes the state_dict’s weights into a copy of the Keras file', async () => {
    const r = await cli('convert', T('lenet5.state_dict.pt'), '--to', T('lenet5.keras2-layout.h5'), '--out', converted);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*x\.h5 .*10 tensors converted/);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`after, on ${backend}: max |Δ| ≤ 1e-5, a match, every layer agreeing; the Keras output is torch’s reference`, async () => {
      const c = await compare(converted, backend);
      console.log(`compare lenet5.state_dict.pt x.h5 on ${backend}: max |Δ| ${c.output.maxAbs.toExponential(2)}`);
      expect(c.b.model).toBe('x.h5');
      expect(c.a.backend).toBe(backend);
      expect(c.b.backend).toBe(backend);
      expect(c.output.verdict).toBe('match');
      expect(c.output.maxAbs).toBeLessThanOrEqual(1e-5);
      expect(c.output.argmax).toEqual({ agree: 1, rows: 1 });
      expect(c.layers?.rows).toHaveLength(5);
      expect(c.layers?.firstDivergent).toBeUndefined();
      for (const row of c.layers!.rows) expect(row.maxAbs).toBeLessThanOrEqual(1e-5);
      expect(maxAbs(c.b.output, ref.output)).toBeLessThanOrEqual(1e-5);
    });
  }
});
