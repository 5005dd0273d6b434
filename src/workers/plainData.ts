/**
 * A structured-clone-safe copy of what a reader put in a document: functions and symbols become
 * short strings, class instances become plain objects, cycles are cut. Readers may leave
 * unpickled Python objects in `config` or `metadata`; this keeps the worker boundary from failing.
 */
export function plainData(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  switch (typeof value) {
    case 'function': return `[function ${(value as { name?: string }).name || 'anonymous'}]`;
    case 'symbol': return value.toString();
    case 'undefined': case 'boolean': case 'number': case 'string': case 'bigint': return value;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer || obj instanceof Date || obj instanceof RegExp) return obj;
  if (depth > 64) return '[too deep]';
  if (seen.has(obj)) return '[circular]';
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v) => plainData(v, seen, depth + 1));
    if (obj instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of obj) out[String(k)] = plainData(v, seen, depth + 1);
      return out;
    }
    if (obj instanceof Set) return [...obj].map((v) => plainData(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) out[k] = plainData((obj as Record<string, unknown>)[k], seen, depth + 1);
    return out;
  } finally {
    seen.delete(obj);
  }
}
