/**
 * HDF5 reads a file's metadata in many small pieces (superblock, object headers, B-tree nodes,
 * local and global heaps: often 8–512 bytes each), and h5py places each dataset's header beside
 * its data, spread over the whole file. WORKERFS turns every one of those into a synchronous Blob
 * read, a round trip to the browser process that costs far more than the bytes. Small reads are
 * served from aligned pages read whole and kept in a small LRU; reads of a page or more (tensor data) go
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

export const MAX_PAGE_BYTES = 64 * 1024;

/**
 * A synchronous Blob read costs about the same (~1.5 ms in Chromium here) for 4 KiB as for 64 KiB:
 * the round trip dominates. Big pages mean fewer trips; small files get smaller pages so that
 * opening one still reads only a small part of it. A power of two between 4 and 64 KiB, about
 * 1/256 of the file.
 */
export function pageBytesFor(fileSize: number): number {
  const target = Math.max(4096, Math.min(MAX_PAGE_BYTES, fileSize / 256));
  return 2 ** Math.round(Math.log2(target));
}
/** 4 MiB of pages per open file */
const CACHE_BYTES = 4 * 1024 * 1024;

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
  const pageBytes = pageBytesFor(node.size);
  const maxPages = CACHE_BYTES / pageBytes;

  const page = (index: number): Uint8Array => {
    let bytes = pages.get(index);
    if (bytes) {
      pages.delete(index); // most recently used goes last
      pages.set(index, bytes);
      return bytes;
    }
    const start = index * pageBytes;
    bytes = readBlob(node.contents, start, Math.min(node.size, start + pageBytes));
    counts.pageReads++;
    pages.set(index, bytes);
    if (pages.size > maxPages) pages.delete(pages.keys().next().value as number);
    return bytes;
  };

  node.stream_ops = {
    ...base,
    read(stream, buffer, offset, length, position) {
      counts.reads++;
      if (length >= pageBytes) {
        counts.directReads++;
        return base.read(stream, buffer, offset, length, position);
      }
      const end = Math.min(node.size, position + length);
      let done = 0;
      for (let pos = position; pos < end;) {
        const index = Math.floor(pos / pageBytes);
        const bytes = page(index);
        const from = pos - index * pageBytes;
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
