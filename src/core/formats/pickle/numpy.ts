import { halfToFloat } from '../../model/dtype';
import { intValue } from './text';
import type { Builder, PyValue, StateSetter } from './values';
import { isKind, PyDict, PyGlobal, PyObject, PyTuple } from './values';

/**
 * numpy's pickled forms rebuilt as data: arrays as raw bytes plus shape and numpy descr, dtypes
 * as their descr string, scalars as JS numbers. Arrays and dtypes are filled in place by BUILD
 * so memo references taken before BUILD see the finished value.
 */
export interface NdArray {
  readonly kind: 'ndarray';
  shape: number[];
  /** numpy descr, e.g. '<f4', '|u1', '|O'. */
  dtype: string;
  fortranOrder: boolean;
  /** Raw element bytes in the order `fortranOrder` says; empty for object arrays. */
  data: Uint8Array;
  /** Elements of an object ('|O') array. */
  objects?: PyValue[];
  /** Set when the array is an ndarray subclass (numpy.matrix, a masked array, …). */
  subclass?: string;
}

export interface NpField { name: string; descr: string; offset: number }

export interface NpDType {
  readonly kind: 'npdtype';
  /** numpy descr ('<f8', '|b1', '<U5', '|V12', '|O', …). */
  descr: string;
  itemsize: number;
  /** Structured dtypes: their fields, in order. */
  fields?: NpField[];
}

export interface PyComplex { readonly kind: 'complex'; real: number; imag: number }

export const isNdArray = (v: PyValue | undefined): v is NdArray & PyValue => isKind(v, 'ndarray');
export const isNpDType = (v: PyValue | undefined): v is NpDType & PyValue => isKind(v, 'npdtype');

function toNum(v: PyValue | undefined): number | undefined {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : undefined;
}

function items(v: PyValue | undefined): PyValue[] | undefined {
  return v instanceof PyTuple ? v.items : Array.isArray(v) ? v : undefined;
}

function shapeOf(v: PyValue | undefined, what: string): number[] {
  const list = items(v);
  if (!list) throw new Error(`${what}: shape is not a tuple`);
  return list.map((d) => {
    const n = toNum(d);
    if (n === undefined || !Number.isSafeInteger(n) || n < 0) throw new Error(`${what}: shape holds ${String(d)}`);
    return n;
  });
}

/** Python-2 pickles carry array bytes as latin-1 `str`. */
function bytesOf(v: PyValue | undefined): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (typeof v !== 'string') return undefined;
  const out = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

const SPEC = /^([<>|=]?)([a-zA-Z?])(\d*)(.*)$/;
const ORDERED = 'iufcmMU';

function parseDescr(descr: string): { order: string; type: string; size: number; rest: string } | undefined {
  const m = SPEC.exec(descr);
  if (!m) return undefined;
  const type = m[2] === '?' ? 'b' : m[2];
  const size = m[3] ? Number(m[3]) : type === 'b' ? 1 : type === 'O' ? 8 : 0;
  return { order: m[1], type, size, rest: m[4] };
}

function describeDType(d: NpDType, order: string, type: string, size: number, rest: string): void {
  const o = order === '=' ? '<' : order;
  if (type === 'O') { d.descr = '|O'; d.itemsize = 8; return; }
  d.itemsize = type === 'U' ? size * 4 : size;
  d.descr = `${o}${type}${size || ''}${rest}`;
}

function makeDType(spec: string): NpDType | undefined {
  const p = parseDescr(spec);
  if (!p) return undefined;
  const elem = p.type === 'U' ? 4 : p.size;
  const order = p.order || (ORDERED.includes(p.type) && elem > 1 ? '<' : '|');
  const d: NpDType = { kind: 'npdtype', descr: '', itemsize: 0 };
  describeDType(d, order, p.type, p.size, p.rest);
  return d;
}

const dtypeBuilder: Builder = (args) => {
  const d = typeof args[0] === 'string' ? makeDType(args[0]) : undefined;
  return d ?? new PyObject(new PyGlobal('numpy', 'dtype'), args, 'reduce');
};

/** datetime64/timedelta64 units from a version-4 dtype state: (None, (b'ns', 1, 1, 1)) → '[ns]'. */
function timeUnit(meta: PyValue | undefined): string {
  const unit = items(items(meta)?.[1]);
  if (!unit) return '';
  const name = unit[0] instanceof Uint8Array ? String.fromCharCode(...unit[0]) : typeof unit[0] === 'string' ? unit[0] : '';
  const num = toNum(unit[1]) ?? 1;
  return name ? `[${num > 1 ? num : ''}${name}]` : '';
}

/** `dtype.__setstate__((version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]))`. */
const dtypeSetter: StateSetter = (target, state) => {
  const s = items(state);
  if (!isNpDType(target) || !s || s.length < 6) return target;
  const p = parseDescr(target.descr);
  if (!p) return target;
  const order = typeof s[1] === 'string' ? s[1] : p.order;
  const elsize = toNum(s[5]) ?? -1;
  // Flexible types (S, U, V) take their size from the state; 'U' stores bytes, 4 per char.
  const size = elsize > 0 && 'SUV'.includes(p.type) ? (p.type === 'U' ? elsize / 4 : elsize) : p.size;
  describeDType(target, order, p.type, size, p.rest || timeUnit(s[8]));
  const names = items(s[3]), fields = s[4];
  if (names && fields instanceof PyDict) {
    target.fields = names.map((n) => {
      const f = items(fields.get(String(n)));
      const fd = f?.[0];
      return { name: String(n), descr: isNpDType(fd) ? fd.descr : '?', offset: toNum(f?.[1]) ?? 0 };
    });
  }
  return target;
};

const reconstruct: Builder = (args) => {
  const cls = args[0];
  const a: NdArray = { kind: 'ndarray', shape: [0], dtype: '|u1', fortranOrder: false, data: new Uint8Array(0) };
  if (cls instanceof PyGlobal && cls.qualified !== 'numpy.ndarray') a.subclass = cls.qualified;
  return a;
};

function checkSize(a: NdArray, what: string): void {
  if (a.objects) return;
  const p = parseDescr(a.dtype);
  const itemsize = p ? (p.type === 'U' ? p.size * 4 : p.size) : 0;
  if (itemsize <= 0) return;
  const want = a.shape.reduce((x, y) => x * y, 1) * itemsize;
  if (want !== a.data.length) {
    throw new Error(`${what}: shape [${a.shape.join(', ')}] of ${a.dtype} needs ${want} bytes, the pickle holds ${a.data.length}`);
  }
}

function dtypeDescr(v: PyValue | undefined, what: string): string {
  if (isNpDType(v)) return v.descr;
  if (typeof v === 'string') return makeDType(v)?.descr ?? v;
  throw new Error(`${what}: the dtype is not a numpy dtype`);
}

/** `ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata))`; old pickles omit version. */
const ndarraySetter: StateSetter = (target, state) => {
  let s = items(state);
  if (!isNdArray(target) || !s) return target;
  if (s.length === 5) s = s.slice(1);
  if (s.length !== 4) throw new Error(`ndarray state has ${s.length} fields, expected 4 or 5`);
  target.shape = shapeOf(s[0], 'ndarray state');
  target.dtype = dtypeDescr(s[1], 'ndarray state');
  target.fortranOrder = s[2] === true || s[2] === 1;
  const raw = s[3];
  if (target.dtype === '|O') {
    target.objects = items(raw) ?? [];
    target.data = new Uint8Array(0);
  } else {
    const b = bytesOf(raw);
    if (!b) throw new Error('ndarray state: the array data is not bytes');
    target.data = b;
  }
  checkSize(target, 'ndarray state');
  return target;
};

/** Protocol-5 arrays: `_frombuffer(buffer, dtype, shape, order)`. */
const frombuffer: Builder = (args) => {
  const b = bytesOf(args[0]);
  if (!b) throw new Error('_frombuffer: the array data is not bytes');
  const a: NdArray = {
    kind: 'ndarray', shape: shapeOf(args[2], '_frombuffer'), dtype: dtypeDescr(args[1], '_frombuffer'),
    fortranOrder: args[3] === 'F', data: b,
  };
  checkSize(a, '_frombuffer');
  return a;
};

function utf32(b: Uint8Array, little: boolean): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let s = '';
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const cp = dv.getUint32(i, little);
    if (cp === 0) break;
    s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return s;
}

/** `numpy.core.multiarray.scalar(dtype, bytes)`: the value of a numpy scalar (np.float32(1.5) → 1.5). */
const scalar: Builder = (args) => {
  const opaque = () => new PyObject(new PyGlobal('numpy.core.multiarray', 'scalar'), args, 'reduce');
  const descr = isNpDType(args[0]) ? args[0].descr : undefined;
  const p = descr ? parseDescr(descr) : undefined;
  if (!p) return opaque();
  if (p.type === 'O') return args[1] ?? null;
  const b = bytesOf(args[1]);
  if (!b || b.length < p.size) return opaque();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = p.order !== '>';
  switch (`${p.type}${p.size}`) {
    case 'f8': return dv.getFloat64(0, le);
    case 'f4': return dv.getFloat32(0, le);
    case 'f2': return halfToFloat(dv.getUint16(0, le));
    case 'i8': return intValue(dv.getBigInt64(0, le));
    case 'u8': return intValue(dv.getBigUint64(0, le));
    case 'i4': return dv.getInt32(0, le);
    case 'u4': return dv.getUint32(0, le);
    case 'i2': return dv.getInt16(0, le);
    case 'u2': return dv.getUint16(0, le);
    case 'i1': return dv.getInt8(0);
    case 'u1': return dv.getUint8(0);
    case 'b1': return dv.getUint8(0) !== 0;
    case 'c8': return { kind: 'complex', real: dv.getFloat32(0, le), imag: dv.getFloat32(4, le) } satisfies PyComplex;
    case 'c16': return { kind: 'complex', real: dv.getFloat64(0, le), imag: dv.getFloat64(8, le) } satisfies PyComplex;
  }
  if (p.type === 'U') return utf32(b, le);
  if (p.type === 'S') { const end = b.indexOf(0); return b.slice(0, end < 0 ? b.length : end); }
  return opaque();
};

export const NUMPY_BUILDERS: Record<string, Builder> = {};
for (const core of ['numpy.core', 'numpy._core']) {
  NUMPY_BUILDERS[`${core}.multiarray._reconstruct`] = reconstruct;
  NUMPY_BUILDERS[`${core}.multiarray.scalar`] = scalar;
  NUMPY_BUILDERS[`${core}.numeric._frombuffer`] = frombuffer;
}
NUMPY_BUILDERS['numpy.dtype'] = dtypeBuilder;

export const NUMPY_STATE_SETTERS: Record<string, StateSetter> = {
  ndarray: ndarraySetter,
  npdtype: dtypeSetter,
};
