import { describe, expect, it } from 'vitest';
import { align, autoMap, remap, removePair, setPair } from '../../src/core/mapping';
import { makeDoc, type LayerSpec } from './helpers';

const conv = (path: string, o: number, i: number, k = 3): LayerSpec => ({ path, kind: 'Conv2d', tensors: [{ name: `${path}.weight`, shape: [o, i, k, k] }, { name: `${path}.bias`, shape: [o] }] });
const kconv = (path: string, o: number, i: number, k = 3): LayerSpec => ({ path, kind: 'Conv2D', tensors: [{ name: `${path}/kernel:0`, shape: [k, k, i, o] }, { name: `${path}/bias:0`, shape: [o] }] });
const lin = (path: string, o: number, i: number): LayerSpec => ({ path, kind: 'Linear', tensors: [{ name: `${path}.weight`, shape: [o, i] }, { name: `${path}.bias`, shape: [o] }] });
const dense = (path: string, o: number, i: number): LayerSpec => ({ path, kind: 'Dense', tensors: [{ name: `${path}/kernel:0`, shape: [i, o] }, { name: `${path}/bias:0`, shape: [o] }] });

describe('align (the sequence alignment itself)', () => {
  it('pairs as much as the scores allow, in order, skipping what fits nothing', () => {
    // A: x y z; B: y z w — x and w fit nothing.
    const a = ['x', 'y', 'z'], b = ['y', 'z', 'w'];
    const r = align(3, 3, (i, j) => (a[i] === b[j] ? 100 : null));
    expect(r.matches).toEqual([[1, 0], [2, 1]]);
    expect(r.alternatives.size).toBe(0);
  });

  it('reports equally good alternatives instead of choosing silently', () => {
    const r = align(2, 1, () => 100);
    expect(r.matches).toEqual([[0, 0]]);
    expect(r.alternatives.get('0,0')).toEqual([[1, 0]]);
  });
});

describe('automatic matching', () => {
  it('ignores names and weightless layers on either side (activations, InputLayer, Flatten, Dropout)', () => {
    const torch = makeDoc('torch', [conv('features.0', 8, 3), { path: 'features.1', kind: 'ReLU' }, conv('features.3', 16, 8),
      { path: 'flatten', kind: 'Flatten' }, lin('classifier.1', 10, 16 * 4)]);
    const keras = makeDoc('keras', [{ path: 'input_1', kind: 'InputLayer', config: { batch_input_shape: [null, 8, 8, 3] } }, kconv('conv2d', 8, 3),
      { path: 'dropout', kind: 'Dropout' }, kconv('conv2d_1', 16, 8), { path: 'flatten', kind: 'Flatten' }, dense('dense', 10, 16 * 4)]);
    const m = autoMap(torch, keras);
    expect(m.status).toBe('ok');
    expect(m.pairs.map((p) => [p.a, p.b])).toEqual([['features.0', 'conv2d'], ['features.3', 'conv2d_1'], ['classifier.1', 'dense']]);
    expect(m.weightlessA.map((w) => w.kind)).toEqual(['ReLU', 'Flatten']);
    expect(m.weightlessB.map((w) => w.kind)).toEqual(['InputLayer', 'Dropout', 'Flatten']);
  });

  it('skips an extra layer with weights on one side and lists it as unmapped', () => {
    const torch = makeDoc('torch', [lin('fc1', 8, 4), lin('fc2', 6, 8), lin('fc3', 2, 6)]);
    const keras = makeDoc('keras', [dense('dense', 8, 4), dense('dense_1', 2, 6)]);
    const m = autoMap(torch, keras);
    expect(m.pairs.map((p) => [p.a, p.b, p.status])).toEqual([['fc1', 'dense', 'ok'], ['fc3', 'dense_1', 'ok']]);
    expect(m.unmappedA).toEqual([{ path: 'fc2', kind: 'Linear', tensors: ['fc2.weight', 'fc2.bias'], why: 'every dense layer of the other model is paired already' }]);
    expect(m.status).toBe('incompatible');
  });

  it('reports an ambiguity when two layers fit one equally well', () => {
    const torch = makeDoc('torch', [lin('a', 4, 4), lin('b', 4, 4)]);
    const keras = makeDoc('keras', [dense('dense', 4, 4)]);
    const m = autoMap(torch, keras);
    expect(m.pairs).toHaveLength(1);
    expect(m.pairs[0].status).toBe('needs-attention');
    expect(m.pairs[0].problems[0]).toMatchObject({ code: 'ambiguous', message: expect.stringMatching(/`b` \(A\) would fit as well/) });
  });

  it('prefers the pairing whose shapes fit over one in the same position that does not', () => {
    const torch = makeDoc('torch', [lin('a', 4, 6), lin('b', 2, 4)]);
    const keras = makeDoc('keras', [dense('dense', 2, 4)]);
    expect(autoMap(torch, keras).pairs.map((p) => [p.a, p.status])).toEqual([['b', 'ok']]);
  });

  it('pairs layers defined in another order, saying so', () => {
    const torch = makeDoc('torch', [lin('head', 10, 32), conv('conv', 8, 3)]);
    const keras = makeDoc('keras', [kconv('conv2d', 8, 3), { path: 'flatten', kind: 'Flatten' }, dense('dense', 10, 32)]);
    const m = autoMap(torch, keras);
    expect(m.pairs.map((p) => [p.a, p.b])).toEqual([['head', 'dense'], ['conv', 'conv2d']]);
    expect(m.pairs[0].rule).toBe('dense-after-flatten');
    expect(m.pairs.flatMap((p) => p.problems.map((x) => x.code))).toEqual(['out-of-order']);
    expect(m.unmappedA).toEqual([]);
  });

  it('same-framework pairs copy tensors by role', () => {
    const a = makeDoc('torch', [conv('features.0', 8, 3), lin('fc', 10, 8)]);
    const b = makeDoc('torch', [conv('0', 8, 3), lin('2', 10, 8)]);
    const m = autoMap(a, b);
    expect(m.status).toBe('ok');
    expect(m.pairs.map((p) => p.rule)).toEqual(['identity', 'identity']);
    expect(m.pairs[0].tensors.map((t) => [t.a[0], t.b[0], t.steps])).toEqual([['features.0.weight', '0.weight', []], ['features.0.bias', '0.bias', []]]);
  });
});

describe('editing a mapping', () => {
  const torch = makeDoc('torch', [lin('a', 4, 4), lin('b', 4, 4)]);
  const keras = makeDoc('keras', [dense('dense', 4, 4)]);

  it('setPair replaces the pairs the two layers were in and re-validates', () => {
    const m = setPair(autoMap(torch, keras), torch, keras, 'b', 'dense');
    expect(m.pairs.map((p) => [p.a, p.b, p.origin, p.status])).toEqual([['b', 'dense', 'manual', 'ok']]);
    expect(m.unmappedA.map((u) => u.path)).toEqual(['a']);
  });

  it('setPair of unrelated kinds gives an incompatible pair that says why', () => {
    const t = makeDoc('torch', [conv('c', 4, 4)]);
    const m = setPair(autoMap(t, keras), t, keras, 'c', 'dense');
    expect(m.pairs[0].status).toBe('incompatible');
    expect(m.pairs[0].problems[0].message).toMatch(/no rule pairs Conv2d .* with Dense/);
  });

  it('removePair unpairs; remap applies new options keeping the pairing', () => {
    const m = autoMap(torch, keras);
    expect(removePair(m, torch, keras, m.pairs[0].id).pairs).toEqual([]);
    const again = remap(m, torch, keras, { rnnBiasSplit: 'recurrent' });
    expect(again.pairs.map((p) => p.id)).toEqual(m.pairs.map((p) => p.id));
    expect(again.options).toEqual({ rnnBiasSplit: 'recurrent' });
  });
});
