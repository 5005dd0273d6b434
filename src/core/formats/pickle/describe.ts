import type { PyValue } from './values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from './values';

/**
 * A short Python-like rendering of an unpickled value for the UI: containers show a few items
 * up to `depth` levels down and a count below that; everything is cut at `maxLength` chars.
 */
export function describe(v: PyValue, depth = 1, maxLength = 120): string {
  const s = render(v, depth);
  return s.length > maxLength ? `${s.slice(0, Math.max(0, maxLength - 1))}…` : s;
}

const MAX_ITEMS = 4;
const MAX_STR = 40;

function pyStr(s: string): string {
  const cut = s.length > MAX_STR ? s.slice(0, MAX_STR) : s;
  const body = cut.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c);
  return `'${body}${s.length > MAX_STR ? '…' : ''}'`;
}

function pyBytes(b: Uint8Array): string {
  if (b.length > 16) return `bytes(${b.length})`;
  let s = '';
  for (const c of b) {
    s += c === 0x27 || c === 0x5c ? `\\${String.fromCharCode(c)}`
      : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `b'${s}'`;
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return Object.is(n, -0) ? '-0.0' : String(n);
}

function list(items: PyValue[], depth: number): string {
  const shown = items.slice(0, MAX_ITEMS).map((x) => render(x, depth - 1));
  if (items.length > MAX_ITEMS) shown.push(`… +${items.length - MAX_ITEMS}`);
  return shown.join(', ');
}

function count(n: number): string { return `${n} item${n === 1 ? '' : 's'}`; }

function shortClass(qualified: string): string {
  return qualified === 'collections.OrderedDict' ? 'OrderedDict' : qualified === 'builtins.dict' ? 'dict' : qualified;
}

function render(v: PyValue, depth: number): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyStr(v);
  if (v instanceof Uint8Array) return pyBytes(v);
  if (Array.isArray(v)) return depth <= 0 ? `list(${count(v.length)})` : `[${list(v, depth)}]`;
  if (v instanceof PyTuple) {
    if (depth <= 0) return `tuple(${count(v.items.length)})`;
    return v.items.length === 1 ? `(${render(v.items[0], depth - 1)},)` : `(${list(v.items, depth)})`;
  }
  if (v instanceof PyDict) {
    const name = shortClass(v.className);
    if (depth <= 0) return `${name}(${count(v.size)})`;
    const shown = v.keys.slice(0, MAX_ITEMS).map((k, i) => `${render(k, depth - 1)}: ${render(v.values[i], depth - 1)}`);
    if (v.size > MAX_ITEMS) shown.push(`… +${v.size - MAX_ITEMS}`);
    return name === 'dict' ? `{${shown.join(', ')}}` : `${name}({${shown.join(', ')}})`;
  }
  if (v instanceof PySet) {
    const name = v.frozen ? 'frozenset' : 'set';
    if (depth <= 0 || v.items.length === 0) return `${name}(${v.items.length ? count(v.items.length) : ''})`;
    return v.frozen ? `frozenset({${list(v.items, depth)}})` : `{${list(v.items, depth)}}`;
  }
  if (v instanceof PyGlobal) return v.qualified;
  if (v instanceof PyObject) {
    const callee = v.callee !== undefined ? render(v.callee, 0) : v.cls.qualified;
    if (v.args.length && depth > 0) return `${callee}(${list(v.args, depth)})`;
    const hasMore = v.args.length || v.state !== null || v.listItems.length || v.dictItems.length;
    return `${callee}(${hasMore ? '...' : ''})`;
  }
  return renderTyped(v as { readonly kind: string } & Record<string, unknown>);
}

/** Values made by builders (ours and the torch layer's), by their `kind`. */
function renderTyped(v: { readonly kind: string } & Record<string, unknown>): string {
  const shape = Array.isArray(v.shape) ? `[${(v.shape as unknown[]).join(', ')}]` : undefined;
  switch (v.kind) {
    case 'ndarray': return `ndarray(${String(v.dtype)}, ${shape ?? '?'})`;
    case 'npdtype': return `dtype('${String(v.descr)}')`;
    case 'complex': {
      const re = Number(v.real), im = Number(v.imag);
      return `(${pyNumber(re)}${im < 0 || Object.is(im, -0) ? '-' : '+'}${pyNumber(Math.abs(im))}j)`;
    }
    case 'slice': case 'range': {
      const parts = [v.start, v.stop, v.step].map((x) => (x === null ? 'None' : typeof x === 'object' ? '…' : String(x)));
      return `${v.kind}(${parts.join(', ')})`;
    }
  }
  if (shape !== undefined) return `${v.kind} spec(${typeof v.dtype === 'string' ? `${v.dtype}, ` : ''}${shape})`;
  return `<${v.kind}>`;
}
