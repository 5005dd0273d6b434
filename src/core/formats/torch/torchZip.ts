import type { ByteSource } from '../../io/byteSource';
import { FormatError, throwIfAborted } from '../../model/errors';
import type { ModelDoc } from '../../model/types';
import type { FormatReader, OpenOptions, Sniffed } from '../reader';
import { unpickle } from '../pickle/unpickle';
import type { PyValue } from '../pickle/values';
import { PyGlobal, PyTuple } from '../pickle/values';
import { entryDataOffset, readEntry, readStoredRange, type ZipDirectory, type ZipEntry } from '../zip/zipReader';
import { TORCH_BUILDERS } from './builders';
import { interpret } from './interpret';
import { storageCount, storageDType, type StorageRef } from './storage';
import { buildTorchDoc } from './torchDoc';
import { openTorchScriptV1 } from './torchscriptV1';
import { DTYPE_SIZE } from '../../model/dtype';
import { safetyReport } from '../../security/pickleSafety';
import { MAX_PICKLE_BYTES } from '../limits';

function findEntry(zip: ZipDirectory, leaf: string): ZipEntry | undefined {
  const hits = zip.entries.filter((e) => e.name === leaf || e.name.endsWith(`/${leaf}`));
  return hits.sort((a, b) => a.name.length - b.name.length)[0];
}

/** A storage that reads its bytes from a STORED zip entry, finding the data offset on first use. */
function zipStorage(src: ByteSource, entry: ZipEntry | undefined, key: string, dtype: StorageRef['dtype'], location: string, numel: number): StorageRef {
  let dataOffset: Promise<number> | undefined;
  return {
    kind: 'storage', key, dtype, location, numel, ranged: !entry || entry.method === 0,
    async read(byteOffset, byteLength) {
      if (!entry) throw new FormatError(`storage "${key}" is missing from the archive`);
      dataOffset ??= entryDataOffset(src, entry);
      if (entry.method !== 0) {
        const all = await readEntry(src, entry);
        // The same bounds readStoredRange checks: a subarray past the end would be silently short.
        if (byteOffset < 0 || byteOffset + byteLength > all.length) {
          throw new FormatError(`storage "${key}" holds ${all.length} bytes but bytes ${byteOffset}–${byteOffset + byteLength} were needed`);
        }
        return all.subarray(byteOffset, byteOffset + byteLength);
      }
      return readStoredRange(src, entry, await dataOffset, byteOffset, byteLength);
    },
  };
}

async function readSmallText(src: ByteSource, e: ZipEntry | undefined): Promise<string | undefined> {
  if (!e || e.size > 4096) return undefined;
  return new TextDecoder().decode(await readEntry(src, e)).trim();
}

async function openTorchZip(src: ByteSource, s: Sniffed, opts: OpenOptions): Promise<ModelDoc> {
  const zip = s.zip!;
  if (findEntry(zip, 'model.json') && !findEntry(zip, 'data.pkl')) return openTorchScriptV1(src, zip, opts);
  const pkl = findEntry(zip, 'data.pkl');
  if (!pkl) throw new FormatError('a zip archive without data.pkl: not a PyTorch file');
  const prefix = pkl.name.slice(0, pkl.name.length - 'data.pkl'.length);
  const scripted = !!findEntry(zip, 'constants.pkl') || zip.entries.some((e) => e.name.startsWith(`${prefix}code/`));
  const [version, byteorder, formatVersion, alignment] = await Promise.all(
    ['version', 'byteorder', '.format_version', '.storage_alignment'].map((n) => readSmallText(src, zip.byName.get(prefix + n))),
  );
  opts.onProgress?.(0.2, 'reading data.pkl');
  const bytes = await readEntry(src, pkl, MAX_PICKLE_BYTES);
  throwIfAborted(opts.signal);
  const storages = new Map<string, StorageRef>();
  const persistentLoad = (pid: PyValue): PyValue => {
    const t = pid instanceof PyTuple ? pid.items : [];
    if (t[0] !== 'storage' || !(t[1] instanceof PyGlobal)) throw new FormatError('data.pkl has a persistent id that is not a storage');
    const key = String(t[2]);
    const found = storages.get(key);
    if (found) return found;
    const dtype = storageDType(t[1].module, t[1].name);
    const numel = storageCount(t[4], `the size of storage "${key}"`);
    const entry = zip.byName.get(`${prefix}data/${key}`) ?? zip.byName.get(`${prefix}constants/${key}`);
    if (entry && entry.size < numel * DTYPE_SIZE[dtype]) {
      throw new FormatError(`storage "${key}" claims ${numel} elements but its entry holds ${entry.size} bytes`);
    }
    const st = zipStorage(src, entry, key, dtype, String(t[3]), numel);
    storages.set(key, st);
    return st;
  };
  const result = unpickle(bytes, { persistentLoad, builders: TORCH_BUILDERS });
  opts.onProgress?.(0.8, 'building the layer tree');
  const it = interpret(result.value, scripted);
  const missing = [...storages.keys()].filter((k) => !zip.byName.has(`${prefix}data/${k}`) && !zip.byName.has(`${prefix}constants/${k}`));
  const warnings = missing.length ? [`${missing.length} storage(s) named in data.pkl are missing from the archive: ${missing.slice(0, 5).join(', ')}`] : [];
  const parts = [scripted ? 'TorchScript archive' : 'PyTorch zip archive (torch ≥ 1.6)'];
  if (version) parts.push(`version ${version}`);
  parts.push(`pickle protocol ${result.protocol}`);
  if (alignment) parts.push(`${alignment}-byte aligned storages`);
  if (byteorder === 'big') parts.push('big-endian');
  return buildTorchDoc(it, {
    fileName: src.name, fileSize: src.size, format: scripted ? 'torchscript' : 'torch-zip',
    producer: parts.join(', '), bigEndian: byteorder === 'big', warnings, safety: safetyReport(result.globals),
    metadata: Object.fromEntries(Object.entries({
      'archive folder': prefix.replace(/\/$/, '') || '(none)', 'archive version': version, byteorder,
      '.format_version': formatVersion, '.storage_alignment': alignment, zip64: zip.zip64 || undefined,
    }).filter(([, v]) => v !== undefined)),
  });
}

export const torchZipReader: FormatReader = {
  id: 'torch-zip',
  label: 'PyTorch zip / TorchScript (.pt, .pth, .ckpt)',
  accepts: (s) => !!s.zip && (!!findEntry(s.zip, 'data.pkl') || (!!findEntry(s.zip, 'model.json') && s.zip.entries.some((e) => /(^|\/)tensors\//.test(e.name)))),
  open: openTorchZip,
};
