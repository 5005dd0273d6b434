#!/usr/bin/python3
"""Writes the mapping tests' own model pairs into tests/mapping/fixtures/.

Run with Debian's Python (python3-torch, h5py, numpy): /usr/bin/python3 tests/mapping/make_mapping_fixtures.py

Each pair is a real torch model saved with torch.save(model) and the same weights in the Keras 2
`model.save` HDF5 layout, written with h5py (no Keras involved). The Keras weights are computed
here with NumPy, independently of the TypeScript rules they check:

- cnn: Conv2d → BatchNorm2d → ReLU → MaxPool → depthwise Conv2d (groups = in, ×2) → Conv2d → ReLU
  → Flatten of a 16×4×4 map → Linear → PReLU → Linear without bias.
- rnn: Embedding → LSTM → GRU → Linear (a user class, forward not stored).

expected.json lists every tensor's shape and sha256 (contiguous little-endian bytes), and for cnn
an input and torch's output on it (eval mode), for tests that run the models.
"""
import hashlib
import json
import os

import h5py
import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')
EXPECTED = {}


def sha(a):
    a = np.ascontiguousarray(a)
    return hashlib.sha256(a.astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest()


def record(file, name, arr):
    EXPECTED.setdefault(file, {})[name] = {'shape': list(arr.shape), 'dtype': arr.dtype.name, 'sha256': sha(arr)}


def fixed(strings):
    return np.array([s.encode() for s in strings], dtype=f'S{max([len(s) for s in strings] + [1])}')


def layer(cls, name, **config):
    return {'class_name': cls, 'config': {'name': name, 'trainable': True, 'dtype': 'float32', **config}}


def write_keras(file, layers, weights):
    """Keras 2.13 model.save layout: weights at model_weights/<layer>/<layer>/<name>:0."""
    names = [l['config']['name'] for l in layers if l['class_name'] != 'InputLayer']
    config = {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}}
    with h5py.File(os.path.join(OUT, file), 'w') as f:
        f.attrs['keras_version'] = np.bytes_('2.13.1')
        f.attrs['backend'] = np.bytes_('tensorflow')
        f.attrs['model_config'] = np.bytes_(json.dumps(config))
        mw = f.create_group('model_weights')
        mw.attrs['layer_names'] = fixed(names)
        mw.attrs['keras_version'] = np.bytes_('2.13.1')
        mw.attrs['backend'] = np.bytes_('tensorflow')
        for lname in names:
            g = mw.create_group(lname)
            ws = weights.get(lname, [])
            g.attrs['weight_names'] = fixed([f'{lname}/{n}' for n, _ in ws]) if ws else np.array([], dtype='float64')
            for wname, arr in ws:
                arr = np.ascontiguousarray(arr, dtype=np.float32)
                g.create_dataset(f'{lname}/{wname}', data=arr)
                record(file, f'model_weights/{lname}/{lname}/{wname}', arr)


def record_torch(file, model):
    for k, v in model.state_dict().items():
        record(file, k, v.detach().numpy())


def randomise(model):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.5)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.1)
                m.running_var.copy_(torch.rand_like(m.running_var) + 0.5)
                m.num_batches_tracked.fill_(12)


def cnn():
    torch.manual_seed(5)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8, eps=1e-5, momentum=0.1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1, groups=8), nn.Conv2d(16, 16, 3), nn.ReLU(), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 32), nn.PReLU(32), nn.Linear(32, 10, bias=False),
    )
    randomise(model)
    model.eval()
    torch.save(model, os.path.join(OUT, 'cnn.pt'))
    record_torch('cnn.pt', model)
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    x = torch.randn(1, 3, 12, 12)
    with torch.no_grad():
        y = model(x)
    EXPECTED['cnn.io'] = {'input_nchw': x.numpy().ravel().tolist(), 'input_shape': [1, 3, 12, 12],
                          'output': y.numpy().ravel().tolist(), 'output_shape': list(y.shape)}
    # The Keras twin, converted with NumPy.
    dense_rows = sd['8.weight'].reshape(32, 16, 4, 4).transpose(0, 2, 3, 1).reshape(32, 256).T  # C,H,W → H,W,C rows
    weights = {
        'conv2d': [('kernel:0', sd['0.weight'].transpose(2, 3, 1, 0)), ('bias:0', sd['0.bias'])],
        'batch_normalization': [('gamma:0', sd['1.weight']), ('beta:0', sd['1.bias']),
                                ('moving_mean:0', sd['1.running_mean']), ('moving_variance:0', sd['1.running_var'])],
        'depthwise_conv2d': [('depthwise_kernel:0', sd['4.weight'].transpose(2, 3, 0, 1).reshape(3, 3, 8, 2)), ('bias:0', sd['4.bias'])],
        'conv2d_1': [('kernel:0', sd['5.weight'].transpose(2, 3, 1, 0)), ('bias:0', sd['5.bias'])],
        'dense': [('kernel:0', dense_rows), ('bias:0', sd['8.bias'])],
        'p_re_lu': [('alpha:0', sd['9.weight'])],
        'dense_1': [('kernel:0', sd['10.weight'].T)],
    }
    layers = [
        layer('InputLayer', 'input_1', batch_input_shape=[None, 12, 12, 3], sparse=False, ragged=False),
        layer('Conv2D', 'conv2d', filters=8, kernel_size=[3, 3], strides=[1, 1], padding='same', data_format='channels_last',
              dilation_rate=[1, 1], groups=1, activation='linear', use_bias=True),
        layer('BatchNormalization', 'batch_normalization', axis=[3], momentum=0.9, epsilon=1e-5, center=True, scale=True),
        layer('ReLU', 're_lu'),
        layer('MaxPooling2D', 'max_pooling2d', pool_size=[2, 2], strides=[2, 2], padding='valid'),
        layer('DepthwiseConv2D', 'depthwise_conv2d', kernel_size=[3, 3], strides=[1, 1], padding='same', depth_multiplier=2,
              dilation_rate=[1, 1], activation='linear', use_bias=True),
        layer('Conv2D', 'conv2d_1', filters=16, kernel_size=[3, 3], strides=[1, 1], padding='valid', data_format='channels_last',
              dilation_rate=[1, 1], groups=1, activation='relu', use_bias=True),
        layer('Flatten', 'flatten', data_format='channels_last'),
        layer('Dense', 'dense', units=32, activation='linear', use_bias=True),
        layer('PReLU', 'p_re_lu', shared_axes=None),
        layer('Dense', 'dense_1', units=10, activation='linear', use_bias=False),
    ]
    write_keras('cnn.keras-layout.h5', layers, weights)


class RNNNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.gru = nn.GRU(6, 5, batch_first=True)
        self.head = nn.Linear(5, 3)


def rnn():
    torch.manual_seed(6)
    model = RNNNet()
    randomise(model)
    torch.save(model, os.path.join(OUT, 'rnn.pt'))
    record_torch('rnn.pt', model)
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    h = 5
    zrn = np.concatenate([np.arange(h, 2 * h), np.arange(0, h), np.arange(2 * h, 3 * h)])  # r,z,n → z,r,n
    weights = {
        'embedding': [('embeddings:0', sd['embed.weight'])],
        'lstm': [('lstm_cell/kernel:0', sd['lstm.weight_ih_l0'].T), ('lstm_cell/recurrent_kernel:0', sd['lstm.weight_hh_l0'].T),
                 ('lstm_cell/bias:0', sd['lstm.bias_ih_l0'] + sd['lstm.bias_hh_l0'])],
        'gru': [('gru_cell/kernel:0', sd['gru.weight_ih_l0'][zrn].T), ('gru_cell/recurrent_kernel:0', sd['gru.weight_hh_l0'][zrn].T),
                ('gru_cell/bias:0', np.stack([sd['gru.bias_ih_l0'][zrn], sd['gru.bias_hh_l0'][zrn]]))],
        'dense': [('kernel:0', sd['head.weight'].T), ('bias:0', sd['head.bias'])],
    }
    layers = [
        layer('InputLayer', 'input_1', batch_input_shape=[None, 7], sparse=False, ragged=False),
        layer('Embedding', 'embedding', input_dim=20, output_dim=8),
        layer('LSTM', 'lstm', units=6, activation='tanh', recurrent_activation='sigmoid', use_bias=True, return_sequences=True),
        layer('GRU', 'gru', units=5, activation='tanh', recurrent_activation='sigmoid', use_bias=True, reset_after=True),
        layer('Dense', 'dense', units=3, activation='linear', use_bias=True),
    ]
    write_keras('rnn.keras-layout.h5', layers, weights)


def main():
    os.makedirs(OUT, exist_ok=True)
    cnn()
    rnn()
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(EXPECTED, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
