import type { ByteSource } from '../io/byteSource';
import type { Direction, Mapping } from '../mapping';
import type { ModelDoc } from '../model/types';
import type { MappedOptions } from './mapped';

/** What a conversion writes: a torch zip, a Keras 2 HDF5 file, a Keras 3 zip, or safetensors. */
export type OutputFormat = 'pt' | 'h5' | 'keras' | 'safetensors';

export interface ConvertProgress {
  /** bytes of output produced so far */
  bytes: number;
  /** expected output size, when known before writing */
  total?: number;
  /** bytes / total, in [0, 1] */
  fraction?: number;
  stage: string;
}

export interface ConvertOptions extends MappedOptions {
  onProgress?: (p: ConvertProgress) => void;
  /** size of the parts copied from the target and yielded (default 16 MiB) */
  chunkBytes?: number;
}

/** A model file opened for conversion: its document and its bytes. */
export interface OpenedFile {
  doc: ModelDoc;
  src: ByteSource;
}

/**
 * A conversion ready to run. Nothing is computed until `parts` is iterated: each part is the next
 * bytes of the output file, so it can be piped to a download or a file without holding the whole
 * file (HDF5 outputs are the exception: h5wasm builds them in memory, see `h5Writer.ts`).
 * `parts` can be iterated once; abort with the AbortSignal given in the options.
 */
export interface Conversion {
  format: OutputFormat;
  /** a file name for the output (suggestedName, or the target's own name) */
  fileName: string;
  /** the output's expected size in bytes, for progress: exact for safetensors and HDF5 edits, within a few hundred bytes for zips */
  size?: number;
  parts: AsyncIterable<Uint8Array>;
  /** what the user should know: casts, tensors left as the target had them, choices made */
  warnings: string[];
  /** how tensors went from the source to the output (for verifyConversion's tensor check) */
  mapping?: Mapping;
  direction?: Direction;
  /** the output tensors this conversion writes, by name */
  written: string[];
}
