import type { ByteSource } from '../../io/byteSource';
import { readExact } from '../../io/byteSource';
import { throwIfAborted } from '../../model/errors';
import { loadH5, runningInNode, type LoadedH5 } from './loader';
import { cacheSmallReads } from './pagedReads';

/** Where h5wasm can find a source's bytes, and how to take them away again. */
export interface Placement {
  h5: LoadedH5;
  filename: string;
  /** 'path' and 'workerfs' read lazily; 'memory' holds a full copy. */
  strategy: 'path' | 'workerfs' | 'memory';
  /** The file's bytes, when the 'memory' strategy already holds them (checked before opening). */
  bytes?: Uint8Array;
  release(): void;
}

let counter = 0;

function canMountWorkerFs(): boolean {
  // WORKERFS reads Blob slices with FileReaderSync, which only dedicated workers have.
  const g = globalThis as { FileReaderSync?: unknown; WorkerGlobalScope?: unknown };
  return typeof g.FileReaderSync === 'function' && g.WorkerGlobalScope !== undefined;
}

/**
 * Makes a source visible to h5wasm with the cheapest strategy available:
 * - Node with a real path: h5wasm/node opens the file itself and reads only what it needs;
 * - a worker with a Blob: WORKERFS mounts the Blob, so only the datasets shown are read;
 * - otherwise (bytes in memory, a Blob on the main thread): the bytes are copied into MEMFS.
 */
export async function placeSource(src: ByteSource, signal?: AbortSignal): Promise<Placement> {
  const id = ++counter;
  if (src.path && runningInNode()) {
    return { h5: await loadH5('node'), filename: src.path, strategy: 'path', release: () => {} };
  }
  const h5 = await loadH5('esm');
  const fs = h5.module.FS;
  if (src.blob && canMountWorkerFs()) {
    const dir = `/weightbridge-${id}`;
    fs.mkdir(dir);
    try {
      fs.mount(fs.filesystems.WORKERFS, { blobs: [{ name: 'file.h5', data: src.blob }] }, dir);
      cacheSmallReads(fs, `${dir}/file.h5`);
    } catch (err) {
      fs.rmdir(dir);
      throw err;
    }
    return {
      h5, filename: `${dir}/file.h5`, strategy: 'workerfs',
      release: () => { fs.unmount(dir); fs.rmdir(dir); },
    };
  }
  throwIfAborted(signal);
  const bytes = await readExact(src, 0, src.size);
  throwIfAborted(signal);
  const filename = `/weightbridge-${id}.h5`;
  fs.writeFile(filename, bytes);
  return { h5, filename, strategy: 'memory', bytes, release: () => fs.unlink(filename) };
}
