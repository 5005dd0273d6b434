/**
 * What the globals a pickle names would do in `torch.load` / `pickle.load`. We never call them;
 * this tells the user what a Python loader WOULD run. The dangerous list follows the ones
 * pickle scanners (picklescan, fickling, ModelScan) use: anything that runs commands, evaluates
 * code, imports modules, opens files or sockets, or unpickles nested payloads.
 */
import type { GlobalUse, SafetyReport } from '../model/types';

/** Whole modules where every name is dangerous. */
const DANGEROUS_MODULES = new Set([
  'os', 'posix', 'nt', 'subprocess', '_posixsubprocess', 'sys', 'socket', 'shutil', 'runpy', 'webbrowser',
  'pickle', '_pickle', 'cPickle', 'marshal', 'shelve', 'dill', 'pty', 'commands', 'popen2', 'bdb', 'pdb',
  'asyncio', 'importlib', 'pkgutil', 'code', 'codeop', 'ctypes', 'multiprocessing', '_thread',
  'httplib', 'http', 'urllib', 'urllib2', 'requests', 'aiohttp', 'httpx', 'ftplib', 'smtplib',
  'telnetlib', 'venv', 'pip', 'setuptools', 'distutils', 'timeit', 'cProfile', 'profile', 'trace', 'zipimport',
  'platform',
]);

/** Single names in otherwise ordinary modules. */
const DANGEROUS_NAMES = new Set([
  'builtins.eval', 'builtins.exec', 'builtins.execfile', 'builtins.compile', 'builtins.open', 'builtins.getattr',
  'builtins.setattr', 'builtins.delattr', 'builtins.__import__', 'builtins.apply', 'builtins.breakpoint',
  'builtins.input', 'builtins.globals', 'builtins.locals', 'builtins.vars', 'builtins.memoryview', 'builtins.file',
  '__builtin__.eval', '__builtin__.exec', '__builtin__.execfile', '__builtin__.compile', '__builtin__.open',
  '__builtin__.getattr', '__builtin__.setattr', '__builtin__.__import__', '__builtin__.apply', '__builtin__.file',
  '__builtins__.eval', '__builtins__.exec', '__builtins__.getattr', '__builtins__.__import__',
  'operator.attrgetter', 'operator.methodcaller', 'operator.itemgetter', 'functools.partial', 'functools.reduce',
  'torch.load', 'torch.serialization.load', 'torch.hub.load', 'torch.hub.load_state_dict_from_url',
  'torch._inductor.codecache.compile_file', 'torch.jit.load', 'torch.package.PackageImporter',
  'numpy.load', 'numpy.testing._private.utils.runstring', 'pydoc.pipepager', 'pydoc.locate',
  'logging.config.listen', 'logging.config.fileConfig', 'copyreg._reconstructor_unsafe',
]);

const TENSOR_REBUILD = /^torch\.(_utils\._rebuild_|_tensor\._rebuild_|storage\.|[A-Za-z]*Storage$|cuda\.[A-Za-z]*Storage$|_utils\._rebuild)/;
const CONTAINERS = new Set([
  'collections.OrderedDict', 'collections.defaultdict', 'builtins.dict', 'builtins.list', 'builtins.tuple', 'builtins.set',
  'builtins.frozenset', 'builtins.bytearray', 'builtins.bytes', 'builtins.int', 'builtins.float', 'builtins.complex',
  'builtins.str', 'builtins.bool', 'builtins.slice', 'builtins.range', 'builtins.object', 'copyreg._reconstructor',
  'copy_reg._reconstructor', '__builtin__.set', '__builtin__.object', '__builtin__.frozenset', '_codecs.encode',
  'argparse.Namespace', 'pathlib.PosixPath', 'pathlib.WindowsPath',
]);

export function classifyGlobal(name: string): GlobalUse {
  const dot = name.lastIndexOf('.');
  const module = dot < 0 ? name : name.slice(0, dot);
  const top = module.split('.')[0];
  if (DANGEROUS_NAMES.has(name)) return { name, category: 'dangerous', why: 'runs code, imports, or reaches into objects when a Python loader calls it' };
  if (CONTAINERS.has(name)) return { name, category: 'builtin-container', why: 'plain data' };
  if (DANGEROUS_MODULES.has(top) || DANGEROUS_MODULES.has(module)) return { name, category: 'dangerous', why: `module ${top} can run commands, open files or sockets, or load code` };
  if (top === 'builtins' || top === '__builtin__') return { name, category: 'unknown', why: 'a Python builtin that data files do not need' };
  if (TENSOR_REBUILD.test(name)) return { name, category: 'tensor-rebuild', why: 'rebuilds a tensor or storage from the file' };
  if (name.startsWith('torch.nn.modules.') || name.startsWith('__torch__.')) return { name, category: 'torch-module', why: 'a PyTorch module class' };
  if (top === 'torch') return { name, category: 'torch', why: 'a PyTorch type (dtype, size, device, quantisation)' };
  if (top === 'numpy') return { name, category: 'numpy', why: 'a NumPy array, dtype or scalar' };
  if (top === '__main__' || !name.includes('.') || /^[A-Z]/.test(name.slice(dot + 1))) {
    return { name, category: 'user-class', why: 'a class from the code that saved the file; a Python loader imports it' };
  }
  return { name, category: 'unknown', why: 'not a known data type; a Python loader would import and call it' };
}

export function safetyReport(globals: string[], codeCarried: string[] = []): SafetyReport {
  const uses = [...new Set(globals)].map(classifyGlobal);
  return { globals: uses, dangerous: uses.filter((u) => u.category === 'dangerous').map((u) => u.name), codeCarried };
}
