#!/usr/bin/env python3
"""Regenerates the pickle test fixtures in tests/pickle/data/ (stdlib only; numpy cases when numpy imports).

    python3 tests/pickle/make_cases.py

Writes one .pkl per case plus data/expected.json: for each case, what Python itself says the
value is (in a tagged JSON form that tests/pickle/match.ts compares against), the globals it
names, where each back-to-back pickle ends, and which opcodes it uses. Pickles CPython never
writes (Python-2 strings, INST/OBJ, DUP, 8-byte lengths, torch and numpy-1 names) are assembled
by hand. The malicious cases are checked to be live: each is loaded once by real Python in a
subprocess and must create its marker file, so the tests prove we refuse a working exploit.
"""
import collections
import copyreg
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import time
import types

from case_tools import P2, binint, binstring, canon, glob, globals_of, opcodes_of, sbs, sbu

if os.environ.get('PYTHONHASHSEED') != '0':  # stable set order → stable bytes on regeneration
    os.environ['PYTHONHASHSEED'] = '0'
    os.execv(sys.executable, [sys.executable] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
os.makedirs(DATA, exist_ok=True)
EXPECTED = {}


def write(name, data, expect=None, **extra):
    with open(os.path.join(DATA, name + '.pkl'), 'wb') as f:
        f.write(data)
    entry = {'opcodes': opcodes_of(data)}
    if not name.startswith(('ext_', 'oob_')):  # EXT codes are recorded by number, not by name
        entry['globals'] = globals_of(data)
    if expect is not None:
        entry['expect'] = expect
    entry.update(extra)
    EXPECTED[name] = entry


# ---- ordinary values, every protocol ------------------------------------------------------

class Net:
    def __init__(self):
        self.name = 'net'
        self.training = True
        self.layers = [3, 4]


def kitchen():
    shared = [1, 2]
    return {
        'ints': [0, 1, -1, 255, 256, 65535, 65536, 2**31 - 1, -2**31, 2**31, 2**53 - 1, 2**53, 2**63, -2**63,
                 2**64 - 1, 2**100, -2**100, 1234567890123456789],
        'floats': [0.0, -0.0, 1.5, -2.25, 1e300, 5e-324, float('inf'), float('-inf'), float('nan'), 0.1],
        'strs': ['', 'a', 'héllo', '日本語', '😀', 'a\nb\\c\r\t', 'q\'"', '\x00\x1a', 'x' * 300, '\\u1234 literal', 'ÿ\x80'],
        'bytes': [b'', b'\x00\xff', bytes(range(256)), b'y' * 300],
        'consts': [True, False, None],
        'tuples': [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        'nested': {'a': [{'b': (1, [2, {'c': None}])}], 'empty': [[], {}, ()]},
        'set': {1, 2, 3},
        'frozenset': frozenset(['a', 'b']),
        'emptyset': set(),
        'od': collections.OrderedDict([('z', 1), ('a', [2])]),
        'shared1': shared,
        'shared2': shared,
        'bytearray': bytearray(b'\x01\x02'),
        'complex': complex(1.5, -2),
        'slice': slice(1, 10, 2),
        'range': range(0, 10, 3),
        'net': Net(),
        'keys': {1: 'one', 2**70: 'big', (1, 2): 'tuple', None: 'none', 1.5: 'float'},
        'single': [7],
    }


EXPECTED['_kitchen'] = canon(kitchen())  # one expectation shared by every protocol
for proto in range(6):
    data = pickle.dumps(kitchen(), protocol=proto)
    write(f'kitchen_p{proto}', data, protocol=proto, end=len(data))


# ---- structures CPython writes with rarer opcodes -------------------------------------------

def recursive():
    inner = []
    t = (inner,)
    inner.append(t)
    return t


for proto in (0, 1, 2):
    write(f'recursive_p{proto}', pickle.dumps(recursive(), protocol=proto))

many = [('item', i) for i in range(300)]
for proto in (1, 4):
    write(f'bigmemo_p{proto}', pickle.dumps([many, many], protocol=proto))

big = [2**3000, -(2**3000) + 1]
write('long4_p2', pickle.dumps(big, protocol=2), canon(big))


class ExtA:
    pass


class ExtB:
    pass


class ExtC:
    pass


copyreg.add_extension(__name__, 'ExtA', 240)
copyreg.add_extension(__name__, 'ExtB', 1000)
copyreg.add_extension(__name__, 'ExtC', 100000)
write('ext_p2', pickle.dumps([ExtA, ExtB, ExtC], protocol=2))


class Token:
    def __init__(self, key):
        self.key = key


class PidPickler(pickle.Pickler):
    def __init__(self, f, protocol):
        super().__init__(f, protocol=protocol)
        self.text_ids = protocol == 0

    def persistent_id(self, obj):
        if isinstance(obj, Token):
            return obj.key if self.text_ids else ('storage', obj.key, 3)
        return None


for proto in (0, 2):
    buf = io.BytesIO()
    PidPickler(buf, proto).dump({'w': Token('k0'), 'b': [Token('k1')]})
    write(f'persid_p{proto}', buf.getvalue())


class Point:
    def __new__(cls, x, *, y=0):
        self = super().__new__(cls)
        self.x, self.y = x, y
        return self

    def __getnewargs_ex__(self):
        return (self.x,), {'y': self.y}


write('newobj_ex_p4', pickle.dumps(Point(1, y=2), protocol=4))

oob = pickle.dumps([pickle.PickleBuffer(b'abc')], protocol=5, buffer_callback=lambda b: False)
write('oob_p5', oob)

# ---- opcodes only Python 2 (or nobody) writes: assembled by hand ----------------------------

proto0 = b''.join([
    b'(', b'l', b'p0\n',                                         # MARK LIST, PUT 0
    b"S'a\\nb\\x41\\101\\'\\\"z'\n", b'a',                       # STRING with repr escapes
    b'S"dq"\n', b'a',
    b'I01\n', b'a', b'I00\n', b'a', b'I-12\n', b'a',             # INT True/False/int
    b'L123456789012345678901234567890L\n', b'a', b'L-5L\n', b'a',
    b'F1.5\n', b'a', b'Fnan\n', b'a', b'F-inf\n', b'a', b'F1e300\n', b'a',
    b'V\\u00e9t\\u00e9 \\U0001f600 \xff\n', b'a',               # UNICODE, raw-unicode-escape
    b'(I1\nI2\nt', b'a',                                        # TUPLE
    b'(S\'k\'\nI3\nd', b'a',                                    # DICT
    b'(I1\nI2\n1', b'N0',                                     # POP_MARK, POP: both discard
    b'(N2l', b'a',                                              # DUP: [None, None]
    b'(I7\ni__main__\nOld\n', b'a',                              # INST
    b'(c__main__\nOld\nI8\no', b'a',                             # OBJ
    b'g0\n', b'a',                                              # GET: the list itself
    b'.',
])
write('handmade_p0', proto0)

py2 = b''.join([
    P2, b'}', b'q\x00', b'(',
    sbs(b'protocol_version'), binint(1001),
    sbs(b'little_endian'), pickle.NEWTRUE,
    sbs(b'caf\xe9'), binstring(b'\xe9' * 300),
    sbs(b'set'), glob('__builtin__', 'set'), b']', b'(', pickle.BININT1 + b'\x01', pickle.BININT1 + b'\x02', b'e',
    pickle.TUPLE1, pickle.REDUCE,
    sbs(b'range'), glob('__builtin__', 'xrange'), pickle.BININT1 + b'\x00', pickle.BININT1 + b'\x05',
    pickle.BININT1 + b'\x01', pickle.TUPLE3, pickle.REDUCE,
    sbs(b'old'), glob('copy_reg', '_reconstructor'), glob('__main__', 'Old'), glob('__builtin__', 'object'),
    pickle.NONE, pickle.TUPLE3, pickle.REDUCE, b'}', sbs(b'a'), pickle.BININT1 + b'\x01', pickle.SETITEM, pickle.BUILD,
    sbs(b'bytes'), glob('_codecs', 'encode'), pickle.BINUNICODE + struct.pack('<I', 2) + b'\xc3\xa9',
    sbs(b'latin1'), pickle.TUPLE2, pickle.REDUCE,
    b'u', b'.',
])
write('py2_legacy', py2)

proto4 = b''.join([
    pickle.PROTO + b'\x04', b']', b'\x94', b'(',
    pickle.BINUNICODE8 + struct.pack('<Q', 3) + b'abc',
    pickle.BINBYTES8 + struct.pack('<Q', 2) + b'\x01\x02',
    pickle.SHORT_BINBYTES + b'\x01\x03', pickle.READONLY_BUFFER,
    pickle.BINBYTES + struct.pack('<I', 1) + b'\x04',
    pickle.EMPTY_SET, b'(', pickle.BININT1 + b'\x05', pickle.BININT1 + b'\x06', pickle.ADDITEMS,
    b'(', sbu('f'), pickle.FROZENSET,
    sbu('__main__'), sbu('Bag'), pickle.STACK_GLOBAL, pickle.EMPTY_TUPLE, pickle.NEWOBJ,
    pickle.BININT1 + b'\x09', pickle.APPEND, sbu('k'), sbu('v'), pickle.SETITEM,
    b'(', pickle.BININT1 + b'\x0a', pickle.BININT1 + b'\x0b', pickle.APPENDS,
    pickle.BYTEARRAY8 + struct.pack('<Q', 1) + b'\x07',
    b'h\x00', pickle.LONG_BINGET + struct.pack('<I', 0),
    b'e', b'.',
])
write('handmade_p4', proto4)

# ---- torch-like pickles, made by the real pickler against stand-in modules --------------------


def fake_module(name):
    m = types.ModuleType(name)
    sys.modules[name] = m
    parent, _, child = name.rpartition('.')
    if parent:
        setattr(sys.modules[parent], child, m)
    return m


torch = fake_module('torch')
torch_utils = fake_module('torch._utils')
fake_module('torch.nn')
fake_module('torch.nn.modules')
linear_mod = fake_module('torch.nn.modules.linear')


def _rebuild_tensor_v2(*args):
    raise RuntimeError('stand-in')


def _rebuild_parameter(*args):
    raise RuntimeError('stand-in')


for fn in (_rebuild_tensor_v2, _rebuild_parameter):
    fn.__module__ = 'torch._utils'
    setattr(torch_utils, fn.__name__, fn)


class FloatStorage:
    pass


FloatStorage.__module__ = 'torch'
torch.FloatStorage = FloatStorage


class Linear:
    pass


Linear.__module__ = 'torch.nn.modules.linear'
linear_mod.Linear = Linear


class FakeStorage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class FakeTensor:
    def __init__(self, storage, size, stride, param=False):
        self.storage, self.size, self.stride, self.param = storage, size, stride, param

    def __reduce_ex__(self, proto):
        t = (_rebuild_tensor_v2, (self.storage, 0, self.size, self.stride, False, collections.OrderedDict()))
        if not self.param:
            return t
        return (_rebuild_parameter, (FakeTensor(self.storage, self.size, self.stride), True, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, FakeStorage):
            return ('storage', FloatStorage, obj.key, 'cpu', obj.numel)
        return None


def torch_dump(obj):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(obj)
    return buf.getvalue()


s0, s1 = FakeStorage('0', 6), FakeStorage('1', 3)
lin = Linear()
lin.__dict__.update(training=True, _parameters=collections.OrderedDict(
    weight=FakeTensor(s0, (2, 3), (3, 1), param=True), bias=FakeTensor(s1, (3,), (1,), param=True)))
write('torchlike_p2', torch_dump(collections.OrderedDict(model=lin, step=10)))

state_dict = collections.OrderedDict([('weight', FakeTensor(s0, (2, 3), (3, 1))), ('bias', FakeTensor(s1, (3,), (1,)))])
parts = [pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2), pickle.dumps(1001, protocol=2),
         pickle.dumps({'protocol_version': 1001, 'little_endian': True,
                       'type_sizes': {'short': 2, 'int': 4, 'long': 4}}, protocol=2),
         torch_dump(state_dict), pickle.dumps(['0', '1'], protocol=2)]
ends, pos = [], 0
for p in parts:
    pos += len(p)
    ends.append(pos)
storages = struct.pack('<q', 6) + struct.pack('<6f', *range(6)) + struct.pack('<q', 3) + struct.pack('<3f', 1, 2, 3)
write('legacy_stream', b''.join(parts) + storages, ends=ends)

# ---- numpy ------------------------------------------------------------------------------------

try:
    import numpy as np
except ImportError:  # keep the committed numpy fixtures and their expectations
    np = None
    with open(os.path.join(DATA, 'expected.json')) as f:
        EXPECTED.update({k: v for k, v in json.load(f).items() if k.startswith('numpy_') and k != 'numpy_py2'})

if np is not None:
    def nd(a):
        if a.dtype == object:
            return {'ndarray': {'shape': list(a.shape), 'dtype': '|O', 'objects': [canon(x) for x in a.ravel()]}}
        fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
        return {'ndarray': {'shape': list(a.shape), 'dtype': a.dtype.str, 'fortran': fortran,
                            'data': a.tobytes(order='F' if fortran else 'C').hex()}}

    arrays = [
        np.arange(6, dtype='<f4').reshape(2, 3),
        np.array([1, -2, 2**40], dtype='<i8'),
        np.array([True, False]),
        np.array([1.5, -0.25], dtype='<f2'),
        np.asfortranarray(np.arange(6, dtype='<f8').reshape(2, 3)),
        np.array([1, 2], dtype='>i4'),
        np.zeros((0, 3), dtype='u1'),
        np.array([(1, 2.5)], dtype=[('a', '<i4'), ('b', '<f8')]),
        np.array(['ab', 'c'], dtype='<U2'),
        np.array([1, 'x', None], dtype=object),
    ]
    scalars = [np.float64(1.25), np.float32(-3.5), np.float16(0.5), np.int64(-7), np.int32(9), np.uint8(200),
               np.bool_(True), np.int64(2**62), np.str_('héllo')]
    expect = {'list': [nd(a) for a in arrays] + [canon(s.item()) for s in scalars]
              + [{'complex': [canon(1.0), canon(-2.0)]}]}
    values = arrays + scalars + [np.complex128(1 - 2j)]
    for proto in (2, 5):
        write(f'numpy_p{proto}', pickle.dumps(values, protocol=proto), expect)
    dt = np.dtype([('a', '<i4'), ('b', '<f8')])
    dtypes = [dt, np.dtype('<U5'), np.dtype('>f8'), np.dtype(object), np.dtype('M8[ns]'), np.dtype('m8[10s]'),
              np.dtype('S4'), np.dtype('?'), np.dtype('c8')]
    write('numpy_dtype_p2', pickle.dumps(dtypes, protocol=2),
          {'dtypes': [{'descr': d.str, 'itemsize': d.itemsize,
                       **({'fields': [[n, d.fields[n][0].str, d.fields[n][1]] for n in d.names]} if d.names else {})}
                      for d in dtypes]})
    # numpy < 2 spells the module numpy.core; GLOBAL arguments are lines, so a rename is safe.
    renamed = pickle.dumps(arrays[:2], protocol=2).replace(b'numpy._core.', b'numpy.core.')
    write('numpy_core_p2', renamed, {'list': [nd(a) for a in arrays[:2]]})

# Python 2 numpy (Keras 1): array bytes are a latin-1 str, the dtype args are ints.
np2 = b''.join([
    P2, glob('numpy.core.multiarray', '_reconstruct'), glob('numpy', 'ndarray'),
    pickle.BININT1 + b'\x00', pickle.TUPLE1, sbs(b'b'), pickle.TUPLE3, pickle.REDUCE,
    b'(', pickle.BININT1 + b'\x01', pickle.BININT1 + b'\x02', pickle.TUPLE1,
    glob('numpy', 'dtype'), sbs(b'f4'), pickle.BININT1 + b'\x00', pickle.BININT1 + b'\x01', pickle.TUPLE3, pickle.REDUCE,
    b'(', pickle.BININT1 + b'\x03', sbs(b'<'), pickle.NONE, pickle.NONE, pickle.NONE, binint(-1), binint(-1),
    pickle.BININT1 + b'\x00', b't', pickle.BUILD,
    pickle.NEWFALSE, sbs(struct.pack('<2f', 1.0, 2.0)), b't', pickle.BUILD, b'.',
])
write('numpy_py2', np2, {'ndarray': {'shape': [2], 'dtype': '<f4', 'fortran': False,
                                     'data': struct.pack('<2f', 1.0, 2.0).hex()}})

# ---- malicious pickles: each would run `touch <marker>` under pickle.loads --------------------

EVIL = []


def evil(name, body, live=True):
    marker = f'/tmp/weightbridge-pwned-{name}'
    data = body(f'touch {marker}'.encode())
    EVIL.append({'name': name, 'marker': marker, 'live': live})
    write(f'evil_{name}', data, marker=marker)


evil('os_system_p0', lambda cmd: b"cos\nsystem\n(S'" + cmd + b"'\ntR.")
evil('posix_system_p2', lambda cmd: P2 + glob('posix', 'system') + sbu(cmd.decode()) + pickle.TUPLE1 + pickle.REDUCE + b'.')
evil('eval_p4', lambda cmd: pickle.PROTO + b'\x04' + sbu('builtins') + sbu('eval') + pickle.STACK_GLOBAL
     + sbu(f"__import__('os').system('{cmd.decode()}')") + pickle.TUPLE1 + pickle.REDUCE + b'.')
evil('py2_builtin_eval', lambda cmd: P2 + glob('__builtin__', 'eval')
     + sbu(f"__import__('os').system('{cmd.decode()}')") + pickle.TUPLE1 + pickle.REDUCE + b'.')
evil('exec_p2', lambda cmd: P2 + glob('builtins', 'exec')
     + sbu(f"import os; os.system('{cmd.decode()}')") + pickle.TUPLE1 + pickle.REDUCE + b'.')
# getattr(__import__('os'), 'system')(cmd): the outer REDUCE calls the result of another REDUCE.
evil('getattr_chain', lambda cmd: P2 + glob('builtins', 'getattr')
     + glob('builtins', '__import__') + sbu('os') + pickle.TUPLE1 + pickle.REDUCE
     + sbu('system') + pickle.TUPLE2 + pickle.REDUCE + sbu(cmd.decode()) + pickle.TUPLE1 + pickle.REDUCE + b'.')
evil('popen_p2', lambda cmd: P2 + glob('subprocess', 'Popen') + b']' + b'('
     + b''.join(sbu(x) for x in cmd.decode().split(' ')) + b'e' + pickle.TUPLE1 + pickle.REDUCE + b'.')
evil('inst_p0', lambda cmd: b"(S'" + cmd + b"'\nios\nsystem\n.")
evil('obj_p1', lambda cmd: b"(cos\nsystem\nX" + struct.pack('<I', len(cmd)) + cmd + b'o.')
evil('newobj_popen', lambda cmd: P2 + glob('subprocess', 'Popen') + b']' + b'('
     + b''.join(sbu(x) for x in cmd.decode().split(' ')) + b'e' + pickle.TUPLE1 + pickle.NEWOBJ + b'.', live=False)
# BUILD looks __setstate__ up on the instance, so a dict state can plant one for the next BUILD.
evil('setstate_plant', lambda cmd: P2 + glob('types', 'SimpleNamespace') + pickle.EMPTY_TUPLE + pickle.REDUCE
     + b'}' + sbu('__setstate__') + glob('os', 'system') + pickle.SETITEM + pickle.BUILD
     + sbu(cmd.decode()) + pickle.BUILD + b'.')
evil('persid_os', lambda cmd: P2 + glob('os', 'system') + b'(' + sbu(cmd.decode()) + b't' + pickle.REDUCE
     + pickle.BINPERSID + b'.', live=False)

for e in EVIL:
    if os.path.exists(e['marker']):
        os.remove(e['marker'])
    if not e['live']:
        continue
    subprocess.run([sys.executable, '-c', 'import pickle,sys; pickle.loads(open(sys.argv[1],"rb").read())',
                    os.path.join(DATA, f"evil_{e['name']}.pkl")], capture_output=True, timeout=30)
    for _ in range(50):
        if os.path.exists(e['marker']):
            break
        time.sleep(0.05)
    if not os.path.exists(e['marker']):
        sys.exit(f"payload {e['name']} did not run under real pickle: fix it or mark it live=False")
    os.remove(e['marker'])

EXPECTED['_evil'] = EVIL
with open(os.path.join(DATA, 'expected.json'), 'w') as f:
    json.dump(EXPECTED, f, sort_keys=True, separators=(',', ':'))
    f.write('\n')
print(f"wrote {sum(not k.startswith('_') for k in EXPECTED)} cases to {DATA}")
