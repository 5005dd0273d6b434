import { describe as group, expect, it } from 'vitest';
import { BUILTIN_BUILDERS } from '../../src/core/formats/pickle/builtins';
import { describe } from '../../src/core/formats/pickle/describe';
import { decodeLong, parsePyFloat, parsePyInt, rawUnicodeEscape, utf8 as decodeUtf8 } from '../../src/core/formats/pickle/text';
import { unpickle } from '../../src/core/formats/pickle/unpickle';
import type { PyValue } from '../../src/core/formats/pickle/values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from '../../src/core/formats/pickle/values';
import { asm, ascii, binint, global, sbu } from './asm';
import { load } from './fixtures';

const run = (...parts: Parameters<typeof asm>) => unpickle(asm('PROTO', 4, ...parts, 'STOP')).value;

group('BUILD', () => {
  it('sets a PyObject’s state, and merges a second dict state into a fresh dict', () => {
    const shared = [0x7d, ...sbu('a'), 0x4b, 1, 0x73, 0x94]; // {'a': 1}, memoised
    const v = run(...global('m', 'C'), 'EMPTY_TUPLE', 'NEWOBJ', ...shared, 'BUILD',
      'EMPTY_DICT', ...sbu('b'), 'BININT1', 2, 'SETITEM', 'BUILD', 'BINGET', 0, 'TUPLE2') as PyTuple;
    const o = v.items[0] as PyObject;
    expect(o.attr('a')).toBe(1);
    expect(o.attr('b')).toBe(2);
    expect((v.items[1] as PyDict).size).toBe(1); // the memoised dict was not changed
  });

  it('a (dict, slots) state is kept as a tuple and attr() looks in both', () => {
    const o = run(...global('m', 'C'), 'EMPTY_TUPLE', 'NEWOBJ', 'NONE', 'EMPTY_DICT', ...sbu('s'), 'BININT1', 3, 'SETITEM', 'TUPLE2', 'BUILD') as PyObject;
    expect(o.state).toBeInstanceOf(PyTuple);
    expect(o.attr('s')).toBe(3);
  });

  it("keeps a dict subclass's BUILD state as attributes, apart from its items (state_dict._metadata)", () => {
    const d = run(...global('collections', 'OrderedDict'), 'EMPTY_TUPLE', 'REDUCE', 'EMPTY_DICT', ...sbu('x'), 'NONE', 'SETITEM', 'BUILD') as PyDict;
    expect(d.className).toBe('collections.OrderedDict');
    expect(d.has('x')).toBe(false);
    expect(d.size).toBe(0);
    expect(d.attrs?.has('x')).toBe(true);
  });

  it('on anything else keeps the target and never throws', () => {
    for (const target of [[0x4e], [0x4b, 1], sbu('s'), [0x5d], global('os', 'system'), [0x8f]]) {
      expect(() => run(...target, 'EMPTY_DICT', 'BUILD')).not.toThrow();
    }
    expect(run('BININT1', 5, 'NONE', 'BUILD')).toBe(5);
  });

  it('stateSetters replace the stack top, and memo references see the replacement', () => {
    const builders = { 'm.make': () => ({ kind: 'thing', built: false }) };
    const stateSetters = { thing: (_t: PyValue, state: PyValue) => ({ kind: 'thing', built: true, state }) };
    const bytes = asm('PROTO', 4, ...global('m', 'make'), 'EMPTY_TUPLE', 'REDUCE', 'MEMOIZE', 'BININT1', 7, 'BUILD', 'BINGET', 0, 'TUPLE2', 'STOP');
    const [a, b] = (unpickle(bytes, { builders, stateSetters }).value as PyTuple).items;
    expect(a).toEqual({ kind: 'thing', built: true, state: 7 });
    expect(b).toBe(a);
  });
});

group('containers and calls', () => {
  it('SETITEM(S) and APPEND(S) on a PyObject go to dictItems/listItems', () => {
    const o = run(...global('m', 'D'), 'EMPTY_TUPLE', 'NEWOBJ', ...sbu('k'), 'NONE', 'SETITEM',
      'MARK', 'BININT1', 1, 'BININT1', 2, 'SETITEMS', 'BININT1', 3, 'APPEND') as PyObject;
    expect(o.dictItems).toEqual([['k', null], [1, 2]]);
    expect(o.listItems).toEqual([3]);
  });

  it('calling a non-global keeps the callable in `callee`', () => {
    const o = run('NONE', 'BININT1', 1, 'TUPLE1', 'REDUCE') as PyObject;
    expect([o.cls.qualified, o.callee, o.args]).toEqual(['?.<call of non-global>', null, [1]]);
  });

  it('PyDict looks up keys in O(1) and still finds big ints by number', () => {
    const d = new PyDict();
    for (let i = 0; i < 50_000; i++) d.set(`k${i}`, i);
    d.set(2n ** 70n, 'big');
    d.keys.push('pushed'); d.values.push('direct'); // code that fills the arrays directly still works
    expect(d.get('k49999')).toBe(49_999);
    expect(d.get(2 ** 70)).toBe('big');
    expect(d.get('pushed')).toBe('direct');
    d.set('k0', -1);
    expect(d.size).toBe(50_002);
  });

  it('`start` reads a pickle in the middle of a buffer', () => {
    const bytes = asm(0xde, 0xad, 'NONE', 'STOP', 'BININT1', 9, 'STOP', 0xff);
    expect(unpickle(bytes, {}, 2)).toMatchObject({ value: null, end: 4 });
    expect(unpickle(bytes, {}, 4)).toMatchObject({ value: 9, end: 7, protocol: 1 });
  });
});

group('built-in builders', () => {
  const call = (name: string, ...args: PyValue[]) => BUILTIN_BUILDERS[name](args);

  it('python builtins', () => {
    expect(call('builtins.list', new PyTuple([1, 2]))).toEqual([1, 2]);
    expect(call('builtins.tuple', [1])).toEqual(new PyTuple([1]));
    expect(call('builtins.set', [1])).toEqual(new PySet([1]));
    expect(call('builtins.frozenset')).toEqual(new PySet([], true));
    expect(call('builtins.bytes', [1, 255])).toEqual(new Uint8Array([1, 255]));
    expect(call('builtins.bytearray', 'é', 'latin-1')).toEqual(new Uint8Array([0xe9]));
    expect(call('_codecs.encode', 'é', 'utf-8')).toEqual(new Uint8Array([0xc3, 0xa9]));
    expect(call('builtins.complex', 1, 2)).toEqual({ kind: 'complex', real: 1, imag: 2 });
    expect(call('builtins.slice', 5)).toEqual({ kind: 'slice', start: null, stop: 5, step: null });
    expect(call('builtins.range', 3)).toEqual({ kind: 'range', start: 0, stop: 3, step: 1 });
    const od = call('collections.OrderedDict', [new PyTuple(['a', 1]), ['b', 2]]) as PyDict;
    expect([od.className, od.keys, od.values]).toEqual(['collections.OrderedDict', ['a', 'b'], [1, 2]]);
  });

  it('arguments of an unexpected shape give an opaque record, not an error', () => {
    for (const [name, args] of [['builtins.bytes', [[300]]], ['_codecs.encode', ['ĀĀ', 'latin1']], ['builtins.complex', ['1+2j']],
      ['builtins.dict', [5]], ['_codecs.encode', ['x', 'rot13']], ['numpy.dtype', [5]]] as [string, PyValue[]][]) {
      const v = BUILTIN_BUILDERS[name](args) as PyObject;
      expect(v, name).toBeInstanceOf(PyObject);
      expect(v.cls.qualified).toBe(name === 'numpy.dtype' ? 'numpy.dtype' : name);
    }
  });

  it('copyreg._reconstructor on a non-object base keeps the base state as the argument', () => {
    const v = BUILTIN_BUILDERS['copyreg._reconstructor']([new PyGlobal('m', 'D'), new PyGlobal('builtins', 'dict'), new PyDict()]) as PyObject;
    expect([v.cls.qualified, v.via, v.args.length]).toEqual(['m.D', 'reconstructor', 1]);
  });
});

group('text decoding', () => {
  it('integers', () => {
    expect(parsePyInt(' 42 ')).toBe(42);
    expect(parsePyInt('-0')).toBe(0);
    expect(parsePyInt('0x_ff')).toBe(255);
    expect(parsePyInt('1_000')).toBe(1000);
    expect(parsePyInt('007')).toBe(7);
    expect(parsePyInt('-9007199254740993')).toBe(-9007199254740993n);
    expect(() => parsePyInt('1__0')).toThrow();
    expect(() => parsePyInt('')).toThrow();
  });
  it('floats', () => {
    expect(parsePyFloat('-Infinity')).toBe(-Infinity);
    expect(parsePyFloat('.5')).toBe(0.5);
    expect(() => parsePyFloat('0x10')).toThrow();
  });
  it('LONG1 two’s complement', () => {
    expect(decodeLong(new Uint8Array([0xff]))).toBe(-1);
    expect(decodeLong(new Uint8Array([0x00, 0x80]))).toBe(-32768);
    expect(decodeLong(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x80]))).toBe(-(2n ** 63n));
    expect(decodeLong(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]))).toBe(1);
  });
  it('raw-unicode-escape: only an odd run of backslashes escapes', () => {
    expect(rawUnicodeEscape(new Uint8Array(ascii('a\\\\u0041 \\u0041 \\U0001F600')))).toBe('a\\\\u0041 A 😀');
  });
  it('lone surrogates written with surrogatepass survive', () => {
    expect(decodeUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe('a\ud800');
    expect(decodeUtf8(new Uint8Array([0xff]))).toBe('\ufffd');
  });
});

group('describe', () => {
  it('renders values the Python way, briefly', () => {
    const top = unpickle(load('kitchen_p4')).value as PyDict;
    expect(describe(top.get('od')!)).toBe("OrderedDict({'z': 1, 'a': list(1 item)})");
    expect(describe(top.get('od')!, 0)).toBe('OrderedDict(2 items)');
    expect(describe(top.get('net')!)).toBe('__main__.Net(...)');
    expect(describe(top.get('tuples')!, 2)).toBe('[(), (1,), (1, 2), (1, 2, 3), … +1]');
    expect(describe(top.get('consts')!)).toBe('[True, False, None]');
    expect(describe(top.get('complex')!)).toBe('(1.5-2j)');
    expect(describe(top.get('set')!)).toBe('{1, 2, 3}');
    expect(describe(top.get('emptyset')!)).toBe('set()');
    expect(describe(top.get('frozenset')!, 0)).toBe('frozenset(2 items)');
    expect(describe(top.get('bytes')!, 1)).toBe("[b'', b'\\x00\\xff', bytes(256), bytes(300)]");
    expect(describe([NaN, Infinity, -Infinity, -0])).toBe('[nan, inf, -inf, -0.0]');
    expect(describe('x'.repeat(100))).toBe(`'${'x'.repeat(40)}…'`);
    expect(describe(top, 3, 50)).toHaveLength(50);
    expect(describe(run(...global('os', 'system'), ...sbu('rm -rf /'), 'TUPLE1', 'REDUCE'))).toBe("os.system('rm -rf /')");
    expect(describe(run('NONE', 'EMPTY_TUPLE', 'REDUCE'))).toBe('None()');
    expect(describe({ kind: 'tensor', dtype: 'float32', shape: [2, 3] } as PyValue)).toBe('tensor spec(float32, [2, 3])');
    expect(describe({ kind: 'ndarray', dtype: '<f4', shape: [4], fortranOrder: false, data: new Uint8Array(16) } as PyValue)).toBe('ndarray(<f4, [4])');
    expect(describe({ kind: 'storage' })).toBe('<storage>');
    expect(describe(2n ** 70n)).toBe('1180591620717411303424');
    expect(describe(binint(1).length)).toBe('5');
  });
});
