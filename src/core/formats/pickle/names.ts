import type { PyValue } from './values';
import { PyGlobal, PyObject } from './values';

/**
 * Python-2 spellings of globals, mapped to Python 3 as CPython's `_compat_pickle` does, so one
 * builder table serves legacy torch and Keras-1 files. Only what ordinary data pickles name.
 */
const MODULES: Record<string, string> = {
  __builtin__: 'builtins', copy_reg: 'copyreg', exceptions: 'builtins', cPickle: 'pickle', UserDict: 'collections',
};

const NAMES: Record<string, [string, string]> = {
  '__builtin__.xrange': ['builtins', 'range'],
  '__builtin__.unicode': ['builtins', 'str'],
  '__builtin__.basestring': ['builtins', 'str'],
  '__builtin__.long': ['builtins', 'int'],
  '__builtin__.unichr': ['builtins', 'chr'],
  '__builtin__.reduce': ['functools', 'reduce'],
  '__builtin__.intern': ['sys', 'intern'],
  'exceptions.StandardError': ['builtins', 'Exception'],
};

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The Python-3 `(module, name)` for a global as written in the pickle. */
export function normaliseGlobal(module: string, name: string): [string, string] {
  const q = `${module}.${name}`;
  if (own(NAMES, q)) return NAMES[q];
  return [own(MODULES, module) ? MODULES[module] : module, name];
}

/** The class recorded for a call whose callable is not a global (e.g. the result of another REDUCE). */
export const NON_GLOBAL = new PyGlobal('?', '<call of non-global>');

/** The opaque name EXT1/EXT2/EXT4 push: the extension registry lives in the writing Python, not in the file. */
export function extensionGlobal(code: number): PyGlobal {
  return new PyGlobal('copyreg-extension', String(code));
}

/** A value's Python type, for error messages. */
export function typeName(v: PyValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'None';
  if (typeof v !== 'object') return typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' ? 'int' : 'number';
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyGlobal) return `global ${v.qualified}`;
  if (v instanceof PyObject) return `${v.cls.qualified} object`;
  return v.kind;
}
