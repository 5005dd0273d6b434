import { describe, expect, it } from 'vitest';
import { keyParams, layerSummary } from '../../src/app/lib/layerSummary';

describe('layerSummary', () => {
  it('says what Keras layers are in one line', () => {
    expect(layerSummary('Conv2D', { filters: 32, kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu' }))
      .toBe('32 · 3×3 · same · relu');
    expect(layerSummary('Conv2D', { filters: 24, kernel_size: [5, 5], strides: [2, 2], padding: 'valid', activation: 'elu', dilation_rate: [1, 1] }))
      .toBe('24 · 5×5 · stride 2×2 · valid · elu');
    expect(layerSummary('Dense', { units: 128, activation: 'relu' })).toBe('128 · relu');
    expect(layerSummary('Dense', { units: 10, activation: 'linear' })).toBe('10');
    expect(layerSummary('MaxPooling2D', { pool_size: [2, 2], strides: [2, 2], padding: 'valid' })).toBe('2×2 · valid');
    expect(layerSummary('Dropout', { rate: 0.5 })).toBe('rate 0.5');
    expect(layerSummary('Embedding', { input_dim: 20, output_dim: 6 })).toBe('20 → 6');
    expect(layerSummary('LSTM', { units: 4, activation: 'tanh', return_sequences: true })).toBe('4 · tanh · sequences');
    expect(layerSummary('InputLayer', { batch_shape: [null, 28, 28, 1] })).toBe('28×28×1');
    expect(layerSummary('Bidirectional', { layer: { class_name: 'GRU', config: { name: 'forward_gru', units: 3 } } })).toBe('GRU');
  });

  it('reads Keras 1 and PyTorch configs too', () => {
    expect(layerSummary('Convolution2D', { nb_filter: 2, nb_row: 3, nb_col: 3, border_mode: 'valid' })).toBe('2 · 3×3 · valid');
    expect(layerSummary('Conv2d', { in_channels: 1, out_channels: 6, kernel_size: [5, 5], stride: [1, 1], padding: [2, 2] }))
      .toBe('1 → 6 · 5×5 · pad 2×2');
    expect(layerSummary('AvgPool2d', { kernel_size: 2, stride: 2, padding: 0 })).toBe('2');
    expect(layerSummary('Linear', { in_features: 120, out_features: 84 })).toBe('120 → 84');
    expect(layerSummary('Tanh', {})).toBe('');
  });

  it('puts the key hyper-parameters first, names for serialized objects', () => {
    const keys = keyParams({
      name: 'conv', dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } }, activation: { class_name: 'function', config: 'relu' },
      padding: 'same', kernel_size: [3, 3], filters: 8, use_bias: true,
    });
    expect(keys.map((k) => k.key)).toEqual(['filters', 'kernel_size', 'padding', 'activation', 'use_bias']);
    expect(keys.map((k) => k.text)).toEqual(['8', '3×3', 'same', 'relu', 'True']);
  });
});
