/**
 * The small part of h5wasm we use, typed structurally. We do not import h5wasm's own types:
 * they pull in emscripten declarations full of `any`, and a type-only view keeps the reader
 * modules free of any static reference to the ~1 MB library (it is loaded with import()).
 */

/** h5wasm's description of a dataset or attribute type (see hdf5_util_helpers.d.ts). */
export interface H5Metadata {
  type: number;            // H5T class: 0 integer, 1 float, 3 string, 6 compound, 8 enum, 9 vlen, 10 array …
  size: number;            // bytes per element
  signed: boolean;
  littleEndian: boolean;
  vlen: boolean;
  shape: number[] | null;  // null for a null dataspace
  total_size: number;      // number of elements
  chunks?: number[] | null; // chunk shape of a chunked dataset; null when contiguous or compact
  cset?: number;
  enum_type?: { members: Record<string, number>; nmembers: number; type: number };
  compound_type?: { members: Array<H5Metadata & { name: string; offset: number }>; nmembers: number };
}

export interface H5Fs {
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, opts: object, mountpoint: string): void;
  unmount(mountpoint: string): void;
  writeFile(path: string, data: Uint8Array): void;
  unlink(path: string): void;
  lookupPath(path: string): { node: unknown };
  filesystems: Record<string, unknown>;
}

export interface H5Module {
  FS: H5Fs;
  HEAPU8: Uint8Array;
  MAXIMUM_MEMORY: number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  /** Children of a group: name → H5O type (0 group, 1 dataset, 2 named datatype). */
  get_types(fileId: bigint, path: string): Record<string, number>;
  get_dataset_metadata(fileId: bigint, path: string): H5Metadata;
  get_dataset_data(fileId: bigint, path: string, count: null, offset: null, stride: null, ptr: bigint): number;
  get_attribute_names(fileId: bigint, path: string): string[];
  activate_throwing_error_handler(): number;
  deactivate_throwing_error_handler(): number;
}

export interface H5Entity {
  get_attribute(name: string, jsonCompatible: true): unknown;
}

export interface H5FileObject extends H5Entity {
  file_id: bigint;
  get(path: string): H5Entity | null;
  close(): number;
}

/** The h5wasm module namespace (ESM build for browsers/workers, `h5wasm/node` for Node). */
export interface H5Lib {
  ready: Promise<unknown>;
  File: new (filename: string, mode: 'r') => H5FileObject;
}

export const H5O_GROUP = 0;
export const H5O_DATASET = 1;
