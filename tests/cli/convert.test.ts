import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from '../helpers/cli';
import { OWN_FIXTURES, PROJECT_ROOT } from '../helpers/fixtures';

const MINE = join(PROJECT_ROOT, 'tests', 'mapping', 'fixtures');
const LENET = join(OWN_FIXTURES, 'torch', 'lenet5.pt');
const DIR = mkdtempSync(join(tmpdir(), 'wb-cli-convert-'));
const cli = (...args: string[]) => cliIn(DIR, ...args);


describe('weightbridge convert', () => {
  it('standalone: writes the file, prints the check and exits 0', async () => {
    const out = join(DIR, 'lenet5-torch.h5');
    const r = await cli('convert', LENET, '--format', 'h5', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${out} (`);
    expect(r.stdout).toMatch(/check: PASS: outputs on one seed 0, uniform \[0, 1\) sample agree to max \|Δ\| \S+ \(tolerance 1\.00e-5; cpu\)/);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.part`)).toBe(false);
  }, 60_000);

  it('into a target: picks a name when --out is missing, checks the weights when the models cannot run', async () => {
    const r = await cli('convert', join(MINE, 'cnn.keras-layout.h5'), '--to', join(MINE, 'cnn.pt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^mapping: ok — 7 layer pairs/);
    expect(r.stdout).toContain(`wrote ${join(DIR, 'cnn-keras.pt')}`);
    expect(r.stdout).toMatch(/check: PASS \(weights only\): 14 of 14 tensors bit-exact, max \|Δ\| 0; models not run: module "9" \(torch\.nn\.modules\.activation\.PReLU\)/);
  }, 60_000);

  it('exits 1 when the check fails (a hand-edited mapping that flips conv kernels), 0 with --force', async () => {
    const h5 = join(DIR, 'lenet5-for-mapping.h5');
    expect((await cli('convert', LENET, '--format', 'h5', '--out', h5, '--no-verify')).code).toBe(0);
    const mapping = join(DIR, 'lenet.mapping.json');
    expect((await cli('map', h5, LENET, '--out', mapping)).code).toBe(0);
    const json = JSON.parse(readFileSync(mapping, 'utf8'));
    const kernel = json.pairs[0].tensors[0];
    expect(kernel.steps[0]).toMatchObject({ op: 'transpose', perm: [3, 2, 0, 1] });
    kernel.steps[0].perm = [3, 2, 1, 0]; // same shape for 5×5 kernels, spatially transposed
    writeFileSync(mapping, JSON.stringify(json));
    const out = join(DIR, 'flipped.pt');
    const bad = await cli('convert', h5, '--to', LENET, '--mapping', mapping, '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/check: FAIL: outputs on one seed 0/);
    const forced = await cli('convert', h5, '--to', LENET, '--mapping', mapping, '--out', out, '--force');
    expect(forced.code).toBe(0);
  }, 90_000);

  it('refuses bad arguments with the usage (exit 2) and never overwrites an input', async () => {
    const none = await cli('convert', LENET);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give either --to TARGET .* or --format/);
    expect(none.stderr).toContain('weightbridge convert SRC --to TARGET');
    const fmt = await cli('convert', LENET, '--format', 'onnx');
    expect(fmt.code).toBe(2);
    const same = await cli('convert', LENET, '--format', 'pt', '--out', LENET);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/is one of the input files/);
  }, 60_000);
});
