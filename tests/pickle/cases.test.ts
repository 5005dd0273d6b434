import { describe, expect, it } from 'vitest';
import { PickleError } from '../../src/core/formats/pickle/errors';
import { OP_NAMES } from '../../src/core/formats/pickle/opcodes';
import { unpickle } from '../../src/core/formats/pickle/unpickle';
import type { PyValue } from '../../src/core/formats/pickle/values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from '../../src/core/formats/pickle/values';
import { CASES, KITCHEN, load } from './fixtures';
import { mismatches } from './match';

const dict = (v: PyValue | undefined): PyDict => { expect(v).toBeInstanceOf(PyDict); return v as PyDict; };
const obj = (v: PyValue | undefined): PyObject => { expect(v).toBeInstanceOf(PyObject); return v as PyObject; };
const tuple = (v: PyValue | undefined): PyValue[] => { expect(v).toBeInstanceOf(PyTuple); return (v as PyTuple).items; };
const list = (v: PyValue | undefined): PyValue[] => { expect(Array.isArray(v)).toBe(true); return v as PyValue[]; };

describe('every protocol, as Python sees it', () => {
  for (let proto = 0; proto <= 5; proto++) {
    it(`protocol ${proto}`, () => {
      const name = `kitchen_p${proto}`;
      const bytes = load(name);
      const r = unpickle(bytes);
      expect(mismatches(r.value, KITCHEN)).toEqual([]);
      expect(r.protocol).toBe(proto);
      expect(r.end).toBe(bytes.length);
      expect(r.globals).toEqual(CASES[name].globals);
      const top = dict(r.value);
      // memo reuse: one Python object twice → one JS object
      expect(top.get('shared1')).toBe(top.get('shared2'));
      expect(dict(top.get('od')).className).toBe('collections.OrderedDict');
      const net = obj(top.get('net'));
      expect(net.cls.qualified).toBe('__main__.Net');
      expect(net.via).toBe(proto < 2 ? 'reconstructor' : 'newobj');
      expect(net.attr('layers')).toEqual([3, 4]);
      expect(dict(top.get('keys')).get(1)).toBe('one');
    });
  }

  it('globals: every name Python looks up, as written, in first-seen order', () => {
    for (const [name, info] of Object.entries(CASES)) {
      if (!info.globals) continue;
      const opts = { persistentLoad: (pid: PyValue) => pid };
      expect(unpickle(load(name), opts).globals, name).toEqual(info.globals);
    }
  });

  it('the fixtures exercise every opcode of protocols 0–5', () => {
    const used = new Set(Object.values(CASES).flatMap((c) => c.opcodes));
    const all = OP_NAMES.filter((n): n is string => n !== undefined);
    expect(all).toHaveLength(68);
    expect(all.filter((n) => !used.has(n))).toEqual([]);
  });
});

describe('memo and recursion', () => {
  for (const proto of [0, 1, 2]) {
    it(`a tuple that contains itself (protocol ${proto}: POP/POP_MARK then GET)`, () => {
      const t = unpickle(load(`recursive_p${proto}`)).value;
      const inner = list(tuple(t)[0]);
      expect(tuple(inner[0])[0]).toBe(inner);
    });
  }
  for (const proto of [1, 4]) {
    it(`more than 256 memo entries (LONG_BINPUT/LONG_BINGET, protocol ${proto})`, () => {
      const [a, b] = list(unpickle(load(`bigmemo_p${proto}`)).value);
      expect(a).toBe(b);
      expect(list(a)).toHaveLength(300);
      expect(tuple(list(a)[299])).toEqual(['item', 299]);
    });
  }
});

describe('rarer opcodes', () => {
  it('LONG4 integers beyond 255 bytes', () => {
    const r = unpickle(load('long4_p2'));
    expect(mismatches(r.value, CASES.long4_p2.expect!)).toEqual([]);
  });

  it('EXT1/EXT2/EXT4 become opaque copyreg-extension globals', () => {
    const r = unpickle(load('ext_p2'));
    expect(list(r.value).map((g) => (g as PyGlobal).qualified))
      .toEqual(['copyreg-extension.240', 'copyreg-extension.1000', 'copyreg-extension.100000']);
    expect(r.globals).toEqual(['copyreg-extension.240', 'copyreg-extension.1000', 'copyreg-extension.100000']);
  });

  it('PERSID (protocol 0) passes the ASCII id, BINPERSID the pickled value', () => {
    const seen: PyValue[] = [];
    const persistentLoad = (pid: PyValue) => { seen.push(pid); return { kind: 'ref', pid }; };
    unpickle(load('persid_p0'), { persistentLoad });
    expect(seen).toEqual(['k0', 'k1']);
    seen.length = 0;
    const r = unpickle(load('persid_p2'), { persistentLoad });
    expect(seen.map((p) => tuple(p))).toEqual([['storage', 'k0', 3], ['storage', 'k1', 3]]);
    expect(dict(r.value).get('w')).toEqual({ kind: 'ref', pid: seen[0] });
  });

  it('a persistent id without a handler is a clear error', () => {
    expect(() => unpickle(load('persid_p2'))).toThrow(/persistent id, but no persistentLoad handler/);
  });

  it('NEWOBJ_EX keeps positional and keyword arguments', () => {
    const p = obj(unpickle(load('newobj_ex_p4')).value);
    expect(p.cls.qualified).toBe('__main__.Point');
    expect(p.via).toBe('newobj_ex');
    expect(p.args).toEqual([1]);
    expect(p.kwargs?.get('y')).toBe(2);
  });

  it('out-of-band buffers are refused with a PickleError', () => {
    expect(() => unpickle(load('oob_p5'))).toThrow(PickleError);
    expect(() => unpickle(load('oob_p5'))).toThrow(/out-of-band buffers are not supported/);
  });

  it('protocol 0 by hand: STRING escapes, INT bools, LONG, FLOAT, UNICODE, INST, OBJ, POP, POP_MARK, DUP, GET', () => {
    const r = unpickle(load('handmade_p0'));
    const l = list(r.value);
    expect(r.protocol).toBe(1); // POP_MARK is a protocol-1 opcode
    expect(l.slice(0, 13)).toEqual([
      "a\nbAA'\"z", 'dq', true, false, -12, 123456789012345678901234567890n, -5, 1.5, NaN, -Infinity, 1e300,
      'été 😀 ÿ', new PyTuple([1, 2]),
    ]);
    expect(dict(l[13]).get('k')).toBe(3);
    expect(l[14]).toEqual([null, null]);
    const inst = obj(l[15]), o = obj(l[16]);
    expect([inst.cls.qualified, inst.via, inst.args]).toEqual(['__main__.Old', 'inst', [7]]);
    expect([o.cls.qualified, o.via, o.args]).toEqual(['__main__.Old', 'obj', [8]]);
    expect(l[17]).toBe(l);
    expect(l).toHaveLength(18);
  });

  it('protocol 4/5 by hand: 8-byte lengths, sets, STACK_GLOBAL, items on objects, READONLY_BUFFER', () => {
    const l = list(unpickle(load('handmade_p4')).value);
    expect(l[0]).toBe('abc');
    expect(l.slice(1, 4)).toEqual([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4])]);
    expect(l[4]).toEqual(new PySet([5, 6]));
    expect(l[5]).toEqual(new PySet(['f'], true));
    const bag = obj(l[6]);
    expect(bag.listItems).toEqual([9, 10, 11]);
    expect(bag.dictItems).toEqual([['k', 'v']]);
    expect(l[7]).toEqual(new Uint8Array([7]));
    expect(l[8]).toBe(l);
    expect(l[9]).toBe(l);
  });

  it('Python-2 pickles: latin-1 str, __builtin__/copy_reg names normalised, reported as written', () => {
    const r = unpickle(load('py2_legacy'));
    const d = dict(r.value);
    expect(d.get('protocol_version')).toBe(1001);
    expect(d.get('café')).toBe('é'.repeat(300));
    expect(d.get('set')).toEqual(new PySet([1, 2]));
    expect(d.get('range')).toEqual({ kind: 'range', start: 0, stop: 5, step: 1 });
    const old = obj(d.get('old'));
    expect([old.cls.qualified, old.via, old.args]).toEqual(['__main__.Old', 'reconstructor', []]);
    expect(old.attr('a')).toBe(1);
    expect(d.get('bytes')).toEqual(new Uint8Array([0xe9]));
    expect(r.globals).toEqual(CASES.py2_legacy.globals);
    expect(r.globals).toContain('copy_reg._reconstructor');
  });
});

describe('numpy', () => {
  for (const name of ['numpy_p2', 'numpy_p5', 'numpy_core_p2', 'numpy_py2']) {
    it(`${name} matches numpy's own view`, () => {
      expect(mismatches(unpickle(load(name)).value, CASES[name].expect!)).toEqual([]);
    });
  }

  it('numpy-1 names are reported as written', () => {
    expect(unpickle(load('numpy_core_p2')).globals).toEqual(CASES.numpy_core_p2.globals);
  });

  it('dtypes: structured, unicode, big-endian, object', () => {
    const got = list(unpickle(load('numpy_dtype_p2')).value);
    const want = (CASES.numpy_dtype_p2.expect as unknown as { dtypes: { descr: string; itemsize: number; fields?: [string, string, number][] }[] }).dtypes;
    expect(got).toEqual(want.map((d) => ({
      kind: 'npdtype', descr: d.descr, itemsize: d.itemsize,
      ...(d.fields ? { fields: d.fields.map(([name, descr, offset]) => ({ name, descr, offset })) } : {}),
    })));
  });
});

describe('torch-like pickles', () => {
  const persistentLoad = (pid: PyValue) => {
    const [, cls, key, location, numel] = tuple(pid);
    return { kind: 'storage', cls: (cls as PyGlobal).qualified, key, location, numel };
  };
  const builders = {
    'torch._utils._rebuild_tensor_v2': (args: PyValue[]) => ({ kind: 'tensor', storage: args[0], shape: tuple(args[2]) }),
    'torch._utils._rebuild_parameter': (args: PyValue[]) => args[0],
  };

  it('rebuild globals go to the caller’s builders; storages to persistentLoad', () => {
    const r = unpickle(load('torchlike_p2'), { persistentLoad, builders });
    const lin = obj(dict(r.value).get('model'));
    expect(lin.cls.qualified).toBe('torch.nn.modules.linear.Linear');
    const params = dict(lin.attr('_parameters'));
    expect(params.className).toBe('collections.OrderedDict');
    expect(params.get('weight')).toEqual({
      kind: 'tensor', shape: [2, 3], storage: { kind: 'storage', cls: 'torch.FloatStorage', key: '0', location: 'cpu', numel: 6 },
    });
    expect(r.globals).toContain('torch._utils._rebuild_tensor_v2');
  });

  it('without torch builders the same pickle is inert data', () => {
    const r = unpickle(load('torchlike_p2'), { persistentLoad });
    const w = obj(dict(obj(dict(r.value).get('model')).attr('_parameters')).get('weight'));
    expect(w.cls.qualified).toBe('torch._utils._rebuild_parameter');
    expect(obj(w.args[0]).cls.qualified).toBe('torch._utils._rebuild_tensor_v2');
  });

  it('caller builders take precedence over ours', () => {
    const r = unpickle(load('kitchen_p2'), { builders: { 'collections.OrderedDict': () => new PyDict('mine') } });
    expect(dict(dict(r.value).get('od')).className).toBe('mine');
  });

  it('a legacy stream: five pickles back to back, then raw storage bytes', () => {
    const bytes = load('legacy_stream');
    const values: PyValue[] = [];
    let at = 0;
    const ends: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = unpickle(bytes, { persistentLoad, builders }, at);
      values.push(r.value);
      ends.push(r.end);
      at = r.end;
    }
    expect(ends).toEqual(CASES.legacy_stream.ends);
    expect(values[0]).toBe(0x1950a86a20f9469cfc6cn);
    expect(values[1]).toBe(1001);
    expect(dict(values[2]).get('little_endian')).toBe(true);
    expect(dict(values[3]).keys).toEqual(['weight', 'bias']);
    expect(values[4]).toEqual(['0', '1']);
    expect(bytes.length - at).toBe(8 + 24 + 8 + 12);
  });
});
