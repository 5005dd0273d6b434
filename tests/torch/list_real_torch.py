"""Lists what real torch reads from the shared real-world PyTorch files, as the oracle for
realFiles.test.ts. Uses torch.load(weights_only=True), which refuses to run pickled code, so
files that need arbitrary globals are listed as 'not loadable with weights_only'.

Run with Debian's torch: /usr/bin/python3 tests/torch/list_real_torch.py
"""
import hashlib, json, os, sys, collections
import torch

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'fixtures', 'real')
FOLDERS = ['torch-checkpoint', 'torch-legacy', 'torch-module', 'torch-state-dict', 'torchscript']


def tensor_bytes(t):
    t = t.detach().cpu()
    if t.is_quantized:
        t = t.int_repr()
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def flatten(value, prefix, out):
    if isinstance(value, torch.Tensor):
        out[prefix] = value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, (str, int)):
                flatten(v, f'{prefix}.{k}' if prefix else str(k), out)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            flatten(v, f'{prefix}.{i}' if prefix else str(i), out)


result = {}
for folder in FOLDERS:
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        rel = f'{folder}/{name}'
        path = os.path.join(ROOT, folder, name)
        try:
            if folder == 'torchscript':
                m = torch.jit.load(path, map_location='cpu')
                value = collections.OrderedDict(m.state_dict())
            else:
                value = torch.load(path, map_location='cpu', weights_only=True)
        except Exception as e:  # noqa: BLE001 - the reason is the listing
            result[rel] = {'loadable': False, 'reason': f'{type(e).__name__}: {str(e).splitlines()[0][:200]}'}
            continue
        flat = collections.OrderedDict()
        flatten(value, '', flat)
        result[rel] = {'loadable': True, 'tensors': [
            {'name': k, 'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
             'sha256': hashlib.sha256(tensor_bytes(t)).hexdigest()} for k, t in flat.items()]}

json.dump(result, sys.stdout, indent=1)
