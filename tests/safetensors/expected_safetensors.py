#!/usr/bin/python3
"""Independent numpy reading of a safetensors file, for tests/safetensors.

  /usr/bin/python3 tests/safetensors/expected_safetensors.py FILE OUT.json

Parses the header with json and the data with numpy.frombuffer (no safetensors package, none of
our TypeScript), and writes names, dtypes, shapes, __metadata__, float64 sums and the sha256 of
each tensor's bytes.
"""
import hashlib
import json
import struct
import sys

import numpy as np

NUMPY = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1',
         'U64': '<u8', 'U32': '<u4', 'U16': '<u2', 'U8': 'u1', 'BOOL': '?'}


def main(path, out):
    raw = open(path, 'rb').read()
    (n,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        b, e = entry['data_offsets']
        chunk = data[b:e]
        if entry['dtype'] == 'BF16':
            values = (np.frombuffer(chunk, '<u2').astype(np.uint32) << 16).view(np.float32)
        else:
            values = np.frombuffer(chunk, NUMPY[entry['dtype']])
        tensors[name] = {'dtype': entry['dtype'], 'shape': entry['shape'], 'sum': float(values.astype(np.float64).sum()),
                         'first': [float(v) for v in values[:3]], 'sha256': hashlib.sha256(chunk).hexdigest()}
    with open(out, 'w') as fh:
        json.dump({'header_bytes': n, 'metadata': header.get('__metadata__', {}), 'tensors': tensors}, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
