import { NUMPY_BUILDERS, NUMPY_STATE_SETTERS, type PyComplex } from './numpy';
import type { BuildContext, Builder, PyValue, StateSetter } from './values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from './values';

/**
 * Our data builders for the Python globals ordinary pickles name. Each one makes a data record
 * from its arguments and nothing else; arguments of a shape a builder does not expect give the
 * same opaque PyObject an unknown global would, so odd files still open.
 */

export interface PySlice { readonly kind: 'slice'; start: PyValue; stop: PyValue; step: PyValue }
export interface PyRange { readonly kind: 'range'; start: number; stop: number; step: number }
export type { PyComplex };

const opaque = (qualified: string, args: PyValue[], kwargs?: PyDict): PyObject => {
  const dot = qualified.lastIndexOf('.');
  return new PyObject(new PyGlobal(qualified.slice(0, dot), qualified.slice(dot + 1)), args, 'reduce', kwargs);
};

/** The elements of anything Python could iterate to fill a container; undefined for other values. */
function iterate(v: PyValue | undefined): PyValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple || v instanceof PySet) return v.items;
  if (v instanceof PyDict) return v.keys;
  if (v instanceof Uint8Array) return Array.from(v);
  if (typeof v === 'string') return Array.from(v);
  return undefined;
}

/** Copies `items` after charging them to the pickle's container budget (a memo GET makes copies cheap to ask for). */
function copy(items: PyValue[], ctx?: BuildContext): PyValue[] {
  ctx?.charge(items.length);
  return items.slice();
}

function num(v: PyValue | undefined): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' || typeof v === 'boolean' ? Number(v) : undefined;
}

function makeDict(className: string): Builder {
  return (args, kwargs, ctx) => {
    const d = new PyDict(className);
    const src = args[0];
    if (src instanceof PyDict) {
      ctx?.charge(src.size);
      for (const [k, v] of src.entries()) d.set(k, v);
    } else if (src !== undefined) {
      const pairs = iterate(src);
      if (!pairs || typeof src === 'string') return opaque(className, args, kwargs);
      ctx?.charge(pairs.length);
      for (const p of pairs) {
        const kv = p instanceof PyTuple ? p.items : Array.isArray(p) ? p : undefined;
        if (!kv || kv.length !== 2) return opaque(className, args, kwargs);
        d.set(kv[0], kv[1]);
      }
    }
    if (kwargs) for (const [k, v] of kwargs.entries()) d.set(k, v);
    return d;
  };
}

function makeSequence(qualified: string, wrap: (items: PyValue[]) => PyValue): Builder {
  return (args, kwargs, ctx) => {
    if (args.length === 0) return wrap([]);
    const src = iterate(args[0]);
    return src && args.length === 1 ? wrap(copy(src, ctx)) : opaque(qualified, args, kwargs);
  };
}

function encodeText(s: string, encoding: string): Uint8Array | undefined {
  const enc = encoding.toLowerCase().replace(/_/g, '-');
  if (['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1', 'ascii', 'us-ascii'].includes(enc)) {
    const max = enc.includes('ascii') ? 0x7f : 0xff;
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > max) return undefined;
      out[i] = c;
    }
    return out;
  }
  if (['utf-8', 'utf8', 'u8'].includes(enc)) return new TextEncoder().encode(s);
  return undefined;
}

/** bytes(...) and bytearray(...): from bytes, from a list of ints, or from (str, encoding). */
function makeBytes(qualified: string): Builder {
  return (args, kwargs, ctx) => {
    const [src, enc] = args;
    if (src === undefined) return new Uint8Array(0);
    if (src instanceof Uint8Array && args.length === 1) return src.slice();
    if (typeof src === 'string' && typeof enc === 'string') return encodeText(src, enc) ?? opaque(qualified, args, kwargs);
    const list = Array.isArray(src) ? src : src instanceof PyTuple ? src.items : undefined;
    if (list && args.length === 1) {
      ctx?.charge(list.length);
      const out = new Uint8Array(list.length);
      for (let i = 0; i < list.length; i++) {
        const b = list[i];
        if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) return opaque(qualified, args, kwargs);
        out[i] = b;
      }
      return out;
    }
    return opaque(qualified, args, kwargs);
  };
}

/** `_codecs.encode(text, encoding)`: how protocols 0–2 write `bytes`. */
const codecsEncode: Builder = (args, kwargs) => {
  const [text, enc = 'utf-8'] = args;
  const out = typeof text === 'string' && typeof enc === 'string' ? encodeText(text, enc) : undefined;
  return out ?? opaque('_codecs.encode', args, kwargs);
};

function construct(ctx: BuildContext | undefined, cls: PyValue | undefined, args: PyValue[], via: PyObject['via'], kwargs?: PyDict): PyValue {
  if (ctx) return ctx.construct(cls ?? null, args, via, kwargs);
  return new PyObject(cls instanceof PyGlobal ? cls : new PyGlobal('?', '<call of non-global>'), args, via, kwargs);
}

/** `copyreg._reconstructor(cls, base, state)`: protocols 0–1 for plain class instances. */
const reconstructor: Builder = (args, _kwargs, ctx) => {
  const [cls, base, state] = args;
  const plain = base instanceof PyGlobal && base.qualified === 'builtins.object';
  return construct(ctx, cls, plain || state === undefined || state === null ? [] : [state], 'reconstructor');
};

const newobj: Builder = (args, _kwargs, ctx) => construct(ctx, args[0], args.slice(1), 'newobj');

const newobjEx: Builder = (args, _kwargs, ctx) => {
  const [cls, a, kw] = args;
  const list = a instanceof PyTuple ? a.items : Array.isArray(a) ? a : [];
  return construct(ctx, cls, list, 'newobj_ex', kw instanceof PyDict ? kw : undefined);
};

/** complex(real, imag) → {kind: 'complex', real, imag}; complex('1+2j') and other forms stay opaque. */
const complex: Builder = (args, kwargs) => {
  const real = args.length > 0 ? num(args[0]) : 0, imag = args.length > 1 ? num(args[1]) : 0;
  if (real === undefined || imag === undefined || args.length > 2) return opaque('builtins.complex', args, kwargs);
  return { kind: 'complex', real, imag } satisfies PyComplex;
};

/** slice(stop) / slice(start, stop[, step]): bounds kept as pickled (None stays null). */
const slice: Builder = (args, kwargs) => {
  if (args.length === 1) return { kind: 'slice', start: null, stop: args[0], step: null } satisfies PySlice;
  if (args.length === 2 || args.length === 3) return { kind: 'slice', start: args[0], stop: args[1], step: args[2] ?? null } satisfies PySlice;
  return opaque('builtins.slice', args, kwargs);
};

/** range(stop) / range(start, stop[, step]). */
const range: Builder = (args, kwargs) => {
  const n = args.map(num);
  if (args.length < 1 || args.length > 3 || n.some((x) => x === undefined || !Number.isInteger(x))) return opaque('builtins.range', args, kwargs);
  const [a, b, c] = n as number[];
  return (args.length === 1 ? { kind: 'range', start: 0, stop: a, step: 1 } : { kind: 'range', start: a, stop: b, step: c ?? 1 }) satisfies PyRange;
};

export const PYTHON_BUILDERS: Record<string, Builder> = {
  'collections.OrderedDict': makeDict('collections.OrderedDict'),
  'builtins.dict': makeDict('builtins.dict'),
  'builtins.list': makeSequence('builtins.list', (items) => items),
  'builtins.tuple': makeSequence('builtins.tuple', (items) => new PyTuple(items)),
  'builtins.set': makeSequence('builtins.set', (items) => new PySet(items)),
  'builtins.frozenset': makeSequence('builtins.frozenset', (items) => new PySet(items, true)),
  'builtins.bytearray': makeBytes('builtins.bytearray'),
  'builtins.bytes': makeBytes('builtins.bytes'),
  '_codecs.encode': codecsEncode,
  'copyreg._reconstructor': reconstructor,
  'copyreg.__newobj__': newobj,
  'copyreg.__newobj_ex__': newobjEx,
  'builtins.complex': complex,
  'builtins.slice': slice,
  'builtins.range': range,
};

/**
 * Every built-in builder, by `module.name` (Python-3 spelling). The torch layer passes its own
 * in `options.builders`; those win over these. `builtins.object` has none on purpose: the
 * default record, PyObject(builtins.object, args, via), is exactly what `object()` is, and
 * keeps how it was called.
 */
export const BUILTIN_BUILDERS: Readonly<Record<string, Builder>> = Object.freeze({ ...PYTHON_BUILDERS, ...NUMPY_BUILDERS });

/** BUILD on values our builders make, by `kind`. `options.stateSetters` win over these. */
export const BUILTIN_STATE_SETTERS: Readonly<Record<string, StateSetter>> = Object.freeze({ ...NUMPY_STATE_SETTERS });
