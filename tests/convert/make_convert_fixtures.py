#!/usr/bin/python3
"""Writes the conversion tests' own torch models into tests/convert/fixtures/.

Run with Debian's Python (python3-torch): /usr/bin/python3 tests/convert/make_convert_fixtures.py

Each model is an nn.Sequential saved whole (torch.save(model)) with a <name>.ref.json holding an
input and torch's output on it (eval mode), for the torch → Keras .h5 conversion tests:

- flatnet: Conv2d(stride 2, padding 1) (needs ZeroPadding2D + 'valid' in Keras), BatchNorm2d(eps=1e-3),
  ReLU6, depthwise Conv2d ('same'), LeakyReLU, AvgPool2d(padding=1) (ZeroPadding2D + AveragePooling2D),
  MaxPool2d, Flatten of an 8×3×3 map (the first Dense's rows are permuted), Dropout, Linear, Sigmoid,
  Linear, Softmax. Input 1×3×20×20.
- gapnet: dilated Conv2d, ELU, AdaptiveAvgPool2d(1), Flatten, Linear, Tanh. Input 1×3×16×16.
"""
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures')


def randomise(model):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn_like(p) * 0.3)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.1)
                m.running_var.copy_(torch.rand_like(m.running_var) + 0.5)
                m.num_batches_tracked.fill_(7)


def save(name, model, shape):
    randomise(model)
    model.eval()
    torch.save(model, os.path.join(OUT, f'{name}.pt'))
    x = torch.rand(*shape)
    with torch.no_grad():
        y = model(x)
    ref = {'model': name, 'produced_by': f'torch {torch.__version__}, tests/convert/make_convert_fixtures.py',
           'input_layout': 'NCHW', 'input_shape': list(x.shape), 'input': x.ravel().tolist(),
           'output_shape': list(y.shape), 'output': y.ravel().tolist()}
    with open(os.path.join(OUT, f'{name}.ref.json'), 'w') as f:
        json.dump(ref, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    save('flatnet', nn.Sequential(
        nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8, eps=1e-3), nn.ReLU6(),
        nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.LeakyReLU(0.1),
        nn.AvgPool2d(2, padding=1), nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.2),
        nn.Linear(72, 16), nn.Sigmoid(), nn.Linear(16, 5), nn.Softmax(dim=1)), (1, 3, 20, 20))
    save('gapnet', nn.Sequential(
        nn.Conv2d(3, 4, 3, dilation=2), nn.ELU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3), nn.Tanh()), (1, 3, 16, 16))


if __name__ == '__main__':
    main()
