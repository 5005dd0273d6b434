import type { ModelDocView, TensorStats } from '../core/model/types';
import type { DType } from '../core/model/dtype';
import type { LayoutChoice, ViewRequest, ViewResult } from './viewTypes';
import type { RawTensor } from './mappingApi';

export type * from './viewTypes';

/** The first values of a tensor, for the tensor panel (row-major, logical order). */
export interface TensorPreview {
  name: string;
  dtype: DType;
  shape: number[];
  /** first values; complex dtypes are interleaved re, im */
  values: number[];
  /** number of elements in the tensor */
  total: number;
  complex: boolean;
}

/** Kinds of file whose library a worker can load ahead of time. */
export type WarmKind = 'hdf5';

export type ProgressFn = (fraction: number, what: string) => void;

/**
 * Tensors larger than this get their statistics a slice of this size at a time, with progress
 * and Cancel (the UI shows the progress bar from the start for those); smaller ones in one pass.
 * 16 MiB reads and reduces in ~10–20 ms, so progress moves and a cancel lands quickly.
 */
export const SLICED_STATS_BYTES = 16 * 1024 * 1024;

/** What the model worker exposes through comlink (one worker per slot). */
export interface ModelWorkerApi {
  /** Opens a file and keeps its ModelDoc (with its read functions) inside the worker. */
  open(file: File, onProgress?: ProgressFn): Promise<ModelDocView>;
  /**
   * min/max/mean/std/zeros/NaN/Inf of one tensor, read and computed in the worker. A big tensor is
   * read a slice at a time and reports the fraction done through `onProgress`.
   */
  tensorStats(name: string, onProgress?: ProgressFn): Promise<TensorStats>;
  /**
   * Loads the libraries a kind of file needs (h5wasm for HDF5) before any file arrives: a spare
   * worker is warmed this way once the session has opened such a file, so the next open skips it.
   */
  warm(kinds: WarmKind[]): Promise<void>;
  /** Stops the statistics of one tensor (its call rejects with a CancelledError); the document and other work stay. */
  cancelStats(name: string): void;
  /**
   * Fills in the architecture of the open weights-only Keras document from a model JSON
   * (`model.to_json()`, config.json). On success the worker keeps the new document and returns its
   * view; on failure (invalid JSON, a JSON that describes other layers) it rejects with a readable
   * message and keeps the document it had.
   */
  applyArchitecture(jsonText: string): Promise<ModelDocView>;
  /** The first `maxElements` values of one tensor. */
  tensorPreview(name: string, maxElements: number): Promise<TensorPreview>;
  /**
   * A view of one tensor for the panel's plot (heatmap, kernel grid, slice, values, histogram),
   * computed here and reduced to at most `request.maxCells`; its typed arrays are transferred.
   */
  tensorView(name: string, request: ViewRequest): Promise<ViewResult>;
  /** One tensor as a .npy file, as stored or in the other framework's layout (transferred). */
  tensorNpy(name: string, layout: LayoutChoice): Promise<Uint8Array>;
  /** One tensor's stored bytes (transferred), for the mapping view's comparisons (tensorBytes.ts). */
  tensorBytes(name: string): Promise<RawTensor>;
  /** Aborts the open or read in progress (it rejects with a CancelledError). */
  cancel(): void;
}
