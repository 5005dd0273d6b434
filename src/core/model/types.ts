import type { DType } from './dtype';

/** Which reader produced a document. */
export type FormatId =
  | 'torch-zip' | 'torch-legacy' | 'torchscript' | 'torchscript-v1'
  | 'keras-h5' | 'keras-weights-h5' | 'keras-zip' | 'keras3-weights-h5'
  | 'safetensors' | 'pickle';

/**
 * What each axis of a stored tensor means, as the framework stores it:
 * 'OIHW' (torch conv), 'HWIO' (Keras conv), '(out,in)' (torch Linear), '(in,out)' (Keras Dense), 'C' (per-channel vectors).
 */
export type LayoutHint = string;

/** Where a tensor belongs: the model's own weights, optimizer state, or anything else a file carries. */
export type TensorGroup = 'model' | 'optimizer' | 'other';

export interface QuantInfo {
  scheme: string;                 // 'per_tensor_affine' | 'per_channel_affine' | …
  scale?: number; zeroPoint?: number;
  axis?: number; scales?: string; zeroPoints?: string; // names of tensors holding per-channel params
}

/** Everything about a tensor that can cross a worker boundary (plain data). */
export interface TensorInfo {
  name: string;          // state_dict key (checkpoint: key path), or dataset path for HDF5 files
  shape: number[];
  dtype: DType;
  layout: LayoutHint;
  numel: number;
  byteLength: number;    // numel × element size, contiguous
  group: TensorGroup;
  tiedTo?: string;       // name of the first tensor sharing this one's storage bytes
  quant?: QuantInfo;
  storage?: { key: string; offset: number; location?: string }; // torch storage facts, shown in the panel
}

/** A tensor whose bytes are read on demand: contiguous little-endian, row-major. */
export interface TensorRef extends TensorInfo {
  read(signal?: AbortSignal): Promise<Uint8Array>;
}

/** A node of the layer tree. Tensors are referenced by name into ModelDoc.tensors. */
export interface LayerNode {
  path: string;          // dotted path from the root ('' for the root)
  name: string;          // last path component
  kind: string;          // 'Conv2d', 'Dense', 'Sequential', … or '' when unknown
  kindFrom: 'class' | 'config' | 'inferred' | 'none';
  className?: string;    // full Python class, e.g. 'torch.nn.modules.conv.Conv2d'
  config: Record<string, unknown>;   // hyper-parameters (in_channels, kernel_size, units, …)
  inputs?: string[];     // Functional graphs: names of the layers feeding this one
  children: LayerNode[];
  tensors: string[];     // names of this node's own tensors
  params: number;        // own + descendants' elements (model group only)
  bytes: number;
}

/** The format-neutral document every reader produces. */
export interface ModelDoc {
  fileName: string;
  fileSize: number;
  format: FormatId;
  producer: string;      // "PyTorch zip (torch ≥ 1.6), pickle protocol 2"
  root: LayerNode;
  tensors: TensorRef[];
  metadata: Record<string, unknown>;  // epoch, loss, training_config, …
  warnings: string[];
  /** What the file's contents are: a state_dict, a whole module, a checkpoint… */
  contents: string;
  /** For pickle-based files: the globals it names and what a Python loader would run. */
  safety?: SafetyReport;
}

/** A ModelDoc without its read functions: what the UI holds. */
export interface ModelDocView extends Omit<ModelDoc, 'tensors'> {
  tensors: TensorInfo[];
  totalParams: number;
  bytesByDtype: Partial<Record<DType, number>>;
}

export interface TensorStats {
  numel: number;
  min: number; max: number; mean: number; std: number;
  zeros: number; nans: number; infs: number;
}

export type GlobalCategory =
  | 'tensor-rebuild' | 'torch-module' | 'torch' | 'numpy' | 'builtin-container' | 'user-class' | 'dangerous' | 'unknown';

export interface GlobalUse { name: string; category: GlobalCategory; why: string }

/** What loading a file in Python would execute. Weightbridge itself never executes any of it. */
export interface SafetyReport {
  globals: GlobalUse[];
  /** names that would run code or touch the system in a Python loader (torch.load, pickle.load) */
  dangerous: string[];
  /** code the file carries that is shown, never run (Keras Lambda bytecode, embedded module sources) */
  codeCarried: string[];
}
