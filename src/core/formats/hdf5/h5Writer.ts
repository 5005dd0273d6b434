import type { DType } from '../../model/dtype';
import { DTYPE_SIZE } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import { guarded } from './h5errors';
import { h5TypeFacts } from './h5dtype';
import type { H5Fs, H5Module } from './h5wasmTypes';
import { loadH5 } from './loader';

/**
 * Writing HDF5 with h5wasm. h5wasm works on files in its in-memory file system (MEMFS, JS
 * memory), and each dataset write goes through the wasm heap (2 GB at most), so outputs are
 * built whole in memory: we refuse files above MAX_H5_OUTPUT_BYTES with a message instead of
 * letting the tab run out of memory halfway (MEMFS grows its buffer by doubling, and the bytes
 * are copied once more when read back). Always the ESM build: h5wasm/node's "MEMFS" is the real disk.
 */
export const MAX_H5_OUTPUT_BYTES = 1.5 * 1024 ** 3;

interface WFs extends H5Fs { readFile(path: string): Uint8Array }
interface WModule extends H5Module {
  FS: WFs;
  set_dataset_data(fileId: bigint, path: string, count: null, offset: null, stride: null, ptr: bigint): number;
}
interface WGroup {
  create_group(name: string): unknown;
  create_attribute(name: string, data: unknown, shape: number[] | null, dtype: string): void;
  create_dataset(args: { name: string; data: unknown; shape: number[]; dtype: string }): unknown;
  get(path: string): WGroup | null;
}
interface WFile extends WGroup { file_id: bigint; close(): number }
interface WLib { File: new (filename: string, mode: 'a' | 'w') => WFile }

let counter = 0;

export function checkH5OutputSize(bytes: number, what: string): void {
  if (bytes > MAX_H5_OUTPUT_BYTES) {
    throw new FormatError(`${what} would be ${(bytes / 1024 ** 3).toFixed(2)} GB: HDF5 files are built in memory by the in-browser HDF5 library, ` +
      `which cannot hold more than ${(MAX_H5_OUTPUT_BYTES / 1024 ** 3).toFixed(1)} GB; convert to .pt or .safetensors instead`);
  }
}

async function withFile<T>(mode: 'a' | 'w', bytes: Uint8Array | undefined, what: string, fn: (file: WFile, mod: WModule) => Promise<T>): Promise<{ result: T; bytes: Uint8Array }> {
  const h5 = await loadH5('esm');
  const mod = h5.module as WModule;
  const lib = h5.lib as unknown as WLib;
  const name = `/weightbridge-out-${++counter}.h5`;
  // A copy: MEMFS may keep the array it is given and write into it.
  if (bytes) mod.FS.writeFile(name, bytes.slice());
  let file: WFile | undefined;
  try {
    file = guarded(mod, `${what}: HDF5 could not open the file`, () => new lib.File(name, mode));
    const result = await fn(file, mod);
    const f = file;
    file = undefined;
    guarded(mod, `${what}: HDF5 could not finish the file`, () => f.close());
    return { result, bytes: mod.FS.readFile(name) };
  } finally {
    if (file) try { file.close(); } catch { /* already failing */ }
    try { mod.FS.unlink(name); } catch { /* never created */ }
  }
}

/** Datasets of an existing file that can be overwritten in place (same shape and type). */
export interface H5Editor {
  /** shape and element type of a dataset, or undefined when there is none at that path */
  dataset(path: string): { shape: number[]; dtype?: DType } | undefined;
  /** replaces a dataset's values: contiguous little-endian bytes of its own type */
  write(path: string, bytes: Uint8Array): void;
}

function writeRaw(mod: WModule, fileId: bigint, path: string, bytes: Uint8Array): void {
  const ptr = mod._malloc(Math.max(1, bytes.length));
  if (!ptr) throw new FormatError(`not enough memory to write dataset /${path} (${bytes.length} bytes)`);
  try {
    mod.HEAPU8.set(bytes, ptr);
    if (mod.set_dataset_data(fileId, `/${path}`, null, null, null, BigInt(ptr)) < 0) throw new FormatError(`HDF5 could not write dataset /${path}`);
  } finally {
    mod._free(ptr);
  }
}

/**
 * Opens a copy of an HDF5 file read-write, lets `edit` overwrite datasets, and returns the new
 * file's bytes. Groups, attributes, layouts, filters and every other dataset stay as they were:
 * HDF5 writes new values into the datasets' existing storage.
 */
export async function editHdf5(bytes: Uint8Array, what: string, edit: (e: H5Editor) => Promise<void>): Promise<Uint8Array> {
  checkH5OutputSize(bytes.length, what);
  const out = await withFile('a', bytes, what, async (file, mod) => {
    const editor: H5Editor = {
      dataset(path) {
        return guarded(mod, `${what}: HDF5 could not read /${path}`, () => {
          const types = mod.get_types(file.file_id, `/${path.split('/').slice(0, -1).join('/')}`);
          if (types[path.split('/').pop()!] !== 1) return undefined;
          const m = mod.get_dataset_metadata(file.file_id, `/${path}`);
          return { shape: m.shape ?? [], dtype: h5TypeFacts(m).dtype };
        });
      },
      write(path, data) {
        const d = editor.dataset(path);
        if (!d?.dtype) throw new FormatError(`${what} has no numeric dataset /${path}`);
        const expected = d.shape.reduce((a, b) => a * b, 1) * DTYPE_SIZE[d.dtype];
        if (data.length !== expected) throw new FormatError(`dataset /${path} holds ${expected} bytes, ${data.length} were given`);
        guarded(mod, `${what}: HDF5 could not write /${path}`, () => writeRaw(mod, file.file_id, path, data));
      },
    };
    await edit(editor);
  });
  return out.bytes;
}

/** An attribute value: a string (fixed-length, as h5py writes np.bytes_), a list of strings, or numbers. */
export type H5AttrValue = string | string[] | { float64: number[] };

/** Builds a new HDF5 file from groups, attributes and datasets. */
export interface H5Builder {
  group(path: string): void;
  attr(path: string, name: string, value: H5AttrValue): void;
  dataset(path: string, shape: number[], dtype: DType, bytes: Uint8Array): void;
}

const H5_DTYPE: Partial<Record<DType, string>> = {
  float32: '<f4', float64: '<f8', int8: '<b', int16: '<h', int32: '<i', int64: '<q', uint8: '<B', uint16: '<H', uint32: '<I', uint64: '<Q',
};

type TypedCtor = new (b: ArrayBufferLike, o: number, n: number) => ArrayBufferView;
const TYPED: Partial<Record<DType, TypedCtor>> = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
};

/** h5wasm takes a typed array of the dataset's own type. */
function typedOf(dtype: DType, bytes: Uint8Array): ArrayBufferView {
  const ctor = TYPED[dtype];
  if (!ctor) throw new FormatError(`${dtype} datasets cannot be written`);
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  return new ctor(b.buffer, b.byteOffset, b.byteLength / DTYPE_SIZE[dtype]);
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

export async function buildHdf5(what: string, build: (b: H5Builder) => void): Promise<Uint8Array> {
  const out = await withFile('w', undefined, what, async (file, mod) => {
    const at = (path: string): WGroup => {
      const g = path ? file.get(`/${path}`) : file;
      if (!g) throw new FormatError(`${what}: no group /${path}`);
      return g;
    };
    const b: H5Builder = {
      group: (path) => guarded(mod, `${what}: group /${path}`, () => { file.create_group(`/${path}`); }),
      attr: (path, name, value) => guarded(mod, `${what}: attribute ${name} of /${path}`, () => {
        const g = at(path);
        if (typeof value === 'string') g.create_attribute(name, value, [], `A${Math.max(1, utf8Length(value))}`);
        else if (Array.isArray(value)) g.create_attribute(name, value, [value.length], `A${Math.max(1, ...value.map(utf8Length))}`);
        else g.create_attribute(name, Float64Array.from(value.float64), [value.float64.length], '<d');
      }),
      dataset: (path, shape, dtype, bytes) => {
        const t = H5_DTYPE[dtype];
        if (!t) throw new FormatError(`${what}: ${dtype} datasets cannot be written (convert to float32 first)`);
        guarded(mod, `${what}: dataset /${path}`, () => { file.create_dataset({ name: `/${path}`, data: typedOf(dtype, bytes), shape, dtype: t }); });
      },
    };
    build(b);
  });
  return out.bytes;
}
