import { FormatError } from '../../model/errors';
import type { H5Module } from './h5wasmTypes';

/**
 * h5wasm reports HDF5 failures in two ways: with the throwing error handler active, as an Error
 * whose message is the whole HDF5 error stack; otherwise as a negative id plus text printed to
 * stderr. We always run with the handler on (see `guarded`) and boil the stack down to its
 * innermost line, which is the one that says what is wrong ("truncated file", "bad signature").
 */
export function summariseH5Error(message: string): string {
  const lines = message.split('\n');
  let detail = '';
  let minor = '';
  for (const line of lines) {
    const m = /#\d+:.*? in [\w.]+\(\): (.*)$/.exec(line);
    if (m) { detail = m[1].trim(); minor = ''; continue; }
    const n = /^\s*minor: (.*)$/.exec(line);
    if (n) minor = n[1].trim();
  }
  if (!detail) return message.trim().split('\n')[0].slice(0, 300);
  return minor && !detail.toLowerCase().includes(minor.toLowerCase()) ? `${detail} (${minor})` : detail;
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  const msg = err instanceof Error ? err.message : String(err);
  return name === 'RuntimeError' || /^Aborted\(/.test(msg);
}

export function toFormatError(err: unknown, what: string): Error {
  if (err instanceof FormatError) return err;
  if (isAbort(err)) {
    return new FormatError(`${what}: the HDF5 library stopped on this file (${String((err as Error).message ?? err).slice(0, 200)}); ` +
      'the file is probably corrupt. Reload the page before opening more HDF5 files.');
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new FormatError(`${what}: ${summariseH5Error(msg)}`);
}

/**
 * Runs h5wasm calls with HDF5's throwing error handler switched on, so failures surface as one
 * catchable error (not stderr noise and a negative id), and switches it off again so other users
 * of the library in this thread keep HDF5's default behaviour.
 */
export function guarded<T>(mod: H5Module, what: string, fn: () => T): T {
  mod.activate_throwing_error_handler();
  try {
    return fn();
  } catch (err) {
    throw toFormatError(err, what);
  } finally {
    try { mod.deactivate_throwing_error_handler(); } catch { /* the module aborted: nothing to restore */ }
  }
}
