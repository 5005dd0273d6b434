import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError, throwIfAborted } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import type { FormatReader, OpenOptions } from '../reader';
import { isTruncation } from '../pickle/errors';
import { unpickle } from '../pickle/unpickle';
import type { PyValue, UnpickleResult } from '../pickle/values';
import { PyDict, PyGlobal, PyTuple } from '../pickle/values';
import { TORCH_BUILDERS } from './builders';
import { interpret } from './interpret';
import { toPlain } from './plain';
import { safetyReport } from '../../security/pickleSafety';
import { storageCount, storageDType, type StorageRef } from './storage';
import { buildTorchDoc } from './torchDoc';

/**
 * The pre-1.6 format: five pickles back to back (magic number, protocol version, sys info,
 * the object, the sorted storage keys), then each storage as an int64 element count + raw bytes.
 */
const MAGIC = 0x1950a86a20f9469cfc6cn;

export function looksLegacy(head: Uint8Array): boolean {
  // PROTO 2, LONG1 of 10 bytes: how torch pickles its magic number.
  return head.length >= 4 && head[0] === 0x80 && head[2] === 0x8a && head[3] === 0x0a;
}

/**
 * The file's first bytes, grown on demand: the pickles before the raw storages have no length
 * fields, so we parse from a prefix and read further only when a pickle runs past it.
 */
class GrowingPrefix {
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(private readonly src: ByteSource) {}

  async unpickleAt(start: number, run: (bytes: Uint8Array, at: number) => UnpickleResult): Promise<UnpickleResult> {
    for (;;) {
      if (this.bytes.length <= start) await this.grow();
      try {
        return run(this.bytes, start);
      } catch (err) {
        if (!isTruncation(err) || this.bytes.length >= this.src.size) throw err;
        await this.grow();
      }
    }
  }

  private async grow(): Promise<void> {
    const len = Math.min(this.src.size, Math.max(64 * 1024, this.bytes.length * 4));
    this.bytes = await readExact(this.src, 0, len);
  }
}

interface LegacyStorage { key: string; dtype: StorageRef['dtype']; numel: number; location: string }

async function openLegacy(src: ByteSource, opts: OpenOptions): Promise<ModelDoc> {
  const simple = (bytes: Uint8Array, at: number) => unpickle(bytes, {}, at);
  const prefix = new GrowingPrefix(src);
  const magic = await prefix.unpickleAt(0, simple);
  if (magic.value !== MAGIC) throw new FormatError('a Python pickle, but not one written by torch.save');
  const protocolVersion = await prefix.unpickleAt(magic.end, simple);
  const sysInfo = await prefix.unpickleAt(protocolVersion.end, simple);
  const info = sysInfo.value instanceof PyDict ? sysInfo.value : new PyDict();
  throwIfAborted(opts.signal);

  const found = new Map<string, LegacyStorage>();
  const viewsOf = new Map<string, { root: string; offset: number; numel: number }>();
  const refs = new Map<string, StorageRef>();
  const moduleSources: string[] = [];
  const layout = new Map<string, number>(); // storage key → byte offset of its count field, filled below
  const makeRef = (s: LegacyStorage, key: string, elemOffset: number, numel: number): StorageRef => ({
    kind: 'storage', key, dtype: s.dtype, location: s.location, numel,
    read: async (o, n) => {
      const at = layout.get(s.key);
      if (at === undefined) throw new FormatError(`storage "${s.key}" is not in the file's storage list`);
      return readExact(src, at + 8 + elemOffset * DTYPE_SIZE[s.dtype] + o, n);
    },
  });
  const persistentLoad = (pid: PyValue): PyValue => {
    const t = pid instanceof PyTuple ? pid.items : [];
    if (t[0] === 'module') {
      if (typeof t[3] === 'string') moduleSources.push(String(t[2]));
      return t[1] ?? null;       // the class itself, by name
    }
    if (t[0] !== 'storage' || !(t[1] instanceof PyGlobal)) throw new FormatError('the pickle has a persistent id that is not a storage');
    const key = String(t[2]);
    const view = t[5] instanceof PyTuple ? t[5].items : null;
    const refKey = view ? String(view[0]) : key;
    const existing = refs.get(refKey);
    if (existing) return existing;
    const s: LegacyStorage = found.get(key) ?? { key, dtype: storageDType(t[1].module, t[1].name), numel: storageCount(t[4], `the size of storage "${key}"`), location: String(t[3]) };
    found.set(key, s);
    const viewOffset = view ? storageCount(view[1], `the offset of view "${refKey}"`) : 0;
    const viewNumel = view ? storageCount(view[2], `the size of view "${refKey}"`) : s.numel;
    // A view must lie inside the storage it views, or reads would run into the next storage.
    if (viewOffset + viewNumel > s.numel) throw new FormatError(`view "${refKey}" reaches past the end of storage "${key}"`);
    const ref = makeRef(s, refKey, viewOffset, viewNumel);
    if (view) viewsOf.set(refKey, { root: key, offset: viewOffset, numel: viewNumel });
    refs.set(refKey, ref);
    return ref;
  };
  opts.onProgress?.(0.2, 'reading the pickle');
  const obj = await prefix.unpickleAt(sysInfo.end, (b, at) => unpickle(b, { persistentLoad, builders: TORCH_BUILDERS }, at));
  const keysPickle = await prefix.unpickleAt(obj.end, simple);
  const keys = Array.isArray(keysPickle.value) ? keysPickle.value.map(String) : [];
  let pos = keysPickle.end;
  for (const k of keys) {
    const s = found.get(k);
    if (!s) throw new FormatError(`storage "${k}" is listed but never used`);
    layout.set(k, pos);
    pos += 8 + s.numel * DTYPE_SIZE[s.dtype];
  }
  if (pos > src.size) throw new FormatError(`truncated file: its storages need ${pos} bytes but the file has ${src.size}`);
  const it = interpret(obj.value, false);
  const littleEndian = info.get('little_endian');
  const warnings = moduleSources.length ? [`the file embeds the Python source of ${moduleSources.length} module class(es) (shown, never run)`] : [];
  return buildTorchDoc(it, {
    fileName: src.name, fileSize: src.size, format: 'torch-legacy', bigEndian: littleEndian === false,
    producer: `PyTorch legacy format (torch < 1.6), protocol version ${String(protocolVersion.value)}, pickle protocol ${obj.protocol}`,
    warnings,
    safety: safetyReport(obj.globals, moduleSources.map((f) => `Python source of a module class (${f})`)),
    metadata: { sys_info: toPlain(info) },
  });
}

export const torchLegacyReader: FormatReader = {
  id: 'torch-legacy',
  label: 'PyTorch legacy (pre-1.6) pickle',
  accepts: (s) => !s.zip && looksLegacy(s.head),
  open: (src, _s, opts) => openLegacy(src, opts),
};
