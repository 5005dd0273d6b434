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
 * h5wasm's throwing handler throws from inside the C library, so the C code it unwinds never
 * cleans up: the handler's tmpfile stays open, objects the h5wasm function had opened stay open,
 * and the wasm stack is not popped (about 1 KB per error, out of a 2 MB stack). Once the stack
 * runs out the library aborts or, worse, overwrites its own data (the fuzz suite measured ~2,000
 * errors). So the leaked stack is measured after each error, leaked tmpfiles are closed, and past
 * half the stack HDF5 work in this thread is refused with a message instead of risking wrong data
 * (the UI's worker, or the CLI process, starts afresh with a new library instance).
 */
const MAX_LEAKED_STACK = 1024 * 1024;
/** Used only when the stack cannot be measured (another h5wasm build). */
const MAX_HDF5_ERRORS = 500;

interface Wear { errors: number; stackAtStart?: number; leaked: number }
const wear = new WeakMap<H5Module, Wear>();

function wearOf(mod: H5Module): Wear {
  let w = wear.get(mod);
  if (!w) { w = { errors: 0, leaked: 0, stackAtStart: stackPointer(mod) }; wear.set(mod, w); }
  return w;
}

/**
 * The wasm stack pointer, read by asking ccall to put an empty string on the stack and memset to
 * hand back its address. undefined when this build lacks either.
 */
function stackPointer(mod: H5Module): number | undefined {
  try {
    const ccall = (mod as unknown as { ccall?: (f: string, r: string, t: string[], a: unknown[]) => unknown }).ccall;
    const sp = ccall?.('memset', 'number', ['string', 'number', 'number'], ['', 0, 0]);
    return typeof sp === 'number' && sp > 0 ? sp : undefined;
  } catch {
    return undefined;
  }
}

/** How much of its budget the library in this thread has used up, from 0 (fresh) to 1 (refusing). */
export function hdf5Wear(mod: H5Module): number {
  const w = wearOf(mod);
  return w.stackAtStart === undefined ? w.errors / MAX_HDF5_ERRORS : w.leaked / MAX_LEAKED_STACK;
}

export function checkHdf5Health(mod: H5Module): void {
  const w = wearOf(mod);
  if (hdf5Wear(mod) >= 1) {
    throw new FormatError(`the HDF5 library has met ${w.errors} errors in damaged files since it was loaded and can no longer be trusted; ` +
      'reload the page (or run the command again) before opening more HDF5 files');
  }
}

interface FsStream { fd: number; path?: string }

function openStreams(mod: H5Module): Set<number> {
  const streams = (mod.FS as unknown as { streams?: (FsStream | null)[] }).streams ?? [];
  return new Set(streams.filter((s): s is FsStream => !!s).map((s) => s.fd));
}

/** Closes the tmpfiles the throwing handler opened and could not close. */
function closeLeakedTmpfiles(mod: H5Module, before: Set<number>): void {
  const fs = mod.FS as unknown as { streams?: (FsStream | null)[]; close(s: FsStream): void };
  for (const s of fs.streams ?? []) {
    if (s && !before.has(s.fd) && s.path?.startsWith('/tmp/')) {
      try { fs.close(s); } catch { /* already gone */ }
    }
  }
}

/**
 * Runs h5wasm calls with HDF5's throwing error handler switched on, so failures surface as one
 * catchable error (not stderr noise and a negative id), and switches it off again so other users
 * of the library in this thread keep HDF5's default behaviour.
 */
export function guarded<T>(mod: H5Module, what: string, fn: () => T): T {
  checkHdf5Health(mod);
  const before = openStreams(mod);
  mod.activate_throwing_error_handler();
  try {
    return fn();
  } catch (err) {
    const w = wearOf(mod);
    w.errors++;
    const sp = w.stackAtStart === undefined ? undefined : stackPointer(mod);
    if (sp !== undefined) w.leaked = w.stackAtStart! - sp;
    closeLeakedTmpfiles(mod, before);
    throw toFormatError(err, what);
  } finally {
    try { mod.deactivate_throwing_error_handler(); } catch { /* the module aborted: nothing to restore */ }
  }
}
