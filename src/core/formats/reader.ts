import type { ByteSource } from '../io/byteSource';
import type { ModelDoc } from '../model/types';
import type { ZipDirectory } from './zip/zipReader';

export interface OpenOptions {
  signal?: AbortSignal;
  /** fraction in [0,1] and what is being done */
  onProgress?: (fraction: number, what: string) => void;
}

/** What the sniffing step learned, handed to each reader's `accepts`. */
export interface Sniffed {
  head: Uint8Array;            // the first 4 KiB (or less)
  name: string;
  size: number;
  zip?: ZipDirectory;          // read once when the file is a zip, shared by the zip-based readers
}

/** One shape for every reader. Add a format by writing one of these and listing it in registry.ts. */
export interface FormatReader {
  id: string;
  /** e.g. "PyTorch (.pt, .pth)" */
  label: string;
  accepts(s: Sniffed): boolean;
  open(src: ByteSource, s: Sniffed, opts: OpenOptions): Promise<ModelDoc>;
}
