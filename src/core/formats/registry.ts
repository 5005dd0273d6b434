import type { ByteSource } from '../io/byteSource';
import { readExact } from '../io/byteSource';
import { CancelledError, FormatError, ReadError, throwIfAborted } from '../model/errors';
import type { ModelDoc } from '../model/types';
import { shownName } from './limits';
import type { FormatReader, OpenOptions, Sniffed } from './reader';
import { isZipMagic, readZipDirectory } from './zip/zipReader';
import { plainPickleReader, torchZipReader, torchLegacyReader } from './torch/torchReaders';
import { kerasHdf5Reader, kerasZipReader } from './keras/kerasReaders';
import { safetensorsReader } from './safetensors/safetensorsReader';

// safetensors has no magic number: it stays last, after every reader that checks a signature.
const readers: FormatReader[] = [torchZipReader, torchLegacyReader, plainPickleReader, kerasHdf5Reader, kerasZipReader, safetensorsReader];

/** Readers for formats that live outside this module (HDF5-based ones load h5wasm lazily). */
export function registerReader(r: FormatReader): void {
  if (!readers.some((x) => x.id === r.id)) readers.push(r);
}

export function listReaders(): readonly FormatReader[] {
  return readers;
}

/**
 * Opens any supported model file: sniffs its bytes (never its extension), picks the reader,
 * and turns every failure into a ReadError that names the file and the problem.
 */
export async function openModel(src: ByteSource, opts: OpenOptions = {}): Promise<ModelDoc> {
  try {
    throwIfAborted(opts.signal);
    if (src.size === 0) throw new FormatError('the file is empty');
    const head = await readExact(src, 0, Math.min(4096, src.size));
    const sniffed: Sniffed = { head, name: src.name, size: src.size };
    if (isZipMagic(head)) sniffed.zip = await readZipDirectory(src);
    const reader = readers.find((r) => r.accepts(sniffed));
    if (!reader) throw new FormatError(describeUnknown(sniffed));
    return await reader.open(src, sniffed, opts);
  } catch (err) {
    if (err instanceof CancelledError || err instanceof ReadError) throw err;
    throw new ReadError(src.name, problemOf(err), { cause: err });
  }
}

function problemOf(err: unknown): string {
  if (err instanceof RangeError) return `truncated or corrupt file (${err.message})`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function describeUnknown(s: Sniffed): string {
  if (s.zip) {
    // Names come from the file: a damaged directory can make them kilobytes of binary.
    const names = s.zip.entries.slice(0, 5).map((e) => shownName(e.name)).join(', ');
    return `a zip archive, but not a PyTorch or Keras one (it holds ${names}${s.zip.entries.length > 5 ? ', …' : ''})`;
  }
  return 'not a PyTorch, Keras or safetensors file (its first bytes match none of them)';
}
