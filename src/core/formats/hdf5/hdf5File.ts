import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import type { DType } from '../../model/dtype';
import { FormatError } from '../../model/errors';
import { guarded } from './h5errors';
import { h5TypeFacts } from './h5dtype';
import { H5O_DATASET, H5O_GROUP, type H5FileObject, type H5Module } from './h5wasmTypes';
import { placeSource, type Placement } from './mount';
import { checkSuperblock, findSignature } from './superblock';
import { checkHeaps } from './heapChecks';
import { MAX_DEFLATE_RATIO } from '../limits';

export interface H5Dataset {
  path: string;          // without a leading slash, e.g. 'model_weights/dense/dense/kernel:0'
  shape: number[];
  dtype?: DType;
  unsupported?: string;  // set instead of dtype for strings, references, … (not tensors)
}

export interface H5Listing {
  groups: string[];
  datasets: H5Dataset[];
}

interface Handle {
  file: H5FileObject;
  placement: Placement;
  closed: boolean;
}

function closeHandle(h: Handle): void {
  if (h.closed) return;
  h.closed = true;
  try { h.file.close(); } catch { /* already unusable: still release the mount */ }
  try { h.placement.release(); } catch { /* nothing more we can do */ }
}

/**
 * Closes files whose documents were dropped without an explicit close: the Handle is held here,
 * the Hdf5File (referenced by every TensorRef's read closure) is the weakly held target.
 */
const finalizer = new FinalizationRegistry<Handle>(closeHandle);

const MAX_DEPTH = 64;

/**
 * h5wasm reads an attribute into an uninitialised malloc'd buffer and, even when the read fails
 * half-way (a damaged global heap), then frees every variable-length pointer in it: free() of
 * leftover garbage corrupts the wasm allocator, and later files trap at random (found by the fuzz
 * suite). Zeroed buffers make that cleanup free only NULLs and the pointers HDF5 really wrote.
 */
function withZeroedMallocs<T>(mod: H5Module, fn: () => T): T {
  const malloc = mod._malloc;
  mod._malloc = (bytes: number): number => {
    const ptr = malloc(bytes);
    if (ptr) mod.HEAPU8.fill(0, ptr, ptr + bytes);
    return ptr;
  };
  try {
    return fn();
  } finally {
    mod._malloc = malloc;
  }
}

/** A read-only HDF5 file opened through h5wasm. Every call is synchronous once open. */
export class Hdf5File {
  private constructor(private readonly handle: Handle, readonly strategy: Placement['strategy'], private readonly fileSize: number) {}

  static async open(src: ByteSource, signal?: AbortSignal): Promise<Hdf5File> {
    const head = await readExact(src, 0, Math.min(src.size, 4096));
    const sig = findSignature(head);
    if (sig < 0) throw new FormatError('not an HDF5 file (no HDF5 signature at offset 0, 512, 1024 or 2048)');
    const superblock = checkSuperblock(head.subarray(sig), sig, src.size);
    const placement = await placeSource(src, signal);
    try {
      // Free when the bytes are in memory; lazily read files rely on the callers' watchdogs instead.
      if (placement.bytes) checkHeaps(placement.bytes, superblock);
      const { lib, module } = placement.h5;
      const file = guarded(module, 'HDF5 could not open the file', () => new lib.File(placement.filename, 'r'));
      if (file.file_id < 0n) throw new FormatError('HDF5 could not open the file');
      const handle: Handle = { file, placement, closed: false };
      const h5 = new Hdf5File(handle, placement.strategy, src.size);
      finalizer.register(h5, handle, h5);
      return h5;
    } catch (err) {
      placement.release();
      throw err;
    }
  }

  get closed(): boolean {
    return this.handle.closed;
  }

  close(): void {
    finalizer.unregister(this);
    closeHandle(this.handle);
  }

  private call<T>(what: string, fn: (file: H5FileObject, mod: H5Module) => T): T {
    if (this.handle.closed) throw new FormatError(`${what}: the HDF5 file was already closed`);
    const mod = this.handle.placement.h5.module;
    return guarded(mod, what, () => fn(this.handle.file, mod));
  }

  /** Every group and dataset, depth first (names within a group in HDF5's order). */
  list(): H5Listing {
    return this.call('HDF5 could not list the file', (f, mod) => {
      const groups: string[] = [];
      const datasets: H5Dataset[] = [];
      const visit = (path: string, depth: number): void => {
        if (depth > MAX_DEPTH) throw new FormatError(`HDF5 groups nest deeper than ${MAX_DEPTH} levels (a link loop?)`);
        for (const [name, type] of Object.entries(mod.get_types(f.file_id, `/${path}`))) {
          const child = path ? `${path}/${name}` : name;
          if (type === H5O_GROUP) {
            groups.push(child);
            visit(child, depth + 1);
          } else if (type === H5O_DATASET) {
            const m = mod.get_dataset_metadata(f.file_id, `/${child}`);
            if (!m.shape) datasets.push({ path: child, shape: [], unsupported: 'empty (null dataspace)' });
            else if (!Number.isSafeInteger(m.shape.reduce((a, d) => a * d, 1))) {
              // A damaged dataspace: listed (it is in the file) but never a tensor.
              datasets.push({ path: child, shape: [], unsupported: `an impossible shape (${m.shape.join('×')})` });
            } else datasets.push({ path: child, shape: m.shape, ...h5TypeFacts(m) });
          }
        }
      };
      visit('', 0);
      return { groups, datasets };
    });
  }

  attrNames(path: string): string[] {
    return this.call(`HDF5 could not list the attributes of /${path}`, (f, mod) => mod.get_attribute_names(f.file_id, `/${path}`));
  }

  /** An attribute as JSON-compatible data (strings, numbers, arrays), or undefined when absent. */
  attr(path: string, name: string): unknown {
    if (!this.attrNames(path).includes(name)) return undefined;
    return this.call(`HDF5 could not read attribute "${name}" of /${path}`, (f, mod) => {
      const entity = path ? f.get(`/${path}`) : f;
      return entity ? withZeroedMallocs(mod, () => entity.get_attribute(name, true)) : undefined;
    });
  }

  /** One dataset's bytes: contiguous, little-endian, row-major (h5wasm converts big-endian data). */
  read(path: string, expectedBytes: number): Uint8Array {
    return this.call(`HDF5 could not read dataset /${path}`, (f, mod) => {
      const m = mod.get_dataset_metadata(f.file_id, `/${path}`);
      const nbytes = m.size * m.total_size;
      if (nbytes !== expectedBytes) {
        throw new FormatError(`dataset /${path} holds ${nbytes} bytes, expected ${expectedBytes}`);
      }
      // Contiguous data lies in the file, and deflate expands at most ~1032:1: a dataset claiming
      // more (a damaged dataspace, or chunks never written) is refused before allocating for it.
      const limit = m.chunks ? this.fileSize * MAX_DEFLATE_RATIO : this.fileSize;
      if (nbytes > limit) {
        throw new FormatError(`dataset /${path} claims ${nbytes} bytes, more than this ${this.fileSize}-byte file can hold${m.chunks ? ' even compressed' : ''}`);
      }
      if (nbytes > mod.MAXIMUM_MEMORY / 2) {
        throw new FormatError(`dataset /${path} (${nbytes} bytes) is too large for the in-browser HDF5 library`);
      }
      const ptr = mod._malloc(Math.max(1, nbytes));
      if (!ptr) throw new FormatError(`not enough memory to read dataset /${path} (${nbytes} bytes)`);
      try {
        if (nbytes > 0 && mod.get_dataset_data(f.file_id, `/${path}`, null, null, null, BigInt(ptr)) < 0) {
          throw new FormatError(`HDF5 could not read dataset /${path}`);
        }
        return mod.HEAPU8.slice(ptr, ptr + nbytes);
      } finally {
        mod._free(ptr);
      }
    });
  }
}
