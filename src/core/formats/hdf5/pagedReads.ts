/**
 * HDF5 reads a file's metadata in many small pieces (superblock, object headers, B-tree nodes,
 * local and global heaps: often 8–512 bytes each), and h5py places each dataset's header beside
 * its data, spread over the whole file. WORKERFS turns every one of those into a synchronous Blob
 * read, a round trip to the browser process that costs far more than the bytes. Small reads are
 * served from aligned pages read whole and kept in a small LRU; big reads (tensor data) go
 * straight to the Blob as before.
 */

/** The parts of an emscripten FS stream and node that a WORKERFS read touches. */
interface FsNode {
  size: number;
  contents: Blob;
  stream_ops: StreamOps;
}
interface StreamOps {
  read(stream: { node: FsNode }, buffer: Uint8Array, offset: number, length: number, position: number): number;
  [op: string]: unknown;
}
export interface LookupFs {
  lookupPath(path: string): { node: unknown };
}

export const PAGE_BYTES = 16 * 1024;
/** 4 MiB of pages per open file */
const MAX_PAGES = 256;

export interface PagedReadCounts { reads: number; pageReads: number; directReads: number }

/** Bytes [start, end) of a Blob, synchronously (FileReaderSync in a worker; tests pass their own). */
export type ReadBlobSync = (blob: Blob, start: number, end: number) => Uint8Array;

let reader: FileReaderSync | undefined;
const fileReaderSync: ReadBlobSync = (blob, start, end) =>
  new Uint8Array((reader ??= new FileReaderSync()).readAsArrayBuffer(blob.slice(start, end)));

/** Routes the small reads of the WORKERFS file at `path` through a page cache; returns its counters. */
export function cacheSmallReads(fs: LookupFs, path: string, readBlob: ReadBlobSync = fileReaderSync): PagedReadCounts {
  const node = fs.lookupPath(path).node as FsNode;
  const base = node.stream_ops;
  const counts: PagedReadCounts = { reads: 0, pageReads: 0, directReads: 0 };
  const pages = new Map<number, Uint8Array>();

  const page = (index: number): Uint8Array => {
    let bytes = pages.get(index);
    if (bytes) {
      pages.delete(index); // most recently used goes last
      pages.set(index, bytes);
      return bytes;
    }
    const start = index * PAGE_BYTES;
    bytes = readBlob(node.contents, start, Math.min(node.size, start + PAGE_BYTES));
    counts.pageReads++;
    pages.set(index, bytes);
    if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as number);
    return bytes;
  };

  node.stream_ops = {
    ...base,
    read(stream, buffer, offset, length, position) {
      counts.reads++;
      if (length >= PAGE_BYTES) {
        counts.directReads++;
        return base.read(stream, buffer, offset, length, position);
      }
      const end = Math.min(node.size, position + length);
      let done = 0;
      for (let pos = position; pos < end;) {
        const index = Math.floor(pos / PAGE_BYTES);
        const bytes = page(index);
        const from = pos - index * PAGE_BYTES;
        const n = Math.min(end - pos, bytes.length - from);
        if (n <= 0) break;
        buffer.set(bytes.subarray(from, from + n), offset + done);
        done += n;
        pos += n;
      }
      return done;
    },
  };
  return counts;
}
