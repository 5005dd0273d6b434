import { describe, expect, it } from 'vitest';
import { autoMap, mappingFromJson, mappingToJson, mappingToText, MappingError, remap } from '../../src/core/mapping';
import { makeDoc } from './helpers';

const torch = makeDoc('torch', [
  { path: 'features.0', kind: 'Conv2d', tensors: [{ name: 'features.0.weight', shape: [4, 3, 3, 3] }, { name: 'features.0.bias', shape: [4] }] },
  { path: 'fc', kind: 'Linear', tensors: [{ name: 'fc.weight', shape: [2, 4] }] },
], 'net.pt');
const keras = makeDoc('keras', [
  { path: 'conv2d', kind: 'Conv2D', tensors: [{ name: 'conv2d/kernel:0', shape: [3, 3, 3, 4] }, { name: 'conv2d/bias:0', shape: [4] }] },
  { path: 'dense', kind: 'Dense', config: { use_bias: false }, tensors: [{ name: 'dense/kernel:0', shape: [4, 2] }] },
], 'net.h5');

const saved = () => JSON.parse(JSON.stringify(mappingToJson(autoMap(torch, keras))));

describe('mapping JSON', () => {
  it('is versioned and names layers and tensors by path and name', () => {
    const j = saved();
    expect(j).toMatchObject({
      weightbridge_mapping: 1,
      a: { file: 'net.pt', format: 'torch-zip', framework: 'torch' },
      b: { file: 'net.h5', format: 'keras-h5', framework: 'keras' },
      options: {}, status: 'ok', unmappedA: [], unmappedB: [],
    });
    expect(j.pairs[0]).toMatchObject({
      a: 'features.0', b: 'conv2d', kindA: 'Conv2d', kindB: 'Conv2D', rule: 'conv', origin: 'auto', status: 'ok', problems: [], dropped: [],
      tensors: [
        { a: ['features.0.weight'], b: ['conv2d/kernel:0'], steps: [{ op: 'transpose', perm: [2, 3, 1, 0], from: 'OIHW', to: 'HWIO' }], shapesA: [[4, 3, 3, 3]], shapesB: [[3, 3, 3, 4]] },
        { a: ['features.0.bias'], b: ['conv2d/bias:0'], steps: [] },
      ],
    });
    expect(JSON.parse(mappingToText(autoMap(torch, keras)))).toEqual(j);
  });

  it('re-validates an edited file: a wrong permutation becomes an incompatible pair naming both shapes', () => {
    const j = saved();
    j.pairs[0].tensors[0].steps[0] = { op: 'transpose', perm: [0, 1, 3, 2] };
    const m = mappingFromJson(j, torch, keras);
    expect(m.status).toBe('incompatible');
    expect(m.pairs[0].problems.map((p) => p.message)).toEqual([
      'shape mismatch: `features.0.weight` 4×3×3×3 becomes 4×3×3×3 after transpose(0,1,3,2), but `conv2d/kernel:0` is 3×3×3×4',
      'the tensor pairs differ from what rule conv gives (edited by hand?)',
    ]);
    // shapes cannot tell a wrong permutation that keeps them; the note still shows the edit
    j.pairs[0].tensors[0].steps[0] = { op: 'transpose', perm: [3, 2, 1, 0] };
    const same = mappingFromJson(j, torch, keras).pairs[0];
    expect(same.status).toBe('ok');
    expect(same.problems).toEqual([expect.objectContaining({ severity: 'info', code: 'edited' })]);
  });

  it('keeps imported tensor pairs through remap, and reports tensors that no longer exist', () => {
    const j = saved();
    j.pairs[1].tensors[0].b = ['dense/kernel_renamed:0'];
    const m = remap(mappingFromJson(j, torch, keras), torch, keras);
    expect(m.pairs[1].tensors[0].b).toEqual(['dense/kernel_renamed:0']);
    expect(m.pairs[1].problems.map((p) => p.code)).toEqual(['missing-tensor', 'edited', 'unpaired-tensor']);
    expect(m.pairs[1].problems[0].message).toBe('`dense/kernel_renamed:0` is not in net.h5 (B)');
  });

  it('rejects what is not a mapping, with the place and the reason', () => {
    const bad = (j: unknown) => () => mappingFromJson(j, torch, keras);
    expect(bad('{')).toThrow(/invalid JSON/);
    expect(bad({})).toThrow('not a weightbridge mapping: weightbridge_mapping: missing');
    expect(bad({ ...saved(), weightbridge_mapping: 2 })).toThrow(/version 2 is not supported \(this build reads 1\)/);
    const j = saved();
    j.pairs[0].tensors[0].steps[0] = { op: 'rotate' };
    expect(bad(j)).toThrow('not a weightbridge mapping: pairs[0].tensors[0].steps[0]: unknown op "rotate"');
    const k = saved();
    delete k.pairs[0].tensors[0].steps[0].perm;
    expect(bad(k)).toThrow(/pairs\[0\]\.tensors\[0\]\.steps\[0\]: transpose needs "perm"/);
    expect(bad(saved())).not.toThrow();
  });

  it('refuses files of the other frameworks and says to swap them', () => {
    expect(() => mappingFromJson(saved(), keras, torch)).toThrow(MappingError);
    expect(() => mappingFromJson(saved(), keras, torch)).toThrow(/made for torch \(A\) ↔ keras \(B\), but net\.h5 is keras and net\.pt is torch: swap the files/);
  });
});
