#!/usr/bin/python3
"""Independent checks of Weightbridge's converted files, with real torch, h5py and numpy.

Run with Debian's Python (python3-torch 1.13, h5py, numpy): /usr/bin/python3 oracle.py COMMAND ARGS...
Every command prints one JSON object on stdout. Nothing here imports Weightbridge code: the
Keras forward pass is computed in numpy from the file's own model_config, torch models by torch.

  check-env                          {"ok": true} when torch, h5py and numpy import
  torch-run FILE REF [--weights-only] [--arch lenet5|cnn] [--nhwc-input]
                                     loads FILE with torch.load (or torch.jit.load), runs it on REF's input
                                     (a state_dict goes into the named architecture, keys by order) →
                                     {"max_abs", "output"}
  keras-run H5 REF                   numpy forward of the Keras Sequential in H5 on REF's input (NHWC) → {"max_abs", "output"}
  h5-compare A B                     structure, dtypes, shapes and attributes of two HDF5 files
                                     → {"same_structure", "differences", "changed_datasets"}
  h5-list H5                         {"attrs", "groups", "datasets": {path: [shape, dtype]}, "layer_names", "weight_names"}
  torch-hashes FILE [--weights-only] sha256 of every tensor torch.load finds (state_dict, module, checkpoint) → {name: sha}
  save-as-dtype SRC OUT DTYPE        torch.save(torch.load(SRC).to(float16|bfloat16), OUT): a target file in another precision
  zip-compare A B                    {"same_names", "same_pkl", "same_entries", "changed_entries", "stored" (data/ entries),
                                      "same_methods" (each entry compressed as in A), "aligned_64" (data/ entries of B)}
  safetensors-read FILE              parsed with json + numpy → {"metadata", "tensors": {name: {dtype, shape, sha256}}, "aligned"}
"""
import hashlib
import json
import struct
import sys
import zipfile


def out(obj):
    print(json.dumps(obj))


def sha(a):
    import numpy as np
    a = np.ascontiguousarray(a)
    return hashlib.sha256(a.astype(a.dtype.newbyteorder('<')).tobytes()).hexdigest()


def check_env():
    try:
        import torch  # noqa: F401
        import h5py  # noqa: F401
        import numpy  # noqa: F401
        out({'ok': True, 'torch': torch.__version__})
    except Exception as e:  # noqa: BLE001
        out({'ok': False, 'why': str(e)})


# ---------------------------------------------------------------- torch

def architecture(name):
    from torch import nn
    if name == 'lenet5':
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(16, 120, 5), nn.Tanh(), nn.Flatten(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10), nn.Softmax(dim=1))
    if name == 'cnn':
        return nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1, groups=8), nn.Conv2d(16, 16, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(256, 32), nn.PReLU(32), nn.Linear(32, 10, bias=False))
    raise SystemExit(f'unknown architecture {name}')


def ref_input(ref, nhwc_to_nchw):
    import torch
    x = torch.tensor(ref['input'], dtype=torch.float32).reshape(ref['input_shape'])
    if nhwc_to_nchw:
        x = x.permute(0, 3, 1, 2).contiguous()
    return x


def load_any(path, weights_only):
    import torch
    scripted = False
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            scripted = any(n.endswith('/constants.pkl') or '/code/' in n for n in z.namelist())
    if scripted:
        return torch.jit.load(path)
    return torch.load(path, map_location='cpu', weights_only=weights_only)


def torch_run(path, ref_path, flags):
    import torch
    ref = json.load(open(ref_path))
    obj = load_any(path, '--weights-only' in flags)
    if isinstance(obj, dict):
        arch = flags[flags.index('--arch') + 1]
        model = architecture(arch)
        sd = obj.get('model_state_dict', obj)
        own = model.state_dict()
        if len(own) != len(sd):
            raise SystemExit(f'{len(sd)} tensors for an architecture with {len(own)}')
        model.load_state_dict({k: v for k, v in zip(own.keys(), sd.values())})
    else:
        model = obj
    model.eval()
    nhwc = ref.get('input_layout') == 'NHWC'
    with torch.no_grad():
        y = model(ref_input(ref, nhwc)).numpy().ravel()
    import numpy as np
    out({'max_abs': float(np.max(np.abs(y - np.array(ref['output'], dtype=np.float32)))), 'output': y.tolist()})


def torch_hashes(path, flags):
    import torch
    obj = load_any(path, '--weights-only' in flags)
    found = {}

    def walk(v, name):
        if isinstance(v, torch.Tensor):
            found[name] = sha(v.detach().numpy() if v.dtype != torch.bfloat16 else v.view(torch.int16).numpy())
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, f'{name}.{k}' if name else str(k))
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                walk(x, f'{name}.{i}' if name else str(i))
        elif isinstance(v, torch.nn.Module) or hasattr(v, 'state_dict'):
            walk(v.state_dict(), name)
    walk(obj, '')
    out(found)


def save_as_dtype(src, dst, dtype):
    import torch
    model = torch.load(src, map_location='cpu', weights_only=False)
    torch.save(model.to(getattr(torch, dtype)), dst)
    out({'ok': True})


# ---------------------------------------------------------------- Keras in numpy

def conv2d(x, k, strides, dilation, padding, groups=1, depthwise=False):
    import numpy as np
    kh, kw = k.shape[0], k.shape[1]
    dh, dw = dilation
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if padding == 'same':
        ph, pw = eh - 1, ew - 1
        x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    n, h, w, c = x.shape
    oh, ow = (h - eh) // strides[0] + 1, (w - ew) // strides[1] + 1
    cols = np.stack([x[:, i * dh:i * dh + (oh - 1) * strides[0] + 1:strides[0], j * dw:j * dw + (ow - 1) * strides[1] + 1:strides[1], :]
                     for i in range(kh) for j in range(kw)], axis=3)  # n, oh, ow, kh*kw, c
    if depthwise:
        m = k.shape[3]
        y = np.einsum('nhwkc,kcm->nhwcm', cols, k.reshape(kh * kw, c, m))
        return y.reshape(n, oh, ow, c * m)
    cin = c // groups
    outs = []
    for g in range(groups):
        kg = k[:, :, :, g * (k.shape[3] // groups):(g + 1) * (k.shape[3] // groups)]
        outs.append(np.einsum('nhwkc,kco->nhwo', cols[..., g * cin:(g + 1) * cin], kg.reshape(kh * kw, cin, -1)))
    return np.concatenate(outs, axis=3)


def pool(x, size, strides, kind):
    import numpy as np
    n, h, w, c = x.shape
    oh, ow = (h - size[0]) // strides[0] + 1, (w - size[1]) // strides[1] + 1
    wins = np.stack([x[:, i:i + (oh - 1) * strides[0] + 1:strides[0], j:j + (ow - 1) * strides[1] + 1:strides[1], :]
                     for i in range(size[0]) for j in range(size[1])], axis=0)
    return wins.max(axis=0) if kind == 'max' else wins.mean(axis=0)


def activation(x, name):
    import numpy as np
    if name in (None, 'linear'):
        return x
    if name == 'relu':
        return np.maximum(x, 0)
    if name == 'tanh':
        return np.tanh(x)
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-x))
    if name == 'elu':
        return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))
    if name == 'softmax':
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise SystemExit(f'activation {name} not in the oracle')


def keras_run(path, ref_path):
    import h5py
    import numpy as np
    ref = json.load(open(ref_path))
    with h5py.File(path, 'r') as f:
        raw = f.attrs['model_config']
        config = json.loads(raw.decode() if hasattr(raw, 'decode') else raw)
        weights = {}
        for lname in f['model_weights'].attrs['layer_names']:
            lname = lname.decode()
            g = f['model_weights'][lname]
            names = [n.decode() for n in g.attrs['weight_names']] if len(g.attrs['weight_names']) else []
            weights[lname] = {n.split('/')[-1].split(':')[0]: np.array(g[n], dtype=np.float64) for n in names}
    x = np.array(ref['input'], dtype=np.float64).reshape(ref['input_shape'])
    if ref.get('input_layout', 'NCHW') == 'NCHW' and x.ndim == 4:
        x = x.transpose(0, 2, 3, 1)
    for layer in config['config']['layers']:
        cls, c = layer['class_name'], layer['config']
        w = weights.get(c['name'], {})
        if cls == 'InputLayer' or cls == 'Dropout':
            continue
        if cls in ('Conv2D', 'DepthwiseConv2D'):
            dep = cls == 'DepthwiseConv2D'
            x = conv2d(x, w['depthwise_kernel' if dep else 'kernel'], c['strides'], c.get('dilation_rate', [1, 1]), c['padding'], c.get('groups', 1), dep)
            if 'bias' in w:
                x = x + w['bias']
            x = activation(x, c.get('activation'))
        elif cls == 'Dense':
            x = x @ w['kernel'] + (w['bias'] if 'bias' in w else 0)
            x = activation(x, c.get('activation'))
        elif cls in ('AveragePooling2D', 'MaxPooling2D'):
            x = pool(x, c['pool_size'], c['strides'] or c['pool_size'], 'max' if cls.startswith('Max') else 'avg')
        elif cls == 'ZeroPadding2D':
            (t, b), (l, r) = c['padding']
            x = np.pad(x, ((0, 0), (t, b), (l, r), (0, 0)))
        elif cls == 'Flatten':
            x = x.reshape(x.shape[0], -1)
        elif cls == 'Activation':
            x = activation(x, c['activation'])
        elif cls == 'BatchNormalization':
            x = (x - w['moving_mean']) / np.sqrt(w['moving_variance'] + c['epsilon']) * w.get('gamma', 1) + w.get('beta', 0)
        elif cls == 'LeakyReLU':
            x = np.where(x > 0, x, x * c['alpha'])
        elif cls == 'ReLU':
            x = np.minimum(np.maximum(x, 0), c.get('max_value') or np.inf)
        else:
            raise SystemExit(f'layer {cls} not in the oracle')
    y = x.ravel()
    out({'max_abs': float(np.max(np.abs(y - np.array(ref['output'])))), 'output': y.tolist()})


# ---------------------------------------------------------------- HDF5 structure

def h5_describe(path):
    import h5py
    import numpy as np
    desc = {'attrs': {}, 'groups': [], 'datasets': {}, 'values': {}}

    def attrs(name, obj):
        for k, v in obj.attrs.items():
            v = v.tolist() if isinstance(v, np.ndarray) else v
            desc['attrs'][f'{name}@{k}'] = repr((type(v).__name__, v, str(obj.attrs.get_id(k).dtype)))

    with h5py.File(path, 'r') as f:
        attrs('/', f)

        def visit(name, obj):
            attrs(name, obj)
            if isinstance(obj, h5py.Group):
                desc['groups'].append(name)
            else:
                desc['datasets'][name] = [list(obj.shape), str(obj.dtype), str(obj.chunks), str(obj.compression)]
                desc['values'][name] = sha(obj[()])
        f.visititems(visit)
    return desc


def h5_compare(a, b):
    da, db = h5_describe(a), h5_describe(b)
    diffs = []
    for key in ('groups',):
        if da[key] != db[key]:
            diffs.append(f'{key} differ')
    for key in ('attrs', 'datasets'):
        for k in sorted(set(da[key]) | set(db[key])):
            if da[key].get(k) != db[key].get(k):
                diffs.append(f'{key} {k}: {da[key].get(k)} vs {db[key].get(k)}')
    changed = sorted(k for k in da['values'] if da['values'][k] != db['values'].get(k))
    out({'same_structure': not diffs, 'differences': diffs[:20], 'changed_datasets': changed})


def h5_list(path):
    import h5py
    d = h5_describe(path)
    with h5py.File(path, 'r') as f:
        names = [n.decode() for n in f['model_weights'].attrs['layer_names']] if 'model_weights' in f else []
        weight_names = {n: [w.decode() for w in f['model_weights'][n].attrs['weight_names']] for n in names}
        attr_types = {k: type(v).__name__ for k, v in f.attrs.items()}
        ln_dtype = str(f['model_weights'].attrs['layer_names'].dtype) if names else None
    out({'attrs': d['attrs'], 'attr_types': attr_types, 'groups': d['groups'], 'datasets': d['datasets'],
         'layer_names': names, 'layer_names_dtype': ln_dtype, 'weight_names': weight_names})


# ---------------------------------------------------------------- zip and safetensors

def zip_compare(a, b):
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    na, nb = za.namelist(), zb.namelist()
    same, changed = [], []
    for n in na:
        if n in nb:
            (same if za.read(n) == zb.read(n) else changed).append(n)
    pkl = [n for n in na if n.endswith('/data.pkl')]
    infos = {i.filename: i for i in zb.infolist()}
    raw = open(b, 'rb').read()

    def data_start(i):  # from the local header: its extra field differs from the directory's
        name_len, extra_len = struct.unpack('<HH', raw[i.header_offset + 26:i.header_offset + 30])
        return i.header_offset + 30 + name_len + extra_len
    aligned = all(data_start(i) % 64 == 0 for i in zb.infolist() if '/data/' in i.filename)
    methods_a = {i.filename: i.compress_type for i in za.infolist()}
    out({'same_names': na == nb, 'same_pkl': bool(pkl) and za.read(pkl[0]) == zb.read(pkl[0]), 'same_entries': same,
         'changed_entries': changed, 'stored': all(i.compress_type == 0 for n, i in infos.items() if '/data/' in n),
         'same_methods': all(methods_a.get(n) == i.compress_type for n, i in infos.items()), 'aligned_64': aligned})


def safetensors_read(path):
    import numpy as np
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n].decode('utf-8'))
    base = 8 + n
    kinds = {'F32': np.float32, 'F64': np.float64, 'F16': np.float16, 'I64': np.int64, 'I32': np.int32, 'I16': np.int16,
             'I8': np.int8, 'U8': np.uint8, 'BOOL': np.bool_}
    tensors = {}
    end = 0
    for name, t in header.items():
        if name == '__metadata__':
            continue
        s, e = t['data_offsets']
        end = max(end, e)
        arr = np.frombuffer(data[base + s:base + e], dtype=kinds[t['dtype']]).reshape(t['shape'])
        tensors[name] = {'dtype': t['dtype'], 'shape': t['shape'], 'sha256': sha(arr)}
    out({'metadata': header.get('__metadata__'), 'tensors': tensors, 'aligned': n % 8 == 0,
         'padding_is_spaces': data[8:8 + n].decode().rstrip(' ') == data[8:8 + n].decode().rstrip(), 'complete': base + end == len(data)})


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'check-env':
        return check_env()
    if cmd == 'torch-run':
        return torch_run(args[0], args[1], args[2:])
    if cmd == 'keras-run':
        return keras_run(args[0], args[1])
    if cmd == 'h5-compare':
        return h5_compare(args[0], args[1])
    if cmd == 'h5-list':
        return h5_list(args[0])
    if cmd == 'torch-hashes':
        return torch_hashes(args[0], args[1:])
    if cmd == 'save-as-dtype':
        return save_as_dtype(args[0], args[1], args[2])
    if cmd == 'zip-compare':
        return zip_compare(args[0], args[1])
    if cmd == 'safetensors-read':
        return safetensors_read(args[0])
    raise SystemExit(f'unknown command {cmd}')


if __name__ == '__main__':
    main()
