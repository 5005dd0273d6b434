import type { PyValue } from '../../src/core/formats/pickle/values';
import { isKind, PyDict, PyGlobal, PyObject, PySet, PyTuple } from '../../src/core/formats/pickle/values';

/** The tagged JSON form make_cases.py writes for what Python itself unpickled. */
export type Canon =
  | null
  | { bool: boolean } | { int: string } | { float: string } | { str: string } | { bytes: string }
  | { list: Canon[] } | { tuple: Canon[] } | { dict: [Canon, Canon][]; class: string }
  | { set: Canon[]; frozen: boolean } | { complex: [Canon, Canon] } | { slice: [Canon, Canon, Canon] }
  | { range: [number, number, number] } | { global: string } | { object: string; state: Canon }
  | { cycle: true } | { ndarray: { shape: number[]; dtype: string; fortran?: boolean; data?: string; objects?: Canon[] } };

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `bytes(${hex(v).slice(0, 40)})`;
  if (typeof v === 'object' && v !== null) return (v as { constructor: { name: string } }).constructor.name;
  return JSON.stringify(v) ?? String(v);
}

/** Every place `actual` differs from Python's view, as `path: message` lines (empty when equal). */
export function mismatches(actual: PyValue | undefined, expected: Canon, path = '$', out: string[] = []): string[] {
  const fail = (msg: string) => { out.push(`${path}: ${msg}`); return out; };
  const each = (items: PyValue[], exp: Canon[]) => {
    if (items.length !== exp.length) return fail(`length ${items.length}, expected ${exp.length}`);
    exp.forEach((e, i) => mismatches(items[i], e, `${path}[${i}]`, out));
    return out;
  };
  if (expected === null) return actual === null ? out : fail(`${show(actual)}, expected None`);
  if ('cycle' in expected) return out;
  if ('bool' in expected) return actual === expected.bool ? out : fail(`${show(actual)}, expected ${expected.bool}`);
  if ('int' in expected) {
    const want = BigInt(expected.int);
    const safe = want >= BigInt(Number.MIN_SAFE_INTEGER) && want <= BigInt(Number.MAX_SAFE_INTEGER);
    return (safe ? actual === Number(want) : actual === want) ? out : fail(`${show(actual)}, expected int ${expected.int}`);
  }
  if ('float' in expected) {
    const f = expected.float;
    const want = f === 'nan' ? NaN : f === 'inf' ? Infinity : f === '-inf' ? -Infinity : f === '-0' ? -0 : Number(f);
    return typeof actual === 'number' && Object.is(actual, want) ? out : fail(`${show(actual)}, expected float ${f}`);
  }
  if ('str' in expected) return actual === expected.str ? out : fail(`${show(actual)}, expected ${JSON.stringify(expected.str)}`);
  if ('bytes' in expected) {
    return actual instanceof Uint8Array && hex(actual) === expected.bytes ? out : fail(`${show(actual)}, expected bytes ${expected.bytes.slice(0, 40)}`);
  }
  if ('list' in expected) return Array.isArray(actual) ? each(actual, expected.list) : fail(`${show(actual)}, expected list`);
  if ('tuple' in expected) return actual instanceof PyTuple ? each(actual.items, expected.tuple) : fail(`${show(actual)}, expected tuple`);
  if ('set' in expected) {
    if (!(actual instanceof PySet)) return fail(`${show(actual)}, expected set`);
    if (actual.frozen !== expected.frozen) fail(`frozen=${actual.frozen}`);
    return each(actual.items, expected.set);
  }
  if ('dict' in expected) {
    if (!(actual instanceof PyDict)) return fail(`${show(actual)}, expected dict`);
    if (actual.className !== expected.class) fail(`class ${actual.className}, expected ${expected.class}`);
    each(actual.keys, expected.dict.map((kv) => kv[0]));
    expected.dict.forEach(([, v], i) => mismatches(actual.values[i], v, `${path}{${i}}`, out));
    return out;
  }
  if ('complex' in expected) {
    if (!isKind(actual, 'complex')) return fail(`${show(actual)}, expected complex`);
    const c = actual as unknown as { real: number; imag: number };
    mismatches(c.real, expected.complex[0], `${path}.real`, out);
    return mismatches(c.imag, expected.complex[1], `${path}.imag`, out);
  }
  if ('slice' in expected || 'range' in expected) {
    const kind = 'slice' in expected ? 'slice' : 'range';
    if (!isKind(actual, kind)) return fail(`${show(actual)}, expected ${kind}`);
    const r = actual as unknown as { start: PyValue; stop: PyValue; step: PyValue };
    if ('range' in expected) {
      return [r.start, r.stop, r.step].join() === expected.range.join() ? out : fail(`range ${[r.start, r.stop, r.step].join()}`);
    }
    return each([r.start, r.stop, r.step], expected.slice);
  }
  if ('global' in expected) {
    return actual instanceof PyGlobal && actual.qualified === expected.global ? out : fail(`${show(actual)}, expected global ${expected.global}`);
  }
  if ('object' in expected) {
    if (!(actual instanceof PyObject)) return fail(`${show(actual)}, expected ${expected.object} object`);
    if (actual.cls.qualified !== expected.object) fail(`class ${actual.cls.qualified}, expected ${expected.object}`);
    return mismatches(actual.state, expected.state, `${path}.state`, out);
  }
  if ('ndarray' in expected) {
    if (!isKind(actual, 'ndarray')) return fail(`${show(actual)}, expected ndarray`);
    const a = actual as unknown as { shape: number[]; dtype: string; fortranOrder: boolean; data: Uint8Array; objects?: PyValue[] };
    const e = expected.ndarray;
    if (a.shape.join() !== e.shape.join()) fail(`shape [${a.shape.join()}], expected [${e.shape.join()}]`);
    if (a.dtype !== e.dtype) fail(`dtype ${a.dtype}, expected ${e.dtype}`);
    if (e.fortran !== undefined && a.fortranOrder !== e.fortran) fail(`fortranOrder ${a.fortranOrder}`);
    if (e.data !== undefined && hex(a.data) !== e.data) fail(`data ${hex(a.data).slice(0, 40)}, expected ${e.data.slice(0, 40)}`);
    if (e.objects) each(a.objects ?? [], e.objects);
    return out;
  }
  return fail(`unknown expectation ${JSON.stringify(expected)}`);
}
