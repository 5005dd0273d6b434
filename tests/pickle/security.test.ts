import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_BUILDERS } from '../../src/core/formats/pickle/builtins';
import { PickleError } from '../../src/core/formats/pickle/errors';
import { unpickle } from '../../src/core/formats/pickle/unpickle';
import type { Builder, PyValue } from '../../src/core/formats/pickle/values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from '../../src/core/formats/pickle/values';
import { asm, global, sbu } from './asm';
import { CASES, EVIL, load } from './fixtures';

/** Every value reachable from `root`, iteratively (payload trees can be deep). */
function reachable(root: PyValue): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const todo: unknown[] = [root];
  while (todo.length) {
    const v = todo.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) { out.push(v); continue; }
    seen.add(v);
    out.push(v);
    if (Array.isArray(v)) todo.push(...v);
    else if (v instanceof PyTuple || v instanceof PySet) todo.push(...v.items);
    else if (v instanceof PyDict) todo.push(...v.keys, ...v.values);
    else if (v instanceof PyObject) todo.push(v.cls, ...v.args, v.state, ...v.listItems, ...v.dictItems.flat(), v.kwargs, v.callee);
    else if (!(v instanceof Uint8Array) && !(v instanceof PyGlobal)) todo.push(...Object.values(v));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hostile pickles build inert data and run nothing', () => {
  it('the fixtures hold working exploits (checked against real Python by make_cases.py)', () => {
    expect(EVIL.filter((e) => e.live).length).toBeGreaterThanOrEqual(10);
  });

  for (const e of EVIL) {
    it(`${e.name}${e.live ? ' (runs `touch` under pickle.loads)' : ''}`, async () => {
      rmSync(e.marker, { force: true });
      const persistentLoad = vi.fn((pid: PyValue) => ({ kind: 'pid', pid }));
      const r = unpickle(load(`evil_${e.name}`), { persistentLoad });
      for (const v of reachable(r.value)) {
        expect(typeof v).not.toBe('function');
        if (v instanceof PyObject) expect(v.cls).toBeInstanceOf(PyGlobal);
      }
      await sleep(e.name.includes('popen') ? 300 : 20); // a spawned process would have had time to run
      expect(existsSync(e.marker)).toBe(false);
    });
  }

  it('os.system(cmd) is a record of the call', () => {
    const v = unpickle(load('evil_os_system_p0')).value as PyObject;
    expect(v).toBeInstanceOf(PyObject);
    expect([v.cls.qualified, v.via, v.args]).toEqual(['os.system', 'reduce', [`touch ${CASES.evil_os_system_p0.marker}`]]);
  });

  it('getattr(__import__("os"), "system")(cmd): calling a call result stays data', () => {
    const v = unpickle(load('evil_getattr_chain')).value as PyObject;
    expect(v.cls.qualified).toBe('?.<call of non-global>');
    expect(v.args).toEqual([`touch ${CASES.evil_getattr_chain.marker}`]);
    const getattr = v.callee as PyObject;
    expect(getattr.cls.qualified).toBe('builtins.getattr');
    const imported = getattr.args[0] as PyObject;
    expect([imported.cls.qualified, imported.args]).toEqual(['builtins.__import__', ['os']]);
    expect(getattr.args[1]).toBe('system');
  });

  it('a planted __setstate__ is just a state entry', () => {
    const v = unpickle(load('evil_setstate_plant')).value as PyObject;
    expect(v.cls.qualified).toBe('types.SimpleNamespace');
    expect(v.state).toBe(`touch ${CASES.evil_setstate_plant.marker}`);
  });

  it('INST, OBJ and NEWOBJ forms of the same calls are records too', () => {
    for (const [name, via] of [['inst_p0', 'inst'], ['obj_p1', 'obj'], ['newobj_popen', 'newobj']] as const) {
      const v = unpickle(load(`evil_${name}`)).value as PyObject;
      expect(v.via).toBe(via);
      expect(['os.system', 'subprocess.Popen']).toContain(v.cls.qualified);
    }
  });

  it('builders are looked up by exact name in own entries only, never through a prototype', () => {
    const evil = vi.fn<Builder>(() => 'ran');
    const inherited = Object.create({ 'os.system': evil, 'builtins.eval': evil }) as Record<string, Builder>;
    const r = unpickle(load('evil_os_system_p0'), { builders: inherited });
    expect(evil).not.toHaveBeenCalled();
    expect(r.value).toBeInstanceOf(PyObject);
    // Names that exist on Object.prototype are just names.
    for (const [m, n] of [['constructor', 'constructor'], ['__proto__', 'toString'], ['Object', 'prototype']]) {
      const v = unpickle(asm(...global(m, n), 'EMPTY_TUPLE', 'REDUCE', 'STOP')).value as PyObject;
      expect(v).toBeInstanceOf(PyObject);
      expect(v.cls.qualified).toBe(`${m}.${n}`);
    }
    const v = unpickle(asm(...sbu('__proto__'), ...sbu('constructor'), 'STACK_GLOBAL', 'EMPTY_TUPLE', 'REDUCE', 'STOP')).value;
    expect(v).toBeInstanceOf(PyObject);
  });

  it('our builder table is exactly this allow-list of data builders', () => {
    expect(Object.keys(BUILTIN_BUILDERS).sort()).toEqual([
      '_codecs.encode', 'builtins.bytearray', 'builtins.bytes', 'builtins.complex', 'builtins.dict', 'builtins.frozenset',
      'builtins.list', 'builtins.range', 'builtins.set', 'builtins.slice', 'builtins.tuple', 'collections.OrderedDict',
      'copyreg.__newobj__', 'copyreg.__newobj_ex__', 'copyreg._reconstructor', 'numpy._core.multiarray._reconstruct',
      'numpy._core.multiarray.scalar', 'numpy._core.numeric._frombuffer', 'numpy.core.multiarray._reconstruct',
      'numpy.core.multiarray.scalar', 'numpy.core.numeric._frombuffer', 'numpy.dtype',
    ]);
    expect(Object.isFrozen(BUILTIN_BUILDERS)).toBe(true);
  });

  it('builders that construct (copyreg.__newobj__) nest a bounded number of times', () => {
    const n = 5000;
    const chain: number[] = [];
    for (let i = 0; i < n; i++) chain.push(...global('copyreg', '__newobj__'));
    const v = unpickle(asm(...global('copyreg', '__newobj__'), 'MARK', ...chain, 'TUPLE', 'REDUCE', 'STOP')).value;
    expect(v).toBeInstanceOf(PyObject);
  });

  it('the VM source has no way to turn text into code', () => {
    const dir = new URL('../../src/core/formats/pickle/', import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      for (const bad of [/\beval\s*\(/, /\bnew\s+Function\b/, /\bFunction\s*\(/, /\bimport\s*\(/, /\brequire\s*\(/,
        /\bglobalThis\b/, /\bwindow\b/, /\bself\[/, /\bprocess\./, /\bsetTimeout\b/, /\bReflect\./]) {
        expect(bad.test(src), `${f} matches ${bad}`).toBe(false);
      }
    }
  });

  it('a persistent id made from a hostile call reaches persistentLoad as data', () => {
    const persistentLoad = vi.fn((pid: PyValue) => pid);
    unpickle(load('evil_persid_os'), { persistentLoad });
    const pid = persistentLoad.mock.calls[0][0] as PyObject;
    expect(pid).toBeInstanceOf(PyObject);
    expect(pid.cls.qualified).toBe('os.system');
  });

  it('errors from the caller’s own callbacks propagate unchanged', () => {
    class Mine extends Error {}
    const err = new Mine('no storage');
    expect(() => unpickle(load('persid_p2'), { persistentLoad: () => { throw err; } })).toThrow(err);
    const t = () => unpickle(load('kitchen_p4'), { builders: { 'collections.OrderedDict': () => { throw err; } } });
    expect(t).toThrow(err);
    expect(t).not.toThrow(PickleError);
  });
});
