import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, PROJECT_ROOT, SHARED } from '../helpers/fixtures';

const exec = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'weightbridge.mjs');
const T = (f: string): string => join(SHARED, 'torch', f);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd: PROJECT_ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe.skipIf(!HAS_SHARED)('weightbridge run / compare', () => {
  it('run --json on wasm: the reference output within 1e-5', async () => {
    const r = await cli('run', T('lenet5.torchscript.pt'), '--input', T('lenet5.ref.json'), '--backend', 'wasm', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { backend: string; output: { shape: number[] }; reference: { maxAbs: number }; ms: number };
    expect(j.backend).toBe('wasm');
    expect(j.output.shape).toEqual([1, 10]);
    expect(j.reference.maxAbs).toBeLessThanOrEqual(1e-5);
    expect(j.ms).toBeGreaterThan(0);
  });

  it('run of a user class: exit 1 and the reason on one line', async () => {
    const r = await cli('run', T('simple_nn.pt'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^weightbridge: cannot run: the forward of __main__\.SimpleNN is Python code not stored in the file/);
  });

  it('compare lenet5.pt with the Keras LeNet (other weights): a large difference, first layer diverging', async () => {
    const r = await cli('compare', T('lenet5.pt'), T('lenet5.keras2-layout.h5'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { output: { verdict: string; maxAbs: number }; layers: { firstDivergent: number; rows: unknown[] } };
    expect(j.output.verdict).toBe('differ');
    expect(j.output.maxAbs).toBeGreaterThan(1e-3);
    expect(j.layers.rows).toHaveLength(5);
    expect(j.layers.firstDivergent).toBe(0);
  });

  it('compare a state_dict, given its architecture, with the TorchScript trace: a match, printed as a table', async () => {
    const r = await cli('compare', T('lenet5.state_dict.pt'), T('lenet5.torchscript.pt'), '--arch-a', T('lenet5.pt'), '--seed', '4');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/output: MATCH \(tolerance 1e-5\)/);
    expect(r.stdout).toMatch(/every paired layer agrees/);
  });
});
