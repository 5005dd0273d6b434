import { describe, expect, it } from 'vitest';
import { autoMap, describeSteps } from '../../src/core/mapping';
import { makeDoc } from './helpers';
import { f32, mapAndRoundTrip } from './roundtrip';

const n = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** Reads element `idx` of a row-major array of `shape`. */
const at = (data: ArrayLike<number>, shape: number[], idx: number[]): number =>
  data[idx.reduce((off, i, k) => off * shape[k] + i, 0)];

describe('conv rules', () => {
  it.each([
    ['Conv1d', 'Conv1D', [6, 3, 5], [5, 3, 6], 'OIW → WIO: transpose(2,1,0)'],
    ['Conv2d', 'Conv2D', [6, 3, 5, 4], [5, 4, 3, 6], 'OIHW → HWIO: transpose(2,3,1,0)'],
    ['Conv3d', 'Conv3D', [4, 2, 3, 2, 2], [3, 2, 2, 2, 4], 'OIDHW → DHWIO: transpose(2,3,4,1,0)'],
  ])('%s ↔ %s: kernel values land where the layouts say, both ways', async (tk, kk, ts, ks, words) => {
    const torch = makeDoc('torch', [{ path: 'features.0', kind: tk, tensors: [{ name: 'features.0.weight', shape: ts }, { name: 'features.0.bias', shape: [ts[0]] }] }]);
    const keras = makeDoc('keras', [{ path: 'conv', kind: kk, tensors: [{ name: 'conv/kernel:0', shape: ks }, { name: 'conv/bias:0', shape: [ks[ks.length - 1]] }] }]);
    const { m, toB, reverse } = await mapAndRoundTrip(torch, keras);
    expect(describeSteps(m.pairs[0].tensors[0].steps)).toBe(words);
    expect(reverse.pairs[0].tensors[0].steps[0]).toMatchObject({ op: 'transpose', from: ks.length === 5 ? 'DHWIO' : ks.length === 4 ? 'HWIO' : 'WIO' });
    const w = f32(await torch.tensors[0].read()), k = f32(toB.get('conv/kernel:0')!.bytes);
    const sp = ts.length - 2;
    for (let i = 0; i < n(ks); i += 7) {
      const idx = ks.map((_, d) => Math.floor(i / n(ks.slice(d + 1))) % ks[d]); // (k…, I, O)
      const [ii, o] = idx.slice(sp);
      expect(k[i]).toBe(at(w, ts, [o, ii, ...idx.slice(0, sp)]));
    }
  });

  it('ConvTranspose2d (I, O, kh, kw) ↔ Conv2DTranspose (kh, kw, O, I): transpose(2,3,1,0)', async () => {
    const torch = makeDoc('torch', [{ path: 'up', kind: 'ConvTranspose2d', config: { in_channels: 4, out_channels: 3, groups: 1 }, tensors: [{ name: 'up.weight', shape: [4, 3, 2, 2] }, { name: 'up.bias', shape: [3] }] }]);
    const keras = makeDoc('keras', [{ path: 'up', kind: 'Conv2DTranspose', tensors: [{ name: 'up/kernel:0', shape: [2, 2, 3, 4] }, { name: 'up/bias:0', shape: [3] }] }]);
    const { m, toB } = await mapAndRoundTrip(torch, keras);
    expect(m.pairs[0].rule).toBe('conv-transpose');
    expect(describeSteps(m.pairs[0].tensors[0].steps)).toBe('IOHW → HWOI: transpose(2,3,1,0)');
    const w = f32(await torch.tensors[0].read()), k = f32(toB.get('up/kernel:0')!.bytes);
    expect(at(k, [2, 2, 3, 4], [1, 0, 2, 3])).toBe(at(w, [4, 3, 2, 2], [3, 2, 1, 0]));
  });

  it('depthwise Conv2d (groups = in, ×2) ↔ DepthwiseConv2D (kh, kw, I, m)', async () => {
    const torch = makeDoc('torch', [{ path: 'dw', kind: 'Conv2d', config: { in_channels: 8, out_channels: 16, groups: 8 }, tensors: [{ name: 'dw.weight', shape: [16, 1, 3, 3] }, { name: 'dw.bias', shape: [16] }] }]);
    const keras = makeDoc('keras', [{ path: 'depthwise_conv2d', kind: 'DepthwiseConv2D', tensors: [{ name: 'dw/depthwise_kernel:0', shape: [3, 3, 8, 2] }, { name: 'dw/bias:0', shape: [16] }] }]);
    const { m, toB } = await mapAndRoundTrip(torch, keras);
    expect(m.pairs[0].rule).toBe('depthwise-conv');
    const w = f32(await torch.tensors[0].read()), k = f32(toB.get('dw/depthwise_kernel:0')!.bytes);
    for (const [h, x, i, j] of [[0, 0, 0, 0], [2, 1, 5, 1], [1, 2, 7, 0]]) {
      expect(at(k, [3, 3, 8, 2], [h, x, i, j])).toBe(at(w, [16, 1, 3, 3], [i * 2 + j, 0, h, x]));
    }
  });

  it('grouped Conv2d (groups = 2) ↔ Conv2D groups = 2: (O, I/g, k…) ↔ (k…, I/g, O)', async () => {
    const torch = makeDoc('torch', [{ path: 'g', kind: 'Conv2d', config: { in_channels: 4, out_channels: 8, groups: 2, stride: [1, 1], padding: [1, 1], dilation: [1, 1] }, tensors: [{ name: 'g.weight', shape: [8, 2, 3, 3] }] }]);
    const keras = makeDoc('keras', [{ path: 'g', kind: 'Conv2D', config: { groups: 2, strides: [1, 1], padding: 'same', dilation_rate: [1, 1], use_bias: false }, tensors: [{ name: 'g/kernel:0', shape: [3, 3, 2, 8] }] }]);
    await mapAndRoundTrip(torch, keras);
  });

  it('reports stride and padding that change outputs', () => {
    const torch = makeDoc('torch', [{ path: 'c', kind: 'Conv2d', config: { stride: [2, 2], padding: [1, 1], dilation: [1, 1] }, tensors: [{ name: 'c.weight', shape: [4, 3, 3, 3] }] }]);
    const keras = makeDoc('keras', [{ path: 'c', kind: 'Conv2D', config: { strides: [2, 2], padding: 'same', use_bias: false }, tensors: [{ name: 'c/kernel:0', shape: [3, 3, 3, 4] }] }]);
    const p = autoMap(torch, keras).pairs[0];
    expect(p.status).toBe('needs-attention');
    expect(p.problems.map((x) => x.message).join()).toMatch(/'same' padding with stride 2,2: TensorFlow pads the extra pixel at the bottom\/right/);
  });
});

describe('dense rule', () => {
  it('Linear (out, in) ↔ Dense (in, out), with bias', async () => {
    const torch = makeDoc('torch', [{ path: 'fc', kind: 'Linear', tensors: [{ name: 'fc.weight', shape: [3, 5] }, { name: 'fc.bias', shape: [3] }] }]);
    const keras = makeDoc('keras', [{ path: 'dense', kind: 'Dense', tensors: [{ name: 'dense/kernel:0', shape: [5, 3] }, { name: 'dense/bias:0', shape: [3] }] }]);
    const { m, toB } = await mapAndRoundTrip(torch, keras);
    expect(describeSteps(m.pairs[0].tensors[0].steps)).toBe('(out,in) → (in,out): transpose(1,0)');
    const w = f32(await torch.tensors[0].read()), k = f32(toB.get('dense/kernel:0')!.bytes);
    expect(at(k, [5, 3], [4, 1])).toBe(at(w, [3, 5], [1, 4]));
  });

  it('without bias on both sides; a bias on one side only needs attention and names the tensor', async () => {
    const torch = makeDoc('torch', [{ path: 'fc', kind: 'Linear', tensors: [{ name: 'fc.weight', shape: [3, 5] }] }]);
    await mapAndRoundTrip(torch, makeDoc('keras', [{ path: 'dense', kind: 'Dense', config: { use_bias: false }, tensors: [{ name: 'dense/kernel:0', shape: [5, 3] }] }]));
    const withBias = makeDoc('keras', [{ path: 'dense', kind: 'Dense', tensors: [{ name: 'dense/kernel:0', shape: [5, 3] }, { name: 'dense/bias:0', shape: [3] }] }]);
    const p = autoMap(torch, withBias).pairs[0];
    expect(p.status).toBe('needs-attention');
    expect(p.problems[0]).toMatchObject({ code: 'unpaired-tensor', tensors: ['dense/bias:0'] });
    expect(p.problems[0].message).toMatch(/`dense\/bias:0` \(B, 3\) has no counterpart in `fc`/);
  });
});

describe('batchnorm and layernorm rules', () => {
  const bnTorch = (config: Record<string, unknown>) => makeDoc('torch', [{
    path: 'bn', kind: 'BatchNorm2d', config,
    tensors: ['weight', 'bias', 'running_mean', 'running_var'].map((r) => ({ name: `bn.${r}`, shape: [4] }))
      .concat([{ name: 'bn.num_batches_tracked', shape: [] }]),
  }]);
  const bnKeras = (config: Record<string, unknown>) => makeDoc('keras', [{
    path: 'batch_normalization', kind: 'BatchNormalization', config,
    tensors: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((r) => ({ name: `bn/${r}:0`, shape: [4] })),
  }]);

  it('four tensors copied, num_batches_tracked dropped, matching eps and momentum: ok both ways', async () => {
    const { m } = await mapAndRoundTrip(bnTorch({ eps: 1e-5, momentum: 0.1 }), bnKeras({ epsilon: 1e-5, momentum: 0.9 }));
    const p = m.pairs[0];
    expect(p.tensors.map((t) => [t.a[0], t.b[0]])).toEqual([
      ['bn.weight', 'bn/gamma:0'], ['bn.bias', 'bn/beta:0'], ['bn.running_mean', 'bn/moving_mean:0'], ['bn.running_var', 'bn/moving_variance:0']]);
    expect(p.dropped).toEqual([{ side: 'a', tensor: 'bn.num_batches_tracked', why: expect.stringMatching(/training counter/) }]);
    expect(p.problems).toEqual([]);
    expect(m.counts).toMatchObject({ tensorsA: 5, mappedA: 5, tensorsB: 4, mappedB: 4 });
  });

  it('reports torch eps 1e-5 vs Keras 1e-3 and momentum_keras ≠ 1 − momentum_torch', () => {
    const p = autoMap(bnTorch({ eps: 1e-5, momentum: 0.1 }), bnKeras({ epsilon: 1e-3, momentum: 0.99 })).pairs[0];
    expect(p.status).toBe('needs-attention');
    expect(p.problems.find((x) => x.code === 'eps')?.message).toMatch(/epsilon differs: `bn` \(torch\) eps = 0\.00001, `batch_normalization` \(Keras\) epsilon = 0\.001/);
    expect(p.problems.find((x) => x.code === 'momentum')?.message).toMatch(/momentum = 0\.1 means Keras momentum 0\.9, but .* momentum = 0\.99/);
  });

  it('a state_dict (no hyper-parameters) is compared with the torch defaults, and says so', () => {
    const p = autoMap(bnTorch({}), bnKeras({})).pairs[0];
    expect(p.problems.find((x) => x.code === 'eps')?.message).toMatch(/eps = 0\.00001 \(assumed: the file does not store it\)/);
  });

  it('LayerNorm ↔ LayerNormalization: weight/bias ↔ gamma/beta, epsilon compared', async () => {
    const torch = makeDoc('torch', [{ path: 'ln', kind: 'LayerNorm', config: { eps: 1e-5, normalized_shape: [6] }, tensors: [{ name: 'ln.weight', shape: [6] }, { name: 'ln.bias', shape: [6] }] }]);
    const keras = (eps: number) => makeDoc('keras', [{ path: 'ln', kind: 'LayerNormalization', config: { epsilon: eps }, tensors: [{ name: 'ln/gamma:0', shape: [6] }, { name: 'ln/beta:0', shape: [6] }] }]);
    await mapAndRoundTrip(torch, keras(1e-5));
    expect(autoMap(torch, keras(1e-3)).pairs[0].problems.map((x) => x.code)).toEqual(['eps']);
  });
});

describe('embedding and PReLU rules', () => {
  it('Embedding (num, dim) copied both ways', async () => {
    const torch = makeDoc('torch', [{ path: 'emb', kind: 'Embedding', tensors: [{ name: 'emb.weight', shape: [10, 4] }] }]);
    const keras = makeDoc('keras', [{ path: 'embedding', kind: 'Embedding', tensors: [{ name: 'embedding/embeddings:0', shape: [10, 4] }] }]);
    const { m } = await mapAndRoundTrip(torch, keras);
    expect(m.pairs[0].tensors[0].steps).toEqual([]);
  });

  it('PReLU (C,) ↔ (1, 1, C) with shared_axes: reshaped; one slope per position is incompatible', async () => {
    const torch = makeDoc('torch', [{ path: 'act', kind: 'PReLU', tensors: [{ name: 'act.weight', shape: [8] }] }]);
    const keras = (shape: number[]) => makeDoc('keras', [{ path: 'p_re_lu', kind: 'PReLU', tensors: [{ name: 'p/alpha:0', shape }] }]);
    const { m } = await mapAndRoundTrip(torch, keras([1, 1, 8]));
    expect(m.pairs[0].tensors[0].steps).toEqual([{ op: 'reshape', shape: [1, 1, 8] }]);
    const bad = autoMap(torch, keras([4, 4, 8])).pairs[0];
    expect(bad.status).toBe('incompatible');
    expect(bad.problems[0].message).toMatch(/has 128 slopes \(4×4×8\) but `act` \(torch\) has 8/);
  });
});

describe('no rule', () => {
  it('names the kind that has no rule and leaves both layers unmapped, listed', () => {
    const torch = makeDoc('torch', [{ path: 'attn', kind: 'MultiheadAttention', tensors: [{ name: 'attn.in_proj_weight', shape: [12, 4] }] }]);
    const keras = makeDoc('keras', [{ path: 'sep', kind: 'SeparableConv2D', tensors: [{ name: 'sep/depthwise_kernel:0', shape: [3, 3, 4, 1] }, { name: 'sep/pointwise_kernel:0', shape: [1, 1, 4, 8] }] }]);
    const m = autoMap(torch, keras);
    expect(m.pairs).toEqual([]);
    expect(m.status).toBe('incompatible');
    expect(m.unmappedA).toEqual([{ path: 'attn', kind: 'MultiheadAttention', tensors: ['attn.in_proj_weight'], why: 'no rule for MultiheadAttention' }]);
    expect(m.unmappedB[0].why).toBe('no rule for SeparableConv2D');
  });
});

describe('Keras weight names', () => {
  it('Keras 3 vars/<i> and Keras 1 <layer>_W names get their roles from the layer kind', async () => {
    const torch = makeDoc('torch', [
      { path: '0', kind: 'Linear', tensors: [{ name: '0.weight', shape: [4, 6] }, { name: '0.bias', shape: [4] }] },
      { path: '1', kind: 'Linear', tensors: [{ name: '1.weight', shape: [2, 4] }, { name: '1.bias', shape: [2] }] },
    ]);
    const keras = makeDoc('keras', [
      { path: 'dense', kind: 'Dense', tensors: [{ name: 'layers/dense/vars/0', shape: [6, 4] }, { name: 'layers/dense/vars/1', shape: [4] }] },
      { path: 'dense_1', kind: 'Dense', tensors: [{ name: 'model_weights/dense_1/dense_1_W:0', shape: [4, 2] }, { name: 'model_weights/dense_1/dense_1_b:0', shape: [2] }] },
    ]);
    const { m } = await mapAndRoundTrip(torch, keras);
    expect(m.pairs.flatMap((p) => p.tensors.map((t) => t.b[0]))).toEqual(['layers/dense/vars/0', 'layers/dense/vars/1', 'model_weights/dense_1/dense_1_W:0', 'model_weights/dense_1/dense_1_b:0']);
  });
});
