import { FormatError } from '../model/errors';

/**
 * Random access to a file's bytes. Readers only ever ask for the ranges they need,
 * so a multi-GB file is never loaded whole.
 */
export interface ByteSource {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The underlying Blob/File when there is one (h5wasm mounts it with WORKERFS). */
  readonly blob?: Blob;
  /** A path on disk when there is one (Node: CLI and tests). */
  readonly path?: string;
}

export function blobSource(blob: Blob, name: string): ByteSource {
  return {
    name,
    blob,
    size: blob.size,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + length);
      return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    },
  };
}

export function bytesSource(bytes: Uint8Array, name: string): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    async read(offset, length) {
      return bytes.subarray(offset, Math.min(bytes.byteLength, offset + length));
    },
  };
}

/**
 * A read past the end of the file: its own structures point beyond its bytes. A FormatError (not
 * a RangeError) so that it reads as a fact about the file, and so that real RangeErrors — which
 * are bugs of ours (a DataView overrun, a bad allocation) — stay distinguishable from it.
 */
export class TruncatedError extends FormatError {
  constructor(message: string) {
    super(message);
    this.name = 'TruncatedError';
  }
}

/** Reads exactly `length` bytes or throws: readers use this where a short read means a truncated file. */
export async function readExact(src: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > src.size) {
    throw new TruncatedError(`truncated or corrupt file: needs bytes ${offset}–${offset + length} but the file has ${src.size}`);
  }
  const out = await src.read(offset, length);
  if (out.byteLength !== length) throw new TruncatedError(`truncated file: short read at ${offset} (${out.byteLength} of ${length} bytes)`);
  return out;
}
