import type { PyValue } from '../pickle/values';
import { PyDict, PyGlobal, PyObject, PySet, PyTuple } from '../pickle/values';
import { isTensorSpec } from './storage';

const MAX_ITEMS = 200;

/**
 * A pickled value as plain JSON-able data for metadata and layer configs: numbers, strings,
 * arrays and objects, with class instances shown by class name and long lists cut short.
 */
export function toPlain(v: PyValue | undefined, depth = 0): unknown {
  if (v === undefined || v === null || typeof v === 'boolean' || typeof v === 'string') return v ?? null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (depth > 6) return '…';
  if (Array.isArray(v) || v instanceof PyTuple || v instanceof PySet) {
    const items = Array.isArray(v) ? v : v.items;
    const out = items.slice(0, MAX_ITEMS).map((x) => toPlain(x, depth + 1));
    if (items.length > MAX_ITEMS) out.push(`… ${items.length - MAX_ITEMS} more`);
    return out;
  }
  if (v instanceof PyDict) {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const [k, val] of v.entries()) {
      if (n++ >= MAX_ITEMS) { out['…'] = `${v.size - MAX_ITEMS} more`; break; }
      out[typeof k === 'string' ? k : String(toPlain(k, depth + 1))] = toPlain(val, depth + 1);
    }
    return out;
  }
  if (v instanceof PyGlobal) return v.qualified;
  if (v instanceof PyObject) return `${v.cls.qualified}(…)`;
  if (isTensorSpec(v)) return `tensor ${v.shape.join('×')} ${v.dtype}`;
  const kind = (v as { kind: string }).kind;
  if (kind === 'ndarray') {
    const a = v as unknown as { shape: number[]; dtype: string };
    return `ndarray ${a.shape.join('×')} ${a.dtype}`;
  }
  return `<${kind}>`;
}

/** A string key for a dict entry, or undefined for keys that cannot name a tensor path. */
export function keyName(k: PyValue): string | undefined {
  if (typeof k === 'string') return k;
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  return undefined;
}
