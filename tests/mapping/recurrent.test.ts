import { describe, expect, it } from 'vitest';
import { autoMap } from '../../src/core/mapping';
import { counting, makeDoc } from './helpers';
import { applied, f32, mapAndRoundTrip, withValues } from './roundtrip';

const IN = 3, H = 2;
const small = (n: number, seed: number): Float32Array => counting(n, seed).map((v) => v / 10);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function torchRnn(kind: 'LSTM' | 'GRU' | 'RNN', gates: number, extra: string[] = []) {
  const t = (name: string, shape: number[], seed: number) => ({ name: `rnn.${name}`, shape, values: small(shape.reduce((a, b) => a * b, 1), seed) });
  return makeDoc('torch', [{
    path: 'rnn', kind, config: { num_layers: extra.length ? 2 : 1 },
    tensors: [t('weight_ih_l0', [gates * H, IN], 1), t('weight_hh_l0', [gates * H, H], 2), t('bias_ih_l0', [gates * H], 3), t('bias_hh_l0', [gates * H], 4),
      ...extra.map((e, i) => t(e, e.startsWith('weight') ? [gates * H, H] : [gates * H], 10 + i))],
  }]);
}

function kerasRnn(kind: string, gates: number, config: Record<string, unknown> = {}, biasShape = [gates * H]) {
  return makeDoc('keras', [{
    path: 'rnn', kind, config,
    tensors: [{ name: 'rnn/cell/kernel:0', shape: [IN, gates * H] }, { name: 'rnn/cell/recurrent_kernel:0', shape: [H, gates * H] }, { name: 'rnn/cell/bias:0', shape: biasShape }],
  }]);
}

const x = Float64Array.of(0.3, -0.2, 0.5), h0 = Float64Array.of(0.1, -0.4);
const dotRow = (w: ArrayLike<number>, row: number, v: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < v.length; i++) s += w[row * v.length + i] * v[i]; return s; };
const dotCol = (v: ArrayLike<number>, k: ArrayLike<number>, col: number, width: number): number => { let s = 0; for (let i = 0; i < v.length; i++) s += v[i] * k[i * width + col]; return s; };

describe('GRU rule', () => {
  it('swaps gate blocks r,z,n ↔ z,r,h, keeps both biases as rows of (2, 3H), and both layouts compute the same step', async () => {
    const torch = torchRnn('GRU', 3), keras = kerasRnn('GRU', 3, { reset_after: true }, [2, 3 * H]);
    const { m, toB } = await mapAndRoundTrip(torch, keras);
    expect(m.pairs[0].rule).toBe('gru');
    const v = async (n: string) => f32(await torch.tensors.find((t) => t.name === `rnn.${n}`)!.read());
    const [wih, whh, bih, bhh] = await Promise.all(['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map(v));
    const k = f32(toB.get('rnn/cell/kernel:0')!.bytes), rk = f32(toB.get('rnn/cell/recurrent_kernel:0')!.bytes), b = f32(toB.get('rnn/cell/bias:0')!.bytes);
    // torch, gates r,z,n
    const tg = (g: number, j: number) => ({ i: dotRow(wih, g * H + j, x) + bih[g * H + j], h: dotRow(whh, g * H + j, h0) + bhh[g * H + j] });
    const torchStep = Array.from({ length: H }, (_, j) => {
      const r = sigmoid(tg(0, j).i + tg(0, j).h), z = sigmoid(tg(1, j).i + tg(1, j).h);
      const n = Math.tanh(tg(2, j).i + r * tg(2, j).h);
      return (1 - z) * n + z * h0[j];
    });
    // Keras reset_after=True, gates z,r,h; bias rows [input; recurrent]
    const kg = (g: number, j: number) => ({ i: dotCol(x, k, g * H + j, 3 * H) + b[g * H + j], h: dotCol(h0, rk, g * H + j, 3 * H) + b[3 * H + g * H + j] });
    const kerasStep = Array.from({ length: H }, (_, j) => {
      const z = sigmoid(kg(0, j).i + kg(0, j).h), r = sigmoid(kg(1, j).i + kg(1, j).h);
      const hh = Math.tanh(kg(2, j).i + r * kg(2, j).h);
      return z * h0[j] + (1 - z) * hh;
    });
    kerasStep.forEach((y, j) => expect(y).toBeCloseTo(torchStep[j], 12));
  });

  it('reset_after=False cannot be converted exactly, and says why', () => {
    const p = autoMap(torchRnn('GRU', 3), kerasRnn('GRU', 3, { reset_after: false })).pairs[0];
    expect(p.status).toBe('incompatible');
    expect(p.problems.find((x) => x.code === 'reset-after')!.message).toMatch(/reset_after=False: it applies the reset gate before the recurrent kernel/);
  });
});

describe('LSTM and SimpleRNN rules', () => {
  it('LSTM: kernels transposed, bias = b_ih + b_hh; Keras → torch puts it all in b_ih and −0.0 in b_hh', async () => {
    const torch = torchRnn('LSTM', 4), keras = kerasRnn('LSTM', 4, { activation: 'tanh', recurrent_activation: 'sigmoid' });
    const lossy = ['rnn.bias_ih_l0', 'rnn.bias_hh_l0'];
    const { m, toB, back } = await mapAndRoundTrip(torch, keras, { lossy });
    expect(m.pairs[0].problems.map((p) => p.code)).toEqual(['bias-split']);
    const [bih, bhh] = await Promise.all(lossy.map(async (n) => f32(await torch.tensors.find((t) => t.name === n)!.read())));
    const bias = f32(toB.get('rnn/cell/bias:0')!.bytes);
    expect([...bias]).toEqual([...bih].map((v, i) => Math.fround(v + bhh[i])));
    expect([...f32(back.get('rnn.bias_ih_l0')!.bytes)]).toEqual([...bias]);
    expect([...f32(back.get('rnn.bias_hh_l0')!.bytes)].every((v) => Object.is(v, -0))).toBe(true);
  });

  it('options.rnnBiasSplit = recurrent puts the bias into b_hh instead', async () => {
    const keras = kerasRnn('LSTM', 4);
    const m = autoMap(keras, torchRnn('LSTM', 4), { rnnBiasSplit: 'recurrent' });
    const out = await applied(m, keras, 'a-to-b');
    expect([...f32(out.get('rnn.bias_ih_l0')!.bytes)].every((v) => Object.is(v, -0))).toBe(true);
    expect([...f32(out.get('rnn.bias_hh_l0')!.bytes)]).toEqual([...f32(await keras.tensors[2].read())]);
  });

  it('stacked or bidirectional torch LSTMs are named, not guessed at', () => {
    const p = autoMap(torchRnn('LSTM', 4, ['weight_ih_l1', 'weight_hh_l1', 'bias_ih_l1', 'bias_hh_l1']), kerasRnn('LSTM', 4)).pairs[0];
    expect(p.status).toBe('incompatible');
    expect(p.problems[0].message).toMatch(/is stacked \(num_layers = 2; one Keras LSTM per torch layer\): no rule maps it onto one Keras LSTM layer yet/);
    expect(p.problems.filter((x) => x.code === 'unpaired-tensor')).toEqual([]);
  });

  it('Keras ≤ 2.2 hard_sigmoid gates need attention', () => {
    const p = autoMap(torchRnn('LSTM', 4), kerasRnn('LSTM', 4, { recurrent_activation: 'hard_sigmoid' })).pairs[0];
    expect(p.status).toBe('needs-attention');
    expect(p.problems.find((x) => x.code === 'activation')!.message).toMatch(/recurrent_activation 'hard_sigmoid' where torch gates use sigmoid/);
  });

  it('SimpleRNN ↔ RNN: one gate, the same transposes and bias sum', async () => {
    const torch = torchRnn('RNN', 1), keras = kerasRnn('SimpleRNN', 1);
    const { m } = await mapAndRoundTrip(torch, keras, { lossy: ['rnn.bias_ih_l0', 'rnn.bias_hh_l0'] });
    expect(m.pairs[0].rule).toBe('rnn');
  });

  it('CuDNNLSTM keeps both biases side by side (8H): stacked, not added, so both ways are exact', async () => {
    const { m } = await mapAndRoundTrip(torchRnn('LSTM', 4), kerasRnn('CuDNNLSTM', 4, {}, [8 * H]));
    expect(m.pairs[0].tensors[2].steps).toEqual([{ op: 'stack' }, { op: 'reshape', shape: [8 * H] }]);
  });

  it('an LSTM step gives the same output with the converted Keras weights (torch → Keras → torch)', async () => {
    const torch = torchRnn('LSTM', 4), keras = kerasRnn('LSTM', 4);
    const m = autoMap(torch, keras);
    const kv = await applied(m, torch, 'a-to-b');
    const k = f32(kv.get('rnn/cell/kernel:0')!.bytes), rk = f32(kv.get('rnn/cell/recurrent_kernel:0')!.bytes), b = f32(kv.get('rnn/cell/bias:0')!.bytes);
    const back = await applied(m, withValues(keras, kv), 'b-to-a');
    const t = (n: string) => f32(back.get(`rnn.${n}`)!.bytes);
    const [wih, whh, bih, bhh] = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map(t);
    const c0 = [0.2, -0.1];
    for (let j = 0; j < H; j++) {
      const gt = (g: number) => dotRow(wih, g * H + j, x) + dotRow(whh, g * H + j, h0) + bih[g * H + j] + bhh[g * H + j];
      const gk = (g: number) => dotCol(x, k, g * H + j, 4 * H) + dotCol(h0, rk, g * H + j, 4 * H) + b[g * H + j];
      const cell = (g: (n: number) => number) => sigmoid(g(1)) * c0[j] + sigmoid(g(0)) * Math.tanh(g(2));
      const out = (g: (n: number) => number) => sigmoid(g(3)) * Math.tanh(cell(g));
      expect(out(gk)).toBeCloseTo(out(gt), 12);
    }
  });
});
