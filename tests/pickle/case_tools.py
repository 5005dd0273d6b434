"""Helpers for make_cases.py: the tagged form tests compare against, opcode and global
inventories of a pickle, and a few opcode assemblers for pickles CPython would not write."""
import collections
import io
import math
import pickle
import pickletools
import struct
import types


# ---- canonical, tagged form of a Python value (mirrored by match.ts) -----------------------

def canon(v, seen=None):
    seen = seen or set()
    if v is None:
        return None
    if isinstance(v, bool):
        return {'bool': v}
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {'float': 'nan'}
        if math.isinf(v):
            return {'float': 'inf' if v > 0 else '-inf'}
        return {'float': '-0' if v == 0 and math.copysign(1, v) < 0 else repr(v)}
    if isinstance(v, str):
        return {'str': v}
    if isinstance(v, (bytes, bytearray)):
        return {'bytes': bytes(v).hex()}
    if id(v) in seen:
        return {'cycle': True}
    seen = seen | {id(v)}
    if isinstance(v, list):
        return {'list': [canon(x, seen) for x in v]}
    if isinstance(v, tuple):
        return {'tuple': [canon(x, seen) for x in v]}
    if isinstance(v, dict):
        cls = 'collections.OrderedDict' if isinstance(v, collections.OrderedDict) else 'builtins.dict'
        return {'dict': [[canon(k, seen), canon(x, seen)] for k, x in v.items()], 'class': cls}
    if isinstance(v, (set, frozenset)):
        return {'set': [canon(x, seen) for x in v], 'frozen': isinstance(v, frozenset)}
    if isinstance(v, complex):
        return {'complex': [canon(v.real), canon(v.imag)]}
    if isinstance(v, slice):
        return {'slice': [canon(v.start), canon(v.stop), canon(v.step)]}
    if isinstance(v, range):
        return {'range': [v.start, v.stop, v.step]}
    if isinstance(v, type) or isinstance(v, types.FunctionType):
        return {'global': f'{v.__module__}.{v.__qualname__}'}
    if hasattr(v, '__dict__'):
        return {'object': f'{type(v).__module__}.{type(v).__qualname__}', 'state': canon(vars(v), seen)}
    raise TypeError(f'no canonical form for {type(v)}')


def opcodes_of(data):
    """Opcode names used, across back-to-back pickles (stops at the raw bytes after the last one)."""
    names, pos = set(), 0
    while pos < len(data):
        try:
            for op, _arg, at in pickletools.genops(io.BytesIO(data[pos:])):
                names.add(op.name)
                if op.name == 'STOP':
                    pos += at + 1
                    break
        except Exception:
            break  # out-of-band and other cases pickletools cannot follow to the end
        if data[pos:pos + 1] != pickle.PROTO:
            break
    return sorted(names)


class _Anything:
    """Stands in for every global while recording which ones a pickle names."""
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return _Anything()

    def __setitem__(self, k, v):
        pass

    def __setstate__(self, state):
        pass

    def append(self, x):
        pass

    def extend(self, xs):
        pass

    def add(self, x):
        pass


class _Recorder(pickle.Unpickler):
    def __init__(self, f):
        super().__init__(f, encoding='latin1')
        self.names = []

    def find_class(self, module, name):  # called with the names as written (no Python-2 mapping)
        if f'{module}.{name}' not in self.names:
            self.names.append(f'{module}.{name}')
        return _Anything

    def persistent_load(self, pid):
        return None


def globals_of(data):
    r = _Recorder(io.BytesIO(data))
    r.load()
    return r.names


# ---- hand assembly ----------------------------------------------------------------------

def sbu(s):
    b = s.encode('utf-8')
    return pickle.SHORT_BINUNICODE + bytes([len(b)]) + b


def glob(m, n):
    return pickle.GLOBAL + m.encode() + b'\n' + n.encode() + b'\n'


def sbs(b):
    return pickle.SHORT_BINSTRING + bytes([len(b)]) + b


def binstring(b):
    return pickle.BINSTRING + struct.pack('<i', len(b)) + b


def binint(n):
    return pickle.BININT + struct.pack('<i', n)


P2 = pickle.PROTO + b'\x02'
