#!/usr/bin/python3
"""Writes the project's own small Keras-layout and safetensors fixtures into tests/fixtures/keras/.

Run with Debian's Python (h5py + numpy): /usr/bin/python3 tests/keras/make_keras_fixtures.py

No Keras is involved: each file imitates, with h5py, the exact layout a Keras version writes
(checked against the real files in ../shared/fixtures/real). Weights are seeded random numbers,
so the outputs are reproducible. expected.json records, per file, the facts the tests check and
each tensor's shape, dtype, float64 sum and sha256 of its contiguous little-endian bytes.
"""
import base64
import hashlib
import io
import json
import os
import struct
import zipfile

import h5py
import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'keras')
rng = np.random.default_rng(20251123)
EXPECTED = {}


def w(*shape, dtype='float32'):
    return rng.standard_normal(shape).astype(dtype)


def le_bytes(a):
    a = np.ascontiguousarray(a)
    return a.astype(a.dtype.newbyteorder('<')).tobytes()


def record(file, name, arr, group='model', raw=None):
    data = raw if raw is not None else le_bytes(arr)
    EXPECTED.setdefault(file, {'tensors': {}})['tensors'][name] = {
        'shape': list(arr.shape), 'dtype': 'bool' if arr.dtype == np.bool_ else arr.dtype.name,
        'sum': float(np.asarray(arr, dtype=np.float64).sum()), 'sha256': hashlib.sha256(data).hexdigest(), 'group': group,
    }


def facts(file, **kw):
    EXPECTED.setdefault(file, {'tensors': {}}).update(kw)


def fixed(strings):
    """Fixed-length byte strings (h5py 'S'), as Keras 2 writes layer_names/weight_names."""
    return np.array([s.encode() for s in strings], dtype=f'S{max([len(s) for s in strings] + [1])}')


def layer(cls, name, **config):
    return {'class_name': cls, 'config': {'name': name, 'trainable': True, 'dtype': 'float32', **config}}


FAKE_BYTECODE = base64.encodebytes(b'\xe3' + bytes(range(40)) * 3).decode()  # not real bytecode, never decoded


# --- Keras 2 model.save('x.h5'), Sequential, fixed-length string attributes --------------------------
def keras2_sequential():
    name = 'k2-sequential.h5'
    layers = [
        layer('InputLayer', 'conv2d_input', batch_input_shape=[None, 8, 8, 3], sparse=False, ragged=False),
        layer('Lambda', 'lambda', function=[FAKE_BYTECODE, None, None], function_type='lambda', output_shape=None,
              output_shape_type='raw', module='__main__', arguments={}),
        layer('Conv2D', 'conv2d', filters=4, kernel_size=[3, 3], strides=[1, 1], padding='same', activation='relu', use_bias=True),
        layer('BatchNormalization', 'batch_normalization', axis=[3], momentum=0.99, epsilon=0.001, center=True, scale=True),
        layer('MaxPooling2D', 'max_pooling2d', pool_size=[2, 2], strides=[2, 2], padding='valid'),
        layer('Flatten', 'flatten'),
        layer('Dense', 'dense', units=3, activation='softmax', use_bias=True),
    ]
    config = {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}}
    weights = {
        'conv2d': [('conv2d/kernel:0', w(3, 3, 3, 4)), ('conv2d/bias:0', w(4))],
        'batch_normalization': [(f'batch_normalization/{n}:0', w(4)) for n in ('gamma', 'beta', 'moving_mean', 'moving_variance')],
        'dense': [('dense/kernel:0', w(64, 3)), ('dense/bias:0', w(3))],
    }
    names = ['lambda', 'conv2d', 'batch_normalization', 'max_pooling2d', 'flatten', 'dense']
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        f.attrs['keras_version'] = np.bytes_('2.13.1')
        f.attrs['backend'] = np.bytes_('tensorflow')
        f.attrs['model_config'] = np.bytes_(json.dumps(config))
        f.attrs['training_config'] = np.bytes_(json.dumps({'loss': 'mse', 'optimizer_config': {'class_name': 'Adam', 'config': {'learning_rate': 0.001}}}))
        mw = f.create_group('model_weights')
        mw.attrs['layer_names'] = fixed(names)
        mw.attrs['keras_version'] = np.bytes_('2.13.1')
        mw.attrs['backend'] = np.bytes_('tensorflow')
        for lname in names:
            g = mw.create_group(lname)
            ws = weights.get(lname, [])
            g.attrs['weight_names'] = fixed([n for n, _ in ws]) if ws else np.array([], dtype='float64')
            for wname, arr in ws:
                g.create_dataset(wname, data=arr)
                record(name, f'model_weights/{lname}/{wname}', arr)
        opt = f.create_group('optimizer_weights')
        it = np.array(7, dtype='int64')
        m = w(3, 3, 3, 4)
        opt.attrs['weight_names'] = fixed(['Adam/iter:0', 'Adam/conv2d/kernel/m:0'])
        opt.create_dataset('Adam/iter:0', data=it)
        opt.create_dataset('Adam/conv2d/kernel/m:0', data=m)
        record(name, 'optimizer_weights/Adam/iter:0', it, 'optimizer')
        record(name, 'optimizer_weights/Adam/conv2d/kernel/m:0', m, 'optimizer')
    facts(name, format='keras-h5', version='2.13.1', layers=7, params=108 + 4 + 16 + 192 + 3, kinds={'conv2d': 'Conv2D', 'lambda': 'Lambda'})


# --- Keras 2 Functional: vlen strings, split layer_names, shared layer, nested model, custom class,
#     a big-endian kernel and a float16 one ------------------------------------------------------------
def keras2_functional():
    name = 'k2-functional.h5'
    def node(*srcs):
        return [[[s, i, 0, {}] for s, i in srcs]]
    inner = {'class_name': 'Sequential', 'config': {'name': 'tower', 'layers': [
        layer('Dense', 'tower_dense', units=4, activation='relu', use_bias=True),
        layer('Dense', 'tower_out', units=2, use_bias=False),
    ]}, 'name': 'tower', 'inbound_nodes': [[['in_a', 0, 0, {}]], [['in_b', 0, 0, {}]]]}
    layers = [
        {**layer('InputLayer', 'in_a', batch_input_shape=[None, 5]), 'name': 'in_a', 'inbound_nodes': []},
        {**layer('InputLayer', 'in_b', batch_input_shape=[None, 5]), 'name': 'in_b', 'inbound_nodes': []},
        inner,
        {**layer('Concatenate', 'concatenate', axis=-1), 'name': 'concatenate', 'inbound_nodes': node(('tower', 0), ('tower', 1))},
        {'class_name': 'MyBlock', 'config': {'name': 'my_block', 'trainable': True}, 'name': 'my_block', 'inbound_nodes': node(('concatenate', 0))},
        {**layer('Dense', 'head', units=2, use_bias=True), 'name': 'head', 'inbound_nodes': node(('my_block', 0))},
    ]
    config = {'class_name': 'Functional', 'config': {'name': 'model', 'layers': layers,
              'input_layers': [['in_a', 0, 0], ['in_b', 0, 0]], 'output_layers': [['head', 0, 0]]}}
    big_endian = w(5, 4).astype('>f4')
    weights = {
        'tower': [('tower_dense/kernel:0', big_endian), ('tower_dense/bias:0', w(4)), ('tower_out/kernel:0', w(4, 2))],
        'my_block': [('my_block/dense/kernel:0', w(4, 4)), ('my_block/dense/bias:0', w(4)), ('my_block/dense_1/kernel:0', w(4, 4))],
        'head': [('head/kernel:0', w(4, 2, dtype='float16')), ('head/bias:0', w(2, dtype='float16'))],
    }
    names = ['in_a', 'in_b', 'tower', 'concatenate', 'my_block', 'head']
    vlen = h5py.string_dtype()
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        f.attrs['keras_version'] = '2.9.0'
        f.attrs['backend'] = 'tensorflow'
        f.attrs['model_config'] = json.dumps(config)
        mw = f.create_group('model_weights')
        # Keras splits attributes over 64 KB into layer_names0, layer_names1, …: imitated here.
        mw.attrs.create('layer_names0', np.array(names[:3], dtype=object), dtype=vlen)
        mw.attrs.create('layer_names1', np.array(names[3:], dtype=object), dtype=vlen)
        for lname in names:
            g = mw.create_group(lname)
            ws = weights.get(lname, [])
            if ws:
                g.attrs.create('weight_names', np.array([n for n, _ in ws], dtype=object), dtype=vlen)
            else:
                g.attrs['weight_names'] = np.array([], dtype='float64')
            for wname, arr in ws:
                g.create_dataset(wname, data=arr)
                record(name, f'model_weights/{lname}/{wname}', arr)
    facts(name, format='keras-h5', version='2.9.0', layers=6, params=20 + 4 + 8 + 16 + 4 + 16 + 8 + 2,
          kinds={'tower': 'Sequential', 'my_block': 'MyBlock'}, inputs={'concatenate': ['tower'], 'tower': ['in_a', 'in_b']})


# --- Keras 1 Sequential: bare-list config, Convolution2D with W/b names, no backend attribute ---------
def keras1_sequential():
    name = 'k1-sequential.h5'
    layers = [
        {'class_name': 'Convolution2D', 'config': {'name': 'convolution2d_1', 'nb_filter': 2, 'nb_row': 3, 'nb_col': 3,
                                                   'border_mode': 'valid', 'dim_ordering': 'tf', 'batch_input_shape': [None, 6, 6, 1]}},
        {'class_name': 'Flatten', 'config': {'name': 'flatten_1'}},
        {'class_name': 'Dense', 'config': {'name': 'dense_1', 'output_dim': 2}},
    ]
    weights = {'convolution2d_1': [('convolution2d_1_W:0', w(3, 3, 1, 2)), ('convolution2d_1_b:0', w(2))],
               'dense_1': [('dense_1_W:0', w(32, 2)), ('dense_1_b:0', w(2))]}
    names = ['convolution2d_1', 'flatten_1', 'dense_1']
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        f.attrs['keras_version'] = np.bytes_('1.2.2')
        f.attrs['model_config'] = np.bytes_(json.dumps({'class_name': 'Sequential', 'config': layers}))
        mw = f.create_group('model_weights')
        mw.attrs['layer_names'] = fixed(names)
        for lname in names:
            g = mw.create_group(lname)
            ws = weights.get(lname, [])
            g.attrs['weight_names'] = fixed([n for n, _ in ws]) if ws else np.array([], dtype='float64')
            for wname, arr in ws:
                g.create_dataset(wname, data=arr)
                record(name, f'model_weights/{lname}/{wname}', arr)
    facts(name, format='keras-h5', version='1.2.2', layers=3, params=18 + 2 + 64 + 2, kinds={'convolution2d_1': 'Convolution2D'})


# --- Keras 3 writing the legacy .h5: no ':0', the model's scope in names, Keras 3 config style,
#     and a 512-byte user block before the HDF5 superblock ------------------------------------------------
def keras3_legacy():
    name = 'k3-legacy.h5'
    policy = {'module': 'keras', 'class_name': 'DTypePolicy', 'config': {'name': 'float32'}, 'registered_name': None}
    def k3(cls, lname, **config):
        return {'module': 'keras.layers', 'class_name': cls, 'config': {'name': lname, 'trainable': True, 'dtype': policy, **config},
                'registered_name': None, 'build_config': {'input_shape': [None, 6]}}
    layers = [
        {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 6], 'dtype': 'float32', 'sparse': False, 'name': 'input_layer'}, 'registered_name': None},
        k3('Dense', 'dense', units=4, activation='relu', use_bias=True),
        k3('Dense', 'dense_1', units=1, use_bias=True),
    ]
    config = {'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 'sequential', 'trainable': True, 'dtype': policy, 'layers': layers}, 'registered_name': None}
    weights = {'dense': [('sequential/dense/kernel', w(6, 4)), ('sequential/dense/bias', w(4))],
               'dense_1': [('sequential/dense_1/kernel', w(4, 1)), ('sequential/dense_1/bias', w(1))]}
    names = ['dense', 'dense_1']
    vlen = h5py.string_dtype()
    with h5py.File(os.path.join(OUT, name), 'w', userblock_size=512) as f:
        f.attrs['keras_version'] = '3.14.0'
        f.attrs['backend'] = 'jax'
        f.attrs['model_config'] = json.dumps(config)
        mw = f.create_group('model_weights')
        mw.attrs.create('layer_names', np.array(names, dtype=object), dtype=vlen)
        for lname in names + ['top_level_model_weights']:
            g = mw.create_group(lname)
            ws = weights.get(lname, [])
            if ws:
                g.attrs.create('weight_names', np.array([n for n, _ in ws], dtype=object), dtype=vlen)
            else:
                g.attrs['weight_names'] = np.array([], dtype='float64')
            for wname, arr in ws:
                g.create_dataset(wname, data=arr)
                record(name, f'model_weights/{lname}/{wname}', arr)
    facts(name, format='keras-h5', version='3.14.0', layers=3, params=24 + 4 + 4 + 1, kinds={'dense': 'Dense'})


# --- Keras 2 save_weights('x.h5') and the model JSON that fills in its architecture -------------------
def keras2_weights_only():
    name = 'k2-weights.h5'
    layers = [
        layer('Conv2D', 'conv2d', filters=2, kernel_size=[3, 3], activation='tanh', use_bias=True, batch_input_shape=[None, 6, 6, 1]),
        layer('Flatten', 'flatten'),
        layer('Dense', 'fc', units=3, use_bias=True),
    ]
    weights = {'conv2d': [('conv2d/kernel:0', w(3, 3, 1, 2)), ('conv2d/bias:0', w(2))],
               'fc': [('fc/kernel:0', w(32, 3)), ('fc/bias:0', w(3))]}
    names = ['conv2d', 'flatten', 'fc']
    with h5py.File(os.path.join(OUT, name), 'w') as f:
        f.attrs['keras_version'] = np.bytes_('2.2.4')
        f.attrs['backend'] = np.bytes_('tensorflow')
        f.attrs['layer_names'] = fixed(names)
        for lname in names:
            g = f.create_group(lname)
            ws = weights.get(lname, [])
            g.attrs['weight_names'] = fixed([n for n, _ in ws]) if ws else np.array([], dtype='float64')
            for wname, arr in ws:
                g.create_dataset(wname, data=arr)
                record(name, f'{lname}/{wname}', arr)
    with open(os.path.join(OUT, 'k2-weights.model.json'), 'w') as fh:
        json.dump({'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': layers}, 'keras_version': '2.2.4', 'backend': 'tensorflow'}, fh)
    facts(name, format='keras-weights-h5', version='2.2.4', layers=3, params=18 + 2 + 96 + 3, kinds={'conv2d': 'Conv2D', 'fc': 'Dense'})


def v3_vars(h5, path, arrays, file, attrs=None):
    g = h5.require_group(path)
    for k, v in (attrs or {}).items():
        g.attrs[k] = v
    for i, arr in enumerate(arrays):
        g.create_dataset(str(i), data=arr)
        record(file, f'{path}/{i}', arr, 'optimizer' if path.startswith('optimizer') else 'model')


# --- Keras 3 .keras zip (Functional: two inputs, Embedding + LSTM, a nested Sequential, BN),
#     model.weights.h5 deflated inside the zip -------------------------------------------------------------
def keras3_zip():
    name = 'k3-functional.keras'
    def k3(cls, lname, inputs, module='keras.layers', **config):
        entry = {'module': module, 'class_name': cls, 'config': {'name': lname, 'trainable': True, **config}, 'registered_name': None, 'name': lname}
        entry['inbound_nodes'] = [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': [None], 'dtype': 'float32', 'keras_history': [i, 0, 0]}} for i in inputs], 'kwargs': {}}] if inputs else []
        return entry
    encoder = {'module': 'keras', 'class_name': 'Sequential', 'name': 'encoder', 'registered_name': None,
               'config': {'name': 'encoder', 'trainable': True, 'layers': [
                   {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 8, 8, 1], 'name': 'input_layer'}, 'registered_name': None},
                   {'module': 'keras.layers', 'class_name': 'Conv2D', 'config': {'name': 'conv', 'filters': 2, 'kernel_size': [3, 3], 'use_bias': True}, 'registered_name': None},
                   {'module': 'keras.layers', 'class_name': 'BatchNormalization', 'config': {'name': 'bn', 'center': True, 'scale': True}, 'registered_name': None},
                   {'module': 'keras.layers', 'class_name': 'GlobalAveragePooling2D', 'config': {'name': 'gap'}, 'registered_name': None},
               ]},
               'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config': {'keras_history': ['image', 0, 0]}}], 'kwargs': {'mask': None}}]}
    layers = [
        k3('InputLayer', 'tokens', [], batch_shape=[None, 5], dtype='int32'),
        k3('InputLayer', 'image', [], batch_shape=[None, 8, 8, 1]),
        k3('Embedding', 'embed', ['tokens'], input_dim=20, output_dim=6),
        k3('LSTM', 'lstm', ['embed'], units=4, use_bias=True),
        encoder,
        k3('Dense', 'head', ['lstm'], units=3, use_bias=True),
        k3('Concatenate', 'concatenate', ['head', 'encoder'], axis=-1),
        k3('Dense', 'out', ['concatenate'], units=1, use_bias=True),
    ]
    config = {'module': 'keras.src.models.functional', 'class_name': 'Functional', 'registered_name': 'Functional',
              'config': {'name': 'functional', 'trainable': True, 'layers': layers,
                         'input_layers': [['tokens', 0, 0], ['image', 0, 0]], 'output_layers': [['out', 0, 0]]},
              'compile_config': {'optimizer': 'adam', 'loss': 'mse'}}
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as h5:
        for empty in ('layers/input_layer/vars', 'layers/input_layer_1/vars', 'layers/concatenate/vars', 'layers/lstm/vars',
                      'layers/sequential/vars', 'layers/sequential/layers/global_average_pooling2d/vars', 'vars'):
            h5.require_group(empty)
        v3_vars(h5, 'layers/embedding/vars', [w(20, 6)], name)
        v3_vars(h5, 'layers/lstm/cell/vars', [w(6, 16), w(4, 16), w(16)], name)
        v3_vars(h5, 'layers/sequential/layers/conv2d/vars', [w(3, 3, 1, 2), w(2)], name)
        v3_vars(h5, 'layers/sequential/layers/batch_normalization/vars', [w(2), w(2), w(2), w(2)], name)
        v3_vars(h5, 'layers/dense/vars', [w(4, 3), w(3)], name)
        v3_vars(h5, 'layers/dense_1/vars', [w(5, 1), w(1)], name)
        v3_vars(h5, 'optimizer/vars', [np.array(3, dtype='int64'), np.array(0.001, dtype='float32')] + [w(2) for _ in range(11)], name, {'name': 'adam'})
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for entry, data in (('metadata.json', json.dumps({'keras_version': '3.5.0', 'date_saved': '2025-11-23@12:00:00'})),
                            ('config.json', json.dumps(config)), ('model.weights.h5', buf.getvalue())):
            # a fixed timestamp keeps the output byte-identical from run to run
            z.writestr(zipfile.ZipInfo(entry, date_time=(2025, 11, 23, 12, 0, 0)), data, zipfile.ZIP_DEFLATED)
    facts(name, format='keras-zip', version='3.5.0', layers=8, params=120 + 96 + 64 + 16 + 18 + 2 + 8 + 12 + 3 + 5 + 1,
          kinds={'encoder': 'Sequential', 'lstm': 'LSTM'}, inputs={'concatenate': ['head', 'encoder'], 'encoder': ['image']})


# --- Keras 3 wrappers: TimeDistributed(Dense) and Bidirectional(GRU), stored under attribute groups ----
def keras3_wrappers():
    name = 'k3-wrappers.keras'
    def k3(cls, lname, **config):
        return {'module': 'keras.layers', 'class_name': cls, 'config': {'name': lname, 'trainable': True, **config}, 'registered_name': None}
    gru = {'module': 'keras.layers', 'class_name': 'GRU', 'config': {'name': 'forward_gru', 'units': 3, 'reset_after': True, 'use_bias': True}, 'registered_name': None}
    layers = [
        {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 7, 4], 'name': 'input_layer'}, 'registered_name': None},
        k3('TimeDistributed', 'per_step', layer={'module': 'keras.layers', 'class_name': 'Dense', 'config': {'name': 'dense', 'units': 2}, 'registered_name': None}),
        k3('Bidirectional', 'bi', layer=gru, merge_mode='concat'),
    ]
    config = {'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 'sequential', 'trainable': True, 'layers': layers}, 'registered_name': None}
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as h5:
        for empty in ('layers/time_distributed/vars', 'layers/bidirectional/vars', 'vars'):
            h5.require_group(empty)
        v3_vars(h5, 'layers/time_distributed/layer/vars', [w(4, 2), w(2)], name)
        for side in ('forward_layer', 'backward_layer'):
            v3_vars(h5, f'layers/bidirectional/{side}/cell/vars', [w(2, 9), w(3, 9), w(2, 9)], name)
    with zipfile.ZipFile(os.path.join(OUT, name), 'w', zipfile.ZIP_STORED) as z:
        for entry, data in (('metadata.json', json.dumps({'keras_version': '3.14.0'})), ('config.json', json.dumps(config)), ('model.weights.h5', buf.getvalue())):
            z.writestr(zipfile.ZipInfo(entry, date_time=(2025, 11, 23, 12, 0, 0)), data, zipfile.ZIP_STORED)
    facts(name, format='keras-zip', version='3.14.0', layers=3, params=10 + 2 * 63,
          kinds={'per_step': 'TimeDistributed', 'bi': 'Bidirectional', 'forward_layer': 'GRU', 'backward_layer': 'GRU'})


# --- Keras 3 save_weights('x.weights.h5'): no attributes, recognised by its groups --------------------
def keras3_weights():
    name = 'k3-sequential.weights.h5'
    with h5py.File(os.path.join(OUT, name), 'w') as h5:
        h5.require_group('layers/flatten/vars')
        v3_vars(h5, 'layers/dense/vars', [w(12, 4), w(4)], name, {'name': 'dense'})
        v3_vars(h5, 'layers/batch_normalization/vars', [w(4), w(4), w(4), w(4)], name)
        v3_vars(h5, 'vars', [], name, {'name': 'sequential'})
    facts(name, format='keras3-weights-h5', version=None, layers=3, params=48 + 4 + 16, kinds={'dense': 'Dense', 'batch_normalization': 'BatchNormalization'})


# --- safetensors: several dtypes, __metadata__, a space-padded header ----------------------------------
def safetensors():
    name = 'tiny.safetensors'
    tensors = {
        'encoder.layers.0.weight': w(4, 3), 'encoder.layers.0.bias': w(4),
        'encoder.norm.weight': w(4, dtype='float16'), 'embed.weight': w(6, 4, dtype='float64'),
        'steps': np.array([5, -2], dtype='int64'), 'mask': np.array([True, False, True]), 'codes': np.arange(5, dtype='uint8'),
    }
    bf16 = (w(2, 2).view(np.uint32) >> 16).astype(np.uint16)
    header, blobs, offset = {'__metadata__': {'format': 'pt', 'source': 'make_keras_fixtures'}}, [], 0
    codes = {'float32': 'F32', 'float16': 'F16', 'float64': 'F64', 'int64': 'I64', 'bool': 'BOOL', 'uint8': 'U8'}
    for tname, arr in tensors.items():
        data = le_bytes(arr)
        header[tname] = {'dtype': codes[arr.dtype.name], 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
        record(name, tname, arr)
    data = le_bytes(bf16)
    header['head.weight'] = {'dtype': 'BF16', 'shape': [2, 2], 'data_offsets': [offset, offset + len(data)]}
    blobs.append(data)
    as_float = (bf16.astype(np.uint32) << 16).view(np.float32)
    record(name, 'head.weight', as_float, raw=data)
    EXPECTED[name]['tensors']['head.weight']['dtype'] = 'bfloat16'
    text = json.dumps(header).encode()
    text += b' ' * (-len(text) % 8)
    with open(os.path.join(OUT, name), 'wb') as fh:
        fh.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
    facts(name, format='safetensors', metadata=header['__metadata__'])


# --- an HDF5 file that is not a Keras file at all (for the error message) ------------------------------
def not_keras():
    with h5py.File(os.path.join(OUT, 'not-keras.h5'), 'w') as f:
        f.attrs['instrument'] = 'spectrometer'
        f.create_dataset('entry/data', data=np.arange(6, dtype='int32').reshape(2, 3))


def main():
    os.makedirs(OUT, exist_ok=True)
    for make in (keras2_sequential, keras2_functional, keras1_sequential, keras3_legacy, keras2_weights_only, keras3_zip, keras3_wrappers, keras3_weights, safetensors):
        make()
    not_keras()
    with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
        json.dump(EXPECTED, fh, indent=1, sort_keys=True)
        fh.write('\n')
    print('wrote', ', '.join(sorted(os.listdir(OUT))))


if __name__ == '__main__':
    main()
