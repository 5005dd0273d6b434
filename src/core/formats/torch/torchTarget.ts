import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import { isTruncation } from '../pickle/errors';
import { unpickle } from '../pickle/unpickle';
import type { PyValue, UnpickleResult } from '../pickle/values';
import { PyDict, PyGlobal, PyTuple } from '../pickle/values';
import { MAX_PICKLE_BYTES } from '../limits';
import { readEntry, readZipDirectory, type ZipDirectory, type ZipEntry } from '../zip/zipReader';
import { TORCH_BUILDERS } from './builders';
import { interpret } from './interpret';
import { storageCount, storageDType, type StorageRef } from './storage';

/**
 * Where each tensor of an existing torch file lives in its storages, for writing new values into
 * the file in place. The pickle is read the same way the reader reads it (same VM, same builders,
 * same walk), so tensor names are exactly the document's names; but unlike a TensorRef, a view
 * keeps its stride, so values can be scattered back into the right elements of the storage.
 */
export interface TargetView {
  name: string;
  /** the storage's key: `data/<key>` in a zip; the root storage in a legacy file */
  storage: string;
  dtype: DType;
  /** first element, in elements of `dtype`, from the start of the storage */
  offset: number;
  shape: number[];
  stride: number[];
  quantized: boolean;
}

export interface TargetStorage {
  key: string;
  dtype: DType;
  byteLength: number;
  /** legacy files: where the storage's raw bytes start in the file */
  dataOffset?: number;
}

export interface TorchTarget {
  kind: 'zip' | 'legacy';
  views: Map<string, TargetView>;
  storages: Map<string, TargetStorage>;
  bigEndian: boolean;
  /** zip files: the directory, the top folder ('archive/') and each storage's entry */
  zip?: ZipDirectory;
  prefix?: string;
  entries?: Map<string, ZipEntry>;
}

function stubStorage(key: string, dtype: DType, numel: number, location: string): StorageRef {
  return { kind: 'storage', key, dtype, numel, location, read: () => Promise.reject(new FormatError('target storages are not read here')) };
}

function viewsOf(value: PyValue, scripted: boolean, rootOf: (s: StorageRef) => { key: string; elemOffset: number }): Map<string, TargetView> {
  const views = new Map<string, TargetView>();
  for (const e of interpret(value, scripted).events) {
    if (e.type !== 'tensor' || views.has(e.name)) continue;
    const s = e.spec;
    const root = rootOf(s.storage);
    const offset = s.offset + (root.elemOffset * DTYPE_SIZE[s.storage.dtype]) / DTYPE_SIZE[s.dtype];
    views.set(e.name, { name: e.name, storage: root.key, dtype: s.dtype, offset, shape: s.shape, stride: s.stride, quantized: !!s.quant });
  }
  return views;
}

function findPickle(zip: ZipDirectory): ZipEntry | undefined {
  return zip.entries.filter((e) => e.name === 'data.pkl' || e.name.endsWith('/data.pkl')).sort((a, b) => a.name.length - b.name.length)[0];
}

async function readZipTarget(src: ByteSource): Promise<TorchTarget> {
  const zip = await readZipDirectory(src);
  const pkl = findPickle(zip);
  if (!pkl) throw new FormatError('the target zip has no data.pkl: not a PyTorch file');
  const prefix = pkl.name.slice(0, pkl.name.length - 'data.pkl'.length);
  const scripted = zip.byName.has(`${prefix}constants.pkl`) || zip.entries.some((e) => e.name.startsWith(`${prefix}code/`));
  const order = zip.byName.get(`${prefix}byteorder`);
  const bigEndian = !!order && new TextDecoder().decode(await readEntry(src, order)).trim() === 'big';
  const storages = new Map<string, TargetStorage>();
  const entries = new Map<string, ZipEntry>();
  const refs = new Map<string, StorageRef>();
  const persistentLoad = (pid: PyValue): PyValue => {
    const t = pid instanceof PyTuple ? pid.items : [];
    if (t[0] !== 'storage' || !(t[1] instanceof PyGlobal)) throw new FormatError('data.pkl has a persistent id that is not a storage');
    const key = String(t[2]);
    const known = refs.get(key);
    if (known) return known;
    const dtype = storageDType(t[1].module, t[1].name);
    const numel = storageCount(t[4], `the size of storage "${key}"`);
    const entry = zip.byName.get(`${prefix}data/${key}`) ?? zip.byName.get(`${prefix}constants/${key}`);
    if (entry) entries.set(key, entry);
    storages.set(key, { key, dtype, byteLength: numel * DTYPE_SIZE[dtype] });
    const ref = stubStorage(key, dtype, numel, String(t[3]));
    refs.set(key, ref);
    return ref;
  };
  const result = unpickle(await readEntry(src, pkl, MAX_PICKLE_BYTES), { persistentLoad, builders: TORCH_BUILDERS });
  const views = viewsOf(result.value, scripted, (s) => ({ key: s.key, elemOffset: 0 }));
  return { kind: 'zip', views, storages, bigEndian, zip, prefix, entries };
}

/** Legacy pickles have no length fields: parse from a prefix of the file, growing it on demand. */
async function unpickleGrowing(src: ByteSource, state: { bytes: Uint8Array }, at: number, run: (b: Uint8Array, at: number) => UnpickleResult): Promise<UnpickleResult> {
  for (;;) {
    try {
      if (state.bytes.length > at) return run(state.bytes, at);
    } catch (err) {
      if (!isTruncation(err) || state.bytes.length >= src.size) throw err;
    }
    if (state.bytes.length >= src.size) throw new FormatError('truncated legacy torch file');
    state.bytes = await readExact(src, 0, Math.min(src.size, Math.max(64 * 1024, state.bytes.length * 4)));
  }
}

async function readLegacyTarget(src: ByteSource): Promise<TorchTarget> {
  const state = { bytes: new Uint8Array(0) };
  const plain = (b: Uint8Array, at: number): UnpickleResult => unpickle(b, {}, at);
  const magic = await unpickleGrowing(src, state, 0, plain);
  const proto = await unpickleGrowing(src, state, magic.end, plain);
  const sys = await unpickleGrowing(src, state, proto.end, plain);
  const info = sys.value instanceof PyDict ? sys.value : new PyDict();
  const storages = new Map<string, TargetStorage & { numel: number }>();
  const roots = new Map<StorageRef, { key: string; elemOffset: number }>();
  const refs = new Map<string, StorageRef>();
  const persistentLoad = (pid: PyValue): PyValue => {
    const t = pid instanceof PyTuple ? pid.items : [];
    if (t[0] === 'module') return t[1] ?? null;
    if (t[0] !== 'storage' || !(t[1] instanceof PyGlobal)) throw new FormatError('the pickle has a persistent id that is not a storage');
    const key = String(t[2]);
    const view = t[5] instanceof PyTuple ? t[5].items : null;
    const refKey = view ? String(view[0]) : key;
    const known = refs.get(refKey);
    if (known) return known;
    const dtype = storageDType(t[1].module, t[1].name);
    const numel = storageCount(t[4], `the size of storage "${key}"`);
    if (!storages.has(key)) storages.set(key, { key, dtype, numel, byteLength: numel * DTYPE_SIZE[dtype] });
    const elemOffset = view ? storageCount(view[1], `the offset of view "${refKey}"`) : 0;
    const ref = stubStorage(refKey, dtype, view ? storageCount(view[2], `the size of view "${refKey}"`) : numel, String(t[3]));
    roots.set(ref, { key, elemOffset });
    refs.set(refKey, ref);
    return ref;
  };
  const obj = await unpickleGrowing(src, state, sys.end, (b, at) => unpickle(b, { persistentLoad, builders: TORCH_BUILDERS }, at));
  const keys = await unpickleGrowing(src, state, obj.end, plain);
  let pos = keys.end;
  for (const k of Array.isArray(keys.value) ? keys.value.map(String) : []) {
    const s = storages.get(k);
    if (!s) throw new FormatError(`storage "${k}" is listed but never used`);
    s.dataOffset = pos + 8;
    pos += 8 + s.byteLength;
  }
  if (pos > src.size) throw new FormatError(`truncated file: its storages need ${pos} bytes but the file has ${src.size}`);
  const views = viewsOf(obj.value, false, (s) => roots.get(s) ?? { key: s.key, elemOffset: 0 });
  return { kind: 'legacy', views, storages, bigEndian: info.get('little_endian') === false };
}

/** Reads the tensor layout of a torch zip (incl. TorchScript) or legacy file. */
export async function readTorchTarget(src: ByteSource, kind: 'zip' | 'legacy'): Promise<TorchTarget> {
  return kind === 'zip' ? readZipTarget(src) : readLegacyTarget(src);
}
