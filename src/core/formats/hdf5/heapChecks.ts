import { FormatError } from '../../model/errors';
import type { SuperblockFacts } from './superblock';

/**
 * Checks, on a file's bytes, the structures the HDF5 library in h5wasm trusts in ways that make
 * a corrupt file hang or crash it inside wasm, where nothing can stop or catch it cleanly:
 *
 * - global heap collections (variable-length strings, e.g. Keras 3's `name` attributes): the
 *   loader (H5HG__cache_heap_deserialize) advances only by each object's stated size, so a
 *   free-space record of size 0 spins for ever, and an object running past the collection makes
 *   later reads fault outside the buffer;
 * - local heaps (the link names of old-style groups): a data segment that overlaps the superblock
 *   or lies outside the file hands the library unterminated "names" to read past.
 *
 * Found by the fuzz suite (tests/fuzz); each check only refuses what the library would trip on.
 * Structures are found by their signature plus a version byte and zero reserved bytes, so a stray
 * "GCOL" or "HEAP" in tensor data does not qualify.
 */
function readUint(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
}

function* signatures(bytes: Uint8Array, sig: string, from: number): Generator<number> {
  const [a, b, c, d] = [...sig].map((ch) => ch.charCodeAt(0));
  for (let p = bytes.indexOf(a, from); p >= 0 && p + 8 <= bytes.length; p = bytes.indexOf(a, p + 1)) {
    if (bytes[p + 1] === b && bytes[p + 2] === c && bytes[p + 3] === d && bytes[p + 5] === 0 && bytes[p + 6] === 0 && bytes[p + 7] === 0) yield p;
  }
}

function checkGlobalHeaps(bytes: Uint8Array, sb: SuperblockFacts): void {
  const header = 8 + sb.lengthSize;          // "GCOL", version, 3 reserved, collection size
  const objectHeader = 8 + sb.lengthSize;    // index, reference count, 4 reserved, object size
  for (const p of signatures(bytes, 'GCOL', sb.end)) {
    if (bytes[p + 4] !== 1 || p + header > bytes.length) continue;
    const end = p + readUint(bytes, p + 8, sb.lengthSize);
    if (end > bytes.length) continue;        // the library stops on this with a readable error
    let q = p + header;
    while (q < end && q + objectHeader <= end) {
      const index = bytes[q] | (bytes[q + 1] << 8);
      const size = readUint(bytes, q + 8, sb.lengthSize);
      if (index === 0 && size === 0) {
        throw new FormatError(`corrupt HDF5 file: the global heap at byte ${p} has an empty free-space record, on which the HDF5 library would loop for ever`);
      }
      q += index === 0 ? size : objectHeader + Math.ceil(size / 8) * 8;
    }
    // Objects tile a valid collection exactly (a tail shorter than a header is free space).
    if (q > end) throw new FormatError(`corrupt HDF5 file: an object in the global heap at byte ${p} runs past the end of its collection`);
  }
}

function checkLocalHeaps(bytes: Uint8Array, sb: SuperblockFacts): void {
  for (const p of signatures(bytes, 'HEAP', sb.end)) {
    if (bytes[p + 4] !== 0 || p + 8 + 2 * sb.lengthSize + sb.offsetSize > bytes.length) continue;
    const size = readUint(bytes, p + 8, sb.lengthSize);
    const data = sb.baseAddress + readUint(bytes, p + 8 + 2 * sb.lengthSize, sb.offsetSize);
    if (data < sb.end || data + size > bytes.length) {
      throw new FormatError(`corrupt HDF5 file: the local heap at byte ${p} points its ${size}-byte data block at byte ${data}, outside the file's data`);
    }
  }
}

/** Throws a FormatError when the HDF5 library would hang or fault on these bytes. */
export function checkHeaps(bytes: Uint8Array, sb: SuperblockFacts): void {
  checkGlobalHeaps(bytes, sb);
  checkLocalHeaps(bytes, sb);
}
