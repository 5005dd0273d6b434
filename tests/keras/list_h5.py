#!/usr/bin/python3
"""Independent listing of Keras files with h5py, for the compatibility tests.

Run with Debian's Python (it has h5py and numpy): /usr/bin/python3 tests/keras/list_h5.py ...

  list_h5.py FILE              print {datasets, facts} as JSON for one .h5/.keras file
  list_h5.py --all ROOT OUTDIR write OUTDIR/<stem>.json per Keras file under ROOT and OUTDIR/table.json

The facts are computed here with plain h5py/zipfile/json rules, not by our TypeScript code, so the
tests compare two independent readings of the same file.
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

KERAS_DIRS = ('keras2-h5', 'keras2-weights-h5', 'keras3', 'keras-old', 'other')


def text(v):
    if isinstance(v, bytes):
        return v.decode('utf-8')
    if isinstance(v, np.ndarray) and v.shape == ():
        return text(v.item())
    return str(v)


def attr_list(attrs, name):
    """A string-list attribute, following Keras's split into name0, name1, ... when it is long."""
    if name in attrs:
        return [text(x) for x in attrs[name]]
    out, i = [], 0
    while f'{name}{i}' in attrs:
        out.extend(text(x) for x in attrs[f'{name}{i}'])
        i += 1
    return out


def dtype_name(dt):
    if dt == np.bool_:
        return 'bool'
    return np.dtype(dt).name


def datasets(f):
    out = []
    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            out.append([name, list(obj.shape), dtype_name(obj.dtype)])
    f.visititems(visit)
    return sorted(out)


def config_layer_count(cfg):
    if cfg is None:
        return None
    inner = cfg.get('config')
    if isinstance(inner, list):
        return len(inner)
    if isinstance(inner, dict) and isinstance(inner.get('layers'), list):
        return len(inner['layers'])
    return None


def v3_top_level(f):
    """Top-level saveables of a Keras-3-layout weights file; backslashes are path separators (Windows)."""
    names = set()
    def visit(name, _obj):
        parts = [p for part in name.split('/') for p in part.split('\\')]
        if parts[0] == 'layers':
            if len(parts) > 1:
                names.add(('layers', parts[1]))
        elif parts[0] not in ('optimizer', 'vars'):
            names.add((parts[0],))
    f.visititems(visit)
    return len(names)


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def describe(path):
    with open(path, 'rb') as fh:
        raw = fh.read()
    if raw[:4] == b'PK\x03\x04':
        z = zipfile.ZipFile(io.BytesIO(raw))
        meta = json.loads(z.read('metadata.json'))
        cfg = json.loads(z.read('config.json'))
        with h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r') as f:
            ds = datasets(f)
            layers = config_layer_count(cfg)
            if layers is None:
                layers = v3_top_level(f)
        facts = {'format': 'keras-zip', 'version': meta.get('keras_version'), 'layers': layers}
        opt_prefix = 'optimizer/'
    else:
        with h5py.File(io.BytesIO(raw), 'r') as f:
            ds = datasets(f)
            attrs = f.attrs
            version = text(attrs['keras_version']) if 'keras_version' in attrs else None
            if 'model_config' in attrs:
                cfg = json.loads(text(attrs['model_config']))
                facts = {'format': 'keras-h5', 'version': version, 'layers': config_layer_count(cfg)}
                opt_prefix = 'optimizer_weights/'
            elif attr_list(attrs, 'layer_names'):
                facts = {'format': 'keras-weights-h5', 'version': version, 'layers': len(attr_list(attrs, 'layer_names'))}
                opt_prefix = 'optimizer_weights/'
            elif 'layers' in f:
                facts = {'format': 'keras3-weights-h5', 'version': version, 'layers': len(f['layers'].keys())}
                opt_prefix = 'optimizer/'
            else:
                raise SystemExit(f'{path}: not a Keras file')
    facts['tensors'] = len(ds)
    facts['params'] = sum(numel(s) for name, s, _ in ds if not name.startswith(opt_prefix))
    return {'datasets': ds, 'facts': facts}


def main(argv):
    if len(argv) == 2 and argv[1] != '--all':
        print(json.dumps(describe(argv[1]), indent=1))
        return
    if len(argv) != 4 or argv[1] != '--all':
        raise SystemExit(__doc__)
    root, outdir = argv[2], argv[3]
    os.makedirs(outdir, exist_ok=True)
    table = []
    for sub in KERAS_DIRS:
        for name in sorted(os.listdir(os.path.join(root, sub))):
            if not name.endswith(('.h5', '.keras')):
                continue
            rel = f'{sub}/{name}'
            d = describe(os.path.join(root, rel))
            with open(os.path.join(outdir, name + '.json'), 'w') as fh:
                json.dump({'file': rel, 'datasets': d['datasets']}, fh, separators=(',', ':'))
                fh.write('\n')
            table.append({'file': rel, **d['facts']})
    with open(os.path.join(outdir, 'table.json'), 'w') as fh:
        json.dump(table, fh, indent=1)
        fh.write('\n')
    print(f'{len(table)} files')


if __name__ == '__main__':
    main(sys.argv)
