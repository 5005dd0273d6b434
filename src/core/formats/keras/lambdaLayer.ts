/**
 * Lambda layers store Python bytecode (marshal, base64 in Keras 2/3, raw latin-1 text in Keras 1).
 * We show that a function is there and how big it is, and never decode or run it: unmarshalling
 * Python code is a code-execution risk and tells a reader nothing useful anyway.
 */

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function byteLength(code: string): number {
  if (BASE64.test(code)) {
    const s = code.replace(/\s+/g, '');
    const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    return Math.floor((s.length * 3) / 4) - pad;
  }
  return code.length; // Keras 1: one character per byte
}

/** The bytecode of a serialized function value, or undefined when the value is a plain name. */
function bytecodeOf(value: unknown, type: unknown): string | undefined {
  // Keras 3: {"class_name": "__lambda__", "config": {"code": base64, "defaults": …, "closure": …}}
  if (isRecord(value) && value.class_name === '__lambda__' && isRecord(value.config)) {
    return typeof value.config.code === 'string' ? value.config.code : '';
  }
  // Keras 1/2: [code, defaults, closure] with <key>_type "lambda"; "function" means a name string.
  if (type === 'lambda') {
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export function bytecodeNote(bytes: number): string {
  return `<Python bytecode, ${bytes} bytes — not decoded, never run>`;
}

/**
 * A Lambda layer's config with its function (and output_shape/mask functions) replaced by a note.
 * Returns the new config and the bytes of bytecode found (0 when the function is a named one).
 */
export function neuterLambdaConfig(config: Record<string, unknown>): { config: Record<string, unknown>; bytes: number } {
  const out: Record<string, unknown> = { ...config };
  let total = 0;
  for (const key of ['function', 'output_shape', 'mask']) {
    const code = bytecodeOf(config[key], config[`${key}_type`]);
    if (code === undefined) continue;
    const n = byteLength(code);
    out[key] = bytecodeNote(n);
    total += n;
  }
  return { config: out, bytes: total };
}
