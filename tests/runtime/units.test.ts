import { describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/core/viz/npy';
import {
  alignTo, compareLayers, compareOutputs, randomSample, sampleFor, sampleFromNpy, sampleFromRefJson, toLayout,
  type Activation, type InputSpec,
} from '../../src/core/runtime';
import { normaliseKerasConfig } from '../../src/core/runtime/keras/normaliseConfig';
import { kerasInput } from '../../src/core/runtime/keras/kerasInput';
import { parseExpr, parseStatement, literal, type PyExpr } from '../../src/core/runtime/torch/pyExpr';
import { poolOut } from '../../src/core/runtime/torch/modules/pool';
import { opStep } from '../../src/core/runtime/torch/torchscriptOps';

const spec = (shape: number[], layout: string, extra: Partial<InputSpec> = {}): InputSpec =>
  ({ shape, layout, dtype: 'float32', editable: [0], note: '', ...extra });

describe('samples', () => {
  it('a seed names a sample: same seed, same values; uniform in [0, 1)', () => {
    const a = randomSample(spec([1, 3, 4, 4], 'NCHW'), { seed: 7 });
    const b = randomSample(spec([1, 3, 4, 4], 'NCHW'), { seed: 7 });
    const c = randomSample(spec([1, 3, 4, 4], 'NCHW'), { seed: 8 });
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    expect(Math.min(...a.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.data)).toBeLessThan(1);
  });

  it('normal samples have mean ≈ 0 and std ≈ 1; token ids stay below the vocabulary', () => {
    const n = Array.from(randomSample(spec([1, 20000], 'NC'), { seed: 1, distribution: 'normal' }).data);
    const mean = n.reduce((s, x) => s + x, 0) / n.length;
    const std = Math.sqrt(n.reduce((s, x) => s + (x - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    const ids = randomSample({ ...spec([2, 50], 'NL'), dtype: 'int32', vocab: 7 }, { seed: 2 });
    expect(ids.data).toBeInstanceOf(Int32Array);
    expect(Math.max(...ids.data)).toBeLessThan(7);
  });

  it('the same values reach an NHWC model, moved: x[n, c, h, w] = y[n, h, w, c]', () => {
    const s = randomSample(spec([1, 2, 3, 4], 'NCHW'), { seed: 3 });
    const k = sampleFor(s, spec([1, 3, 4, 2], 'NHWC'));
    expect(k.shape).toEqual([1, 3, 4, 2]);
    expect(k.data[(1 * 4 + 2) * 2 + 1]).toBe(s.data[(1 * 3 + 1) * 4 + 2]);
    expect(() => sampleFor(s, spec([1, 5, 5, 2], 'NHWC'))).toThrow(/expects \[1, 5, 5, 2\]/);
  });

  it('editable axes may differ; a leading Flatten takes any shape of the right size', () => {
    const s = randomSample(spec([4, 1, 9, 7], 'NCHW'), { seed: 0 });
    expect(sampleFor(s, { ...spec([1, 1, 28, 28], 'NCHW'), editable: [0, 2, 3] }).shape).toEqual([4, 1, 9, 7]);
    expect(sampleFor(s, { ...spec([1, 63], 'NC'), anyRank: true }).shape).toEqual([4, 1, 9, 7]);
  });

  it('reads ref.json and .npy inputs', () => {
    const r = sampleFromRefJson({ input_shape: [1, 2], input: [0.5, 1.5], input_layout: 'NC' });
    expect(Array.from(r.data)).toEqual([0.5, 1.5]);
    const tokens = sampleFromRefJson({ input_shape: [1, 2], input: [3, 4], input_layout: 'tokens', input_dtype: 'int64' });
    expect(tokens).toMatchObject({ dtype: 'int32', layout: 'NL' });
    const npy = encodeNpy('float32', [1, 2, 2], new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer));
    const fromNpy = sampleFromNpy(npy, 'NLC');
    expect(fromNpy).toMatchObject({ shape: [1, 2, 2], layout: 'NLC' });
    expect(sampleFromNpy(npy, 'NCHW').layout).toBe('NCL'); // other rank: torch's convention
  });
});

describe('layouts and comparison', () => {
  it('aligns HWC-flattened Keras features with CHW-flattened torch ones', () => {
    const chw = Float32Array.from({ length: 12 }, (_, i) => i); // C=3, H=2, W=2
    const hwc = toLayout(chw, [1, 3, 2, 2], 'NCHW', 'NHWC').data;
    const a = { data: chw, shape: [1, 12], layout: 'NC', flatFrom: { shape: [3, 2, 2], layout: 'CHW' } };
    const b = { data: hwc, shape: [1, 12], layout: 'NC', flatFrom: { shape: [2, 2, 3], layout: 'HWC' } };
    expect(Array.from(alignTo(a, b)!.data)).toEqual(Array.from(chw));
    expect(compareOutputs(a, b).maxAbs).toBe(0);
  });

  it('outputs of different shapes are incomparable, not a match', () => {
    const c = compareOutputs({ data: new Float32Array(3), shape: [1, 3], layout: 'NC' }, { data: new Float32Array(4), shape: [1, 4], layout: 'NC' });
    expect(c.verdict).toBe('incomparable');
  });

  it('a NaN is a difference', () => {
    const c = compareOutputs({ data: Float32Array.of(1, 2), shape: [1, 2], layout: 'NC' }, { data: Float32Array.of(1, NaN), shape: [1, 2], layout: 'NC' });
    expect(c.verdict).toBe('differ');
  });

  it('segment mode compares each weighted layer at the end of the stretch it starts', () => {
    const act = (path: string, parametrised: boolean, v: number): Activation =>
      ({ path, kind: '', parametrised, shape: [1, 1], layout: 'NC', data: Float32Array.of(v) });
    const A = [act('conv', true, 1), act('relu', false, 2), act('fc', true, 3)];
    const B = [act('c', true, 2), act('f', true, 3.5)];
    const l = compareLayers(A, B, [['conv', 'c'], ['fc', 'f']]);
    expect(l.rows.map((r) => r.comparedA)).toEqual(['relu', 'fc']);
    expect(l.rows[0].ok).toBe(true);
    expect(l.firstDivergent).toBe(1);
  });
});

describe('torch arithmetic', () => {
  it('pooling output sizes follow torch (ceil_mode drops a window that would start in the padding)', () => {
    expect(poolOut(19, 3, 2, 1, 1, true)).toBe(10);
    expect(poolOut(5, 2, 2, 0, 1, true)).toBe(3);
    expect(poolOut(5, 2, 2, 1, 1, true)).toBe(3); // ceil alone gives 4, but a 4th window would start at 6 ≥ 5 + 1
    expect(poolOut(28, 2, 2, 0, 1, false)).toBe(14);
  });
});

describe('TorchScript code', () => {
  it('parses the statements traced code is made of', () => {
    const st = parseStatement('input0 = torch._convolution(input, weight, bias, [1, 1], [2, 2], [1, 1], False, [0, 0], 1, False, False, True, True)');
    expect(st.t).toBe('assign');
    const call = st.value as Extract<typeof st.value, { t: 'call' }>;
    expect(call.args.slice(3).map(literal)).toEqual([[1, 1], [2, 2], [1, 1], false, [0, 0], 1, false, false, true, true]);
    expect(parseExpr('(_1).forward((_0).forward(input, ), )').t).toBe('call');
    expect(literal(parseExpr('1.0000000000000001e-05'))).toBeCloseTo(1e-5, 12);
    expect(parseStatement('return torch.gelu(x, approximate="tanh")').t).toBe('return');
  });

  it('maps ops to module configs', () => {
    const argsOf = (src: string): PyExpr[] => (parseExpr(src) as Extract<PyExpr, { t: 'call' }>).args;
    const conv = argsOf('torch._convolution(x, w, b, [2, 2], [1, 0], [1, 1], True, [1, 0], 3, False, False, True, True)');
    expect(opStep('_convolution', conv, {}, 'ConvTranspose2d')).toEqual({
      kind: 'ConvTranspose2d', config: { stride: [2, 2], padding: [1, 0], dilation: [1, 1], output_padding: [1, 0], groups: 3, padding_mode: 'zeros' },
    });
    const pool = argsOf('torch.avg_pool2d(x, [3, 3], [2, 2], [1, 1], True, False)');
    expect(opStep('avg_pool2d', pool, {}, '')?.config).toMatchObject({ ceil_mode: true, count_include_pad: false, divisor_override: null });
    expect(opStep('slice', [], {}, '')).toBeUndefined();
  });
});

describe('Keras config normalisation', () => {
  it('rewrites a Keras 1 Convolution2D and Dense', () => {
    const { config } = normaliseKerasConfig({
      class_name: 'Sequential',
      config: [
        { class_name: 'Convolution2D', config: { name: 'c', nb_filter: 4, nb_row: 3, nb_col: 2, subsample: [2, 2], border_mode: 'same', dim_ordering: 'tf', bias: true, init: 'glorot_uniform', batch_input_shape: [null, 8, 8, 1] } },
        { class_name: 'Dropout', config: { name: 'd', p: 0.5 } },
        { class_name: 'Dense', config: { name: 'f', output_dim: 3 } },
      ],
    });
    const layers = (config.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
    expect(layers[0]).toMatchObject({ class_name: 'Conv2D', config: { filters: 4, kernel_size: [3, 2], strides: [2, 2], padding: 'same', data_format: 'channels_last', use_bias: true } });
    expect(layers[1].config.rate).toBe(0.5);
    expect(layers[2].config.units).toBe(3);
  });

  it('rewrites Keras 3 inputs, dtype policies and inbound nodes', () => {
    const tensor = (name: string, node: number) => ({ class_name: '__keras_tensor__', config: { keras_history: [name, node, 0] } });
    const { config } = normaliseKerasConfig({
      class_name: 'Functional', module: 'keras',
      config: {
        name: 'f', input_layers: { x: ['x', 0, 0] }, output_layers: ['add', 0, 0],
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_shape: [null, 4], name: 'x' }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'd', module: 'keras.layers', config: { name: 'd', units: 4, dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } } }, inbound_nodes: [{ args: [tensor('x', 0)], kwargs: {} }] },
          { class_name: 'Add', name: 'add', config: { name: 'add' }, inbound_nodes: [{ args: [[tensor('d', 0), tensor('x', 0)]], kwargs: {} }] },
        ],
      },
    });
    const c = config.config as Record<string, unknown> & { layers: Record<string, unknown>[] };
    expect(c.input_layers).toEqual([['x', 0, 0]]);
    expect(c.output_layers).toEqual([['add', 0, 0]]);
    expect(c.layers[0].config).toMatchObject({ batch_input_shape: [null, 4] });
    expect((c.layers[1].config as Record<string, unknown>).dtype).toBe('float32');
    expect(c.layers[2].inbound_nodes).toEqual([[['d', 0, 0, {}], ['x', 0, 0, {}]]]);
    expect(kerasInput(config)).toMatchObject({ shape: [1, 4], layout: 'NC' });
  });

  it('names each layer tfjs cannot build', () => {
    const { unsupported } = normaliseKerasConfig({
      class_name: 'Sequential',
      config: { layers: [{ class_name: 'Lambda', config: { name: 'l' } }, { class_name: 'MyLayer', config: { name: 'm' } }] },
    });
    expect(unsupported).toEqual([
      'layer "l" (Lambda) is a Lambda layer: its Python function is stored as bytecode, which is never run',
      'layer "m" (MyLayer) is a custom class whose computation is Python code not stored in the file',
    ]);
  });
});
