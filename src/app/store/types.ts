import type { ModelDocView, TensorStats } from '../../core/model/types';
import type { TensorPreview, WorkerFailure } from '../../workers/client';

export type SlotId = 'left' | 'right';
export const SLOT_IDS: readonly SlotId[] = ['left', 'right'];

export type Selection = { kind: 'tensor'; name: string } | { kind: 'layer'; path: string } | null;

/** A value computed in the worker on demand. */
export type Pending<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'error'; message: string };

export interface EmptySlot {
  status: 'empty';
  /** why the last drop did not open anything (an architecture JSON without its weights file) */
  notice?: string;
}

export interface OpeningSlot {
  status: 'opening';
  fileName: string;
  fileSize: number | null;
  fraction: number;
  what: string;
}

export interface ErrorSlot {
  status: 'error';
  fileName: string;
  failure: WorkerFailure;
  message: string;
}

export interface LoadedSlot {
  status: 'loaded';
  doc: ModelDocView;
  /** bumps on every open, so views keyed on it start fresh */
  openId: number;
  selection: Selection;
  stats: Record<string, Pending<TensorStats>>;
  previews: Record<string, Pending<TensorPreview>>;
  /** an architecture JSON being applied to this document, or why it could not be */
  architecture?: ArchitectureOp;
  /** the JSON file whose architecture the document shows */
  architectureFile?: string;
}

export type ArchitectureOp =
  | { state: 'applying'; fileName: string }
  | { state: 'error'; fileName: string; message: string };

export type SlotState = EmptySlot | OpeningSlot | ErrorSlot | LoadedSlot;

/** An entry of public/examples/index.json. */
export interface ExampleEntry { file: string; label: string; description?: string }
