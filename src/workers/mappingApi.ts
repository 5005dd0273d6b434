/**
 * What the mapping worker exposes (comlink). The mapping core works on plain data — layer trees,
 * tensor names, shapes and configs — so the worker holds the two documents' views, never their
 * bytes; tensor values for comparisons come from the slots' own workers.
 */
import type { DType } from '../core/model/dtype';
import type { ModelDocView } from '../core/model/types';
import type { MapOptions, Mapping, TensorPair } from '../core/mapping/types';

/** One tensor's bytes as a model worker returns them: contiguous, little-endian, row-major. */
export interface RawTensor { name: string; dtype: DType; shape: number[]; bytes: Uint8Array }

/** Whose layout a comparison shows both tensors in. */
export type CompareLayout = 'a' | 'b';

export interface CompareRequest {
  pair: TensorPair;
  layout: CompareLayout;
  /** which tensor of the shown side (LSTM/GRU pairs can have several) */
  index: number;
  /** the A-side and B-side tensors of the pair, in the pair's order */
  a: RawTensor[];
  b: RawTensor[];
  /** the most cells each heatmap gets [rows, cols] */
  maxCells: [number, number];
}

/** A tensor seen as a 2-D plane (first axis × the rest), reduced to blocks. */
export interface CompareGrid {
  rows: number;
  cols: number;
  /** row-major; the signed value of largest magnitude in each block (|Δ| for the difference) */
  values: Float32Array;
}

export interface CompareResult {
  layout: CompareLayout;
  /** the tensor shown as stored, and what the other side's tensors become in its layout */
  name: string;
  shape: number[];
  /** the plane the tensor is shown as: rows = first axis, cols = the others */
  rows: number;
  cols: number;
  /** elements per cell along rows / cols (1 = every element has its own cell) */
  blockRows: number;
  blockCols: number;
  stored: CompareGrid;
  transformed: CompareGrid;
  diff: CompareGrid;
  /** max |stored − transformed| over the whole tensor; NaN where both are NaN counts as equal */
  maxAbsDiff: number;
  /** max |stored|, to put maxAbsDiff in proportion */
  maxAbs: number;
  /** elements that are NaN on one side only */
  nanMismatch: number;
  numel: number;
}

export interface MappingWorkerApi {
  /** Keeps the two documents (their plain views) the next calls work on. */
  setDocs(a: ModelDocView, b: ModelDocView): void;
  autoMap(options?: MapOptions): Mapping;
  setPair(m: Mapping, aPath: string, bPath: string): Mapping;
  removePair(m: Mapping, id: string): Mapping;
  remap(m: Mapping, options: MapOptions): Mapping;
  /** A saved mapping, re-validated against the documents; rejects with a readable message. */
  fromJson(text: string): Mapping;
  compare(request: CompareRequest): CompareResult;
}
