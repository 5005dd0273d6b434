import { describe, expect, it } from 'vitest';
import { autoMap, type MapOptions } from '../../src/core/mapping';
import { counting, makeDoc, type LayerSpec } from './helpers';
import { applied, f32, mapAndRoundTrip } from './roundtrip';

const C = 16, H = 4, W = 4, OUT = 10, IN = C * H * W;

function torchDoc(withFlatten: boolean) {
  const layers: LayerSpec[] = [
    { path: 'features.0', kind: 'Conv2d', tensors: [{ name: 'features.0.weight', shape: [C, 3, 3, 3] }, { name: 'features.0.bias', shape: [C] }] },
    { path: 'features.1', kind: 'ReLU' },
    ...(withFlatten ? [{ path: 'flatten', kind: 'Flatten' }] : []),
    { path: 'fc', kind: 'Linear', tensors: [{ name: 'fc.weight', shape: [OUT, IN] }, { name: 'fc.bias', shape: [OUT] }] },
  ];
  return makeDoc('torch', layers);
}

function kerasDoc(flatten: 'channels_last' | 'channels_first' | 'absent') {
  return makeDoc('keras', [
    { path: 'input_1', kind: 'InputLayer', config: { batch_input_shape: [null, 6, 6, 3] } },
    { path: 'conv2d', kind: 'Conv2D', config: { padding: 'valid' }, tensors: [{ name: 'conv2d/kernel:0', shape: [3, 3, 3, C] }, { name: 'conv2d/bias:0', shape: [C] }] },
    ...(flatten === 'absent' ? [] : [{ path: 'flatten', kind: 'Flatten', config: { data_format: flatten } }]),
    { path: 'dense', kind: 'Dense', tensors: [{ name: 'dense/kernel:0', shape: [IN, OUT] }, { name: 'dense/bias:0', shape: [OUT] }] },
  ]);
}

/** torch: y[o] = Σ W[o][c·HW + h·W + w] · x[c][h][w], with plain loops. */
function torchDense(wt: Float32Array, xChw: Float32Array): number[] {
  const y: number[] = [];
  for (let o = 0; o < OUT; o++) {
    let s = 0;
    for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) s += wt[o * IN + c * H * W + h * W + w] * xChw[c * H * W + h * W + w];
    y.push(s);
  }
  return y;
}

/** Keras: the same features in H,W,C order, y[o] = Σ x[(h·W + w)·C + c] · K[(h·W + w)·C + c][o]. */
function kerasDense(k: Float32Array, xChw: Float32Array): number[] {
  const xHwc = new Float32Array(IN);
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) xHwc[(h * W + w) * C + c] = xChw[c * H * W + h * W + w];
  const y: number[] = [];
  for (let o = 0; o < OUT; o++) {
    let s = 0;
    for (let j = 0; j < IN; j++) s += xHwc[j] * k[j * OUT + o];
    y.push(s);
  }
  return y;
}

describe('Linear after a Flatten of a 16×4×4 map', () => {
  it('permutes the kernel rows C,H,W → H,W,C so both layouts give the same dense output', async () => {
    const torch = torchDoc(true), keras = kerasDoc('channels_last');
    const { m, toB } = await mapAndRoundTrip(torch, keras);
    const pair = m.pairs.find((p) => p.a === 'fc')!;
    expect(pair.rule).toBe('dense-after-flatten');
    expect(pair.tensors[0].steps).toEqual([
      { op: 'transpose', perm: [1, 0], from: '(out,in)', to: '(in,out)' },
      { op: 'flattenRows', axis: 0, channels: C, spatial: [H * W], order: 'chw-to-hwc' },
    ]);
    const wt = f32(await torch.tensors.find((t) => t.name === 'fc.weight')!.read());
    const k = f32(toB.get('dense/kernel:0')!.bytes);
    const x = counting(IN, 5);
    expect(kerasDense(k, x)).toEqual(torchDense(wt, x));
    // Without the row permutation the outputs differ: the permutation is what makes them agree.
    const plain = await applied(autoMap(torch, keras, { flatten: { fc: 'none' } }), torch, 'a-to-b');
    expect(kerasDense(f32(plain.get('dense/kernel:0')!.bytes), x)).not.toEqual(torchDense(wt, x));
  });

  it('Keras → torch gives back the torch kernel from a Keras one', async () => {
    const { m } = await mapAndRoundTrip(kerasDoc('channels_last'), torchDoc(true));
    expect(m.pairs.find((p) => p.a === 'dense')!.tensors[0].steps).toEqual([
      { op: 'flattenRows', axis: 0, channels: C, spatial: [H * W], order: 'hwc-to-chw' },
      { op: 'transpose', perm: [1, 0], from: '(in,out)', to: '(out,in)' },
    ]);
  });

  it('a Flatten on one side is enough evidence', () => {
    expect(autoMap(torchDoc(false), kerasDoc('channels_last')).status).toBe('ok');
    expect(autoMap(torchDoc(true), kerasDoc('absent')).status).toBe('ok');
  });

  it('a channels_first Keras Flatten keeps torch order: no permutation', () => {
    const m = autoMap(torchDoc(true), kerasDoc('channels_first'));
    const pair = m.pairs.find((p) => p.a === 'fc')!;
    expect(pair.tensors[0].steps).toHaveLength(1);
    expect(pair.problems.map((p) => p.severity)).toEqual(['info']);
  });

  it('asks for the feature map when neither file shows a Flatten, and takes the answer as an option', () => {
    const torch = torchDoc(false), keras = kerasDoc('absent');
    const asked = autoMap(torch, keras).pairs.find((p) => p.a === 'fc')!;
    expect(asked.status).toBe('needs-attention');
    const q = asked.problems.find((p) => p.question)!;
    expect(q.question).toEqual({ option: 'flatten', layer: 'fc', assumed: { channels: C, spatial: [H * W] } });
    expect(q.message).toMatch(/flattened 16×H×W output of `features\.0` \(H·W = 16\)\? neither file shows a Flatten layer/);

    const answer = (flatten: MapOptions['flatten']) => autoMap(torch, keras, { flatten }).pairs.find((p) => p.a === 'fc')!;
    const yes = answer({ fc: { channels: C, spatial: [H, W] } });
    expect(yes.status).toBe('ok');
    expect(yes.tensors[0].steps[1]).toEqual({ op: 'flattenRows', axis: 0, channels: C, spatial: [H, W], order: 'chw-to-hwc' });
    const no = answer({ dense: 'none' }); // keyed by either side's path
    expect(no.status).toBe('ok');
    expect(no.tensors[0].steps).toHaveLength(1);
    const wrong = answer({ fc: { channels: 8, spatial: [4, 4] } });
    expect(wrong.status).toBe('incompatible');
    expect(wrong.problems[0].message).toMatch(/8×4×4, has 128 elements but the layer reads 256 features/);
  });
});
